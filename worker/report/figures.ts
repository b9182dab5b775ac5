/**
 * Figures stated in prose. Where a sentence names an indicator (one of the catalogue's phrases),
 * the figure it gives is the first number after the phrase, in the same clause, that carries one of
 * the indicator's units and is the indicator's kind of figure:
 * - numbers are read the Vietnamese way ("15.249,1", "942/1.200 lao động": 942 against a plan of 1.200);
 * - a level indicator takes levels ("đạt 15.298 tấn", "còn 2%"), not changes ("tăng 12,5%") nor figures
 *   relative to the plan or the year before ("87,9% so với kế hoạch", "bằng 85% so với cùng kỳ");
 * - a change indicator (printed "Tăng … %") takes the growth ("tăng 6,45% so với cùng kỳ");
 * - years, dates, document numbers and list numbers carry no unit and are not figures;
 * - a clause about a target ("mục tiêu", "kế hoạch", "phấn đấu", a later year) states no actual.
 * Money units convert ("125.000 triệu đồng" is 125 tỷ đồng).
 */
import { parseVnNumber } from '../../shared/numbers.ts';
import { fold, phrasePattern } from './text.ts';

export type FigureKind = 'level' | 'change';
/** "trên 97%" is a bound, "khoảng 3.995" an approximation, "97%" exact. */
export type Qualifier = 'exact' | 'above' | 'below' | 'about';

export interface Figure {
  value: number;
  /** Decimals as written (may be negative after a money conversion: 125 tỷ = 125.000 triệu ± 500). */
  decimals: number;
  qualifier: Qualifier;
}

/** What a sentence can state a figure of: an indicator, or a figure related to one. */
export interface Subject {
  key: string;
  phrases: string[];
  unitWords: string[];
  kind: FigureKind;
}

export interface Statement {
  subject: string;
  figure: Figure;
  /** The figure as written, with its unit: "15.298 tấn", "924/1.200 lao động", "tăng 11,78%". */
  text: string;
  /** Where the figure is in the text (NFC), and where the phrase naming it begins. */
  start: number;
  end: number;
  mention: number;
}

const MONEY: [string, number][] = [
  ['nghìn tỷ đồng', 1e12], ['tỷ đồng', 1e9], ['triệu đồng', 1e6], ['tr. đồng', 1e6], ['tr.đồng', 1e6],
  ['nghìn đồng', 1e3], ['ngàn đồng', 1e3], ['đồng', 1],
];

/** Words before a clause's figure that make it a target, not an actual. */
const TARGET_WORDS = /(mục tiêu|kế hoạch|phấn đấu|dự kiến|dự toán|chỉ tiêu giao|nghị quyết)/u;
const NUMBER = /\d+(?:[.,]\d+)*/gu;

interface CompiledSubject extends Subject {
  patterns: RegExp[];
  units: string[];
  /** Conversion factor of the subject's own money unit, when it is one. */
  money?: number;
  /** A phrase that already says "growth" ("tốc độ tăng …"). */
  changePhrases: Set<string>;
}

function compile(s: Subject): CompiledSubject {
  const units = [...new Set(s.unitWords.map((u) => fold(u.normalize('NFC').trim())))].sort((a, b) => b.length - a.length);
  const money = units.map((u) => MONEY.find(([m]) => m === u)?.[1]).find((f) => f !== undefined);
  return {
    ...s,
    patterns: s.phrases.map(phrasePattern),
    units,
    money,
    changePhrases: new Set(s.phrases.filter((p) => /tăng|tốc độ|giảm/u.test(fold(p)))),
  };
}

interface Mention { subject: CompiledSubject; phrase: string; start: number; end: number }

function mentionsIn(folded: string, subjects: CompiledSubject[]): Mention[] {
  const all: Mention[] = [];
  for (const subject of subjects) {
    subject.patterns.forEach((re, k) => {
      re.lastIndex = 0;
      for (const m of folded.matchAll(re)) all.push({ subject, phrase: subject.phrases[k], start: m.index, end: m.index + m[0].length });
    });
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const m of all) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.end) continue;
    kept.push(m);
  }
  return kept;
}

/** Clause boundaries: ";", a line break, or a sentence end (". " but not "1.200"). */
function isBoundary(text: string, i: number): boolean {
  const c = text[i];
  if (c === ';' || c === '\n') return true;
  if (c === '.' || c === '!' || c === '?') return text[i + 1] === undefined || /\s/.test(text[i + 1]);
  return false;
}

function nextBoundary(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (isBoundary(text, i)) return i;
  return text.length;
}

function clauseStart(text: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (isBoundary(text, i) || text[i] === ',') return i + 1;
  return 0;
}

/** The unit written at `at` (after optional spaces): the subject's own, or a money unit to convert. */
function unitAt(folded: string, at: number, s: CompiledSubject): { end: number; factor: number } | undefined {
  const rest = folded.slice(at, at + 60);
  const lead = /^\s{0,2}/u.exec(rest)![0].length;
  const body = rest.slice(lead);
  const fits = (u: string) => body.startsWith(u) && (!/[\p{L}\p{N}]$/u.test(u) || !/[\p{L}\p{N}]/u.test(body[u.length] ?? ' '));
  for (const u of s.units) if (fits(u)) return { end: at + lead + u.length, factor: 1 };
  if (s.money !== undefined) {
    for (const [u, f] of MONEY) if (fits(u)) return { end: at + lead + u.length, factor: f / s.money };
  }
  return undefined;
}

function read(token: string): { value: number; decimals: number } | undefined {
  const r = parseVnNumber(token);
  return r.ok && Number.isFinite(r.value.value) ? r.value : undefined;
}

const CHANGE_BEFORE = /(?:tăng trưởng|tăng thêm|giảm thêm|tăng|giảm)\s*(?:(?:khoảng|hơn|trên|gần|được|đạt|chỉ|còn)\s*)?$/u;
const LEVEL_AFTER_DECREASE = /giảm\s+còn\s*(?:(?:khoảng|hơn|trên|dưới|gần)\s*)?$/u;
const RELATIVE_BEFORE = /(?:bằng|vượt|gấp)\s*(?:(?:khoảng|hơn|trên|gần)\s*)?$/u;
const NOT_A_FIGURE_BEFORE = /(?:năm|ngày|tháng|số|quyết định|nghị quyết|thông báo|văn bản|giai đoạn|lần thứ|khóa|kỳ họp|mức độ|loại|tổ dân phố|tdp|thôn|km|quốc lộ|ql\.?|đường)\s*$/u;
/** After the figure and its unit: relative to the plan (any kind) or to last year (levels). */
const VS_PLAN_AFTER = /^\s*(?:so với\s+)?(?:kế hoạch|kh\b|dự toán|mục tiêu|nghị quyết)/u;
const VS_PAST_AFTER = /^\s*(?:so với|cùng kỳ)/u;

const QUALIFIER_WORD = /(?:trên|hơn|vượt trên|ít nhất|tối thiểu|dưới|không quá|chưa đến|tối đa|khoảng|gần|xấp xỉ|chừng|còn|giảm còn)\s*(?:(?:khoảng|hơn|trên|dưới|gần)\s*)?$/u;

function qualifierOf(before: string): Qualifier {
  if (/(?:trên|hơn|vượt trên|ít nhất|tối thiểu)\s*$/u.test(before)) return 'above';
  if (/(?:dưới|không quá|chưa đến|tối đa)\s*$/u.test(before)) return 'below';
  if (/(?:khoảng|gần|xấp xỉ|chừng)\s*$/u.test(before)) return 'about';
  return 'exact';
}

function convert(n: { value: number; decimals: number }, factor: number): { value: number; decimals: number } {
  if (factor === 1) return n;
  return { value: Number((n.value * factor).toPrecision(12)), decimals: n.decimals - Math.round(Math.log10(factor)) };
}

interface Candidate { value: number; decimals: number; factor: number; start: number; end: number }

/** The number at `start` with its unit, as a figure of `s`; undefined when it is not one. */
function candidateAt(folded: string, start: number, token: string, s: CompiledSubject): Candidate | undefined {
  const a = read(token);
  if (!a) return undefined;
  const end = start + token.length;
  const prev = folded[start - 1] ?? ' ';
  if (prev === '/' || (prev === '(' && folded[end] === ')')) return undefined;
  if (/^\/\d+\//u.test(folded.slice(end, end + 8).replace(/\s/g, ''))) return undefined; // a date
  const direct = unitAt(folded, end, s);
  if (direct) return { ...a, factor: direct.factor, start, end: direct.end };
  const ratio = /^\s*\/\s*(\d+(?:[.,]\d+)*)/u.exec(folded.slice(end));
  if (ratio) {
    const afterB = end + ratio[0].length;
    const unit = unitAt(folded, afterB, s);
    if (unit) return { ...a, factor: unit.factor, start, end: unit.end };
  }
  return undefined;
}

/** The figure an indicator's phrase is followed by in its clause, if any. */
function figureAfter(text: string, folded: string, m: Mention, windowEnd: number, year: number | undefined): Statement | undefined {
  const s = m.subject;
  const cStart = clauseStart(folded, m.start);
  const prefix = folded.slice(cStart, m.start);
  if (TARGET_WORDS.test(prefix)) return undefined;
  const clause = folded.slice(cStart, windowEnd);
  if (year !== undefined && [...clause.matchAll(/năm\s+((?:19|20)\d\d)(?!\d)/gu)].some((y) => Number(y[1]) > year)) return undefined;

  // A figure just before a phrase that begins with its unit: "55/63 tiêu chí đô thị loại III".
  const before = folded.slice(Math.max(cStart, m.start - 30), m.start);
  const lead = /(\d+(?:[.,]\d+)*)(\s*\/\s*\d+(?:[.,]\d+)*)?\s+$/u.exec(before);
  if (lead && s.units.some((u) => folded.startsWith(u, m.start))) {
    const start = m.start - before.length + lead.index;
    const a = read(lead[1]);
    const pre = folded.slice(cStart, start);
    if (a && s.kind === 'level' && !CHANGE_BEFORE.test(pre) && !NOT_A_FIGURE_BEFORE.test(pre) && !TARGET_WORDS.test(pre)) {
      const unitEnd = m.start + (s.units.find((u) => folded.startsWith(u, m.start)) ?? '').length;
      return { subject: s.key, figure: { ...a, qualifier: qualifierOf(pre) }, text: text.slice(start, unitEnd), start, end: unitEnd, mention: m.start };
    }
  }

  NUMBER.lastIndex = m.end;
  for (let hit = NUMBER.exec(folded); hit && hit.index < windowEnd; hit = NUMBER.exec(folded)) {
    const c = candidateAt(folded, hit.index, hit[0], s);
    if (!c) continue;
    NUMBER.lastIndex = Math.max(NUMBER.lastIndex, c.end);
    const pre = folded.slice(m.end, c.start);
    // Target words count in the part of the clause the figure is in ("…, kế hoạch giao 192,5 tỷ").
    if (NOT_A_FIGURE_BEFORE.test(pre) || TARGET_WORDS.test(pre.slice(pre.lastIndexOf(',') + 1))) continue;
    const after = folded.slice(c.end, nextBoundary(folded, c.end));
    if (VS_PLAN_AFTER.test(after)) continue;
    let sign = 1;
    if (s.kind === 'level') {
      const decreaseTo = LEVEL_AFTER_DECREASE.test(pre);
      if (!decreaseTo && (CHANGE_BEFORE.test(pre) || RELATIVE_BEFORE.test(pre))) continue;
      if (VS_PAST_AFTER.test(after)) continue;
    } else {
      if (RELATIVE_BEFORE.test(pre) || LEVEL_AFTER_DECREASE.test(pre) || /đạt\s*$/u.test(pre)) continue;
      const change = CHANGE_BEFORE.exec(pre);
      if (!change && !s.changePhrases.has(m.phrase)) continue;
      if (change && /^giảm/u.test(change[0])) sign = -1;
    }
    const n = convert(read(hit[0])!, c.factor);
    const lead = s.kind === 'change' ? CHANGE_BEFORE.exec(pre) : QUALIFIER_WORD.exec(pre);
    const textFrom = Math.max(m.end, c.start - (lead?.[0].length ?? 0));
    return {
      subject: s.key,
      figure: { value: n.value === 0 ? 0 : sign * n.value, decimals: n.decimals, qualifier: qualifierOf(pre) },
      text: text.slice(textFrom, c.end).trim(),
      start: c.start,
      end: c.end,
      mention: m.start,
    };
  }
  return undefined;
}

export interface FindOptions {
  /** The plan year: a clause that names a later year is about the future and states no actual. */
  year?: number;
}

/** Every figure the text states for one of the subjects, in text order (offsets in NFC). */
const compiledCache = new WeakMap<Subject[], CompiledSubject[]>();

export function findStatements(text: string, subjects: Subject[], opts: FindOptions = {}): Statement[] {
  const nfc = text.normalize('NFC');
  const folded = fold(nfc);
  let compiled = compiledCache.get(subjects);
  if (!compiled) {
    compiled = subjects.map(compile);
    compiledCache.set(subjects, compiled);
  }
  const mentions = mentionsIn(folded, compiled);
  const out: Statement[] = [];
  mentions.forEach((m, i) => {
    const next = mentions[i + 1]?.start ?? folded.length;
    const windowEnd = Math.min(next, nextBoundary(folded, m.end));
    const st = figureAfter(nfc, folded, m, windowEnd, opts.year);
    if (st) out.push(st);
  });
  return out;
}

/** Half a unit of the last written digit: 15.298 ± 0,5; 2.890,4 ± 0,05. */
function halfUnit(decimals: number): number {
  return 0.5 * 10 ** -decimals;
}

/**
 * Whether a figure stated in the draft says the same as the appendix's: equal within the rounding of
 * the less precise of the two ("2.890,45" and "2.890,4" agree; "15.298" and "15.249,1" do not); a
 * bound ("trên 97%") holds; an approximation ("khoảng …") is within 5 %.
 */
export function agrees(said: Figure, appendix: Figure): boolean {
  const tol = Math.max(halfUnit(said.decimals), halfUnit(appendix.decimals));
  const eps = 1e-9 * Math.max(1, Math.abs(said.value), Math.abs(appendix.value));
  const S = said.value;
  const A = appendix.value;
  // Against a bound, only the exact side's rounding counts: "1,2" is not "dưới 1".
  if (appendix.qualifier === 'below' && said.qualifier !== 'above') return S <= A + halfUnit(said.decimals) + eps;
  if (appendix.qualifier === 'above' && said.qualifier !== 'below') return S >= A - halfUnit(said.decimals) - eps;
  switch (said.qualifier) {
    case 'above': return A >= S - halfUnit(appendix.decimals) - eps;
    case 'below': return A <= S + halfUnit(appendix.decimals) + eps;
    case 'about': return Math.abs(S - A) <= Math.max(tol, 0.05 * Math.abs(A)) + eps;
    case 'exact': return Math.abs(S - A) <= tol + eps;
  }
}
