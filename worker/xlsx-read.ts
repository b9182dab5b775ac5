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

interface Handlers {
  open?: (name: string, attrs: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (t: string) => void;
}
type Parse = (xml: string, handlers: Handlers) => void;

function saxesParse(xml: string, handlers: Handlers): void {
  const p = new SaxesParser({ xmlns: false, position: false });
  if (handlers.open) p.on('opentag', (tag) => handlers.open!(local(tag.name), tag.attributes as Record<string, string>));
  if (handlers.close) p.on('closetag', (tag) => handlers.close!(local(tag.name)));
  if (handlers.text) {
    p.on('text', handlers.text);
    p.on('cdata', handlers.text);
  }
  p.write(xml).close();
}

/**
 * Runs a reader with the fast parser below and, if that one meets anything outside the plain
 * XML it handles, again from scratch with saxes: saxes has the last word on every unusual
 * document (and on every malformed one, which it rejects), the fast path only ever sees what
 * Excel and exceljs write. `run` must keep all its state inside (it may run twice).
 */
function withParser<T>(run: (parse: Parse) => T): T {
  try {
    return run(fastParse);
  } catch (e) {
    if (e instanceof Unusual) return run(saxesParse);
    throw e;
  }
}

/** The fast parser met something it leaves to saxes. */
class Unusual extends Error {}

/**
 * Characters the fast parser leaves to saxes: those XML forbids and CR (which XML normalises
 * at parse time); `]]>` in text goes too (checked apart: one character class scans faster).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNUSUAL_CHARS = /[\0-\x08\x0B-\x1F\uFFFE\uFFFF]/;
const XML_DECL = /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"1\.0"|'1\.0')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>/y;
/** Start tag after its `<`: name, then attributes (each after whitespace), then `>` or `/>`. */
const START_TAG = /([A-Za-z_][\w.:-]*)((?:[ \t\n]+[A-Za-z_][\w.:-]*[ \t\n]*=[ \t\n]*(?:"[^"<\t\n]*"|'[^'<\t\n]*'))*)[ \t\n]*(\/?)>/y;
const ATTRIBUTE = /[ \t\n]+([A-Za-z_][\w.:-]*)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)')/y;
const END_TAG = /\/([A-Za-z_][\w.:-]*)[ \t\n]*>/y;
const ONLY_SPACE = /^[ \t\n]*$/;

/**
 * A small non-validating XML parser for the documents Excel and exceljs write: elements,
 * attributes, text with the predefined entities and character references, and an XML
 * declaration. It checks what saxes checks on such documents (matching end tags, one root,
 * no text outside it, unique attributes, known entities, allowed characters) and throws
 * Unusual for anything else (comments, CDATA, DOCTYPE, processing instructions, CR, tabs or
 * newlines in attribute values, non-ASCII names…), which then goes to saxes.
 */
function fastParse(xml: string, handlers: Handlers): void {
  if (UNUSUAL_CHARS.test(xml) || xml.includes(']]>')) throw new Unusual();
  const { open, close, text } = handlers;
  const stack: string[] = [];
  let rootSeen = false;
  let p = 0;
  if (xml.startsWith('<?xml')) {
    XML_DECL.lastIndex = 0;
    if (!XML_DECL.test(xml)) throw new Unusual();
    p = XML_DECL.lastIndex;
  }
  const n = xml.length;
  while (p < n) {
    const lt = xml.indexOf('<', p);
    const end = lt < 0 ? n : lt;
    if (end > p) {
      if (stack.length === 0) {
        if (!ONLY_SPACE.test(xml.slice(p, end))) throw new Unusual();
      } else if (text) {
        text(decodeText(xml, p, end));
      }
    }
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === 0x2f /* / */) {
      END_TAG.lastIndex = lt + 1;
      const m = END_TAG.exec(xml);
      if (!m || stack.pop() !== m[1]) throw new Unusual();
      close?.(local(m[1]));
      p = END_TAG.lastIndex;
      continue;
    }
    START_TAG.lastIndex = lt + 1;
    const m = START_TAG.exec(xml);
    if (!m) throw new Unusual();
    p = START_TAG.lastIndex;
    if (stack.length === 0) {
      if (rootSeen) throw new Unusual();
      rootSeen = true;
    }
    const name = m[1];
    const selfClosing = m[3] === '/';
    if (open) {
      const attrs: Record<string, string> = {};
      const raw = m[2];
      if (raw) {
        ATTRIBUTE.lastIndex = 0;
        for (let a = ATTRIBUTE.exec(raw); a; a = ATTRIBUTE.exec(raw)) {
          const key = a[1];
          if (Object.prototype.hasOwnProperty.call(attrs, key)) throw new Unusual();
          const v = a[2] ?? a[3];
          attrs[key] = v.indexOf('&') < 0 ? v : decodeText(v, 0, v.length);
        }
      }
      open(local(name), attrs);
    } else if (m[2]) {
      // Unique attribute names are still checked (saxes rejects duplicates).
      const seen = new Set<string>();
      ATTRIBUTE.lastIndex = 0;
      for (let a = ATTRIBUTE.exec(m[2]); a; a = ATTRIBUTE.exec(m[2])) {
        if (seen.has(a[1])) throw new Unusual();
        seen.add(a[1]);
      }
    }
    if (selfClosing) close?.(local(name));
    else stack.push(name);
  }
  if (!rootSeen || stack.length) throw new Unusual();
}

/** xml[from, to) with the predefined entities and character references decoded. */
function decodeText(xml: string, from: number, to: number): string {
  let amp = xml.indexOf('&', from);
  if (amp < 0 || amp >= to) return xml.slice(from, to);
  let out = '';
  let p = from;
  while (amp >= 0 && amp < to) {
    const semi = xml.indexOf(';', amp);
    if (semi < 0 || semi >= to) throw new Unusual();
    out += xml.slice(p, amp) + entity(xml.slice(amp + 1, semi));
    p = semi + 1;
    amp = xml.indexOf('&', p);
  }
  return out + xml.slice(p, to);
}

function entity(e: string): string {
  switch (e) {
    case 'amp': return '&';
    case 'lt': return '<';
    case 'gt': return '>';
    case 'quot': return '"';
    case 'apos': return "'";
  }
  let cp = NaN;
  if (/^#[0-9]+$/.test(e)) cp = parseInt(e.slice(1), 10);
  else if (/^#x[0-9a-fA-F]+$/.test(e)) cp = parseInt(e.slice(2), 16);
  const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  if (!ok) throw new Unusual();
  return String.fromCodePoint(cp);
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
  if (!wbXml || !relsXml) throw new XlsxReadError('thiếu xl/workbook.xml hoặc quan hệ của nó');
  const rels = withParser((parse) => {
    const out = new Map<string, string>();
    parse(relsXml, { open(name, a) { if (name === 'Relationship') out.set(a.Id, resolveTarget(a.Target)); } });
    return out;
  });
  const declared = withParser((parse) => {
    const out: { name: string; state: SheetRead['state']; part: string }[] = [];
    parse(wbXml, {
      open(name, a) {
        if (name === 'sheet') {
          const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
          out.push({ name: a.name, state: (a.state as SheetRead['state']) ?? 'visible', part: rels.get(rid) ?? '' });
        }
      },
    });
    return out;
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

/**
 * For tests: the events of `xml` as the fast parser or saxes reports them (each event a string),
 * or 'unusual' when the fast parser leaves the document to saxes, or 'error: …' when it fails.
 * Text outside the root element (whitespace only; no reader looks at it) is left out.
 */
export function xmlEventsForTest(xml: string, parser: 'fast' | 'saxes'): string[] | 'unusual' | `error: ${string}` {
  const events: string[] = [];
  let depth = 0;
  try {
    (parser === 'fast' ? fastParse : saxesParse)(xml, {
      open: (name, a) => {
        depth++;
        events.push(`<${name} ${JSON.stringify(a)}`);
      },
      close: (name) => {
        depth--;
        events.push(`</${name}`);
      },
      text: (t) => {
        if (depth === 0) return; // whitespace around the root (saxes reports some of it): read by no one
        if (events.length && events[events.length - 1].startsWith('"')) events[events.length - 1] = JSON.stringify(JSON.parse(events[events.length - 1]) + t);
        else events.push(JSON.stringify(t));
      },
    });
  } catch (e) {
    if (e instanceof Unusual) return 'unusual';
    return `error: ${(e as Error).message}`;
  }
  return events;
}
