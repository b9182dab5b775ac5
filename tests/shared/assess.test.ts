import { describe, expect, it } from 'vitest';
import { assess, STATUS_LABEL, statusLabel } from '../../shared/assess.ts';
import { parseTarget, readActual, type Target } from '../../shared/target.ts';
import { checkRow, evaluateRow, summarize } from '../../shared/report.ts';
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
    expect({ dat: s.counts.dat, vuot: s.counts.vuot, khong_dat: s.counts.khong_dat, chua_danh_gia: s.counts.chua_danh_gia }).toEqual(
      real.summary_in_report.counts,
    );
  });

  it('writes the summary sentences exactly', () => {
    expect(s.sentence).toBe(real.summary_in_report.text);
    expect(s.metDetail).toBe(real.summary_in_report.footnote);
  });

  it('lists the unmet indicators with actual/plan as footnote 2 does, with the appendix figure', () => {
    expect(s.unmetDetail).toBe(
      'Tốc độ tăng giá trị sản xuất một số ngành kinh tế chủ yếu (theo giá so sánh) 6,45%/13%; ' +
        'Thu nhập bình quân đầu người ước đạt 63,41/69 triệu đồng/người/năm; ' +
        'Giải quyết việc làm 942/1.200 lao động',
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

describe('mid-year periods', () => {
  const c2024 = loadCatalog(2024);
  const half = findPeriod(c2024, '2024-6t')!;
  const ind = (code: string) => c2024.indicators.find((i) => i.code === code)!;

  it('the half-year budget revenue 68.250/125.000 is on its way, “Đạt 54,6% KH năm”, not “Không đạt KH”', () => {
    const r = evaluateRow(ind('THU_NS'), { value: 68250 }, half);
    expect(r.assessment).toEqual({ status: 'tien_do', progress: 54.6 });
    expect(statusLabel(r.assessment)).toBe('Đạt 54,6% KH năm');
    expect(checkRow(r)).toEqual([]);
    // The same figure in the year's estimate is judged against the plan, as today.
    expect(statusLabel(evaluateRow(ind('THU_NS'), { value: 68250 }, findPeriod(c2024, '2024-uoc')!).assessment)).toBe('Không đạt KH');
    expect(statusLabel(evaluateRow(ind('THU_NS'), { value: 68250 }).assessment)).toBe('Không đạt KH');
  });

  it('a level below its plan is left blank; one already there is judged; a total past the plan is Vượt KH', () => {
    expect(statusLabel(evaluateRow(ind('BHYT'), { value: 96.5 }, half).assessment)).toBe('');
    expect(evaluateRow(ind('BHYT'), { value: 96.5 }, half).assessment.status).toBe('tien_do');
    expect(statusLabel(evaluateRow(ind('BHYT'), { value: 97.2 }, half).assessment)).toBe('Vượt KH');
    expect(statusLabel(evaluateRow(ind('HO_NGHEO'), { value: 'Giảm còn 2,1 %' }, half).assessment)).toBe('');
    expect(statusLabel(evaluateRow(ind('VIEC_LAM'), { value: 900 }, half).assessment)).toBe('Vượt KH');
    expect(statusLabel(evaluateRow(ind('VIEC_LAM'), { value: 0 }, half).assessment)).toBe('Đạt 0% KH năm');
  });

  it('a period’s own target is judged as the year is, and the unmet list quotes it', () => {
    const own = {
      ...ind('THU_NS'),
      periodPlans: { '2024-6t': { plan: 'Trên 60.000', target: { kind: 'threshold' as const, direction: 'higher' as const, value: 60000 } } },
    };
    const catalog = { ...c2024, indicators: c2024.indicators.map((i) => (i.code === 'THU_NS' ? own : i)) };
    expect(statusLabel(evaluateRow(own, { value: 68250 }, half).assessment)).toBe('Vượt KH');
    const short = evaluateRow(own, { value: 59000 }, half);
    expect(statusLabel(short.assessment)).toBe('Không đạt KH');
    expect(checkRow(short).map((p) => p.code)).toEqual(['explanation_missing']);
    expect(summarize(catalog, half, [short]).unmetDetail).toBe('Thu ngân sách trên địa bàn đạt 59.000/60.000 Triệu đồng');
  });

  it('the half-year summary counts figures on their way apart, in the report’s style', () => {
    const values: Record<string, number> = { THU_NS: 68250, VIEC_LAM: 900, VON_DAU_TU: 800, BHYT: 96.5 };
    const rows = c2024.indicators.filter((i) => i.code in values).map((i) => evaluateRow(i, { value: values[i.code] }, half));
    const s = summarize(c2024, half, rows);
    expect(s.counts).toMatchObject({ vuot: 1, dat: 0, khong_dat: 0, tien_do: 3 });
    expect(s.sentence).toBe('có 1/4 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu đang thực hiện so với kế hoạch năm');
    expect(s.metDetail).toBe('Có 01 chỉ tiêu vượt kế hoạch.');
    expect(s.progressDetail).toBe('Tổng vốn đầu tư phát triển toàn xã hội đạt 50% KH năm; Thu ngân sách trên địa bàn đạt 54,6% KH năm');
  });
});
