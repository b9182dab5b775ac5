/**
 * The assessment rule (Đánh giá), as the 2023 report applies it, and its mid-year form. Its twin,
 * the Excel formula in the sheet, is generated in formula.ts; tests recalculate that formula in
 * LibreOffice and keep the two equal.
 *
 * Against a plan (the year's estimate, the final year, a mid-year period's own target): better
 * than the plan → Vượt KH, equal → Đạt KH, worse → Không đạt KH. As progress toward the annual
 * plan (a 6- or 9-month period without a target of its own): a figure that has already reached
 * the annual plan is Vượt KH or Đạt KH as above; one that has not is on its way (`tien_do`), shown
 * as its share of the plan (“Đạt 54,6% KH năm”) when it is a total reaching a positive plan from
 * below, else left blank, and never “Không đạt KH” — except a total with a ceiling (lower is
 * better) that has already passed it, which cannot come back within the year.
 */
import { percentOf, planReference, progressLabel, isReachedFromBelow, type Basis, type Measure } from './derived.ts';
import { roundTo } from './numbers.ts';
import type { Actual, Target } from './target.ts';

export type Status = 'vuot' | 'dat' | 'khong_dat' | 'tien_do' | 'chua_danh_gia' | 'chua_nhap' | 'loi';

/** What the sheet's Đánh giá cell shows for each status (the report's wording); see statusLabel for `tien_do`. */
export const STATUS_LABEL: Record<Status, string> = {
  vuot: 'Vượt KH',
  dat: 'Đạt KH',
  khong_dat: 'Không đạt KH',
  tien_do: '',
  chua_danh_gia: '',
  chua_nhap: '',
  loi: 'Số liệu không hợp lệ',
};

/**
 * A status in words where a blank would say nothing (the pane's badges, the roll-up sheet's lines):
 * the Đánh giá label, and for the statuses the sheet leaves blank, what they are.
 */
export const STATUS_WORD: Record<Status, string> = {
  ...STATUS_LABEL,
  tien_do: 'Đang thực hiện',
  chua_danh_gia: 'Chưa đánh giá',
  chua_nhap: 'Chưa nhập',
};

/** What the Đánh giá cell shows for a figure outside the indicator's bounds (a `loi`: the system refuses it). */
export const OUT_OF_BOUNDS_LABEL = 'Ngoài giới hạn';

/** What a typed figure may be (the catalogue's `bounds`), compared at the reporting precision. */
export interface Bounds {
  min: number;
  max: number;
}

/** The figure at the reporting precision lies outside the bounds (float noise never trips a bound). */
export function outOfBounds(value: number, decimals: number, bounds: Bounds): boolean {
  const v = roundTo(value, decimals);
  return v < bounds.min || v > bounds.max;
}

export interface Assessment {
  status: Status;
  /** Why not assessed, or what is wrong with the figure. */
  reason?: string;
  /** `loi` because the figure lies outside the bounds: the Đánh giá cell says OUT_OF_BOUNDS_LABEL. */
  outOfBounds?: true;
  /** `tien_do`: the figure's percent of the annual plan, when a share means something (see the module comment). */
  progress?: number;
}

/** The Đánh giá cell's text: the status's label, “Ngoài giới hạn”, or “Đạt 54,6% KH năm” for a share of the annual plan. */
export function statusLabel(a: Assessment): string {
  if (a.outOfBounds) return OUT_OF_BOUNDS_LABEL;
  return a.status === 'tien_do' && a.progress !== undefined ? progressLabel(a.progress) : STATUS_LABEL[a.status];
}

/** Where the figure sits against the plan: worse, equal (inside a range) or better. */
export type Position = 'worse' | 'equal' | 'better';

/**
 * The status for each position, by the period's basis and the indicator's measure: the one table
 * both assess() and the sheet's formula (formula.ts) follow.
 */
export function outcomes(target: Exclude<Target, { kind: 'none' }>, basis: Basis, measure: Measure): Record<Position, Status> {
  const plan: Record<Position, Status> = { worse: 'khong_dat', equal: 'dat', better: target.kind === 'maintain' ? 'dat' : 'vuot' };
  if (basis === 'plan') return plan;
  // A total with a ceiling: once passed it stays passed; below it, the year is not over.
  if (!isReachedFromBelow(target) && measure === 'total') return { worse: 'khong_dat', equal: 'tien_do', better: 'tien_do' };
  return { ...plan, worse: 'tien_do' };
}

/**
 * The plan a `tien_do` figure is shown as a share of (“Đạt 54,6% KH năm”), at the reporting
 * precision; undefined when no share is shown (a level, a ceiling, a plan of zero or below).
 */
export function progressBase(target: Target, basis: Basis, measure: Measure, decimals: number): number | undefined {
  if (basis !== 'progress' || measure !== 'total' || !isReachedFromBelow(target)) return undefined;
  const ref = planReference(target);
  if (ref === undefined) return undefined;
  const p = roundTo(ref, decimals);
  return p > 0 ? p : undefined;
}

/**
 * Assesses one actual figure against a target at the reporting precision `decimals`
 * (equal means equal once both are rounded the way the report writes them: roundTo, 15
 * significant digits then half away from zero, so float noise from a cell formula reads as the
 * figure it stands for). Any finite double is judged; the catalogue's bounds keep the figures
 * that are accepted within the precision limit where the sheet's formula judges alike.
 * `basis` and `measure` come from periodRule() (derived.ts); the default is today's rule.
 *
 * What the system refuses is never given a status (the sheet's formula likewise): a figure that
 * cannot be read is `loi`, and so is one outside `bounds` (when given), with `outOfBounds`. A target
 * not assessed this year (`none`) is `chua_danh_gia` whatever is entered, as the report prints it;
 * the roll-up's listed rows rely on it.
 */
export function assess(target: Target, actual: Actual, decimals: number, basis: Basis = 'plan', measure: Measure = 'total', bounds?: Bounds): Assessment {
  if (target.kind === 'none') return { status: 'chua_danh_gia', reason: target.reason };
  if (actual.kind === 'number' && bounds && outOfBounds(actual.value, decimals, bounds)) {
    return { status: 'loi', reason: OUT_OF_BOUNDS_LABEL, outOfBounds: true };
  }
  switch (actual.kind) {
    case 'empty':
      return { status: 'chua_nhap' };
    case 'invalid':
      return { status: 'loi', reason: actual.error };
    case 'not_assessed':
      return { status: 'chua_danh_gia', reason: actual.reason };
    case 'number': {
      const r = roundTo(actual.value, decimals);
      const status = outcomes(target, basis, measure)[position(target, r, decimals)];
      const base = status === 'tien_do' && r >= 0 ? progressBase(target, basis, measure, decimals) : undefined;
      const progress = base === undefined ? undefined : percentOf(r, base);
      return progress === undefined ? { status } : { status, progress };
    }
  }
}

/** `r` is the figure at the reporting precision. */
function position(target: Exclude<Target, { kind: 'none' }>, r: number, decimals: number): Position {
  if (target.kind === 'range') {
    if (r < roundTo(target.min, decimals)) return 'worse';
    return r > roundTo(target.max, decimals) ? 'better' : 'equal';
  }
  const t = roundTo(target.value, decimals);
  if (r === t) return 'equal';
  return (target.direction === 'higher' ? r > t : r < t) ? 'better' : 'worse';
}

/** Met or exceeded: counts toward "đạt và vượt kế hoạch". */
export function isMet(status: Status): boolean {
  return status === 'vuot' || status === 'dat';
}
