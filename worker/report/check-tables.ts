/**
 * Tables of a draft, Word's or typed. Tables are read as their columns (Số TT, chỉ tiêu, kế hoạch,
 * thực hiện, đánh giá, and the derived "% so với KH" / "% so với cùng kỳ"), so a plan or a row number
 * is never taken for the actual; rows typed as tab-separated paragraphs (a table pasted as text, a
 * text draft) are read the same way. A table without that header row is read cell by cell, as prose
 * (a row of it that names an indicator beside other figures is listed as unreadable instead).
 */
import type { Catalog, Indicator } from '../../shared/catalog.ts';
import { readActual } from '../../shared/target.ts';
import { qualifierOfText } from './check-appendix.ts';
import type { DraftStatements, Place } from './check-types.ts';
import type { DocxParagraph } from './read-docx.ts';
import { fold } from './text.ts';

const SUPERSCRIPTS = /[⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾]+/gu;

/** Where each column of a table laid out as Phụ lục 1 is (-1: absent). */
interface AppendixTableColumns {
  stt: number;
  name: number;
  plan: number;
  actual: number;
  status: number;
  ofPlan: number;
  ofLastYear: number;
}

/** The columns of a table laid out as Phụ lục 1, or undefined for any other table. */
function appendixColumns(rows: string[][]): { header: number; cols: AppendixTableColumns } | undefined {
  for (let h = 0; h < Math.min(3, rows.length); h++) {
    const cells = rows[h].map((c) => fold(c.replace(SUPERSCRIPTS, '')).replace(/\s+/g, ' ').trim());
    const find = (re: RegExp, not?: RegExp) => cells.findIndex((c) => re.test(c) && !not?.test(c));
    const cols = {
      stt: find(/^(số\s*)?tt$|^stt$/u),
      name: find(/chỉ tiêu/u),
      plan: find(/kế hoạch|^kh(?![\p{L}])/u, /thực hiện|so với|%/u),
      actual: find(/thực hiện/u, /kế hoạch|so với/u),
      status: find(/đánh giá/u),
      ofPlan: find(/so với\s+(?:kh|kế hoạch)|%\s*(?:kh|kế hoạch)/u),
      ofLastYear: find(/cùng kỳ|năm trước/u),
    };
    if (cols.name >= 0 && cols.actual >= 0 && cols.stt >= 0) return { header: h, cols };
  }
  return undefined;
}

function sameName(draft: string, ind: Indicator): boolean {
  const a = fold(draft.replace(SUPERSCRIPTS, '')).replace(/\s+/g, ' ').trim();
  const b = fold(ind.name).replace(/\s+/g, ' ').trim();
  const n = Math.min(20, b.length);
  return a.length > 0 && a.slice(0, n) === b.slice(0, n);
}

/** A row of a table, Word's or typed with tabs, with where it is. */
export interface RowOf {
  cells: string[];
  at: (quote: string) => Place;
  labelOf: (stt: number) => string;
  pos: number;
}

/** Paragraphs typed as table rows: at least three tabs. */
function isTabRow(p: DocxParagraph): boolean {
  return p.text.split('\t').length >= 4;
}

/** Consecutive tab-separated paragraphs, as the tables they are. */
export function tabTables(paragraphs: DocxParagraph[]): DocxParagraph[][] {
  const groups: DocxParagraph[][] = [];
  for (const p of paragraphs) {
    if (!isTabRow(p)) continue;
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1].index === p.index - 1) last.push(p);
    else groups.push([p]);
  }
  return groups;
}

export const NUMBER_IN = /\d/u;

/**
 * A table's rows: as Phụ lục 1's columns when its header says so; else cell by cell, as prose (`scan`
 * reads a cell's text). What it reads goes into `out`.
 */
export function readTable(
  rows: RowOf[],
  catalog: Catalog,
  out: DraftStatements,
  scan: (text: string, at: (quote: string) => Place, pos: number) => void,
): void {
  const shape = appendixColumns(rows.map((r) => r.cells));
  rows.forEach((row, k) => {
    const cellText = (i: number) => (i >= 0 ? (row.cells[i] ?? '') : '');
    const quote = row.cells.map((c) => c.replace(/\s+/g, ' ').trim()).join(' | ');
    if (!shape) {
      const named = catalog.indicators.find((x) => row.cells.some((c) => sameName(c, x)));
      if (named && row.cells.some((c) => !sameName(c, named) && NUMBER_IN.test(c))) {
        out.unread.push({
          indicator: named.code,
          said: quote,
          place: row.at(quote),
          pos: [row.pos, 0],
          reason: 'bảng không có dòng tiêu đề (Số TT, Chỉ tiêu, Kế hoạch, Thực hiện…) nên không biết cột nào là số thực hiện, cột nào là kế hoạch',
        });
        return;
      }
      row.cells.forEach((c) => scan(c, row.at, row.pos));
      return;
    }
    if (k <= shape.header) return;
    const cols = shape.cols;
    const stt = Number(cellText(cols.stt).trim());
    const ind =
      catalog.indicators.find((x) => x.stt === stt && sameName(cellText(cols.name), x)) ?? catalog.indicators.find((x) => sameName(cellText(cols.name), x));
    const at = row.at(quote);
    if (!ind) {
      if (row.cells.some((c) => NUMBER_IN.test(c)) && cellText(cols.name).trim() !== '') {
        out.unread.push({ said: quote, place: at, pos: [row.pos, 0], reason: 'dòng bảng không khớp tên chỉ tiêu nào của danh mục' });
      }
      return;
    }
    at.label = row.labelOf(ind.stt);
    const pos: [number, number] = [row.pos, 0];
    const actualText = cellText(cols.actual).replace(SUPERSCRIPTS, '').trim();
    const a = readActual(actualText);
    if (a.kind === 'number') {
      out.figures.push({
        subject: ind.code,
        indicator: ind.code,
        figure: { value: a.value, decimals: a.decimals ?? 0, qualifier: qualifierOfText(actualText) },
        said: actualText,
        place: at,
        pos,
      });
    } else if (a.kind === 'invalid') {
      out.unread.push({ indicator: ind.code, said: actualText, place: at, pos, reason: `cột “Thực hiện”: ${a.error}` });
    }
    const planText = cellText(cols.plan).replace(SUPERSCRIPTS, '').replace(/\s+/g, ' ').trim();
    if (cols.plan >= 0 && planText !== '')
      out.plans.push({ indicator: ind.code, source: 'column', text: planText, said: planText, place: at, pos: [row.pos, 0.5] });
    for (const [col, base] of [
      [cols.ofPlan, 'plan'],
      [cols.ofLastYear, 'lastYear'],
    ] as const) {
      const t = cellText(col).replace(SUPERSCRIPTS, '').trim();
      const n = /^(\d+(?:[.,]\d+)*)\s*%$/u.exec(t);
      const v = n ? readActual(n[1]) : undefined;
      if (v?.kind === 'number') {
        out.shares.push({
          subject: ind.code,
          indicator: ind.code,
          base,
          percent: v.value,
          decimals: v.decimals ?? 0,
          word: '',
          baseText: base === 'plan' ? 'kế hoạch' : 'cùng kỳ',
          said: t,
          place: at,
          pos: [row.pos, 0.6],
          ...(a.kind === 'number' ? { figure: out.figures[out.figures.length - 1] } : {}),
        });
      }
    }
    if (cols.status >= 0) out.rows.push({ indicator: ind.code, status: cellText(cols.status).replace(/\s+/g, ' ').trim(), place: at, pos: [row.pos, 1] });
  });
}
