/**
 * Property tests (fast-check) for the derived figures (shared/derived.ts) and the mid-year rule
 * (shared/assess.ts), over every magnitude: a percentage of a plan or of last year is the exact
 * ratio of the two figures at the reporting precision, rounded by the precision rule; its printed
 * phrase reads back as that figure; a mid-year figure on its way to the annual plan is never
 * “Không đạt KH”.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, statusLabel } from '../../shared/assess.ts';
import { lastYearPhrase, PERCENT_DECIMALS, percentAtPrecision, percentOf, planPhrase, progressLabel } from '../../shared/derived.ts';
import { parseVnNumber, precisionLimit, roundTo } from '../../shared/numbers.ts';
import type { Target } from '../../shared/target.ts';
import { roundAt, refUnits, step } from './exact.ts';

const decimals = fc.integer({ min: 0, max: 6 });
const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const typed = fc.tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: 0, max: 9 })).map(([k, m]) => k / 10 ** m);
const positive = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  fc.integer({ min: 1, max: 1_000_000_000 }),
  typed.filter((x) => x > 0),
);
/** Figures that make a ratio land on a half of the last percent digit: k + ½ hundredths of the base. */
const onAHalf = fc
  .tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: -2, max: 2 }))
  .map(([base, k, ulps]) => ({ base, value: step(((k + 0.5) / 10_000) * base, ulps) }));
const RUNS = { numRuns: 3000 };

/**
 * The percentages the precision rule allows for the figures `uv` / `ub` (counts of 10^−d, ub > 0):
 * the exact ratio × 100, taken to 15 significant digits (half away from zero), then to
 * PERCENT_DECIMALS. The double arithmetic can be off by two ulps (under 0.45 of the 15th digit),
 * so when the part beyond the 15th digit is that close to a half, either neighbour is allowed.
 */
function refPercents(uv: bigint, ub: bigint): number[] {
  if (uv === 0n) return [0];
  const neg = uv < 0n;
  const n = (neg ? -uv : uv) * 100n;
  const scaled = (s: number): [bigint, bigint] => (s >= 0 ? [n * 10n ** BigInt(s), ub] : [n, ub * 10n ** BigInt(-s)]);
  let s = 15 - (n.toString().length - ub.toString().length);
  let [a, b] = scaled(s);
  while ((a / b).toString().length > 15) [a, b] = scaled(--s);
  while ((a / b).toString().length < 15) [a, b] = scaled(++s);
  const q = a / b;
  const twice = 2n * (a % b);
  const distance = twice > b ? twice - b : b - twice; // |2f − 1| × b
  const shown = distance * 100n < 90n * b ? [q, q + 1n] : [twice >= b ? q + 1n : q];
  return [
    ...new Set(
      shown.map((c) => {
        const units = roundAt(c, -s, -PERCENT_DECIMALS);
        const v = units === 0n ? 0 : Number(`${units}e-${PERCENT_DECIMALS}`);
        return neg && v !== 0 ? -v : v;
      }),
    ),
  ];
}

describe('percent of a base at the precision rule', () => {
  it('is the exact ratio of the figures as reported, rounded by the rule, for any magnitude', () => {
    fc.assert(
      fc.property(fc.oneof(anyDouble, typed), positive, decimals, (value, base, d) => {
        const ub = refUnits(base, d);
        const got = percentAtPrecision(value, base, d);
        if (ub <= 0n) return got === undefined; // the base is 0 at this precision
        const ratio = (roundTo(value, d) / roundTo(base, d)) * 100;
        if (!Number.isFinite(ratio)) return got === undefined;
        if (Math.abs(ratio) > 1e306) return true; // next to overflow: the double may be either side
        expect(refPercents(refUnits(value, d), ub)).toContain(got);
        return true;
      }),
      RUNS,
    );
  });

  it('on a half of the last percent digit it rounds half away from zero, as the report writes it', () => {
    fc.assert(
      fc.property(onAHalf, ({ base, value }) => {
        const got = percentAtPrecision(value, base, 6);
        expect(refPercents(refUnits(value, 6), refUnits(base, 6))).toContain(got);
      }),
      RUNS,
    );
  });

  it('a figure equal to its base as reported is exactly 100, at any magnitude within the precision limit', () => {
    fc.assert(
      fc.property(positive, decimals, fc.integer({ min: -2, max: 2 }), (x, d, ulps) => {
        const base = roundTo(Math.min(x, precisionLimit(d)), d);
        fc.pre(base > 0);
        expect(percentAtPrecision(step(base, ulps), base, d)).toBe(100);
      }),
      RUNS,
    );
  });

  it('never NaN or an infinity; undefined for a base that is not positive', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, (v, b) => {
        const p = percentOf(v, b);
        if (!(b > 0)) return p === undefined;
        return p === undefined || Number.isFinite(p);
      }),
      RUNS,
    );
  });

  it('grows with the figure', () => {
    fc.assert(
      fc.property(fc.oneof(anyDouble, typed), fc.oneof(anyDouble, typed), positive, decimals, (a, b, base, d) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pl = percentAtPrecision(lo, base, d);
        const ph = percentAtPrecision(hi, base, d);
        return pl === undefined || ph === undefined || pl <= ph;
      }),
      RUNS,
    );
  });
});

describe('the phrases read back as the figure', () => {
  const percent = fc.oneof(typed, anyDouble).map((x) => roundTo(x, PERCENT_DECIMALS));
  const read = (text: string, re: RegExp): number => {
    const m = re.exec(text);
    expect(m, text).not.toBeNull();
    const r = parseVnNumber(m![1]);
    expect(r.ok, text).toBe(true);
    return r.ok ? r.value.value : NaN;
  };

  it('“tăng X% so với kế hoạch” is X + 100 = the ratio; “đạt X%” is the ratio', () => {
    fc.assert(
      fc.property(percent, (p) => {
        const text = planPhrase(p);
        expect(text).not.toMatch(/e[+-]|NaN|Infinity/);
        if (p > 100) expect(roundTo(read(text, /^tăng (.+)% so với kế hoạch$/) + 100, PERCENT_DECIMALS)).toBe(p);
        else expect(read(text.replace('−', '-'), /^đạt (.+)% so với kế hoạch$/)).toBe(p);
      }),
      RUNS,
    );
  });

  it('“tăng X% so với cùng kỳ” above last year, “bằng X%” below', () => {
    fc.assert(
      fc.property(percent, (p) => {
        const text = lastYearPhrase(p);
        if (p > 100) expect(roundTo(read(text, /^tăng (.+)% so với cùng kỳ$/) + 100, PERCENT_DECIMALS)).toBe(p);
        else if (p === 100) expect(text).toBe('bằng cùng kỳ');
        else expect(read(text.replace('−', '-'), /^bằng (.+)% so với cùng kỳ$/)).toBe(p);
      }),
      RUNS,
    );
  });
});

describe('mid-year: progress toward the annual plan', () => {
  const reached = fc.oneof(
    fc.record({ kind: fc.constant('threshold' as const), direction: fc.constant('higher' as const), value: fc.oneof(typed, positive) }),
    fc.record({ kind: fc.constant('maintain' as const), direction: fc.constant('higher' as const), value: fc.oneof(typed, positive) }),
    fc.tuple(fc.oneof(typed, positive), fc.oneof(typed, positive)).map(([a, b]) => ({ kind: 'range' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  ) as fc.Arbitrary<Exclude<Target, { kind: 'none' }>>;
  const figure = fc.oneof(anyDouble, typed);

  it('a total below the plan is on its way, shown as its share of the plan; at or above it, judged as in the year', () => {
    fc.assert(
      fc.property(reached, figure, decimals, (t, x, d) => {
        const actual = { kind: 'number' as const, value: x, decimals: null };
        const year = assess(t, actual, d);
        const mid = assess(t, actual, d, 'progress', 'total');
        expect(mid.status).not.toBe('khong_dat');
        if (year.status !== 'khong_dat') {
          expect(mid).toEqual(year);
          return;
        }
        expect(mid.status).toBe('tien_do');
        const ref = roundTo(t.kind === 'range' ? t.min : t.value, d);
        const r = roundTo(x, d);
        if (ref > 0 && r >= 0) {
          expect(mid.progress).toBe(percentAtPrecision(x, ref, d));
          expect(statusLabel(mid)).toBe(progressLabel(mid.progress!));
          expect(mid.progress!).toBeLessThanOrEqual(100);
        } else {
          expect(mid.progress).toBeUndefined();
          expect(statusLabel(mid)).toBe('');
        }
      }),
      RUNS,
    );
  });

  it('a level below the plan is left blank, never “Không đạt KH”', () => {
    const anyTarget = fc.oneof(reached, fc.record({ kind: fc.constant('threshold' as const), direction: fc.constant('lower' as const), value: typed }));
    fc.assert(
      fc.property(anyTarget, figure, decimals, (t, x, d) => {
        const actual = { kind: 'number' as const, value: x, decimals: null };
        const year = assess(t, actual, d);
        const mid = assess(t, actual, d, 'progress', 'level');
        expect(mid).toEqual(year.status === 'khong_dat' ? { status: 'tien_do' } : year);
      }),
      RUNS,
    );
  });

  it('a total with a ceiling is “Không đạt KH” only once past it', () => {
    fc.assert(
      fc.property(typed, figure, decimals, (cap, x, d) => {
        const t: Target = { kind: 'threshold', direction: 'lower', value: cap };
        const mid = assess(t, { kind: 'number', value: x, decimals: null }, d, 'progress', 'total');
        expect(mid.status).toBe(roundTo(x, d) > roundTo(cap, d) ? 'khong_dat' : 'tien_do');
      }),
      RUNS,
    );
  });
});
