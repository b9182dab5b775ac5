/**
 * Figures stated in prose. Where a sentence names an indicator (one of the catalogue's phrases),
 * the figure it gives is the first number after the phrase, in the same clause, that carries one of
 * the indicator's units and is the indicator's kind of figure:
 * - numbers are read the Vietnamese way ("15.249,1", "942/1.200 lao động": 942 against a plan of 1.200,
 *   the 1.200 kept as the plan the sentence states; "55/63 tiêu chí đô thị loại III": 55 of a whole of 63);
 * - a level indicator takes levels ("đạt 15.298 tấn", "còn 2%"), not changes ("tăng 12,5%");
 * - a change indicator (printed "Tăng … %") takes the growth ("tăng 6,45% so với cùng kỳ");
 * - years, dates, document numbers and list numbers carry no unit and are not figures;
 * - a clause about a target ("mục tiêu", "kế hoạch", "phấn đấu", a later year) states no actual;
 * - footnote marks glued to a word or a figure ("loại III³²", "942⁴²") are not part of it.
 * Money units convert ("125.000 triệu đồng" is 125 tỷ đồng).
 *
 * Beside the figure, the same clause may state it against the plan or the year before ("tăng 16% kế
 * hoạch", "đạt 78,5% kế hoạch", "bằng 85% so với cùng kỳ", "tăng 1,4% so với cùng kỳ"): these are
 * shares, kept with the figure they follow, for the check to compute from the appendix. A share
 * belongs to the indicator only while nothing else is stated between them ("…, năng suất 52,93 tạ/ha,
 * tăng 8,3% so với kế hoạch" is the yield's, not the rice output's).
 *
 * A sentence about a part (“… hoạt động trong lĩnh vực thương mại dịch vụ, giải quyết việc làm cho
 * khoảng 3.995 lao động”) states the part's figure, not the indicator's: it is kept, marked as such,
 * and never compared. A number written the English way ("2,890.45") is kept as unread.
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

/** The number after "/" of "942/1.200 lao động" or "6,45%/13%". */
export interface Denominator {
  value: number;
  decimals: number;
  /** As written: "1.200". */
  text: string;
  /** "55/63 tiêu chí đô thị loại III": the figure counted in a whole (63 criteria), not against a plan. */
  whole: boolean;
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
  denominator?: Denominator;
  /** The sentence says it of a part, not the whole: "lĩnh vực thương mại dịch vụ". */
  part?: string;
}

/** What a share is against: the plan, the same period last year, or something the data do not hold. */
export type ShareBase = 'plan' | 'lastYear' | 'other';

/** A figure stated as a share of the plan or of last year's ("tăng 16% kế hoạch" is 116% of it). */
export interface ShareStatement {
  subject: string;
  base: ShareBase;
  /** The figure as a percentage of the base: "tăng 16%" → 116, "đạt 78,5%" → 78,5, "giảm 5%" → 95. */
  percent: number;
  /** Decimals of the percentage as written. */
  decimals: number;
  /** The word before it: "tăng", "giảm", "đạt", "bằng", "vượt", or "" when none. */
  word: string;
  /** The base as written ("kế hoạch", "cùng kỳ", "dự toán", "năm 2021"). */
  baseText: string;
  /** As written: "tăng 16% kế hoạch". */
  text: string;
  start: number;
  end: number;
  mention: number;
  /** The figure of the same clause the share follows ("1.721,4 tỷ đồng, tăng 16% kế hoạch"). */
  figure?: Statement;
  part?: string;
}

/** A figure of an indicator that could not be read as one. */
export interface UnreadStatement {
  subject: string;
  text: string;
  start: number;
  end: number;
  mention: number;
  /** Why, in Vietnamese. */
  reason: string;
}

export interface Readings {
  figures: Statement[];
  shares: ShareStatement[];
  unread: UnreadStatement[];
}

const MONEY: [string, number][] = [
  ['nghìn tỷ đồng', 1e12],
  ['tỷ đồng', 1e9],
  ['triệu đồng', 1e6],
  ['tr. đồng', 1e6],
  ['tr.đồng', 1e6],
  ['nghìn đồng', 1e3],
  ['ngàn đồng', 1e3],
  ['đồng', 1],
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

interface Mention {
  subject: CompiledSubject;
  phrase: string;
  start: number;
  end: number;
}

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
  const lead = /^\s{0,8}/u.exec(rest)![0].length;
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
const NOT_A_FIGURE_BEFORE =
  /(?:năm|ngày|tháng|số|quyết định|nghị quyết|thông báo|văn bản|giai đoạn|lần thứ|khóa|kỳ họp|mức độ|loại|tổ dân phố|tdp|thôn|km|quốc lộ|ql\.?|đường)\s*$/u;
/** After the figure and its unit: relative to the plan (any kind) or to last year (levels). */
const VS_PLAN_AFTER = /^\s*(?:so với\s+)?(?:kế hoạch|kh\b|dự toán|mục tiêu|nghị quyết)/u;
const VS_PAST_AFTER = /^\s*(?:so với|cùng kỳ)/u;

const QUALIFIER_WORD =
  /(?:trên|hơn|vượt trên|ít nhất|tối thiểu|dưới|không quá|chưa đến|tối đa|khoảng|gần|xấp xỉ|chừng|còn|giảm còn)\s*(?:(?:khoảng|hơn|trên|dưới|gần)\s*)?$/u;

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

interface Candidate {
  value: number;
  decimals: number;
  factor: number;
  start: number;
  end: number;
  denominator?: Denominator;
}

const DENOMINATOR = /^\s*\/\s*(\d+(?:[.,]\d+)*)/u;

/** "/1.200" (with the unit again, "/1.238 con", "/13%") after a figure; undefined when there is none. */
function denominatorAt(text: string, folded: string, at: number, s: CompiledSubject): { d: Denominator; end: number } | undefined {
  const m = DENOMINATOR.exec(folded.slice(at));
  if (!m) return undefined;
  const n = read(m[1]);
  if (!n) return undefined;
  const numEnd = at + m[0].length;
  const unit = unitAt(folded, numEnd, s);
  return { d: { value: n.value, decimals: n.decimals, text: text.slice(numEnd - m[1].length, numEnd), whole: false }, end: unit?.end ?? numEnd };
}

/** The number at `start` with its unit, as a figure of `s`; undefined when it is not one. */
function candidateAt(text: string, folded: string, start: number, token: string, s: CompiledSubject): Candidate | undefined {
  const a = read(token);
  if (!a) return undefined;
  const end = start + token.length;
  const prev = folded[start - 1] ?? ' ';
  if (prev === '/' || (prev === '(' && folded[end] === ')')) return undefined;
  if (/^\/\d+\//u.test(folded.slice(end, end + 8).replace(/\s/g, ''))) return undefined; // a date
  const direct = unitAt(folded, end, s);
  if (direct) {
    const den = denominatorAt(text, folded, direct.end, s);
    return { ...a, factor: direct.factor, start, end: den?.end ?? direct.end, ...(den ? { denominator: den.d } : {}) };
  }
  const ratio = /^\s*\/\s*(\d+(?:[.,]\d+)*)/u.exec(folded.slice(end));
  if (ratio) {
    const afterB = end + ratio[0].length;
    const unit = unitAt(folded, afterB, s);
    const b = read(ratio[1]);
    if (unit && b) {
      return {
        ...a,
        factor: unit.factor,
        start,
        end: unit.end,
        denominator: { value: b.value, decimals: b.decimals, text: text.slice(afterB - ratio[1].length, afterB), whole: false },
      };
    }
  }
  return undefined;
}

/** A share's word before the number ("tăng", "đạt 78,5%"), and the base after it ("% so với kế hoạch"). */
/** What may stand between two things said of one indicator: ", ", " và ", "(". */
const ADJACENT = /^[\s,()]*(?:và\s*)?$/u;
const SHARE_WORD = /(tăng|giảm|đạt|bằng|vượt)\s*(?:(?:khoảng|hơn|trên|gần|được)\s*)?$/u;
const SHARE_BASE =
  /^\s*%\s*(?:[,(]\s*)?(?:so\s+với\s+|bằng\s+)?(kế\s+hoạch(?:\s+năm)?|kh(?![\p{L}\p{N}])(?:\s+năm)?|cùng\s+kỳ(?:\s+năm\s+trước)?|năm\s+trước|năm\s+((?:19|20)\d\d)|dự\s+toán|mục\s+tiêu|nghị\s+quyết)(?![\p{L}\p{N}])/u;

/** The share written at `start` ("tăng 16% kế hoạch"), when the number is one. */
function shareAt(
  text: string,
  folded: string,
  start: number,
  token: string,
  from: number,
  year: number | undefined,
): { base: ShareBase; percent: number; decimals: number; word: string; baseText: string; textStart: number; end: number } | undefined {
  const n = read(token);
  if (!n) return undefined;
  const end = start + token.length;
  const after = SHARE_BASE.exec(folded.slice(end));
  if (!after) return undefined;
  const pre = folded.slice(from, start);
  const w = SHARE_WORD.exec(pre);
  const word = w?.[1] ?? '';
  const baseWord = after[1].replace(/\s+/g, ' ');
  let base: ShareBase = 'other';
  if (/^(kế hoạch|kh)/u.test(baseWord)) base = 'plan';
  else if (/^(cùng kỳ|năm trước)/u.test(baseWord)) base = 'lastYear';
  else if (after[2] !== undefined && year !== undefined && Number(after[2]) === year - 1) base = 'lastYear';
  const percent = word === 'tăng' || word === 'vượt' ? 100 + n.value : word === 'giảm' ? 100 - n.value : n.value;
  const textStart = w ? start - w[0].length : start;
  return {
    base,
    percent: Number(percent.toPrecision(12)),
    decimals: n.decimals,
    word,
    baseText: text.slice(end + after[0].length - after[1].length, end + after[0].length),
    textStart,
    end: end + after[0].length,
  };
}

/** "2,890.45", "1.5": a number written the English way (or with a dot for decimals). */
function englishNumber(token: string): boolean {
  return /^\d{1,3}(?:,\d{3})+\.\d+$/u.test(token) || /^\d{1,3}(?:,\d{3}){2,}$/u.test(token) || /^\d+\.\d{1,2}$/u.test(token) || /^\d+\.\d{4,}$/u.test(token);
}

/** A sentence about a part of the whole: "trong lĩnh vực thương mại dịch vụ", "khu vực công nghiệp và xây dựng". */
const PART = /(?<![\p{L}\p{N}])(?:lĩnh vực|khu vực)\s+[^,;.()]{2,60}/u;

function sentenceStart(text: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (isBoundary(text, i)) return i + 1;
  return 0;
}

interface MentionReading {
  figure?: Statement;
  shares: ShareStatement[];
  unread: UnreadStatement[];
}

/** What a clause says of the indicator its phrase names: the figure, the shares after it, the unread. */
function readMention(text: string, folded: string, m: Mention, windowEnd: number, year: number | undefined): MentionReading {
  const out: MentionReading = { shares: [], unread: [] };
  const s = m.subject;
  const cStart = clauseStart(folded, m.start);
  const prefix = folded.slice(cStart, m.start);
  if (TARGET_WORDS.test(prefix)) return out;
  const clause = folded.slice(cStart, windowEnd);
  if (year !== undefined && [...clause.matchAll(/năm\s+((?:19|20)\d\d)/gu)].some((y) => Number(y[1]) > year)) return out;
  const sStart = sentenceStart(folded, m.start);
  const partHit = PART.exec(folded.slice(sStart, m.start));
  const part = partHit ? text.slice(sStart + partHit.index, sStart + partHit.index + partHit[0].length).trim() : undefined;
  const withPart = <T extends object>(x: T): T => (part ? { ...x, part } : x);

  // A figure just before a phrase that begins with its unit: "55/63 tiêu chí đô thị loại III".
  const before = folded.slice(Math.max(cStart, m.start - 30), m.start);
  const lead = /(\d+(?:[.,]\d+)*)(\s*\/\s*(\d+(?:[.,]\d+)*))?\s+$/u.exec(before);
  if (lead && s.units.some((u) => folded.startsWith(u, m.start))) {
    const start = m.start - before.length + lead.index;
    const a = read(lead[1]);
    const pre = folded.slice(cStart, start);
    if (a && s.kind === 'level' && !CHANGE_BEFORE.test(pre) && !NOT_A_FIGURE_BEFORE.test(pre) && !TARGET_WORDS.test(pre)) {
      const unitEnd = m.start + (s.units.find((u) => folded.startsWith(u, m.start)) ?? '').length;
      const b = lead[3] !== undefined ? read(lead[3]) : undefined;
      const bAt = lead[3] !== undefined ? start + lead[0].indexOf(lead[3], lead[1].length) : 0;
      out.figure = withPart({
        subject: s.key,
        figure: { ...a, qualifier: qualifierOf(pre) },
        text: text.slice(start, unitEnd),
        start,
        end: unitEnd,
        mention: m.start,
        ...(b ? { denominator: { value: b.value, decimals: b.decimals, text: text.slice(bAt, bAt + lead[3].length), whole: true } } : {}),
      });
    }
  }

  // After the phrase: the figure, and the shares that follow it with nothing else stated between.
  let cursor = m.end;
  NUMBER.lastIndex = m.end;
  for (let hit = NUMBER.exec(folded); hit && hit.index < windowEnd; hit = NUMBER.exec(folded)) {
    const token = hit[0];
    const stated = out.figure !== undefined || out.shares.length > 0;
    const share = shareAt(text, folded, hit.index, token, cursor, year);
    const growthIsFigure = share && s.kind === 'change' && share.base === 'lastYear' && /tăng|giảm/u.test(share.word);
    if (share && !growthIsFigure) {
      const gap = folded.slice(cursor, share.textStart);
      const adjacent = stated ? ADJACENT.test(gap) : !gap.includes('%');
      if (!adjacent) break;
      out.shares.push(
        withPart({
          subject: s.key,
          base: share.base,
          percent: share.percent,
          decimals: share.decimals,
          word: share.word,
          baseText: share.baseText,
          text: text.slice(share.textStart, share.end).trim(),
          start: hit.index,
          end: share.end,
          mention: m.start,
          ...(out.figure ? { figure: out.figure } : {}),
        }),
      );
      cursor = share.end;
      NUMBER.lastIndex = share.end;
      continue;
    }
    if (out.figure) break; // another figure: what follows is said of something else
    const c = candidateAt(text, folded, hit.index, token, s);
    if (!c) {
      if (englishNumber(token) && unitAt(folded, hit.index + token.length, s)) {
        const unit = unitAt(folded, hit.index + token.length, s)!;
        out.unread.push({
          subject: s.key,
          text: text.slice(hit.index, unit.end).trim(),
          start: hit.index,
          end: unit.end,
          mention: m.start,
          reason: `số “${token}” viết theo kiểu nước ngoài (dấu phẩy tách hàng nghìn, dấu chấm trước phần thập phân); số liệu viết đúng là dấu chấm tách hàng nghìn, dấu phẩy trước phần thập phân, ví dụ 2.890,45`,
        });
        break;
      }
      continue;
    }
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
    const n = convert(read(token)!, c.factor);
    const lead2 = s.kind === 'change' ? CHANGE_BEFORE.exec(pre) : QUALIFIER_WORD.exec(pre);
    const textFrom = Math.max(m.end, c.start - (lead2?.[0].length ?? 0));
    // After a share, the figure is the clause's only while nothing else is said between them.
    if (stated && !ADJACENT.test(folded.slice(cursor, textFrom))) break;
    const den = c.denominator ? { ...c.denominator, ...convertDenominator(c.denominator, c.factor) } : undefined;
    out.figure = withPart({
      subject: s.key,
      figure: { value: n.value === 0 ? 0 : sign * n.value, decimals: n.decimals, qualifier: qualifierOf(pre) },
      text: text.slice(textFrom, c.end).trim(),
      start: c.start,
      end: c.end,
      mention: m.start,
      ...(den ? { denominator: den } : {}),
    });
    cursor = c.end;
    NUMBER.lastIndex = c.end;
  }
  return out;
}

function convertDenominator(d: Denominator, factor: number): { value: number; decimals: number } {
  return convert({ value: d.value, decimals: d.decimals }, factor);
}

export interface FindOptions {
  /** The plan year: a clause that names a later year is about the future and states no actual. */
  year?: number;
}

const compiledCache = new WeakMap<Subject[], CompiledSubject[]>();

/**
 * Footnote marks typed or pasted as superscript digits ("loại III³²", "942⁴²", "⁽³⁾") as spaces, so
 * that neither the phrase nor the figure they are glued to reads them; "m²", "m³" stay units.
 * Same length as the text, so offsets carry over.
 */
export function maskNoteMarks(text: string): string {
  return text.replace(/[⁽]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+[⁾]?/gu, (mark, at: number) => {
    if (/^[²³]$/u.test(mark) && /m$/iu.test(text.slice(Math.max(0, at - 1), at))) return mark;
    return ' '.repeat(mark.length);
  });
}

/** Everything the text states of the subjects, in text order (offsets in NFC). */
export function readStatements(text: string, subjects: Subject[], opts: FindOptions = {}): Readings {
  const nfc = text.normalize('NFC');
  const folded = fold(maskNoteMarks(nfc));
  let compiled = compiledCache.get(subjects);
  if (!compiled) {
    compiled = subjects.map(compile);
    compiledCache.set(subjects, compiled);
  }
  const mentions = mentionsIn(folded, compiled);
  const out: Readings = { figures: [], shares: [], unread: [] };
  mentions.forEach((m, i) => {
    const next = mentions[i + 1]?.start ?? folded.length;
    const windowEnd = Math.min(next, nextBoundary(folded, m.end));
    const r = readMention(nfc, folded, m, windowEnd, opts.year);
    if (r.figure) out.figures.push(r.figure);
    out.shares.push(...r.shares);
    out.unread.push(...r.unread);
  });
  return out;
}

/** The subjects a text names (by their phrases), in text order, each once. */
export function subjectsNamed(text: string, subjects: Subject[]): string[] {
  let compiled = compiledCache.get(subjects);
  if (!compiled) {
    compiled = subjects.map(compile);
    compiledCache.set(subjects, compiled);
  }
  return [...new Set(mentionsIn(fold(maskNoteMarks(text.normalize('NFC'))), compiled).map((m) => m.subject.key))];
}

/** Every figure the text states for one of the subjects (not a part's), in text order (offsets in NFC). */
export function findStatements(text: string, subjects: Subject[], opts: FindOptions = {}): Statement[] {
  return readStatements(text, subjects, opts).figures.filter((f) => f.part === undefined);
}

/** Half a unit of the last written digit: 15.298 ± 0,5; 2.890,4 ± 0,05. */
export function halfUnit(decimals: number): number {
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
    case 'above':
      return A >= S - halfUnit(appendix.decimals) - eps;
    case 'below':
      return A <= S + halfUnit(appendix.decimals) + eps;
    case 'about':
      return Math.abs(S - A) <= Math.max(tol, 0.05 * Math.abs(A)) + eps;
    case 'exact':
      return Math.abs(S - A) <= tol + eps;
  }
}
