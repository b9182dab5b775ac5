/**
 * A resolution's list of targets as pasted (catalog-propose.ts reads it): the text cleaned of what
 * copying leaves in it (decomposed Vietnamese, no-break spaces, footnote marks, the marks of a PDF
 * converter), then cut into items, each with the line it begins on. Four forms are read:
 *
 *   numbered     “(1) …”, “1. …”, “1) …”, “a) …”, with headings (“I. Chỉ tiêu kinh tế”, “Về xã hội:”)
 *   bulleted     “- …”, “• …”, “+ …”
 *   paragraph    one or more paragraphs, targets separated by “;” or by sentences
 *   table        pasted from Word or Excel (tab-separated: STT, chỉ tiêu, đơn vị, kế hoạch)
 *
 * An item may hold several targets (“(5) Tổng diện tích … 2.610,4 ha; tổng sản lượng … tấn”): they
 * are split later (catalog-propose-read.ts). A paste that cannot be read as a list (a table row
 * with a cell too few) is a ProposeError naming the line.
 */
import { fold } from './catalog-propose-words.ts';
import { formatNumberVi } from './numbers.ts';

export type ListForm = 'numbered' | 'bulleted' | 'paragraph' | 'table';

export interface ListItem {
  /** How the list marks it: “(5)”, “5.”, “-”, “” (a part of a paragraph), a table's STT. */
  label: string;
  /** The item's text, cleaned (for a table row: its name and plan). */
  text: string;
  /** The line of the input it begins on (1-based). */
  line: number;
  /** The heading it sits under (“I. Chỉ tiêu kinh tế”), when the list has headings. */
  heading?: string;
  /** A table row's cells (name, unit of measure, plan). */
  cells?: { name: string; unit: string; plan: string };
}

export interface ListRead {
  form: ListForm;
  items: ListItem[];
  /** Lines or parts left out (a heading without a figure, an introduction), with why: said in the draft. */
  skipped: { line: number; text: string; why: string }[];
  /** The resolution's number and date, when the text names it (“Nghị quyết số 51/NQ-HĐND ngày 27/12/2022”). */
  resolution?: { number: string; date: string };
  /** For a table: which column was read as what (said in the draft). */
  columns?: string;
}

/** A paste that cannot be read as a list of targets: every problem names its line. */
export class ProposeError extends Error {
  constructor(readonly problems: string[]) {
    super(`Không đọc được danh sách chỉ tiêu:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProposeError';
  }
}

// ---------------------------------------------------------------------------------------------
// Cleaning, line by line (the line count stays, so line numbers hold).

const LATEX: [RegExp, string][] = [
  [/\\geq?\b/g, '≥'],
  [/\\leq?\b/g, '≤'],
  [/\\times\b/g, '×'],
  [/\\%/g, '%'],
  [/\\[,;! ]/g, ' '],
  [/\\(?:text|mathrm|mbox|textrm)\s*\{([^{}]*)\}/g, '$1'],
];

/** Inline formulas a PDF converter writes for a sign (“$\geq 7,5\text{m}$” → “≥ 7,5m”). */
function latexToText(line: string): string {
  return line.replace(/\$([^$\n]{1,80})\$/g, (whole, inner: string) => {
    if (!/\\/.test(inner)) return whole;
    let s = inner;
    for (const [re, to] of LATEX) s = s.replace(re, to);
    return s
      .replace(/\\[a-zA-Z]+/g, '')
      .replace(/[{}]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  });
}

/** One line as read: NFC, spaces made plain (tabs kept: they separate a table's cells), no footnote marks, no emphasis marks. */
export function cleanLine(raw: string): string {
  let s = raw
    .normalize('NFC')
    .replace(/^\uFEFF/, '')
    .replace(/[\u00a0\u202f\u2007\u2009\u200b]/g, ' ');
  s = latexToText(s);
  // Emphasis marks of Markdown (“(*sản lượng thóc*)”); a bullet “* ” at the start stays.
  s = s.replace(/(\*\*|\*|__)(?=[^\s*])([^*\n]*?[^\s*])\1/g, '$2');
  // Footnote marks (“quốc gia⁶⁸”) and markers of remarks (“(*)”).
  s = s.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, '').replace(/\s*\(\*+\)/g, '');
  s = s.replace(/^#{1,6}\s+/, '');
  return s
    .replace(/[ ]{2,}/g, ' ')
    .replace(/ *\t */g, '\t')
    .replace(/[ ]+$/, '');
}

const HAS_FIGURE = /\d/;

/** What comes before a colon when it is a heading (“Về kinh tế:”, “Các chỉ tiêu chủ yếu:”), not a name (“Số doanh nghiệp mới: 40”). */
function headingLeft(text: string): boolean {
  return /chỉ tiêu|mục tiêu|^(?:về|nhóm|lĩnh vực|cụ thể|theo đó|bao gồm|gồm|trong năm|năm \d{4})(?![\p{L}])/u.test(fold(text).trim());
}

/** The resolution a list names: its number and date. */
function findResolution(text: string): ListRead['resolution'] {
  const m = /nghị quyết\s+(?:số\s+)?([0-9…][^\s,;]*\/[^\s,;]*)\s+ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/iu.exec(text);
  if (!m) return undefined;
  return { number: m[1], date: `${m[4]}-${m[3].padStart(2, '0')}-${m[2].padStart(2, '0')}` };
}

// ---------------------------------------------------------------------------------------------
// Markers.

const ROMAN = /^(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV)[.)]\s+/;
const BULLET = /^[-–—•·+*▪◦●○■□➢➤✓]\s*/;
const NUMBERS: RegExp[] = [
  /^\(\s*(\d{1,3})\s*\)\s*/, // (1)
  /^(\d{1,3}(?:\.\d{1,3})+)\.?\s+/, // 1.1. / 2.3
  /^(\d{1,3})[.)]\s+/, // 1.  1)
  /^(\d{1,3})\s*[-–:]\s+/, // 1 - …, 1: …
  /^([a-zđ])[).]\s+/, // a)
];

interface Marked {
  label: string;
  text: string;
  kind: 'number' | 'bullet' | 'roman';
}

function marker(line: string): Marked | undefined {
  const t = line.trim();
  const roman = ROMAN.exec(t);
  if (roman) return { label: roman[0].trim(), text: t.slice(roman[0].length), kind: 'roman' };
  let rest = t;
  let label = '';
  let kind: Marked['kind'] | undefined;
  const bullet = BULLET.exec(rest);
  // A sign before a figure (“- 5%”, “+10%”) is not a bullet; a bullet is followed by a space or a number in brackets.
  if (bullet && (/\s$/.test(bullet[0]) || /^\(\d/.test(rest.slice(bullet[0].length))) && !/^[-–−+]\d/.test(rest)) {
    label = bullet[0].trim();
    rest = rest.slice(bullet[0].length);
    kind = 'bullet';
  }
  for (const re of NUMBERS) {
    const m = re.exec(rest);
    // “10 - 12% …” is a range, not a number and a dash: that form is followed by a letter or a bracket.
    if (m && (re !== NUMBERS[3] || /^[\p{L}(“"'‘«]/u.test(rest.slice(m[0].length)))) {
      label = m[0].trim();
      rest = rest.slice(m[0].length);
      kind = 'number';
      break;
    }
  }
  return kind ? { label, text: rest.trim(), kind } : undefined;
}

/** A heading: no figure, and a colon at the end or a Roman numeral in front (“I. CHỈ TIÊU KINH TẾ”). */
function isHeading(text: string, kind?: Marked['kind']): boolean {
  if (HAS_FIGURE.test(text.replace(/năm\s+\d{4}/giu, ''))) return false;
  return kind === 'roman' || /:\s*$/.test(text) || (text.length < 80 && text === text.toLocaleUpperCase('vi') && /\p{L}/u.test(text));
}

// ---------------------------------------------------------------------------------------------

/** Reads a pasted list of targets into items. Throws ProposeError when it cannot (naming the lines). */
/** A resolution's list is a few pages at most; more is not a list of targets (and would only slow the reading). */
const MAX_CHARS = 500_000;

export function readList(input: string, year?: number): ListRead {
  if (input.length > MAX_CHARS)
    throw new ProposeError([`Danh sách chỉ tiêu quá dài (${formatNumberVi(input.length)} ký tự). Hãy chỉ chép phần “các chỉ tiêu chủ yếu” của nghị quyết.`]);
  const lines = input.replace(/\r\n?/g, '\n').split('\n').map(cleanLine);
  const resolution = findResolution(lines.join('\n'));
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  if (!nonEmpty.length)
    throw new ProposeError([
      'Danh sách chỉ tiêu đang trống. Hãy dán danh sách chỉ tiêu của nghị quyết (mỗi chỉ tiêu một dòng, hoặc một đoạn văn, hoặc bảng chép từ Word hay Excel).',
    ]);
  // A numbered list from Word puts a tab after the number (“1.→Tỷ lệ …”): that is not a table.
  const tabbed = nonEmpty.filter((l) => l.includes('\t') && !/^\s*(?:\(?\d{1,3}[.)]|[a-zđ][.)]|[-–•·+*▪◦●○])\t[^\t]*$/u.test(l));
  let read: ListRead;
  if (tabbed.length >= 2 && tabbed.length >= 0.5 * nonEmpty.length) read = readTable(lines, year);
  else if (lines.some((l) => marker(l) && marker(l)!.kind !== 'roman')) read = readMarked(lines);
  else read = readParagraphs(lines);
  if (!read.items.length) {
    throw new ProposeError([
      `Không thấy chỉ tiêu nào có con số trong danh sách (${nonEmpty.length} dòng). Hãy dán phần “các chỉ tiêu chủ yếu” của nghị quyết, ví dụ “(1) Thu nhập bình quân đầu người trên 70 triệu đồng/người/năm.”`,
    ]);
  }
  return { ...read, ...(resolution ? { resolution } : {}) };
}

/** Numbered or bulleted lines; a line without a marker continues the item above it. */
function readMarked(lines: string[]): ListRead {
  const items: ListItem[] = [];
  const skipped: ListRead['skipped'] = [];
  let heading: string | undefined;
  let open: ListItem | undefined;
  let numbered = 0;
  let bulleted = 0;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\t/g, ' ').trim();
    const n = i + 1;
    if (!line) {
      open = undefined;
      return;
    }
    const m = marker(line);
    if (m && isHeading(m.text, m.kind)) {
      heading = m.text.replace(/:\s*$/, '').trim();
      open = undefined;
      return;
    }
    if (m) {
      if (m.kind === 'number') numbered++;
      else bulleted++;
      // “Về kinh tế: tăng trưởng 8%; …”: a heading and its targets on one line (not “Số doanh nghiệp mới: 40”).
      const colon = /^([^:\d]{3,80}):\s+(.*\d.*)$/u.exec(m.text);
      if (colon && !headingLeft(colon[1]) && !/;.*\d/.test(colon[2])) colon.length = 0;
      const own = colon?.length ? colon[1].trim() : heading;
      open = { label: m.label, text: colon?.length ? colon[2] : m.text, line: n, ...(own ? { heading: own } : {}) };
      items.push(open);
      return;
    }
    if (open) {
      open.text = `${open.text} ${line}`;
      return;
    }
    if (isHeading(line)) {
      heading = line.replace(/:\s*$/, '').trim();
      skipped.push({ line: n, text: line, why: 'tiêu đề, không có con số' });
      return;
    }
    if (HAS_FIGURE.test(line) && items.length) {
      open = { label: '', text: line, line: n, ...(heading ? { heading } : {}) };
      items.push(open);
      return;
    }
    skipped.push({ line: n, text: line, why: HAS_FIGURE.test(line) ? 'phần mở đầu trước mục đầu tiên' : 'không có con số, không đánh số như một chỉ tiêu' });
  });
  return { form: numbered >= bulleted ? 'numbered' : 'bulleted', items, skipped };
}

/** Split points of a paragraph: “;” and the end of a sentence, never inside brackets or a number. */
function splitParts(text: string): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    const sentenceEnd =
      (c === '.' || c === '!' || c === '?') &&
      /^\s+[\p{Lu}(“"]/u.test(text.slice(i + 1)) &&
      !/\b(?:Tr|TP|TX|TT|ThS|TS|PGS)$/u.test(text.slice(Math.max(0, i - 4), i));
    if (depth === 0 && (c === ';' || sentenceEnd || c === '\n')) {
      parts.push({ text: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  parts.push({ text: text.slice(start), offset: start });
  return parts.filter((p) => p.text.trim() !== '');
}

/** One or more paragraphs: each “;”-separated part or sentence is an item. */
function readParagraphs(lines: string[]): ListRead {
  const items: ListItem[] = [];
  const skipped: ListRead['skipped'] = [];
  let heading: string | undefined;
  // Paragraphs: runs of non-empty lines (a press report pasted with its line breaks).
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].trim()) {
      i++;
      continue;
    }
    const first = i;
    const paragraphLines: string[] = [];
    while (i < lines.length && lines[i].trim()) paragraphLines.push(lines[i++].replace(/\t/g, ' ').trim());
    const starts: number[] = [];
    let text = '';
    for (const l of paragraphLines) {
      starts.push(text.length);
      text += (text ? ' ' : '') + l;
      if (starts.length > 1) starts[starts.length - 1] += 1;
    }
    const lineAt = (offset: number) => first + 1 + Math.max(0, starts.filter((s) => s <= offset).length - 1);
    for (const part of splitParts(text)) {
      let t = part.text
        .trim()
        .replace(/[.;:]+$/, '')
        .trim();
      let offset = part.offset + part.text.indexOf(part.text.trim());
      // “Các chỉ tiêu chủ yếu năm 2025: tốc độ tăng trưởng …”: what comes before the colon is a heading.
      const colon = /^([^:]*):\s*/u.exec(t);
      if (
        colon &&
        !HAS_FIGURE.test(colon[1].replace(/năm\s+\d{4}/giu, '')) &&
        (headingLeft(colon[1]) || (!HAS_FIGURE.test(t.slice(colon[0].length, colon[0].length + 1)) && !/\d/.test(t.slice(colon[0].length))))
      ) {
        heading = colon[1].trim();
        skipped.push({ line: lineAt(offset), text: `${colon[1].trim()}:`, why: 'phần mở đầu, không có con số' });
        t = t.slice(colon[0].length);
        offset += colon[0].length;
      }
      if (!t) continue;
      if (!HAS_FIGURE.test(t.replace(/năm\s+\d{4}/giu, '')) && !/^(hoàn thành|100%)/iu.test(t)) {
        skipped.push({ line: lineAt(offset), text: t, why: 'không có con số' });
        continue;
      }
      items.push({ label: '', text: t, line: lineAt(offset), ...(heading ? { heading } : {}) });
    }
  }
  return { form: 'paragraph', items, skipped };
}

// ---------------------------------------------------------------------------------------------
// Tables.

/** Tab-separated records, Excel's quoting included (a cell with a line break or a tab is quoted, "" for "). */
function tsv(lines: string[]): { cells: string[]; line: number }[] {
  const text = lines.join('\n');
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      quoteLine = line;
      atCellStart = false;
      continue;
    }
    if (c === '\t') {
      cells.push(cell);
      cell = '';
      atCellStart = true;
      continue;
    }
    if (c === '\n') {
      cells.push(cell);
      records.push({ cells, line: recordLine });
      cells = [];
      cell = '';
      line++;
      recordLine = line;
      atCellStart = true;
      continue;
    }
    cell += c;
    atCellStart = false;
  }
  if (quoted) {
    throw new ProposeError([
      `Dòng ${quoteLine}: một ô bắt đầu bằng dấu nháy kép (") nhưng không có dấu đóng, nên không biết ô kết thúc ở đâu. Hãy chép lại bảng từ Excel, hoặc xóa dấu nháy kép đó.`,
    ]);
  }
  cells.push(cell);
  records.push({ cells, line: recordLine });
  return records.map((r) => ({ line: r.line, cells: r.cells.map((x) => x.replace(/\s+/g, ' ').trim()) })).filter((r) => r.cells.some((x) => x !== ''));
}

type Role = 'stt' | 'name' | 'unit' | 'plan';
const ROLE_VI: Record<Role, string> = { stt: 'số thứ tự', name: 'chỉ tiêu', unit: 'đơn vị tính', plan: 'kế hoạch' };

function headerRole(cell: string): Role | undefined {
  const f = fold(cell).replace(/\s+/g, ' ').trim();
  if (/^(stt|tt|số tt|số thứ tự|số|thứ tự)$/.test(f)) return 'stt';
  if (/^(đơn vị|đvt|đơn vị tính|đv tính|đ\.v\.t)/.test(f)) return 'unit';
  if (/kế hoạch|^kh\b|mục tiêu|nghị quyết|chỉ tiêu (năm|giao)|năm \d{4}|được giao|giao năm/.test(f)) return 'plan';
  if (/chỉ tiêu|nội dung|tên|danh mục/.test(f)) return 'name';
  return undefined;
}

const ROMAN_CELL = /^(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|[A-Z])\.?$/;

function readTable(lines: string[], year?: number): ListRead {
  const records = tsv(lines);
  const problems: string[] = [];
  const skipped: ListRead['skipped'] = [];
  // The header: the first record in which at least two cells name a column.
  let headerAt = records.findIndex((r) => r.cells.filter((c) => headerRole(c)).length >= 2);
  let roles: (Role | undefined)[];
  let width: number;
  let columns: string;
  if (headerAt >= 0) {
    const header = records[headerAt];
    width = header.cells.length;
    roles = header.cells.map(headerRole);
    const plans = roles.flatMap((r, i) => (r === 'plan' ? [i] : []));
    if (plans.length > 1) {
      const withYear = plans.filter((i) => year !== undefined && header.cells[i].includes(String(year)));
      if (withYear.length !== 1) {
        throw new ProposeError([
          `Dòng ${header.line}: bảng có ${plans.length} cột có thể là kế hoạch (${plans.map((i) => `“${header.cells[i]}”`).join(', ')}). Hãy xóa các cột khác, chỉ giữ cột kế hoạch của năm ${year ?? 'lập danh mục'}, rồi dán lại.`,
        ]);
      }
      for (const i of plans) if (i !== withYear[0]) roles[i] = undefined;
    }
    for (const need of ['name', 'plan'] as const) {
      if (!roles.includes(need)) {
        throw new ProposeError([
          `Dòng ${header.line}: dòng tiêu đề của bảng không có cột ${ROLE_VI[need]} (các cột: ${header.cells.map((c) => `“${c}”`).join(', ')}). Hãy đặt tên cột, ví dụ “Chỉ tiêu”, “Đơn vị tính”, “Kế hoạch năm ${year ?? ''}”.`.replace(
            ' ”',
            '”',
          ),
        ]);
      }
    }
    columns = roles.map((r, i) => (r ? `“${header.cells[i]}” là ${ROLE_VI[r]}` : `“${header.cells[i]}” không dùng`)).join('; ');
    // Lines above the header (a title) are left out.
    for (const r of records.slice(0, headerAt)) skipped.push({ line: r.line, text: r.cells.join(' '), why: 'trên dòng tiêu đề của bảng' });
  } else {
    // No header: the widest record decides; a first column of small numbers is STT, the longest text the name.
    width = Math.max(...records.map((r) => r.cells.length));
    const full = records.filter((r) => r.cells.length === width);
    const numeric = (i: number) => full.filter((r) => /^\d{1,3}\.?$|^[IVX]+\.?$/.test(r.cells[i])).length >= 0.6 * full.length;
    const figures = (i: number) => full.filter((r) => /\d/.test(r.cells[i])).length;
    const length = (i: number) => full.reduce((s, r) => s + r.cells[i].length, 0);
    roles = new Array<Role | undefined>(width).fill(undefined);
    const free = () => roles.map((r, i) => (r ? -1 : i)).filter((i) => i >= 0);
    if (width >= 3 && numeric(0)) roles[0] = 'stt';
    const name = free().sort((a, b) => length(b) - length(a))[0];
    roles[name] = 'name';
    const plan = free().sort((a, b) => figures(b) - figures(a) || b - a)[0];
    if (plan !== undefined) roles[plan] = 'plan';
    const unit = free()
      .filter((i) => i < (plan ?? width))
      .sort((a, b) => b - a)[0];
    if (unit !== undefined) roles[unit] = 'unit';
    headerAt = -1;
    columns = `bảng không có dòng tiêu đề; đã hiểu các cột là: ${roles.map((r, i) => `cột ${i + 1} ${r ? ROLE_VI[r] : 'không dùng'}`).join(', ')}`;
    if (!roles.includes('plan'))
      throw new ProposeError([
        `Bảng chỉ có ${width} cột, không thấy cột kế hoạch. Hãy chép cả dòng tiêu đề (STT, Chỉ tiêu, Đơn vị tính, Kế hoạch) cùng với bảng.`,
      ]);
  }
  const col = (r: string[], role: Role) => {
    const i = roles.indexOf(role);
    return i >= 0 ? (r[i] ?? '') : '';
  };
  const items: ListItem[] = [];
  let heading: string | undefined;
  for (const r of records.slice(headerAt + 1)) {
    if (r.cells.length === 1) {
      // A merged heading row (“I. CHỈ TIÊU KINH TẾ”) has one cell; one cell with a figure is a broken row.
      if (!HAS_FIGURE.test(r.cells[0].replace(/năm\s+\d{4}/giu, '').replace(/^[IVX]+\.\s*/, '')) || ROMAN.test(r.cells[0])) {
        heading = r.cells[0].replace(ROMAN, '').replace(/:\s*$/, '').trim();
        continue;
      }
    }
    if (r.cells.length !== width) {
      problems.push(
        `Dòng ${r.line}: có ${r.cells.length} cột, bảng có ${width} cột (${roles.map((x, i) => (x ? ROLE_VI[x] : `cột ${i + 1}`)).join(', ')}). Có thể một ô có xuống dòng hoặc có dấu tab bên trong: hãy sửa ô đó thành một dòng rồi dán lại cả bảng.`,
      );
      continue;
    }
    const stt = col(r.cells, 'stt');
    const name = col(r.cells, 'name');
    const unit = col(r.cells, 'unit');
    const plan = col(r.cells, 'plan');
    if (!plan && !unit && name) {
      heading = name.replace(/:\s*$/, '').trim();
      continue;
    }
    if (ROMAN_CELL.test(stt) && !plan) {
      heading = name;
      continue;
    }
    if (!name) {
      problems.push(`Dòng ${r.line}: ô chỉ tiêu đang trống${plan ? ` (kế hoạch “${plan}”)` : ''}. Hãy ghi tên chỉ tiêu hoặc xóa dòng này rồi dán lại.`);
      continue;
    }
    items.push({ label: stt, text: [name, plan].filter(Boolean).join(' '), line: r.line, cells: { name, unit, plan }, ...(heading ? { heading } : {}) });
  }
  if (problems.length) throw new ProposeError(problems);
  return { form: 'table', items, skipped, columns };
}
