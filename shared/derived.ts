/**
 * Derived figures, as the report writes them beside each figure: percent of the plan (“đạt 87,9%
 * so với kế hoạch”, “tăng 56,37% so với kế hoạch”), percent of the same period last year (“tăng
 * 6,45% so với cùng kỳ”, “bằng 85% so với cùng kỳ”), and, for a 6- or 9-month period, progress
 * toward the annual plan (“đạt 54,6% KH năm”). Also which target and which rule a period uses
 * (periodRule), since the percent of plan depends on it.
 *
 * Precision (docs/catalog-format.md, “Figures and precision”): the figure and its base are first
 * taken at the indicator's reporting precision (roundTo at `decimals`), exactly as the assessment
 * compares them; their ratio × 100 is then rounded the same way at PERCENT_DECIMALS (15 significant
 * digits, then half away from zero in decimal). So 301,011 / 192,5 gives 156,37 at any magnitude,
 * and a figure equal to its plan as reported gives exactly 100.
 *
 * For the Word renderer: for one row, call
 *   derivedFigures(indicator, value, period, { lastYear })      // numbers, or undefined when not meaningful
 * and write them with planPhrase / lastYearPhrase / progressPhrase / changePhrase, or formatPercent
 * for a table cell. `value` is the number read from the submission (RowResult.actual.value);
 * `lastYear` is optional (e.g. read from the previous year's ledger) and otherwise comes from the
 * catalogue's `lastYear`. Everything here is pure and never returns NaN or an infinity.
 */
import type { Indicator, Period } from './catalog.ts';
import { decimalsOf, formatNumberVi, roundTo, withUnit } from './numbers.ts';
import { lastYearKey, periodBasis, type Basis } from './period.ts';
import type { Target } from './target.ts';

export type { Basis } from './period.ts';

/** Decimals of every derived percentage (the report writes 87,9%, 82,31%, 156,37%). */
export const PERCENT_DECIMALS = 2;

/** What an indicator's figure is (catalogue field `indicators[].measure`). */
export type Measure = 'total' | 'level';

/** The rule one indicator follows in one period. */
export interface PeriodRule {
  /** The target the figure is judged against: the period's own, or the annual plan. */
  target: Target;
  /** "plan": Vượt/Đạt/Không đạt KH (today's rule); "progress": toward the annual plan, never “Không đạt KH” before the cap is passed. */
  basis: Basis;
  measure: Measure;
  /** The period's own plan, when the catalogue gives one (`indicators[].periodPlans`). */
  own?: { periodId: string; plan: string };
}

/**
 * The year's estimate and the final year: against the annual plan. A 6- or 9-month period: against
 * the indicator's own target for that period when the catalogue gives one (by today's rule), else as
 * progress toward the annual plan. Without a period: the annual plan.
 */
export function periodRule(ind: Indicator, period?: Pick<Period, 'id' | 'assessment'>): PeriodRule {
  const measure: Measure = ind.measure ?? 'total';
  if (!period || periodBasis(period) === 'plan') return { target: ind.target as Target, basis: 'plan', measure };
  const own = ind.periodPlans?.[period.id];
  if (own) return { target: own.target as Target, basis: 'plan', measure, own: { periodId: period.id, plan: own.plan } };
  return { target: ind.target as Target, basis: 'progress', measure };
}

/**
 * value / base × 100 at `decimals` (roundTo). Undefined when the base is not positive or the
 * ratio is beyond any double. The caller rounds value and base at the reporting precision first
 * (percentAtPrecision does).
 */
export function percentOf(value: number, base: number, decimals = PERCENT_DECIMALS): number | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(base) || !(base > 0)) return undefined;
  const ratio = (value / base) * 100;
  return Number.isFinite(ratio) ? roundTo(ratio, decimals) : undefined;
}

/** percentOf of the figure and its base, both taken at the reporting precision `decimals` first. */
export function percentAtPrecision(value: number, base: number, decimals: number, percentDecimals = PERCENT_DECIMALS): number | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(base)) return undefined;
  return percentOf(roundTo(value, decimals), roundTo(base, decimals), percentDecimals);
}

/** The figure a plan is reached at: the threshold, or the lower end of a range; none when not assessed. */
export function planReference(target: Target): number | undefined {
  if (target.kind === 'none') return undefined;
  return target.kind === 'range' ? target.min : target.value;
}

/** A plan the figure must reach from below (higher is better, or a range): the only kind a share of it means something for. */
export function isReachedFromBelow(target: Target): boolean {
  return target.kind === 'range' || (target.kind !== 'none' && target.direction === 'higher');
}

/** Last year's figure for the same period, from the catalogue. */
export function lastYearFigure(ind: Indicator, period: Pick<Period, 'id'>): number | undefined {
  return ind.lastYear?.[lastYearKey(period)]?.value;
}

export interface DerivedFigures {
  /**
   * Percent of the plan the row is judged against (the period's own plan, else the annual plan).
   * Only for a total (`measure` "total") with a plan to reach from below and above zero: a share of
   * a rate or of a ceiling is not a figure the report prints.
   */
  percentOfPlan?: number;
  /** Percent of the annual plan, on the same terms (in a mid-year period: the progress). */
  percentOfAnnualPlan?: number;
  /** Last year's figure used (the option, else the catalogue's). */
  lastYear?: number;
  /** Percent of last year's figure, for a total with a positive figure last year. */
  percentOfLastYear?: number;
  /** The figure minus last year's, at the reporting precision (for a level: “tăng 2 tiêu chí”). */
  changeFromLastYear?: number;
}

/** The derived figures of one row's number (see DerivedFigures for when each is given). */
export function derivedFigures(ind: Indicator, value: number, period?: Pick<Period, 'id' | 'assessment'>, opts: { lastYear?: number } = {}): DerivedFigures {
  const out: DerivedFigures = {};
  if (!Number.isFinite(value)) return out;
  const d = ind.decimals;
  const total = (ind.measure ?? 'total') === 'total';
  const share = (t: Target): number | undefined => {
    const ref = planReference(t);
    return total && ref !== undefined && isReachedFromBelow(t) ? percentAtPrecision(value, ref, d) : undefined;
  };
  const rule = periodRule(ind, period);
  const ofPlan = share(rule.target);
  if (ofPlan !== undefined) out.percentOfPlan = ofPlan;
  const ofAnnual = share(ind.target as Target);
  if (ofAnnual !== undefined) out.percentOfAnnualPlan = ofAnnual;
  const last = opts.lastYear ?? (period ? lastYearFigure(ind, period) : ind.lastYear?.nam?.value);
  if (last !== undefined && Number.isFinite(last)) {
    out.lastYear = last;
    if (total) {
      const p = percentAtPrecision(value, last, d);
      if (p !== undefined) out.percentOfLastYear = p;
    }
    const change = roundTo(roundTo(value, d) - roundTo(last, d), d);
    if (Number.isFinite(change)) out.changeFromLastYear = change;
  }
  return out;
}

/** A percentage the Vietnamese way, no space before “%”: 87.9 → "87,9%", −5 → "−5%". */
export function formatPercent(p: number): string {
  return `${formatNumberVi(p)}%`;
}

/** p − 100 (or 100 − p) at p's own decimals, so “tăng 56,37%” always matches the ratio 156,37. */
function beyond100(p: number): number {
  return Math.abs(roundTo(p - 100, decimalsOf(p)));
}

/** “đạt 87,9% so với kế hoạch” below the plan, “tăng 56,37% so với kế hoạch” above it (the report's words). */
export function planPhrase(p: number): string {
  return p > 100 ? `tăng ${formatPercent(beyond100(p))} so với kế hoạch` : `đạt ${formatPercent(p)} so với kế hoạch`;
}

/** “tăng 6,45% so với cùng kỳ” above last year, “bằng 85% so với cùng kỳ” below, “bằng cùng kỳ” equal. */
export function lastYearPhrase(p: number): string {
  if (p > 100) return `tăng ${formatPercent(beyond100(p))} so với cùng kỳ`;
  return p === 100 ? 'bằng cùng kỳ' : `bằng ${formatPercent(p)} so với cùng kỳ`;
}

/** “đạt 54,6% KH năm”: a mid-year figure's progress toward the annual plan. */
export function progressPhrase(p: number): string {
  return `đạt ${formatPercent(p)} KH năm`;
}

/** The Đánh giá cell for a mid-year figure on its way to the annual plan: “Đạt 54,6% KH năm”. */
export function progressLabel(p: number): string {
  return `Đạt ${formatPercent(p)} KH năm`;
}

/**
 * A level's change from last year: “tăng 2 Tiêu chí so với cùng kỳ”, “giảm 0,32 điểm phần trăm so
 * với cùng kỳ” (a rate in % changes by percentage points), “bằng cùng kỳ”.
 */
export function changePhrase(ind: Indicator, change: number): string {
  if (change === 0) return 'bằng cùng kỳ';
  const d = Math.min(decimalsOf(roundTo(change, ind.decimals)), ind.decimals);
  const figure = formatNumberVi(Math.abs(change), d);
  const amount = ind.unit.trim() === '%' ? `${figure} điểm phần trăm` : withUnit(figure, ind.unit);
  return `${change > 0 ? 'tăng' : 'giảm'} ${amount} so với cùng kỳ`;
}
