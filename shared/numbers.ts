/**
 * Vietnamese number notation: "." groups thousands, "," marks decimals ("1.721,4").
 * Parsing keeps the precision as written (number of decimals), so "301,011" stays 3 decimals.
 *
 * Precision rule (docs/catalog-format.md, "Figures and precision"): a figure is the decimal
 * number Excel shows for it, its 15 significant digits; at the reporting precision it is rounded
 * half away from zero IN DECIMAL, as Excel's ROUND does (1,005 → 1,01; 2,5 → 3; float noise such
 * as 2.7755575615628914e-17 from "=0,3-0,1-0,2" reads 0). This holds for every finite double:
 * the arithmetic is done on digit strings (no exponent form, no toFixed binary rounding, and no
 * BigInt, which the task pane's ES2017 webview lacks).
 */

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface VnNumber {
  value: number;
  /** Decimals as written: "63,41" → 2, "1.400" → 0. */
  decimals: number;
}

/** Significant digits a figure has: what Excel stores from typing and shows. */
export const SIGNIFICANT_DIGITS = 15;

/**
 * Digits at the reporting precision that the sheet's formula and the worker are guaranteed to
 * judge alike: with `decimals` d, figures, plans and bounds stay within ±10^(14−d). Beyond it
 * LibreOffice's comparisons (equal within about 15 digits) and Excel's 15 digits stop telling
 * neighbouring figures apart; the catalogue check keeps bounds inside it, so such figures are
 * refused as out of bounds instead of being judged differently by the sheet and the worker.
 */
export const MAX_DIGITS_AT_PRECISION = 14;

/** The largest magnitude a figure with `decimals` may have (10^(14 − decimals)). */
export function precisionLimit(decimals: number): number {
  return Number(`1e${MAX_DIGITS_AT_PRECISION - decimals}`);
}

/** The real minus sign (U+2212) that Word and typeset documents use. */
export const MINUS_SIGN = '\u2212';

const SPACES = /[\s\u00a0\u202f]+/g;

/** Normalises the spaces Word and Excel put in numbers (non-breaking, narrow no-break). */
export function normalizeSpaces(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

/**
 * Parses one number written the Vietnamese way. Accepts "1.721,4", "301,011", "12.554", "99",
 * "-2,5", "−2,5" (real minus), "0,5". Dots must group exactly three digits; anything else is an
 * error quoting the text (never a silent 0, an infinity or NaN).
 */
export function parseVnNumber(text: string): Result<VnNumber> {
  const shown = normalizeSpaces(text);
  const raw = shown.replace(/ /g, '');
  const m = /^([+\-\u2212]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(raw);
  if (!m) {
    const hint =
      /^\d+\.\d{1,2}$/.test(raw) || /^\d+\.\d{4,}$/.test(raw)
        ? ' Phần thập phân viết bằng dấu phẩy, ví dụ 1,5; dấu chấm chỉ dùng để tách hàng nghìn (1.200).'
        : ' Hãy nhập số, ví dụ 1.721,4.';
    return { ok: false, error: `Không đọc được số “${shown}”.${hint}` };
  }
  const [, sign, intPart, frac = ''] = m;
  const digits = intPart.replace(/\./g, '');
  const value = Number(`${sign === '+' || sign === '' ? '' : '-'}${digits}${frac ? `.${frac}` : ''}`);
  if (!Number.isFinite(value)) return { ok: false, error: `Số “${shown}” quá lớn, không phải một số liệu. Hãy kiểm tra lại.` };
  if (value === 0 && /[1-9]/.test(digits + frac)) return { ok: false, error: `Số “${shown}” quá nhỏ, không phải một số liệu. Hãy kiểm tra lại.` };
  return { ok: true, value: { value: value === 0 ? 0 : value, decimals: frac.length } };
}

/** A finite double's 15 significant digits: value = (negative ? −1 : 1) × digits × 10^exponent. */
interface Shown {
  negative: boolean;
  digits: string;
  exponent: number;
}

/** The largest 15-digit decimal below the largest double (1.7976931348623157e308). */
const LARGEST_SHOWN = 1.79769313486231e308;

function shown(value: number): Shown {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  if (value === 0) return { negative: false, digits: '0', exponent: 0 };
  // toExponential rounds the exact binary value half away from zero at the 15th digit. Above
  // 1,79769313486231e308 that would overflow the largest double: there the digits are cut instead.
  const a = Math.abs(value);
  const [mantissa, exp] = (a > LARGEST_SHOWN ? LARGEST_SHOWN : a).toExponential(SIGNIFICANT_DIGITS - 1).split('e');
  return { negative: value < 0, digits: mantissa.replace('.', ''), exponent: Number(exp) - (SIGNIFICANT_DIGITS - 1) };
}

/** Adds one to a string of decimal digits ("199" → "200", "99" → "100"). */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return digits.slice(0, i) + String(Number(digits[i]) + 1) + '0'.repeat(digits.length - 1 - i);
}

/**
 * The figure at `decimals`, as an integer count of 10^−decimals: its 15 significant digits
 * rounded half away from zero. `units` has no leading zeros ("0" for zero); `negative` is false
 * for zero.
 */
function atPrecision(value: number, decimals: number): { negative: boolean; units: string } {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`Bad number of decimals: ${decimals}`);
  const s = shown(value);
  const shift = s.exponent + decimals;
  let units: string;
  if (shift >= 0) {
    units = s.digits === '0' ? '0' : s.digits + '0'.repeat(shift);
  } else {
    const keep = s.digits.length + shift;
    const kept = keep > 0 ? s.digits.slice(0, keep) : '0';
    const next = keep >= 0 ? s.digits[keep] : '0';
    units = next >= '5' ? increment(kept) : kept;
  }
  units = units.replace(/^0+(?=\d)/, '');
  return { negative: s.negative && units !== '0', units };
}

/**
 * Rounds at `decimals` the way the report and Excel's ROUND do: the 15 significant digits, half
 * away from zero, in decimal (1.005 → 1.01, 2.5 → 3, −2.5 → −3, 2.78e-17 → 0, 1e21 → 1e21).
 * Never NaN for a finite value; zero comes back as +0.
 */
export function roundTo(value: number, decimals: number): number {
  const { negative, units } = atPrecision(value, decimals);
  if (units === '0') return 0;
  return Number(`${negative ? '-' : ''}${units}e-${decimals}`);
}

/** Number of decimals the figure shows with its 15 significant digits (0,3 for 0.1 + 0.2 → 1). */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const s = shown(value);
  const trailingZeros = s.digits.length - s.digits.replace(/0+$/, '').length;
  return s.digits === '0' ? 0 : Math.max(0, -(s.exponent + trailingZeros));
}

export interface FormatOptions {
  /** The sign printed before a negative figure: "-" (default, what the sheet's formula re-reads) or the real minus "−". */
  minus?: '-' | typeof MINUS_SIGN;
}

/**
 * Formats the Vietnamese way: 1721.4 → "1.721,4", 1.2554e22 → "12.554.000.000.000.000.000.000"
 * (never exponent form). With `decimals` the value is rounded and padded to exactly that many
 * decimals; without, it shows its 15 significant digits. Throws on NaN and infinities, which
 * are never a figure.
 */
export function formatVnNumber(value: number, decimals?: number, options: FormatOptions = {}): string {
  const d = decimals ?? decimalsOf(value);
  const { negative, units } = atPrecision(value, d);
  const padded = units.padStart(d + 1, '0');
  const intPart = padded.slice(0, padded.length - d);
  const frac = padded.slice(padded.length - d);
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? (options.minus ?? '-') : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** For people: the Vietnamese way with the real minus sign ("−10", "1.721,4"), as GLOSSARY asks. */
export function formatNumberVi(value: number, decimals?: number): string {
  return formatVnNumber(value, decimals, { minus: MINUS_SIGN });
}

/** A figure with its unit of measure: "6,45%" (no space before %), "1.200 Người". */
export function withUnit(figure: string, unit: string): string {
  const u = unit.trim();
  if (u === '') return figure;
  return u === '%' ? `${figure}%` : `${figure} ${u}`;
}

/** Two-digit counts as administrative documents write them: 3 → "03", 17 → "17". */
export function padCount(n: number): string {
  return n < 10 && n >= 0 ? `0${n}` : String(n);
}
