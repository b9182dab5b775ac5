// Test helpers for the Word report and the check of a draft: the real 2023 figures as the appendix's
// values, and the real 2023 report (tests/fixtures/bao-cao-2023.txt, a copy of the seed) turned into
// a .docx with the docx package: its paragraphs, the appendix table, and its footnotes as real Word
// footnotes where the text marks them (superscript numbers).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Document, FootnoteReferenceRun, Packer, Paragraph, Tab, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { findPeriod, type Catalog, type Period } from '../../shared/catalog.ts';
import { appendixModel, type AppendixContent } from '../../shared/layout.ts';
import type { RowInput } from '../../shared/report.ts';
import { realAppendix } from './catalog.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const GENERATED_AT = '2023-11-20T10:00:00.000Z';

/** Each row's figure and explanation exactly as the real appendix prints them (footnotes 74–76). */
export function realValues(): Record<string, RowInput> {
  const real = realAppendix();
  const out: Record<string, RowInput> = {};
  return Object.assign(
    out,
    ...realCodes().map(([stt, code]) => {
      const row = real.rows.find((r) => r.stt === stt)!;
      const fn = row.footnote ?? row.actualFootnote;
      return { [code]: { value: row.actual, note: fn ? real.footnotes[String(fn)] : null } };
    }),
  );
}

let codes: [number, string][] | undefined;
function realCodes(): [number, string][] {
  codes ??= (JSON.parse(readFileSync(`${root}shared/catalog/2023.json`, 'utf8')) as Catalog).indicators.map((i) => [i.stt, i.code]);
  return codes;
}

/** The 2023 appendix (Ước thực hiện năm 2023) built from the real figures. */
export function realContent(catalog: Catalog, values: Record<string, RowInput> = realValues()): { period: Period; content: AppendixContent } {
  const period = findPeriod(catalog, '2023-uoc')!;
  return { period, content: appendixModel(catalog, period, { generatedAt: GENERATED_AT, values }) };
}

export function seedText(): string {
  return readFileSync(`${root}tests/fixtures/bao-cao-2023.txt`, 'utf8');
}

/**
 * The seed with its four drifts corrected as an officer would: jobs 942 in footnote 2, industry growth
 * 10,2% in footnote 6, rice output 15.249,1 tấn (and its share of the plan, 21,5%), investment “tăng
 * 23% kế hoạch”. Against the real figures it has nothing to find.
 */
export function correctedSeed(): string {
  const fixes: [string, string][] = [
    ['Giải quyết việc làm 924/1.200 lao động', 'Giải quyết việc làm 942/1.200 lao động'],
    ['ngành công nghiệp chỉ tăng 11,78%', 'ngành công nghiệp chỉ tăng 10,2%'],
    ['sản lượng lúa đạt 15.298 tấn, tăng 21,9% so với kế hoạch', 'sản lượng lúa đạt 15.249,1 tấn, tăng 21,5% so với kế hoạch'],
    ['1.721,4 tỷ đồng, tăng 16% kế hoạch', '1.721,4 tỷ đồng, tăng 23% kế hoạch'],
  ];
  return fixes.reduce((t, [from, to]) => {
    if (t.split(from).length !== 2) throw new Error(`seed: “${from}” is not there exactly once`);
    return t.replace(from, to);
  }, seedText());
}

const SUP: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
const SUP_RUN = /⁽?([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾?/gu;
const supToNumber = (s: string) => Number([...s].map((c) => SUP[c]).join(''));

/** A run of text with footnote references in it: [text, id, text, id, …]. */
export type Marked = (string | { note: number })[];

export interface SeedReport {
  paragraphs: Marked[];
  /** The appendix table: header and 21 rows, each cell marked text. */
  table: Marked[][];
  /** Index in `paragraphs` after which the table stands. */
  tableAfter: number;
  footnotes: Map<number, string>;
}

/** Cleans the seed's markup: bold/italic stars, and the LaTeX of "≥ 7,5m". */
function clean(s: string): string {
  return s
    .replace(/\$\\geq\s*7,5\\text\{m\}\$/g, '≥ 7,5m')
    .replace(/\$\\geq\s*7,5m\$/g, '≥ 7,5m')
    .replace(/\*/g, '')
    .replace(/[ \t]+$/g, '');
}

/**
 * The seed as paragraphs, one table and footnotes. A superscript number is a footnote reference when
 * it is the next footnote in order (so "m²" stays a unit); a paragraph cut by a page (its footnotes
 * printed between the two halves, or the next part starting in lower case) is joined again.
 */
export function parseSeed(text: string = seedText()): SeedReport {
  const footnotes = new Map<number, string>();
  type Block = { kind: 'para'; text: string } | { kind: 'notes' } | { kind: 'row'; cells: string[] };
  const blocks: Block[] = [];
  const groups = text.replace(/\r/g, '').split(/\n\s*\n/);
  for (const g of groups) {
    const lines = g.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (/^\*\*/.test(lines[0].trim()) && /\*\*$/.test(lines[lines.length - 1].trim())) {
      blocks.push({ kind: 'para', text: clean(lines.join(' ')).trim() });
      continue;
    }
    for (const line of lines) {
      const note = /^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(.*)$/u.exec(line.trim());
      if (note) {
        footnotes.set(supToNumber(note[1]), clean(note[2]).trim());
        if (blocks[blocks.length - 1]?.kind !== 'notes') blocks.push({ kind: 'notes' });
      } else if (line.includes('\t')) {
        blocks.push({ kind: 'row', cells: line.split('\t').map((c) => clean(c).trim()) });
      } else {
        blocks.push({ kind: 'para', text: clean(line).trim() });
      }
    }
  }
  // Join paragraphs a page cut in two.
  const paras: string[] = [];
  const rows: string[][] = [];
  let tableAfter = -1;
  let brokenByNotes = false;
  const heading = (s: string) => /^((\d+\.)+\d*\s|[IVX]+\.\s|Phần thứ|PHỤ LỤC)/u.test(s) || s === s.toUpperCase();
  for (const b of blocks) {
    if (b.kind === 'notes') {
      brokenByNotes = true;
      continue;
    }
    if (b.kind === 'row') {
      if (tableAfter < 0) tableAfter = paras.length - 1;
      rows.push(b.cells);
      brokenByNotes = false;
      continue;
    }
    const prev = paras[paras.length - 1];
    const open = prev !== undefined && !/[.;:!?)”"]$/u.test(prev) && !heading(prev) && (tableAfter < 0 || paras.length - 1 > tableAfter);
    if (open && (brokenByNotes || /^\p{Ll}/u.test(b.text))) paras[paras.length - 1] = `${prev} ${b.text}`;
    else paras.push(b.text);
    brokenByNotes = false;
  }
  // Footnote references, in order.
  let next = 1;
  const mark = (s: string): Marked => {
    const out: Marked = [];
    let last = 0;
    for (const m of s.matchAll(SUP_RUN)) {
      const n = supToNumber(m[1]);
      if (n !== next || !footnotes.has(n)) continue;
      out.push(s.slice(last, m.index).replace(/\s+$/u, (sp) => (s[m.index! + m[0].length] === undefined ? '' : sp)));
      out.push({ note: n });
      last = m.index! + m[0].length;
      next++;
    }
    out.push(s.slice(last));
    return out.filter((x) => x !== '');
  };
  const before = paras.slice(0, tableAfter + 1).map(mark);
  const table = rows.map((r) => r.map(mark));
  const after = paras.slice(tableAfter + 1).map(mark);
  if (next !== footnotes.size + 1) throw new Error(`seed: footnote ${next} is never referenced (of ${footnotes.size})`);
  return { paragraphs: [...before, ...after], table, tableAfter, footnotes };
}

function runs(m: Marked, bold = false): (TextRun | FootnoteReferenceRun)[] {
  return m.map((x) => (typeof x === 'string' ? new TextRun({ text: x, bold }) : new FootnoteReferenceRun(x.note)));
}

/**
 * The real report as a .docx: what the planning office's draft looks like. Its Phụ lục 1 as a Word
 * table, or (`table: 'tabs'`) as paragraphs whose cells are separated by tabs, as when a table is
 * pasted as text.
 */
export async function seedDocx(seed: SeedReport = parseSeed(), opts: { table?: 'word' | 'tabs' } = {}): Promise<Uint8Array> {
  const para = (m: Marked) => new Paragraph({ children: runs(m) });
  const table =
    opts.table === 'tabs'
      ? seed.table.map(
          (cells, k) =>
            new Paragraph({
              children: cells.flatMap((c, i) => [...(i > 0 ? [new TextRun({ children: [new Tab()] })] : []), ...runs(c, k === 0)]),
            }),
        )
      : [
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: seed.table.map(
              (cells, k) =>
                new TableRow({
                  tableHeader: k === 0,
                  children: cells.map((c) => new TableCell({ children: [new Paragraph({ children: runs(c, k === 0) })] })),
                }),
            ),
          }),
        ];
  const footnotes = Object.fromEntries([...seed.footnotes].map(([n, t]) => [n, { children: [new Paragraph(t)] }]));
  const doc = new Document({
    footnotes,
    sections: [
      {
        children: [...seed.paragraphs.slice(0, seed.tableAfter + 1).map(para), ...table, ...seed.paragraphs.slice(seed.tableAfter + 1).map(para)],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A marked paragraph's plain text. */
export function plain(m: Marked): string {
  return m.map((x) => (typeof x === 'string' ? x : '')).join('');
}
