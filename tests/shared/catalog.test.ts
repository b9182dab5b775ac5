import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { reportingUnits, appendixSubtitle, catalogHash } from '../../shared/catalog.ts';
import { CatalogError, parseCatalog, parseCatalogText } from '../../shared/catalog-schema.ts';
import { loadCatalog } from '../helpers/catalog.ts';

describe('the catalogues', () => {
  it('2023: 21 indicators in 17 groups, every owner a known unit', () => {
    const c = loadCatalog(2023);
    expect(c.indicators.length).toBe(21);
    expect(c.groups.length).toBe(17);
    expect(appendixSubtitle(c)).toBe('Đánh giá kết quả thực hiện các chỉ tiêu kế hoạch chủ yếu tại Nghị quyết số 51/NQ-HĐND ngày 27/12/2022 của HĐND thị xã');
    expect(reportingUnits(c).length).toBe(13);
  });

  it('2024: the targets of part two (17 groups, about 23 indicators; budget revenue in triệu đồng)', () => {
    const c = loadCatalog(2024);
    expect(c.groups.length).toBe(17);
    expect(c.indicators.length).toBeGreaterThanOrEqual(21);
    expect(c.indicators.length).toBeLessThanOrEqual(25);
    const budget = c.indicators.find((i) => i.code === 'THU_NS')!;
    expect(budget.unit).toBe('Triệu đồng');
    expect(budget.target).toEqual({ kind: 'threshold', direction: 'higher', value: 125000 });
    expect(c.indicators.map((i) => i.code)).toEqual(expect.arrayContaining(['Y_TE_XA', 'PHUONG_VAN_MINH']));
    expect(appendixSubtitle(c)).toContain('Nghị quyết số …/NQ-HĐND ngày …');
  });

  it('hashes content stably', () => {
    expect(catalogHash(loadCatalog(2023))).toBe(catalogHash(loadCatalog(2023)));
    expect(catalogHash(loadCatalog(2023))).not.toBe(catalogHash(loadCatalog(2024)));
  });
});

describe('catalogue errors are Vietnamese and name the field', () => {
  const base = () => JSON.parse(JSON.stringify(loadCatalog(2023))) as Record<string, unknown> & { indicators: Record<string, unknown>[] };
  const problems = (json: unknown): string[] => {
    try {
      parseCatalog(json, 'thu.json');
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogError);
      expect((e as Error).message).toContain('Danh mục chỉ tiêu “thu.json” không hợp lệ');
      return (e as CatalogError).problems;
    }
    throw new Error('expected the catalogue to be refused');
  };

  it('a missing plan text', () => {
    const c = base();
    delete c.indicators[2].plan;
    expect(problems(c)).toContain('“indicators” (chỉ tiêu) › thứ 3 › “plan” (kế hoạch): bắt buộc nhưng đang thiếu (phải là chữ đặt trong dấu nháy kép).');
  });

  it('an owner that is not a unit, and a group without indicators', () => {
    const c = base();
    c.indicators[6].owner = 'TNMT2';
    (c.groups as unknown[]).push({ code: 'N99', name: 'Nhóm trống' });
    const p = problems(c);
    expect(p).toContain('Chỉ tiêu số 7 (mã RAC_THAI): đơn vị phụ trách “TNMT2” không có trong danh sách “units”.');
    expect(p).toContain('Nhóm “N99” không có chỉ tiêu nào.');
  });

  it('a printed plan that says something else than its parsed meaning', () => {
    const c = base();
    c.indicators[0].plan = 'Tăng trên 15%';
    expect(problems(c).join('\n')).toMatch(/Chỉ tiêu số 1 \(mã GTSX\): kế hoạch in “Tăng trên 15%” được đọc là .*khác với cách đánh giá đã chọn \(“target”\)/);
  });

  it('duplicate Số TT and a gap', () => {
    const c = base();
    c.indicators[1].stt = 1;
    const p = problems(c);
    expect(p).toContain('Số TT “1” bị trùng.');
  });

  it('a plan outside the bounds (the template would refuse a figure that meets it)', () => {
    const c = base();
    (c.indicators[20].bounds as { max: number }).max = 5; // AN_NINH: plan 6 (phường/xã)
    expect(problems(c)).toContain(
      'Chỉ tiêu số 21 (mã AN_NINH): kế hoạch 6 nằm ngoài giới hạn “bounds” (từ 0 đến 5), nên biểu mẫu sẽ từ chối cả số liệu đạt kế hoạch. Hãy tăng “bounds.max” lên ít nhất 6.',
    );
  });

  it('both ends of a range plan inside the bounds', () => {
    const c = base();
    (c.indicators[19].bounds as { min: number }).min = 9.5; // NHA_VAN_HOA: 9–10 nhà, 0 decimals
    const p = problems(c);
    expect(p).toContain(
      'Chỉ tiêu số 20 (mã NHA_VAN_HOA): cận dưới của kế hoạch 9 nằm ngoài giới hạn “bounds” (từ 9,5 đến 200), nên biểu mẫu sẽ từ chối cả số liệu đạt kế hoạch. Hãy giảm “bounds.min” xuống 9 hoặc thấp hơn.',
    );
    // 9,5 itself cannot be written with 0 decimals either.
    expect(p).toContain(
      'Chỉ tiêu số 20 (mã NHA_VAN_HOA): giới hạn “bounds.min” 9,5 có 1 chữ số thập phân nhưng “decimals” (số chữ số thập phân) là 0, nên sẽ bị làm tròn thành 10. Hãy đặt “decimals” là 1 hoặc hơn.',
    );
  });

  it('a plan finer than the reporting precision (2.610,4 with 0 decimals would silently become 2.610)', () => {
    const c = JSON.parse(JSON.stringify(loadCatalog(2024))) as { indicators: Record<string, unknown>[] };
    const i = c.indicators.findIndex((x) => x.code === 'DT_GIEO_TRONG');
    c.indicators[i].decimals = 0;
    delete c.indicators[i].lastYear; // 2.890,4 last year: the same check, tested with the mid-year fields
    expect(problems(c)).toEqual([
      'Chỉ tiêu số 5 (mã DT_GIEO_TRONG): kế hoạch 2.610,4 có 1 chữ số thập phân nhưng “decimals” (số chữ số thập phân) là 0, nên sẽ bị làm tròn thành 2.610. Hãy đặt “decimals” là 1 hoặc hơn.',
    ]);
  });

  it('a plan with more digits than Excel keeps, and more decimals than the format allows', () => {
    const c = base();
    c.indicators[1].plan = '69,00000001';
    c.indicators[1].target = { kind: 'threshold', direction: 'higher', value: 69.00000001 };
    expect(problems(c)).toContain(
      'Chỉ tiêu số 2 (mã THU_NHAP): kế hoạch 69,00000001 có 8 chữ số thập phân nhưng “decimals” (số chữ số thập phân) là 2, nên sẽ bị làm tròn thành 69,00. Hãy làm tròn số này (nhiều nhất 6 chữ số thập phân).',
    );
    c.indicators[1].target = { kind: 'threshold', direction: 'higher', value: 69.00000000000001 };
    expect(problems(c).join('\n')).toContain('kế hoạch 69.00000000000001 (như viết trong tệp) có hơn 15 chữ số có nghĩa, Excel không giữ được.');
  });

  it('bounds beyond what the sheet and the worker judge alike (14 digits at the precision)', () => {
    const c = base();
    (c.indicators[5].bounds as { max: number }).max = 1e21; // SL_LUONG_THUC, 1 decimal
    expect(problems(c)).toEqual([
      'Chỉ tiêu số 6 (mã SL_LUONG_THUC): giới hạn “bounds.max” 1.000.000.000.000.000.000.000 quá lớn để biểu mẫu và hệ thống đánh giá giống nhau: với 1 chữ số thập phân, số liệu có nhiều nhất 14 chữ số, tức trong khoảng từ −10.000.000.000.000 đến 10.000.000.000.000. Hãy thu hẹp giới hạn (hoặc giảm “decimals”).',
    ]);
    (c.indicators[5].bounds as { max: number }).max = 1e13;
    expect(() => parseCatalog(c, 'thu.json')).not.toThrow();
  });

  it('mid-year fields: a whole-year period assessed as progress, an own target for a period that is not there or that reads otherwise', () => {
    const c = JSON.parse(JSON.stringify(loadCatalog(2024))) as { periods: Record<string, unknown>[]; indicators: Record<string, unknown>[] };
    c.periods[2].assessment = 'progress'; // 2024-uoc
    const budget = c.indicators.findIndex((x) => x.code === 'THU_NS');
    c.indicators[budget].periodPlans = {
      '2024-6t': { plan: 'Trên 60.000', target: { kind: 'threshold', direction: 'higher', value: 65000 } },
      '2024-9t': { plan: 'Trên 200.000.000', target: { kind: 'threshold', direction: 'higher', value: 200000000 } },
    };
    const p = problems(c);
    expect(p).toContain(
      'Kỳ báo cáo “2024-uoc” (ước thực hiện năm) là kỳ cả năm, được đánh giá so với kế hoạch năm: “assessment” (cách đánh giá) phải là "plan" hoặc bỏ trống.',
    );
    expect(p.join('\n')).toMatch(
      /Chỉ tiêu số 4 \(mã THU_NS\): kế hoạch riêng của kỳ “2024-6t” in “Trên 60.000” được đọc là .*khác với cách đánh giá đã chọn \(“target”\)/,
    );
    expect(p).toContain(
      'Chỉ tiêu số 4 (mã THU_NS): kế hoạch của kỳ “2024-9t” 200.000.000 nằm ngoài giới hạn “bounds” (từ 0 đến 100.000.000), nên biểu mẫu sẽ từ chối cả số liệu đạt kế hoạch.',
    );
    expect(p.length).toBe(3);
  });

  it('mid-year fields: an own target in a period judged against the annual plan, or for a period the catalogue lacks', () => {
    const c = JSON.parse(JSON.stringify(loadCatalog(2024))) as { periods: Record<string, unknown>[]; indicators: Record<string, unknown>[] };
    c.periods[0].assessment = 'plan'; // 2024-6t, judged against the annual plan as before
    c.periods.splice(1, 1); // no 2024-9t
    const jobs = c.indicators.findIndex((x) => x.code === 'VIEC_LAM');
    const own = { plan: 'Trên 400', target: { kind: 'threshold', direction: 'higher', value: 400 } };
    c.indicators[jobs].periodPlans = { '2024-6t': own, '2024-9t': own };
    expect(problems(c)).toEqual([
      'Chỉ tiêu số 14 (mã VIEC_LAM): kế hoạch riêng của kỳ “2024-6t” không được dùng vì kỳ này được đánh giá so với kế hoạch năm (“assessment” là "plan"). Hãy bỏ kế hoạch riêng hoặc bỏ “assessment” của kỳ.',
      'Chỉ tiêu số 14 (mã VIEC_LAM): kế hoạch riêng của kỳ “2024-9t” nhưng danh mục không có kỳ báo cáo này.',
    ]);
    // An annual period's id is not a mid-year key at all.
    c.indicators[jobs].periodPlans = { '2024-uoc': own };
    expect(problems(c)[0]).toMatch(/“periodPlans” \(kế hoạch riêng của kỳ\)/);
  });

  it('mid-year fields: last year’s figure at the reporting precision, a measure that is total or level', () => {
    const c = JSON.parse(JSON.stringify(loadCatalog(2024))) as { indicators: Record<string, unknown>[] };
    const jobs = c.indicators.findIndex((x) => x.code === 'VIEC_LAM');
    c.indicators[jobs].lastYear = { nam: { value: 942.5 }, '6t': { value: 1e15 } };
    c.indicators[jobs].measure = 'rate';
    const p = problems(c);
    expect(p.join('\n')).toMatch(/“measure” \(loại số liệu\): phải là một trong: "total", "level"/);
    c.indicators[jobs].measure = 'total';
    expect(problems(c)).toEqual([
      'Chỉ tiêu số 14 (mã VIEC_LAM): số liệu cùng kỳ năm trước (“lastYear.6t”) 1.000.000.000.000.000 vượt quá giới hạn chính xác: với 0 chữ số thập phân, số liệu có nhiều nhất 14 chữ số.',
      'Chỉ tiêu số 14 (mã VIEC_LAM): số liệu cùng kỳ năm trước (“lastYear.nam”) 942,5 có 1 chữ số thập phân nhưng “decimals” (số chữ số thập phân) là 0, nên sẽ bị làm tròn thành 943. Hãy đặt “decimals” là 1 hoặc hơn.',
    ]);
    c.indicators[jobs].lastYear = { nam: { value: 942, source: 'Phụ lục 1 năm 2023' }, '6t': { value: 410 } };
    expect(() => parseCatalog(c, 'thu.json')).not.toThrow();
  });

  it('bad JSON text', () => {
    expect(() => parseCatalogText('{ "schema": ', 'hong.json')).toThrow(/Tệp sai cú pháp JSON ở cuối tệp/);
  });
});

describe('shared/ stays pure', () => {
  it('the lint rule refuses Node built-ins, exceljs and Office.js in shared/', async () => {
    const eslint = new ESLint();
    const [res] = await eslint.lintText(
      "import fs from 'node:fs';\nimport ExcelJS from 'exceljs';\nexport const x = Excel.run;\nexport const y = [fs, ExcelJS];\n",
      { filePath: 'shared/bad-example.ts' },
    );
    const rules = res.messages.map((m) => m.ruleId);
    expect(rules.filter((r) => r === 'no-restricted-imports').length).toBe(2);
    expect(rules).toContain('no-restricted-globals');
  });

  it('no file in shared/ imports them', async () => {
    const eslint = new ESLint();
    const results = await eslint.lintFiles(['shared/**/*.ts']);
    const offending = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => `${r.filePath}:${m.line} ${m.message}`),
    );
    expect(offending).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(7);
  });
});

describe('type errors say what was found', () => {
  it('a number where text is expected is not called missing', () => {
    const c = JSON.parse(JSON.stringify(loadCatalog(2023)));
    c.indicators[0].unit = 5;
    try {
      parseCatalog(c, 'x.json');
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as CatalogError).problems).toContain('“indicators” (chỉ tiêu) › thứ 1 › “unit” (đơn vị tính): phải là chữ đặt trong dấu nháy kép.');
    }
  });
});
