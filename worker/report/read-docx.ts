/**
 * Reads a Word document (.docx) for the check against the figures: its body paragraphs, its tables
 * and its footnotes, as text, with where each footnote is referenced and the number Word prints for
 * it. A small reader on fflate + saxes: the zip is inflated with a cap on every part (a lying zip
 * cannot inflate past it), entities are refused by the XML parser, and only the text is kept.
 */
import { Unzip, UnzipInflate, strFromU8 } from 'fflate';
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface NoteRef {
  /** The footnote's id in the file (w:id). */
  id: number;
  /** Where the reference mark sits in the paragraph's or cell's text. */
  offset: number;
}

export interface DocxParagraph {
  /** 1-based, counting the non-empty paragraphs of the body outside tables. */
  index: number;
  /** Position among the body's paragraphs and tables, in document order. */
  order: number;
  text: string;
  style?: string;
  /** Outline level from the paragraph's own properties (0 = heading 1), when set. */
  outline?: number;
  notes: NoteRef[];
}

export interface DocxCell {
  text: string;
  notes: NoteRef[];
}

export interface DocxTable {
  /** 1-based, in document order. */
  index: number;
  order: number;
  /** The index of the last body paragraph before the table (0 when none). */
  afterParagraph: number;
  rows: { cells: DocxCell[] }[];
}

export interface DocxFootnote {
  id: number;
  /**
   * The number Word prints: the first section's start number plus the order of first reference
   * (numbering through the document; a later section's restart is not followed); null for a custom mark.
   */
  number: number | null;
  /** The mark as printed: the number, or a custom mark. */
  mark: string;
  text: string;
  /** Where it is referenced from, when it is. */
  ref?: { kind: 'paragraph'; index: number; order: number } | { kind: 'table'; index: number; order: number; row: number };
}

export interface ReadDocx {
  paragraphs: DocxParagraph[];
  tables: DocxTable[];
  footnotes: DocxFootnote[];
  /** The first footnote number of the document's first section (w:footnotePr/w:numStart), 1 by default. */
  footnoteStart: number;
}

export class DocxReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocxReadError';
  }
}

const W = new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
/** Inflated size allowed for one XML part, and for all of them. */
const MAX_PART = 48 * 1024 * 1024;
const MAX_TOTAL = 96 * 1024 * 1024;

function unzipParts(bytes: Uint8Array): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array>();
  let total = 0;
  let failure: Error | undefined;
  const uz = new Unzip((file) => {
    if (!/\.(xml|rels)$/i.test(file.name) || failure) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = err;
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > MAX_PART || total > MAX_TOTAL) {
        failure = new DocxReadError(
          'Tệp Word có phần nội dung quá lớn khi giải nén (có thể tệp bị hỏng hoặc không an toàn). Hãy mở tệp trong Word, lưu lại rồi thử lại.',
        );
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) {
        const out = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        parts.set(file.name, out);
      }
    };
    file.start();
  });
  uz.register(UnzipInflate);
  try {
    uz.push(bytes, true);
  } catch (e) {
    failure ??= e as Error;
  }
  if (failure) {
    if (failure instanceof DocxReadError) throw failure;
    throw new DocxReadError('Không giải nén được tệp Word: tệp bị hỏng hoặc chưa tải xong. Hãy mở tệp trong Word, lưu lại rồi thử lại.', { cause: failure });
  }
  return parts;
}

function attr(tag: SaxesTagNS, local: string): string | undefined {
  for (const a of Object.values(tag.attributes)) if (a.local === local) return a.value;
  return undefined;
}

function parseXml(xml: string, part: string, handlers: { open(tag: SaxesTagNS): void; close(tag: SaxesTagNS): void; text(t: string): void }): void {
  const p = new SaxesParser({ xmlns: true, position: false });
  p.on('opentag', (t) => handlers.open(t));
  p.on('closetag', (t) => handlers.close(t));
  p.on('text', (t) => handlers.text(t));
  try {
    p.write(xml).close();
  } catch (e) {
    throw new DocxReadError(`Tệp Word có phần “${part}” không đọc được (nội dung XML hỏng). Hãy mở tệp trong Word, lưu lại rồi thử lại.`, { cause: e });
  }
}

/** The targets of a part's relationships, by type suffix ("officeDocument", "footnotes" …), as zip paths. */
function relationships(parts: Map<string, Uint8Array>, relsPath: string, baseDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const bytes = parts.get(relsPath);
  if (!bytes) return out;
  parseXml(strFromU8(bytes), relsPath, {
    open(tag) {
      if (tag.local !== 'Relationship' || tag.uri !== REL) return;
      const type = attr(tag, 'Type') ?? '';
      const target = attr(tag, 'Target') ?? '';
      if (attr(tag, 'TargetMode') === 'External') return;
      const resolved = target.startsWith('/') ? target.slice(1) : normalizePath(`${baseDir}${target}`);
      out.set(type.slice(type.lastIndexOf('/') + 1), resolved);
    },
    close() {},
    text() {},
  });
  return out;
}

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

interface Collected {
  text: string;
  notes: (NoteRef & { custom: boolean; mark: string })[];
  style?: string;
  outline?: number;
}

/**
 * Walks WordprocessingML: paragraph text (runs' w:t, tabs, breaks), footnote references, tables.
 * Deleted text, field codes, the fallback copy of alternate content and text boxes are left out.
 */
class Walker {
  private skip = 0;
  private inRun = 0;
  private inText = false;
  private inPPr = 0;
  private para: Collected | undefined;
  private pendingCustom: Collected['notes'][number] | undefined;
  /** Table nesting; cells of nested tables are flattened into the outer cell. */
  private tableDepth = 0;
  private cell: { paras: Collected[] } | undefined;
  private row: DocxCell[] | undefined;
  private table: { rows: { cells: DocxCell[] }[] } | undefined;
  numStart: number | undefined;
  private inFootnotePr = 0;
  /** The run in hand is set as superscript (w:vertAlign): its digits are a footnote mark typed by hand. */
  private superscript = false;

  constructor(
    private readonly sink: {
      paragraph(c: Collected): void;
      table(rows: { cells: DocxCell[] }[]): void;
    },
  ) {}

  open(tag: SaxesTagNS): void {
    if (tag.uri === MC && tag.local === 'Fallback') this.skip++;
    if (!W.has(tag.uri)) return;
    if (this.skip > 0) {
      if (['del', 'instrText', 'txbxContent', 'delText'].includes(tag.local)) this.skip++;
      return;
    }
    switch (tag.local) {
      case 'del':
      case 'instrText':
      case 'delText':
      case 'txbxContent':
      case 'moveFrom':
        this.skip++;
        return;
      case 'p':
        if (!this.para) this.para = { text: '', notes: [] };
        return;
      case 'pPr':
        this.inPPr++;
        return;
      case 'pStyle':
        if (this.inPPr && this.para) this.para.style = attr(tag, 'val');
        return;
      case 'outlineLvl':
        if (this.inPPr && this.para) this.para.outline = Number(attr(tag, 'val'));
        return;
      case 'r':
        this.inRun++;
        this.superscript = false;
        return;
      case 'vertAlign':
        if (this.inRun && !this.inPPr) this.superscript = attr(tag, 'val') === 'superscript';
        return;
      case 't':
        if (this.inRun) this.inText = true;
        return;
      case 'tab':
        if (this.inRun && this.para) this.para.text += '\t';
        return;
      case 'br':
      case 'cr':
        if (this.inRun && this.para) this.para.text += '\n';
        return;
      case 'noBreakHyphen':
        if (this.inRun && this.para) this.para.text += '-';
        return;
      case 'footnoteReference': {
        if (!this.para) return;
        const ref = {
          id: Number(attr(tag, 'id')),
          offset: this.para.text.length,
          custom: ['1', 'true', 'on'].includes(attr(tag, 'customMarkFollows') ?? ''),
          mark: '',
        };
        this.para.notes.push(ref);
        if (ref.custom) this.pendingCustom = ref;
        return;
      }
      case 'footnotePr':
        this.inFootnotePr++;
        return;
      case 'numStart':
        if (this.inFootnotePr && this.numStart === undefined) this.numStart = Number(attr(tag, 'val'));
        return;
      case 'tbl':
        this.tableDepth++;
        if (this.tableDepth === 1) this.table = { rows: [] };
        return;
      case 'tr':
        if (this.tableDepth === 1) this.row = [];
        return;
      case 'tc':
        if (this.tableDepth === 1) this.cell = { paras: [] };
        return;
    }
  }

  close(tag: SaxesTagNS): void {
    if (tag.uri === MC && tag.local === 'Fallback') {
      this.skip--;
      return;
    }
    if (!W.has(tag.uri)) return;
    if (this.skip > 0) {
      if (['del', 'instrText', 'txbxContent', 'delText', 'moveFrom'].includes(tag.local)) this.skip--;
      return;
    }
    switch (tag.local) {
      case 'pPr':
        this.inPPr--;
        return;
      case 'r':
        this.inRun--;
        this.pendingCustom = undefined;
        this.superscript = false;
        return;
      case 't':
        this.inText = false;
        return;
      case 'footnotePr':
        this.inFootnotePr--;
        return;
      case 'p': {
        const p = this.para;
        this.para = undefined;
        if (!p) return;
        if (this.cell) this.cell.paras.push(p);
        else if (this.tableDepth === 0) this.sink.paragraph(p);
        return;
      }
      case 'tc':
        if (this.tableDepth === 1 && this.cell && this.row) {
          const paras = this.cell.paras;
          let text = '';
          const notes: NoteRef[] = [];
          paras.forEach((p, i) => {
            if (i > 0) text += '\n';
            for (const n of p.notes) notes.push({ id: n.id, offset: text.length + n.offset });
            text += p.text;
          });
          this.row.push({ text, notes });
          this.cell = undefined;
        }
        return;
      case 'tr':
        if (this.tableDepth === 1 && this.row && this.table) this.table.rows.push({ cells: this.row });
        this.row = undefined;
        return;
      case 'tbl':
        if (this.tableDepth === 1 && this.table) this.sink.table(this.table.rows);
        this.tableDepth--;
        if (this.tableDepth === 0) this.table = undefined;
        return;
    }
  }

  text(t: string): void {
    if (this.skip > 0 || !this.inText || !this.para) return;
    if (this.pendingCustom) {
      this.pendingCustom.mark += t;
      return;
    }
    // “III” then “32” set as superscript reads “III³²”, as a mark typed in Unicode does: never “III32”, nor “4⁷⁵” as 475.
    this.para.text += this.superscript ? t.replace(/[0-9]/g, (d) => SUPERSCRIPT_DIGITS[Number(d)]) : t;
  }
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function sniff(bytes: Uint8Array): void {
  const magic = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (magic([0xd0, 0xcf, 0x11, 0xe0])) {
    throw new DocxReadError(
      'Tệp là tài liệu Word cũ (.doc) hoặc tài liệu đã đặt mật khẩu, không phải tệp .docx. Hãy mở trong Word, bỏ mật khẩu nếu có, rồi lưu lại dưới dạng “Word Document (.docx)”.',
    );
  }
  if (!magic([0x50, 0x4b])) {
    const pdf = magic([0x25, 0x50, 0x44, 0x46]);
    throw new DocxReadError(
      pdf
        ? 'Tệp là PDF, không phải tài liệu Word (.docx). Hãy chọn tệp dự thảo báo cáo dạng .docx.'
        : 'Tệp không phải tài liệu Word (.docx). Hãy chọn tệp dự thảo báo cáo dạng .docx.',
    );
  }
}

/** Whether a part's root element is a WordprocessingML document (not a workbook or a presentation). */
function isWordDocument(bytes: Uint8Array, part: string): boolean {
  let root: SaxesTagNS | undefined;
  const p = new SaxesParser({ xmlns: true, position: false });
  p.on('opentag', (t) => {
    root ??= t;
  });
  try {
    // The root element is near the start; the rest is parsed later.
    p.write(strFromU8(bytes.subarray(0, 65536)));
  } catch (e) {
    throw new DocxReadError(`Tệp Word có phần “${part}” không đọc được (nội dung XML hỏng). Hãy mở tệp trong Word, lưu lại rồi thử lại.`, { cause: e });
  }
  return root !== undefined && root.local === 'document' && W.has(root.uri);
}

/** Reads a .docx. Throws DocxReadError (Vietnamese) when the file is not a readable Word document. */
export function readDocx(bytes: Uint8Array): ReadDocx {
  sniff(bytes);
  const parts = unzipParts(bytes);
  const root = relationships(parts, '_rels/.rels', '');
  const mainPath = root.get('officeDocument') ?? 'word/document.xml';
  const main = parts.get(mainPath);
  if (!main || !isWordDocument(main, mainPath)) {
    const what = parts.has('xl/workbook.xml')
      ? 'Tệp là bảng tính Excel, không phải tài liệu Word.'
      : parts.has('ppt/presentation.xml')
        ? 'Tệp là bài trình chiếu PowerPoint, không phải tài liệu Word.'
        : 'Tệp không có nội dung của một tài liệu Word.';
    throw new DocxReadError(`${what} Hãy chọn tệp dự thảo báo cáo dạng .docx.`);
  }
  const dir = mainPath.includes('/') ? mainPath.slice(0, mainPath.lastIndexOf('/') + 1) : '';
  const rels = relationships(parts, `${dir}_rels/${mainPath.slice(dir.length)}.rels`, dir);

  const paragraphs: DocxParagraph[] = [];
  const tables: DocxTable[] = [];
  const refs: { id: number; custom: boolean; mark: string; ref: NonNullable<DocxFootnote['ref']> }[] = [];
  let order = 0;
  const body = new Walker({
    paragraph(c) {
      const text = c.text.normalize('NFC');
      if (text.trim() === '' && c.notes.length === 0) return;
      const p: DocxParagraph = { index: paragraphs.length + 1, order: ++order, text, notes: c.notes.map(({ id, offset }) => ({ id, offset })) };
      if (c.style) p.style = c.style;
      if (c.outline !== undefined && Number.isFinite(c.outline)) p.outline = c.outline;
      paragraphs.push(p);
      for (const n of c.notes) refs.push({ id: n.id, custom: n.custom, mark: n.mark, ref: { kind: 'paragraph', index: p.index, order: p.order } });
    },
    table(rows) {
      const t: DocxTable = {
        index: tables.length + 1,
        order: ++order,
        afterParagraph: paragraphs.length,
        rows: rows.map((r) => ({ cells: r.cells.map((c) => ({ text: c.text.normalize('NFC'), notes: c.notes })) })),
      };
      tables.push(t);
      t.rows.forEach((r, k) =>
        r.cells.forEach((c) =>
          c.notes.forEach((n) => refs.push({ id: n.id, custom: false, mark: '', ref: { kind: 'table', index: t.index, order: t.order, row: k + 1 } })),
        ),
      );
    },
  });
  parseXml(strFromU8(main), mainPath, body);

  let numStart = body.numStart;
  const settingsPath = rels.get('settings');
  if (numStart === undefined && settingsPath && parts.has(settingsPath)) {
    const s = new Walker({ paragraph() {}, table() {} });
    parseXml(strFromU8(parts.get(settingsPath)!), settingsPath, s);
    numStart = s.numStart;
  }
  const footnoteStart = numStart !== undefined && Number.isInteger(numStart) && numStart >= 0 ? numStart : 1;

  // Footnote texts, by id (separators are not notes).
  const texts = new Map<number, string>();
  const notesPath = rels.get('footnotes');
  if (notesPath && parts.has(notesPath)) {
    let current: { id: number; text: string[] } | undefined;
    const walker = new Walker({
      paragraph(c) {
        current?.text.push(c.text);
      },
      table() {},
    });
    parseXml(strFromU8(parts.get(notesPath)!), notesPath, {
      open(tag) {
        if (W.has(tag.uri) && tag.local === 'footnote') {
          const type = attr(tag, 'type');
          current = type && type !== 'normal' ? undefined : { id: Number(attr(tag, 'id')), text: [] };
          return;
        }
        walker.open(tag);
      },
      close(tag) {
        if (W.has(tag.uri) && tag.local === 'footnote') {
          if (current) texts.set(current.id, current.text.join('\n').normalize('NFC').trim());
          current = undefined;
          return;
        }
        walker.close(tag);
      },
      text(t) {
        walker.text(t);
      },
    });
  }

  const footnotes: DocxFootnote[] = [];
  const seen = new Set<number>();
  let next = footnoteStart;
  for (const r of refs) {
    if (seen.has(r.id) || !texts.has(r.id)) continue;
    seen.add(r.id);
    const number = r.custom ? null : next++;
    footnotes.push({ id: r.id, number, mark: r.custom ? r.mark.trim() : String(number), text: texts.get(r.id)!, ref: r.ref });
  }
  for (const [id, text] of texts) if (!seen.has(id)) footnotes.push({ id, number: null, mark: '', text });
  return { paragraphs, tables, footnotes, footnoteStart };
}
