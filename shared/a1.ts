/** A1-style address arithmetic (columns A..XFD, rows from 1). Pure; shared by the add-in (plan, reader), the console's sheet table, the worker's screening and tests. */

/** "A" → 1, "I" → 9, "AA" → 27. */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1 → "A", 27 → "AA". */
export function colLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export interface CellRef {
  col: number;
  row: number;
}

/** "E5" (or "$E$5") → { col: 5, row: 5 }. */
export function parseCell(address: string): CellRef {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(address.trim());
  if (!m) throw new Error(`Địa chỉ ô không hợp lệ: “${address}”.`);
  return { col: colIndex(m[1]), row: Number(m[2]) };
}

export function cellAddress(col: number, row: number): string {
  return `${colLetter(col)}${row}`;
}

/** "A1" for one cell, "A1:B2" otherwise. */
export function rangeAddress(c1: number, r1: number, c2: number, r2: number): string {
  const a = cellAddress(c1, r1);
  return c1 === c2 && r1 === r2 ? a : `${a}:${cellAddress(c2, r2)}`;
}

export interface RangeRef {
  c1: number;
  r1: number;
  c2: number;
  r2: number;
}

/** "A1:B2" or "E5" → corners. */
export function parseRange(address: string): RangeRef {
  const [a, b = a] = address.split(':');
  const p = parseCell(a);
  const q = parseCell(b);
  return { c1: Math.min(p.col, q.col), r1: Math.min(p.row, q.row), c2: Math.max(p.col, q.col), r2: Math.max(p.row, q.row) };
}

/** Every cell of a range, row by row. */
export function expandRange(address: string): string[] {
  const { c1, r1, c2, r2 } = parseRange(address);
  const out: string[] = [];
  for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) out.push(cellAddress(c, r));
  return out;
}
