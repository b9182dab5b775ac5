/**
 * Reading a department's template back: the twin of templateModel() in layout.ts, which writes it.
 * The worker (from the .xlsx parts) and the task pane (from Office.js ranges) both hand their cells
 * to these functions, so both read the same metadata, find each indicator on the same row and run
 * the same checks.
 */
import { catalogHash, findPeriod, findUnit, indicatorLabel, indicatorsOf, type Catalog, type Indicator, type Period, type Unit } from './catalog.ts';
import { APPENDIX_KIND, CATALOG_META_PREFIX, COL, FIRST_DATA_ROW, numFmtFor, planCellText, SHEET_NAME, TEMPLATE_KIND } from './layout.ts';
import { formatNumberVi, normalizeSpaces } from './numbers.ts';
import {
  checkRow,
  evaluateRow,
  isBareFigure,
  isPercentIndicator,
  readIndicatorActual,
  type ProblemCode,
  type RowInput,
  type RowResult,
  type Severity,
} from './report.ts';
import { readActual, type CellInput } from './target.ts';

/** A percentage in the cell of an indicator not reported in percent: what it shows, and what to do. */
function percentCellError(ind: Indicator, fraction: number): string {
  return `ô được định dạng phần trăm nên số liệu hiện là ${formatNumberVi(percentFigure(fraction))}%, nhưng chỉ tiêu này tính bằng ${ind.unit.trim()}. Hãy định dạng lại ô là Số (hoặc xóa ô) rồi nhập số liệu không kèm dấu %, ví dụ ${formatNumberVi(Math.max(ind.bounds.min, Math.min(ind.bounds.max, 1200)))}.`;
}

export { APPENDIX_KIND, TEMPLATE_KIND };

/** Rows of the metadata sheet read at most. */
export const MAX_META_ROWS = 500;

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

/** Metadata entries from the metadata sheet's A:B values (keys in A; stops at the first blank key). */
export function metaEntries(values: unknown[][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of values.slice(0, MAX_META_ROWS)) {
    const k = text(line[0]).trim();
    if (!k) break;
    out[k] = text(line[1]);
  }
  return out;
}

/**
 * The catalogue a template carries in its metadata (layout.ts, "catalog:1" …), when it is there and
 * is the very catalogue the template was made from (its catalogHash is the template's): the pane
 * checks the template with it, needing no catalogue of its own. Undefined for a template made before
 * templates carried their catalogue, or one whose pieces were damaged.
 */
export function catalogFromMeta(meta: Record<string, string>): Catalog | undefined {
  const pieces: string[] = [];
  for (let k = 1; meta[`${CATALOG_META_PREFIX}${k}`] !== undefined; k++) pieces.push(meta[`${CATALOG_META_PREFIX}${k}`]);
  if (!pieces.length || !meta.catalogHash) return undefined;
  try {
    const c = JSON.parse(pieces.join('')) as Catalog;
    const shaped =
      c &&
      typeof c === 'object' &&
      c.schema === 'phuluc-catalog/1' &&
      c.id === meta.catalogId &&
      [c.indicators, c.units, c.periods, c.groups].every(Array.isArray);
    return shaped && catalogHash(c) === meta.catalogHash ? c : undefined;
  } catch {
    return undefined;
  }
}

/** A number format code without its literal parts (quoted text, escaped characters, [colours], [$locale]). */
function formatCodeBody(code: string): string {
  return code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
}

/** A number format that shows a date or a time (the pane's reader and the worker's apply it alike). */
export function isDateFormat(code: string): boolean {
  const stripped = formatCodeBody(code);
  return /[dmyhs]/i.test(stripped) && !/^[#0.,%\s-]*$/.test(stripped);
}

/**
 * A number format that shows a percentage ("0%", "0.0%", "#,##0.00%"): the cell holds the fraction
 * (95,8% is kept as 0,958). A "%" written as text (`0.0"%"`, `0.0\%`) shows the number as it is and
 * is not one. The sheet's formula tells the same by CELL("format", …) (formula.ts).
 */
export function isPercentFormat(code: string): boolean {
  return formatCodeBody(code).includes('%') && !isDateFormat(code);
}

/** A percentage cell's fraction as the figure it shows, at 15 significant digits (0,958 → 95,8). */
export function percentFigure(fraction: number): number {
  const v = Number((fraction * 100).toPrecision(15));
  return v === 0 ? 0 : v;
}

/** A figure's cell as both readers take it (checkTemplate): its value, or why it is no figure, and a note. */
export interface CellFigure {
  value: CellInput;
  error?: string;
  note?: string;
}

/**
 * The figure a cell holds, by its number format (`format`, when the host knows it): a number shown
 * as a date is no figure; one shown as a percentage holds the figure / 100 (95,8% is kept as 0,958)
 * for an indicator in percent, and is a mistake for any other; anything else is as it is. The
 * sheet's formula decides alike from CELL("format", …) (formula.ts). Reading a percentage is noted
 * when the cell was not the template's own percentage cell (numFmtFor): a “%” typed into a number
 * cell that Excel reformatted, in a template made before its % cells were percentages.
 */
export function cellFigure(ind: Indicator, raw: CellInput, format: string | undefined): CellFigure {
  if (typeof raw !== 'number' || format === undefined) return { value: raw };
  if (isDateFormat(format)) return { value: null, error: CELL_PROBLEM.date };
  if (!isPercentFormat(format)) return { value: raw };
  if (!isPercentIndicator(ind)) return { value: null, error: percentCellError(ind, raw) };
  const value = percentFigure(raw);
  return format === numFmtFor(ind) ? { value } : { value, note: `ô định dạng phần trăm, hệ thống đã hiểu ${formatNumberVi(value)}%.` };
}

/** What a cell's value cannot show, in the words both readers use (CellSource.problem). */
export const CELL_PROBLEM = {
  date: 'Excel đã hiểu số liệu là ngày tháng (thường do gõ dấu chấm hoặc gạch chéo). Hãy định dạng ô là Số và nhập lại, ví dụ 1.721,4.',
  error: (value: string) => `Ô đang báo lỗi ${value}. Hãy nhập số liệu trực tiếp thay cho công thức.`,
};

/** The cells of the "Phụ lục 1" sheet, however the host reads them. */
export interface CellSource {
  /** The cell as the shared rule reads it: a number, text, a boolean, or null when blank. */
  value(address: string): CellInput;
  /** What is wrong with the cell itself that its value cannot show (an error value …). */
  problem?(address: string): string | undefined;
  /**
   * The cell's number format code ("0.0%", "dd/mm/yyyy", "#,##0.0"), when the host knows it: a
   * number shown as a date is refused, one shown as a percentage is read as the fraction it holds.
   */
  format?(address: string): string | undefined;
}

/** One indicator's row as the department left it. */
export interface TemplateRow {
  indicator: string;
  row: number;
  stt: CellInput;
  plan: string;
  value: CellInput;
  note: string;
  /** A problem with the figure's cell itself (see CellSource.problem). */
  valueProblem?: string;
  /** The number format of the figure's cell when it holds a number and the host knows it (see cellFigure). */
  valueFormat?: string;
}

export type TemplateBack =
  | { kind: 'template'; meta: Record<string, string>; rows: TemplateRow[] }
  /** Metadata of something else (the town's appendix, a damaged template …), with why. */
  | { kind: 'other'; meta: Record<string, string>; reason: string };

/**
 * The template's metadata and, for each `row:<code>` entry, that row's cells. `cells` is null when
 * the workbook has no "Phụ lục 1" sheet.
 */
export function readTemplateBack(meta: Record<string, string>, cells: CellSource | null): TemplateBack {
  if (meta.kind !== TEMPLATE_KIND) {
    const reason =
      meta.kind === APPENDIX_KIND
        ? 'Đây là bản tổng hợp Phụ lục 1 (để đọc và in), không phải biểu mẫu nhập số liệu của đơn vị. Hãy nộp biểu mẫu của đơn vị.'
        : 'Sổ làm việc có trang thông tin ẩn của phần bổ trợ nhưng không đọc được loại biểu mẫu. Hãy dùng biểu mẫu gốc hoặc tạo biểu mẫu mới.';
    return { kind: 'other', meta, reason };
  }
  if (!cells) {
    return {
      kind: 'other',
      meta,
      reason: `Không thấy trang “${SHEET_NAME}” (có thể đã bị đổi tên hoặc xóa). Không đổi tên trang này; hãy dùng lại biểu mẫu gốc.`,
    };
  }
  const rows: TemplateRow[] = [];
  for (const [key, value] of Object.entries(meta)) {
    if (!key.startsWith('row:')) continue;
    const row = Number(value);
    if (!Number.isInteger(row) || row < FIRST_DATA_ROW) continue;
    const at = (col: string) => `${col}${row}`;
    const raw = cells.value(at(COL.actual));
    const format = typeof raw === 'number' ? cells.format?.(at(COL.actual)) : undefined;
    // A number shown as a date is no figure whatever the indicator (a percentage is told in checkTemplate, by the indicator).
    const valueProblem = cells.problem?.(at(COL.actual)) ?? (format !== undefined && isDateFormat(format) ? CELL_PROBLEM.date : undefined);
    const valueFormat = valueProblem ? undefined : format;
    rows.push({
      indicator: key.slice(4),
      row,
      stt: cells.value(at(COL.stt)),
      plan: text(cells.value(at(COL.plan))),
      value: valueProblem ? null : raw,
      note: text(cells.value(at(COL.note))),
      ...(valueProblem ? { valueProblem } : {}),
      ...(valueFormat !== undefined ? { valueFormat } : {}),
    });
  }
  rows.sort((a, b) => a.row - b.row);
  return { kind: 'template', meta, rows };
}

export type SheetProblemCode = ProblemCode | 'layout' | 'plan_edited' | 'catalog_changed' | 'extra_row' | 'empty_sheet';

/** A problem of a template, located at its cell when there is one. */
export interface SheetProblem {
  code: SheetProblemCode;
  severity: Severity;
  message: string;
  indicator?: string;
  /** "E6" on the "Phụ lục 1" sheet. */
  cell?: string;
  field?: 'value' | 'note' | 'plan' | 'stt';
}

export interface CheckedRow {
  indicator: Indicator;
  /** The sheet row, when the template has one for the indicator. */
  row?: number;
  /** What the department submitted for it (absent when the row could not be read). */
  input?: RowInput;
  result: RowResult;
  problems: SheetProblem[];
}

export interface CheckedTemplate {
  unit: Unit;
  period?: Period;
  rows: CheckedRow[];
  /** Problems of the template as a whole (catalogue changed, rows no longer in the catalogue …). */
  problems: SheetProblem[];
}

function sttOk(stt: CellInput, expected: number): boolean {
  return stt === expected || (typeof stt === 'string' && stt.trim() !== '' && Number(stt.trim()) === expected);
}

/** The rows templateModel() gives a unit today: its indicators in order from FIRST_DATA_ROW. */
export function expectedRows(catalog: Catalog, unitCode: string): Map<string, number> {
  return new Map(indicatorsOf(catalog, unitCode).map((ind, k) => [ind.code, FIRST_DATA_ROW + k]));
}

/**
 * Checks a template read back against the catalogue it was made from (the caller has matched the
 * catalogue id): each of the unit's indicators is found on its row and run through the shared rule
 * and checks. Returns a Vietnamese error when the unit is unknown.
 */
export function checkTemplate(catalog: Catalog, back: Extract<TemplateBack, { kind: 'template' }>): CheckedTemplate | { error: string } {
  const m = back.meta;
  const unit = findUnit(catalog, m.unit ?? '');
  if (!unit) return { error: `Biểu mẫu ghi một đơn vị báo cáo không có trong danh mục chỉ tiêu năm ${catalog.year}. Hãy dùng biểu mẫu đúng của đơn vị.` };
  const period = findPeriod(catalog, m.period ?? '');
  const problems: SheetProblem[] = [];
  const byCode = new Map(back.rows.map((r) => [r.indicator, r]));
  const own = indicatorsOf(catalog, unit.code);

  if (m.catalogHash && m.catalogHash !== catalogHash(catalog)) {
    // The catalogue was edited after the template was made. Same rows: the figures still sit where
    // the catalogue expects them (a warning). Other rows: reading them could misplace a figure.
    const expected = expectedRows(catalog, unit.code);
    const same = back.rows.length === expected.size && back.rows.every((r) => expected.get(r.indicator) === r.row);
    problems.push(
      same
        ? {
            code: 'catalog_changed',
            severity: 'warning',
            message: 'Danh mục chỉ tiêu đã được cập nhật sau khi tạo biểu mẫu này; các dòng vẫn khớp nên số liệu được nhận và kiểm tra theo danh mục mới.',
          }
        : {
            code: 'catalog_changed',
            severity: 'error',
            message:
              'Biểu mẫu được tạo theo danh mục chỉ tiêu cũ, các dòng không còn khớp với danh mục hiện hành. Hãy tải biểu mẫu mới của kỳ này, nhập lại số liệu rồi nộp lại.',
          },
    );
  }

  const rows: CheckedRow[] = own.map((ind): CheckedRow => {
    const label = indicatorLabel(ind);
    const r = byCode.get(ind.code);
    if (!r) {
      return {
        indicator: ind,
        result: evaluateRow(ind, undefined),
        problems: [
          {
            code: 'layout',
            severity: 'error',
            indicator: ind.code,
            message: `${label}: biểu mẫu không có dòng cho chỉ tiêu này. Biểu mẫu đã cũ; hãy tải hoặc tạo biểu mẫu mới.`,
          },
        ],
      };
    }
    if (!sttOk(r.stt, ind.stt)) {
      return {
        indicator: ind,
        row: r.row,
        result: evaluateRow(ind, undefined),
        problems: [
          {
            code: 'layout',
            severity: 'error',
            indicator: ind.code,
            cell: `${COL.stt}${r.row}`,
            field: 'stt',
            message: `Dòng ${r.row} phải là chỉ tiêu số ${ind.stt} (${ind.name}) nhưng ô Số TT ghi “${text(r.stt)}”. Không chèn, xóa hay sắp xếp lại dòng; hãy dùng biểu mẫu gốc.`,
          },
        ],
      };
    }
    const rowProblems: SheetProblem[] = [];
    const planFound = normalizeSpaces(r.plan);
    const planExpected = normalizeSpaces(planCellText(ind, period));
    if (planFound !== planExpected) {
      rowProblems.push({
        code: 'plan_edited',
        severity: 'warning',
        indicator: ind.code,
        cell: `${COL.plan}${r.row}`,
        field: 'plan',
        message: `${label}: ô kế hoạch đã bị sửa thành “${planFound}”; hệ thống dùng kế hoạch trong danh mục “${planExpected}”.`,
      });
    }
    const cell = `${COL.actual}${r.row}`;
    const figure = r.valueProblem ? { value: null, error: r.valueProblem } : cellFigure(ind, r.value, r.valueFormat);
    if (figure.error !== undefined) {
      rowProblems.push({ code: 'not_a_number', severity: 'error', indicator: ind.code, cell, field: 'value', message: `${label}: ${figure.error}` });
      return { indicator: ind, row: r.row, result: evaluateRow(ind, undefined), problems: rowProblems };
    }
    if (figure.note !== undefined)
      rowProblems.push({ code: 'percent_read', severity: 'warning', indicator: ind.code, cell, field: 'value', message: `${label}: ${figure.note}` });
    let value = figure.value;
    if (typeof value === 'string') {
      // A figure that reads only with its unit's words (“942 người”), or a bare figure with “%”
      // (“95,8%%”, LibreOffice's “95,8%” typed into a percentage cell), is kept as the number it
      // reads: whatever reads it later (the appendix, the level above, the console) needs no unit
      // words and prints the figure (95,8), not the signs.
      const read = readIndicatorActual(ind, value);
      if (read.kind === 'number' && (readActual(value).kind !== 'number' || (value.includes('%') && isBareFigure(ind, value)))) value = read.value;
    }
    const input: RowInput = { value, note: normalizeSpaces(r.note) };
    const result = evaluateRow(ind, input, period);
    for (const p of checkRow(result)) {
      rowProblems.push({
        code: p.code,
        severity: p.severity,
        indicator: ind.code,
        cell: `${p.field === 'value' ? COL.actual : COL.note}${r.row}`,
        field: p.field,
        message: p.message,
      });
    }
    return { indicator: ind, row: r.row, input, result, problems: rowProblems };
  });

  const known = new Set(own.map((i) => i.code));
  // The hidden metadata must place each indicator on a row of its own: two on one row means it was
  // edited by hand or forged, and which figure belongs to which indicator cannot be told.
  const byRow = new Map<number, string[]>();
  for (const r of back.rows) byRow.set(r.row, [...(byRow.get(r.row) ?? []), r.indicator]);
  const shared = [...byRow]
    .filter(([, codes]) => codes.length > 1)
    .map(([row]) => row)
    .sort((a, b) => a - b);
  if (shared.length) {
    problems.push({
      code: 'layout',
      severity: 'error',
      message: `Phần thông tin ẩn của biểu mẫu ghi nhiều chỉ tiêu trên cùng một dòng (dòng ${shared.join(', ')}), nên không biết số liệu thuộc chỉ tiêu nào. Biểu mẫu đã bị sửa; hãy tải biểu mẫu gốc của kỳ này, nhập lại số liệu rồi nộp lại.`,
    });
  }
  const extra = back.rows.filter((r) => !known.has(r.indicator) && byRow.get(r.row)!.length === 1);
  if (extra.length) {
    problems.push({
      code: 'extra_row',
      severity: 'warning',
      message: `Biểu mẫu có ${extra.length} dòng không còn trong danh mục (dòng ${extra.map((r) => r.row).join(', ')}); các dòng này không được nhận.`,
    });
  }
  if (rows.length > 0 && rows.every((r) => r.result.actual.kind === 'empty')) {
    problems.push({
      code: 'empty_sheet',
      severity: 'error',
      message: 'Biểu mẫu chưa có số liệu nào. Hãy nhập số liệu vào các ô màu vàng, lưu tệp rồi nộp lại.',
    });
  }
  return { unit, period, rows, problems };
}

/** Every problem of a checked template: the template's own first, then row by row. */
export function allProblems(t: CheckedTemplate): SheetProblem[] {
  return [...t.problems, ...t.rows.flatMap((r) => r.problems)];
}
