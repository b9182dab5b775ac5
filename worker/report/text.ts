/**
 * Text helpers for reading a report's prose: a folded form for matching (same length as the text,
 * so an offset found in one is an offset in the other), phrase patterns, and sentence quotes.
 */

import { fold as foldText } from '../../shared/fold.ts';

/** Folded for matching (shared/fold.ts), line breaks kept: `fold(s).length === s.length` for NFC text. */
export function fold(text: string): string {
  return foldText(text, { lines: true });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A pattern for a phrase in folded text: any run of spaces for a space, optional spaces around
 * commas, slashes and dashes, and whole words only.
 */
export function phrasePattern(phrase: string): RegExp {
  const body = fold(phrase.normalize('NFC').trim())
    .split(/\s+/)
    .map((w) =>
      escapeRegExp(w)
        .replace(/,/g, ',\\s*')
        .replace(/\//g, '\\s*/\\s*')
        .replace(/^[-–]$/, '[-–]'),
    )
    .join('\\s+')
    .replace(/,\\s\*\\s\+/g, ',\\s*')
    .replace(/\\s\+\[-–\]\\s\+/g, '\\s*[-–]\\s*');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'gu');
}

/**
 * The clause around an offset: it ends at ". " (not a decimal or thousands dot), "!", "?", ";" or
 * a line break (administrative prose lists its figures in clauses separated by ";").
 */
export function sentenceBounds(text: string, at: number): { start: number; end: number } {
  const isEnd = (i: number) => {
    const c = text[i];
    if (c === '\n' || c === ';') return true;
    if (c !== '.' && c !== '!' && c !== '?') return false;
    const next = text[i + 1];
    return next === undefined || /\s/.test(next);
  };
  let start = at;
  while (start > 0 && !isEnd(start - 1)) start--;
  let end = at;
  while (end < text.length && !isEnd(end)) end++;
  return { start, end: Math.min(text.length, end + 1) };
}

/** The sentence around a span, trimmed to about `max` characters around it ("…" where cut). */
export function quoteAround(text: string, start: number, end: number, max = 240): string {
  const b = sentenceBounds(text, start);
  let from = b.start;
  let to = Math.max(b.end, Math.min(text.length, end));
  let head = '';
  let tail = '';
  if (to - from > max) {
    const room = Math.max(0, max - (end - start));
    const newFrom = Math.max(from, start - Math.floor(room / 2));
    const newTo = Math.min(to, end + (room - (start - newFrom)));
    if (newFrom > from) head = '…';
    if (newTo < to) tail = '…';
    from = newFrom;
    to = newTo;
  }
  return `${head}${text.slice(from, to).replace(/\s+/g, ' ').trim()}${tail}`;
}
