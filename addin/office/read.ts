/**
 * Reading a template back: the very-hidden metadata sheet tells which indicator sits on which row;
 * the data block A5:I<last> holds the figures. Exactly two syncs per read whatever the number of
 * rows: one to learn which sheets exist (an *OrNullObject must be synced before anything is
 * chained on it), one that loads the metadata and the whole data block as single ranges.
 */
import { COL, FIRST_DATA_ROW, META_SHEET, SHEET_NAME } from '../../shared/layout.ts';
import type { CellInput } from '../../shared/target.ts';
import { colIndex } from './a1.ts';

/** Rows read below the header at most (a unit's template has a handful; the appendix ~25). */
export const MAX_TEMPLATE_ROWS = 1000;
export const LAST_COL = COL.cleaned;
/** The data block read in one go: A5:I1004, trimmed by Excel to its used part. */
export const DATA_BLOCK = `${COL.stt}${FIRST_DATA_ROW}:${LAST_COL}${FIRST_DATA_ROW + MAX_TEMPLATE_ROWS - 1}`;

/** One indicator row of the sheet, as typed. */
export interface SheetRow {
  indicator: string;
  row: number;
  stt: CellInput;
  plan: string;
  /** Column E, the figure: a number or text; null when blank. */
  value: CellInput;
  /** Column G, the explanation. */
  note: string;
}

export type ReadResult =
  /** A department's template. */
  | { kind: 'template'; meta: Record<string, string>; rows: SheetRow[] }
  /** No metadata sheet: an ordinary workbook. `sheetNameTaken`: it already has a "Phụ lục 1" sheet. */
  | { kind: 'none'; sheetNameTaken: boolean }
  /** Metadata of something else (the town's appendix, a newer layout …) or a damaged template. */
  | { kind: 'other'; meta: Record<string, string>; reason: string };

export interface DataBlock {
  values: unknown[][];
  /** 0-based, as Office.js reports them. */
  rowIndex: number;
  columnIndex: number;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

function input(v: unknown): CellInput {
  if (v === '' || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  return String(v);
}

/** Metadata entries from the A:B values (keys in A, values in B; stops at the first blank key). */
export function metaEntries(values: unknown[][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of values) {
    const k = text(line[0]).trim();
    if (!k) break;
    out[k] = text(line[1]);
  }
  return out;
}

/** Pure part of the read, shared with the in-memory host used by the browser tests. */
export function interpretTemplate(metaValues: unknown[][], block: DataBlock | null, hasDataSheet: boolean): ReadResult {
  const meta = metaEntries(metaValues);
  if (meta.kind !== 'phuluc-template') {
    const reason = meta.kind === 'phuluc-appendix'
      ? 'Đây là bản tổng hợp Phụ lục 1 của thị xã (để đọc và in), không phải biểu mẫu nhập số liệu của đơn vị.'
      : 'Sổ làm việc có trang thông tin ẩn của phần bổ trợ nhưng không đọc được loại biểu mẫu. Hãy dùng biểu mẫu gốc hoặc tạo biểu mẫu mới.';
    return { kind: 'other', meta, reason };
  }
  if (!hasDataSheet) {
    return { kind: 'other', meta, reason: `Không thấy trang “${SHEET_NAME}” (có thể đã bị đổi tên hoặc xóa). Đừng đổi tên trang này; hãy dùng lại biểu mẫu gốc.` };
  }
  const at = (row: number, col: string): unknown => {
    if (!block) return null;
    return block.values[row - 1 - block.rowIndex]?.[colIndex(col) - 1 - block.columnIndex] ?? null;
  };
  const rows: SheetRow[] = [];
  for (const [key, value] of Object.entries(meta)) {
    if (!key.startsWith('row:')) continue;
    const row = Number(value);
    if (!Number.isInteger(row) || row < FIRST_DATA_ROW) continue;
    rows.push({
      indicator: key.slice(4),
      row,
      stt: input(at(row, COL.stt)),
      plan: text(at(row, COL.plan)),
      value: input(at(row, COL.actual)),
      note: text(at(row, COL.note)),
    });
  }
  rows.sort((a, b) => a.row - b.row);
  return { kind: 'template', meta, rows };
}

/** Reads the open workbook: two syncs. */
export async function readTemplate(ctx: Excel.RequestContext): Promise<ReadResult> {
  const sheets = ctx.workbook.worksheets;
  const metaSheet = sheets.getItemOrNullObject(META_SHEET);
  metaSheet.load('isNullObject');
  const sheet = sheets.getItemOrNullObject(SHEET_NAME);
  sheet.load('isNullObject');
  await ctx.sync();
  if (metaSheet.isNullObject) return { kind: 'none', sheetNameTaken: !sheet.isNullObject };

  const metaRange = metaSheet.getRange('A:B').getUsedRangeOrNullObject(true);
  metaRange.load('isNullObject,values');
  const data = sheet.isNullObject ? null : sheet.getRange(DATA_BLOCK).getUsedRangeOrNullObject(true);
  data?.load('isNullObject,values,rowIndex,columnIndex');
  await ctx.sync();

  const block = data && !data.isNullObject ? { values: data.values, rowIndex: data.rowIndex, columnIndex: data.columnIndex } : null;
  return interpretTemplate(metaRange.isNullObject ? [] : metaRange.values, block, !sheet.isNullObject);
}

/** Activates the template sheet and selects one of its cells ("E6"). One sync. */
export async function selectCell(ctx: Excel.RequestContext, address: string): Promise<void> {
  const sheet = ctx.workbook.worksheets.getItem(SHEET_NAME);
  sheet.activate();
  sheet.getRange(address).select();
  await ctx.sync();
}

/**
 * Registers `handler` for changes on the template sheet; resolves to the registration, or null
 * when there is no template sheet. Two syncs.
 */
export async function subscribeChanges(
  ctx: Excel.RequestContext, handler: (event: Excel.WorksheetChangedEventArgs) => void,
): Promise<OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs> | null> {
  const sheet = ctx.workbook.worksheets.getItemOrNullObject(SHEET_NAME);
  sheet.load('isNullObject');
  await ctx.sync();
  if (sheet.isNullObject) return null;
  const registration = sheet.onChanged.add(async (event) => handler(event));
  await ctx.sync();
  return registration;
}
