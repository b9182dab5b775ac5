/**
 * A problem with a submitted file, in one shape and one wording for the worker (reports beside
 * rejected files, the ledger, the appendix's lists, the console) and the task pane (the receiving
 * side's answer): what is wrong, and where — the sheet and cell when there is one.
 */
import { SHEET_NAME } from './layout.ts';

/** One thing wrong (or to look at) in a file, where it is. */
export interface Problem {
  sheet?: string;
  cell?: string;
  indicator?: string;
  message: string;
}

/** A cell address as a problem may name it ("E6", case ignored), upper-cased; undefined when it is not one. */
export function cellAddressOf(cell: string | undefined): string | undefined {
  return cell && /^[A-Z]{1,3}[1-9]\d*$/i.test(cell) ? cell.toUpperCase() : undefined;
}

/** Where a problem is, in words: “Ô G6” on the template's sheet, “Trang “X”, ô B2” elsewhere, "" when nowhere in particular. */
export function problemPlace(p: Pick<Problem, 'sheet' | 'cell'>): string {
  const cell = cellAddressOf(p.cell) ?? p.cell;
  if (cell && (!p.sheet || p.sheet === SHEET_NAME)) return `Ô ${cell}`;
  if (p.sheet) return `Trang “${p.sheet}”${cell ? `, ô ${cell}` : ''}`;
  return '';
}

/** "Ô G5: …" or "Trang “X”, ô B2: …" or the message alone. */
export function describeProblem(p: Problem): string {
  const place = problemPlace(p);
  return place ? `${place}: ${p.message}` : p.message;
}
