/**
 * The check of a draft report against the consolidated figures (phuluc check-report): every place
 * where the draft states a figure of an indicator of the catalogue (its phrases, `prose` in the
 * catalogue) that disagrees with the appendix; every share it states against the plan or last year
 * ("tăng 16% kế hoạch", "đạt 78,5% kế hoạch", "bằng 85% so với cùng kỳ") that disagrees with the one
 * computed from the appendix's figure, plan and last year's figure; every plan it states ("942/1.200",
 * the Kế hoạch column of its own copy of Phụ lục 1) that is not the catalogue's; figures related to an
 * indicator that disagree with the department's explanation; the Đánh giá column of its copy of Phụ
 * lục 1; the summary counts ("17/21 chỉ tiêu … đạt và vượt kế hoạch"); and two places of the draft
 * that state different figures for one indicator when the appendix has none to settle it.
 *
 * Besides the findings, the check lists what it read (checkDraft's `readings`): each statement,
 * with the draft's words and the appendix's side by side, "checked" (compared: agrees or not) or
 * "unreadable" (read, but not comparable, and why: a sector's figure, a share of a growth rate,
 * last year's figure not in the catalogue, a table without a header row, a number written the
 * English way). Nothing is guessed silently.
 *
 * Tables are read as their columns (Số TT, chỉ tiêu, kế hoạch, thực hiện, đánh giá, and the derived
 * "% so với KH" / "% so với cùng kỳ"), so a plan or a row number is never taken for the actual; rows
 * typed as tab-separated paragraphs (a table pasted as text, a text draft) are read the same way.
 *
 * Only the part of the draft about the results of the catalogue's year is read: a heading that names
 * another year ("… NĂM 2024"), or the tasks and targets ("NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM"),
 * ends it; a heading about results ("KẾT QUẢ …", "ĐÁNH GIÁ …") or "PHỤ LỤC" starts it again.
 */
import { statusLabel } from '../../shared/assess.ts';
import { indicatorLabel, type Catalog, type Indicator, type Period } from '../../shared/catalog.ts';
import { isReachedFromBelow, lastYearFigure, percentOf, planReference } from '../../shared/derived.ts';
import type { AppendixContent } from '../../shared/layout.ts';
import { decimalsOf, formatNumberVi, padCount, roundTo } from '../../shared/numbers.ts';
import { footnotes as appendixFootnotes, type RowResult } from '../../shared/report.ts';
import { readActual, type Target } from '../../shared/target.ts';
import { agrees, maskNoteMarks, readStatements, subjectsNamed, type Figure, type ShareBase, type Subject } from './figures.ts';
import type { DocxParagraph, ReadDocx } from './read-docx.ts';
import { fold, quoteAround } from './text.ts';

export interface Place {
  kind: 'paragraph' | 'footnote' | 'table';
  /** Paragraph number (non-empty body paragraphs, from 1), footnote mark as printed, or table number. */
  number: number | string;
  /** The table's row (from 1), for a table. */
  row?: number;
  /**
   * "đoạn 12", "chú thích 42", "bảng 1, dòng 3"; a row of the draft's Phụ lục 1: "bảng 1, dòng chỉ
   * tiêu số 14"; a row typed with tabs: "đoạn 231 (dòng chỉ tiêu số 6)".
   */
  label: string;
  /** The sentence, quoted. */
  quote: string;
}

export type FindingKind =
  /** A figure that disagrees with the appendix (an indicator's, or a related figure's). */
  | 'figure'
  /** A share of the plan or of last year ("tăng 16% kế hoạch") that disagrees with the one computed from the appendix. */
  | 'share'
  /** A plan the draft states ("942/1.300", its copy's Kế hoạch column) that is not the catalogue's. */
  | 'plan'
  /** Two places of the draft disagree, and the appendix has no figure to settle which is right. */
  | 'conflict'
  /** A count of the summary sentence ("03 chỉ tiêu không đạt") that disagrees with the data. */
  | 'summary'
  /** The Đánh giá column of the draft's copy of Phụ lục 1 disagrees with the rule. */
  | 'status';

export interface Finding {
  kind: FindingKind;
  indicator?: { code: string; stt: number; name: string };
  /** What the figure is: the indicator's name, a related figure's name, or a summary count. */
  figure: string;
  place: Place;
  /** As written in the draft ("924/1.200 lao động"). */
  said: string;
  saidValue?: number;
  /** As the appendix gives it ("942 người", "tăng 10,2%", "tăng 23% so với kế hoạch"); absent for a conflict. */
  appendix?: string;
  appendixValue?: number;
  /** Where the appendix's figure comes from ("Phụ lục 1 (chỉ tiêu 14)", "giải trình của chỉ tiêu 1 (chú thích 74 của Phụ lục 1)"). */
  appendixSource?: string;
  /** Other places of the draft that state a different figure for the same thing. */
  others: { place: Place; said: string; value?: number }[];
  /**
   * Shares of the same sentence that follow the draft's figure rather than the appendix's
   * ("15.298 tấn, tăng 21,9% so với kế hoạch": 21,9% is 15.298 against the plan): to correct with it.
   */
  follows?: { said: string; appendix: string }[];
  /** The finding in Vietnamese, for a person. */
  message: string;
}

/** One thing the check read in the draft, with the appendix's figure beside it. */
export interface Reading {
  /** "checked": compared with the data (see `agrees`); "unreadable": read, but not comparable (see `reason`). */
  status: 'checked' | 'unreadable';
  kind: 'figure' | 'share' | 'plan' | 'count' | 'status';
  indicator?: Finding['indicator'];
  /** What it is: the indicator's name, a related figure's, a summary count. */
  figure: string;
  place: Place;
  /** As written in the draft. */
  said: string;
  /** As the appendix gives it, when it does. */
  appendix?: string;
  appendixSource?: string;
  /** For a checked reading: whether the draft agrees with the data. */
  agrees?: boolean;
  /** For an unreadable one: why, in Vietnamese. */
  reason?: string;
}

/** The check of a draft: what disagrees (findings, in the draft's order) and everything read. */
export interface DraftCheck {
  findings: Finding[];
  readings: Reading[];
}

export interface CheckOptions {
  /** The period the appendix is of: which of last year's figures "cùng kỳ" means (default: the whole year). */
  period?: Pick<Period, 'id'>;
}

interface SubjectInfo {
  indicator: Indicator;
  name: string;
  related?: string;
}

/** A change indicator: the appendix prints a growth ("Tăng {} %"); the prose then gives "tăng x%". */
export function isChangeIndicator(ind: Indicator): boolean {
  const f = fold(ind.actualFormat === '{}' ? ind.plan : ind.actualFormat).trim();
  return f.startsWith('tăng') || (f.startsWith('giảm') && !f.startsWith('giảm còn'));
}

/** The subjects a draft may state a figure of: each indicator, and each related figure. */
export function subjectsOf(catalog: Catalog): { subjects: Subject[]; info: Map<string, SubjectInfo> } {
  const subjects: Subject[] = [];
  const info = new Map<string, SubjectInfo>();
  for (const ind of catalog.indicators) {
    const prose = ind.prose;
    subjects.push({
      key: ind.code,
      phrases: prose?.phrases ?? [ind.name],
      unitWords: [...(prose?.unitWords ?? []), ind.unit],
      kind: isChangeIndicator(ind) ? 'change' : 'level',
    });
    info.set(ind.code, { indicator: ind, name: ind.name });
    prose?.related?.forEach((r, k) => {
      const key = `${ind.code}#${k + 1}`;
      subjects.push({ key, phrases: r.phrases, unitWords: r.unitWords, kind: r.kind });
      info.set(key, { indicator: ind, name: r.name, related: r.name });
    });
  }
  return { subjects, info };
}

function qualifierOfText(text: string): Figure['qualifier'] {
  const f = fold(text);
  if (/(^|\s)(dưới|không quá)\s/u.test(f) || f.startsWith('dưới')) return 'below';
  if (/(^|\s)(trên|hơn)\s/u.test(f) || f.startsWith('trên')) return 'above';
  return 'exact';
}

/**
 * The indicator's figure in the appendix, when it has one, at the report's precision: the
 * indicator's reporting decimals (a department's 2 of a rate kept at 2 decimals is 2,00, so a draft's
 * “2,2%” disagrees), or more when the department wrote more.
 */
function appendixFigure(r: RowResult): Figure | undefined {
  if (r.actual.kind !== 'number') return undefined;
  const printedDecimals = /,(\d+)/.exec(r.printed.replace(/[^\d,.]/g, ''))?.[1].length ?? 0;
  return { value: r.actual.value, decimals: Math.max(r.actual.decimals ?? printedDecimals, r.indicator.decimals), qualifier: qualifierOfText(r.printed) };
}

/** The unit as a sentence writes it: "Người" → "người", "Tỷ đồng" → "tỷ đồng"; "ha", "%" as they are. */
function unitInProse(unit: string): string {
  return /^\p{Lu}\p{Ll}/u.test(unit) ? unit.charAt(0).toLocaleLowerCase('vi') + unit.slice(1) : unit;
}

/** A number with the indicator's unit, as a sentence writes it: "1.721,4 tỷ đồng", "97%" (no space before %). */
function withProseUnit(value: string, ind: Indicator): string {
  const u = ind.unit.trim();
  return u === '%' ? `${value}%` : `${value} ${unitInProse(u)}`;
}

function appendixText(r: RowResult): string {
  const unit = r.indicator.unit;
  const p = r.printed;
  if (unit === '%' ? p.includes('%') : fold(p).includes(fold(unit))) return p;
  if (r.indicator.actualFormat.includes('/')) return p;
  return withProseUnit(p, r.indicator);
}

const SUPERSCRIPTS = /[⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾]+/gu;

function isHeading(text: string, style?: string, outline?: number): boolean {
  if (outline !== undefined) return true;
  if (style && /heading|title|tieude|chuong|^muc/i.test(style)) return true;
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  if (letters.length < 6 || text.length > 300) return false;
  return letters.filter((c) => c !== c.toLowerCase()).length / letters.length >= 0.85;
}

/**
 * Which blocks (by document order) report the results of the catalogue's year. Two things hold
 * until a heading changes them: the year (a heading naming years) and the kind of part (results, or
 * tasks and targets); a sub-heading ("I. ĐÁNH GIÁ CHUNG") keeps the year of its part.
 */
function scopeOf(draft: ReadDocx, year: number): (order: number) => boolean {
  const changes: [number, boolean][] = [];
  let yearOk = true;
  let results = true;
  let current = true;
  for (const p of draft.paragraphs) {
    if (!isHeading(p.text, p.style, p.outline)) continue;
    const f = fold(p.text).trim();
    const years = [...f.matchAll(/năm\s+((?:19|20)\d\d)(?!\d)/gu)].map((m) => Number(m[1]));
    if (f.startsWith('phụ lục')) {
      yearOk = true;
      results = true;
    } else {
      if (years.length) yearOk = years.includes(year);
      if (/kết quả|tình hình thực hiện|đánh giá/u.test(f)) results = true;
      else if (/nhiệm vụ|giải pháp|mục tiêu|phương hướng/u.test(f)) results = false;
    }
    const next = yearOk && results;
    if (next !== current) {
      changes.push([p.order, next]);
      current = next;
    }
  }
  return (order) => {
    let s = true;
    for (const [at, value] of changes) if (at <= order) s = value;
    return s;
  };
}

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

export type CountKey = 'met' | 'total' | 'khong_dat' | 'chua_danh_gia' | 'dat' | 'vuot' | 'groups';

interface CountStatement {
  key: CountKey;
  value: number;
  start: number;
  end: number;
  text: string;
}

const COUNT_LABEL: Record<CountKey, string> = {
  met: 'Số chỉ tiêu đạt và vượt kế hoạch',
  total: 'Tổng số chỉ tiêu',
  khong_dat: 'Số chỉ tiêu không đạt',
  chua_danh_gia: 'Số chỉ tiêu chưa đánh giá',
  dat: 'Số chỉ tiêu đạt',
  vuot: 'Số chỉ tiêu vượt kế hoạch',
  groups: 'Số nhóm chỉ tiêu chủ yếu',
};

/** The summary's counts as a draft writes them ("có 17/21 chỉ tiêu … đạt và vượt kế hoạch", "03 chỉ tiêu không đạt"). */
function countStatements(text: string): CountStatement[] {
  const f = fold(maskNoteMarks(text));
  const out: CountStatement[] = [];
  const push = (key: CountStatement['key'], m: RegExpMatchArray, group: number) => {
    const value = Number(m[group]);
    const start = m.index! + m[0].indexOf(m[group]);
    out.push({ key, value, start, end: m.index! + m[0].length, text: text.slice(m.index!, m.index! + m[0].length) });
  };
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s*\/\s*(\d{1,3})\s+chỉ tiêu\s*(?:\([^)]{0,80}\))?[^.;\d()]{0,40}?đạt và vượt/gu)) {
    push('met', m, 1);
    push('total', m, 2);
  }
  for (const m of f.matchAll(/trong\s+(\d{1,3})\s+nhóm chỉ tiêu/gu)) push('groups', m, 1);
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s+chỉ tiêu\s+(?:[^\d.;]{0,60}?\s)?không\s+đạt/gu)) push('khong_dat', m, 1);
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s+chỉ tiêu\s+(?:không|chưa)\s+(?:được\s+)?đánh giá/gu)) push('chua_danh_gia', m, 1);
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s+chỉ tiêu\s+đạt(?!\s+và)(?![\p{L}])/gu)) push('dat', m, 1);
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s+chỉ tiêu\s+vượt(?![\p{L}])/gu)) push('vuot', m, 1);
  return out;
}

function placeLabel(p: Omit<Place, 'label' | 'quote'>): string {
  if (p.kind === 'paragraph') return `đoạn ${p.number}`;
  if (p.kind === 'footnote') return p.number === '' ? 'chú thích không đánh số' : `chú thích ${p.number}`;
  return `bảng ${p.number}, dòng ${p.row}`;
}

function place(kind: Place['kind'], number: number | string, quote: string, row?: number): Place {
  const base = { kind, number, ...(row !== undefined ? { row } : {}) };
  return { ...base, label: placeLabel(base), quote };
}

function indicatorRef(ind: Indicator): Finding['indicator'] {
  return { code: ind.code, stt: ind.stt, name: ind.name };
}

function subjectTitle(info: SubjectInfo): string {
  const ind = info.indicator;
  return info.related ? `${info.related} (liên quan chỉ tiêu ${ind.stt})` : indicatorLabel(ind);
}

/** A figure the draft states for an indicator (or a related figure). */
export interface DraftFigure {
  subject: string;
  indicator: string;
  related?: string;
  figure: Figure;
  said: string;
  place: Place;
  /** Document order: block, then a tie-breaker. */
  pos: [number, number];
  /** Said of a part ("lĩnh vực thương mại dịch vụ"), not of the indicator: read, never compared. */
  part?: string;
}

/** A share the draft states against the plan or last year ("tăng 16% kế hoạch"). */
export interface DraftShare {
  subject: string;
  indicator: string;
  related?: string;
  base: ShareBase;
  /** The figure as a percentage of the base ("tăng 16%" → 116). */
  percent: number;
  decimals: number;
  word: string;
  baseText: string;
  said: string;
  place: Place;
  pos: [number, number];
  /** The figure of the same sentence the share follows. */
  figure?: DraftFigure;
  part?: string;
}

/** A plan the draft states: after "/" in a sentence ("942/1.200"), or in the Kế hoạch column of its copy. */
export interface DraftPlan {
  indicator: string;
  source: 'sentence' | 'column';
  /** The plan as written ("1.200", "Tăng trên 13%"). */
  text: string;
  value?: number;
  decimals?: number;
  /** "55/63 tiêu chí": a whole counted, not a plan. */
  whole?: boolean;
  /** What the draft says around it ("942/1.200 lao động"). */
  said: string;
  place: Place;
  pos: [number, number];
  part?: string;
}

/** Something the draft states of an indicator that could not be read as a figure. */
export interface DraftUnread {
  indicator?: string;
  said: string;
  reason: string;
  place: Place;
  pos: [number, number];
}

/** A count of the summary as the draft writes it. */
export interface DraftCount {
  key: CountKey;
  value: number;
  said: string;
  place: Place;
  pos: [number, number];
}

/** A row of the draft's own copy of Phụ lục 1, with what its Đánh giá column says. */
export interface DraftRow {
  indicator: string;
  status: string;
  place: Place;
  pos: [number, number];
}

export interface DraftStatements {
  figures: DraftFigure[];
  shares: DraftShare[];
  plans: DraftPlan[];
  unread: DraftUnread[];
  counts: DraftCount[];
  rows: DraftRow[];
}

/** A row of a table, Word's or typed with tabs, with where it is. */
interface RowOf {
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
function tabTables(paragraphs: DocxParagraph[]): DocxParagraph[][] {
  const groups: DocxParagraph[][] = [];
  for (const p of paragraphs) {
    if (!isTabRow(p)) continue;
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1].index === p.index - 1) last.push(p);
    else groups.push([p]);
  }
  return groups;
}

const NUMBER_IN = /\d/u;

/**
 * Everything the draft states that the check compares: figures, shares and plans of indicators in
 * its paragraphs, footnotes and tables (only in the part about the catalogue's year), the summary's
 * counts, and the rows of its copy of Phụ lục 1.
 */
export function draftStatements(draft: ReadDocx, catalog: Catalog): DraftStatements {
  const { subjects, info } = subjectsOf(catalog);
  const year = catalog.year;
  const inScope = scopeOf(draft, year);
  const out: DraftStatements = { figures: [], shares: [], plans: [], unread: [], counts: [], rows: [] };
  const scan = (text: string, at: (quote: string) => Place, pos: number) => {
    const read = readStatements(text, subjects, { year });
    const mine = new Map<object, DraftFigure>();
    for (const st of read.figures) {
      const i = info.get(st.subject)!;
      const f: DraftFigure = {
        subject: st.subject,
        indicator: i.indicator.code,
        ...(i.related ? { related: i.related } : {}),
        figure: st.figure,
        said: st.text,
        place: at(quoteAround(text, st.mention, st.end)),
        pos: [pos, st.start],
        ...(st.part ? { part: st.part } : {}),
      };
      mine.set(st, f);
      out.figures.push(f);
      if (st.denominator && !i.related) {
        const d = st.denominator;
        out.plans.push({
          indicator: i.indicator.code,
          source: 'sentence',
          text: d.text,
          value: d.value,
          decimals: d.decimals,
          ...(d.whole ? { whole: true } : {}),
          said: st.text,
          place: f.place,
          pos: [pos, st.start + 0.5],
          ...(st.part ? { part: st.part } : {}),
        });
      }
    }
    for (const sh of read.shares) {
      const i = info.get(sh.subject)!;
      out.shares.push({
        subject: sh.subject,
        indicator: i.indicator.code,
        ...(i.related ? { related: i.related } : {}),
        base: sh.base,
        percent: sh.percent,
        decimals: sh.decimals,
        word: sh.word,
        baseText: sh.baseText,
        said: sh.text,
        place: at(quoteAround(text, sh.mention, sh.end)),
        pos: [pos, sh.start],
        ...(sh.figure && mine.has(sh.figure) ? { figure: mine.get(sh.figure)! } : {}),
        ...(sh.part ? { part: sh.part } : {}),
      });
    }
    for (const u of read.unread) {
      out.unread.push({
        indicator: info.get(u.subject)!.indicator.code,
        said: u.text,
        reason: u.reason,
        place: at(quoteAround(text, u.mention, u.end)),
        pos: [pos, u.start],
      });
    }
    for (const c of countStatements(text))
      out.counts.push({ key: c.key, value: c.value, said: c.text, place: at(quoteAround(text, c.start, c.end)), pos: [pos, c.start] });
  };

  /** A table's rows: as Phụ lục 1's columns when its header says so; else cell by cell, as prose. */
  const readTable = (rows: RowOf[]) => {
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
  };

  const tabGroups = tabTables(draft.paragraphs);
  const inTabTable = new Set(tabGroups.flat().map((p) => p.index));
  for (const p of draft.paragraphs) {
    if (inScope(p.order) && !inTabTable.has(p.index)) scan(p.text, (q) => place('paragraph', p.index, q), p.order);
  }
  // Where each footnote's mark is, for a footnote that does not name its indicator.
  const markAt = new Map<number, { text: string; offset: number }>();
  for (const p of draft.paragraphs) for (const n of p.notes) markAt.set(n.id, { text: p.text, offset: n.offset });
  for (const t of draft.tables) for (const r of t.rows) for (const c of r.cells) for (const n of c.notes) markAt.set(n.id, { text: c.text, offset: n.offset });
  for (const fn of draft.footnotes) {
    const order = fn.ref?.order ?? Number.MAX_SAFE_INTEGER;
    if (fn.ref && !inScope(order)) continue;
    const at = (q: string) => place('footnote', fn.mark, q);
    const pos = order + 0.5 + (fn.number ?? 0) / 1e6;
    scan(fn.text, at, pos);
    // A footnote with figures that names no indicator, marked in a clause about one (“Thu ngân sách tăng
    // cao so với kế hoạch⁵” → “Đạt 301,011 tỷ đồng, …”): its figures may be that indicator's, or
    // something else about it (“Có 8 tiêu chí chưa đạt”), so it is listed, not compared.
    const mark = markAt.get(fn.id);
    if (!mark || !NUMBER_IN.test(fn.text) || subjectsNamed(fn.text, subjects).length > 0) continue;
    const before = mark.text.slice(0, mark.offset);
    const clause = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('. '), before.lastIndexOf(',')) + 1);
    const named = subjectsNamed(clause, subjects)
      .map((k) => info.get(k)!)
      .filter((i) => !i.related);
    if (named.length !== 1) continue;
    const ind = named[0].indicator;
    const said = fn.text.length > 90 ? `${fn.text.slice(0, 89).trimEnd()}…` : fn.text;
    out.unread.push({
      indicator: ind.code,
      said,
      place: at(quoteAround(fn.text, 0, Math.min(fn.text.length, 1))),
      pos: [pos, 0],
      reason: `chú thích không nêu tên chỉ tiêu; câu có dấu chú thích nói về chỉ tiêu ${ind.stt} (“${clause.trim()}”), nhưng không chắc số liệu trong chú thích là của chỉ tiêu này, nên không đối chiếu`,
    });
  }
  for (const t of draft.tables) {
    if (!inScope(t.order)) continue;
    readTable(
      t.rows.map((row, k) => ({
        cells: row.cells.map((c) => c.text),
        pos: t.order + (k + 1) / 1e4,
        at: (q) => place('table', t.index, q, k + 1),
        labelOf: (stt) => `bảng ${t.index}, dòng chỉ tiêu số ${stt}`,
      })),
    );
  }
  for (const g of tabGroups) {
    const inside = g.filter((p) => inScope(p.order));
    if (inside.length === 0) continue;
    readTable(
      inside.map((p) => ({
        cells: p.text.split('\t'),
        pos: p.order,
        at: (q) => place('paragraph', p.index, q),
        labelOf: (stt) => `đoạn ${p.index} (dòng chỉ tiêu số ${stt})`,
      })),
    );
  }
  const byPos = (a: { pos: [number, number] }, b: { pos: [number, number] }) => a.pos[0] - b.pos[0] || a.pos[1] - b.pos[1];
  for (const list of [out.figures, out.shares, out.plans, out.unread, out.counts, out.rows] as { pos: [number, number] }[][]) list.sort(byPos);
  return out;
}

/** Half a unit of the last written digit: 15.298 ± 0,5; 2.890,4 ± 0,05. */
function halfUnit(decimals: number): number {
  return 0.5 * 10 ** -decimals;
}

/** The percentage a figure (± its rounding) is of a base (± its rounding): [lowest, highest]. */
function shareRange(value: number, valueDecimals: number, base: number, baseHalf: number): [number, number] {
  const h = halfUnit(valueDecimals);
  return [((value - h) / (base + baseHalf)) * 100, ((value + h) / Math.max(base - baseHalf, Number.MIN_VALUE)) * 100];
}

/** A share as written (± half a unit of its last digit) and a range computed from figures overlap. */
function shareFits(percent: number, decimals: number, [lo, hi]: [number, number]): boolean {
  const h = halfUnit(decimals);
  const eps = 1e-9 * Math.max(1, Math.abs(percent));
  return percent + h + eps >= lo && percent - h - eps <= hi;
}

/** The base a share is computed on, from the appendix's data, or why it cannot be. */
type ShareBasis = { ok: true; value: number; half: number; label: string } | { ok: false; reason: string };

function shareBasis(r: RowResult, ind: Indicator, s: DraftShare, opts: CheckOptions): ShareBasis {
  const against = s.base === 'plan' ? 'so với kế hoạch' : 'so với cùng kỳ';
  if (s.part) return { ok: false, reason: `câu nói về một bộ phận (“${s.part}”), không phải số liệu chung của chỉ tiêu ${ind.stt}` };
  if (s.related) return { ok: false, reason: `số liệu liên quan chỉ tiêu ${ind.stt}; Phụ lục 1 không có kế hoạch hay số cùng kỳ của nó` };
  if (s.base === 'other') return { ok: false, reason: `so với ${s.baseText}: Phụ lục 1 không có số liệu này để tính` };
  if (isChangeIndicator(ind)) return { ok: false, reason: `Phụ lục 1 ghi tốc độ tăng của chỉ tiêu ${ind.stt}, không ghi giá trị để tính phần trăm ${against}` };
  if ((ind.measure ?? 'total') !== 'total')
    return { ok: false, reason: `chỉ tiêu ${ind.stt} là tỷ lệ hoặc mức đạt, không phải số cộng dồn: Phụ lục 1 không tính phần trăm ${against}` };
  if (s.base === 'plan') {
    const t = r.rule.target as Target;
    const ref = planReference(t);
    if (ref === undefined || !isReachedFromBelow(t) || !(ref > 0))
      return { ok: false, reason: `kế hoạch của chỉ tiêu ${ind.stt} (“${r.rule.own?.plan ?? ind.plan}”) không phải một mức để tính phần trăm` };
    // The plan is a target as printed: exact.
    return { ok: true, value: ref, half: 0, label: `kế hoạch ${withProseUnit(formatNumberVi(ref), ind)}` };
  }
  const last = opts.period ? lastYearFigure(ind, opts.period) : ind.lastYear?.nam?.value;
  if (last === undefined || !(last > 0))
    return { ok: false, reason: `danh mục chưa có số liệu cùng kỳ năm trước của chỉ tiêu ${ind.stt} (trường “lastYear”) để tính` };
  return { ok: true, value: last, half: halfUnit(decimalsOf(last)), label: `cùng kỳ năm trước ${withProseUnit(formatNumberVi(last), ind)}` };
}

/** A percentage the way the draft wrote its share, at its decimals: "tăng 23% so với kế hoạch", "đạt 78,5% so với kế hoạch". */
function sharePhrase(p: number, s: DraftShare): string {
  const d = s.decimals;
  const against = s.base === 'plan' ? 'so với kế hoạch' : 'so với cùng kỳ';
  const at = roundTo(p, d);
  if (at > 100) return `tăng ${formatNumberVi(roundTo(at - 100, d), d)}% ${against}`;
  if (at === 100) return `bằng 100% ${against}`;
  return `${s.base === 'plan' ? 'đạt' : 'bằng'} ${formatNumberVi(at, d)}% ${against}`;
}

/**
 * Checks a draft report (read with readDocx or readText) against the consolidated appendix: the
 * findings in the draft's order (none when every stated figure agrees), and every reading.
 */
export function checkDraft(draft: ReadDocx, catalog: Catalog, content: AppendixContent, opts: CheckOptions = {}): DraftCheck {
  const { subjects, info } = subjectsOf(catalog);
  const results = new Map(content.results.map((r) => [r.indicator.code, r]));
  const notes = appendixFootnotes(catalog, content.results);

  // The appendix's figures: each indicator's, and each related figure as its explanation gives it.
  const appendix = new Map<string, { figure: Figure; text: string; source: string }>();
  for (const s of subjects) {
    const i = info.get(s.key)!;
    const r = results.get(i.indicator.code);
    if (!r) continue;
    if (!i.related) {
      const f = appendixFigure(r);
      if (f) appendix.set(s.key, { figure: f, text: appendixText(r), source: `Phụ lục 1 (chỉ tiêu ${i.indicator.stt})` });
      continue;
    }
    if (!r.note) continue;
    const st = readStatements(r.note, [s]).figures.find((x) => !x.part);
    const n = notes.find((x) => x.indicator === i.indicator.code);
    if (st)
      appendix.set(s.key, {
        figure: st.figure,
        text: st.text,
        source: `giải trình của chỉ tiêu ${i.indicator.stt}${n ? ` (chú thích ${n.number} của Phụ lục 1)` : ''}`,
      });
  }

  const stated = draftStatements(draft, catalog);
  const findings: (Finding & { pos: [number, number] })[] = [];
  const readings: (Reading & { pos: [number, number] })[] = [];
  const checked = (x: Omit<Reading, 'status'> & { pos: [number, number] }, ok: boolean) => readings.push({ status: 'checked', ...x, agrees: ok });
  const unreadable = (x: Omit<Reading, 'status'> & { pos: [number, number] }, reason: string) => readings.push({ status: 'unreadable', ...x, reason });

  // The Đánh giá column of the draft's copy of Phụ lục 1.
  for (const row of stated.rows) {
    const r = results.get(row.indicator);
    if (!r) continue;
    const ind = r.indicator;
    const expected = statusLabel(r.assessment);
    const ok = fold(row.status) === fold(expected);
    checked(
      {
        kind: 'status',
        indicator: indicatorRef(ind),
        figure: 'Đánh giá',
        place: row.place,
        said: row.status,
        appendix: expected,
        appendixSource: `Phụ lục 1 (chỉ tiêu ${ind.stt})`,
        pos: row.pos,
      },
      ok,
    );
    if (ok) continue;
    const why =
      expected === '' ? (r.assessment.status === 'chua_danh_gia' ? 'để trống (chỉ tiêu chưa đánh giá)' : 'để trống (chưa có số liệu hợp lệ)') : `“${expected}”`;
    findings.push({
      kind: 'status',
      indicator: indicatorRef(ind),
      figure: 'Đánh giá',
      place: row.place,
      said: row.status,
      appendix: expected,
      appendixSource: `Phụ lục 1 (chỉ tiêu ${ind.stt})`,
      others: [],
      message: `${indicatorLabel(ind)}, ${row.place.label}: cột “Đánh giá” ghi “${row.status}”, theo số liệu tổng hợp là ${why}.`,
      pos: row.pos,
    });
  }

  // Figures: each statement against the appendix; among themselves when the appendix has none.
  const figureFinding = new Map<DraftFigure, Finding>();
  const bySubject = new Map<string, DraftFigure[]>();
  for (const l of stated.figures) {
    const i = info.get(l.subject)!;
    if (l.part) {
      unreadable(
        { kind: 'figure', indicator: indicatorRef(i.indicator), figure: i.name, place: l.place, said: l.said, pos: l.pos },
        `câu nói về một bộ phận (“${l.part}”), không phải số liệu chung của chỉ tiêu ${i.indicator.stt}`,
      );
      continue;
    }
    bySubject.set(l.subject, [...(bySubject.get(l.subject) ?? []), l]);
  }
  for (const [key, list] of bySubject) {
    const i = info.get(key)!;
    const ref = appendix.get(key);
    const differ = (a: DraftFigure, b: DraftFigure) => !agrees(a.figure, b.figure) && !agrees(b.figure, a.figure);
    if (ref) {
      for (const s of list) {
        const ok = agrees(s.figure, ref.figure);
        checked(
          {
            kind: 'figure',
            indicator: indicatorRef(i.indicator),
            figure: i.name,
            place: s.place,
            said: s.said,
            appendix: ref.text,
            appendixSource: ref.source,
            pos: s.pos,
          },
          ok,
        );
        if (ok) continue;
        const others = list.filter((o) => o !== s && differ(o, s)).map((o) => ({ place: o.place, said: o.said, value: o.figure.value }));
        const f: Finding & { pos: [number, number] } = {
          kind: 'figure',
          indicator: indicatorRef(i.indicator),
          figure: i.name,
          place: s.place,
          said: s.said,
          saidValue: s.figure.value,
          appendix: ref.text,
          appendixValue: ref.figure.value,
          appendixSource: ref.source,
          others,
          message: `${subjectTitle(i)}, ${s.place.label}: dự thảo ghi “${s.said}”, ${ref.source} ghi “${ref.text}”.`,
          pos: s.pos,
        };
        figureFinding.set(s, f);
        findings.push(f);
      }
      continue;
    }
    const none = i.related ? `Giải trình của chỉ tiêu ${i.indicator.stt} không nêu số liệu này` : `Phụ lục 1 chưa có số liệu của chỉ tiêu ${i.indicator.stt}`;
    for (const s of list)
      unreadable({ kind: 'figure', indicator: indicatorRef(i.indicator), figure: i.name, place: s.place, said: s.said, pos: s.pos }, `${none} để đối chiếu`);
    const first = list[0];
    const others = list.filter((o) => differ(o, first)).map((o) => ({ place: o.place, said: o.said, value: o.figure.value }));
    if (others.length === 0) continue;
    findings.push({
      kind: 'conflict',
      indicator: indicatorRef(i.indicator),
      figure: i.name,
      place: first.place,
      said: first.said,
      saidValue: first.figure.value,
      others,
      message: `${subjectTitle(i)}: dự thảo ghi số liệu khác nhau ở ${padCount(others.length + 1)} chỗ, ${first.place.label} ghi “${first.said}”, ${others.map((o) => `${o.place.label} ghi “${o.said}”`).join(', ')}. ${none} để đối chiếu; hãy thống nhất một số liệu.`,
      pos: first.pos,
    });
  }

  // Shares of the plan and of last year, computed from the appendix's figure at the draft's precision.
  for (const s of stated.shares) {
    const i = info.get(s.subject)!;
    const r = results.get(i.indicator.code);
    const what = `${i.name} (${s.base === 'plan' ? 'so với kế hoạch' : s.base === 'lastYear' ? 'so với cùng kỳ' : `so với ${s.baseText}`})`;
    const base = { kind: 'share' as const, indicator: indicatorRef(i.indicator), figure: what, place: s.place, said: s.said, pos: s.pos };
    const a = r && appendixFigure(r);
    if (!r || !a) {
      unreadable(base, `Phụ lục 1 chưa có số liệu của chỉ tiêu ${i.indicator.stt} để tính`);
      continue;
    }
    const basis = shareBasis(r, i.indicator, s, opts);
    if (!basis.ok) {
      unreadable(base, basis.reason);
      continue;
    }
    const p = percentOf(a.value, basis.value)!;
    const phrase = sharePhrase(p, s);
    const source = `Phụ lục 1 (${withProseUnit(r.printed.match(/[\d.,]+/)?.[0] ?? formatNumberVi(a.value), i.indicator)} so với ${basis.label}, bằng ${formatNumberVi(p)}%)`;
    const ok = shareFits(s.percent, s.decimals, shareRange(a.value, a.decimals, basis.value, basis.half));
    checked({ ...base, appendix: phrase, appendixSource: source }, ok);
    if (ok) continue;
    // A share computed from the draft's own figure of the sentence goes with that figure's finding.
    const own = s.figure && figureFinding.get(s.figure);
    if (own && shareFits(s.percent, s.decimals, shareRange(s.figure!.figure.value, s.figure!.figure.decimals, basis.value, basis.half))) {
      own.follows = [...(own.follows ?? []), { said: s.said, appendix: phrase }];
      continue;
    }
    findings.push({
      kind: 'share',
      indicator: indicatorRef(i.indicator),
      figure: what,
      place: s.place,
      said: s.said,
      saidValue: s.percent,
      appendix: phrase,
      appendixValue: p,
      appendixSource: source,
      others: [],
      message: `${indicatorLabel(i.indicator)}, ${s.place.label}: dự thảo ghi “${s.said}”, tính từ ${source} là “${phrase}”.`,
      pos: s.pos,
    });
  }

  // Plans the draft states.
  for (const pl of stated.plans) {
    const r = results.get(pl.indicator);
    if (!r) continue;
    const ind = r.indicator;
    const printed = r.rule.own?.plan ?? ind.plan;
    const base = {
      kind: 'plan' as const,
      indicator: indicatorRef(ind),
      figure: `${ind.name} (kế hoạch)`,
      place: pl.place,
      said: pl.source === 'column' ? pl.text : pl.said,
      pos: pl.pos,
    };
    const src = `danh mục chỉ tiêu (kế hoạch chỉ tiêu ${ind.stt})`;
    let ok: boolean;
    if (pl.source === 'column') {
      const norm = (t: string) => fold(maskNoteMarks(t)).replace(/\s+/g, '');
      const num = (t: string) => {
        const a = readActual(t);
        return a.kind === 'number' && /^[\d.,\s]+$/u.test(t) ? a.value : undefined;
      };
      ok = norm(pl.text) === norm(printed) || (num(pl.text) !== undefined && num(pl.text) === num(printed));
    } else {
      const t = r.rule.target as Target;
      const refs = t.kind === 'range' ? [t.min, t.max] : t.kind === 'none' ? [] : [t.value];
      if (pl.part || refs.length === 0) {
        unreadable(base, pl.part ? `câu nói về một bộ phận (“${pl.part}”)` : `chỉ tiêu ${ind.stt} không có kế hoạch là một con số`);
        continue;
      }
      ok = refs.some((v) => Math.abs(v - pl.value!) <= halfUnit(pl.decimals ?? 0) + 1e-9 * Math.max(1, v));
      if (!ok && pl.whole) {
        unreadable(
          { ...base, appendix: printed, appendixSource: src },
          `“${pl.said}” đếm trên một tổng số (${pl.text}), không phải kế hoạch (${printed}); không đối chiếu`,
        );
        continue;
      }
    }
    checked({ ...base, appendix: printed, appendixSource: src }, ok);
    if (ok) continue;
    findings.push({
      kind: 'plan',
      indicator: indicatorRef(ind),
      figure: `${ind.name} (kế hoạch)`,
      place: pl.place,
      said: pl.source === 'column' ? pl.text : pl.said,
      saidValue: pl.value,
      appendix: printed,
      appendixSource: src,
      others: [],
      message:
        pl.source === 'column'
          ? `${indicatorLabel(ind)}, ${pl.place.label}: cột “Kế hoạch” ghi “${pl.text}”, kế hoạch trong danh mục là “${printed}”.`
          : `${indicatorLabel(ind)}, ${pl.place.label}: dự thảo ghi kế hoạch ${pl.text} (“${pl.said}”), kế hoạch trong danh mục là “${printed}”.`,
      pos: pl.pos,
    });
  }

  for (const u of stated.unread) {
    const ind = u.indicator ? results.get(u.indicator)?.indicator : undefined;
    unreadable(
      { kind: 'figure', ...(ind ? { indicator: indicatorRef(ind) } : {}), figure: ind?.name ?? 'Dòng bảng', place: u.place, said: u.said, pos: u.pos },
      u.reason,
    );
  }

  // The summary's counts.
  const s = content.summary;
  const actualCount: Record<CountKey, number> = {
    met: s.met,
    total: s.total,
    khong_dat: s.counts.khong_dat,
    chua_danh_gia: s.counts.chua_danh_gia,
    dat: s.counts.dat,
    vuot: s.counts.vuot,
    groups: s.groups,
  };
  for (const c of stated.counts) {
    const ok = c.value === actualCount[c.key];
    checked(
      {
        kind: 'count',
        figure: COUNT_LABEL[c.key],
        place: c.place,
        said: padCount(c.value),
        appendix: padCount(actualCount[c.key]),
        appendixSource: 'số liệu tổng hợp của Phụ lục 1',
        pos: c.pos,
      },
      ok,
    );
    if (ok) continue;
    findings.push({
      kind: 'summary',
      figure: COUNT_LABEL[c.key],
      place: c.place,
      said: padCount(c.value),
      saidValue: c.value,
      appendix: padCount(actualCount[c.key]),
      appendixValue: actualCount[c.key],
      appendixSource: 'số liệu tổng hợp của Phụ lục 1',
      others: [],
      message: `${COUNT_LABEL[c.key]}, ${c.place.label}: dự thảo ghi ${padCount(c.value)}, theo số liệu tổng hợp của Phụ lục 1 là ${padCount(actualCount[c.key])}.`,
      pos: c.pos,
    });
  }

  const byPos = (a: { pos: [number, number] }, b: { pos: [number, number] }) => a.pos[0] - b.pos[0] || a.pos[1] - b.pos[1];
  findings.sort(byPos);
  readings.sort(byPos);
  return { findings: findings.map(({ pos: _pos, ...f }) => f), readings: readings.map(({ pos: _pos, ...r }) => r) };
}

/** Checks a draft report against the consolidated appendix: the findings only (checkDraft has the readings too). */
export function checkReport(draft: ReadDocx, catalog: Catalog, content: AppendixContent, opts: CheckOptions = {}): Finding[] {
  return checkDraft(draft, catalog, content, opts).findings;
}

/** The findings as Vietnamese lines for the terminal: each with the quoted sentence and the other places. */
export function formatFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'Đã đối chiếu dự thảo với số liệu tổng hợp: không thấy chỗ nào ghi khác số liệu của Phụ lục 1.';
  const lines = [`Đã đối chiếu dự thảo với số liệu tổng hợp: có ${padCount(findings.length)} chỗ cần xem lại.`];
  findings.forEach((f, i) => {
    lines.push('', `${i + 1}. ${f.message}`, `   Câu trong dự thảo: “${f.place.quote}”`);
    if (f.kind === 'figure' && f.others.length) {
      lines.push(`   Chỗ khác trong dự thảo ghi khác: ${f.others.map((o) => `${o.place.label} (“${o.said}”)`).join('; ')}.`);
    }
    for (const x of f.follows ?? []) lines.push(`   Cùng câu, tỷ lệ “${x.said}” tính theo số của dự thảo; theo Phụ lục 1 là “${x.appendix}”.`);
  });
  return lines.join('\n');
}

/** What the check could not compare, for the terminal: one line each, with the reason. */
export function formatUnreadable(readings: Reading[]): string {
  const list = readings.filter((r) => r.status === 'unreadable');
  const n = readings.length - list.length;
  const head = `Đã đối chiếu ${padCount(n)} số liệu của dự thảo với Phụ lục 1.`;
  if (list.length === 0) return head;
  return [
    `${head} Có ${padCount(list.length)} chỗ đọc được nhưng không đối chiếu được:`,
    ...list.map((r) => `  - ${r.place.label}: “${r.said}” — ${r.reason}.`),
  ].join('\n');
}
