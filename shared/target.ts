/**
 * Target expressions as the report prints them ("> 99", "Tăng trên 13%", "Giảm còn dưới 2,32%",
 * "Dưới 1", "80/100 dân", "Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà",
 * "trên 125.000 triệu đồng") and the values departments type or paste for the actual figure.
 */
import { formatNumberVi, MINUS_SIGN, normalizeSpaces, parseVnNumber, SIGNIFICANT_DIGITS, type Result } from './numbers.ts';

export type Direction = 'higher' | 'lower';

/** The parsed meaning of a printed target. */
export type Target =
  /** Better than the threshold → Vượt KH, equal → Đạt KH, worse → Không đạt KH. */
  | { kind: 'threshold'; direction: Direction; value: number }
  /** "Duy trì …": met (Đạt KH) or not (Không đạt KH); never Vượt KH. */
  | { kind: 'maintain'; direction: Direction; value: number }
  /** Met inside [min, max]; above max → Vượt KH; below min → Không đạt KH. */
  | { kind: 'range'; min: number; max: number }
  /** Not assessed this year (new rules, no baseline …). */
  | { kind: 'none'; reason: string };

// A plan's figures: Vietnamese notation, optionally after a real minus (U+2212; "-" marks ranges).
const NUMBER = String.raw`\u2212?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)`;
const RANGE = new RegExp(String.raw`(${NUMBER})\s*(?:-|–|÷|đến)\s*(${NUMBER})`, 'g');
const RATIO = new RegExp(String.raw`(${NUMBER})\s*/\s*(${NUMBER})`, 'g');
const ANY_NUMBER = new RegExp(NUMBER, 'g');

function num(text: string): number {
  const r = parseVnNumber(text);
  if (!r.ok) throw new Error(r.error);
  return r.value.value;
}

export interface TargetHints {
  /** The indicator is a "Duy trì …" (maintain) indicator even if the plan text does not say so. */
  maintain?: boolean;
  /** Direction when the text gives none (plain "69"): higher is better by default. */
  direction?: Direction;
}

/** Reads a printed target. Text without a readable figure is an error that quotes it. */
export function parseTarget(printed: string, hints: TargetHints = {}): Result<Target> {
  const text = normalizeSpaces(printed);
  const lower = text.toLowerCase();
  const fail = (why: string): Result<Target> => ({
    ok: false,
    error: `Không đọc được kế hoạch “${text}”: ${why}. Hãy viết như “> 99”, “Tăng trên 13%”, “Giảm còn dưới 2,32%”, “1.200” hoặc “01-02 nhà”.`,
  });
  if (!text) return fail('ô trống');

  const lowerIsBetter = /giảm|dưới|<|≤|không quá|tối đa/.test(lower);
  const direction: Direction = lowerIsBetter ? 'lower' : (hints.direction ?? 'higher');
  const maintain = hints.maintain === true || /duy trì/.test(lower);

  let min = 0;
  let max = 0;
  let isRange = false;
  let found = 0;
  for (const part of lower.split(';')) {
    let rest = part;
    const ranges = [...rest.matchAll(RANGE)];
    for (const m of ranges) {
      min += num(m[1]);
      max += num(m[2]);
      isRange = true;
      found++;
      rest = rest.replace(m[0], ' ');
    }
    for (const m of [...rest.matchAll(RATIO)]) {
      // "80/100 dân", "6/6 phường": the figure is the numerator.
      min += num(m[1]);
      max += num(m[1]);
      found++;
      rest = rest.replace(m[0], ' ');
    }
    const singles = [...rest.matchAll(ANY_NUMBER)];
    if (singles.length > 1) return fail('có nhiều con số trong cùng một phần, hãy tách bằng dấu “;”');
    for (const m of singles) {
      min += num(m[0]);
      max += num(m[0]);
      found++;
    }
  }
  if (found === 0) return fail('không có con số nào');
  if (isRange) {
    if (min > max) return fail('khoảng có cận dưới lớn hơn cận trên');
    return { ok: true, value: { kind: 'range', min: shown15(min), max: shown15(max) } };
  }
  const value = shown15(min);
  return { ok: true, value: maintain ? { kind: 'maintain', direction, value } : { kind: 'threshold', direction, value } };
}

/** Sums of parts ("08 nhà; 01-02 nhà", "0,1; 0,2") read at 15 significant digits, as Excel shows them. */
function shown15(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(SIGNIFICANT_DIGITS));
}

/** The actual figure read from a cell, as typed or pasted. */
export type Actual =
  | { kind: 'empty' }
  | { kind: 'number'; value: number; decimals: number | null }
  | { kind: 'not_assessed'; reason: string }
  | { kind: 'invalid'; error: string };

/**
 * Words a typed actual may have around its number, in the order they are taken out (lower case).
 * Each is replaced by a space, never by nothing, so digits on either side of a word stay apart
 * (“942 đạt 78,5%” is two figures, not 94.278,5). The sheet's formula uses the same list: see
 * formula.ts.
 */
export const ACTUAL_AFFIXES = [
  'ước đạt',
  'giảm còn',
  'tăng',
  'giảm',
  'dưới',
  'trên',
  'đạt',
  'khoảng',
  '%',
  // footnote marks pasted with the figure ("4 ⁷⁵")
  '⁰',
  '¹',
  '²',
  '³',
  '⁴',
  '⁵',
  '⁶',
  '⁷',
  '⁸',
  '⁹',
] as const;
/** A typed actual containing this phrase marks the indicator as not assessed, with the text as reason. */
export const NOT_ASSESSED_MARK = 'chưa đánh giá';

/**
 * What a typed actual counts as a space: the space, the no-break spaces Word and Excel put in
 * numbers (U+00A0, U+202F), the tab and the line breaks (Alt+Enter in a cell), and U+0001, which
 * is how LibreOffice's formulas see a tab in a cell that also has a line break. The sheet's formula
 * turns exactly these into spaces; any other character, other white space included, is not part
 * of a figure and makes the text unreadable on both sides.
 */
export const FIGURE_SPACES = [' ', '\u00a0', '\u202f', '\t', '\n', '\r', '\u0001'] as const;

/** FIGURE_SPACES written " ", then trimmed with runs collapsed to one space: what Excel's TRIM does. */
export function figureSpaces(text: string): string {
  let s = text;
  for (const c of FIGURE_SPACES) s = s.split(c).join(' ');
  return s.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}

/**
 * How a typed figure is read beyond the words every figure may carry (ACTUAL_AFFIXES): the words of
 * the indicator's own unit of measure (“942 người”, “9 nhà”, “1.200 lao động”), lower case, with
 * FIGURE_SPACES written as plain spaces, longest first (report.ts figureUnitWords makes them from
 * the catalogue). A unit word of another indicator is not among them, so “125.000 triệu đồng” in
 * a row counted in tỷ đồng stays unreadable.
 */
export interface ReadOptions {
  unitWords?: readonly string[];
  /** The unit of measure as the catalogue writes it ("Nhà"), for the message about a word it does not take. */
  unit?: string;
}

/**
 * The typed text reduced to what should be its one number, the way the sheet's formula does it:
 * cut at "/" ("80/100 dân" → "80"), lower-cased, FIGURE_SPACES made spaces, each of the unit's
 * words and then each affix made a space, the real minus (U+2212, pasted from Word) written "-",
 * spaces trimmed and collapsed, and the space after a leading sign dropped ("− 5" → "-5",
 * “Giảm −5%” → "-5"). A space left inside means more than one thing was typed (“942 đạt 78,5%” →
 * "942 78,5", “9 hộ” in a row counted in Nhà → "9 hộ"): readActual refuses it, and so does the
 * formula, because a space is not a character of a number.
 */
export function cleanActualText(text: string, unitWords: readonly string[] = []): string {
  const slash = text.indexOf('/');
  let s = figureSpaces((slash >= 0 ? text.slice(0, slash) : text).toLowerCase());
  for (const word of unitWords) s = s.split(word).join(' ');
  for (const affix of ACTUAL_AFFIXES) s = s.split(affix).join(' ');
  s = figureSpaces(s.split(MINUS_SIGN).join('-'));
  return s.startsWith('- ') || s.startsWith('+ ') ? s[0] + s.slice(2) : s;
}

/** "Giảm 5%" is a decrease of 5 (−5); "Giảm còn 2%" is the level 2. */
export function isDecrease(text: string): boolean {
  const s = figureSpaces(text).toLowerCase();
  return s.startsWith('giảm') && !s.startsWith('giảm còn');
}

/** A figure as an example in a message: the Vietnamese way with the real minus. */
function example(number: string): string | undefined {
  const r = parseVnNumber(number);
  return r.ok ? formatNumberVi(r.value.value, r.value.decimals) : undefined;
}

/**
 * Why a cleaned text with a space inside is not a figure, quoting what was typed (`shown`).
 * Thousands written with spaces (“1 721,4”, a no-break space pasted from elsewhere) are refused
 * too, never guessed: with only spaces between the digit groups the message gives the figure
 * written with dots (1.721,4) for the officer to type.
 */
function spaceInsideError(shown: string, cleaned: string, spaced: string, unit?: string): string {
  if (shown === '') return 'Ô chỉ có ký tự khoảng trắng đặc biệt, không có số liệu. Hãy xóa hết nội dung ô rồi nhập số liệu, ví dụ 1.721,4.';
  if (/[^\S ]/.test(cleaned))
    return `Số liệu “${shown}” có ký tự khoảng trắng đặc biệt (như khoảng trắng hẹp). Hãy xóa nội dung ô rồi gõ lại số liệu, ví dụ 1.721,4.`;
  const numbers = cleaned.split(/\s+/).filter((t) => /\d/.test(t));
  // One number and words after it: a unit of measure this indicator is not counted in (“9 hộ”).
  const worded = /^([+-]?[\d.,]+) ([^\d]+)$/.exec(cleaned);
  if (worded && numbers.length === 1) {
    const figure = example(worded[1]) ?? '1.721,4';
    const why = unit && unit.trim() !== '' ? `; chỉ tiêu này tính bằng ${unit.trim()}, đơn vị tính đã có ở cột “Đơn vị”` : '';
    return `Số liệu “${shown}” có chữ “${worded[2]}” mà hệ thống không đọc được${why}. Hãy chỉ nhập số, ví dụ ${figure}.`;
  }
  if (numbers.length < 2) {
    return `Không đọc được số trong “${shown}”. Hãy nhập số, ví dụ 1.721,4 (dấu chấm tách hàng nghìn, dấu phẩy trước phần thập phân).`;
  }
  const grouped = /(?:^| )([+-]?)(\d{1,3}(?: \d{3})+(?:,\d+)?)(?= |$)/.exec(cleaned);
  if (grouped && grouped[2].split(' ').length === numbers.length && spaced.includes(grouped[2])) {
    const dotted = example(grouped[1] + grouped[2].replace(/ /g, '.')) ?? '1.721,4';
    return `Số liệu “${shown}” có dấu cách giữa các chữ số. Hãy viết dấu chấm để tách hàng nghìn, ví dụ ${dotted}.`;
  }
  const first = numbers.map(example).find((e) => e !== undefined) ?? '1.721,4';
  return `Ô có hai con số hoặc có chữ xen giữa các chữ số (“${shown}”). Hãy chỉ nhập một số liệu, ví dụ ${first}.`;
}

export type CellInput = number | string | boolean | null | undefined;

/** Reads what a department put in an "Ước thực hiện" cell: a number or a printed form. */
export function readActual(input: CellInput, options: ReadOptions = {}): Actual {
  if (input === null || input === undefined) return { kind: 'empty' };
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { kind: 'invalid', error: 'Giá trị không phải là số hữu hạn.' };
    return { kind: 'number', value: input === 0 ? 0 : input, decimals: null };
  }
  if (typeof input === 'boolean') {
    return { kind: 'invalid', error: `Ô chứa giá trị logic ${input ? 'TRUE' : 'FALSE'}, không phải số liệu. Hãy nhập số.` };
  }
  const text = normalizeSpaces(input);
  const spaced = figureSpaces(input);
  if (spaced === '') return { kind: 'empty' };
  if (spaced.toLowerCase().includes(NOT_ASSESSED_MARK)) return { kind: 'not_assessed', reason: text };
  const cleaned = cleanActualText(input, options.unitWords);
  if (cleaned === '') return { kind: 'invalid', error: `Không đọc được số trong “${text}”. Hãy nhập số, ví dụ 1.721,4.` };
  if (/\s/.test(cleaned)) return { kind: 'invalid', error: spaceInsideError(text, cleaned, spaced, options.unit) };
  const parsed = parseVnNumber(cleaned);
  if (!parsed.ok) {
    return {
      kind: 'invalid',
      error: `Không đọc được số trong “${text}”. Hãy nhập số, ví dụ 1.721,4 (dấu chấm tách hàng nghìn, dấu phẩy trước phần thập phân).`,
    };
  }
  const sign = isDecrease(input) ? -1 : 1;
  return { kind: 'number', value: sign * parsed.value.value, decimals: parsed.value.decimals };
}

/** A target in a few words, for a message: “mức sàn 70 (càng cao càng tốt)”, “khoảng 10 đến 11”. */
export function targetWords(t: Target): string {
  switch (t.kind) {
    case 'threshold':
      return t.direction === 'higher' ? `mức sàn ${formatNumberVi(t.value)} (càng cao càng tốt)` : `mức trần ${formatNumberVi(t.value)} (càng thấp càng tốt)`;
    case 'maintain':
      return t.direction === 'higher' ? `duy trì từ ${formatNumberVi(t.value)} trở lên` : `duy trì không quá ${formatNumberVi(t.value)}`;
    case 'range':
      return `khoảng ${formatNumberVi(t.min)} đến ${formatNumberVi(t.max)}`;
    case 'none':
      return 'không đánh giá';
  }
}
