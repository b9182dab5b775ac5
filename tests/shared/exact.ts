/**
 * The slow reference of the property tests: exact decimals with BigInt on a double's exact decimal
 * expansion (every double is a finite decimal), written independently of shared/numbers.ts.
 */
/** x = (neg ? −1 : 1) × digits × 10^exp, exactly (every double is a finite decimal). */
export interface Exact {
  neg: boolean;
  digits: bigint;
  exp: number;
}

export function exact(x: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const e2 = (biased === 0 ? 1 : biased) - 1075;
  // mantissa × 2^e2; for e2 < 0 that is mantissa × 5^−e2 × 10^e2.
  return e2 >= 0 ? { neg, digits: mantissa << BigInt(e2), exp: 0 } : { neg, digits: mantissa * 5n ** BigInt(-e2), exp: e2 };
}

/** digits × 10^exp rounded half away from zero to a multiple of 10^at: returns the multiplier. */
export function roundAt(digits: bigint, exp: number, at: number): bigint {
  if (exp >= at) return digits * 10n ** BigInt(exp - at);
  const q = 10n ** BigInt(at - exp);
  const n = digits / q;
  return (digits % q) * 2n >= q ? n + 1n : n;
}

/** The figure at `d` decimals as a signed count of 10^−d. */
export function refUnits(x: number, d: number): bigint {
  // Documented exception: above the largest 15-digit decimal below Number.MAX_VALUE the digits are cut.
  const TOP = 1.79769313486231e308;
  const e = exact(Math.abs(x) > TOP ? Math.sign(x) * TOP : x);
  if (e.digits === 0n) return 0n;
  const at15 = e.digits.toString().length + e.exp - 15;
  const shown = roundAt(e.digits, e.exp, at15); // 15 significant digits
  const units = roundAt(shown, at15, -d);
  return e.neg ? -units : units;
}

export function refRound(x: number, d: number): number {
  const u = refUnits(x, d);
  return u === 0n ? 0 : Number(`${u}e-${d}`);
}

/** `x` moved by `ulps` units in the last place (through zero to the smallest subnormal). */
export function step(x: number, ulps: number): number {
  const view = new DataView(new ArrayBuffer(8));
  let v = x;
  for (let i = 0; i < Math.abs(ulps); i++) {
    if (v === 0) {
      v = ulps > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
      continue;
    }
    view.setFloat64(0, v);
    const up = ulps > 0 === v > 0;
    view.setBigUint64(0, view.getBigUint64(0) + (up ? 1n : -1n));
    v = view.getFloat64(0);
  }
  return v;
}
