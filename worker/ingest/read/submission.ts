/**
 * Reads a screened department workbook into the rows it submits, and checks it with the shared
 * rules. Every problem names the sheet and cell and says what to do, in Vietnamese.
 */
import type { Catalog, Period } from '../../../shared/catalog.ts';
import { META_SHEET, SHEET_NAME } from '../../../shared/layout.ts';
import { normalizeSpaces } from '../../../shared/numbers.ts';
import type { RowInput } from '../../../shared/report.ts';
import type { CellInput } from '../../../shared/target.ts';
import { readChildAppendix } from '../../../shared/appendix-read.ts';
import { childUnits } from '../../../shared/hierarchy.ts';
import { APPENDIX_KIND, allProblems, CELL_PROBLEM, checkTemplate, MAX_META_ROWS, metaEntries, readTemplateBack } from '../../../shared/template-read.ts';
import type { PlanEdit, Problem } from '../../ledger/contract.ts';
import type { ScreenProblemCode } from '../screen/common.ts';
import { readXlsx, readXlsxParts, XlsxReadError, type CellRead } from './xlsx.ts';

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
}

/** What the value of a cell cannot show: a number Excel shows as a date, an error value. */
function cellProblem(c: CellRead | undefined): string | undefined {
  if (!c) return undefined;
  if (c.t === 'n' && c.date) return CELL_PROBLEM.date;
  if (c.t === 'e') return CELL_PROBLEM.error(String(c.v));
  if (c.t === 'bad') return `Ô chứa giá trị “${c.v}” không phải số thập phân. Hãy nhập lại số liệu, ví dụ 1.721,4, lưu tệp rồi nộp lại.`;
  return undefined;
}

function cellValue(c: CellRead | undefined): CellInput {
  if (!c || c.t === 'e' || c.t === 'bad') return null;
  return c.v;
}

/**
 * `parts`: the file's entries already inflated (see readXlsxParts), when screening kept them;
 * without them the bytes are unzipped here.
 */
export function parseSubmission(bytes: Uint8Array, catalog: Catalog, period: Period, parts?: Map<string, Uint8Array>): ParsedSubmission {
  const out: ParsedSubmission = { ok: false, rows: {}, problems: [], warnings: [], planEdits: [] };
  const fail = (message: string, where: Partial<Problem> = {}) => {
    out.problems.push({ ...where, message });
    return out;
  };
  let wb;
  try {
    wb = parts ? readXlsxParts(parts, [SHEET_NAME, META_SHEET]) : readXlsx(bytes, [SHEET_NAME, META_SHEET]);
  } catch (e) {
    const why = e instanceof XlsxReadError ? e.message : (e as Error).message;
    return fail(`Không đọc được nội dung sổ làm việc (${why}). Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi nộp lại.`);
  }
  const metaSheet = wb.sheet(META_SHEET);
  const sheet = wb.sheet(SHEET_NAME);
  if (!metaSheet) {
    return fail('Tệp không phải biểu mẫu Phụ lục 1 (không có phần thông tin của biểu mẫu). Hãy dùng biểu mẫu do Phòng Tài chính - Kế hoạch gửi, hoặc tạo biểu mẫu bằng phần bổ trợ (nút “Tạo biểu mẫu”).');
  }
  const meta = metaEntries(Array.from({ length: MAX_META_ROWS }, (_, i) => [cellValue(metaSheet.cells.get(`A${i + 1}`)), cellValue(metaSheet.cells.get(`B${i + 1}`))]));
  const cells = sheet ? { value: (a: string) => cellValue(sheet.cells.get(a)), problem: (a: string) => cellProblem(sheet.cells.get(a)) } : null;
  if (meta.kind === APPENDIX_KIND && childUnits(catalog).length) {
    // A lower level's appendix (a town's, sent to the province): its figures for what this level rolls up.
    const a = readChildAppendix(catalog, period, meta, cells);
    Object.assign(out, { unit: a.ok ? a.unit.code : a.unit, period: a.period, catalogId: a.catalogId });
    if (!a.ok) return Object.assign(out, { problems: a.problems.map((p) => ({ ...p, ...(p.cell ? { sheet: SHEET_NAME } : {}) })) });
    return Object.assign(out, { ok: true, rows: a.rows, warnings: a.warnings });
  }
  const back = readTemplateBack(meta, cells);
  if (back.kind !== 'template') return fail(back.reason);
  out.unit = meta.unit;
  out.period = meta.period;
  out.catalogId = meta.catalogId;
  if (out.catalogId !== catalog.id) {
    return fail(`Biểu mẫu thuộc danh mục chỉ tiêu khác (“${out.catalogId ?? '?'}”), hệ thống đang thu theo danh mục năm ${catalog.year}. Hãy tải biểu mẫu mới của kỳ này.`);
  }
  if (out.period !== period.id) {
    return fail(`Biểu mẫu thuộc kỳ “${meta.periodHeader ?? out.period}”, hệ thống đang thu kỳ “${period.header}”. Hãy tải biểu mẫu của kỳ này và nhập lại số liệu.`);
  }
  const checked = checkTemplate(catalog, back);
  if ('error' in checked) return fail(checked.error);
  for (const p of allProblems(checked)) {
    const problem: Problem = { message: p.message, ...(p.cell ? { sheet: SHEET_NAME, cell: p.cell } : {}), ...(p.indicator ? { indicator: p.indicator } : {}) };
    (p.severity === 'error' ? out.problems : out.warnings).push(problem);
    if (p.code === 'plan_edited' && p.indicator && p.cell) {
      const ind = checked.rows.find((r) => r.indicator.code === p.indicator)!;
      out.planEdits.push({ indicator: p.indicator, cell: p.cell, found: normalizeSpaces(back.rows.find((r) => r.indicator === p.indicator)?.plan ?? ''), expected: ind.indicator.plan });
    }
  }
  for (const r of checked.rows) if (r.input) out.rows[r.indicator.code] = r.input;
  out.ok = out.problems.length === 0;
  return out;
}
