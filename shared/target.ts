/**
 * Target expressions as the report prints them ("> 99", "Tăng trên 13%", "Giảm còn dưới 2,32%",
 * "Dưới 1", "80/100 dân", "Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà",
 * "trên 125.000 triệu đồng") and the values departments type or paste for the actual figure.
 */
import { MINUS_SIGN, normalizeSpaces, parseVnNumber, SIGNIFICANT_DIGITS, type Result } from './numbers.ts';

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
  const direction: Direction = lowerIsBetter ? 'lower' : hints.direction ?? 'higher';
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
 * Words stripped from a typed actual before reading its number, in this order (lower case).
 * The sheet's formula strips exactly the same list: see formula.ts.
 */
export const ACTUAL_AFFIXES = [
  'ước đạt', 'giảm còn', 'tăng', 'giảm', 'dưới', 'trên', 'đạt', 'khoảng', '%',
  // footnote marks pasted with the figure ("4 ⁷⁵")
  '⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹',
] as const;
/** A typed actual containing this phrase marks the indicator as not assessed, with the text as reason. */
export const NOT_ASSESSED_MARK = 'chưa đánh giá';

/**
 * Lower-cases, drops everything from "/" ("80/100 dân"), strips the affixes and all spaces, and
 * writes the real minus pasted from Word ("−10", U+2212) as "-".
 */
export function cleanActualText(text: string): string {
  let s = text.toLowerCase();
  const slash = s.indexOf('/');
  if (slash >= 0) s = s.slice(0, slash);
  for (const affix of ACTUAL_AFFIXES) s = s.split(affix).join('');
  return s.replace(/[ \u00a0]/g, '').split(MINUS_SIGN).join('-');
}

/** "Giảm 5%" is a decrease of 5 (−5); "Giảm còn 2%" is the level 2. */
export function isDecrease(text: string): boolean {
  const s = text.trim().toLowerCase();
  return s.startsWith('giảm') && !s.startsWith('giảm còn');
}

export type CellInput = number | string | boolean | null | undefined;

/** Reads what a department put in an "Ước thực hiện" cell: a number or a printed form. */
export function readActual(input: CellInput): Actual {
  if (input === null || input === undefined) return { kind: 'empty' };
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { kind: 'invalid', error: 'Giá trị không phải là số hữu hạn.' };
    return { kind: 'number', value: input === 0 ? 0 : input, decimals: null };
  }
  if (typeof input === 'boolean') {
    return { kind: 'invalid', error: `Ô chứa giá trị logic ${input ? 'TRUE' : 'FALSE'}, không phải số liệu. Hãy nhập số.` };
  }
  const text = normalizeSpaces(input);
  if (text === '') return { kind: 'empty' };
  if (text.toLowerCase().includes(NOT_ASSESSED_MARK)) return { kind: 'not_assessed', reason: text };
  const cleaned = cleanActualText(input);
  if (cleaned === '') return { kind: 'invalid', error: `Không đọc được số trong “${text}”. Hãy nhập số, ví dụ 1.721,4.` };
  const parsed = parseVnNumber(cleaned);
  if (!parsed.ok) {
    return { kind: 'invalid', error: `Không đọc được số trong “${text}”. Hãy nhập số, ví dụ 1.721,4 (dấu chấm tách hàng nghìn, dấu phẩy trước phần thập phân).` };
  }
  const sign = isDecrease(text) ? -1 : 1;
  return { kind: 'number', value: sign * parsed.value.value, decimals: parsed.value.decimals };
}
