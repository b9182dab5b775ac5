/**
 * A draft report given as plain text (.txt: a report saved as text, or copied out of a PDF), read
 * into the same shape as a Word draft (ReadDocx), so the check reads both alike:
 * - one paragraph a line; a line cut by a page (it does not end a sentence and the next line, after
 *   any footnotes printed between, begins in lower case) is joined again;
 * - a line that begins with a superscript number is a footnote ("⁴² Tổ chức 02 phiên …"); its mark is
 *   found in the text in numbering order ("… lao động⁴²"), so the footnote belongs where it is marked
 *   (the part of the report it is in decides whether it is read);
 * - rows typed with tabs stay paragraphs; the check reads runs of them as a table's rows;
 * - bold and italic stars of a text copy ("**PHỤ LỤC 1**") are dropped.
 * readDraft takes the bytes of either kind and says in Vietnamese when they are neither.
 */
import { DocxReadError, readDocx, type DocxFootnote, type DocxParagraph, type ReadDocx } from './read-docx.ts';

const SUP_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const NOTE_LINE = /^\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(\S.*)$/u;

function fromSuperscript(s: string): number {
  return Number([...s].map((c) => SUP_DIGITS.indexOf(c)).join(''));
}

function toSuperscript(n: number): string {
  return [...String(n)].map((d) => SUP_DIGITS[Number(d)]).join('');
}

const isSup = (c: string | undefined) => c !== undefined && SUP_DIGITS.includes(c);

/** Reads a draft report written as plain text. */
export function readText(text: string): ReadDocx {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\*+/g, '').replace(/[ \u00a0]+$/u, ''));
  const paragraphs: string[] = [];
  const notes = new Map<number, string>();
  for (const line of lines) {
    if (line.trim() === '') continue;
    const note = NOTE_LINE.exec(line);
    if (note && !line.includes('\t')) {
      notes.set(fromSuperscript(note[1]), note[2].trim());
      continue;
    }
    const prev = paragraphs[paragraphs.length - 1];
    const body = line.includes('\t') ? line : line.trim();
    const cut = prev !== undefined && !prev.includes('\t') && !body.includes('\t') && !/[.;:!?)”"…]$/u.test(prev) && /^\p{Ll}/u.test(body);
    if (cut) paragraphs[paragraphs.length - 1] = `${prev} ${body}`;
    else paragraphs.push(body);
  }

  const paras: DocxParagraph[] = paragraphs.map((t, k) => ({ index: k + 1, order: k + 1, text: t.normalize('NFC'), notes: [] }));

  // Each footnote's mark, in numbering order: the superscript number standing alone (not part of a longer one).
  const footnotes: DocxFootnote[] = [];
  let at = { p: 0, offset: 0 };
  const find = (mark: string, from: { p: number; offset: number }) => {
    for (let p = from.p; p < paras.length; p++) {
      const t = paras[p].text;
      for (let i = t.indexOf(mark, p === from.p ? from.offset : 0); i >= 0; i = t.indexOf(mark, i + 1)) {
        if (!isSup(t[i - 1]) && !isSup(t[i + mark.length])) return { p, offset: i };
      }
    }
    return undefined;
  };
  for (const n of [...notes.keys()].sort((a, b) => a - b)) {
    const mark = toSuperscript(n);
    const hit = find(mark, at) ?? find(mark, { p: 0, offset: 0 });
    const fn: DocxFootnote = { id: n, number: n, mark: String(n), text: notes.get(n)!.normalize('NFC') };
    if (hit) {
      const p = paras[hit.p];
      p.notes.push({ id: n, offset: hit.offset });
      fn.ref = { kind: 'paragraph', index: p.index, order: p.order };
      at = { p: hit.p, offset: hit.offset + mark.length };
    }
    footnotes.push(fn);
  }
  const first = Math.min(...notes.keys());
  return { paragraphs: paras, tables: [], footnotes, footnoteStart: Number.isFinite(first) ? first : 1 };
}

/**
 * A draft report from its bytes: a Word document (.docx) or plain text (UTF-8, or UTF-16 with its
 * byte order mark). Throws DocxReadError (Vietnamese) for anything else.
 */
export function readDraft(bytes: Uint8Array): ReadDocx {
  const magic = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  // A Word document, and the files readDocx knows to name (an old .doc, a PDF).
  if (magic([0x50, 0x4b]) || magic([0xd0, 0xcf, 0x11, 0xe0]) || magic([0x25, 0x50, 0x44, 0x46])) return readDocx(bytes);
  let text: string | undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else if (!bytes.includes(0)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined || text.trim() === '') {
    throw new DocxReadError(
      text !== undefined
        ? 'Tệp dự thảo rỗng. Hãy chọn tệp dự thảo báo cáo dạng Word (.docx) hoặc văn bản (.txt).'
        : 'Tệp không phải tài liệu Word (.docx) hay văn bản thuần (.txt, mã UTF-8). Hãy lưu dự thảo báo cáo dưới dạng “Word Document (.docx)” rồi thử lại.',
    );
  }
  return readText(text);
}
