/**
 * What the leaders' pages show, mapped from the appendix as built and from a draft's check
 * (console-leaders.ts serves them): a row of the appendix as a point of the charts, a period as a
 * column, a finding and a reading of the check in the API's shapes, and a finding's key. Pure: no
 * ledger, no request.
 */
import { createHash } from 'node:crypto';
import { STATUS_WORD, statusLabel } from '../../shared/assess.ts';
import type { CollectedPeriod } from '../../shared/collection.ts';
import { planCellText } from '../../shared/layout.ts';
import {
  PERIOD_LABEL,
  type CheckFinding,
  type CheckReading,
  type Dismissal,
  type FigurePoint,
  type FindingIdentity,
  type PeriodColumn,
} from '../../shared/leaders-api.ts';
import { roundTo } from '../../shared/numbers.ts';
import { PERIOD_KINDS, periodParts } from '../../shared/period.ts';
import type { RowResult } from '../../shared/report.ts';
import type { AppendixBuild } from '../consolidate/appendix.ts';
import { BOUND } from '../consolidate/last-year.ts';
import type { Finding, Place, Reading } from '../report/index.ts';

// ---------------------------------------------------------------------------------------------
// Figures as the appendix gives them

/** Why a figure is text and not a bar, or its bar. */
function figureShape(r: RowResult): Pick<FigurePoint, 'bar' | 'text'> {
  const a = r.actual;
  if (a.kind === 'empty') return { text: 'Chưa có số liệu.' };
  if (a.kind === 'invalid') return { text: 'Không vẽ cột: số liệu không đọc được.' };
  const t = r.rule.target;
  if (a.kind === 'not_assessed' || t.kind === 'none') return { text: 'Không vẽ cột: chỉ tiêu chưa đánh giá.' };
  if (typeof r.input === 'string' && BOUND.test(r.input)) return { text: 'Không vẽ cột: số liệu ghi dưới dạng một mức, không phải con số cụ thể.' };
  const d = r.indicator.decimals;
  const value = roundTo(a.value, d);
  if (t.kind === 'range') return { bar: { value, plan: roundTo(t.min, d), planTo: roundTo(t.max, d) } };
  return { bar: { value, plan: roundTo(t.value, d) } };
}

/** One row of the appendix as a point of the charts. */
export function figurePoint(entry: CollectedPeriod, r: RowResult): FigurePoint {
  return {
    period: entry.period.id,
    printed: r.printed,
    plan: planCellText(r.indicator, entry.period),
    unit: r.indicator.unit,
    status: r.assessment.status,
    label: statusLabel(r.assessment) || STATUS_WORD[r.assessment.status],
    ...figureShape(r),
    note: r.note,
  };
}

export const kindOf = (e: CollectedPeriod) => periodParts(e.period.id)!.kind;
export const yearOf = (e: CollectedPeriod) => periodParts(e.period.id)?.year ?? e.catalog.year;
/** Oldest first: by year, then 6 tháng → 9 tháng → ước → năm. */
export const chronological = (a: CollectedPeriod, b: CollectedPeriod) =>
  yearOf(a) - yearOf(b) || PERIOD_KINDS.indexOf(kindOf(a)) - PERIOD_KINDS.indexOf(kindOf(b));

export function column(entry: CollectedPeriod, built: AppendixBuild, lastYear = false): PeriodColumn {
  const kind = kindOf(entry);
  return {
    id: entry.period.id,
    year: yearOf(entry),
    kind,
    label: PERIOD_LABEL[kind],
    header: entry.period.header,
    final: built.final,
    open: entry.open,
    lastYear,
  };
}

// ---------------------------------------------------------------------------------------------
// The check of a draft report, as the page shows it

/** A finding's identity: the same draft words and the same figure make the same key, wherever the sentence moved. */
export function findingKey(f: FindingIdentity): string {
  return createHash('sha256')
    .update(JSON.stringify([f.kind, f.indicator ?? '', f.figure, f.said, f.appendix ?? '']))
    .digest('hex')
    .slice(0, 16);
}

const place = (p: Place) => ({ label: p.label, quote: p.quote });

export function finding(f: Finding, dismissed: Map<string, Dismissal>): CheckFinding {
  const key = findingKey({ kind: f.kind, indicator: f.indicator?.code, figure: f.figure, said: f.said, appendix: f.appendix });
  const d = dismissed.get(key);
  return {
    key,
    kind: f.kind,
    ...(f.indicator ? { indicator: { ...f.indicator } } : {}),
    figure: f.figure,
    place: place(f.place),
    said: f.said,
    ...(f.appendix !== undefined ? { appendix: f.appendix } : {}),
    ...(f.appendixSource !== undefined ? { appendixSource: f.appendixSource } : {}),
    others: f.others.map((o) => ({ label: o.place.label, said: o.said })),
    ...(f.follows?.length ? { follows: f.follows.map((x) => ({ ...x })) } : {}),
    message: f.message,
    ...(d ? { dismissed: d } : {}),
  };
}

export function reading(r: Reading): CheckReading {
  return {
    status: r.status,
    kind: r.kind,
    ...(r.indicator ? { indicator: { ...r.indicator } } : {}),
    figure: r.figure,
    place: place(r.place),
    said: r.said,
    ...(r.appendix !== undefined ? { appendix: r.appendix } : {}),
    ...(r.appendixSource !== undefined ? { appendixSource: r.appendixSource } : {}),
    ...(r.agrees !== undefined ? { agrees: r.agrees } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
  };
}
