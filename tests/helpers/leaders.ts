/**
 * Test plumbing for the leaders' pages: a unit's figures for a 6- or 9-month period, invented as a
 * share of the real 2023 figures (texts such as “Dưới 1” or “Áp dụng quy định mới chưa đánh giá”
 * kept as they are, explanations left out), rounded at each indicator's reporting precision.
 */
import { findUnit, type Catalog } from '../../shared/catalog.ts';
import { roundTo } from '../../shared/numbers.ts';
import type { FillValue } from './fill.ts';
import { realFigures } from './worker.ts';

/** How far along the year each period is. */
export const YEAR_SHARE: Record<string, number> = { '6t': 0.5, '9t': 0.75, uoc: 1, nam: 1 };

/** A unit's figures for a period of 2023: the real ones for the year, a share of them for 6 and 9 months. */
export function periodFigures(catalog: Catalog, periodId: string, unit: string): Map<number, FillValue> {
  const real = realFigures(catalog, findUnit(catalog, unit)!, false);
  const share = YEAR_SHARE[periodId.split('-')[1]] ?? 1;
  if (share === 1) return real;
  const out = new Map<number, FillValue>();
  for (const [stt, v] of real) {
    const ind = catalog.indicators.find((i) => i.stt === stt)!;
    out.set(stt, typeof v.value === 'number' ? { value: roundTo(v.value * share, ind.decimals), note: null } : { value: v.value, note: null });
  }
  return out;
}
