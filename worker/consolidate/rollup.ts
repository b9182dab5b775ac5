/**
 * An upper level's appendix from the level below (see shared/rollup.ts): each rolled-up
 * indicator's figure made from the lower units' figures by its rule, beside what the level collects
 * itself from its departments (appendix.ts). The total goes into Phụ lục 1 (the one layout of
 * shared/layout.ts); the second sheet, “Số liệu cấp dưới”, lists each lower unit's figure, the plan
 * it was assessed against, its assessment and whether it has submitted.
 */
import type { Catalog, Period } from '../../shared/catalog.ts';
import { childUnits, rolledUp } from '../../shared/catalog.ts';
import { rollupIndicator, ruleLabel, statusText, type LevelRow, type RolledUpRow } from '../../shared/rollup.ts';
import { statusLabel } from '../../shared/assess.ts';
import { evaluateRow, type RowInput } from '../../shared/report.ts';
import type { SubmissionRecord } from '../ledger/contract.ts';
import { STATE_LABEL, type TableSheet } from './sheets.ts';
import type { UnitStatus } from './statuses.ts';

/**
 * The figures of the level below that the roll-up uses: the one place it reads them. Each lower
 * unit's submission in force in the review cycle (statuses.ts): the approved one while approved (a
 * later file is held), else its latest accepted one — and the upper appendix stays “BẢN DỰ THẢO”
 * until every lower unit is approved, as at any level.
 */
export function figuresForRollup(statuses: UnitStatus[]): Map<string, SubmissionRecord> {
  return new Map(statuses.filter((s) => s.state === 'accepted' && s.record).map((s) => [s.code, s.record!]));
}

export const LOWER_SHEET = 'Số liệu cấp dưới';

export interface LevelRollup {
  /** The rolled-up rows of Phụ lục 1, by indicator code. */
  values: Record<string, RowInput>;
  rows: RolledUpRow[];
  /** The second sheet: each lower unit's figure and status. */
  sheet: TableSheet;
}

/** The roll-up of a catalogue with lower units, or undefined when it has none. */
export async function rollupLevel(catalog: Catalog, period: Period, statuses: UnitStatus[]): Promise<LevelRollup | undefined> {
  const indicators = rolledUp(catalog);
  if (!indicators.length) return undefined;
  const figures = figuresForRollup(statuses);
  const state = new Map(statuses.map((s) => [s.code, STATE_LABEL[s.state]]));
  const children = childUnits(catalog).map((unit) => ({
    unit,
    rows: figures.get(unit.code)?.rows as Record<string, LevelRow> | undefined,
    state: state.get(unit.code) ?? STATE_LABEL.missing,
  }));
  const rows = indicators.map((ind) => rollupIndicator(catalog, ind, children));
  return { values: Object.fromEntries(rows.map((r) => [r.indicator.code, r.row])), rows, sheet: lowerSheet(catalog, period, rows) };
}

function lowerSheet(catalog: Catalog, period: Period, rows: RolledUpRow[]): TableSheet {
  const out: (string | number)[][] = [];
  for (const r of rows) {
    const ind = r.indicator;
    const total = evaluateRow(ind, r.row, period);
    out.push([
      ind.stt,
      `${ind.name} (${ind.unit})`,
      ruleLabel(catalog, ind),
      `Tổng hợp của ${catalog.locality.name}`,
      total.printed,
      ind.plan,
      total.assessment.status === 'tien_do' ? statusLabel(total.assessment) : statusText(total.assessment.status),
      `${r.counted}/${r.lines.length} đơn vị`,
      r.row.note ?? '',
    ]);
    for (const l of r.lines) out.push(['', '', '', l.unit.name, l.printed, l.plan, l.printed ? statusText(l.status) : '', l.state, l.note]);
  }
  return {
    name: LOWER_SHEET,
    title: `SỐ LIỆU CỦA TỪNG ĐƠN VỊ CẤP DƯỚI — ${period.header}`,
    columns: [
      { header: 'Số TT', width: 6 },
      { header: 'Chỉ tiêu', width: 30 },
      { header: 'Cách tổng hợp', width: 20 },
      { header: 'Đơn vị', width: 26 },
      { header: 'Số liệu', width: 14 },
      { header: 'Kế hoạch', width: 14 },
      { header: 'Đánh giá', width: 13 },
      { header: 'Tình hình nộp', width: 14 },
      { header: 'Giải trình, ghi chú', width: 34 },
    ],
    rows: out,
    empty: 'Danh mục không có chỉ tiêu tổng hợp từ cấp dưới.',
  };
}
