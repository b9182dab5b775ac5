/**
 * Unit conversions between the layout (shared/layout.ts, which speaks the .xlsx file's units) and
 * Office.js (which speaks points). Kept in one place so both renderers size columns alike.
 */

/**
 * Maximum digit width, in pixels at 96 DPI, of the workbook's default font (Calibri 11 / Aptos 11,
 * the Normal style of a new workbook). Column widths in a file are measured in these digits.
 */
export const MAX_DIGIT_WIDTH_PX = 7;

/**
 * A column width as stored in the file (`<col width>`, what exceljs writes) → points for
 * `range.format.columnWidth`.
 *
 * ECMA-376 Part 1, §18.3.1.13 (col, attribute width): the stored width already includes the
 * 5-pixel cell padding, and pixels = Truncate(((256 · width + Truncate(128 / MDW)) / 256) · MDW).
 * Points = pixels · 72 / 96. Width 46 → 322 px → 241.5 pt; width 10 → 70 px → 52.5 pt.
 */
export function columnWidthToPoints(width: number): number {
  const mdw = MAX_DIGIT_WIDTH_PX;
  const px = Math.trunc(((256 * width + Math.trunc(128 / mdw)) / 256) * mdw);
  return (px * 72) / 96;
}

/** Row heights are points in both the file and Office.js. */
export function rowHeightToPoints(height: number): number {
  return height;
}

/** "FFF2F2F2" (ARGB, as exceljs writes) → "#F2F2F2" (Office.js colour). */
export function argbToHex(argb: string): string {
  const hex = argb.length === 8 ? argb.slice(2) : argb;
  return `#${hex.toUpperCase()}`;
}
