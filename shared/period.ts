/**
 * The reporting period and calendar, in one place: period ids (`<năm>-6t`, `-9t`, `-uoc`, `-nam`),
 * their kinds and words, which rule judges them (progress toward the annual plan for 6 and 9
 * months, the plan for the year), the chain a period follows on from, the data cutoff window of
 * Decree 09/2019/NĐ-CP, and calendar days in Vietnam time (the Intl time zone of format.ts, never
 * a fixed offset).
 */
import { vnDayNumber } from './format.ts';

export type PeriodKind = '6t' | '9t' | 'uoc' | 'nam';

export const PERIOD_KINDS: readonly PeriodKind[] = ['6t', '9t', 'uoc', 'nam'];

/** A period id: "2023-uoc". */
export const PERIOD_ID = /^\d{4}-(6t|9t|uoc|nam)$/;
/** A mid-year period id: 6 tháng, 9 tháng. */
export const MID_YEAR_ID = /^\d{4}-(6t|9t)$/;

/** What a period kind is called in a sentence ("kỳ 6 tháng"). */
export const PERIOD_KIND_WORD: Record<PeriodKind, string> = { '6t': '6 tháng', '9t': '9 tháng', uoc: 'ước thực hiện năm', nam: 'thực hiện năm' };

/** "2023-9t" → { year: 2023, kind: "9t" }. */
export function periodParts(periodId: string): { year: number; kind: PeriodKind } | undefined {
  const m = /^(\d{4})-(6t|9t|uoc|nam)$/.exec(periodId);
  return m ? { year: Number(m[1]), kind: m[2] as PeriodKind } : undefined;
}

/** A 6- or 9-month period. */
export function isMidYear(periodId: string): boolean {
  return MID_YEAR_ID.test(periodId);
}

/** The period collected when nothing says which: the year's estimate (“Ước thực hiện năm”). */
export function defaultPeriodId(year: number): string {
  return `${year}-uoc`;
}

/** How a period judges its figures (catalogue field `periods[].assessment`). */
export type Basis = 'plan' | 'progress';

/** The period's basis: as the catalogue says, else progress for 6 and 9 months, plan for the year. */
export function periodBasis(period: { id: string; assessment?: Basis }): Basis {
  return period.assessment ?? (isMidYear(period.id) ? 'progress' : 'plan');
}

/** The key of `indicators[].lastYear` for a period: "6t", "9t", or "nam" (the estimate and the final year). */
export function lastYearKey(period: { id: string }): '6t' | '9t' | 'nam' {
  const kind = periodParts(period.id)?.kind;
  return kind === '6t' || kind === '9t' ? kind : 'nam';
}

/**
 * The data cutoff window of a period under Decree 09/2019/NĐ-CP (Article 12): reports of a year
 * count from 15 December of the previous year; the 6-month report to 14 June, the 9-month report
 * to 14 September, the year's report (estimate and final) to 14 December. ISO dates.
 */
export function cutoffWindow(periodId: string): { from: string; to: string } | undefined {
  const p = periodParts(periodId);
  if (!p) return undefined;
  const end = p.kind === '6t' ? '06-14' : p.kind === '9t' ? '09-14' : '12-14';
  return { from: `${p.year - 1}-12-15`, to: `${p.year}-${end}` };
}

/** The period whose figures a period's figures should follow on from (6 tháng → 9 tháng → năm). */
export function previousPeriodId(periodId: string, known: readonly string[]): string | undefined {
  const p = periodParts(periodId);
  if (!p) return undefined;
  const chain: Record<PeriodKind, PeriodKind[]> = { '6t': [], '9t': ['6t'], uoc: ['9t', '6t'], nam: ['uoc', '9t', '6t'] };
  for (const kind of chain[p.kind]) {
    const id = `${p.year}-${kind}`;
    if (known.includes(id)) return id;
  }
  return undefined;
}

/** Days from the Vietnam calendar day of `now` to that of `deadline`: 0 on the day, negative once past. */
export function calendarDaysUntil(deadline: string, now: Date): number {
  return vnDayNumber(deadline) - vnDayNumber(now);
}

/** "còn 5 ngày", "hạn nộp là hôm nay", "quá hạn 3 ngày" (the board's line under the deadline). */
export function deadlineLabel(deadline: string, now: Date): string {
  const overdue = now.getTime() > Date.parse(deadline);
  const days = calendarDaysUntil(deadline, now);
  if (overdue) return days === 0 ? 'đã quá hạn (hạn nộp là hôm nay)' : `quá hạn ${-days} ngày`;
  return days === 0 ? 'hạn nộp là hôm nay' : `còn ${days} ngày`;
}
