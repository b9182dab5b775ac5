/**
 * Reading a template back through Office.js. This module only fetches cells: what they mean (the
 * metadata, which indicator sits on which row, what is wrong with a row) is shared/template-read.ts,
 * the same read-back and checks the worker runs on a submitted file.
 *
 * Exactly two syncs per read whatever the number of rows: one to learn which sheets exist, one that
 * loads the metadata and the whole data block as single ranges. Two ways, by what the host has:
 *  - ExcelApi 1.4: *OrNullObject lookups and the used part of the data block (the smallest read);
 *  - ExcelApi 1.1 (Excel 2016): the sheet names, then fixed blocks of the metadata and data sheets.
 */
import { COL, FIRST_DATA_ROW, META_SHEET, SHEET_NAME } from '../../shared/layout.ts';
import type { CellInput } from '../../shared/target.ts';
import { CELL_PROBLEM, MAX_META_ROWS, metaEntries, readTemplateBack, type CellSource, type TemplateBack } from '../../shared/template-read.ts';
import { parseCell } from '../../shared/a1.ts';

/** Rows read below the header at most (a unit's template has a handful; the appendix ~25). */
export const MAX_TEMPLATE_ROWS = 1000;
/** Rows read on an ExcelApi 1.1 host, where the block cannot be trimmed to its used part. */
export const LEGACY_TEMPLATE_ROWS = 200;
export const LAST_COL = COL.cleaned;
/** The data block read in one go: A5:I1004, trimmed by Excel to its used part. */
export const DATA_BLOCK = `${COL.stt}${FIRST_DATA_ROW}:${LAST_COL}${FIRST_DATA_ROW + MAX_TEMPLATE_ROWS - 1}`;
export const LEGACY_DATA_BLOCK = `${COL.stt}${FIRST_DATA_ROW}:${LAST_COL}${FIRST_DATA_ROW + LEGACY_TEMPLATE_ROWS - 1}`;
export const LEGACY_META_BLOCK = `A1:B${MAX_META_ROWS}`;

export type ReadResult =
  /** No metadata sheet: an ordinary workbook. `sheetNameTaken`: it already has a "Phụ lục 1" sheet. */
  | { kind: 'none'; sheetNameTaken: boolean }
  /** A department's template (its rows), or the metadata of something else with why. */
  | TemplateBack;

/** The data block as Office.js hands it over (0-based indices). */
export interface DataBlock {
  values: unknown[][];
  /** Range.valueTypes ("Double", "String", "Error" …), when loaded. */
  valueTypes?: string[][];
  /** Range.numberFormat, when loaded: tells a number shown as a date. */
  numberFormat?: unknown[][];
  rowIndex: number;
  columnIndex: number;
  /** The last sheet row the read covered (cells below were not read), when the block was fixed. */
  lastRow?: number;
}

function input(v: unknown): CellInput {
  if (v === '' || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  return String(v);
}

/** The shared read-back's view of a data block (null: the sheet is there but empty). */
export function blockCells(block: DataBlock | null): CellSource {
  const at = <T>(grid: T[][] | undefined, address: string): T | undefined => {
    if (!block || !grid) return undefined;
    const { col, row } = parseCell(address);
    return grid[row - 1 - block.rowIndex]?.[col - 1 - block.columnIndex];
  };
  return {
    value: (address) => input(at(block?.values, address) ?? null),
    problem: (address) => {
      if (block?.lastRow !== undefined && parseCell(address).row > block.lastRow) {
        return `Phiên bản Excel này chỉ cho phần bổ trợ đọc ${LEGACY_TEMPLATE_ROWS} dòng đầu của biểu mẫu; dòng này nằm ngoài phần đọc được.`;
      }
      const type = at(block?.valueTypes, address);
      if (type === 'Error') return CELL_PROBLEM.error(String(at(block?.values, address)));
      return undefined;
    },
    // A date or a percentage is told by the format (shared/template-read.ts), as the worker tells it.
    format: (address) => {
      const format = at(block?.numberFormat, address);
      return typeof format === 'string' ? format : undefined;
    },
  };
}

/** Pure part of the read, shared with the in-memory host used by the browser tests. */
export function interpretRead(metaValues: unknown[][], block: DataBlock | null, hasDataSheet: boolean): ReadResult {
  return readTemplateBack(metaEntries(metaValues), hasDataSheet ? blockCells(block) : null);
}

export interface ReadOptions {
  /** The host has ExcelApi 1.4 (*OrNullObject). Default true. */
  nullObjects?: boolean;
}

const BLOCK_PROPS = 'values,valueTypes,numberFormat,rowIndex,columnIndex';

/** Reads the open workbook: two syncs (one when there is no template). */
export async function readTemplate(ctx: Excel.RequestContext, opts: ReadOptions = {}): Promise<ReadResult> {
  return opts.nullObjects === false ? readLegacy(ctx) : readModern(ctx);
}

async function readModern(ctx: Excel.RequestContext): Promise<ReadResult> {
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
  data?.load(`isNullObject,${BLOCK_PROPS}`);
  await ctx.sync();

  const block =
    data && !data.isNullObject
      ? {
          values: data.values,
          valueTypes: data.valueTypes as string[][],
          numberFormat: data.numberFormat,
          rowIndex: data.rowIndex,
          columnIndex: data.columnIndex,
        }
      : null;
  return interpretRead(metaRange.isNullObject ? [] : metaRange.values, block, !sheet.isNullObject);
}

async function readLegacy(ctx: Excel.RequestContext): Promise<ReadResult> {
  const sheets = ctx.workbook.worksheets;
  sheets.load('items/name');
  await ctx.sync();
  const names = new Set(sheets.items.map((s) => s.name));
  if (!names.has(META_SHEET)) return { kind: 'none', sheetNameTaken: names.has(SHEET_NAME) };

  const metaRange = sheets.getItem(META_SHEET).getRange(LEGACY_META_BLOCK);
  metaRange.load('values');
  const data = names.has(SHEET_NAME) ? sheets.getItem(SHEET_NAME).getRange(LEGACY_DATA_BLOCK) : null;
  data?.load(BLOCK_PROPS);
  await ctx.sync();

  const lastRow = FIRST_DATA_ROW + LEGACY_TEMPLATE_ROWS - 1;
  const block = data
    ? {
        values: data.values,
        valueTypes: data.valueTypes as string[][],
        numberFormat: data.numberFormat,
        rowIndex: data.rowIndex,
        columnIndex: data.columnIndex,
        lastRow,
      }
    : null;
  return interpretRead(metaRange.values, block, data !== null);
}

/** Activates the template sheet and selects one of its cells ("E6"). One sync. */
export async function selectCell(ctx: Excel.RequestContext, address: string): Promise<void> {
  const sheet = ctx.workbook.worksheets.getItem(SHEET_NAME);
  sheet.activate();
  sheet.getRange(address).select();
  await ctx.sync();
}

/**
 * Fits the height of the template's rows `rows` ("5:9") to their text (ExcelApi 1.2): a long
 * explanation typed into a row that had a fixed height (a sheet drawn before issue 20) grows too.
 * The template's protection allows formatting rows. One sync.
 */
export async function fitRows(ctx: Excel.RequestContext, rows: string): Promise<void> {
  ctx.workbook.worksheets.getItem(SHEET_NAME).getRange(rows).format.autofitRows();
  await ctx.sync();
}

/**
 * Registers `handler` for changes on the template sheet (ExcelApi 1.7); resolves to the
 * registration, or null when there is no template sheet. Two syncs.
 */
export async function subscribeChanges(
  ctx: Excel.RequestContext,
  handler: (event: Excel.WorksheetChangedEventArgs) => void,
): Promise<OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs> | null> {
  const sheet = ctx.workbook.worksheets.getItemOrNullObject(SHEET_NAME);
  sheet.load('isNullObject');
  await ctx.sync();
  if (sheet.isNullObject) return null;
  const registration = sheet.onChanged.add(async (event) => handler(event));
  await ctx.sync();
  return registration;
}
