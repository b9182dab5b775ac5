/**
 * A small, fast .xlsx cell reader (fflate + saxes) for submitted workbooks: it inflates only the
 * parts it needs and streams their XML, so thousands of files are read without exceljs' full
 * object model (exceljs `load` reads ~90 files/s; this reads several times more; see bench/).
 * It reads values only: numbers, strings (shared, inline, rich), booleans, errors, formula
 * results, and whether a number is shown as a date.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { SaxesParser } from 'saxes';

export type CellRead =
  | { t: 'n'; v: number; date: boolean; formula?: string }
  | { t: 's'; v: string; formula?: string }
  | { t: 'b'; v: boolean; formula?: string }
  | { t: 'e'; v: string; formula?: string };

export interface SheetRead {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  cells: Map<string, CellRead>;
}

export interface WorkbookRead {
  sheets: SheetRead[];
  sheet(name: string): SheetRead | undefined;
}

function parse(xml: string, handlers: {
  open?: (name: string, attrs: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (t: string) => void;
}): void {
  const p = new SaxesParser({ xmlns: false, position: false });
  if (handlers.open) p.on('opentag', (tag) => handlers.open!(local(tag.name), tag.attributes as Record<string, string>));
  if (handlers.close) p.on('closetag', (tag) => handlers.close!(local(tag.name)));
  if (handlers.text) {
    p.on('text', handlers.text);
    p.on('cdata', handlers.text);
  }
  p.write(xml).close();
}

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Built-in number formats that show dates or times. */
const DATE_BUILTIN = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

function isDateFormat(code: string): boolean {
  const stripped = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(stripped) && !/^[#0.,%\s-]*$/.test(stripped);
}

function readStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
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
        else if (v !== '') cell = { t: 'n', v: Number(v), date: xfDate[style] === true };
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

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

export class XlsxReadError extends Error {}

/**
 * Reads the named sheets (all when `only` is omitted). The file must have been screened first
 * (worker/ingest/screen.ts): this inflates the parts it reads without further caps.
 */
export function readXlsx(bytes: Uint8Array, only?: string[]): WorkbookRead {
  const wanted = (name: string) => name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels'
    || name === 'xl/sharedStrings.xml' || name === 'xl/styles.xml' || name.startsWith('xl/worksheets/');
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => wanted(f.name) });
  } catch (e) {
    throw new XlsxReadError(`không giải nén được (${(e as Error).message})`);
  }
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : undefined);
  const wbXml = text('xl/workbook.xml');
  const relsXml = text('xl/_rels/workbook.xml.rels');
  if (!wbXml || !relsXml) throw new XlsxReadError('thiếu xl/workbook.xml hoặc quan hệ của nó');
  const rels = new Map<string, string>();
  parse(relsXml, { open(name, a) { if (name === 'Relationship') rels.set(a.Id, resolveTarget(a.Target)); } });
  const declared: { name: string; state: SheetRead['state']; part: string }[] = [];
  parse(wbXml, {
    open(name, a) {
      if (name === 'sheet') {
        const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
        declared.push({ name: a.name, state: (a.state as SheetRead['state']) ?? 'visible', part: rels.get(rid) ?? '' });
      }
    },
  });
  const shared = readSharedStrings(text('xl/sharedStrings.xml'));
  const xfDate = readStyles(text('xl/styles.xml'));
  const sheets: SheetRead[] = [];
  for (const d of declared) {
    if (only && !only.includes(d.name)) continue;
    const xml = text(d.part);
    if (xml === undefined) throw new XlsxReadError(`trang tính “${d.name}” không có phần dữ liệu ${d.part}`);
    sheets.push({ name: d.name, state: d.state, cells: readSheet(xml, shared, xfDate) });
  }
  return { sheets, sheet: (name) => sheets.find((s) => s.name === name) };
}
