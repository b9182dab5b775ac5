/**
 * The check of a draft report against the consolidated figures (phuluc check-report): every place
 * where the draft states a figure of an indicator of the catalogue (its phrases, `prose` in the
 * catalogue) that disagrees with the appendix, figures related to an indicator that disagree with the
 * department's explanation, the draft's own copy of Phụ lục 1 (figures and Đánh giá), the summary
 * counts ("17/21 chỉ tiêu … đạt và vượt kế hoạch"), and two places of the draft that state different
 * figures for one indicator when the appendix has none to settle it.
 *
 * Only the part of the draft about the results of the catalogue's year is read: a heading that names
 * another year ("… NĂM 2024"), or the tasks and targets ("NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM"),
 * ends it; a heading about results ("KẾT QUẢ …", "ĐÁNH GIÁ …") or "PHỤ LỤC" starts it again.
 */
import { statusLabel } from '../../shared/assess.ts';
import { indicatorLabel, type Catalog, type Indicator } from '../../shared/catalog.ts';
import type { AppendixContent } from '../../shared/layout.ts';
import { padCount } from '../../shared/numbers.ts';
import { footnotes as appendixFootnotes, type RowResult } from '../../shared/report.ts';
import { readActual } from '../../shared/target.ts';
import { agrees, findStatements, type Figure, type Subject } from './figures.ts';
import type { DocxTable, ReadDocx } from './read-docx.ts';
import { fold, quoteAround } from './text.ts';

export interface Place {
  kind: 'paragraph' | 'footnote' | 'table';
  /** Paragraph number (non-empty body paragraphs, from 1), footnote mark as printed, or table number. */
  number: number | string;
  /** The table's row (from 1), for a table. */
  row?: number;
  /** "đoạn 12", "chú thích 42", "bảng 1, dòng 3"; a row of the draft's Phụ lục 1: "bảng 1, dòng chỉ tiêu số 14". */
  label: string;
  /** The sentence, quoted. */
  quote: string;
}

export type FindingKind =
  /** A figure that disagrees with the appendix (an indicator's, or a related figure's). */
  | 'figure'
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
  /** As the appendix gives it ("942 người", "tăng 10,2%"); absent for a conflict. */
  appendix?: string;
  appendixValue?: number;
  /** Where the appendix's figure comes from ("Phụ lục 1 (chỉ tiêu 14)", "giải trình của chỉ tiêu 1 (chú thích 74 của Phụ lục 1)"). */
  appendixSource?: string;
  /** Other places of the draft that state a different figure for the same thing. */
  others: { place: Place; said: string; value?: number }[];
  /** The finding in Vietnamese, for a person. */
  message: string;
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

/** The indicator's figure in the appendix, when it has one. */
function appendixFigure(r: RowResult): Figure | undefined {
  if (r.actual.kind !== 'number') return undefined;
  const printedDecimals = /,(\d+)/.exec(r.printed.replace(/[^\d,.]/g, ''))?.[1].length ?? 0;
  return { value: r.actual.value, decimals: r.actual.decimals ?? printedDecimals, qualifier: qualifierOfText(r.printed) };
}

/** The unit as a sentence writes it: "Người" → "người", "Tỷ đồng" → "tỷ đồng"; "ha", "%" as they are. */
function unitInProse(unit: string): string {
  return /^\p{Lu}\p{Ll}/u.test(unit) ? unit.charAt(0).toLocaleLowerCase('vi') + unit.slice(1) : unit;
}

function appendixText(r: RowResult): string {
  const unit = r.indicator.unit;
  const p = r.printed;
  if (unit === '%' ? p.includes('%') : fold(p).includes(fold(unit))) return p;
  if (r.indicator.actualFormat.includes('/')) return p;
  return `${p} ${unitInProse(unit)}`;
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

interface AppendixTableColumns { stt: number; name: number; actual: number; status: number }

/** The columns of a table laid out as Phụ lục 1, or undefined for any other table. */
function appendixColumns(t: DocxTable): { header: number; cols: AppendixTableColumns } | undefined {
  for (let h = 0; h < Math.min(3, t.rows.length); h++) {
    const cells = t.rows[h].cells.map((c) => fold(c.text).replace(/\s+/g, ' ').trim());
    const find = (re: RegExp, not?: RegExp) => cells.findIndex((c) => re.test(c) && !(not?.test(c)));
    const cols = {
      stt: find(/^(số\s*)?tt$|^stt$/u),
      name: find(/chỉ tiêu/u),
      actual: find(/thực hiện/u, /kế hoạch/u),
      status: find(/đánh giá/u),
    };
    if (cols.name >= 0 && cols.actual >= 0 && cols.stt >= 0) return { header: h, cols };
  }
  return undefined;
}

function sameName(draft: string, ind: Indicator): boolean {
  const a = fold(draft.replace(SUPERSCRIPTS, '')).replace(/\s+/g, ' ').trim();
  const b = fold(ind.name).replace(/\s+/g, ' ').trim();
  const n = Math.min(20, b.length);
  return a.slice(0, n) === b.slice(0, n);
}

export type CountKey = 'met' | 'total' | 'khong_dat' | 'chua_danh_gia' | 'dat' | 'vuot' | 'groups';

interface CountStatement { key: CountKey; value: number; start: number; end: number; text: string }

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
  const f = fold(text);
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
}

/** A count of the summary as the draft writes it. */
export interface DraftCount { key: CountKey; value: number; said: string; place: Place; pos: [number, number] }

/** A row of the draft's own copy of Phụ lục 1, with what its Đánh giá column says. */
export interface DraftRow { indicator: string; status: string; place: Place; pos: [number, number] }

export interface DraftStatements { figures: DraftFigure[]; counts: DraftCount[]; rows: DraftRow[] }

/**
 * Everything the draft states that the check compares: figures of indicators in its paragraphs,
 * footnotes and tables (only in the part about the catalogue's year), the summary's counts, and the
 * rows of its copy of Phụ lục 1.
 */
export function draftStatements(draft: ReadDocx, catalog: Catalog): DraftStatements {
  const { subjects, info } = subjectsOf(catalog);
  const year = catalog.year;
  const inScope = scopeOf(draft, year);
  const out: DraftStatements = { figures: [], counts: [], rows: [] };
  const scan = (text: string, at: (quote: string) => Place, pos: number) => {
    for (const st of findStatements(text, subjects, { year })) {
      const i = info.get(st.subject)!;
      out.figures.push({
        subject: st.subject, indicator: i.indicator.code, ...(i.related ? { related: i.related } : {}), figure: st.figure, said: st.text,
        place: at(quoteAround(text, st.mention, st.end)), pos: [pos, st.start],
      });
    }
    for (const c of countStatements(text)) out.counts.push({ key: c.key, value: c.value, said: c.text, place: at(quoteAround(text, c.start, c.end)), pos: [pos, c.start] });
  };

  for (const p of draft.paragraphs) {
    if (inScope(p.order)) scan(p.text, (q) => place('paragraph', p.index, q), p.order);
  }
  for (const fn of draft.footnotes) {
    const order = fn.ref?.order ?? Number.MAX_SAFE_INTEGER;
    if (fn.ref && !inScope(order)) continue;
    scan(fn.text, (q) => place('footnote', fn.mark, q), order + 0.5 + (fn.number ?? 0) / 1e6);
  }
  for (const t of draft.tables) {
    if (!inScope(t.order)) continue;
    const shape = appendixColumns(t);
    t.rows.forEach((row, k) => {
      const pos = t.order + (k + 1) / 1e4;
      if (!shape) {
        row.cells.forEach((c) => scan(c.text, (q) => place('table', t.index, q, k + 1), pos));
        return;
      }
      if (k <= shape.header) return;
      const cell = (i: number) => (i >= 0 ? row.cells[i]?.text ?? '' : '');
      const stt = Number(cell(shape.cols.stt).trim());
      const ind = catalog.indicators.find((x) => x.stt === stt && sameName(cell(shape.cols.name), x))
        ?? catalog.indicators.find((x) => sameName(cell(shape.cols.name), x));
      if (!ind) return;
      const actualText = cell(shape.cols.actual).replace(SUPERSCRIPTS, '').trim();
      const at = place('table', t.index, row.cells.map((c) => c.text.replace(/\s+/g, ' ').trim()).join(' | '), k + 1);
      at.label = `bảng ${t.index}, dòng chỉ tiêu số ${ind.stt}`;
      const a = readActual(actualText);
      if (a.kind === 'number') {
        out.figures.push({
          subject: ind.code, indicator: ind.code, figure: { value: a.value, decimals: a.decimals ?? 0, qualifier: qualifierOfText(actualText) },
          said: actualText, place: at, pos: [pos, 0],
        });
      }
      if (shape.cols.status >= 0) out.rows.push({ indicator: ind.code, status: cell(shape.cols.status).replace(/\s+/g, ' ').trim(), place: at, pos: [pos, 1] });
    });
  }
  const byPos = (a: { pos: [number, number] }, b: { pos: [number, number] }) => a.pos[0] - b.pos[0] || a.pos[1] - b.pos[1];
  out.figures.sort(byPos);
  out.counts.sort(byPos);
  out.rows.sort(byPos);
  return out;
}

/**
 * Checks a draft report (read with readDocx) against the consolidated appendix. The findings are in
 * the draft's order; none is returned when every stated figure agrees.
 */
export function checkReport(draft: ReadDocx, catalog: Catalog, content: AppendixContent): Finding[] {
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
    const st = findStatements(r.note, [s])[0];
    const n = notes.find((x) => x.indicator === i.indicator.code);
    if (st) appendix.set(s.key, { figure: st.figure, text: st.text, source: `giải trình của chỉ tiêu ${i.indicator.stt}${n ? ` (chú thích ${n.number} của Phụ lục 1)` : ''}` });
  }

  const stated = draftStatements(draft, catalog);
  const findings: (Finding & { pos: [number, number] })[] = [];

  // The Đánh giá column of the draft's copy of Phụ lục 1.
  for (const row of stated.rows) {
    const r = results.get(row.indicator);
    if (!r) continue;
    const ind = r.indicator;
    const expected = statusLabel(r.assessment);
    if (fold(row.status) === fold(expected)) continue;
    const why = expected === '' ? (r.assessment.status === 'chua_danh_gia' ? 'để trống (chỉ tiêu chưa đánh giá)' : 'để trống (chưa có số liệu hợp lệ)') : `“${expected}”`;
    findings.push({
      kind: 'status', indicator: indicatorRef(ind), figure: 'Đánh giá', place: row.place, said: row.status, appendix: expected,
      appendixSource: `Phụ lục 1 (chỉ tiêu ${ind.stt})`, others: [],
      message: `${indicatorLabel(ind)}, ${row.place.label}: cột “Đánh giá” ghi “${row.status}”, theo số liệu tổng hợp là ${why}.`,
      pos: row.pos,
    });
  }

  const located = stated.figures;
  const counts = stated.counts;

  // Figures: each statement against the appendix; among themselves when the appendix has none.
  const bySubject = new Map<string, DraftFigure[]>();
  for (const l of located) bySubject.set(l.subject, [...(bySubject.get(l.subject) ?? []), l]);
  for (const [key, list] of bySubject) {
    const i = info.get(key)!;
    const ref = appendix.get(key);
    const differ = (a: DraftFigure, b: DraftFigure) => !agrees(a.figure, b.figure) && !agrees(b.figure, a.figure);
    if (ref) {
      for (const s of list) {
        if (agrees(s.figure, ref.figure)) continue;
        const others = list.filter((o) => o !== s && differ(o, s)).map((o) => ({ place: o.place, said: o.said, value: o.figure.value }));
        findings.push({
          kind: 'figure', indicator: indicatorRef(i.indicator), figure: i.name, place: s.place, said: s.said, saidValue: s.figure.value,
          appendix: ref.text, appendixValue: ref.figure.value, appendixSource: ref.source, others,
          message: `${subjectTitle(i)}, ${s.place.label}: dự thảo ghi “${s.said}”, ${ref.source} ghi “${ref.text}”.`,
          pos: s.pos,
        });
      }
      continue;
    }
    const first = list[0];
    const others = list.filter((o) => differ(o, first)).map((o) => ({ place: o.place, said: o.said, value: o.figure.value }));
    if (others.length === 0) continue;
    const none = i.related ? `Giải trình của chỉ tiêu ${i.indicator.stt} không nêu số liệu này` : `Phụ lục 1 chưa có số liệu của chỉ tiêu ${i.indicator.stt}`;
    findings.push({
      kind: 'conflict', indicator: indicatorRef(i.indicator), figure: i.name, place: first.place, said: first.said, saidValue: first.figure.value, others,
      message: `${subjectTitle(i)}: dự thảo ghi số liệu khác nhau ở ${padCount(others.length + 1)} chỗ, ${first.place.label} ghi “${first.said}”, ${others.map((o) => `${o.place.label} ghi “${o.said}”`).join(', ')}. ${none} để đối chiếu; hãy thống nhất một số liệu.`,
      pos: first.pos,
    });
  }

  // The summary's counts.
  const s = content.summary;
  const actualCount: Record<CountKey, number> = {
    met: s.met, total: s.total, khong_dat: s.counts.khong_dat, chua_danh_gia: s.counts.chua_danh_gia,
    dat: s.counts.dat, vuot: s.counts.vuot, groups: s.groups,
  };
  for (const c of counts) {
    if (c.value === actualCount[c.key]) continue;
    findings.push({
      kind: 'summary', figure: COUNT_LABEL[c.key], place: c.place, said: padCount(c.value), saidValue: c.value,
      appendix: padCount(actualCount[c.key]), appendixValue: actualCount[c.key], appendixSource: 'số liệu tổng hợp của Phụ lục 1', others: [],
      message: `${COUNT_LABEL[c.key]}, ${c.place.label}: dự thảo ghi ${padCount(c.value)}, theo số liệu tổng hợp của Phụ lục 1 là ${padCount(actualCount[c.key])}.`,
      pos: c.pos,
    });
  }

  findings.sort((a, b) => a.pos[0] - b.pos[0] || a.pos[1] - b.pos[1]);
  return findings.map(({ pos: _pos, ...f }) => f);
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
  });
  return lines.join('\n');
}
