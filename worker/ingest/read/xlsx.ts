/**
 * A small, fast .xlsx cell reader for submitted workbooks: it reads only the parts it needs, with
 * the fast XML pass of xml.ts (saxes for anything unusual), so thousands of files are read without
 * exceljs' full object model (exceljs `load` reads ~90 files/s; this reads several times more;
 * see bench/). Reading is linear in the size of the sheet.
 * It reads values only: numbers, strings (shared, inline, rich), booleans, errors, formula
 * results, and a number's format (whether it is shown as a date or a percentage).
 *
 * Memory is bounded whatever the size of the XML (issue 18): a part too large to hold whole
 * (over 8 MiB inflated) is streamed through saxes as it inflates, sheets not asked for are never
 * inflated, `ReadOptions.region` keeps only the cells a caller can use (at most `maxCells` of
 * them), and of the shared strings only those the kept cells use are kept. analyze() of a
 * 10.4 MiB file holding 139 MiB of worksheet XML over three sheets (each part under the 50 MiB
 * limit) peaked at 855 MB RSS when whole parts were made into strings and every cell kept, and
 * peaks at 271 MB now, ~160 MB over the process's own 113 MB (bench/read-memory.ts, compiled).
 * Ordinary files do not pay for it: 0.63 ms per 10 KB submission for analyze(), against 0.67
 * before (same measurement).
 *
 * A workbook that can be read more than one way is refused rather than read one way
 * (XlsxReadError, with the sheet and cell and what to do, in Vietnamese): two sheets answering to
 * one name (as Excel compares names: case-insensitively), two cells at one address, two rows with
 * one number, a cell whose address is not in its row, a cell with two values, a shared string that
 * is not there (index out of range, negative, fractional, not a number), an inline string without
 * its `<is>`, and XML that is not well-formed.
 */
import { colLetter } from '../../../shared/a1.ts';
import { isDateFormat } from '../../../shared/template-read.ts';
import { readWorkbookStructure, type SheetRef } from './workbook.ts';
import { Rejection } from '../screen/common.ts';
import { zipSourceOf } from '../screen/zip.ts';
import { mapPartSource, partText, readPart, type Feed, type PartSource } from './parts.ts';

export type CellRead =
  /** `format`: the number format code when it is not General (a date, a percentage … template-read.ts reads it). */
  | { t: 'n'; v: number; date: boolean; format?: string; formula?: string }
  | { t: 's'; v: string; formula?: string }
  | { t: 'b'; v: boolean; formula?: string }
  | { t: 'e'; v: string; formula?: string }
  /** A numeric cell whose stored value is not a decimal number ("0x50", "INF"): never read as a figure. */
  | { t: 'bad'; v: string; formula?: string };

export interface SheetRead {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  cells: Map<string, CellRead>;
}

export interface WorkbookRead {
  sheets: SheetRead[];
  /** The sheet answering to `name` as Excel compares sheet names (case-insensitively). */
  sheet(name: string): SheetRead | undefined;
}

/** The cells a caller keeps of a sheet; the others are read (and checked) but not kept. */
export interface Region {
  maxCol: number;
  maxRow: number;
}

export interface ReadOptions {
  /** By sheet name: the cells to keep (all when undefined). */
  region?: (sheetName: string) => Region | undefined;
  /** More kept cells than this on one sheet: the workbook is refused. Default: no limit. */
  maxCells?: number;
}

export type ReadProblemCode =
  | 'damaged'
  | 'xml'
  | 'missing_part'
  | 'duplicate_sheet'
  | 'duplicate_row'
  | 'duplicate_cell'
  | 'bad_address'
  | 'shared_string'
  | 'inline_string'
  | 'too_many_cells';

/**
 * Why the reader refuses a workbook. `sheet` and `cell` say where, as Problem does (a very hidden
 * sheet — the template's metadata — is not named: its name means nothing to a department, the
 * message says which sheet it is instead); `message` is Vietnamese, says what is wrong and what
 * to do, and does not repeat the sheet and cell; `detail` is English, for the log.
 */
export interface ReadProblem {
  code: ReadProblemCode;
  sheet?: string;
  cell?: string;
  message: string;
  detail: string;
}

export class XlsxReadError extends Error {
  readonly problem: ReadProblem;
  constructor(problem: ReadProblem) {
    super(`${problem.sheet ? `Trang “${problem.sheet}”${problem.cell ? `, ô ${problem.cell}` : ''}: ` : ''}${problem.message}`);
    this.problem = problem;
  }
}

/** Excel's grid. */
const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

/** What to do about a damaged sheet a department can see and fix in Excel. */
const FIX_IN_EXCEL =
  "Hãy mở tệp bằng Microsoft Excel (nếu Excel báo lỗi và đề nghị sửa tệp, hãy đồng ý), kiểm tra lại số liệu, lưu lại dưới dạng 'Sổ làm việc Excel (.xlsx)' rồi nộp lại.";
/** …and about damage where a department cannot see it (the very hidden metadata sheet, the parts behind the sheets). */
const FIX_FROM_TEMPLATE =
  'Hãy nhập số liệu vào biểu mẫu gốc do Phòng Tài chính - Kế hoạch gửi (hoặc tạo biểu mẫu mới bằng nút “Tạo biểu mẫu” của phần bổ trợ), lưu tệp rồi nộp lại.';
const TAMPERED = 'tệp bị hỏng hoặc đã bị một phần mềm khác sửa';

/** A sheet name as Excel compares them: case-insensitively (and here also whatever the Unicode normalisation). */
export function sheetKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** A number as SpreadsheetML writes it (xsd:double without INF/NaN). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A shared-string index: a non-negative integer, digits only. */
const INDEX = /^[0-9]+$/;

/**
 * The built-in number formats a reader must tell apart (ECMA-376 §18.8.30): dates and times, and
 * percentages. Files write them by id alone, with no format code.
 */
const BUILTIN_FORMATS: Record<number, string> = {
  9: '0%',
  10: '0.00%',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};

/** Each cell style's number format: its code when it is not General, and whether it shows a date. */
interface XfFormat {
  code?: string;
  date: boolean;
}

/** Where a part is, for messages. */
interface PartPlace {
  part: string;
  sheet?: SheetRef;
  /** Vietnamese: what the part is, when it is not a sheet. */
  what?: string;
}

function hidden(s: SheetRef | undefined): boolean {
  return s?.state === 'veryHidden';
}

/** A problem located on a sheet (and cell): a very hidden sheet is described, not named. */
function located(code: ReadProblemCode, sheet: SheetRef | undefined, cell: string | undefined, message: string, detail: string): ReadProblem {
  if (hidden(sheet)) {
    const where = `Trang thông tin ẩn của biểu mẫu${cell ? ` (ô ${cell})` : ''}`;
    return { code, message: `${where}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`, detail };
  }
  return { code, ...(sheet ? { sheet: sheet.name } : {}), ...(cell ? { cell } : {}), message, detail };
}

function fixFor(sheet: SheetRef | undefined): string {
  return !sheet || hidden(sheet) ? FIX_FROM_TEMPLATE : FIX_IN_EXCEL;
}

/** Runs one part's reader; an XML error or damage found while inflating becomes a located XlsxReadError. */
function readPlaced<T>(source: PartSource, place: PartPlace, run: (feed: Feed) => T): T {
  try {
    return readPart(source, place.part, run);
  } catch (e) {
    throw asReadError(e, place);
  }
}

/**
 * What to throw for an error met reading a part: the reader's own refusals as they are; the zip's
 * (size, CRC-32, met as a part inflates) and the XML parser's (saxes throws plain Errors) as the
 * file's fault, located; anything else (a TypeError …) is a fault of ours and passes unchanged.
 */
function asReadError(e: unknown, place: PartPlace): unknown {
  if (e instanceof XlsxReadError) return e;
  if (e instanceof Rejection) {
    return new XlsxReadError({ code: 'damaged', message: e.problem.message, detail: `${place.part}: ${e.problem.detail ?? e.problem.code}` });
  }
  if (!(e instanceof Error) || Object.getPrototypeOf(e) !== Error.prototype) return e;
  const detail = `${place.part}: ${e.message}`;
  if (place.sheet) {
    return new XlsxReadError(
      located(
        'xml',
        place.sheet,
        undefined,
        `Phần dữ liệu của trang tính bị hỏng (không đúng cấu trúc XML), hệ thống không đọc được. ${fixFor(place.sheet)}`,
        detail,
      ),
    );
  }
  return new XlsxReadError({
    code: 'xml',
    message: `${place.what ?? 'Một phần bên trong sổ làm việc'} bị hỏng (không đúng cấu trúc XML), hệ thống không đọc được. ${FIX_FROM_TEMPLATE}`,
    detail,
  });
}

function readStyles(source: PartSource): XfFormat[] {
  const part = 'xl/styles.xml';
  if (!source.has(part)) return [];
  return readPlaced(source, { part, what: 'Phần định dạng ô của sổ làm việc' }, (feed) => {
    const custom = new Map<number, string>();
    const xfs: XfFormat[] = [];
    let inCellXfs = false;
    feed({
      open(name, a) {
        if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(a.numFmtId ?? 0);
          const code = custom.get(id) ?? BUILTIN_FORMATS[id];
          xfs.push(code === undefined || code === 'General' ? { date: false } : { code, date: isDateFormat(code) });
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
    return xfs;
  });
}

/** Shared-string references of the kept cells, resolved once the shared strings are read. */
interface SharedRefs {
  pending: [{ t: 's'; v: string }, number][];
  needed: Set<number>;
  /** The largest index any cell read refers to, and where (checked against the count). */
  max: number;
  maxAt?: { sheet: SheetRef; cell: string };
}

/** Reads the shared strings the kept cells use, and checks every reference points at one. */
function resolveSharedStrings(source: PartSource, refs: SharedRefs): void {
  if (refs.maxAt === undefined) return; // no cell refers to a shared string
  const part = 'xl/sharedStrings.xml';
  let count = 0;
  const strings = new Map<number, string>();
  if (source.has(part)) {
    count = readPlaced(source, { part, what: 'Phần lưu các đoạn chữ của sổ làm việc' }, (feed) => {
      strings.clear();
      let index = -1;
      let want = false;
      let cur = '';
      let inT = false;
      let inPhonetic = 0;
      feed({
        open(name) {
          if (name === 'si') {
            index++;
            want = refs.needed.has(index);
            cur = '';
          } else if (name === 'rPh') inPhonetic++;
          else if (name === 't' && !inPhonetic) inT = want;
        },
        close(name) {
          if (name === 'si' && want) strings.set(index, cur);
          else if (name === 'rPh') inPhonetic--;
          else if (name === 't') inT = false;
        },
        text(t) {
          if (inT) cur += t;
        },
      });
      return index + 1;
    });
  }
  if (refs.max >= count) {
    const { sheet, cell } = refs.maxAt;
    throw new XlsxReadError(
      located(
        'shared_string',
        sheet,
        cell,
        `Nội dung chữ của ô trỏ tới một đoạn chữ không có trong tệp (${TAMPERED}), hệ thống không đọc được ô này. ${fixFor(sheet)}`,
        `${sheet.part} ${cell}: shared string index ${refs.max}, the shared string table has ${count}`,
      ),
    );
  }
  for (const [cell, i] of refs.pending) cell.v = strings.get(i)!;
}

/** "E7" → [5, 7]; undefined when it is not a cell address within Excel's grid. Lower-case letters are read as capitals. */
function parseAddress(r: string): [number, number] | undefined {
  let col = 0;
  let i = 0;
  for (; i < r.length && i < 4; i++) {
    let c = r.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === 0 || col > MAX_COL) return undefined;
  const row = digits(r, i);
  return row === undefined ? undefined : [col, row];
}

/** "7" → 7; undefined unless digits without a leading zero, within Excel's grid. */
function rowNumber(s: string): number | undefined {
  return digits(s, 0);
}

/** The digits of `s` from `from` to its end as a row number (1 … 1 048 576, no leading zero). */
function digits(s: string, from: number): number | undefined {
  const n = s.length - from;
  if (n <= 0 || n > 7 || s.charCodeAt(from) === 48) return undefined;
  let v = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    v = v * 10 + c;
  }
  return v <= MAX_ROW ? v : undefined;
}

/**
 * Per column, the row element that last had a cell there (a stamp that only grows, shared by every
 * sheet this thread reads, so it is allocated once): a cell whose column carries the current row
 * element's stamp is a second cell at that address.
 */
const COLUMN_STAMP = new Float64Array(MAX_COL + 1);
let stamp = 0;

interface SheetContext {
  sheet: SheetRef;
  xfs: XfFormat[];
  region: Region | undefined;
  maxCells: number;
  shared: SharedRefs;
}

function readSheet(source: PartSource, ctx: SheetContext): Map<string, CellRead> {
  const from = ctx.shared.pending.length;
  return readPlaced(source, { part: ctx.sheet.part, sheet: ctx.sheet }, (feed) => {
    ctx.shared.pending.length = from; // a second run (saxes after the fast parser) starts afresh
    return readSheetWith(feed, ctx);
  });
}

function readSheetWith(feed: Feed, ctx: SheetContext): Map<string, CellRead> {
  const { sheet, xfs, region, maxCells, shared } = ctx;
  const cells = new Map<string, CellRead>();
  function fail(code: ReadProblemCode, cell: string | undefined, message: string, detail: string): never {
    throw new XlsxReadError(located(code, sheet, cell, message, `${sheet.part}${cell ? ` ${cell}` : ''}: ${detail}`));
  }
  function broken(cell: string | undefined, what: string, detail: string): never {
    fail('bad_address', cell, `${what} (${TAMPERED}), hệ thống không biết đọc thế nào cho đúng nên không nhận tệp. ${fixFor(sheet)}`, detail);
  }

  // Rows seen (a bit per row number, grown as needed) and COLUMN_STAMP: two cells at one address
  // or two rows with one number are found at O(1) cost per cell, whatever their order.
  let rowsSeen = new Uint8Array(256);
  let rowSeq = 0;
  let inSheetData = false;
  let inRow = false;
  let inCell = false;
  let row = 0;
  let lastCol = 0;
  let kept = 0;

  let ref = '';
  let col = 0;
  let type = 'n';
  let style = 0;
  let v = '';
  let sawV = false;
  let f: string | undefined;
  let inline = '';
  let sawIs = false;
  let mode: 'v' | 'f' | 't' | '' = '';
  let inIs = false;
  let inPhonetic = 0;

  const openRow = (r: string | undefined) => {
    if (inRow) broken(undefined, `Một dòng nằm lồng trong dòng ${row}`, 'row inside a row');
    inRow = true;
    rowSeq = ++stamp;
    lastCol = 0;
    if (r === undefined) {
      row++; // a row without its number follows the previous one
      if (row > MAX_ROW) broken(undefined, 'Trang tính có dòng nằm ngoài giới hạn của Excel', 'implied row number past 1048576');
    } else {
      const n = rowNumber(r);
      if (n === undefined) broken(undefined, `Số dòng “${r.slice(0, 20)}” không hợp lệ`, `row r=${JSON.stringify(r.slice(0, 40))}`);
      row = n;
    }
    const byte = row >> 3;
    if (byte >= rowsSeen.length) {
      const grown = new Uint8Array(Math.max(byte + 1, rowsSeen.length * 2));
      grown.set(rowsSeen);
      rowsSeen = grown;
    }
    const bit = 1 << (row & 7);
    if (rowsSeen[byte] & bit) {
      fail(
        'duplicate_row',
        undefined,
        `Dòng ${row} được ghi hai lần trong tệp (${TAMPERED}), không rõ số liệu nào là đúng nên hệ thống không nhận tệp. ${fixFor(sheet)}`,
        `two <row r="${row}">`,
      );
    }
    rowsSeen[byte] |= bit;
  };

  const openCell = (r: string | undefined) => {
    if (!inRow) broken(r, 'Một ô nằm ngoài mọi dòng', 'cell outside a row');
    if (inCell) broken(r, `Một ô nằm lồng trong ô ${ref}`, 'cell inside a cell');
    inCell = true;
    if (r === undefined) {
      col = lastCol + 1; // a cell without its address follows the previous one in its row
      if (col > MAX_COL) broken(undefined, `Dòng ${row} có ô nằm ngoài giới hạn của Excel`, 'implied column past XFD');
      ref = `${colLetter(col)}${row}`;
    } else {
      const at = parseAddress(r);
      if (!at) broken(undefined, `Địa chỉ ô “${r.slice(0, 20)}” không hợp lệ`, `c r=${JSON.stringify(r.slice(0, 40))}`);
      col = at[0];
      ref = r.charCodeAt(0) >= 97 ? `${colLetter(col)}${at[1]}` : r;
      if (at[1] !== row) broken(ref, `Ô ${ref} lại nằm trong phần dữ liệu của dòng ${row}`, `cell ${ref} inside <row r="${row}">`);
    }
    if (COLUMN_STAMP[col] === rowSeq) {
      fail(
        'duplicate_cell',
        ref,
        `Ô này được ghi hai lần trong tệp (${TAMPERED}), không rõ giá trị nào là đúng nên hệ thống không nhận tệp. ${fixFor(sheet)}`,
        `two cells at ${ref}`,
      );
    }
    COLUMN_STAMP[col] = rowSeq;
    lastCol = col;
  };

  const closeCell = () => {
    inCell = false;
    const keep = !region || (col <= region.maxCol && row <= region.maxRow);
    let cell: CellRead | undefined;
    if (type === 's') {
      if (!sawV) return; // no value: an empty cell
      if (!INDEX.test(v)) {
        fail(
          'shared_string',
          ref,
          `Nội dung chữ của ô trỏ tới một đoạn chữ không có trong tệp (${TAMPERED}), hệ thống không đọc được ô này. ${fixFor(sheet)}`,
          `shared string index ${JSON.stringify(v.slice(0, 40))} is not a non-negative integer`,
        );
      }
      const i = Number(v);
      if (i > shared.max || shared.maxAt === undefined) {
        shared.max = Math.max(shared.max, i);
        shared.maxAt = { sheet, cell: ref };
      }
      if (!keep) return;
      const s: { t: 's'; v: string; formula?: string } = { t: 's', v: '' };
      shared.pending.push([s, i]);
      shared.needed.add(i);
      cell = s;
    } else if (type === 'inlineStr') {
      if (!sawIs) {
        fail(
          'inline_string',
          ref,
          `Ô được đánh dấu là chứa chữ nhưng không có nội dung (${TAMPERED}), hệ thống không đọc được ô này. ${fixFor(sheet)}`,
          't="inlineStr" without <is>',
        );
      }
      cell = { t: 's', v: inline };
    } else if (type === 'str') cell = { t: 's', v };
    else if (type === 'b') cell = v === '' ? undefined : { t: 'b', v: v === '1' };
    else if (type === 'e') cell = { t: 'e', v };
    else if (v !== '') {
      // Only a decimal number is a number: Number() would also read "0x50" (80), "Infinity", " 1 ".
      const n = DECIMAL.test(v) ? Number(v) : NaN;
      const xf = xfs[style];
      cell = !Number.isFinite(n)
        ? { t: 'bad', v: v.slice(0, 40) }
        : xf?.code === undefined
          ? { t: 'n', v: n, date: false }
          : { t: 'n', v: n, date: xf.date, format: xf.code };
    } else if (f !== undefined) cell = { t: 's', v: '' };
    if (!cell || !keep) return;
    if (f !== undefined) cell.formula = f;
    if (++kept > maxCells) {
      const cols = region ? `trong các cột A–${colLetter(region.maxCol)} ` : '';
      fail(
        'too_many_cells',
        undefined,
        `Trang tính có hơn ${maxCells.toLocaleString('vi-VN')} ô có nội dung ${cols}(biểu mẫu chỉ có vài chục dòng), hệ thống không đọc hết được. Hãy xóa phần dữ liệu thừa đã dán vào trang này (hoặc nhập số liệu vào biểu mẫu gốc), lưu tệp rồi nộp lại.`,
        `more than ${maxCells} cells kept`,
      );
    }
    cells.set(ref, cell);
  };

  feed({
    open(name, a) {
      if (name === 'sheetData') {
        inSheetData = true;
        return;
      }
      if (!inSheetData) return;
      if (name === 'c') {
        openCell(a.r);
        type = a.t ?? 'n';
        style = Number(a.s ?? 0);
        v = '';
        sawV = false;
        f = undefined;
        inline = '';
        sawIs = false;
      } else if (name === 'row') openRow(a.r);
      else if (!inCell) return;
      else if (name === 'v') {
        if (sawV) broken(ref, 'Ô có hai giá trị', 'two <v> in one cell');
        sawV = true;
        mode = 'v';
      } else if (name === 'f') {
        mode = 'f';
        f = '';
      } else if (name === 'is') {
        if (sawIs) broken(ref, 'Ô có hai nội dung chữ', 'two <is> in one cell');
        sawIs = true;
        inIs = true;
      } else if (name === 'rPh') inPhonetic++;
      else if (name === 't' && inIs && !inPhonetic) mode = 't';
    },
    close(name) {
      if (name === 'v' || name === 'f' || name === 't') mode = '';
      else if (name === 'is') inIs = false;
      else if (name === 'rPh') inPhonetic--;
      else if (name === 'c' && inCell) closeCell();
      else if (name === 'row' && inSheetData) inRow = false;
      else if (name === 'sheetData') inSheetData = false;
    },
    text(t) {
      if (mode === 'v') v += t;
      else if (mode === 'f') f += t;
      else if (mode === 't') inline += t;
    },
  });
  return cells;
}

/**
 * Reads the named sheets (all when `only` is omitted) of a workbook's bytes, each zip entry
 * checked (size, CRC-32) as it inflates. Meant for files screened already (or written by us): it
 * does not apply screening's limits, but holds no more than one part of at most 8 MiB at a time.
 */
export function readXlsx(bytes: Uint8Array, only?: string[], options?: ReadOptions): WorkbookRead {
  let source: PartSource;
  try {
    source = zipSourceOf(bytes);
  } catch (e) {
    throw asReadError(e, { part: '(zip)', what: 'Cấu trúc nén của tệp' });
  }
  return readWorkbook(source, only, options);
}

/** The zip entries the reader may read (what screenWorkbook's keepParts should keep for readXlsxParts). */
export function isReadPart(name: string): boolean {
  return (
    name === 'xl/workbook.xml' ||
    name === 'xl/_rels/workbook.xml.rels' ||
    name === 'xl/sharedStrings.xml' ||
    name === 'xl/styles.xml' ||
    name.startsWith('xl/worksheets/')
  );
}

/**
 * The parts reading `only` needs, for screenWorkbook's keepParts: the workbook, its relationships,
 * the shared strings, the styles, and the parts of the sheets answering to those names (other
 * sheets are neither kept nor read).
 */
export function readPartsFor(only: readonly string[]): (name: string, sheets: readonly SheetRef[]) => boolean {
  const keys = new Set(only.map(sheetKey));
  return (name, sheets) => {
    if (!isReadPart(name)) return false;
    if (!name.startsWith('xl/worksheets/')) return true;
    return sheets.some((s) => s.part === name && keys.has(sheetKey(s.name)));
  };
}

/**
 * readXlsx on parts already inflated (e.g. by screenWorkbook with `keepParts: isReadPart`):
 * `parts` must hold every entry of the file that isReadPart selects.
 */
export function readXlsxParts(parts: Map<string, Uint8Array>, only?: string[], options?: ReadOptions): WorkbookRead {
  return readWorkbook(mapPartSource(parts), only, options);
}

/** Reads the named sheets (all when `only` is omitted) from a PartSource. */
export function readWorkbook(source: PartSource, only?: string[], options: ReadOptions = {}): WorkbookRead {
  const what = 'Phần mô tả các trang tính của sổ làm việc';
  let declared: SheetRef[];
  try {
    const wbXml = partText(source, 'xl/workbook.xml');
    const relsXml = partText(source, 'xl/_rels/workbook.xml.rels');
    if (!wbXml || !relsXml) {
      throw new XlsxReadError({
        code: 'missing_part',
        message: `${what} bị thiếu, hệ thống không tìm được các trang tính. ${FIX_FROM_TEMPLATE}`,
        detail: `missing ${wbXml ? 'xl/_rels/workbook.xml.rels' : 'xl/workbook.xml'}`,
      });
    }
    declared = readWorkbookStructure(wbXml, relsXml).sheets;
  } catch (e) {
    throw asReadError(e, { part: 'xl/workbook.xml', what });
  }

  // Two sheets answering to one name we read: which one is the form is anybody's guess.
  const wanted = only && new Set(only.map(sheetKey));
  const byKey = new Map<string, SheetRef[]>();
  for (const d of declared) {
    const k = sheetKey(d.name);
    if (wanted && !wanted.has(k)) continue;
    byKey.set(k, [...(byKey.get(k) ?? []), d]);
  }
  for (const same of byKey.values()) {
    if (same.length < 2) continue;
    const names = same.map((s) => `“${s.name}”`).join(', ');
    const message = same.some(hidden)
      ? `Sổ làm việc có ${same.length} trang thông tin ẩn của biểu mẫu trùng tên (${TAMPERED}), hệ thống không biết trang nào đúng nên không nhận tệp. ${FIX_FROM_TEMPLATE}`
      : `Sổ làm việc có ${same.length} trang tính cùng mang tên ${names} (Excel coi chữ hoa và chữ thường là như nhau), hệ thống không biết trang nào là biểu mẫu nên không nhận tệp. Hãy chỉ giữ lại trang “${same[0].name}” của biểu mẫu (xóa hoặc đổi tên các trang thừa), lưu tệp rồi nộp lại.`;
    throw new XlsxReadError({
      code: 'duplicate_sheet',
      message,
      detail: `${same.length} sheets answer to ${JSON.stringify(same[0].name)}: ${same.map((s) => JSON.stringify(s.name)).join(', ')}`,
    });
  }

  const toRead = declared.filter((d) => d.kind === 'worksheet' && (!wanted || wanted.has(sheetKey(d.name))));
  for (const d of toRead) {
    if (!source.has(d.part)) {
      throw new XlsxReadError(
        located(
          'missing_part',
          d,
          undefined,
          `Trang tính không có phần dữ liệu trong tệp. ${fixFor(d)}`,
          `sheet ${JSON.stringify(d.name)}: part ${JSON.stringify(d.part)} missing`,
        ),
      );
    }
  }
  const xfs = toRead.length ? readStyles(source) : [];
  const shared: SharedRefs = { pending: [], needed: new Set(), max: -1 };
  const maxCells = options.maxCells ?? Infinity;
  const sheets: SheetRead[] = toRead.map((d) => ({
    name: d.name,
    state: d.state,
    cells: readSheet(source, { sheet: d, xfs, region: options.region?.(d.name), maxCells, shared }),
  }));
  resolveSharedStrings(source, shared);
  return { sheets, sheet: (name) => sheets.find((s) => sheetKey(s.name) === sheetKey(name)) };
}
