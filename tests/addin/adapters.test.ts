// Office.js adapters against office-addin-mock (tests/helpers/addin-excel-mock.ts): what they read,
// how many times they sync, and that protection is only applied where it is missing.
import { describe, expect, it, vi } from 'vitest';
import { META_SHEET, SHEET_NAME } from '../../shared/layout.ts';
import { capabilitiesFor, FULL_CAPABILITIES } from '../../addin/office/capabilities.ts';
import { LEGACY_DATA_BLOCK, LEGACY_META_BLOCK, readTemplate, selectCell, subscribeChanges } from '../../addin/office/read.ts';
import { protectTemplate, renderTemplate } from '../../addin/office/render.ts';
import { SheetRefusal } from '../../addin/office/errors.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { FakeExcel } from '../helpers/addin-excel-mock.ts';
import { fakeTemplate, modelFor, syntheticCatalog } from '../helpers/addin-fixtures.ts';

function countSyncs(fake: FakeExcel) {
  return vi.spyOn(fake.context, 'sync');
}

describe('readTemplate', () => {
  it('returns the metadata and the unit’s rows (E value, G note, D plan)', async () => {
    const catalog = loadCatalog(2023);
    const model = modelFor(catalog, 'VHTT');
    const fake = fakeTemplate(model, { E5: 'abc', E6: 55, G6: 'Vượt nhờ chương trình mới', E8: '9' });
    const read = await readTemplate(fake.context);
    expect(read.kind).toBe('template');
    if (read.kind !== 'template') return;
    expect(read.meta).toMatchObject({ kind: 'phuluc-template', unit: 'VHTT', catalogId: 'hong-linh-2023', period: '2023-uoc' });
    const code = (stt: number) => catalog.indicators.find((i) => i.stt === stt)!.code;
    expect(read.rows.map((r) => [r.indicator, r.row, r.stt, r.plan, r.value, r.note])).toEqual([
      [code(10), 5, 10, '80/100 dân', 'abc', ''],
      [code(17), 6, 17, '52', 55, 'Vượt nhờ chương trình mới'],
      [code(18), 7, 18, '95', null, ''],
      [code(20), 8, 20, 'Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà', '9', ''],
    ]);
  });

  it.each([3, 60])('syncs exactly twice per refresh with %i rows', async (n) => {
    const model = modelFor(syntheticCatalog(n), 'TCKH');
    const fake = fakeTemplate(model, { [`E${4 + n}`]: 12.5 });
    const syncs = countSyncs(fake);
    const read = await readTemplate(fake.context);
    expect(syncs).toHaveBeenCalledTimes(2);
    expect(read.kind === 'template' && read.rows.length).toBe(n);
    expect(read.kind === 'template' && read.rows[n - 1].value).toBe(12.5);
    // One range for the whole data block, one for the metadata: no per-row reads.
    expect(fake.callsOf('getUsedRangeOrNullObject').map((c) => c.target)).toEqual([`${META_SHEET}!A:B`, `${SHEET_NAME}!A5:I1004`]);
  });

  it.each([3, 60])('syncs twice on ExcelApi 1.1 too (%i rows), with sheet names and fixed blocks', async (n) => {
    const model = modelFor(syntheticCatalog(n), 'TCKH');
    const fake = fakeTemplate(model, { [`E${4 + n}`]: 12.5 });
    const syncs = countSyncs(fake);
    const read = await readTemplate(fake.context, { nullObjects: false });
    expect(syncs).toHaveBeenCalledTimes(2);
    expect(read.kind === 'template' && read.rows.length).toBe(n);
    expect(read.kind === 'template' && read.rows[n - 1].value).toBe(12.5);
    // Nothing newer than ExcelApi 1.1: no *OrNullObject, no used range.
    expect(fake.callsOf('getUsedRangeOrNullObject')).toEqual([]);
    expect(fake.callsOf('load')).toEqual([{ target: 'worksheets', method: 'load', args: ['items/name'] }]);
    expect([...fake.ranges.get(META_SHEET)!.keys()]).toEqual([LEGACY_META_BLOCK]);
    expect([...fake.ranges.get(SHEET_NAME)!.keys()]).toEqual([LEGACY_DATA_BLOCK]);
    const plain = await readTemplate(new FakeExcel({ sheets: { Sheet1: {} } }).context, { nullObjects: false });
    expect(plain).toEqual({ kind: 'none', sheetNameTaken: false });
  });

  it('tells a figure Excel turned into a date, or an error value, from a figure', async () => {
    const catalog = loadCatalog(2023);
    const model = modelFor(catalog, 'VHTT');
    const fake = fakeTemplate(model, { E5: 45231, E6: '#DIV/0!', E7: 95 });
    fake.setNumberFormat(SHEET_NAME, 'E5', 'dd/mm/yyyy');
    for (const nullObjects of [true, false]) {
      const read = await readTemplate(fake.context, { nullObjects });
      if (read.kind !== 'template') throw new Error('not a template');
      expect(read.rows.map((r) => [r.row, r.value, r.valueProblem])).toEqual([
        [5, null, expect.stringMatching(/^Excel đã hiểu số liệu là ngày tháng/)],
        [6, null, 'Ô đang báo lỗi #DIV/0!. Hãy nhập số liệu trực tiếp thay cho công thức.'],
        [7, 95, undefined],
        [8, null, undefined],
      ]);
    }
  });

  it('recognises an ordinary workbook in one sync', async () => {
    const fake = new FakeExcel({ sheets: { Sheet1: {} } });
    const syncs = countSyncs(fake);
    expect(await readTemplate(fake.context)).toEqual({ kind: 'none', sheetNameTaken: false });
    expect(syncs).toHaveBeenCalledTimes(1);
    const taken = new FakeExcel({ sheets: { [SHEET_NAME]: { cells: { A1: 'x' } } } });
    expect(await readTemplate(taken.context)).toEqual({ kind: 'none', sheetNameTaken: true });
  });

  it('tells the appendix and a damaged template apart from a template', async () => {
    const appendix = new FakeExcel({ sheets: { [META_SHEET]: { cells: { A1: 'kind', B1: 'phuluc-appendix' } }, [SHEET_NAME]: {} } });
    const a = await readTemplate(appendix.context);
    expect(a.kind === 'other' && a.reason).toMatch(/bản tổng hợp/);
    const model = modelFor(loadCatalog(2023), 'KT');
    const meta: Record<string, string> = {};
    model.meta.entries.forEach(([k, v], i) => {
      meta[`A${i + 1}`] = k;
      meta[`B${i + 1}`] = v;
    });
    const renamed = new FakeExcel({ sheets: { [META_SHEET]: { cells: meta }, 'Trang tính1': {} } });
    const r = await readTemplate(renamed.context);
    expect(r.kind === 'other' && r.reason).toMatch(/Không thấy trang “Phụ lục 1”/);
  });
});

describe('selectCell and subscribeChanges', () => {
  it('activates the sheet and selects the cell in one sync', async () => {
    const fake = fakeTemplate(modelFor(loadCatalog(2023), 'KT'));
    const syncs = countSyncs(fake);
    await selectCell(fake.context, 'G6');
    expect(syncs).toHaveBeenCalledTimes(1);
    expect(fake.calls.filter((c) => c.method === 'activate' || c.method === 'select')).toEqual([
      { target: SHEET_NAME, method: 'activate', args: [] },
      { target: `${SHEET_NAME}!G6`, method: 'select', args: [] },
    ]);
  });

  it('registers a change handler on the template sheet only', async () => {
    const fake = fakeTemplate(modelFor(loadCatalog(2023), 'KT'));
    const seen: unknown[] = [];
    const reg = await subscribeChanges(fake.context, (e) => seen.push(e));
    expect(reg).not.toBeNull();
    await fake.fireChanged();
    expect(seen).toHaveLength(1);
    expect(await subscribeChanges(new FakeExcel({ sheets: { Sheet1: {} } }).context, () => {})).toBeNull();
  });
});

describe('renderTemplate', () => {
  it.each([3, 60])('syncs a constant number of times (%i rows) and stays far below the 5 MB request limit', async (n) => {
    const model = modelFor(syntheticCatalog(n), 'TCKH');
    const fake = new FakeExcel({ sheets: { 'Trang tính1': {} } });
    const syncs = countSyncs(fake);
    const report = await renderTemplate(fake.context, model, FULL_CAPABILITIES);
    // inspect, draw, print setup, protect
    expect(syncs).toHaveBeenCalledTimes(4);
    expect(report.warnings).toEqual([]);
    // Each range call and assignment would be one entry of the request; estimate its size.
    const payload = JSON.stringify([...fake.ranges.get(SHEET_NAME)!.values()].map((m) => [m.formulas, m.numberFormat, m.dataValidation?.rule]));
    expect(payload.length).toBeLessThan(1_000_000);
    expect(fake.ranges.get(SHEET_NAME)!.size).toBeLessThan(60 + 5 * n);
  });

  it('syncs three times when the page layout API is missing, and says so in Vietnamese', async () => {
    const fake = new FakeExcel();
    const syncs = countSyncs(fake);
    const report = await renderTemplate(fake.context, modelFor(loadCatalog(2023), 'KT'), capabilitiesFor('1.7'));
    expect(syncs).toHaveBeenCalledTimes(3);
    expect(report.warnings.join(' ')).toMatch(/kiểm tra dữ liệu khi nhập.*Excel 2019.*thiết lập trang in.*Excel 2021/s);
    expect(fake.assigned(SHEET_NAME, (m) => m.dataValidation?.rule)).toEqual([]);
    expect(fake.callsOf('pageLayout.setPrintArea')).toEqual([]);
  });

  it('protects both sheets and the workbook structure, and hides the metadata sheet', async () => {
    const fake = new FakeExcel();
    await renderTemplate(fake.context, modelFor(loadCatalog(2023), 'KT'));
    expect(fake.isProtected(SHEET_NAME)).toBe(true);
    expect(fake.isProtected(META_SHEET)).toBe(true);
    expect(fake.isWorkbookProtected()).toBe(true);
    expect(fake.sheet(META_SHEET).visibility).toBe('VeryHidden');
    const [protect] = fake.callsOf('protect');
    expect(protect.args[1]).toBe('phuluc');
    expect(protect.args[0]).toMatchObject({ allowFormatRows: true, allowFormatCells: false, allowInsertRows: false });
  });

  it('does not re-apply protection that is already there', async () => {
    const fake = new FakeExcel({ addedSheetsProtected: true });
    await renderTemplate(fake.context, modelFor(loadCatalog(2023), 'KT'));
    expect(fake.callsOf('protect').map((c) => c.target)).toEqual(['workbook']);

    const again = fakeTemplate(modelFor(loadCatalog(2023), 'KT'));
    const syncs = countSyncs(again);
    const model = modelFor(loadCatalog(2023), 'KT');
    expect(await protectTemplate(again.context, model)).toEqual({ sheets: 0, workbook: false });
    expect(again.callsOf('protect')).toEqual([]);
    expect(syncs).toHaveBeenCalledTimes(2);
  });

  it('refuses a workbook that already has the sheet, a template, or a protected structure', async () => {
    const model = modelFor(loadCatalog(2023), 'KT');
    const cases = [
      new FakeExcel({ sheets: { [SHEET_NAME]: {} } }),
      new FakeExcel({ sheets: { [META_SHEET]: {} } }),
      new FakeExcel({ workbookProtected: true }),
    ];
    for (const fake of cases) {
      const error = await renderTemplate(fake.context, model).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SheetRefusal);
      expect((error as Error).message).toMatch(/sổ làm việc trống/);
      expect(fake.callsOf('add')).toEqual([]);
    }
  });

  it('reads back what it drew (round trip through the fake workbook)', async () => {
    const catalog = loadCatalog(2023);
    const model = modelFor(catalog, 'VHTT');
    const fake = new FakeExcel();
    await renderTemplate(fake.context, model);
    fake.commitWrites();
    fake.setCell(SHEET_NAME, 'E7', 95);
    const read = await readTemplate(fake.context);
    expect(read.kind).toBe('template');
    if (read.kind !== 'template') return;
    expect(read.meta.catalogHash).toBe(model.meta.entries.find(([k]) => k === 'catalogHash')![1]);
    expect(read.rows.map((r) => [r.indicator, r.row, r.stt, r.value])).toEqual(
      model.rows.map(({ indicator, row }) => {
        const ind = catalog.indicators.find((i) => i.code === indicator)!;
        return [indicator, row, ind.stt, row === 7 ? 95 : null];
      }),
    );
  });
});
