// Test helper: open a .docx with LibreOffice Writer (headless, a private profile) and read back what
// it made of it: the ODT it converts to (tables, header rows, footnote citations and bodies), the
// plain text export, and the PDF, read page by page with LibreOffice's own PDF text extractor
// (xpdfimport, shipped with LibreOffice): lines with positions, font sizes and font names.
import { convertArgs, runProgram } from '../../worker/render/pdf.ts';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { libreOfficeAvailable } from './libreoffice.ts';

export { libreOfficeAvailable };

let root: string | undefined;
let calls = 0;
let queue: Promise<unknown> = Promise.resolve();

function ensureRoot(): string {
  if (!root) {
    root = mkdtempSync(path.join(tmpdir(), 'lo-writer-'));
    mkdirSync(path.join(root, 'profile'), { recursive: true });
    process.once('exit', () => root && rmSync(root, { recursive: true, force: true }));
  }
  return root;
}

/** Converts a .docx with soffice into each format ("odt", "pdf", "txt:Text (encoded):UTF8"); one call at a time. */
export function convertDocx(docx: Uint8Array, formats: string[]): Promise<Map<string, Uint8Array>> {
  const job = queue.then(async () => {
    const base = ensureRoot();
    const work = path.join(base, `call-${++calls}`);
    mkdirSync(work);
    const input = path.join(work, 'in.docx');
    writeFileSync(input, docx);
    const out = new Map<string, Uint8Array>();
    try {
      for (const format of formats) {
        const ext = format.split(':')[0];
        const args = convertArgs(path.join(base, 'profile'), format, work, [input]);
        const r = await runProgram('soffice', args, 120_000);
        const file = path.join(work, `in.${ext}`);
        if (r.code !== 0 || !existsSync(file)) throw new Error(`soffice --convert-to ${format} failed (${r.code})\n${r.output}`);
        out.set(format, readFileSync(file));
      }
      return out;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
  queue = job.catch(() => undefined);
  return job;
}

export interface OdtCell {
  text: string;
  notes: string[];
}
export interface OdtTable {
  headerRows: OdtCell[][];
  rows: OdtCell[][];
}
export interface OdtNote {
  citation: string;
  body: string;
}
export interface OdtParagraph {
  text: string;
  notes: string[];
}
export interface Odt {
  tables: OdtTable[];
  notes: OdtNote[];
  paragraphs: OdtParagraph[];
}

const TEXT_NS = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0';
const TABLE_NS = 'urn:oasis:names:tc:opendocument:xmlns:table:1.0';

/** The tables (with their repeated header rows apart), footnotes and body paragraphs of an ODT's content. */
export function readOdt(odt: Uint8Array): Odt {
  const xml = strFromU8(unzipSync(odt, { filter: (f) => f.name === 'content.xml' })['content.xml']);
  const p = new SaxesParser({ xmlns: true });
  const out: Odt = { tables: [], notes: [], paragraphs: [] };
  let table: OdtTable | undefined;
  let inHeader = 0;
  let row: OdtCell[] | undefined;
  let cell: OdtCell | undefined;
  let note: { citation: string; body: string } | undefined;
  let inCitation = false;
  let inBody = 0;
  let para: OdtParagraph | undefined;
  let paraDepth = 0;
  p.on('opentag', (t) => {
    if (t.uri === TABLE_NS) {
      if (t.local === 'table') table = { headerRows: [], rows: [] };
      if (t.local === 'table-header-rows') inHeader++;
      if (t.local === 'table-row') row = [];
      if (t.local === 'table-cell') cell = { text: '', notes: [] };
    }
    if (t.uri !== TEXT_NS) return;
    if (t.local === 'note') note = { citation: '', body: '' };
    else if (t.local === 'note-citation') inCitation = true;
    else if (t.local === 'note-body') inBody++;
    else if ((t.local === 'p' || t.local === 'h') && !inBody && !cell) {
      paraDepth++;
      if (paraDepth === 1) para = { text: '', notes: [] };
    } else if (t.local === 's') {
      const n = Number((t.attributes as Record<string, { value: string }>)['text:c']?.value ?? 1);
      const sp = ' '.repeat(n);
      if (inBody && note) note.body += sp;
      else if (cell) cell.text += sp;
      else if (para) para.text += sp;
    } else if (t.local === 'tab' || t.local === 'line-break') {
      if (inBody && note) note.body += ' ';
      else if (cell) cell.text += ' ';
      else if (para) para.text += ' ';
    }
  });
  p.on('closetag', (t) => {
    if (t.uri === TABLE_NS) {
      if (t.local === 'table-cell' && cell && row) {
        row.push({ text: cell.text.trim(), notes: cell.notes });
        cell = undefined;
      }
      if (t.local === 'table-row' && row && table) (inHeader ? table.headerRows : table.rows).push(row);
      if (t.local === 'table-header-rows') inHeader--;
      if (t.local === 'table' && table) {
        out.tables.push(table);
        table = undefined;
      }
    }
    if (t.uri !== TEXT_NS) return;
    if (t.local === 'note-citation') inCitation = false;
    else if (t.local === 'note-body') inBody--;
    else if (t.local === 'note' && note) {
      out.notes.push({ citation: note.citation, body: note.body.trim() });
      if (cell) cell.notes.push(note.citation);
      else if (para) para.notes.push(note.citation);
      note = undefined;
    } else if ((t.local === 'p' || t.local === 'h') && !inBody && !cell && paraDepth > 0) {
      paraDepth--;
      if (paraDepth === 0 && para) {
        if (para.text.trim()) out.paragraphs.push({ text: para.text.trim(), notes: para.notes });
        para = undefined;
      }
    }
  });
  p.on('text', (s) => {
    if (inCitation && note) note.citation += s;
    else if (inBody && note) note.body += s;
    else if (cell) cell.text += s;
    else if (para) para.text += s;
  });
  p.write(xml).close();
  return out;
}

/** A run of a line's characters with no wide gap inside: one table cell's line, or a paragraph's. */
export interface PdfSpan {
  x0: number;
  x1: number;
  text: string;
}
export interface PdfLine {
  y: number;
  x0: number;
  x1: number;
  size: number;
  text: string;
  spans: PdfSpan[];
}
/** A horizontal rule drawn on a page (a stroked line, or a filled rectangle under 1,5 pt high), y from the top. */
export interface PdfRule {
  x0: number;
  x1: number;
  y: number;
}
export interface PdfPage {
  width: number;
  height: number;
  lines: PdfLine[];
  fonts: Set<string>;
  rules: PdfRule[];
}

const SUPER: Record<string, string> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

function xpdfimport(): string {
  const soffice = realpathSync(
    (process.env.PATH ?? '')
      .split(path.delimiter)
      .map((d) => path.join(d, 'soffice'))
      .find((f) => existsSync(f)) ?? 'soffice',
  );
  return path.join(path.dirname(soffice), 'xpdfimport');
}

/**
 * The text of each page of a PDF as LibreOffice's extractor sees it: lines top to bottom (y from the
 * page's top, in points), characters in a smaller size raised above a line read as superscripts
 * (the footnote marks: "so sánh⁷⁴").
 */
export async function pdfPages(pdf: Uint8Array): Promise<PdfPage[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const r = await runProgram(xpdfimport(), [file], 120_000);
    if (r.code !== 0) throw new Error(`xpdfimport failed (${r.code}): ${r.output}`);
    const pages: PdfPage[] = [];
    type Ch = { x0: number; x1: number; y: number; size: number; c: string };
    let chars: Ch[] = [];
    let font = '';
    const flush = () => {
      const page = pages[pages.length - 1];
      if (!page) return;
      const normal = chars.filter((c) => c.size >= 8);
      const small = chars.filter((c) => c.size < 8);
      normal.sort((a, b) => a.y - b.y || a.x0 - b.x0);
      const lines: (PdfLine & { chars: Ch[] })[] = [];
      for (const c of normal) {
        const line = lines.find((l) => Math.abs(l.y - c.y) < 1);
        if (line) line.chars.push(c);
        else lines.push({ y: c.y, x0: 0, x1: 0, size: c.size, text: '', spans: [], chars: [c] });
      }
      for (const c of small) {
        const line = lines.filter((l) => c.y < l.y && l.y - c.y < 8).sort((a, b) => a.y - c.y - (b.y - c.y))[0];
        if (line) line.chars.push({ ...c, c: [...c.c].map((d) => SUPER[d] ?? d).join('') });
        else lines.push({ y: c.y, x0: 0, x1: 0, size: c.size, text: '', spans: [], chars: [c] });
      }
      for (const l of lines) {
        l.chars.sort((a, b) => a.x0 - b.x0);
        l.text = l.chars
          .map((c) => c.c)
          .join('')
          .replace(/\s+/g, ' ')
          .trim();
        l.x0 = Math.min(...l.chars.filter((c) => c.c.trim()).map((c) => c.x0));
        l.x1 = Math.max(...l.chars.filter((c) => c.c.trim()).map((c) => c.x1));
        // Spans: a gap wider than 5 pt between two characters (spaces are characters) ends one.
        const spans: { x0: number; x1: number; chars: string[] }[] = [];
        for (const c of l.chars) {
          const last = spans[spans.length - 1];
          if (last && c.x0 - last.x1 <= 5) {
            last.chars.push(c.c);
            last.x1 = Math.max(last.x1, c.x1);
          } else spans.push({ x0: c.x0, x1: c.x1, chars: [c.c] });
        }
        l.spans = spans.map((sp) => ({ x0: sp.x0, x1: sp.x1, text: sp.chars.join('').replace(/\s+/g, ' ').trim() })).filter((sp) => sp.text !== '');
      }
      page.lines = lines
        .filter((l) => l.text !== '')
        .sort((a, b) => a.y - b.y)
        .map(({ chars: _c, ...l }) => l);
      chars = [];
    };
    for (const line of r.stdout.split('\n')) {
      if (line.startsWith('startPage ')) {
        flush();
        const [, w, h] = line.split(' ');
        pages.push({ width: Number(w) / 100, height: Number(h) / 100, lines: [], fonts: new Set(), rules: [] });
      } else if (line.startsWith('updateFont ')) {
        font = line.split(' ').pop() ?? '';
        pages[pages.length - 1]?.fonts.add(font);
      } else if (line.startsWith('strokePath ') || line.startsWith('eoFillPath ') || line.startsWith('fillPath ')) {
        // "<op> subpath <closed> x y 0 x y 0 …": the points of one path.
        const page = pages[pages.length - 1];
        for (const sub of line.split(' subpath ').slice(1)) {
          const nums = sub
            .trim()
            .split(' ')
            .slice(1)
            .map(Number)
            .filter((_n, i) => i % 3 !== 2);
          const xs = nums.filter((_n, i) => i % 2 === 0);
          const ys = nums.filter((_n, i) => i % 2 === 1);
          if (page && xs.length >= 2 && Math.max(...ys) - Math.min(...ys) < 1.5 && Math.max(...xs) - Math.min(...xs) > 20) {
            page.rules.push({ x0: Math.min(...xs), x1: Math.max(...xs), y: page.height - Math.max(...ys) });
          }
        }
      } else if (line.startsWith('drawChar ')) {
        const parts = line.split(' ');
        const [x0, y0, x1] = parts.slice(1, 4).map(Number);
        const size = Number(parts[9]);
        const c = parts.slice(10).join(' ');
        const page = pages[pages.length - 1];
        if (page) chars.push({ x0, x1, y: page.height - y0, size, c });
      }
    }
    flush();
    return pages;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
