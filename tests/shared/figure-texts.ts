/**
 * Random texts an officer might type into a figure cell (issue 18): words (the affixes of
 * ACTUAL_AFFIXES, unit words, other words, “năm 2023”), numbers written the Vietnamese way with and
 * without signs, every kind of space and footnote marks, with the numbers the text puts in.
 */
import fc from 'fast-check';
import { formatVnNumber } from '../../shared/numbers.ts';

/** One piece of a generated text and the numbers it puts in (signed as typed). */
interface Part {
  text: string;
  numbers: number[];
  kind: 'word' | 'number' | 'mark';
}

const AFFIXES = [
  'Ước đạt',
  'ước đạt',
  'Giảm còn',
  'giảm còn',
  'Tăng',
  'tăng',
  'TĂNG',
  'Giảm',
  'giảm',
  'Dưới',
  'dưới',
  'Trên',
  'trên',
  'Đạt',
  'đạt',
  'ĐẠT',
  'khoảng',
  'Khoảng',
  '%',
];
const UNIT_WORDS = ['người', 'tấn', 'nhà', 'ha', 'lao động', 'triệu đồng', 'Tỷ đồng', 'tiêu chí', 'xã'];
const OTHER_WORDS = ['khoảng', 'so với', 'kế hoạch', 'so với kế hoạch', 'cùng kỳ', 'ước', 'và', 'bằng', 'còn'];
const MARKS = ['⁷⁴', '⁷⁵', '⁷⁶', '¹', '²³', '⁷⁴ ⁷⁵'];
/** Between two parts: nothing, spaces of every kind the sheet knows, runs of them, and a thin space (U+2009), which is not one. */
const SEPARATORS = ['', ' ', ' ', ' ', '  ', '\u00a0', '\u202f', '\n', '\t', ' \u00a0', '\r\n', '\u2009'];
const SIGNS = ['', '', '', '-', '−', '+', '− ', '- ', '−\u00a0'];

const word: fc.Arbitrary<Part> = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...AFFIXES) },
    { weight: 2, arbitrary: fc.constantFrom(...UNIT_WORDS) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_WORDS) },
  )
  .map((text) => ({ text, numbers: [], kind: 'word' }));

/** “năm 2023”: a word with a number in it, which counts as a number put in. */
const year: fc.Arbitrary<Part> = fc.constantFrom(2022, 2023, 2024).map((y) => ({ text: `năm ${y}`, numbers: [y], kind: 'word' }));

const number: fc.Arbitrary<Part> = fc
  .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(...SIGNS))
  .map(([k, d, sign]) => {
    const v = k / 10 ** d;
    const negative = sign.startsWith('-') || sign.startsWith('−');
    return { text: `${sign}${formatVnNumber(v, d)}`, numbers: [negative ? -v : v], kind: 'number' };
  });

const mark: fc.Arbitrary<Part> = fc.constantFrom(...MARKS).map((text) => ({ text, numbers: [], kind: 'mark' }));

/** A “/…” tail (“80/100 dân”): read as nothing, so its numbers are not counted. */
const tail = fc.option(fc.constantFrom('/100 dân', '/100', '/ 6 phường', '/năm'), { nil: undefined });

export interface FigureText {
  text: string;
  numbers: number[];
  decrease: boolean;
}

export const figureText: fc.Arbitrary<FigureText> = fc
  .record({
    parts: fc.array(
      fc.oneof({ weight: 4, arbitrary: word }, { weight: 4, arbitrary: number }, { weight: 1, arbitrary: year }, { weight: 1, arbitrary: mark }),
      { minLength: 1, maxLength: 5 },
    ),
    gaps: fc.array(fc.constantFrom(...SEPARATORS), { minLength: 7, maxLength: 7 }),
    lead: fc.option(fc.constantFrom('Giảm', 'giảm', 'GIẢM', 'Giảm còn', 'Tăng', 'Ước đạt'), { freq: 3, nil: undefined }),
    tail,
  })
  .map(({ parts: words, gaps, lead, tail: t }) => {
    const parts = lead === undefined ? words : [{ text: lead, numbers: [], kind: 'word' } as Part, ...words];
    let text = gaps[0];
    parts.forEach((p, k) => {
      if (k > 0) {
        // Two numbers with nothing between them are one number as typed (“942” “78,5” → “94278,5”).
        const gap = gaps[k] === '' && parts[k - 1].kind === 'number' && p.kind === 'number' ? ' ' : gaps[k];
        text += gap;
      }
      text += p.text;
    });
    text += (t ?? '') + gaps[6];
    // “Giảm 5%” is a decrease of 5; “Giảm còn 2%” (however spaced) is the level 2.
    const decrease = /^[ \u00a0\u202f\t\n\r]*giảm(?![ \u00a0\u202f\t\n\r]*còn)/i.test(text);
    return { text, numbers: parts.flatMap((p) => p.numbers), decrease };
  });
