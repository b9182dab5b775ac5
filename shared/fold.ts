/**
 * Vietnamese text folded for comparison, character for character (the same length as the text, so
 * an offset found in one is an offset in the other): lower case, one kind of space, one tone
 * placement (old style “hoá”, “thuỷ” → “hóa”, “thủy”) and “tỷ” for “tỉ”. Read by the proposal of a
 * catalogue (catalog-propose-words.ts) and by the check of a draft report (worker/report/text.ts).
 */

/** Tone on the second vowel of an open "oa", "oe", "uy" (old style "hoá", "thuỷ") → first ("hóa", "thủy"). */
const OLD_TONE: Record<string, Record<string, string>> = {
  o: { à: 'ò', á: 'ó', ả: 'ỏ', ã: 'õ', ạ: 'ọ', è: 'ò', é: 'ó', ẻ: 'ỏ', ẽ: 'õ', ẹ: 'ọ' },
  u: { ỳ: 'ù', ý: 'ú', ỷ: 'ủ', ỹ: 'ũ', ỵ: 'ụ' },
};
const BASE_OF: Record<string, string> = {
  à: 'a',
  á: 'a',
  ả: 'a',
  ã: 'a',
  ạ: 'a',
  è: 'e',
  é: 'e',
  ẻ: 'e',
  ẽ: 'e',
  ẹ: 'e',
  ỳ: 'y',
  ý: 'y',
  ỷ: 'y',
  ỹ: 'y',
  ỵ: 'y',
};
const LETTER = /[\p{L}\p{N}]/u;

/**
 * `fold(s).length === s.length` for NFC text. Every kind of space becomes " "; with `lines`, a line
 * break stays a line break.
 */
export function fold(text: string, o: { lines?: boolean } = {}): string {
  const chars = [...text].map((c) => {
    if (/^[\s\u00a0\u202f]$/u.test(c)) return o.lines && c === '\n' ? '\n' : ' ';
    const l = c.toLowerCase();
    return l.length === c.length ? l : c;
  });
  for (let i = 0; i + 1 < chars.length; i++) {
    const moved = OLD_TONE[chars[i]]?.[chars[i + 1]];
    const open = !LETTER.test(chars[i + 2] ?? ' ');
    if (moved && open && chars[i - 1] !== 'q') {
      chars[i] = moved;
      chars[i + 1] = BASE_OF[chars[i + 1]];
    }
  }
  return chars.join('').replace(/(?<![\p{L}\p{N}])tỉ(?![\p{L}\p{N}])/gu, 'tỷ');
}
