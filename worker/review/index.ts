/**
 * The review cycle's read side: each unit's review for a period, derived from the ledger (see
 * state.ts), and where an indicator sits in a unit's template (for comments on a cell).
 */
import { findUnit, type Catalog, type Period } from '../../shared/catalog.ts';
import { COL, templateModel } from '../../shared/layout.ts';
import type { ReviewStore, SubmissionStore } from '../ledger/contract.ts';
import { derivePeriodReview, type UnitReview } from './state.ts';

export { deriveUnitReview, derivePeriodReview, reviewDetails, type SubmissionReview, type UnitReview } from './state.ts';

/** Every unit's review for a period (units that sent nothing are absent). */
export async function periodReview(ledger: SubmissionStore & ReviewStore, periodId: string): Promise<Map<string, UnitReview>> {
  const [subs, actions] = await Promise.all([ledger.periodSubmissions(periodId), ledger.reviews(periodId)]);
  return derivePeriodReview(periodId, subs, actions);
}

const rowsCache = new WeakMap<Catalog, Map<string, Map<string, number>>>();

/** The template row of each of a unit's indicators (as the department's sheet has them). */
export function templateRows(catalog: Catalog, period: Period, unitCode: string): Map<string, number> {
  let byUnit = rowsCache.get(catalog);
  if (!byUnit) rowsCache.set(catalog, (byUnit = new Map()));
  let rows = byUnit.get(unitCode);
  if (!rows) {
    const unit = findUnit(catalog, unitCode);
    rows = new Map(unit ? templateModel(catalog, period, unit, { generatedAt: '' }).rows.map((r) => [r.indicator, r.row]) : []);
    byUnit.set(unitCode, rows);
  }
  return rows;
}

/** The figure's cell of an indicator in the unit's template ("E6"), if the unit owns it. */
export function figureCell(catalog: Catalog, period: Period, unitCode: string, indicator: string): string | undefined {
  const row = templateRows(catalog, period, unitCode).get(indicator);
  return row === undefined ? undefined : `${COL.actual}${row}`;
}
