/** How the layout's values and formulas are written through Office.js. */
import type { CellValue } from '../../shared/layout.ts';

/**
 * The layout stores formulas the way OOXML does: no leading "=", and functions newer than Excel
 * 2010 prefixed with "_xlfn." (NUMBERVALUE). Office.js takes what a user would type: "=" and the
 * plain function name (with the prefix Excel would show #NAME?).
 */
export function toOfficeFormula(formula: string): string {
  return `=${formula.replace(/_xlfn\./g, '')}`;
}

/**
 * Text that Excel would turn into something else when written to a cell: a number ("1.200",
 * "69", "1e5"), a date or time ("6/6", "12:30"), a boolean, a formula or an error-looking entry.
 * Such text is written with Excel's text prefix (a leading apostrophe), the way exceljs writes a
 * shared string, so "1.200" stays the text the planning office typed.
 */
export function needsTextPrefix(text: string): boolean {
  const t = text.trim();
  if (t === '') return false;
  if (/^[=+\-@'#]/.test(t)) return true;
  if (/^(true|false|đúng|sai)$/i.test(t)) return true;
  return /^[\d\s.,:/%$()eE+-]+$/.test(t) && /\d/.test(t);
}

/** One cell's input for `range.formulas`: "" leaves it blank. */
export function toCellInput(value: CellValue | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return needsTextPrefix(value) ? `'${value}` : value;
}

/** The inverse, for tests and the in-memory host: what the cell holds after the write. */
export function fromCellInput(input: string | number): CellValue {
  if (typeof input === 'number') return input;
  if (input === '') return null;
  return input.startsWith("'") ? input.slice(1) : input;
}
