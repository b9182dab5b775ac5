/**
 * The derived figures the report writes beside its figures, checked against the report itself
 * (../shared/seed/, part one): percent of the plan, percent of the same period last year, and a
 * mid-year figure's progress toward the annual plan; and which target each period uses.
 */
import { describe, expect, it } from 'vitest';
import { findPeriod, type Indicator } from '../../shared/catalog.ts';
import { periodBasis } from '../../shared/period.ts';
import {
  changePhrase,
  derivedFigures,
  formatPercent,
  lastYearFigure,
  lastYearPhrase,
  percentAtPrecision,
  periodRule,
  planPhrase,
  progressLabel,
  progressPhrase,
} from '../../shared/derived.ts';
import { readActual } from '../../shared/target.ts';
import { loadCatalog, realAppendix } from '../helpers/catalog.ts';

const c2023 = loadCatalog(2023);
const c2024 = loadCatalog(2024);
const ind = (c: typeof c2023, code: string): Indicator => c.indicators.find((i) => i.code === code)!;
const period = (c: typeof c2023, id: string) => findPeriod(c, id)!;

describe('the report’s own derived figures', () => {
  it('budget revenue 301,011/192,5 tỷ đồng: “tăng 56,37% so với kế hoạch”', () => {
    const d = derivedFigures(ind(c2023, 'THU_NS'), 301.011, period(c2023, '2023-uoc'));
    expect(d.percentOfPlan).toBe(156.37);
    expect(planPhrase(d.percentOfPlan!)).toBe('tăng 56,37% so với kế hoạch');
  });

  it('new jobs 942/1.200: “đạt 78,5% kế hoạch” (footnote 42)', () => {
    const d = derivedFigures(ind(c2023, 'VIEC_LAM'), 942, period(c2023, '2023-uoc'));
    expect(d.percentOfPlan).toBe(78.5);
    expect(planPhrase(78.5)).toBe('đạt 78,5% so với kế hoạch');
  });

  it('at one decimal, the text’s rice output 15.298/12.554 “tăng 21,9%” and rice area 2.890,45/2.570 “tăng 12,5%”', () => {
    expect(planPhrase(percentAtPrecision(15298, 12554, 0, 1)!)).toBe('tăng 21,9% so với kế hoạch');
    expect(planPhrase(percentAtPrecision(2890.45, 2570, 2, 1)!)).toBe('tăng 12,5% so với kế hoạch');
    // The appendix's own figure gives another percentage: one of the report's disagreements.
    expect(derivedFigures(ind(c2023, 'SL_LUONG_THUC'), 15249.1, period(c2023, '2023-uoc')).percentOfPlan).toBe(121.47);
  });

  it('“so với cùng kỳ” as the report words it: tăng 10,13%, bằng 85%, bằng 100,8%', () => {
    expect(lastYearPhrase(110.13)).toBe('tăng 10,13% so với cùng kỳ');
    expect(lastYearPhrase(85)).toBe('bằng 85% so với cùng kỳ');
    expect(lastYearPhrase(100.8)).toBe('tăng 0,8% so với cùng kỳ');
    expect(lastYearPhrase(100)).toBe('bằng cùng kỳ');
  });

  it('a half-year budget revenue of 68.250 against 125.000: “đạt 54,6% KH năm”, the cell “Đạt 54,6% KH năm”', () => {
    const d = derivedFigures(ind(c2024, 'THU_NS'), 68250, period(c2024, '2024-6t'));
    expect(d.percentOfAnnualPlan).toBe(54.6);
    expect(d.percentOfPlan).toBe(54.6);
    expect(progressPhrase(54.6)).toBe('đạt 54,6% KH năm');
    expect(progressLabel(54.6)).toBe('Đạt 54,6% KH năm');
    expect(formatPercent(-5)).toBe('−5%');
  });
});

describe('last year’s figures', () => {
  it('the 2024 catalogue carries the 2023 appendix’s figures (budget revenue in triệu đồng)', () => {
    const real = realAppendix();
    const carried = c2024.indicators.filter((i) => i.lastYear?.nam);
    expect(carried.length).toBe(18);
    for (const i of carried) {
      const old = c2023.indicators.find((o) => o.code === i.code)!;
      const a = readActual(real.rows.find((r) => r.stt === old.stt)!.actual);
      expect(a.kind, i.code).toBe('number');
      const value = a.kind === 'number' ? a.value : NaN;
      expect(i.lastYear!.nam!.value, i.code).toBe(old.unit === i.unit ? value : value * 1000);
    }
    // Units that changed cannot carry last year's figure unless converted: the cultural houses (Nhà → %).
    expect(ind(c2024, 'NHA_VAN_HOA').lastYear).toBeUndefined();
  });

  it('the year and the estimate compare with last year’s year; 6 and 9 months with their own', () => {
    const budget = ind(c2024, 'THU_NS');
    expect(lastYearFigure(budget, period(c2024, '2024-uoc'))).toBe(301011);
    expect(lastYearFigure(budget, period(c2024, '2024-nam'))).toBe(301011);
    expect(lastYearFigure(budget, period(c2024, '2024-6t'))).toBeUndefined();
    const d = derivedFigures(budget, 330000, period(c2024, '2024-uoc'));
    expect(d.percentOfLastYear).toBe(109.63);
    expect(lastYearPhrase(d.percentOfLastYear!)).toBe('tăng 9,63% so với cùng kỳ');
    // A figure from the previous year's ledger takes precedence over the catalogue's.
    expect(derivedFigures(budget, 330000, period(c2024, '2024-6t'), { lastYear: 150000 }).percentOfLastYear).toBe(220);
  });

  it('a level changes by points, not by a share: “tăng 2 Tiêu chí”, “tăng 0,5 điểm phần trăm”', () => {
    const criteria = derivedFigures(ind(c2023, 'DO_THI_III'), 55, period(c2023, '2023-uoc'));
    expect(criteria.percentOfPlan).toBeUndefined();
    expect(criteria.percentOfLastYear).toBeUndefined();
    expect(criteria.changeFromLastYear).toBe(2);
    expect(changePhrase(ind(c2023, 'DO_THI_III'), 2)).toBe('tăng 2 Tiêu chí so với cùng kỳ');
    const coverage = derivedFigures(ind(c2024, 'BHYT'), 97.5, period(c2024, '2024-uoc'));
    expect(coverage).toEqual({ lastYear: 97, changeFromLastYear: 0.5 });
    const poverty = derivedFigures(ind(c2024, 'HO_NGHEO'), 1.68, period(c2024, '2024-uoc'));
    expect(poverty.changeFromLastYear).toBe(-0.32);
    expect(changePhrase(ind(c2024, 'HO_NGHEO'), poverty.changeFromLastYear!)).toBe('giảm 0,32 điểm phần trăm so với cùng kỳ');
    // At the indicator's precision: coverage is reported with one decimal.
    expect(changePhrase(ind(c2024, 'BHYT'), -0.32)).toBe('giảm 0,3 điểm phần trăm so với cùng kỳ');
  });
});

describe('which target a period uses', () => {
  const budget = ind(c2024, 'THU_NS');
  const withOwn: Indicator = {
    ...budget,
    periodPlans: { '2024-6t': { plan: 'Trên 60.000', target: { kind: 'threshold', direction: 'higher', value: 60000 } } },
  };

  it('the year and the estimate: the annual plan; 6 and 9 months: progress, unless the catalogue says otherwise', () => {
    expect(c2024.periods.map((p) => [p.id, periodBasis(p)])).toEqual([
      ['2024-6t', 'progress'],
      ['2024-9t', 'progress'],
      ['2024-uoc', 'plan'],
      ['2024-nam', 'plan'],
    ]);
    expect(periodBasis({ id: '2024-6t' })).toBe('progress');
    expect(periodBasis({ id: '2024-6t', assessment: 'plan' })).toBe('plan');
    expect(periodRule(budget, period(c2024, '2024-6t'))).toEqual({ target: budget.target, basis: 'progress', measure: 'total' });
    expect(periodRule(budget, period(c2024, '2024-uoc'))).toEqual({ target: budget.target, basis: 'plan', measure: 'total' });
    expect(periodRule(budget)).toEqual({ target: budget.target, basis: 'plan', measure: 'total' });
  });

  it('a period’s own target is judged by the year’s rule, and the percent of plan is of it', () => {
    const rule = periodRule(withOwn, period(c2024, '2024-6t'));
    expect(rule).toEqual({
      target: { kind: 'threshold', direction: 'higher', value: 60000 },
      basis: 'plan',
      measure: 'total',
      own: { periodId: '2024-6t', plan: 'Trên 60.000' },
    });
    const d = derivedFigures(withOwn, 68250, period(c2024, '2024-6t'));
    expect(d.percentOfPlan).toBe(113.75);
    expect(d.percentOfAnnualPlan).toBe(54.6);
    // Only in its own period.
    expect(periodRule(withOwn, period(c2024, '2024-9t')).basis).toBe('progress');
  });
});
