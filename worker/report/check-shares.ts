/**
 * Shares of the plan and of last year ("tăng 16% kế hoạch", "bằng 85% so với cùng kỳ") computed from
 * the appendix: the base a share is computed on (the catalogue's plan, or last year's figure), the
 * range a figure and a base allow at the precision they are written, and the share as the draft would
 * write it.
 */
import type { Indicator } from '../../shared/catalog.ts';
import { isReachedFromBelow, lastYearFigure, planReference } from '../../shared/derived.ts';
import { decimalsOf, formatNumberVi, roundTo } from '../../shared/numbers.ts';
import type { RowResult } from '../../shared/report.ts';
import type { Target } from '../../shared/target.ts';
import { withProseUnit } from './check-appendix.ts';
import { halfUnit } from './figures.ts';
import { isChangeIndicator } from './check-subjects.ts';
import type { CheckOptions, DraftShare } from './check-types.ts';

/** The percentage a figure (± its rounding) is of a base (± its rounding): [lowest, highest]. */
export function shareRange(value: number, valueDecimals: number, base: number, baseHalf: number): [number, number] {
  const h = halfUnit(valueDecimals);
  return [((value - h) / (base + baseHalf)) * 100, ((value + h) / Math.max(base - baseHalf, Number.MIN_VALUE)) * 100];
}

/** A share as written (± half a unit of its last digit) and a range computed from figures overlap. */
export function shareFits(percent: number, decimals: number, [lo, hi]: [number, number]): boolean {
  const h = halfUnit(decimals);
  const eps = 1e-9 * Math.max(1, Math.abs(percent));
  return percent + h + eps >= lo && percent - h - eps <= hi;
}

/** The base a share is computed on, from the appendix's data, or why it cannot be. */
type ShareBasis = { ok: true; value: number; half: number; label: string } | { ok: false; reason: string };

export function shareBasis(r: RowResult, ind: Indicator, s: DraftShare, opts: CheckOptions): ShareBasis {
  const against = s.base === 'plan' ? 'so với kế hoạch' : 'so với cùng kỳ';
  if (s.part) return { ok: false, reason: `câu nói về một bộ phận (“${s.part}”), không phải số liệu chung của chỉ tiêu ${ind.stt}` };
  if (s.related) return { ok: false, reason: `số liệu liên quan chỉ tiêu ${ind.stt}; Phụ lục 1 không có kế hoạch hay số cùng kỳ của nó` };
  if (s.base === 'other') return { ok: false, reason: `so với ${s.baseText}: Phụ lục 1 không có số liệu này để tính` };
  if (isChangeIndicator(ind)) return { ok: false, reason: `Phụ lục 1 ghi tốc độ tăng của chỉ tiêu ${ind.stt}, không ghi giá trị để tính phần trăm ${against}` };
  if ((ind.measure ?? 'total') !== 'total')
    return { ok: false, reason: `chỉ tiêu ${ind.stt} là tỷ lệ hoặc mức đạt, không phải số cộng dồn: Phụ lục 1 không tính phần trăm ${against}` };
  if (s.base === 'plan') {
    const t = r.rule.target as Target;
    const ref = planReference(t);
    if (ref === undefined || !isReachedFromBelow(t) || !(ref > 0))
      return { ok: false, reason: `kế hoạch của chỉ tiêu ${ind.stt} (“${r.rule.own?.plan ?? ind.plan}”) không phải một mức để tính phần trăm` };
    // The plan is a target as printed: exact.
    return { ok: true, value: ref, half: 0, label: `kế hoạch ${withProseUnit(formatNumberVi(ref), ind)}` };
  }
  const last = opts.period ? lastYearFigure(ind, opts.period) : ind.lastYear?.nam?.value;
  if (last === undefined || !(last > 0))
    return { ok: false, reason: `danh mục chưa có số liệu cùng kỳ năm trước của chỉ tiêu ${ind.stt} (trường “lastYear”) để tính` };
  return { ok: true, value: last, half: halfUnit(decimalsOf(last)), label: `cùng kỳ năm trước ${withProseUnit(formatNumberVi(last), ind)}` };
}

/** A percentage the way the draft wrote its share, at its decimals: "tăng 23% so với kế hoạch", "đạt 78,5% so với kế hoạch". */
export function sharePhrase(p: number, s: DraftShare): string {
  const d = s.decimals;
  const against = s.base === 'plan' ? 'so với kế hoạch' : 'so với cùng kỳ';
  const at = roundTo(p, d);
  if (at > 100) return `tăng ${formatNumberVi(roundTo(at - 100, d), d)}% ${against}`;
  if (at === 100) return `bằng 100% ${against}`;
  return `${s.base === 'plan' ? 'đạt' : 'bằng'} ${formatNumberVi(at, d)}% ${against}`;
}
