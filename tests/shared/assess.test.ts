import { describe, expect, it } from 'vitest';
import { assess, STATUS_LABEL } from '../../shared/assess.ts';
import { parseTarget, readActual, type Target } from '../../shared/target.ts';
import { evaluateRow, summarize } from '../../shared/report.ts';
import { findPeriod } from '../../shared/catalog.ts';
import { loadCatalog, normalizeLabel, realAppendix } from '../helpers/catalog.ts';

const real = realAppendix();
const catalog = loadCatalog(2023);

describe('the 21 rows of the real Phụ lục 1', () => {
  it.each(real.rows.map((r) => [r.stt, r]))('row %i: printed plan and actual give the printed Đánh giá', (_stt, row) => {
    const ind = catalog.indicators.find((i) => i.stt === row.stt)!;
    const parsed = parseTarget(row.plan, { maintain: /duy trì/i.test(row.name) });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual(ind.target);
    const got = assess(parsed.value, readActual(row.actual), ind.decimals);
    expect(STATUS_LABEL[got.status]).toBe(normalizeLabel(row.assessment));
  });

  it('the catalogue reproduces names, units and plans as printed', () => {
    expect(catalog.indicators.map((i) => [i.stt, i.name, i.unit, i.plan])).toEqual(real.rows.map((r) => [r.stt, r.name, r.unit, r.plan]));
  });
});

describe('summary in the report’s own words', () => {
  const period = findPeriod(catalog, '2023-uoc')!;
  const rows = catalog.indicators.map((ind) => evaluateRow(ind, { value: real.rows.find((r) => r.stt === ind.stt)!.actual }));
  const s = summarize(catalog, period, rows);

  it('counts 9 met, 8 exceeded, 3 unmet, 1 not assessed', () => {
    expect({ dat: s.counts.dat, vuot: s.counts.vuot, khong_dat: s.counts.khong_dat, chua_danh_gia: s.counts.chua_danh_gia }).toEqual(real.summary_in_report.counts);
  });

  it('writes the summary sentences exactly', () => {
    expect(s.sentence).toBe(real.summary_in_report.text);
    expect(s.metDetail).toBe(real.summary_in_report.footnote);
  });

  it('lists the unmet indicators with actual/plan as footnote 2 does, with the appendix figure', () => {
    expect(s.unmetDetail).toBe(
      'Tốc độ tăng giá trị sản xuất một số ngành kinh tế chủ yếu (theo giá so sánh) 6,45%/13%; '
      + 'Thu nhập bình quân đầu người ước đạt 63,41/69 triệu đồng/người/năm; '
      + 'Giải quyết việc làm 942/1.200 lao động',
    );
    expect(s.notAssessedDetail).toBe('Chỉ tiêu cơ quan công sở đạt chuẩn văn hóa: Áp dụng quy định mới chưa đánh giá.');
  });

  it('reports missing figures instead of counting them as unmet', () => {
    const partial = catalog.indicators.map((ind) => evaluateRow(ind, ind.stt <= 3 ? undefined : { value: real.rows[ind.stt - 1].actual }));
    const p = summarize(catalog, period, partial);
    expect(p.counts.chua_nhap).toBe(3);
    expect(p.sentence).toContain('03 chỉ tiêu chưa có số liệu hợp lệ');
  });
});

describe('the rule at its edges', () => {
  const T = (t: Target) => t;
  const cases: [string, Target, unknown, number, string][] = [
    ['above threshold', T({ kind: 'threshold', direction: 'higher', value: 99 }), 99.1, 1, 'vuot'],
    ['at threshold', T({ kind: 'threshold', direction: 'higher', value: 99 }), 99, 1, 'dat'],
    ['at threshold after rounding', T({ kind: 'threshold', direction: 'higher', value: 99 }), 99.04, 1, 'dat'],
    ['below threshold', T({ kind: 'threshold', direction: 'higher', value: 99 }), 98.94, 1, 'khong_dat'],
    ['lower is better, below', T({ kind: 'threshold', direction: 'lower', value: 2.32 }), 2, 2, 'vuot'],
    ['lower is better, equal', T({ kind: 'threshold', direction: 'lower', value: 2.32 }), 2.32, 2, 'dat'],
    ['lower is better, above', T({ kind: 'threshold', direction: 'lower', value: 2.32 }), 2.33, 2, 'khong_dat'],
    ['maintain met, never Vượt', T({ kind: 'maintain', direction: 'lower', value: 1 }), 0.5, 2, 'dat'],
    ['maintain not met', T({ kind: 'maintain', direction: 'lower', value: 1 }), 1.2, 2, 'khong_dat'],
    ['range inside', T({ kind: 'range', min: 9, max: 10 }), 10, 0, 'dat'],
    ['range above', T({ kind: 'range', min: 9, max: 10 }), 11, 0, 'vuot'],
    ['range below', T({ kind: 'range', min: 9, max: 10 }), 8, 0, 'khong_dat'],
    ['blank', T({ kind: 'threshold', direction: 'higher', value: 1 }), '', 0, 'chua_nhap'],
    ['text', T({ kind: 'threshold', direction: 'higher', value: 1 }), 'không rõ', 0, 'loi'],
    ['not assessed target', T({ kind: 'none', reason: 'Chưa có số liệu gốc' }), 5, 0, 'chua_danh_gia'],
  ];
  it.each(cases)('%s', (_name, target, input, decimals, status) => {
    expect(assess(target, readActual(input as string), decimals).status).toBe(status);
  });
});
