/**
 * Reads a screened department workbook into the rows it submits, and checks it with the shared
 * rules. Every problem names the sheet and cell and says what to do, in Vietnamese.
 */
import { colIndex } from '../../../shared/a1.ts';
import { COL, META_SHEET, SHEET_NAME } from '../../../shared/layout.ts';
import { normalizeSpaces } from '../../../shared/numbers.ts';
import type { RowInput } from '../../../shared/report.ts';
import type { CellInput } from '../../../shared/target.ts';
import { readChildAppendix } from '../../../shared/appendix-read.ts';
import { childUnits } from '../../../shared/catalog.ts';
import { currentPeriod, openPeriods, periodForTemplate, findCollected, type Collection } from '../../../shared/collection.ts';
import { APPENDIX_KIND, allProblems, CELL_PROBLEM, checkTemplate, MAX_META_ROWS, metaEntries, readTemplateBack } from '../../../shared/template-read.ts';
import type { PlanEdit, Problem } from '../../ledger/contract.ts';
import type { ScreenProblemCode } from '../screen/common.ts';
import { mapPartSource, type PartSource } from './parts.ts';
import { readWorkbook, readXlsx, sheetKey, XlsxReadError, type CellRead, type ReadOptions } from './xlsx.ts';

export type { PlanEdit, Problem };

export interface ParsedSubmission {
  ok: boolean;
  unit?: string;
  period?: string;
  catalogId?: string;
  rows: Record<string, RowInput>;
  problems: Problem[];
  warnings: Problem[];
  planEdits: PlanEdit[];
  /** Set when screening refused the file (what it is: not a zip, a zip bomb, macros …). */
  screen?: ScreenProblemCode;
  /** Why the file could not be read, in English, for the log (never shown to a department). */
  detail?: string;
}

/** The sheets a submission is read from: the form and the template's metadata. */
export const READ_SHEETS = [SHEET_NAME, META_SHEET];

/**
 * Cells kept of the form: its columns (A to the last the layout uses), at most this many; the
 * metadata sheet: its two columns, MAX_META_ROWS rows. A form has a few hundred cells; a block
 * pasted beside it (columns past the form's) is read over, not kept; more than this in the form's
 * own columns is refused (memory stays bounded whatever the file holds).
 */
const MAX_FORM_CELLS = 100_000;
const FORM_COLS = Math.max(...Object.values(COL).map(colIndex));
const READ_OPTIONS: ReadOptions = {
  region: (name) => (sheetKey(name) === sheetKey(META_SHEET) ? { maxCol: 2, maxRow: MAX_META_ROWS } : { maxCol: FORM_COLS, maxRow: Infinity }),
  maxCells: MAX_FORM_CELLS,
};

/** What the value of a cell cannot show: an error value, a stored value that is not a number (a date is told by its format). */
function cellProblem(c: CellRead | undefined): string | undefined {
  if (!c) return undefined;
  if (c.t === 'e') return CELL_PROBLEM.error(String(c.v));
  if (c.t === 'bad') return `Ô chứa giá trị “${c.v}” không phải số thập phân. Hãy nhập lại số liệu, ví dụ 1.721,4, lưu tệp rồi nộp lại.`;
  return undefined;
}

function cellValue(c: CellRead | undefined): CellInput {
  if (!c || c.t === 'e' || c.t === 'bad') return null;
  return c.v;
}

/**
 * Reads a workbook against what the worker collects: the file is filed under the open period its
 * template names (any of them), and refused, saying why, for a closed or unknown one.
 * `parts`: the file's entries as screening kept them (ScreenResult.source, or a map of parts
 * already inflated); without them the bytes are unzipped here.
 */
export function parseSubmission(bytes: Uint8Array, collection: Collection, parts?: PartSource | Map<string, Uint8Array>): ParsedSubmission {
  const out: ParsedSubmission = { ok: false, rows: {}, problems: [], warnings: [], planEdits: [] };
  const fail = (message: string, where: Partial<Problem> = {}) => {
    out.problems.push({ ...where, message });
    return out;
  };
  let wb;
  try {
    wb = parts ? readWorkbook(parts instanceof Map ? mapPartSource(parts) : parts, READ_SHEETS, READ_OPTIONS) : readXlsx(bytes, READ_SHEETS, READ_OPTIONS);
  } catch (e) {
    if (!(e instanceof XlsxReadError)) throw e;
    const { sheet, cell, message, detail } = e.problem;
    out.detail = detail;
    if (sheet && sheetKey(sheet) === sheetKey(META_SHEET)) {
      // The metadata sheet unhidden: still not to be named to a department.
      return fail(`Trang thông tin của biểu mẫu${cell ? ` (ô ${cell})` : ''}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`);
    }
    return fail(message, { ...(sheet ? { sheet } : {}), ...(cell ? { cell } : {}) });
  }
  const metaSheet = wb.sheet(META_SHEET);
  const sheet = wb.sheet(SHEET_NAME);
  if (!metaSheet) {
    return fail(
      'Tệp không phải biểu mẫu Phụ lục 1 (không có phần thông tin của biểu mẫu). Hãy dùng biểu mẫu do Phòng Tài chính - Kế hoạch gửi, hoặc tạo biểu mẫu bằng phần bổ trợ (nút “Tạo biểu mẫu”).',
    );
  }
  // metaEntries stops at the first blank key: the lines up to the first row without a key are enough.
  const lines: CellInput[][] = [];
  for (let r = 1; r <= MAX_META_ROWS; r++) {
    const key = metaSheet.cells.get(`A${r}`);
    lines.push([cellValue(key), cellValue(metaSheet.cells.get(`B${r}`))]);
    if (!key) break;
  }
  const meta = metaEntries(lines);
  const cells = sheet
    ? {
        value: (a: string) => cellValue(sheet.cells.get(a)),
        problem: (a: string) => cellProblem(sheet.cells.get(a)),
        format: (a: string) => {
          const c = sheet.cells.get(a);
          return c?.t === 'n' ? c.format : undefined;
        },
      }
    : null;
  const levels = collection.periods.filter((p) => childUnits(p.catalog).length > 0);
  if (meta.kind === APPENDIX_KIND && levels.length) {
    // A lower level's appendix (a town's, sent to the province): its figures for what this level rolls up,
    // for the open period it names (else the message of the one collected now).
    const named = findCollected({ periods: levels }, meta.period);
    const entry = named?.open ? named : (currentPeriod({ periods: openPeriods({ periods: levels }) }) ?? named ?? currentPeriod({ periods: levels })!);
    if (named && !named.open) {
      const closed = periodForTemplate({ periods: [named] }, { catalogId: named.catalog.id, period: named.period.id });
      Object.assign(out, { unit: meta.unit, period: meta.period, catalogId: meta.catalogId });
      return fail(closed.ok ? '' : closed.reason);
    }
    const a = readChildAppendix(entry.catalog, entry.period, meta, cells);
    Object.assign(out, { unit: a.ok ? a.unit.code : a.unit, period: a.period, catalogId: a.catalogId });
    if (!a.ok) return Object.assign(out, { problems: a.problems.map((p) => ({ ...p, ...(p.cell ? { sheet: SHEET_NAME } : {}) })) });
    return Object.assign(out, { ok: true, rows: a.rows, warnings: a.warnings });
  }
  const back = readTemplateBack(meta, cells);
  if (back.kind !== 'template') return fail(back.reason);
  out.unit = meta.unit;
  out.period = meta.period;
  out.catalogId = meta.catalogId;
  const found = periodForTemplate(collection, meta);
  if (!found.ok) return fail(found.reason);
  const { catalog } = found.entry;
  const checked = checkTemplate(catalog, back);
  if ('error' in checked) return fail(checked.error);
  for (const p of allProblems(checked)) {
    const problem: Problem = { message: p.message, ...(p.cell ? { sheet: SHEET_NAME, cell: p.cell } : {}), ...(p.indicator ? { indicator: p.indicator } : {}) };
    (p.severity === 'error' ? out.problems : out.warnings).push(problem);
    if (p.code === 'plan_edited' && p.indicator && p.cell) {
      const ind = checked.rows.find((r) => r.indicator.code === p.indicator)!;
      out.planEdits.push({
        indicator: p.indicator,
        cell: p.cell,
        found: normalizeSpaces(back.rows.find((r) => r.indicator === p.indicator)?.plan ?? ''),
        expected: ind.indicator.plan,
      });
    }
  }
  for (const r of checked.rows) if (r.input) out.rows[r.indicator.code] = r.input;
  out.ok = out.problems.length === 0;
  return out;
}
