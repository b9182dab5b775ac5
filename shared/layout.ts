/**
 * The Phụ lục 1 sheet described once, as data. The worker draws it with exceljs
 * (worker/render/exceljs.ts) and the add-in with Office.js (addin/office/render.ts); both read
 * this model and nothing else, so the department's template and the town's appendix are one layout.
 * How it prints (setup, row heights, the appendix's pages) is in print.ts; how a filled sheet is
 * read back, in template-read.ts.
 */
import { argb, ASSESSMENT_COLORS } from './palette.ts';
import { OUT_OF_BOUNDS_LABEL, STATUS_LABEL, statusLabel } from './assess.ts';
import { appendixSubtitle, catalogHash, indicatorsOf, type Catalog, type Indicator, type Period, type Unit } from './catalog.ts';
import { PERIOD_KIND_WORD, periodBasis, periodParts } from './period.ts';
import { derivedFigures, periodRule, type PeriodRule } from './derived.ts';
import { cleanedFormula, fractionFormula, statusFormula, validationFormula, valueFormula, VALUE_EMPTY, VALUE_ERROR, VALUE_NOT_ASSESSED } from './formula.ts';
import { formatNumberVi } from './numbers.ts';
import {
  evaluateRow,
  figureUnitWords,
  footnotes,
  isCountIndicator,
  isPercentIndicator,
  readIndicatorActual,
  summarize,
  superscript,
  type RowInput,
  type RowResult,
  type Summary,
} from './report.ts';
import { formatTimeVi } from './format.ts';
import { pageBreaks, printSetup, rowHeight, type PrintSetup } from './print.ts';
import { cleanActualText, NOT_ASSESSED_MARK, type Actual, type CellInput } from './target.ts';

export const LAYOUT_VERSION = 1;
export const SHEET_NAME = 'Phụ lục 1';
export const META_SHEET = '_phuluc';
/** The metadata sheet's `kind`: a department's template, or the town's appendix. */
export const TEMPLATE_KIND = 'phuluc-template';
export const APPENDIX_KIND = 'phuluc-appendix';
export const FONT = 'Times New Roman';

/** Columns, the same letters in the template and the appendix. */
export const COL = {
  stt: 'A',
  name: 'B',
  unit: 'C',
  plan: 'D',
  actual: 'E',
  status: 'F',
  note: 'G',
  /** Hidden helpers: the value read from E, and E's cleaned text. */
  value: 'H',
  cleaned: 'I',
  /** The appendix's optional derived columns: % of the plan, % of the same period last year. */
  ofPlan: 'J',
  ofLastYear: 'K',
} as const;
export const HEADER_ROW = 4;
export const FIRST_DATA_ROW = 5;

export type StyleName =
  | 'title'
  | 'subtitle'
  | 'info'
  | 'header'
  | 'stt'
  | 'text'
  | 'center'
  | 'input'
  | 'status'
  | 'noteInput'
  | 'helper'
  | 'footnote'
  | 'summary'
  | 'issuer'
  | 'guide'
  | 'draft'
  | 'legendTitle'
  | 'legendText'
  | 'swatchVuot'
  | 'swatchDat'
  | 'swatchKhongDat'
  | 'swatchLoi'
  | 'swatchFraction'
  | 'swatchBlank';

export interface CellStyle {
  font: { name: string; size: number; bold?: boolean; italic?: boolean; color?: string };
  horizontal: 'left' | 'center' | 'right';
  vertical: 'top' | 'middle';
  wrap: boolean;
  border: boolean;
  /** ARGB fill, e.g. "FFFFF2CC". */
  fill?: string;
  numFmt?: string;
}

/**
 * The input cell of a whole-number count whose figure has a fraction (“1,2” people: report.ts
 * hasFraction warns of it): orange, apart from the yellow of the input cells and the statuses' colours.
 */
export const FRACTION_COLORS = { background: '#F8CBAD', color: '#843C0C' } as const;

const base = (size: number, extra: Partial<CellStyle> = {}, font: Partial<CellStyle['font']> = {}): CellStyle => ({
  font: { name: FONT, size, ...font },
  horizontal: 'left',
  vertical: 'middle',
  wrap: true,
  border: false,
  ...extra,
});

export const STYLES: Record<StyleName, CellStyle> = {
  title: base(14, { horizontal: 'center' }, { bold: true }),
  subtitle: base(13, { horizontal: 'center' }, { bold: true }),
  info: base(12, { horizontal: 'left' }, { italic: true }),
  header: base(12, { horizontal: 'center', border: true, fill: 'FFF2F2F2' }, { bold: true }),
  stt: base(12, { horizontal: 'center', border: true }),
  text: base(12, { border: true }),
  center: base(12, { horizontal: 'center', border: true }),
  input: base(12, { horizontal: 'center', border: true, fill: 'FFFFF2CC' }),
  status: base(12, { horizontal: 'center', border: true }),
  noteInput: base(12, { border: true, fill: 'FFFFF2CC', vertical: 'top' }),
  helper: base(10, {}, { color: 'FF808080' }),
  footnote: base(11, { vertical: 'top' }),
  summary: base(12, { vertical: 'top' }),
  issuer: base(12, { horizontal: 'right' }, { bold: true }),
  guide: base(11, { vertical: 'top' }, { italic: true }),
  draft: base(13, { horizontal: 'center' }, { bold: true, color: 'FFC00000' }),
  // The template's legend: what each colour of the sheet means (legendRows).
  legendTitle: base(11, { vertical: 'top' }, { bold: true, italic: true }),
  legendText: base(10, { vertical: 'top' }),
  swatchVuot: swatch(ASSESSMENT_COLORS.vuot.background, ASSESSMENT_COLORS.vuot.color),
  swatchDat: swatch(ASSESSMENT_COLORS.dat.background, ASSESSMENT_COLORS.dat.color),
  swatchKhongDat: swatch(ASSESSMENT_COLORS.khong_dat.background, ASSESSMENT_COLORS.khong_dat.color),
  swatchLoi: swatch(ASSESSMENT_COLORS.loi.background, ASSESSMENT_COLORS.loi.color),
  swatchFraction: swatch(FRACTION_COLORS.background, FRACTION_COLORS.color),
  swatchBlank: base(10, { horizontal: 'center', border: true }),
};

/** A legend swatch: a bordered cell in a status's colours, with the status's words. */
function swatch(background: string, color: string): CellStyle {
  return base(10, { horizontal: 'center', border: true, fill: argb(background) }, { color: argb(color) });
}

export type CellValue = string | number | null;

export interface CellSpec {
  address: string;
  value?: CellValue;
  /** Formula without the leading "=". */
  formula?: string;
  /** Cached result written with the formula (computed by the TypeScript twin of the formula). */
  result?: CellValue;
  style: StyleName;
  /** Number format for this cell; overrides the style's. */
  numFmt?: string;
  locked: boolean;
}

export interface ColumnSpec {
  letter: string;
  width: number;
  hidden?: boolean;
}

export interface ValidationSpec {
  /** Single cell, e.g. "E5". */
  address: string;
  /** Custom-rule formula (no "="), at most 255 characters as Excel requires. */
  formula: string;
  errorTitle: string;
  error: string;
  promptTitle: string;
  prompt: string;
}

export interface ConditionalFormatSpec {
  /** A range, e.g. "F5:F25". */
  range: string;
  /** Expression rule relative to the range's top-left cell (no "="). */
  formula: string;
  fill: string;
  fontColor: string;
}

export interface SheetModel {
  kind: 'template' | 'appendix';
  name: string;
  columns: ColumnSpec[];
  rowHeights: Record<number, number>;
  /**
   * Rows whose height grows with what is typed in them (the template's input rows, whose
   * “Giải trình, ghi chú” can be long): their rowHeights entry is only a starting height. The
   * exceljs renderer writes it without a fixed height (Excel fits such a row when a cell is edited,
   * LibreOffice when it opens the file); the Office.js renderer lets Excel fit them.
   */
  fitRows?: number[];
  cells: CellSpec[];
  merges: string[];
  validations: ValidationSpec[];
  conditionalFormats: ConditionalFormatSpec[];
  protection: { password: string; spinCount: number; lockStructure: boolean };
  print: PrintSetup;
  /** Rows of data: which indicator sits on which sheet row. */
  rows: { indicator: string; row: number }[];
  /** Very-hidden metadata sheet: key/value pairs. */
  meta: { sheet: string; entries: [string, string][] };
}

/** Default protection password, known to the planning office (it keeps honest mistakes out, not attackers). */
export const DEFAULT_PROTECTION_PASSWORD = 'phuluc';

const A = (col: string, row: number) => `${col}${row}`;

function headers(catalog: Catalog, period: Period): string[] {
  return ['Số TT', 'CHỈ TIÊU', 'Đơn vị', `Kế hoạch năm ${catalog.year}`, period.header, 'Đánh giá'];
}

/** The three helper formulas of one row, with cached results from the TypeScript twin. */
function ruleCells(ind: Indicator, rule: PeriodRule, row: number, input: RowResult['input'], actual: Actual, status: string): CellSpec[] {
  const e = A(COL.actual, row);
  const h = A(COL.value, row);
  const i = A(COL.cleaned, row);
  const words = figureUnitWords(ind);
  const cleanedResult = typeof input === 'string' ? cleanActualText(input, words) : '';
  const valueResult =
    actual.kind === 'number' ? actual.value : actual.kind === 'invalid' ? VALUE_ERROR : actual.kind === 'not_assessed' ? VALUE_NOT_ASSESSED : VALUE_EMPTY;
  return [
    { address: i, formula: cleanedFormula(e, words), result: cleanedResult, style: 'helper', locked: true },
    { address: h, formula: valueFormula(e, i, { percent: isPercentIndicator(ind) }), result: valueResult, style: 'helper', locked: true },
    {
      address: A(COL.status, row),
      formula: statusFormula(h, rule.target, ind.decimals, rule.basis, rule.measure, ind.bounds),
      result: status,
      style: 'status',
      locked: true,
    },
  ];
}

/**
 * The Kế hoạch cell: the annual plan as printed, and, when the period has a target of its own for
 * the indicator, that one after it (“Trên 125.000 (KH 6 tháng: Trên 60.000)”). Reading a template
 * back compares the cell with this text.
 */
export function planCellText(ind: Indicator, period?: Pick<Period, 'id' | 'assessment'>): string {
  const own = periodRule(ind, period).own;
  if (!own) return ind.plan;
  const kind = periodParts(own.periodId)?.kind;
  return `${ind.plan} (KH ${kind ? PERIOD_KIND_WORD[kind] : own.periodId}: ${own.plan})`;
}

/**
 * The input cell's number format. An indicator in percent gets a percentage format, so that typing
 * 95,8 and 95,8% both mean 95,8: Excel keeps 0,958 either way (its “automatic percent entry” takes
 * a plain 95,8 typed into a percentage cell as 95,8%), and LibreOffice puts the “%” after what is
 * typed into such a cell; the readers then take the figure × 100 (template-read.ts). With a number
 * format, “95,8%” would be kept as 0,958 and shown “1,0”.
 */
export function numFmtFor(ind: Pick<Indicator, 'unit' | 'decimals'>): string {
  const decimals = ind.decimals > 0 ? `.${'0'.repeat(ind.decimals)}` : '';
  return isPercentIndicator(ind) ? `0${decimals}%` : `#,##0${decimals}`;
}

/** What goes into the input cell for a figure: a percentage cell holds the figure / 100 (95,8 → 0,958). */
function inputCellValue(ind: Indicator, input: CellInput): CellValue {
  if (typeof input === 'boolean') return String(input);
  if (typeof input === 'number' && isPercentIndicator(ind)) return Number((input / 100).toPrecision(15));
  return input ?? null;
}

/** A figure to show as an example: the plan's own number when it lies in the bounds, else the middle of the bounds. */
function exampleFigure(ind: Indicator): string {
  const t = ind.target;
  const plan = t.kind === 'threshold' || t.kind === 'maintain' ? t.value : t.kind === 'range' ? t.min : undefined;
  const { min, max } = ind.bounds;
  const v = plan !== undefined && plan >= min && plan <= max ? plan : (min + max) / 2;
  return formatNumberVi(v, ind.decimals > 0 && !Number.isInteger(v) ? Math.min(ind.decimals, 2) : 0);
}

function inputValidation(ind: Indicator, address: string, noteAddress: string): ValidationSpec {
  const { min, max } = ind.bounds;
  const example = exampleFigure(ind);
  const printed = ind.actualFormat === '{}' ? '' : `, hoặc ghi như “${ind.actualFormat.replace('{}', example)}”`;
  return {
    address,
    formula: validationFormula(address, ind.bounds, ind.decimals, isPercentIndicator(ind)),
    errorTitle: 'Số liệu không hợp lệ',
    error: `Hãy nhập một số từ ${formatNumberVi(min)} đến ${formatNumberVi(max)} (đơn vị tính: ${ind.unit}), ví dụ ${example}${printed}.`.slice(0, 225),
    promptTitle: `Chỉ tiêu ${ind.stt}`.slice(0, 32),
    prompt: (
      ind.hint ??
      `Kế hoạch: ${ind.plan} (${ind.unit}). Nhập số liệu thực hiện vào ô này; nếu không đạt, ghi lý do ở ô ${noteAddress} (cột “Giải trình, ghi chú”).`
    ).slice(0, 250),
  };
}

function statusFormats(range: string, first: string): ConditionalFormatSpec[] {
  const loi = ASSESSMENT_COLORS.loi;
  return [
    ...(['vuot', 'dat', 'khong_dat', 'loi'] as const).map((s) => ({
      range,
      formula: `${first}="${STATUS_LABEL[s]}"`,
      fill: argb(ASSESSMENT_COLORS[s].background),
      fontColor: argb(ASSESSMENT_COLORS[s].color),
    })),
    { range, formula: `${first}="${OUT_OF_BOUNDS_LABEL}"`, fill: argb(loi.background), fontColor: argb(loi.color) },
  ];
}

/**
 * The template's legend under the guide: what the colours of the Đánh giá column mean, the pink
 * explanation cell, the orange figure of a count with a fraction (when the unit has such rows), and
 * what a blank Đánh giá means. Each line: a swatch in column B, its words across C:G.
 */
function legendRows(first: number, progress: boolean, counts: boolean): { cells: CellSpec[]; merges: string[]; heights: Record<number, number> } {
  const lines: [StyleName, string, string][] = [
    ['swatchVuot', STATUS_LABEL.vuot, 'Số liệu tốt hơn kế hoạch.'],
    ['swatchDat', STATUS_LABEL.dat, 'Số liệu bằng kế hoạch (so ở số chữ số thập phân của chỉ tiêu).'],
    ['swatchKhongDat', STATUS_LABEL.khong_dat, 'Chưa đạt kế hoạch: ghi lý do ở cột “Giải trình, ghi chú”; ô giải trình còn trống được tô cùng màu hồng này.'],
    [
      'swatchLoi',
      OUT_OF_BOUNDS_LABEL,
      `“${OUT_OF_BOUNDS_LABEL}” hoặc “${STATUS_LABEL.loi}”: hệ thống sẽ không nhận số liệu này; hãy sửa ô số liệu theo thông báo khi nhập.`,
    ],
    ...(counts
      ? [
          [
            'swatchFraction',
            '1,2',
            'Ô số liệu tô cam: chỉ tiêu đếm (người, nhà, trường …) mà số liệu có phần thập phân; hãy kiểm tra dấu chấm, dấu phẩy (1.200 là một nghìn hai trăm).',
          ] as [StyleName, string, string],
        ]
      : []),
    [
      'swatchBlank',
      '',
      `Ô “Đánh giá” để trống: chưa nhập số liệu, hoặc ô số liệu ghi “${NOT_ASSESSED_MARK}”${progress ? ', hoặc chỉ tiêu đang thực hiện, chưa đến kế hoạch năm (kỳ giữa năm)' : ''}.`,
    ],
  ];
  const cells: CellSpec[] = [{ address: A('A', first), value: 'Chú giải:', style: 'legendTitle', locked: true }];
  const merges = [`A${first}:${COL.note}${first}`];
  const heights: Record<number, number> = { [first]: 16 };
  lines.forEach(([style, label, text], k) => {
    const row = first + 1 + k;
    cells.push({ address: A(COL.name, row), value: label || null, style, locked: true });
    cells.push({ address: A(COL.unit, row), value: text, style: 'legendText', locked: true });
    merges.push(`${COL.unit}${row}:${COL.note}${row}`);
    heights[row] = rowHeight([[text, LEGEND_TEXT_WIDTH]], 14);
  });
  return { cells, merges, heights };
}

const WIDTH = { name: 46, plan: 22, actual: 22, note: 42 } as const;
/** The legend's words span C:G. */
const LEGEND_TEXT_WIDTH = 12 + WIDTH.plan + WIDTH.actual + 15 + WIDTH.note;

function columns(withNote: boolean): ColumnSpec[] {
  return [
    { letter: 'A', width: 6 },
    { letter: 'B', width: WIDTH.name },
    { letter: 'C', width: 12 },
    { letter: 'D', width: WIDTH.plan },
    { letter: 'E', width: WIDTH.actual },
    { letter: 'F', width: 15 },
    { letter: 'G', width: withNote ? WIDTH.note : 2, hidden: !withNote },
    { letter: 'H', width: 10, hidden: true },
    { letter: 'I', width: 10, hidden: true },
  ];
}

function titleCells(catalog: Catalog, lastCol: string): { cells: CellSpec[]; merges: string[] } {
  return {
    cells: [
      { address: 'A1', value: catalog.appendix.title, style: 'title', locked: true },
      { address: 'A2', value: appendixSubtitle(catalog), style: 'subtitle', locked: true },
    ],
    merges: [`A1:${lastCol}1`, `A2:${lastCol}2`],
  };
}

export interface TemplateOptions {
  generatedAt: string;
  protectionPassword?: string;
  /** Existing values to prefill (e.g. the add-in redrawing a sheet). */
  values?: Record<string, RowInput>;
  /** Where the pane submits this template (the planning office's intake address), when known. */
  intakeUrl?: string;
  /** The stored version of the catalogue the template is made from (the ledger's number), when known. */
  catalogVersion?: number;
}

/** A department's sheet: only its own rows, inputs unlocked, live status formulas. */
export function templateModel(catalog: Catalog, period: Period, unit: Unit, opts: TemplateOptions): SheetModel {
  const own = indicatorsOf(catalog, unit.code);
  if (own.length === 0) throw new Error(`Đơn vị “${unit.name}” (${unit.code}) không phụ trách chỉ tiêu nào trong danh mục ${catalog.id}.`);
  const lastCol = COL.note;
  const { cells, merges } = titleCells(catalog, lastCol);
  cells.push({
    address: 'A3',
    value: `Đơn vị báo cáo: ${unit.name}. Kỳ báo cáo: ${period.header}. Hạn nộp: ${formatTimeVi(period.deadline)}.`,
    style: 'info',
    locked: true,
  });
  merges.push(`A3:${lastCol}3`);
  [...headers(catalog, period), 'Giải trình, ghi chú (bắt buộc khi không đạt)'].forEach((h, i) => {
    cells.push({ address: A(String.fromCharCode(65 + i), HEADER_ROW), value: h, style: 'header', locked: true });
  });
  cells.push({ address: A(COL.value, HEADER_ROW), value: 'Giá trị đọc được', style: 'helper', locked: true });
  cells.push({ address: A(COL.cleaned, HEADER_ROW), value: 'Văn bản đã làm sạch', style: 'helper', locked: true });
  const rows: SheetModel['rows'] = [];
  const validations: ValidationSpec[] = [];
  const heights: Record<number, number> = { 1: 20, 2: 36, 3: 20, [HEADER_ROW]: 34 };
  own.forEach((ind, k) => {
    const row = FIRST_DATA_ROW + k;
    rows.push({ indicator: ind.code, row });
    const r = evaluateRow(ind, opts.values?.[ind.code], period);
    const plan = planCellText(ind, period);
    cells.push(
      { address: A(COL.stt, row), value: ind.stt, style: 'stt', locked: true },
      { address: A(COL.name, row), value: ind.name, style: 'text', locked: true },
      { address: A(COL.unit, row), value: ind.unit, style: 'center', locked: true },
      { address: A(COL.plan, row), value: plan, style: 'center', locked: true },
      { address: A(COL.actual, row), value: inputCellValue(ind, r.input), style: 'input', numFmt: numFmtFor(ind), locked: false },
      { address: A(COL.note, row), value: r.note || null, style: 'noteInput', locked: false },
      ...ruleCells(ind, r.rule, row, r.input, r.actual, statusLabel(r.assessment)),
    );
    validations.push(inputValidation(ind, A(COL.actual, row), A(COL.note, row)));
    heights[row] = rowHeight([
      [ind.name, WIDTH.name],
      [plan, WIDTH.plan],
      [ind.unit, 12],
      [r.note, WIDTH.note],
    ]);
  });
  const last = FIRST_DATA_ROW + own.length - 1;
  const guideRow = last + 2;
  const midYear =
    periodBasis(period) === 'progress'
      ? ' Kỳ giữa năm: chỉ tiêu chưa đạt kế hoạch năm được ghi theo tiến độ (ví dụ “Đạt 54,6% KH năm”), không ghi không đạt; chỉ tiêu có kế hoạch riêng của kỳ được đánh giá theo kế hoạch đó.'
      : '';
  cells.push({
    address: A('A', guideRow),
    value: `Hướng dẫn: nhập số liệu vào các ô màu vàng ở cột “${period.header}”, ví dụ 1.721,4 hoặc ghi như “Tăng 6,45 %”; cột “Đánh giá” tự tính. Chỉ tiêu không đạt cần ghi lý do ở cột “Giải trình, ghi chú”. Chỉ tiêu chưa đánh giá được: ghi vào chính ô số liệu một câu có cụm từ “chưa đánh giá”, ví dụ “Áp dụng quy định mới chưa đánh giá”, và ghi lý do ở cột “Giải trình, ghi chú”.${midYear}`,
    style: 'guide',
    locked: true,
  });
  merges.push(`A${guideRow}:${lastCol}${guideRow}`);
  const statusRange = `${COL.status}${FIRST_DATA_ROW}:${COL.status}${last}`;
  const countRows = rows.filter((r, k) => isCountIndicator(own[k])).map((r) => r.row);
  const legend = legendRows(guideRow + 1, periodBasis(period) === 'progress', countRows.length > 0);
  cells.push(...legend.cells);
  merges.push(...legend.merges);
  const lastRow = guideRow + 1 + Object.keys(legend.heights).length - 1;
  return {
    kind: 'template',
    name: SHEET_NAME,
    columns: columns(true),
    rowHeights: { ...heights, [guideRow]: midYear ? 64 : 48, ...legend.heights },
    fitRows: rows.map((r) => r.row),
    cells,
    merges,
    validations,
    conditionalFormats: [
      ...statusFormats(statusRange, `${COL.status}${FIRST_DATA_ROW}`),
      {
        range: `${COL.note}${FIRST_DATA_ROW}:${COL.note}${last}`,
        formula: `AND(${COL.status}${FIRST_DATA_ROW}="${STATUS_LABEL.khong_dat}",LEN(TRIM(${COL.note}${FIRST_DATA_ROW}))=0)`,
        fill: argb(ASSESSMENT_COLORS.khong_dat.background),
        fontColor: argb(ASSESSMENT_COLORS.khong_dat.color),
      },
      // A whole-number count with a fraction (“1,2” people): the figure's cell turns orange (report.ts hasFraction).
      ...countRows.map((row) => ({
        range: A(COL.actual, row),
        formula: fractionFormula(A(COL.value, row)),
        fill: argb(FRACTION_COLORS.background),
        fontColor: argb(FRACTION_COLORS.color),
      })),
    ],
    protection: { password: opts.protectionPassword ?? DEFAULT_PROTECTION_PASSWORD, spinCount: 1000, lockStructure: true },
    print: printSetup(lastCol, lastRow, HEADER_ROW),
    rows,
    meta: {
      sheet: META_SHEET,
      entries: [
        ['kind', TEMPLATE_KIND],
        ['layoutVersion', String(LAYOUT_VERSION)],
        ['catalogId', catalog.id],
        ['catalogHash', catalogHash(catalog)],
        ...(opts.catalogVersion !== undefined ? [['catalogVersion', String(opts.catalogVersion)] as [string, string]] : []),
        ['year', String(catalog.year)],
        ['unit', unit.code],
        ['unitName', unit.name],
        ['period', period.id],
        ['periodHeader', period.header],
        ['deadline', period.deadline],
        ['generatedAt', opts.generatedAt],
        ...(opts.intakeUrl ? [['intakeUrl', opts.intakeUrl] as [string, string]] : []),
        ...rows.map(({ indicator, row }): [string, string] => [`row:${indicator}`, String(row)]),
        ...catalogEntries(catalog),
      ],
    },
  };
}

/** The metadata keys holding the template's catalogue as JSON, in pieces: "catalog:1", "catalog:2" … */
export const CATALOG_META_PREFIX = 'catalog:';
/** Characters per piece, well under a cell's 32 767. */
export const CATALOG_META_CHUNK = 8000;

/**
 * The catalogue the template was made from, carried in its very hidden metadata sheet, so that the
 * pane checks a template it is given without a catalogue of its own (offline, or a year it was not
 * built with); template-read.ts catalogFromMeta reads it back, for the pane and the worker alike.
 */
function catalogEntries(catalog: Catalog): [string, string][] {
  const json = JSON.stringify(catalog);
  const out: [string, string][] = [];
  for (let i = 0, k = 1; i < json.length; k++) {
    let end = Math.min(json.length, i + CATALOG_META_CHUNK);
    // Never between the two halves of a character outside the BMP.
    if (end < json.length && /[\ud800-\udbff]/.test(json[end - 1])) end--;
    out.push([`${CATALOG_META_PREFIX}${k}`, json.slice(i, end)]);
    i = end;
  }
  return out;
}

export interface AppendixOptions {
  generatedAt: string;
  /** Each indicator's submitted row, by indicator code; missing ones print blank. */
  values: Record<string, RowInput>;
  protectionPassword?: string;
  /**
   * Derived columns after Đánh giá, off by default so Phụ lục 1 stays exactly the report's:
   * `plan` adds “% so với KH”, `lastYear` adds “% so với cùng kỳ” (derived.ts; totals only).
   */
  derived?: { plan?: boolean; lastYear?: boolean };
  /** Last year's figures for the same period, by indicator code (e.g. from the previous year's ledger); they take precedence over the catalogue's `lastYear`. */
  lastYear?: Record<string, number>;
  /** Not every expected unit is approved yet: "BẢN DỰ THẢO" under the title (the row the report leaves empty). */
  draft?: boolean;
}

/** The mark of an appendix that is not final yet. */
export const DRAFT_MARK = 'BẢN DỰ THẢO';

export interface AppendixContent {
  model: SheetModel;
  results: RowResult[];
  summary: Summary;
}

const DERIVED_WIDTH = 13;

/** The appendix's derived columns that are switched on, in order. */
function derivedColumns(opts: AppendixOptions): { letter: string; header: string; kind: 'plan' | 'lastYear' }[] {
  const out: { letter: string; header: string; kind: 'plan' | 'lastYear' }[] = [];
  if (opts.derived?.plan) out.push({ letter: COL.ofPlan, header: '% so với KH', kind: 'plan' });
  if (opts.derived?.lastYear) out.push({ letter: COL.ofLastYear, header: '% so với cùng kỳ', kind: 'lastYear' });
  return out;
}

/** The town's appendix: every row in order, footnotes, the summary sentences and the issuer line. */
export function appendixModel(catalog: Catalog, period: Period, opts: AppendixOptions): AppendixContent {
  const extra = derivedColumns(opts);
  const lastCol = extra.length ? extra[extra.length - 1].letter : COL.status;
  const { cells, merges } = titleCells(catalog, lastCol);
  if (opts.draft) {
    cells.push({ address: 'A3', value: DRAFT_MARK, style: 'draft', locked: true });
    merges.push(`A3:${lastCol}3`);
  }
  headers(catalog, period).forEach((h, i) => {
    cells.push({ address: A(String.fromCharCode(65 + i), HEADER_ROW), value: h, style: 'header', locked: true });
  });
  for (const c of extra) cells.push({ address: A(c.letter, HEADER_ROW), value: c.header, style: 'header', locked: true });
  const results = catalog.indicators.map((ind) => evaluateRow(ind, opts.values[ind.code], period));
  const notes = footnotes(catalog, results);
  const rows: SheetModel['rows'] = [];
  const heights: Record<number, number> = { 1: 20, 2: 36, 3: opts.draft ? 20 : 15, [HEADER_ROW]: 34 };
  results.forEach((r, k) => {
    const row = FIRST_DATA_ROW + k;
    const ind = r.indicator;
    rows.push({ indicator: ind.code, row });
    const mark = notes.find((n) => n.indicator === ind.code);
    const nameText = mark?.anchor === 'name' ? `${ind.name} ${superscript(mark.number)}` : ind.name;
    const actualText = mark?.anchor === 'actual' ? `${r.printed} ${superscript(mark.number)}` : r.printed;
    const plan = planCellText(ind, period);
    cells.push(
      { address: A(COL.stt, row), value: ind.stt, style: 'stt', locked: true },
      { address: A(COL.name, row), value: nameText, style: 'text', locked: true },
      { address: A(COL.unit, row), value: ind.unit, style: 'center', locked: true },
      { address: A(COL.plan, row), value: plan, style: 'center', locked: true },
      { address: A(COL.actual, row), value: actualText || null, style: 'center', locked: true },
      // The formulas read the printed figure, so the cached values do too.
      ...ruleCells(ind, r.rule, row, actualText || null, readIndicatorActual(ind, actualText), statusLabel(r.assessment)),
    );
    if (extra.length) {
      const d = r.actual.kind === 'number' ? derivedFigures(ind, r.actual.value, period, { lastYear: opts.lastYear?.[ind.code] }) : {};
      for (const c of extra) {
        const p = c.kind === 'plan' ? d.percentOfPlan : d.percentOfLastYear;
        cells.push({ address: A(c.letter, row), value: p === undefined ? null : formatNumberVi(p), style: 'center', locked: true });
      }
    }
    heights[row] = rowHeight([
      [nameText, WIDTH.name],
      [plan, WIDTH.plan],
      [actualText, WIDTH.actual],
      [ind.unit, 12],
    ]);
  });
  const last = FIRST_DATA_ROW + results.length - 1;
  let row = last + 1;
  heights[row++] = 15;
  const para = (text: string, style: StyleName, height: number) => {
    cells.push({ address: A('A', row), value: text, style, locked: true });
    merges.push(`A${row}:${lastCol}${row}`);
    heights[row] = height;
    row++;
  };
  const gap = () => (heights[row++] = 15);
  const fullWidth = WIDTH.name + WIDTH.plan * 2 + 12 + 6 + 15 + extra.length * DERIVED_WIDTH;
  for (const n of notes) para(`${superscript(n.number)} ${n.text}`, 'footnote', rowHeight([[n.text, fullWidth]], 15));
  gap();
  const summary = summarize(catalog, period, results);
  para(`Tổng hợp: ${summary.sentence}.`, 'summary', Math.max(34, rowHeight([[summary.sentence, fullWidth]])));
  para(summary.metDetail, 'summary', 18);
  if (summary.progressDetail) para(`Tiến độ so với kế hoạch năm: ${summary.progressDetail}.`, 'summary', rowHeight([[summary.progressDetail, fullWidth]]));
  if (summary.unmetDetail) para(`Chỉ tiêu không đạt: ${summary.unmetDetail}.`, 'summary', rowHeight([[summary.unmetDetail, fullWidth]]));
  if (summary.notAssessedDetail) para(summary.notAssessedDetail, 'summary', 18);
  gap();
  para(catalog.locality.issuer, 'issuer', 20);
  const lastRow = row - 1;
  const modelColumns = [...columns(false), ...extra.map((c) => ({ letter: c.letter, width: DERIVED_WIDTH }))];
  const print = printSetup(lastCol, lastRow, HEADER_ROW);
  const breaks = pageBreaks({ heights, print, lastRow, lastDataRow: last });
  return {
    results,
    summary,
    model: {
      kind: 'appendix',
      name: SHEET_NAME,
      columns: modelColumns,
      rowHeights: heights,
      cells,
      merges,
      validations: [],
      conditionalFormats: statusFormats(`${COL.status}${FIRST_DATA_ROW}:${COL.status}${last}`, `${COL.status}${FIRST_DATA_ROW}`),
      protection: { password: opts.protectionPassword ?? DEFAULT_PROTECTION_PASSWORD, spinCount: 1000, lockStructure: false },
      print: { ...print, ...(breaks.length ? { rowBreaks: breaks } : {}) },
      rows,
      meta: {
        sheet: META_SHEET,
        entries: [
          ['kind', APPENDIX_KIND],
          ['layoutVersion', String(LAYOUT_VERSION)],
          ['catalogId', catalog.id],
          ['catalogHash', catalogHash(catalog)],
          ['period', period.id],
          ['generatedAt', opts.generatedAt],
          // For the level above, which reads this appendix as a submission (appendix-read.ts).
          ...(catalog.organisation
            ? ([
                ['unit', catalog.organisation.unit],
                ['unitName', catalog.organisation.name],
              ] as [string, string][])
            : []),
          ['periodHeader', period.header],
          ...rows.map(({ indicator, row }): [string, string] => [`row:${indicator}`, String(row)]),
        ],
      },
    },
  };
}
