/**
 * The Word renderer of the appendix (phuluc report --format docx), with the docx package. It draws
 * the same content as the Excel appendix (shared/layout.ts appendixModel: rows, results, summary)
 * and the same footnotes (shared/report.ts footnotes()), in the conventions of Nghị định
 * 30/2020/NĐ-CP: Times New Roman, A4, margins 20/20/30/15 mm.
 *
 * Section 1 is Phụ lục 1 on A4 landscape: title, subtitle, “(Kèm theo Báo cáo số …)” when the
 * catalogue gives the report's number, the table (its header row on every page, rows never split),
 * the departments' explanations as real Word footnotes numbered from the catalogue's
 * `appendix.footnoteStart` (w:footnotePr/w:numStart), and the issuer line; page numbers at the top
 * centre from the second page. Section 2, on A4 portrait, is the summary paragraph as the report
 * writes it, with its own footnotes, ready to paste into the report; its pages are all numbered.
 * Word and LibreOffice number footnotes through the whole document from the first section's start
 * (LibreOffice has one numbering for a document), so here the summary's notes follow the appendix's;
 * pasted into the report, Word numbers them where they land.
 *
 * The page plan: a footnote prints at the foot of the page its mark is on. A word processor moves a
 * row that cannot be split to the next page but may leave its footnote behind or carry it over, so
 * the rows are laid out here, with Times New Roman's widths (Liberation Serif has the same): each
 * row's lines, each footnote's lines, the separator, and a margin of a line and a half; where a row
 * and its footnote would not fit, the table ends and the next page starts a new one with the header
 * row again (an explicit page break, which Word and LibreOffice both keep). The issuer line stays
 * with the last row.
 *
 * Typesetting: a cell's or the summary's last two words are held together by a non-breaking space
 * (no “gia”, “nhà”, “hội” alone on a line), and so is a spaced dash with the word before it (“kinh tế
 * - xã hội” never starts a line with “- xã hội”).
 */
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  FootnoteReferenceRun,
  Header,
  HeightRule,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { appendixSubtitle, type Catalog, type Period } from '../../shared/catalog.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { COL, DRAFT_MARK, FIRST_DATA_ROW, FONT, HEADER_ROW, STYLES, type AppendixContent, type StyleName } from '../../shared/layout.ts';
import { footnotes as appendixFootnotes, type Footnote } from '../../shared/report.ts';

export interface ReportDocxInput {
  catalog: Catalog;
  period: Period;
  /** What appendixModel(catalog, period, { generatedAt, values }) returns. */
  content: AppendixContent;
  /** When the figures were consolidated (ISO time); printed on a draft. */
  generatedAt: string;
  /** Prints "BẢN DỰ THẢO" and the consolidation time in the title area (the review cycle). */
  draft?: boolean;
}

export { DRAFT_MARK } from '../../shared/layout.ts';

/** Nghị định 30/2020/NĐ-CP: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
const MARGIN = { top: 20, bottom: 20, left: 30, right: 15, header: 10, footer: 10 } as const;
const A4 = { short: 11906, long: 16838 } as const;
/** Page numbers: 13–14 pt, centred in the top margin. */
const PAGE_NUMBER_SIZE = 13;
/** Body text of a report: 13–14 pt. */
const BODY_SIZE = 14;
/** A cell's padding, top and bottom / left and right (twips). */
const CELL_PAD = { v: 40, h: 80 } as const;

const half = (pt: number) => Math.round(pt * 2);
const mm = (v: number) => Math.round(convertMillimetersToTwip(v));
const NBSP = '\u00a0';

function margins() {
  return {
    top: mm(MARGIN.top),
    bottom: mm(MARGIN.bottom),
    left: mm(MARGIN.left),
    right: mm(MARGIN.right),
    header: mm(MARGIN.header),
    footer: mm(MARGIN.footer),
  };
}

/**
 * Where a line must not break: a spaced dash stays with the word before it (“kinh tế - xã hội”), and,
 * when `lastWords`, the last two words stay together so that none is left alone on a line (when they
 * are short enough to fit a line together).
 */
export function keepTogether(text: string, lastWords = true): string {
  let t = text.replace(/ ([-–]) /gu, `${NBSP}$1 `);
  if (lastWords) {
    const m = /(\S+) (\S+)$/u.exec(t);
    if (m && m[0].length <= 24 && t.trim().split(/\s+/u).length >= 3) t = `${t.slice(0, m.index)}${m[1]}${NBSP}${m[2]}`;
  }
  return t;
}

function run(text: string, style: StyleName, extra: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
  const s = STYLES[style].font;
  return new TextRun({ text, font: FONT, size: half(extra.size ?? s.size), bold: extra.bold ?? s.bold, italics: extra.italics ?? s.italic });
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function pageNumberParagraph(): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: half(PAGE_NUMBER_SIZE) })],
  });
}

/** The appendix: the number from its second page. */
function pageNumberHeader(): { default: Header; first: Header } {
  return { default: new Header({ children: [pageNumberParagraph()] }), first: new Header({ children: [new Paragraph({ children: [] })] }) };
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const CELL_BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER } as const;

function cell(children: ParagraphChild[], style: StyleName, width: number): TableCell {
  const s = STYLES[style];
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: CELL_BORDERS,
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: CELL_PAD.v, bottom: CELL_PAD.v, left: CELL_PAD.h, right: CELL_PAD.h },
    ...(s.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: s.fill.slice(2) } } : {}),
    children: [new Paragraph({ alignment: ALIGN[s.horizontal], children })],
  });
}

/** The model's text of a cell: its value, or a formula's cached result (the Đánh giá, the derived %). */
function modelText(content: AppendixContent, address: string): string {
  const c = content.model.cells.find((x) => x.address === address);
  return String(c?.value ?? c?.result ?? '');
}

/** The appendix's columns: A–F, then the derived ones when the model has them (“% so với KH” …). */
function letters(content: AppendixContent): string[] {
  const base = [COL.stt, COL.name, COL.unit, COL.plan, COL.actual, COL.status];
  const derived = [COL.ofPlan, COL.ofLastYear].filter((l) => content.model.cells.some((c) => c.address === `${l}${HEADER_ROW}`));
  return [...base, ...derived];
}

/** The header cells of the appendix model (row HEADER_ROW). */
function headerTexts(content: AppendixContent): string[] {
  return letters(content).map((l) => modelText(content, `${l}${HEADER_ROW}`));
}

/**
 * The Word table's columns, in the sheet's width units (1 unit = 1/123 of the landscape text width):
 * each column but the name holds its content (“Không đạt KH” on one line, “Tr. đồng/ người/ năm” on
 * two); the name takes the rest, so the derived columns, when switched on, narrow the name only.
 */
const WORD_UNITS: Record<string, number> = {
  [COL.stt]: 6,
  [COL.unit]: 12,
  [COL.plan]: 24,
  [COL.actual]: 18,
  [COL.status]: 14,
  [COL.ofPlan]: 11,
  [COL.ofLastYear]: 11,
};
const BASE_UNITS = 123;

/** Column widths in twips. */
function columnWidths(content: AppendixContent, total: number): number[] {
  const unit = total / BASE_UNITS;
  const fixed = letters(content).map((l) => (l === COL.name ? 0 : Math.floor((WORD_UNITS[l] ?? 11) * unit)));
  const rest = total - fixed.reduce((a, b) => a + b, 0);
  return fixed.map((w, i) => (letters(content)[i] === COL.name ? Math.floor(rest) : w));
}

// ---------------------------------------------------------------------------------------------
// The page plan, with Times New Roman's advance widths (1/1000 em; Liberation Serif's are the same).

const REGULAR: Record<string, number> = {
  ' ': 250,
  '!': 333,
  '"': 408,
  '#': 500,
  $: 500,
  '%': 833,
  '&': 778,
  "'": 180,
  '(': 333,
  ')': 333,
  '*': 500,
  '+': 564,
  ',': 250,
  '-': 333,
  '.': 250,
  '/': 278,
  ':': 278,
  ';': 278,
  '<': 564,
  '=': 564,
  '>': 564,
  '?': 444,
  '@': 921,
  '[': 333,
  ']': 333,
  _: 500,
  '≥': 549,
  '≤': 549,
  '–': 500,
  '“': 444,
  '”': 444,
  A: 722,
  B: 667,
  C: 667,
  D: 722,
  E: 611,
  F: 556,
  G: 722,
  H: 722,
  I: 333,
  J: 389,
  K: 722,
  L: 611,
  M: 889,
  N: 722,
  O: 722,
  P: 556,
  Q: 722,
  R: 667,
  S: 556,
  T: 611,
  U: 722,
  V: 722,
  W: 944,
  X: 722,
  Y: 722,
  Z: 611,
  a: 444,
  b: 500,
  c: 444,
  d: 500,
  e: 444,
  f: 333,
  g: 500,
  h: 500,
  i: 278,
  j: 278,
  k: 500,
  l: 278,
  m: 778,
  n: 500,
  o: 500,
  p: 500,
  q: 500,
  r: 333,
  s: 389,
  t: 278,
  u: 500,
  v: 500,
  w: 722,
  x: 500,
  y: 500,
  z: 444,
};
const BOLD: Record<string, number> = {
  ...REGULAR,
  '%': 1000,
  '&': 833,
  ':': 333,
  ';': 333,
  '>': 570,
  A: 722,
  B: 667,
  C: 722,
  D: 722,
  E: 667,
  F: 611,
  G: 778,
  H: 778,
  I: 389,
  J: 500,
  K: 778,
  L: 667,
  M: 944,
  N: 722,
  O: 778,
  P: 611,
  Q: 778,
  R: 722,
  S: 556,
  T: 667,
  U: 722,
  V: 722,
  W: 1000,
  X: 722,
  Y: 722,
  Z: 667,
  a: 500,
  b: 556,
  c: 444,
  d: 556,
  e: 444,
  f: 333,
  g: 500,
  h: 556,
  i: 278,
  j: 333,
  k: 556,
  l: 278,
  m: 833,
  n: 556,
  o: 500,
  p: 556,
  q: 556,
  r: 444,
  s: 389,
  t: 333,
  u: 556,
  v: 500,
  w: 722,
  x: 500,
  y: 500,
  z: 444,
};

/** A character's advance in em: Vietnamese letters as their base letter (the horn of ơ, ư a little wider). */
function advance(c: string, bold: boolean): number {
  const table = bold ? BOLD : REGULAR;
  if (c === NBSP) return table[' '] / 1000;
  if (/\d/u.test(c)) return 0.5;
  const direct = table[c];
  if (direct !== undefined) return direct / 1000;
  const nfd = c.normalize('NFD');
  const base = nfd[0];
  const horn = nfd.includes('\u031b');
  const w = table[base === 'đ' ? 'd' : base === 'Đ' ? 'D' : base];
  return ((w ?? 556) / 1000) * (horn ? 1.1 : 1);
}

/** Lines a text takes in a width (points), wrapping at ordinary spaces (not at non-breaking ones). */
function lineCount(text: string, widthPt: number, sizePt: number, bold = false): number {
  let lines = 0;
  for (const para of text.split('\n')) {
    const words = para.split(' ').filter((w) => w !== '');
    const space = advance(' ', bold) * sizePt;
    let line = 0;
    let count = 1;
    for (const w of words) {
      const ww = [...w].reduce((a, c) => a + advance(c, bold), 0) * sizePt;
      if (line > 0 && line + space + ww > widthPt) {
        count++;
        line = 0;
      }
      if (ww > widthPt) {
        count += Math.ceil(ww / widthPt) - 1;
        line = ww % widthPt;
      } else line += (line > 0 ? space : 0) + ww;
    }
    lines += count;
  }
  return lines;
}

/** A line of text: the font's height with its line gap (1,15 em for Times New Roman), rounded up. */
const lineHeight = (sizePt: number) => sizePt * 1.17;
const twipsToPt = (t: number) => t / 20;

/** The heights the plan adds (points). */
const PLAN = {
  /** A4 landscape's text height between the 20 mm margins. */
  body: twipsToPt(A4.short) - (2 * (MARGIN.top * 72)) / 25.4,
  /** The footnote area's separator line and the space around it. */
  separator: 10,
  /** What the estimate may be off by: a line and a half. */
  margin: 18,
} as const;

/** What a row adds to a page, and its footnote. */
interface RowBox {
  row: number;
  height: number;
  note: number;
}

function cellLines(text: string, widthTwips: number, size: number, bold: boolean, mark = ''): number {
  return lineCount(`${text}${mark ? `${NBSP}${mark}` : ''}`, twipsToPt(widthTwips - 2 * CELL_PAD.h) - 1, size, bold);
}

function rowHeight(lines: number, size: number): number {
  return lines * lineHeight(size) + twipsToPt(2 * CELL_PAD.v) + 1;
}

/**
 * The rows of each page of the appendix: a page ends before a row whose footnote would not fit
 * under it (with the notes already on the page), or that would not fit itself; the last row keeps
 * the issuer line with it. Exported for the tests.
 */
export function appendixPages(input: Pick<ReportDocxInput, 'catalog' | 'content' | 'draft'>): number[][] {
  const { catalog, content } = input;
  const notes = appendixFootnotes(catalog, content.results);
  const width = A4.long - mm(MARGIN.left) - mm(MARGIN.right);
  const widths = columnWidths(content, width);
  const texts = rowTexts(content);
  const textSize = STYLES.text.font.size;
  const noteSize = STYLES.footnote.font.size;
  const headerHeight = Math.max(
    twipsToPt(567),
    rowHeight(Math.max(...headerTexts(content).map((h, i) => cellLines(h, widths[i], STYLES.header.font.size, true))), STYLES.header.font.size),
  );
  const boxes: RowBox[] = content.results.map((r, k) => {
    const mark = notes.find((n) => n.indicator === r.indicator.code);
    const markText = mark ? String(mark.number) : '';
    const lines = Math.max(
      ...texts[k].map((t, i) =>
        cellLines(t, widths[i], textSize, false, (i === 1 && mark?.anchor === 'name') || (i === 4 && mark?.anchor === 'actual') ? markText : ''),
      ),
    );
    const note = mark ? lineCount(`${mark.number} ${mark.text}`, twipsToPt(width) - 4, noteSize) * lineHeight(noteSize) + 2 : 0;
    return { row: k, height: rowHeight(lines, textSize), note };
  });
  const issuer = lineHeight(STYLES.issuer.font.size) + 12;
  const pages: number[][] = [[]];
  let used = titleHeight(input, twipsToPt(width)) + headerHeight;
  let notesOnPage = 0;
  boxes.forEach((b, i) => {
    const last = i === boxes.length - 1;
    const need = (page: number, notesSoFar: number) => {
      const notesNow = notesSoFar + b.note;
      return page + b.height + (last ? issuer : 0) + (notesNow > 0 ? notesNow + PLAN.separator : 0) + PLAN.margin;
    };
    if (pages[pages.length - 1].length > 0 && need(used, notesOnPage) > PLAN.body) {
      pages.push([]);
      used = headerHeight;
      notesOnPage = 0;
    }
    pages[pages.length - 1].push(b.row);
    used += b.height;
    notesOnPage += b.note;
  });
  return pages;
}

/** The height of the title area (draft mark, title, subtitle, “Kèm theo” line) in points. */
function titleHeight(input: Pick<ReportDocxInput, 'catalog' | 'draft'>, widthPt: number): number {
  const { catalog } = input;
  let h = 0;
  if (input.draft) h += lineHeight(STYLES.title.font.size) + lineHeight(STYLES.info.font.size) + 6;
  h += lineHeight(STYLES.title.font.size) + 3;
  h += lineCount(appendixSubtitle(catalog), widthPt, STYLES.subtitle.font.size, true) * lineHeight(STYLES.subtitle.font.size);
  const attached = attachedToLine(catalog);
  h += attached ? 3 + lineCount(attached, widthPt, STYLES.subtitle.font.size) * lineHeight(STYLES.subtitle.font.size) : 0;
  return h + 12;
}

// ---------------------------------------------------------------------------------------------

/** Each row's cell texts, as the table prints them (typeset: no word alone on a line; marks apart). */
function rowTexts(content: AppendixContent): string[][] {
  const extra = letters(content).slice(6);
  return content.results.map((r, k) => {
    const row = content.model.rows[k]?.row ?? FIRST_DATA_ROW + k;
    return [
      String(r.indicator.stt),
      keepTogether(r.indicator.name),
      keepTogether(r.indicator.unit),
      keepTogether(modelText(content, `${COL.plan}${row}`)),
      keepTogether(r.printed),
      keepTogether(modelText(content, `${COL.status}${row}`)),
      ...extra.map((l) => keepTogether(modelText(content, `${l}${row}`))),
    ];
  });
}

/** “ngày 05 tháng 12 năm 2023”: days below 10 and months 1 and 2 with a leading zero (Nghị định 30/2020). */
function dateInWords(iso: string | null): string {
  if (!iso) return 'ngày … tháng … năm …';
  const [y, m, d] = iso.split('-').map(Number);
  return `ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

/**
 * “(Kèm theo Báo cáo số 245/BC-UBND ngày 05 tháng 12 năm 2023 của UBND thị xã Hồng Lĩnh)”, when the
 * catalogue gives the report's number; undefined otherwise.
 */
export function attachedToLine(catalog: Catalog): string | undefined {
  const r = catalog.report;
  if (!r) return undefined;
  const { name, issuer } = catalog.locality;
  const byName = `UBND ${name}`;
  const authority = issuer.toLocaleUpperCase('vi') === byName.toLocaleUpperCase('vi') ? byName : issuer;
  return `(Kèm theo Báo cáo số ${r.number} ${dateInWords(r.date)} của ${authority})`;
}

function tableOf(content: AppendixContent, rows: number[], notes: Footnote[], noteId: Map<number, number>, widths: number[]): Table {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    height: { value: 567, rule: HeightRule.ATLEAST },
    children: headerTexts(content).map((h, i) => cell([run(h, 'header')], 'header', widths[i])),
  });
  const extra = letters(content).slice(6);
  const texts = rowTexts(content);
  const body = rows.map((k) => {
    const r = content.results[k];
    const mark = notes.find((n) => n.indicator === r.indicator.code);
    const ref = mark ? [new FootnoteReferenceRun(noteId.get(mark.number)!)] : [];
    const styles: StyleName[] = ['stt', 'text', 'center', 'center', 'center', 'status', ...extra.map((): StyleName => 'center')];
    // The name and the figure are the row's own (the marks are real footnotes here, not superscripts);
    // the plan, the Đánh giá and the derived columns as the sheet prints them (the period's rule).
    const t = texts[k];
    const children: ParagraphChild[][] = t.map((x, i) => [run(x, styles[i])]);
    if (mark?.anchor === 'name') children[1].push(...ref);
    if (mark?.anchor === 'actual') children[4].push(...ref);
    return new TableRow({ cantSplit: true, children: children.map((c, i) => cell(c, styles[i], widths[i])) });
  });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [header, ...body],
  });
}

/** "năm 2023" from "Ước thực hiện năm 2023"; "6 tháng đầu năm 2024" from "Thực hiện 6 tháng đầu năm 2024". */
export function periodPhrase(catalog: Catalog, period: Period): string {
  const h = period.header.trim();
  return h.startsWith(period.word) ? h.slice(period.word.length).trim() : `năm ${catalog.year}`;
}

/**
 * The summary paragraph as the report writes it, and its footnotes: the shared summary's parts,
 * each with its detail as a footnote (the met detail after the first count, the unmet list after
 * "không đạt", the progress after "đang thực hiện", the reason after "không đánh giá").
 */
export function summaryParagraph(catalog: Catalog, period: Period, content: AppendixContent): { parts: { text: string; note?: string }[]; lead: string } {
  const parts = content.summary.parts.map(({ text, detail }) => ({ text, ...(detail ? { note: detail } : {}) }));
  return { lead: `Tổng hợp đánh giá tình hình thực hiện các nhiệm vụ, chỉ tiêu kế hoạch kinh tế - xã hội ${periodPhrase(catalog, period)}, `, parts };
}

function footnoteParagraph(text: string): Paragraph {
  return new Paragraph({
    style: 'FootnoteText',
    alignment: AlignmentType.JUSTIFIED,
    children: [new TextRun({ text: ` ${text}`, font: FONT, size: half(STYLES.footnote.font.size) })],
  });
}

/** Phụ lục 1 and the summary paragraph as a Word document (.docx bytes). */
export async function renderReportDocx(input: ReportDocxInput): Promise<Uint8Array> {
  const { catalog, period, content } = input;
  const notes = appendixFootnotes(catalog, content.results);
  const summary = summaryParagraph(catalog, period, content);

  // Word footnote ids: the appendix's first, then the summary's; the printed numbers come from numStart.
  const footnoteDefs: Record<number, { children: Paragraph[] }> = {};
  const noteId = new Map<number, number>();
  let id = 1;
  for (const n of notes) {
    noteId.set(n.number, id);
    footnoteDefs[id++] = { children: [footnoteParagraph(n.text)] };
  }
  const summaryRuns: ParagraphChild[] = [new TextRun({ text: keepTogether(summary.lead, false), font: FONT, size: half(BODY_SIZE) })];
  summary.parts.forEach((p, i) => {
    summaryRuns.push(new TextRun({ text: keepTogether(`${i > 0 ? ', ' : ''}${p.text}`, i === summary.parts.length - 1), font: FONT, size: half(BODY_SIZE) }));
    if (p.note) {
      footnoteDefs[id] = { children: [footnoteParagraph(p.note)] };
      summaryRuns.push(new FootnoteReferenceRun(id++));
    }
  });
  summaryRuns.push(new TextRun({ text: '.', font: FONT, size: half(BODY_SIZE) }));

  const landscapeWidth = A4.long - mm(MARGIN.left) - mm(MARGIN.right);
  const title: Paragraph[] = [];
  if (input.draft) {
    title.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [run(DRAFT_MARK, 'title', { bold: true })] }));
    const at = formatTimeVi(input.generatedAt);
    if (at) title.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(`(Số liệu tổng hợp lúc ${at})`, 'info')] }));
  }
  const attached = attachedToLine(catalog);
  title.push(
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 60 }, children: [run(catalog.appendix.title, 'title')] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: attached ? 60 : 240 }, children: [run(appendixSubtitle(catalog), 'subtitle')] }),
    ...(attached
      ? [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(attached, 'subtitle', { bold: false, italics: true })] })]
      : []),
  );

  // The table, one per page of the plan; each after the first starts a page, with the header row again.
  const widths = columnWidths(content, landscapeWidth);
  const pages = appendixPages(input);
  const tables: (Table | Paragraph)[] = [];
  pages.forEach((rows, p) => {
    if (p > 0) {
      tables.push(
        new Paragraph({ pageBreakBefore: true, spacing: { before: 0, after: 0, line: 20, lineRule: 'exact' }, children: [new TextRun({ text: '', size: 2 })] }),
      );
    }
    tables.push(tableOf(content, rows, notes, noteId, widths));
  });

  const doc = new Document({
    creator: catalog.locality.issuer,
    title: `${catalog.appendix.title}: ${appendixSubtitle(catalog)}`,
    description: `${period.header}; số liệu tổng hợp lúc ${formatTimeVi(input.generatedAt)}`,
    styles: {
      default: { document: { run: { font: FONT, size: half(STYLES.text.font.size) } } },
      paragraphStyles: [
        {
          id: 'FootnoteText',
          name: 'footnote text',
          basedOn: 'Normal',
          quickFormat: false,
          run: { font: FONT, size: half(STYLES.footnote.font.size) },
          paragraph: { spacing: { after: 0, line: 240 } },
        },
      ],
    },
    footnotes: footnoteDefs,
    sections: [
      {
        properties: {
          page: { size: { width: A4.short, height: A4.long, orientation: PageOrientation.LANDSCAPE }, margin: margins(), pageNumbers: { start: 1 } },
          titlePage: true,
          footnoteProperties: { start: catalog.appendix.footnoteStart },
        },
        headers: pageNumberHeader(),
        children: [
          ...title,
          ...tables,
          new Paragraph({ alignment: ALIGN[STYLES.issuer.horizontal], spacing: { before: 240 }, children: [run(catalog.locality.issuer, 'issuer')] }),
        ],
      },
      {
        // Every page of the summary is numbered.
        properties: {
          page: { size: { width: A4.short, height: A4.long, orientation: PageOrientation.PORTRAIT }, margin: margins(), pageNumbers: { start: 1 } },
        },
        headers: { default: new Header({ children: [pageNumberParagraph()] }) },
        children: [
          new Paragraph({
            spacing: { after: 240 },
            children: [
              run(
                'Đoạn tổng hợp để đưa vào báo cáo, lập từ cùng số liệu với Phụ lục 1. Khi dán vào báo cáo, số thứ tự các chú thích được đánh lại theo vị trí mới.',
                'info',
              ),
            ],
          }),
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            indent: { firstLine: mm(10) },
            spacing: { before: 120, after: 120, line: 320 },
            children: summaryRuns,
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
