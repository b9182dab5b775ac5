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

/**
 * A row of Phụ lục 1 typed with spaces instead of tabs (a table copied from a PDF, a draft retyped:
 * “14 Giải quyết việc làm mới Người 1.200 942 Không đạt KH”), as its cells — Số TT, chỉ tiêu, đơn
 * vị, kế hoạch, thực hiện, đánh giá — found by the catalogue's own unit and plan as printed after
 * the indicator's name. 'unreadable': it starts as the row of an indicator (its number, its name)
 * but its unit and plan are not there as printed, so which figure is the actual cannot be told;
 * undefined: any other paragraph.
 */
export function spacedRowCells(text: string, catalog: Catalog): string[] | 'unreadable' | undefined {
  if (text.includes('\t')) return undefined;
  const m = /^\s*(\d{1,3})\.?\s+(\S.*)$/su.exec(text);
  if (!m) return undefined;
  const rest = m[2];
  const ind = catalog.indicators.find((x) => x.stt === Number(m[1]) && sameName(rest, x));
  if (!ind || !NUMBER_IN.test(rest.slice(Math.min(rest.length, ind.name.length - 5)))) return undefined;
  // The row without its spaces, each letter with where it stands, to find “unit plan” however spaced.
  const chars: { c: string; at: number }[] = [];
  for (let i = 0; i < rest.length; i++) if (!/\s/u.test(rest[i])) chars.push({ c: rest[i].toLowerCase(), at: i });
  const compact = chars.map((x) => x.c).join('');
  const squeeze = (t: string) => t.replace(/\s+/gu, '').toLowerCase();
  const [unitKey, planKey] = [squeeze(ind.unit), squeeze(ind.plan)];
  const after = Math.min(compact.length, squeeze(ind.name).length - 10);
  if (!unitKey || !planKey) return 'unreadable';
  const verdictOf = (tail: string) => {
    const v = /(?:^|\s)((?:không\s+đạt|vượt|đạt)\s+kh)\s*$/iu.exec(tail);
    return { before: (v ? tail.slice(0, v.index) : tail).trim(), verdict: v?.[1] ?? '' };
  };
  const from = compact.indexOf(unitKey + planKey, after);
  if (from >= 0) {
    const unitStart = chars[from].at;
    const planStart = chars[from + unitKey.length].at;
    const planEnd = chars[from + unitKey.length + planKey.length - 1].at + 1;
    const { before: actual, verdict } = verdictOf(rest.slice(planEnd));
    return [m[1], rest.slice(0, unitStart).trim(), rest.slice(unitStart, planStart).trim(), rest.slice(planStart, planEnd).trim(), actual, verdict];
  }
  // The plan is not the catalogue's (edited): with the unit found, two words left are the plan and the actual.
  const unitAt = compact.indexOf(unitKey, after);
  if (unitAt < 0) return 'unreadable';
  const unitStart = chars[unitAt].at;
  const unitEnd = chars[unitAt + unitKey.length - 1].at + 1;
  const { before, verdict } = verdictOf(rest.slice(unitEnd));
  const words = before.split(/\s+/u).filter(Boolean);
  if (words.length !== 2 || !words.every((w) => NUMBER_IN.test(w))) return 'unreadable';
  return [m[1], rest.slice(0, unitStart).trim(), rest.slice(unitStart, unitEnd).trim(), words[0], words[1], verdict];
}

/** The header of rows read by spacedRowCells, in their order. */
export const SPACED_ROW_HEADER = ['Số TT', 'Chỉ tiêu', 'Đơn vị', 'Kế hoạch', 'Thực hiện', 'Đánh giá'];

/** A header line of Phụ lục 1 typed with spaces (“Số TT CHỈ TIÊU Đơn vị Kế hoạch năm 2023 Ước thực hiện năm 2023 Đánh giá”). */
export function isSpacedHeader(text: string): boolean {
  const f = fold(text);
  return !text.includes('\t') && /^(?:số\s*tt|stt|tt)(?![\p{L}])/u.test(f) && /chỉ tiêu/u.test(f) && /kế hoạch/u.test(f) && /thực hiện/u.test(f);
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
