// The pane's pure parts: the checklist built with the shared rule, the summary line, catalogue
// lookup, default choices, the text-prefix rule of the Office.js writer, errors in Vietnamese,
// and the in-memory host reading exactly what the Office.js adapter reads.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STATUS_BADGE } from '../../shared/assess.ts';
import { checkRow, evaluateRow } from '../../shared/report.ts';
import { loadCatalogs } from '../../addin/catalogs.ts';
import { buildTemplateView, defaultCatalog, defaultPeriod, summaryText, unitOptions, type TemplateRead } from '../../addin/app/view-model.ts';
import { debounce } from '../../addin/app/debounce.ts';
import { detectCapabilities } from '../../addin/office/capabilities.ts';
import { describeError, SheetRefusal } from '../../addin/office/errors.ts';
import { readTemplate } from '../../addin/office/read.ts';
import { fromCellInput, needsTextPrefix, toCellInput, toOfficeFormula } from '../../addin/office/text.ts';
import { columnWidthToPoints, argbToHex } from '../../addin/office/units.ts';
import { MemoryHost } from '../../addin/testing/memory-host.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { fakeTemplate, modelFor } from '../helpers/addin-fixtures.ts';

const bundled = loadCatalogs();
const catalog = loadCatalog(2023);
const code = (stt: number) => catalog.indicators.find((i) => i.stt === stt)!.code;

async function readVhtt(inputs: Record<string, string | number>): Promise<TemplateRead> {
  const host = new MemoryHost();
  host.loadModel(modelFor(catalog, 'VHTT'), inputs);
  const read = await host.readTemplate();
  if (read.kind !== 'template') throw new Error('not a template');
  return read;
}

describe('buildTemplateView', () => {
  it('checks every row with the shared rule and points each problem at E or G', async () => {
    const read = await readVhtt({ E5: 'abc', E6: 5000, E7: 90, E8: 9 });
    const r = buildTemplateView(read, bundled.catalogs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.view;
    expect([v.unitName, v.periodHeader, v.deadline]).toEqual(['Phòng Văn hóa và Thông tin', 'Ước thực hiện năm 2023', '17:00 ngày 20/11/2023']);
    expect(v.warnings).toEqual([]);
    expect(v.items.map((i) => [i.stt, i.badge])).toEqual([[10, 'Sai số liệu'], [17, 'Vượt'], [18, 'Không đạt'], [20, 'Đạt']]);
    // Same problems, same words as the shared checkRow.
    for (const item of v.items) {
      const ind = catalog.indicators.find((i) => i.code === item.indicator)!;
      const row = read.rows.find((x) => x.indicator === item.indicator)!;
      const expected = checkRow(evaluateRow(ind, { value: row.value, note: row.note }));
      expect(item.problems.map((p) => [p.code, p.message])).toEqual(expected.map((p) => [p.code, p.message]));
      expect(item.badge).toBe(STATUS_BADGE[item.status]);
    }
    expect(v.items.flatMap((i) => i.problems.map((p) => p.address))).toEqual(['E5', 'E6', 'G7']);
    expect(v.summary).toEqual({ met: 2, total: 4, problems: 3, text: '2/4 chỉ tiêu đạt hoặc vượt; 3 lỗi cần sửa' });
  });

  it('warns when the catalogue changed since the template was made, and refuses an unknown one', async () => {
    const read = await readVhtt({});
    const changed = buildTemplateView({ ...read, meta: { ...read.meta, catalogHash: '0000000000000000' } }, bundled.catalogs);
    expect(changed.ok && changed.view.warnings[0]).toMatch(/đã thay đổi so với lúc tạo biểu mẫu/);
    const unknown = buildTemplateView({ ...read, meta: { ...read.meta, catalogId: 'ha-tinh-2030' } }, bundled.catalogs);
    expect(!unknown.ok && unknown.error).toMatch(/danh mục chỉ tiêu “ha-tinh-2030”.*“hong-linh-2023”, “hong-linh-2024”/);
  });

  it('reports rows missing from the template and rows that were moved', async () => {
    const read = await readVhtt({ A6: 99 });
    const r = buildTemplateView({ ...read, rows: read.rows.filter((x) => x.indicator !== code(20)) }, bundled.catalogs);
    if (!r.ok) throw new Error(r.error);
    const byStt = new Map(r.view.items.map((i) => [i.stt, i]));
    expect(byStt.get(17)!.problems).toEqual([expect.objectContaining({ code: 'layout', address: 'A6', message: expect.stringContaining('Dòng 6 phải là chỉ tiêu số 17') })]);
    expect(byStt.get(20)!.problems[0]).toMatchObject({ code: 'layout', message: expect.stringContaining('biểu mẫu không có dòng') });
    expect(byStt.get(20)!.problems[0].address).toBeUndefined();
  });

  it('writes the summary line', () => {
    expect(summaryText(3, 5, 1)).toBe('3/5 chỉ tiêu đạt hoặc vượt; 1 lỗi cần sửa');
    expect(summaryText(5, 5, 0)).toBe('5/5 chỉ tiêu đạt hoặc vượt; không có lỗi cần sửa');
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

  it('bundles valid catalogues and reports a broken one in Vietnamese', () => {
    expect(bundled).toMatchObject({ errors: [] });
    const broken = loadCatalogs([{ source: 'x.json', json: { schema: 'phuluc-catalog/1' } }]);
    expect(broken.catalogs).toEqual([]);
    expect(broken.errors[0]).toMatch(/^Danh mục chỉ tiêu “x.json” không hợp lệ/);
  });
});

describe('MemoryHost reads what the Office.js adapter reads', () => {
  it.each(['VHTT', 'LDTBXH', 'CCT'])('unit %s', async (unit) => {
    const model = modelFor(catalog, unit);
    const inputs = { E5: 'Tăng 6,45 %', G5: 'Ghi chú', E6: 12 };
    const host = new MemoryHost();
    host.loadModel(model, inputs);
    expect(await host.readTemplate()).toEqual(await readTemplate(fakeTemplate(model, inputs).context));
  });
});

describe('Office.js writing rules', () => {
  it('keeps text that Excel would convert as text', () => {
    for (const t of ['1.200', '69', '192,5', '6/6', '12:30', '1e5', 'TRUE', '-5', '=A1', '+1']) expect(needsTextPrefix(t), t).toBe(true);
    for (const t of ['> 99', 'Dưới 1', '80/100 dân', 'Tăng trên 13%', 'Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà', '']) expect(needsTextPrefix(t), t).toBe(false);
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

  it('detects the requirement sets and survives a host that throws', () => {
    expect(detectCapabilities((_, v) => v <= '1.8')).toEqual({ dataValidation: true, gridlines: true, pageLayout: false });
    expect(detectCapabilities(() => { throw new Error('old host'); })).toEqual({ dataValidation: false, gridlines: false, pageLayout: false });
  });

  it('words Office errors in Vietnamese and keeps the technical detail', () => {
    expect(describeError('Không đọc được sổ làm việc', Object.assign(new Error('The sheet is protected.'), { code: 'AccessDenied' })))
      .toBe('Không đọc được sổ làm việc: Excel từ chối thao tác (trang hoặc sổ làm việc đang được bảo vệ, hoặc đang ở chế độ chỉ đọc). (Chi tiết kỹ thuật: AccessDenied – The sheet is protected.)');
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
    d(); vi.advanceTimersByTime(200); d(); vi.advanceTimersByTime(299);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    d(); d.cancel(); vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
