/**
 * The Word renderer of the appendix (phuluc report --format docx), with the docx package. It draws
 * the same content as the Excel appendix (shared/layout.ts appendixModel: rows, results, summary)
 * and the same footnotes (shared/report.ts footnotes()), in the conventions of Nghị định
 * 30/2020/NĐ-CP: Times New Roman, A4, margins 20/20/30/15 mm, the page number at the top centre
 * from the second page.
 *
 * Section 1 is Phụ lục 1 on A4 landscape: title, subtitle, the table (its header row repeated on
 * every page, rows never split), the departments' explanations as real Word footnotes numbered from
 * the catalogue's `appendix.footnoteStart` (w:footnotePr/w:numStart), and the issuer line.
 * Section 2, on A4 portrait, is the summary paragraph as the report writes it, with its own footnotes,
 * ready to paste into the report. Word and LibreOffice number footnotes through the whole document
 * from the first section's start (LibreOffice has one numbering for a document), so here the
 * summary's notes follow the appendix's; pasted into the report, Word numbers them where they land.
 */
import {
  AlignmentType, BorderStyle, convertMillimetersToTwip, Document, FootnoteReferenceRun, Header, HeightRule, Packer,
  PageNumber, PageOrientation, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun,
  VerticalAlignTable, WidthType, type ParagraphChild,
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
/** Page numbers: 13–14 pt, centred in the top margin, not on the first page. */
const PAGE_NUMBER_SIZE = 13;
/** Body text of a report: 13–14 pt. */
const BODY_SIZE = 14;

const half = (pt: number) => Math.round(pt * 2);
const mm = (v: number) => Math.round(convertMillimetersToTwip(v));

function margins() {
  return {
    top: mm(MARGIN.top), bottom: mm(MARGIN.bottom), left: mm(MARGIN.left), right: mm(MARGIN.right),
    header: mm(MARGIN.header), footer: mm(MARGIN.footer),
  };
}

function run(text: string, style: StyleName, extra: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
  const s = STYLES[style].font;
  return new TextRun({ text, font: FONT, size: half(extra.size ?? s.size), bold: extra.bold ?? s.bold, italics: extra.italics ?? s.italic });
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function pageNumberHeader(): { default: Header; first: Header } {
  return {
    default: new Header({
      children: [new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: half(PAGE_NUMBER_SIZE) })],
      })],
    }),
    first: new Header({ children: [new Paragraph({ children: [] })] }),
  };
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const CELL_BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER } as const;

function cell(children: ParagraphChild[], style: StyleName, width: number): TableCell {
  const s = STYLES[style];
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: CELL_BORDERS,
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
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

/** Column widths in twips, in the proportions of the appendix sheet's columns. */
function columnWidths(content: AppendixContent, total: number): number[] {
  const widths = letters(content).map((l) => content.model.columns.find((c) => c.letter === l)?.width ?? 10);
  const sum = widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => Math.floor((w / sum) * total));
}

function appendixTable(content: AppendixContent, notes: Footnote[], noteId: Map<number, number>, width: number): Table {
  const widths = columnWidths(content, width);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    height: { value: 567, rule: HeightRule.ATLEAST },
    children: headerTexts(content).map((h, i) => cell([run(h, 'header')], 'header', widths[i])),
  });
  const extra = letters(content).slice(6);
  const rows = content.results.map((r, k) => {
    const ind = r.indicator;
    const row = content.model.rows[k]?.row ?? FIRST_DATA_ROW + k;
    const mark = notes.find((n) => n.indicator === ind.code);
    const ref = mark ? [new FootnoteReferenceRun(noteId.get(mark.number)!)] : [];
    const styles: StyleName[] = ['stt', 'text', 'center', 'center', 'center', 'status', ...extra.map((): StyleName => 'center')];
    // The name and the figure are the row's own (the marks are real footnotes here, not superscripts);
    // the plan, the Đánh giá and the derived columns as the sheet prints them (the period's rule).
    const texts: ParagraphChild[][] = [
      [run(String(ind.stt), 'stt')],
      [run(ind.name, 'text'), ...(mark?.anchor === 'name' ? ref : [])],
      [run(ind.unit, 'center')],
      [run(modelText(content, `${COL.plan}${row}`), 'center')],
      [run(r.printed, 'center'), ...(mark?.anchor === 'actual' ? ref : [])],
      [run(modelText(content, `${COL.status}${row}`), 'status')],
      ...extra.map((l) => [run(modelText(content, `${l}${row}`), 'center')]),
    ];
    return new TableRow({ cantSplit: true, children: texts.map((t, i) => cell(t, styles[i], widths[i])) });
  });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [header, ...rows],
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
  return new Paragraph({ style: 'FootnoteText', alignment: AlignmentType.JUSTIFIED, children: [new TextRun({ text: ` ${text}`, font: FONT, size: half(STYLES.footnote.font.size) })] });
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
  const summaryRuns: ParagraphChild[] = [new TextRun({ text: summary.lead, font: FONT, size: half(BODY_SIZE) })];
  summary.parts.forEach((p, i) => {
    summaryRuns.push(new TextRun({ text: `${i > 0 ? ', ' : ''}${p.text}`, font: FONT, size: half(BODY_SIZE) }));
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
  title.push(
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 60 }, children: [run(catalog.appendix.title, 'title')] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(appendixSubtitle(catalog), 'subtitle')] }),
  );

  const doc = new Document({
    creator: catalog.locality.issuer,
    title: `${catalog.appendix.title}: ${appendixSubtitle(catalog)}`,
    description: `${period.header}; số liệu tổng hợp lúc ${formatTimeVi(input.generatedAt)}`,
    styles: {
      default: { document: { run: { font: FONT, size: half(STYLES.text.font.size) } } },
      paragraphStyles: [{
        id: 'FootnoteText', name: 'footnote text', basedOn: 'Normal', quickFormat: false,
        run: { font: FONT, size: half(STYLES.footnote.font.size) },
        paragraph: { spacing: { after: 0, line: 240 } },
      }],
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
          appendixTable(content, notes, noteId, landscapeWidth),
          new Paragraph({ alignment: ALIGN[STYLES.issuer.horizontal], spacing: { before: 240 }, children: [run(catalog.locality.issuer, 'issuer')] }),
        ],
      },
      {
        properties: {
          page: { size: { width: A4.short, height: A4.long, orientation: PageOrientation.PORTRAIT }, margin: margins(), pageNumbers: { start: 1 } },
          titlePage: true,
        },
        headers: pageNumberHeader(),
        children: [
          new Paragraph({
            spacing: { after: 240 },
            children: [run('Đoạn tổng hợp để đưa vào báo cáo, lập từ cùng số liệu với Phụ lục 1. Khi dán vào báo cáo, số thứ tự các chú thích được đánh lại theo vị trí mới.', 'info')],
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
