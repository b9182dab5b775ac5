/**
 * The Phụ lục 1 sheet described once, as data. The worker draws it with exceljs
 * (worker/render-exceljs.ts) and the add-in with Office.js (addin/office/render.ts); both read
 * this model and nothing else, so the department's template and the town's appendix are one layout.
 */
import { STATUS_LABEL } from './assess.ts';
import { appendixSubtitle, catalogHash, indicatorsOf, type Catalog, type Indicator, type Period, type Unit } from './catalog.ts';
import { cleanedFormula, statusFormula, valueFormula, VALUE_EMPTY, VALUE_ERROR, VALUE_NOT_ASSESSED } from './formula.ts';
import { evaluateRow, footnotes, summarize, superscript, type RowInput, type RowResult, type Summary } from './report.ts';
import { formatTimeVi } from './format.ts';
import { cleanActualText, readActual, type Actual, type Target } from './target.ts';

export const LAYOUT_VERSION = 1;
export const SHEET_NAME = 'Phụ lục 1';
export const META_SHEET = '_phuluc';
/** The metadata sheet's `kind`: a department's template, or the town's appendix. */
export const TEMPLATE_KIND = 'phuluc-template';
export const APPENDIX_KIND = 'phuluc-appendix';
export const FONT = 'Times New Roman';

/** Columns, the same letters in the template and the appendix. */
export const COL = {
  stt: 'A', name: 'B', unit: 'C', plan: 'D', actual: 'E', status: 'F', note: 'G',
  /** Hidden helpers: the value read from E, and E's cleaned text. */
  value: 'H', cleaned: 'I',
} as const;
export const HEADER_ROW = 4;
export const FIRST_DATA_ROW = 5;

export type StyleName =
  | 'title' | 'subtitle' | 'info' | 'header' | 'stt' | 'text' | 'center' | 'input' | 'status'
  | 'noteInput' | 'helper' | 'footnote' | 'summary' | 'issuer' | 'guide';

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

const base = (size: number, extra: Partial<CellStyle> = {}, font: Partial<CellStyle['font']> = {}): CellStyle => ({
  font: { name: FONT, size, ...font }, horizontal: 'left', vertical: 'middle', wrap: true, border: false, ...extra,
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
};

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

export interface ColumnSpec { letter: string; width: number; hidden?: boolean }

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
  cells: CellSpec[];
  merges: string[];
  validations: ValidationSpec[];
  conditionalFormats: ConditionalFormatSpec[];
  protection: { password: string; spinCount: number; lockStructure: boolean };
  print: {
    area: string; orientation: 'landscape'; paperSize: 'A4'; fitToWidth: 1; fitToHeight: 0;
    titleRows: string; margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
    horizontalCentered: boolean; footer: string;
  };
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
function ruleCells(ind: Indicator, row: number, input: RowResult['input'], actual: Actual, status: string): CellSpec[] {
  const e = A(COL.actual, row);
  const h = A(COL.value, row);
  const i = A(COL.cleaned, row);
  const cleanedResult = typeof input === 'string' ? cleanActualText(input) : '';
  const valueResult = actual.kind === 'number' ? actual.value
    : actual.kind === 'invalid' ? VALUE_ERROR : actual.kind === 'not_assessed' ? VALUE_NOT_ASSESSED : VALUE_EMPTY;
  return [
    { address: i, formula: cleanedFormula(e), result: cleanedResult, style: 'helper', locked: true },
    { address: h, formula: valueFormula(e, i), result: valueResult, style: 'helper', locked: true },
    { address: A(COL.status, row), formula: statusFormula(h, ind.target as Target, ind.decimals), result: status, style: 'status', locked: true },
  ];
}

function numFmtFor(ind: Indicator): string {
  return ind.decimals > 0 ? `#,##0.${'0'.repeat(ind.decimals)}` : '#,##0';
}

function inputValidation(ind: Indicator, address: string): ValidationSpec {
  const { min, max } = ind.bounds;
  return {
    address,
    formula: `OR(AND(ISNUMBER(${address}),${address}>=${min},${address}<=${max}),AND(ISTEXT(${address}),LEN(${address})<=120))`,
    errorTitle: 'Số liệu không hợp lệ',
    error: `Nhập số từ ${min} đến ${max} (${ind.unit}), hoặc dạng in như “${ind.actualFormat.replace('{}', '1.234,5')}”.`.slice(0, 225),
    promptTitle: `Chỉ tiêu ${ind.stt}`.slice(0, 32),
    prompt: (ind.hint ?? `Kế hoạch: ${ind.plan}. Nhập số liệu ${ind.unit}.`).slice(0, 250),
  };
}

function statusFormats(range: string, first: string): ConditionalFormatSpec[] {
  return [
    { range, formula: `${first}="${STATUS_LABEL.vuot}"`, fill: 'FFC6EFCE', fontColor: 'FF006100' },
    { range, formula: `${first}="${STATUS_LABEL.dat}"`, fill: 'FFDDEBF7', fontColor: 'FF1F4E78' },
    { range, formula: `${first}="${STATUS_LABEL.khong_dat}"`, fill: 'FFFFC7CE', fontColor: 'FF9C0006' },
    { range, formula: `${first}="${STATUS_LABEL.loi}"`, fill: 'FFFFEB9C', fontColor: 'FF9C5700' },
  ];
}

function printSetup(lastCol: string, lastRow: number): SheetModel['print'] {
  return {
    area: `A1:${lastCol}${lastRow}`, orientation: 'landscape', paperSize: 'A4', fitToWidth: 1, fitToHeight: 0,
    titleRows: `${HEADER_ROW}:${HEADER_ROW}`,
    margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    horizontalCentered: true, footer: 'Trang &P/&N',
  };
}

/** Rows with wrapped text get an explicit height: Excel and LibreOffice do not autofit on open. */
function rowHeight(texts: [string | null | undefined, number][], lineHeight = 16): number {
  const lines = Math.max(1, ...texts.map(([t, width]) => Math.ceil(String(t ?? '').length / Math.max(1, width * 1.3))));
  return Math.max(18, lines * lineHeight + 2);
}

const WIDTH = { name: 46, plan: 22, actual: 22, note: 42 } as const;

function columns(withNote: boolean): ColumnSpec[] {
  return [
    { letter: 'A', width: 6 }, { letter: 'B', width: WIDTH.name }, { letter: 'C', width: 12 }, { letter: 'D', width: WIDTH.plan },
    { letter: 'E', width: WIDTH.actual }, { letter: 'F', width: 15 }, { letter: 'G', width: withNote ? WIDTH.note : 2, hidden: !withNote },
    { letter: 'H', width: 10, hidden: true }, { letter: 'I', width: 10, hidden: true },
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
}

/** A department's sheet: only its own rows, inputs unlocked, live status formulas. */
export function templateModel(catalog: Catalog, period: Period, unit: Unit, opts: TemplateOptions): SheetModel {
  const own = indicatorsOf(catalog, unit.code);
  if (own.length === 0) throw new Error(`Đơn vị “${unit.name}” (${unit.code}) không phụ trách chỉ tiêu nào trong danh mục ${catalog.id}.`);
  const lastCol = COL.note;
  const { cells, merges } = titleCells(catalog, lastCol);
  cells.push({ address: 'A3', value: `Đơn vị báo cáo: ${unit.name}. Kỳ báo cáo: ${period.header}. Hạn nộp: ${formatTimeVi(period.deadline)}.`, style: 'info', locked: true });
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
    const r = evaluateRow(ind, opts.values?.[ind.code]);
    cells.push(
      { address: A(COL.stt, row), value: ind.stt, style: 'stt', locked: true },
      { address: A(COL.name, row), value: ind.name, style: 'text', locked: true },
      { address: A(COL.unit, row), value: ind.unit, style: 'center', locked: true },
      { address: A(COL.plan, row), value: ind.plan, style: 'center', locked: true },
      { address: A(COL.actual, row), value: typeof r.input === 'boolean' ? String(r.input) : r.input ?? null, style: 'input', numFmt: numFmtFor(ind), locked: false },
      { address: A(COL.note, row), value: r.note || null, style: 'noteInput', locked: false },
      ...ruleCells(ind, row, r.input, r.actual, STATUS_LABEL[r.assessment.status]),
    );
    validations.push(inputValidation(ind, A(COL.actual, row)));
    heights[row] = rowHeight([[ind.name, WIDTH.name], [ind.plan, WIDTH.plan], [ind.unit, 12], [r.note, WIDTH.note]]);
  });
  const last = FIRST_DATA_ROW + own.length - 1;
  const guideRow = last + 2;
  cells.push({
    address: A('A', guideRow),
    value: `Hướng dẫn: nhập số liệu vào các ô màu vàng ở cột “${period.header}” (ví dụ 1.721,4 hoặc dạng in như “Tăng 6,45 %”); cột “Đánh giá” tự tính. Chỉ tiêu không đạt phải ghi lý do ở cột “Giải trình, ghi chú”. Nếu chưa đánh giá được, ghi rõ lý do có cụm từ “chưa đánh giá”.`,
    style: 'guide', locked: true,
  });
  merges.push(`A${guideRow}:${lastCol}${guideRow}`);
  const statusRange = `${COL.status}${FIRST_DATA_ROW}:${COL.status}${last}`;
  return {
    kind: 'template',
    name: SHEET_NAME,
    columns: columns(true),
    rowHeights: { ...heights, [guideRow]: 48 },
    cells,
    merges,
    validations,
    conditionalFormats: [
      ...statusFormats(statusRange, `${COL.status}${FIRST_DATA_ROW}`),
      {
        range: `${COL.note}${FIRST_DATA_ROW}:${COL.note}${last}`,
        formula: `AND(${COL.status}${FIRST_DATA_ROW}="${STATUS_LABEL.khong_dat}",LEN(TRIM(${COL.note}${FIRST_DATA_ROW}))=0)`,
        fill: 'FFFFC7CE', fontColor: 'FF9C0006',
      },
    ],
    protection: { password: opts.protectionPassword ?? DEFAULT_PROTECTION_PASSWORD, spinCount: 1000, lockStructure: true },
    print: printSetup(lastCol, guideRow),
    rows,
    meta: {
      sheet: META_SHEET,
      entries: [
        ['kind', TEMPLATE_KIND],
        ['layoutVersion', String(LAYOUT_VERSION)],
        ['catalogId', catalog.id],
        ['catalogHash', catalogHash(catalog)],
        ['year', String(catalog.year)],
        ['unit', unit.code],
        ['unitName', unit.name],
        ['period', period.id],
        ['periodHeader', period.header],
        ['deadline', period.deadline],
        ['generatedAt', opts.generatedAt],
        ...(opts.intakeUrl ? [['intakeUrl', opts.intakeUrl] as [string, string]] : []),
        ...rows.map(({ indicator, row }): [string, string] => [`row:${indicator}`, String(row)]),
      ],
    },
  };
}

export interface AppendixOptions {
  generatedAt: string;
  /** Each indicator's submitted row, by indicator code; missing ones print blank. */
  values: Record<string, RowInput>;
  protectionPassword?: string;
}

export interface AppendixContent {
  model: SheetModel;
  results: RowResult[];
  summary: Summary;
}

/** The town's appendix: every row in order, footnotes, issuer line and the summary sentences. */
export function appendixModel(catalog: Catalog, period: Period, opts: AppendixOptions): AppendixContent {
  const lastCol = COL.status;
  const { cells, merges } = titleCells(catalog, lastCol);
  headers(catalog, period).forEach((h, i) => {
    cells.push({ address: A(String.fromCharCode(65 + i), HEADER_ROW), value: h, style: 'header', locked: true });
  });
  const results = catalog.indicators.map((ind) => evaluateRow(ind, opts.values[ind.code]));
  const notes = footnotes(catalog, results);
  const rows: SheetModel['rows'] = [];
  const heights: Record<number, number> = { 1: 20, 2: 36, [HEADER_ROW]: 34 };
  results.forEach((r, k) => {
    const row = FIRST_DATA_ROW + k;
    const ind = r.indicator;
    rows.push({ indicator: ind.code, row });
    const mark = notes.find((n) => n.indicator === ind.code);
    const nameText = mark?.anchor === 'name' ? `${ind.name} ${superscript(mark.number)}` : ind.name;
    const actualText = mark?.anchor === 'actual' ? `${r.printed} ${superscript(mark.number)}` : r.printed;
    cells.push(
      { address: A(COL.stt, row), value: ind.stt, style: 'stt', locked: true },
      { address: A(COL.name, row), value: nameText, style: 'text', locked: true },
      { address: A(COL.unit, row), value: ind.unit, style: 'center', locked: true },
      { address: A(COL.plan, row), value: ind.plan, style: 'center', locked: true },
      { address: A(COL.actual, row), value: actualText || null, style: 'center', locked: true },
      // The formulas read the printed figure, so the cached values do too.
      ...ruleCells(ind, row, actualText || null, readActual(actualText), STATUS_LABEL[r.assessment.status]),
    );
    heights[row] = rowHeight([[nameText, WIDTH.name], [ind.plan, WIDTH.plan], [actualText, WIDTH.actual], [ind.unit, 12]]);
  });
  const last = FIRST_DATA_ROW + results.length - 1;
  let row = last + 2;
  const para = (text: string, style: StyleName, height: number) => {
    cells.push({ address: A('A', row), value: text, style, locked: true });
    merges.push(`A${row}:${lastCol}${row}`);
    heights[row] = height;
    row++;
  };
  const fullWidth = WIDTH.name + WIDTH.plan * 2 + 12 + 6 + 15;
  for (const n of notes) para(`${superscript(n.number)} ${n.text}`, 'footnote', rowHeight([[n.text, fullWidth]], 15));
  row++;
  para(catalog.locality.issuer, 'issuer', 20);
  row++;
  const summary = summarize(catalog, period, results);
  para(`Tổng hợp: ${summary.sentence}.`, 'summary', 34);
  para(summary.metDetail, 'summary', 18);
  if (summary.unmetDetail) para(`Chỉ tiêu không đạt: ${summary.unmetDetail}.`, 'summary', rowHeight([[summary.unmetDetail, fullWidth]]));
  if (summary.notAssessedDetail) para(summary.notAssessedDetail, 'summary', 18);
  const lastRow = row - 1;
  return {
    results,
    summary,
    model: {
      kind: 'appendix',
      name: SHEET_NAME,
      columns: columns(false),
      rowHeights: heights,
      cells,
      merges,
      validations: [],
      conditionalFormats: statusFormats(`${COL.status}${FIRST_DATA_ROW}:${COL.status}${last}`, `${COL.status}${FIRST_DATA_ROW}`),
      protection: { password: opts.protectionPassword ?? DEFAULT_PROTECTION_PASSWORD, spinCount: 1000, lockStructure: false },
      print: printSetup(lastCol, lastRow),
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
          ...(catalog.organisation ? [['unit', catalog.organisation.unit], ['unitName', catalog.organisation.name]] as [string, string][] : []),
          ['periodHeader', period.header],
          ...rows.map(({ indicator, row }): [string, string] => [`row:${indicator}`, String(row)]),
        ],
      },
    },
  };
}

