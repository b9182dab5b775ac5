/**
 * Vietnamese number notation: "." groups thousands, "," marks decimals ("1.721,4").
 * Parsing keeps the precision as written (number of decimals), so "301,011" stays 3 decimals.
 */

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface VnNumber {
  value: number;
  /** Decimals as written: "63,41" → 2, "1.400" → 0. */
  decimals: number;
}

const SPACES = /[\s\u00a0\u202f]+/g;

/** Normalises the spaces Word and Excel put in numbers (non-breaking, narrow no-break). */
export function normalizeSpaces(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

/**
 * Parses one number written the Vietnamese way. Accepts "1.721,4", "301,011", "12.554", "99",
 * "-2,5", "0,5". Dots must group exactly three digits; anything else is an error quoting the text
 * (never a silent 0 or NaN).
 */
export function parseVnNumber(text: string): Result<VnNumber> {
  const raw = normalizeSpaces(text).replace(/ /g, '');
  const m = /^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(raw);
  if (!m) {
    const hint = /^\d+\.\d{1,2}$/.test(raw) || /^\d+\.\d{4,}$/.test(raw)
      ? ' Phần thập phân viết bằng dấu phẩy, ví dụ 1,5; dấu chấm chỉ dùng để tách hàng nghìn (1.200).'
      : ' Hãy nhập số, ví dụ 1.721,4.';
    return { ok: false, error: `Không đọc được số “${normalizeSpaces(text)}”.${hint}` };
  }
  const [, sign, intPart, frac = ''] = m;
  const value = Number(`${sign}${intPart.replace(/\./g, '')}${frac ? `.${frac}` : ''}`);
  return { ok: true, value: { value, decimals: frac.length } };
}

/** Rounds half away from zero at `decimals`, the way Excel's ROUND does (1,005 → 1,01). */
export function roundTo(value: number, decimals: number): number {
  const sign = value < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(value)}e${decimals}`);
  return sign * Number(`${Math.round(shifted)}e-${decimals}`);
}

/** Number of decimals a JS number needs to be written exactly (up to 10). */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  const s = String(value);
  if (s.includes('e-')) return Math.min(10, Number(s.split('e-')[1]) + (s.split('e')[0].split('.')[1]?.length ?? 0));
  return Math.min(10, s.split('.')[1]?.length ?? 0);
}

/**
 * Formats the Vietnamese way: 1721.4 → "1.721,4". With `decimals` the value is rounded and padded
 * to exactly that many decimals; without, it keeps the decimals it has.
 */
export function formatVnNumber(value: number, decimals?: number): string {
  const d = decimals ?? decimalsOf(value);
  const rounded = roundTo(value, d);
  const negative = rounded < 0;
  const [intPart, frac = ''] = Math.abs(rounded).toFixed(d).split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** Two-digit counts as administrative documents write them: 3 → "03", 17 → "17". */
export function padCount(n: number): string {
  return n < 10 && n >= 0 ? `0${n}` : String(n);
}
