/**
 * Property tests (fast-check) for everything that turns a cell into a printed figure or a status:
 * numbers.ts, target.ts and assess.ts against slow references written independently, with BigInt on
 * the double's exact decimal expansion (exact.ts, and the assessment rule here).
 *
 * The rule under test (docs/catalog-format.md): a figure is its 15 significant digits (what Excel
 * shows), rounded half away from zero at the reporting precision, in decimal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, type Status } from '../../shared/assess.ts';
import { formatNumberVi, formatVnNumber, parseVnNumber, roundTo } from '../../shared/numbers.ts';
import { parseTarget, readActual, type Target } from '../../shared/target.ts';
import { refRound, refUnits, step } from './exact.ts';

/** The assessment rule read off the 2023 report, on exact integers of 10^−d. */
function refAssess(t: Exclude<Target, { kind: 'none' }>, x: number, d: number): Status {
  const a = refUnits(x, d);
  if (t.kind === 'range') {
    const lo = refUnits(t.min, d);
    const hi = refUnits(t.max, d);
    if (a < lo) return 'khong_dat';
    if (a > hi) return 'vuot';
    return 'dat';
  }
  const p = refUnits(t.value, d);
  const better = t.direction === 'higher' ? a > p : a < p;
  if (t.kind === 'maintain') return better || a === p ? 'dat' : 'khong_dat';
  if (better) return 'vuot';
  return a === p ? 'dat' : 'khong_dat';
}

// ---------------------------------------------------------------------------------------------
// Values across all magnitudes, and values where rounding is decided.

const decimals = fc.integer({ min: 0, max: 6 });
const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
/** A few digits at some scale: the figures officers type. */
const typed = fc.tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: 0, max: 9 })).map(([k, m]) => k / 10 ** m);
/** k + ½ units of 10^−d, and a few ulps either side. */
const boundary = fc
  .tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), decimals, fc.integer({ min: -3, max: 3 }))
  .map(([k, d, ulps]) => step((k + 0.5) / 10 ** d, ulps));
/** A 15-digit cut that is exactly ½ (the 16th significant digit a 5), and its neighbours. */
const fifteenDigitTie = fc
  .tuple(fc.integer({ min: 100_000_000_000_000, max: 999_999_999_999_999 }), fc.integer({ min: -20, max: 5 }), fc.integer({ min: -2, max: 2 }))
  .map(([k, e, ulps]) => step(Number(`${k}5e${e}`), ulps));
const value = fc.oneof(anyDouble, fc.integer(), fc.maxSafeInteger(), typed, boundary, fifteenDigitTie);

const RUNS = { numRuns: 3000 };

describe('rounding at the reporting precision', () => {
  it('roundTo agrees with exact decimal arithmetic for any finite double', () => {
    fc.assert(
      fc.property(value, decimals, (x, d) => Object.is(roundTo(x, d), refRound(x, d))),
      RUNS,
    );
  });

  it('is never NaN, never −0, idempotent, and symmetric around zero', () => {
    fc.assert(
      fc.property(value, decimals, (x, d) => {
        const r = roundTo(x, d);
        return Number.isFinite(r) && !Object.is(r, -0) && roundTo(r, d) === r && roundTo(-x, d) === (r === 0 ? 0 : -r);
      }),
      RUNS,
    );
  });
});

describe('printing and reading back', () => {
  it('formatVnNumber then parseVnNumber gives back the value rounded at that precision', () => {
    fc.assert(
      fc.property(value, decimals, (x, d) => {
        const text = formatVnNumber(x, d);
        expect(text).toMatch(d === 0 ? /^-?\d{1,3}(\.\d{3})*$/ : new RegExp(`^-?\\d{1,3}(\\.\\d{3})*,\\d{${d}}$`));
        expect(parseVnNumber(text)).toEqual({ ok: true, value: { value: roundTo(x, d), decimals: d } });
      }),
      RUNS,
    );
  });

  it('the same with the real minus for people (formatNumberVi)', () => {
    fc.assert(
      fc.property(value, decimals, (x, d) => {
        const text = formatNumberVi(x, d);
        expect(text.includes('-')).toBe(false);
        expect(parseVnNumber(text)).toEqual({ ok: true, value: { value: roundTo(x, d), decimals: d } });
      }),
      RUNS,
    );
  });

  it('without a precision it shows the 15 significant digits, and reads them back', () => {
    fc.assert(
      fc.property(value, (x) => {
        const text = formatVnNumber(x);
        expect(text).not.toMatch(/e|NaN|Infinity/i);
        // An independent reference: JavaScript's own 15-digit rounding of x, which overflows to
        // Infinity above 1,79769313486231e308 — there the digits are cut (shared/numbers.ts says so).
        const rounded = Number(x.toPrecision(15));
        const reference = Number.isFinite(rounded) ? rounded : Math.sign(x) * 1.79769313486231e308;
        const fraction = text.split(',')[1] ?? '';
        const back = parseVnNumber(text);
        expect(back).toEqual({ ok: true, value: { value: reference === 0 ? 0 : reference, decimals: fraction.length } });
        // No more than 15 significant digits shown (the zeros that only place the comma do not count).
        const significant = text.replace(/\D/g, '').replace(/^0+/, '').replace(/0+$/, '');
        expect(significant.length).toBeLessThanOrEqual(15);
      }),
      { numRuns: 1000 },
    );
  });

  it('a figure printed at its precision and typed back as text gets the same status', () => {
    fc.assert(
      fc.property(target(), value, decimals, (t, x, d) => {
        const asNumber = assess(t, readActual(x), d).status;
        return assess(t, readActual(formatVnNumber(x, d)), d).status === asNumber && assess(t, readActual(formatNumberVi(x, d)), d).status === asNumber;
      }),
      RUNS,
    );
  });
});

function target(): fc.Arbitrary<Exclude<Target, { kind: 'none' }>> {
  const v = fc.oneof(typed, boundary, anyDouble);
  return fc.oneof(
    fc.record({ kind: fc.constant('threshold' as const), direction: fc.constantFrom('higher' as const, 'lower' as const), value: v }),
    fc.record({ kind: fc.constant('maintain' as const), direction: fc.constantFrom('higher' as const, 'lower' as const), value: v }),
    fc.tuple(v, v).map(([a, b]) => ({ kind: 'range' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  );
}

describe('the assessment rule', () => {
  it('agrees with the rule written independently on exact decimals', () => {
    fc.assert(
      fc.property(target(), value, decimals, (t, x, d) => {
        expect(assess(t, { kind: 'number', value: x, decimals: null }, d).status).toBe(refAssess(t, x, d));
      }),
      RUNS,
    );
  });

  // Two ulps are at most 4.4e-16 of the value, less than half the 15th digit (at least 5e-16 of it).
  it('one or two ulps either side of the plan are equal to it at the precision', () => {
    fc.assert(
      fc.property(target(), decimals, fc.integer({ min: -2, max: 2 }), (t, d, ulps) => {
        const at = t.kind === 'range' ? t.min : t.value;
        const x = step(roundTo(at, d), ulps);
        expect(assess(t, { kind: 'number', value: x, decimals: null }, d).status).toBe(refAssess(t, x, d));
        expect(assess(t, { kind: 'number', value: x, decimals: null }, d).status).toBe(
          assess(t, { kind: 'number', value: roundTo(at, d), decimals: null }, d).status,
        );
      }),
      RUNS,
    );
  });
});

describe('printed targets read back', () => {
  /** A plan figure as the planning office writes it: up to 12 digits, 0–3 decimals. */
  const planNumber = fc.tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 3 })).map(([k, d]) => ({ v: k / 10 ** d, d }));
  const f = ({ v, d }: { v: number; d: number }) => formatVnNumber(v, d);
  const exactSum = (...xs: { v: number; d: number }[]) => xs.reduce((acc, x) => acc + refUnits(x.v, 3), 0n);
  const fromUnits3 = (u: bigint) => Number(`${u}e-3`);

  it('single figures in every printed form', () => {
    fc.assert(
      fc.property(planNumber, (n) => {
        const cases: [string, Target][] = [
          [`> ${f(n)}`, { kind: 'threshold', direction: 'higher', value: n.v }],
          [`Tăng trên ${f(n)}%`, { kind: 'threshold', direction: 'higher', value: n.v }],
          [`Trên ${f(n)} triệu đồng`, { kind: 'threshold', direction: 'higher', value: n.v }],
          [`Giảm còn dưới ${f(n)}%`, { kind: 'threshold', direction: 'lower', value: n.v }],
          [`Duy trì trên ${f(n)}`, { kind: 'maintain', direction: 'higher', value: n.v }],
          [`${f(n)}/100 dân`, { kind: 'threshold', direction: 'higher', value: n.v }],
          [`Tăng ${formatNumberVi(-n.v, n.d)}%`, { kind: 'threshold', direction: 'higher', value: n.v === 0 ? 0 : -n.v }],
        ];
        for (const [text, t] of cases) expect(parseTarget(text), text).toEqual({ ok: true, value: t });
      }),
      { numRuns: 500 },
    );
  });

  it('ranges and sums of parts ("Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà")', () => {
    fc.assert(
      fc.property(planNumber, planNumber, planNumber, (a, b, c) => {
        const [lo, hi] = refUnits(b.v, 3) <= refUnits(c.v, 3) ? [b, c] : [c, b];
        expect(parseTarget(`${f(lo)}-${f(hi)} nhà`)).toEqual({ ok: true, value: { kind: 'range', min: lo.v, max: hi.v } });
        expect(parseTarget(`Khởi công ${f(a)} nhà; sửa chữa, nâng cấp ${f(lo)}-${f(hi)} nhà`)).toEqual({
          ok: true,
          value: { kind: 'range', min: fromUnits3(exactSum(a, lo)), max: fromUnits3(exactSum(a, hi)) },
        });
      }),
      { numRuns: 500 },
    );
  });
});
