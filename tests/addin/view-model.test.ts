// The pane's pure parts: the checklist built from the shared read-back and checks (the worker's own
// checkTemplate), what a glance reads (no badge on a wrong figure, grey "Chưa nhập", red only for
// errors), the summary line, catalogue lookup, default choices, the text-prefix rule of the
// Office.js writer, errors in Vietnamese, the capabilities, and the in-memory host reading exactly
// what the Office.js adapter reads.
import { roundTo } from '../../shared/numbers.ts';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isMet } from '../../shared/assess.ts';
import { checkTemplate } from '../../shared/template-read.ts';
import { BADGE_LABEL } from '../../addin/app/StatusBadge.tsx';
import { buildTemplateView, defaultCatalog, defaultPeriod, summaryText, unitOptions, type TemplateRead } from '../../addin/app/view-model.ts';
import { debounce } from '../../addin/app/debounce.ts';
import { CAPABILITY_WARNINGS, capabilitiesFor, detectCapabilities } from '../../addin/office/capabilities.ts';
import { describeError, SheetRefusal } from '../../addin/office/errors.ts';
import { readTemplate } from '../../addin/office/read.ts';
import { fromCellInput, needsTextPrefix, toCellInput, toOfficeFormula } from '../../addin/office/text.ts';
import { columnWidthToPoints, argbToHex } from '../../addin/office/units.ts';
import { MemoryHost } from './harness/memory-host.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { fakeTemplate, modelFor, paneCatalogs } from '../helpers/addin-fixtures.ts';

const bundled = paneCatalogs();
const catalog = loadCatalog(2023);
const code = (stt: number) => catalog.indicators.find((i) => i.stt === stt)!.code;

async function readVhtt(inputs: Record<string, string | number>): Promise<TemplateRead> {
  const host = new MemoryHost();
  host.loadModel(modelFor(catalog, 'VHTT'), inputs);
  const read = await host.readTemplate();
  if (read.kind !== 'template') throw new Error('not a template');
  return read;
}

function view(read: TemplateRead) {
  const r = buildTemplateView(read, bundled.catalogs);
  if (!r.ok) throw new Error(r.error);
  return r.view;
}

describe('buildTemplateView', () => {
  it('lists the shared checks’ problems at E or G, and never badges a wrong figure', async () => {
    // 10: not a number; 17: 5000 on a 0–200 indicator (would be "Vượt"); 18: unmet (90%, held as
    // 0,9 in its percentage cell), no explanation; 20: met.
    const read = await readVhtt({ E5: 'abc', E6: 5000, E7: 0.9, E8: 9 });
    const v = view(read);
    expect([v.unitName, v.periodHeader, v.deadline]).toEqual(['Phòng Văn hóa và Thông tin', 'Ước thực hiện năm 2023', '17:00 ngày 20/11/2023']);
    expect(v.notices).toEqual([]);
    expect(v.items.map((i) => [i.stt, i.badge, i.tone])).toEqual([
      [10, null, 'error'],
      [17, null, 'error'],
      [18, 'khong_dat', 'warning'],
      [20, 'dat', 'ok'],
    ]);
    // The assessment alone would have called 5000 "Vượt": it is refused as out of bounds (issue 20), and the badge says nothing.
    expect(v.items[1].status).toBe('loi');
    // The very problems the worker's checkTemplate finds, with their severity and cell.
    const checked = checkTemplate(catalog, read);
    if ('error' in checked) throw new Error(checked.error);
    expect(v.items.flatMap((i) => i.problems.map((p) => [p.code, p.severity, p.address, p.message]))).toEqual(
      checked.rows.flatMap((r) => r.problems.map((p) => [p.code, p.severity, p.cell, p.message])),
    );
    expect(v.items.flatMap((i) => i.problems.map((p) => `${p.severity}:${p.address}`))).toEqual(['error:E5', 'error:E6', 'warning:G7']);
    expect(v.summary).toMatchObject({ met: 1, total: 4, empty: 0, errors: 2, warnings: 1, tone: 'error' });
    expect(v.summary.text).toBe('1/4 chỉ tiêu đạt hoặc vượt kế hoạch; 2 lỗi cần sửa; 1 cảnh báo');
    expect(v.blocking).toEqual({ errors: 2, empty: false, first: 'E5' });
  });

  it('reads a fresh template as “not entered yet” in grey, not as mistakes', async () => {
    const v = view(await readVhtt({}));
    expect(v.items.map((i) => [i.badge, i.tone, i.problems])).toEqual(Array(4).fill(['chua_nhap', 'empty', []]));
    expect(v.summary).toMatchObject({ met: 0, errors: 0, warnings: 0, empty: 4, tone: 'empty' });
    expect(v.summary.text).toBe('0/4 chỉ tiêu đạt hoặc vượt kế hoạch; còn 4 chỉ tiêu chưa nhập');
    // Submitting an empty sheet is refused with the worker's own sentence, not as "4 errors".
    expect(v.blocking).toMatchObject({ errors: 0, empty: true, emptyMessage: expect.stringMatching(/^Biểu mẫu chưa có số liệu nào/) });

    const partial = view(await readVhtt({ E5: 85 }));
    expect(partial.summary.text).toBe('1/4 chỉ tiêu đạt hoặc vượt kế hoạch; còn 3 chỉ tiêu chưa nhập');
    expect(partial.blocking).toEqual({ errors: 0, empty: false });
    expect(partial.items[0].badge).toBe('vuot');
    expect(BADGE_LABEL[partial.items[0].badge!]).toBe('Vượt KH');
  });

  it('makes warnings amber and lets them through: a missing explanation does not block', async () => {
    const v = view(await readVhtt({ E5: 80, E6: 52, E7: 0.9, E8: 9 }));
    expect(v.summary).toMatchObject({ errors: 0, warnings: 1, tone: 'warning' });
    expect(v.summary.text).toBe('3/4 chỉ tiêu đạt hoặc vượt kế hoạch; 1 cảnh báo');
    expect(v.blocking).toEqual({ errors: 0, empty: false });
    const done = view(await readVhtt({ E5: 80, E6: 52, E7: 0.9, G7: 'Một số khu dân cư chưa đạt tiêu chí.', E8: 9 }));
    expect(done.summary).toMatchObject({ tone: 'ok', text: '3/4 chỉ tiêu đạt hoặc vượt kế hoạch; không có lỗi' });
  });

  it('for any figures: a badge only where the figure is usable, and only usable figures count as met', async () => {
    const model = modelFor(catalog, 'VHTT');
    const cell = fc.oneof(
      fc.constant(null),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.integer({ min: -500, max: 1500 }),
      fc.constantFrom('abc', '1.721,4', '9', 'Dưới 1', '—', ' 80 ', '1e5', 'chưa đánh giá do áp dụng quy định mới'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { minLength: 4, maxLength: 4 }), async (values) => {
        const inputs: Record<string, string | number> = {};
        values.forEach((v, k) => {
          if (v !== null) inputs[`E${5 + k}`] = v;
        });
        const host = new MemoryHost();
        host.loadModel(model, inputs);
        const read = await host.readTemplate();
        if (read.kind !== 'template') throw new Error('not a template');
        const v = view(read);
        for (const item of v.items) {
          const ind = catalog.indicators.find((i) => i.code === item.indicator)!;
          const figureError = item.problems.some((p) => p.severity === 'error' && p.address === `E${item.row}`);
          expect(item.badge === null, `${item.stt}: ${JSON.stringify(inputs)}`).toBe(figureError);
          const n = typeof inputs[`E${item.row}`] === 'number' ? (inputs[`E${item.row}`] as number) : undefined;
          // Bounds are checked at the reporting precision (−5·10⁻³²⁴ is 0 there, inside 0–…).
          const r = n === undefined ? undefined : roundTo(n, ind.decimals);
          if (r !== undefined && (r < ind.bounds.min || r > ind.bounds.max)) expect(item.badge).toBeNull();
        }
        expect(v.summary.met).toBe(v.items.filter((i) => i.badge !== null && isMet(i.badge)).length);
        expect(v.summary.empty).toBe(values.filter((x) => x === null).length);
        expect(v.summary.tone === 'error').toBe(v.summary.errors > 0);
      }),
      { numRuns: 150 },
    );
  });

  it('warns when the catalogue changed since the template was made, and refuses an unknown one', async () => {
    const read = await readVhtt({});
    const changed = buildTemplateView({ ...read, meta: { ...read.meta, catalogHash: '0000000000000000' } }, bundled.catalogs);
    expect(changed.ok && changed.view.notices).toEqual([expect.objectContaining({ code: 'catalog_changed', severity: 'warning' })]);
    const unknown = buildTemplateView({ ...read, meta: { ...read.meta, catalogId: 'ha-tinh-2030', year: '2030' } }, bundled.catalogs);
    // Neither a catalogue of that id from the worker nor the one the template carries (its id is another).
    expect(!unknown.ok && unknown.error).toBe(
      'Biểu mẫu này được tạo theo danh mục chỉ tiêu năm 2030 trước khi biểu mẫu mang theo danh mục, nên phần bổ trợ chưa có danh mục để kiểm tra. Hãy đăng ký nộp qua mạng trong mục “Cài đặt” (phần bổ trợ sẽ lấy danh mục từ hệ thống), hoặc dùng biểu mẫu mới do Phòng Tài chính - Kế hoạch gửi.',
    );
  });

  it('reports rows missing from the template and rows that were moved, without a badge', async () => {
    const read = await readVhtt({ A6: 99 });
    const v = view({ ...read, rows: read.rows.filter((x) => x.indicator !== code(20)) });
    const byStt = new Map(v.items.map((i) => [i.stt, i]));
    expect(byStt.get(17)!.problems).toEqual([
      expect.objectContaining({ code: 'layout', severity: 'error', address: 'A6', message: expect.stringContaining('Dòng 6 phải là chỉ tiêu số 17') }),
    ]);
    expect(byStt.get(17)!.badge).toBeNull();
    expect(byStt.get(20)!.problems[0]).toMatchObject({ code: 'layout', message: expect.stringContaining('biểu mẫu không có dòng') });
    expect(byStt.get(20)!.problems[0].address).toBeUndefined();
    expect(JSON.stringify(v)).not.toMatch(/Đừng/);
  });

  it('carries the intake address the template was made with', async () => {
    const host = new MemoryHost();
    const catalogFor = loadCatalog(2023);
    host.loadModel(modelFor(catalogFor, 'VHTT', '2023-uoc', undefined, 'https://phuluc.honglinh.gov.vn'));
    const read = await host.readTemplate();
    expect(read.kind === 'template' && view(read).intakeUrl).toBe('https://phuluc.honglinh.gov.vn');
    expect(view(await readVhtt({})).intakeUrl).toBeUndefined();
  });

  it('writes the summary line with only what is there', () => {
    expect(summaryText({ met: 3, total: 5, empty: 0, errors: 1, warnings: 0 })).toBe('3/5 chỉ tiêu đạt hoặc vượt kế hoạch; 1 lỗi cần sửa');
    expect(summaryText({ met: 5, total: 5, empty: 0, errors: 0, warnings: 0 })).toBe('5/5 chỉ tiêu đạt hoặc vượt kế hoạch; không có lỗi');
    expect(summaryText({ met: 0, total: 3, empty: 2, errors: 0, warnings: 1 })).toBe(
      '0/3 chỉ tiêu đạt hoặc vượt kế hoạch; còn 2 chỉ tiêu chưa nhập; 1 cảnh báo',
    );
  });
});

describe('create form defaults', () => {
  it('suggests this year’s catalogue, the next deadline and only units that own indicators', () => {
    expect(defaultCatalog(bundled.catalogs, new Date('2024-03-01T00:00:00Z'))?.catalog.id).toBe('hong-linh-2024');
    expect(defaultCatalog(bundled.catalogs, new Date('2030-01-01T00:00:00Z'))?.catalog.id).toBe('hong-linh-2024');
    // 17:00 on 20/11/2023 in Vietnam is 10:00 UTC.
    expect(defaultPeriod(catalog, new Date('2023-11-20T09:59:00Z')).id).toBe('2023-uoc');
    expect(defaultPeriod(catalog, new Date('2023-11-20T10:01:00Z')).id).toBe('2023-nam');
    expect(defaultPeriod(catalog, new Date('2030-01-01T00:00:00Z')).id).toBe('2023-nam');
    const units = unitOptions(catalog);
    expect(units).toHaveLength(13);
    expect(units.find((u) => u.code === 'VHTT')?.label).toBe('Phòng Văn hóa và Thông tin (4 chỉ tiêu)');
  });
});

describe('MemoryHost reads what the Office.js adapter reads', () => {
  it.each(['VHTT', 'LDTBXH', 'CCT'])('unit %s, with ExcelApi 1.4 and with ExcelApi 1.1', async (unit) => {
    const model = modelFor(catalog, unit);
    const inputs = { E5: 'Tăng 6,45 %', G5: 'Ghi chú', E6: 12 };
    const host = new MemoryHost();
    host.loadModel(model, inputs);
    const memory = await host.readTemplate();
    expect(memory.kind).toBe('template');
    expect(memory).toEqual(await readTemplate(fakeTemplate(model, inputs).context));
    expect(memory).toEqual(await readTemplate(fakeTemplate(model, inputs).context, { nullObjects: false }));
  });
});

describe('Office.js writing rules', () => {
  it('keeps text that Excel would convert as text', () => {
    for (const t of ['1.200', '69', '192,5', '6/6', '12:30', '1e5', 'TRUE', '-5', '=A1', '+1']) expect(needsTextPrefix(t), t).toBe(true);
    for (const t of ['> 99', 'Dưới 1', '80/100 dân', 'Tăng trên 13%', 'Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà', ''])
      expect(needsTextPrefix(t), t).toBe(false);
    expect(toCellInput('1.200')).toBe("'1.200");
    expect(fromCellInput(toCellInput('1.200'))).toBe('1.200');
    expect(toCellInput(null)).toBe('');
    expect(toCellInput(7)).toBe(7);
    expect(toOfficeFormula('IFERROR(_xlfn.NUMBERVALUE(I5,",","."),"ERR")')).toBe('=IFERROR(NUMBERVALUE(I5,",","."),"ERR")');
  });

  it('converts sizes and colours in one documented way', () => {
    expect(columnWidthToPoints(46)).toBe(241.5);
    expect(columnWidthToPoints(10)).toBe(52.5);
    expect(argbToHex('FFF2F2F2')).toBe('#F2F2F2');
  });

  it('detects what each Excel can do, and survives a host that throws', () => {
    expect(capabilitiesFor('1.1')).toEqual({
      nullObjects: false,
      changeEvents: false,
      drawTemplate: false,
      dataValidation: false,
      gridlines: false,
      pageLayout: false,
      autofit: false,
    });
    expect(capabilitiesFor('1.2')).toMatchObject({ autofit: true, nullObjects: false });
    expect(capabilitiesFor('1.4')).toMatchObject({ nullObjects: true, changeEvents: false, drawTemplate: false });
    expect(capabilitiesFor('1.7')).toEqual({
      nullObjects: true,
      changeEvents: true,
      drawTemplate: true,
      dataValidation: false,
      gridlines: false,
      pageLayout: false,
      autofit: true,
    });
    // Excel 2019 (ExcelApi 1.8): validation yes, page layout no.
    expect(capabilitiesFor('1.8')).toMatchObject({ dataValidation: true, gridlines: true, pageLayout: false });
    expect(capabilitiesFor('1.9')).toMatchObject({ dataValidation: true, pageLayout: true });
    expect(capabilitiesFor('1.17')).toMatchObject({ pageLayout: true });
    expect(
      detectCapabilities(() => {
        throw new Error('old host');
      }),
    ).toEqual(capabilitiesFor('1.0'));
    expect(CAPABILITY_WARNINGS.dataValidation).toContain('Excel 2019');
    expect(CAPABILITY_WARNINGS.dataValidation).not.toContain('Excel 2021');
  });

  it('words Office errors in Vietnamese and keeps the technical detail', () => {
    expect(describeError('Không đọc được sổ làm việc', Object.assign(new Error('The sheet is protected.'), { code: 'AccessDenied' }))).toBe(
      'Không đọc được sổ làm việc: Excel từ chối thao tác (trang hoặc sổ làm việc đang được bảo vệ, hoặc đang ở chế độ chỉ đọc). (Chi tiết kỹ thuật: AccessDenied – The sheet is protected.)',
    );
    expect(describeError('X', new SheetRefusal('Đã có trang.'))).toBe('Đã có trang.');
    expect(describeError('X', 'boom')).toBe('X: đã xảy ra lỗi không mong muốn. (Chi tiết kỹ thuật: boom)');
  });
});

describe('debounce', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it('runs once, 300 ms after the last call, and can be cancelled', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d();
    vi.advanceTimersByTime(200);
    d();
    vi.advanceTimersByTime(299);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    d();
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
