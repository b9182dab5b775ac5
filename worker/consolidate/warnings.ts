/**
 * What a person should look at in a period's figures: far from plan, far from the same indicator's
 * previous period (6 tháng → 9 tháng → năm), changed since the unit's previous submission, edited
 * plan cells, late, and each unit's own warnings (missing explanations …). Warnings never blank a
 * figure. Rejected files are not warnings: they are listed apart.
 */
import { findPeriod, indicatorName, type Catalog, type Indicator, type Period } from '../../shared/catalog.ts';
import { formatTimeVi } from '../../shared/format.ts';
import type { AppendixContent } from '../../shared/layout.ts';
import { formatVnNumber, roundTo } from '../../shared/numbers.ts';
import { formatFigure, sameFigure } from '../../shared/report.ts';
import { readActual, type CellInput, type Target } from '../../shared/target.ts';
import { describeProblem } from '../../shared/problem.ts';
import { previousPeriodId } from '../../shared/period.ts';
import type { Ledger } from '../ledger/contract.ts';
import { periodReview } from '../review/index.ts';
import type { UnitStatus } from './statuses.ts';

export interface Warning {
  kind: string;
  /** The unit's name. */
  unit: string;
  /** "5. Tổng diện tích gieo trồng cả năm", or "" when about the whole file. */
  indicator: string;
  message: string;
}

/** A submitted value as a person reads it: numbers the Vietnamese way, text as typed. */
export function valueText(ind: Indicator | undefined, v: CellInput): string {
  if (v === null || v === undefined || v === '') return '(trống)';
  if (typeof v === 'number') return ind ? formatFigure(ind, v) : formatVnNumber(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v;
}

/** Figures this far from plan (ratio over 3, or under a third) are worth a second look. */
const FAR_RATIO = 3;

/** "gấp 3,5 lần" above, "chỉ bằng 25%" below. */
export function ratioText(ratio: number): string {
  return ratio >= 1 ? `gấp ${formatVnNumber(roundTo(ratio, 2))} lần` : `chỉ bằng ${formatVnNumber(roundTo(ratio * 100, 1))}%`;
}

/**
 * The warning for a figure far from the same indicator's figure of the previous period (more than
 * FAR_RATIO times, or less than its FAR_RATIOth, or of the other sign), or undefined. A zero on
 * either side says nothing (no school met the standard by June, four by December).
 */
export function farFromPrevious(ind: Indicator, current: number, previous: number, previousHeader: string): string | undefined {
  if (current === 0 || previous === 0) return undefined;
  const signChanged = current * previous < 0;
  const ratio = Math.abs(current) / Math.abs(previous);
  if (!signChanged && ratio <= FAR_RATIO && ratio >= 1 / FAR_RATIO) return undefined;
  const relation = signChanged ? 'đổi dấu' : ratioText(ratio);
  return `Số liệu kỳ này ${formatFigure(ind, current)} so với ${formatFigure(ind, previous)} của kỳ “${previousHeader}” (${relation}). Hãy kiểm tra đơn vị tính, dấu thập phân và cách cộng dồn số liệu.`;
}

/** The figures the previous period's appendix uses (6 tháng for 9 tháng, 9 tháng for năm …), by indicator. */
async function previousFigures(catalog: Catalog, period: Period, ledger: Ledger): Promise<{ header: string; values: Map<string, number> } | undefined> {
  const prevId = previousPeriodId(
    period.id,
    catalog.periods.map((p) => p.id),
  );
  const prev = prevId ? findPeriod(catalog, prevId) : undefined;
  if (!prev) return undefined;
  const values = new Map<string, number>();
  for (const r of (await periodReview(ledger, prev.id)).values()) {
    if (!r.current) continue;
    const rec = await ledger.byId(r.current.id);
    for (const [code, row] of Object.entries(rec?.rows ?? {})) {
      const a = readActual(row.value ?? null);
      if (a.kind === 'number') values.set(code, a.value);
    }
  }
  return values.size ? { header: prev.header, values } : undefined;
}

export async function periodWarnings(catalog: Catalog, period: Period, ledger: Ledger, statuses: UnitStatus[], content: AppendixContent): Promise<Warning[]> {
  const out: Warning[] = [];
  const byCode = new Map(catalog.indicators.map((i) => [i.code, i]));
  const nameOf = new Map(catalog.units.map((u) => [u.code, u.name]));
  for (const r of content.results) {
    const t = r.rule.target as Target; // the period's own target where it has one, else the year's
    if (r.actual.kind === 'number' && (t.kind === 'threshold' || t.kind === 'maintain') && t.value > 0) {
      const ratio = r.actual.value / t.value;
      if (ratio > FAR_RATIO || ratio < 1 / FAR_RATIO) {
        out.push({
          kind: 'Khác xa kế hoạch',
          unit: nameOf.get(r.indicator.owner) ?? '',
          indicator: indicatorName(r.indicator),
          message: `Số liệu ${r.printed} so với kế hoạch ${r.indicator.plan} (${ratioText(ratio)}). Hãy kiểm tra đơn vị tính và dấu thập phân.`,
        });
      }
    }
  }
  const previous = await previousFigures(catalog, period, ledger);
  if (previous) {
    for (const r of content.results) {
      const before = previous.values.get(r.indicator.code);
      if (r.actual.kind !== 'number' || before === undefined) continue;
      const message = farFromPrevious(r.indicator, r.actual.value, before, previous.header);
      if (message) out.push({ kind: 'Khác xa kỳ trước', unit: nameOf.get(r.indicator.owner) ?? '', indicator: indicatorName(r.indicator), message });
    }
  }
  for (const s of statuses) {
    if (s.state !== 'accepted' || !s.record) continue;
    const rec = s.record;
    // Figures that changed from the unit's previous accepted submission: the drift the report suffered.
    const previous = await ledger.previousAccepted(s.code, period.id, rec.id);
    if (previous?.rows && rec.rows) {
      for (const [code, row] of Object.entries(rec.rows)) {
        const before = previous.rows[code]?.value;
        const ind = byCode.get(code);
        if (before === undefined || before === null || !ind) continue;
        const now = row.value ?? null;
        if (!sameFigure({ actual: readActual(before), input: before }, { actual: readActual(now), input: now })) {
          out.push({
            kind: 'Số liệu thay đổi',
            unit: s.name,
            indicator: indicatorName(ind),
            message: `Lần nộp lúc ${formatTimeVi(previous.receivedAt)} ghi ${valueText(ind, before)}, lần nộp lúc ${formatTimeVi(rec.receivedAt)} ghi ${valueText(ind, row.value ?? null)}. Hãy bảo đảm báo cáo thuyết minh dùng cùng số liệu.`,
          });
        }
      }
    }
    for (const w of rec.warnings) {
      const ind = w.indicator ? byCode.get(w.indicator) : undefined;
      out.push({
        kind: w.cell?.startsWith('D') ? 'Sửa ô kế hoạch' : 'Cần xem lại',
        unit: s.name,
        indicator: ind ? indicatorName(ind) : '',
        message: describeProblem(w),
      });
    }
    if (s.late)
      out.push({
        kind: 'Nộp muộn',
        unit: s.name,
        indicator: '',
        message: `Nộp lúc ${formatTimeVi(rec.receivedAt)}, hạn nộp ${formatTimeVi(period.deadline)}.`,
      });
  }
  return out;
}
