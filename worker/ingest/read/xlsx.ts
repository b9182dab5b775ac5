/**
 * A small, fast .xlsx cell reader for submitted workbooks: it reads only the parts it needs, with
 * the fast XML pass of xml.ts (saxes for anything unusual), so thousands of files are read without
 * exceljs' full object model (exceljs `load` reads ~90 files/s; this reads several times more;
 * see bench/). Reading is linear in the size of the sheet.
 * It reads values only: numbers, strings (shared, inline, rich), booleans, errors, formula
 * results, and whether a number is shown as a date.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { readWorkbookStructure } from './workbook.ts';
import { withParser, type Parse } from './xml.ts';
import { isDateFormat } from '../../../shared/template-read.ts';

export type CellRead =
  | { t: 'n'; v: number; date: boolean; formula?: string }
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
  sheet(name: string): SheetRead | undefined;
}

/** A number as SpreadsheetML writes it (xsd:double without INF/NaN). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Built-in number formats that show dates or times. */
const DATE_BUILTIN = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

function readStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  return withParser((parse) => readStylesWith(parse, xml));
}

function readStylesWith(parse: Parse, xml: string): boolean[] {
  const custom = new Map<number, string>();
  const xfDate: boolean[] = [];
  let inCellXfs = false;
  parse(xml, {
    open(name, a) {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        xfDate.push(DATE_BUILTIN.has(id) || (custom.has(id) && isDateFormat(custom.get(id)!)));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfDate;
}

function readSharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  return withParser((parse) => readSharedStringsWith(parse, xml));
}

function readSharedStringsWith(parse: Parse, xml: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inT = false;
  let inPhonetic = 0;
  parse(xml, {
    open(name) {
      if (name === 'si') cur = '';
      else if (name === 'rPh') inPhonetic++;
      else if (name === 't' && !inPhonetic) inT = true;
    },
    close(name) {
      if (name === 'si') out.push(cur);
      else if (name === 'rPh') inPhonetic--;
      else if (name === 't') inT = false;
    },
    text(t) {
      if (inT) cur += t;
    },
  });
  return out;
}

function readSheet(xml: string, shared: string[], xfDate: boolean[]): Map<string, CellRead> {
  return withParser((parse) => readSheetWith(parse, xml, shared, xfDate));
}

function readSheetWith(parse: Parse, xml: string, shared: string[], xfDate: boolean[]): Map<string, CellRead> {
  const cells = new Map<string, CellRead>();
  let ref = '';
  let type = 'n';
  let style = 0;
  let v = '';
  let f: string | undefined;
  let inline = '';
  let mode: 'v' | 'f' | 't' | '' = '';
  let inIs = false;
  let inPhonetic = 0;
  parse(xml, {
    open(name, a) {
      if (name === 'c') {
        ref = a.r ?? '';
        type = a.t ?? 'n';
        style = Number(a.s ?? 0);
        v = '';
        f = undefined;
        inline = '';
      } else if (name === 'v') mode = 'v';
      else if (name === 'f') {
        mode = 'f';
        f = '';
      } else if (name === 'is') inIs = true;
      else if (name === 'rPh') inPhonetic++;
      else if (name === 't' && inIs && !inPhonetic) mode = 't';
    },
    close(name) {
      if (name === 'v' || name === 'f' || name === 't') mode = '';
      else if (name === 'is') inIs = false;
      else if (name === 'rPh') inPhonetic--;
      else if (name === 'c' && ref) {
        let cell: CellRead | undefined;
        if (type === 's') cell = v === '' ? undefined : { t: 's', v: shared[Number(v)] ?? '' };
        else if (type === 'inlineStr') cell = { t: 's', v: inline };
        else if (type === 'str') cell = { t: 's', v };
        else if (type === 'b') cell = v === '' ? undefined : { t: 'b', v: v === '1' };
        else if (type === 'e') cell = { t: 'e', v };
        else if (v !== '') {
          // Only a decimal number is a number: Number() would also read "0x50" (80), "Infinity", " 1 ".
          const n = DECIMAL.test(v) ? Number(v) : NaN;
          cell = Number.isFinite(n) ? { t: 'n', v: n, date: xfDate[style] === true } : { t: 'bad', v: v.slice(0, 40) };
        }
        else if (f !== undefined) cell = { t: 's', v: '' };
        if (cell) {
          if (f !== undefined) cell.formula = f;
          cells.set(ref, cell);
        }
      }
    },
    text(t) {
      if (mode === 'v') v += t;
      else if (mode === 'f') f += t;
      else if (mode === 't') inline += t;
    },
  });
  return cells;
}

export class XlsxReadError extends Error {}

/**
 * Reads the named sheets (all when `only` is omitted). The file must have been screened first
 * (worker/ingest/screen.ts): this inflates the parts it reads without further caps.
 */
export function readXlsx(bytes: Uint8Array, only?: string[]): WorkbookRead {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => isReadPart(f.name) });
  } catch (e) {
    throw new XlsxReadError(`không giải nén được (${(e as Error).message})`);
  }
  return readParts((name) => files[name], only);
}

/** The zip entries readXlsx reads (what screenWorkbook's keepParts should keep for readXlsxParts). */
export function isReadPart(name: string): boolean {
  return name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels'
    || name === 'xl/sharedStrings.xml' || name === 'xl/styles.xml' || name.startsWith('xl/worksheets/');
}

/**
 * readXlsx on parts already inflated (e.g. by screenWorkbook with `keepParts: isReadPart`):
 * `parts` must hold every entry of the file that isReadPart selects.
 */
export function readXlsxParts(parts: Map<string, Uint8Array>, only?: string[]): WorkbookRead {
  return readParts((name) => parts.get(name), only);
}

function readParts(file: (name: string) => Uint8Array | undefined, only: string[] | undefined): WorkbookRead {
  const text = (name: string) => {
    const b = file(name);
    return b ? strFromU8(b) : undefined;
  };
  const wbXml = text('xl/workbook.xml');
  const relsXml = text('xl/_rels/workbook.xml.rels');
  if (!wbXml || !relsXml) throw new XlsxReadError('thiếu phần mô tả các trang tính');
  const declared = readWorkbookStructure(wbXml, relsXml).sheets;
  const shared = readSharedStrings(text('xl/sharedStrings.xml'));
  const xfDate = readStyles(text('xl/styles.xml'));
  const sheets: SheetRead[] = [];
  for (const d of declared) {
    if (d.kind !== 'worksheet' || (only && !only.includes(d.name))) continue;
    const xml = text(d.part);
    if (xml === undefined) throw new XlsxReadError(`trang tính “${d.name}” không có dữ liệu`);
    sheets.push({ name: d.name, state: d.state, cells: readSheet(xml, shared, xfDate) });
  }
  return { sheets, sheet: (name) => sheets.find((s) => s.name === name) };
}
