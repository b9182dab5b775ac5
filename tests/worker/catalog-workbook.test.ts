/**
 * Issue 22: the catalogue as an Excel workbook. Export then import gives the same catalogue, field
 * for field (the real catalogues, the levels demo with roll-ups, and catalogues with every text and
 * figure changed at random); a workbook edited wrongly is refused naming the sheet and cell.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/catalog.ts';
import { parseCatalogText } from '../../shared/catalog-schema.ts';
import { WorkbookError } from '../../worker/catalog-workbook/layout.ts';
import { catalogFromWorkbook } from '../../worker/catalog-workbook/read.ts';
import { catalogToWorkbook } from '../../worker/catalog-workbook/write.ts';
import { PROJECT_ROOT } from '../../worker/paths.ts';
import { loadCatalog } from '../helpers/catalog.ts';

function load(file: string): Catalog {
  const p = path.join(PROJECT_ROOT, file);
  return parseCatalogText(readFileSync(p, 'utf8'), p);
}

const roundTrip = async (c: Catalog) => catalogFromWorkbook(await catalogToWorkbook(c), 'x.xlsx');

/** The workbook of a catalogue, edited with exceljs as an office would in Excel, then read back. */
async function edited(c: Catalog, edit: (wb: ExcelJS.Workbook) => void): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await catalogToWorkbook(c)) as unknown as ExcelJS.Buffer);
  edit(wb);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  try {
    await catalogFromWorkbook(bytes, 'danh-muc.xlsx');
  } catch (e) {
    return e;
  }
  return undefined;
}

async function problems(c: Catalog, edit: (wb: ExcelJS.Workbook) => void): Promise<string[]> {
  const e = await edited(c, edit);
  expect(e).toBeInstanceOf(WorkbookError);
  return (e as WorkbookError).problems;
}

describe('the catalogue as a workbook: the round trip is exact', () => {
  for (const file of [
    'shared/catalog/2023.json',
    'shared/catalog/2024.json',
    'worker/demo/levels/hong-linh-2023.json',
    'worker/demo/levels/ha-tinh-2023.json',
  ]) {
    it(file, async () => {
      const c = load(file);
      expect(await roundTrip(c)).toStrictEqual(c);
    });
  }

  it('with every text and figure of 2024.json changed at random (property)', async () => {
    const base = loadCatalog(2024);
    // Any text a cell can hold: Vietnamese, spaces at either end, quotes, line breaks, “=” first, digits that look like numbers.
    const text = fc.oneof(
      fc.string({
        unit: fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộứừửữựýỳỷỹỵ ÁĐƯ0123456789.,;:/%()“”"\'=-–\n<>&'.split('')),
        minLength: 1,
        maxLength: 40,
      }),
      fc.constantFrom('=1+1', '02', '1.600', ' trước', 'sau ', 'Tỷ 𝔸 ≥ 7,5m'),
    );
    const trimmed = text.map((s) => s.trim()).filter((s) => s.length > 0);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          names: fc.array(text, { minLength: base.indicators.length, maxLength: base.indicators.length }),
          hints: fc.array(fc.option(text, { nil: undefined }), { minLength: base.indicators.length, maxLength: base.indicators.length }),
          phrases: fc.array(fc.array(trimmed, { minLength: 1, maxLength: 3 }), { minLength: base.indicators.length, maxLength: base.indicators.length }),
          last: fc.array(
            fc.option(fc.record({ units: fc.integer({ min: -1e9, max: 1e9 }), source: fc.option(text, { nil: undefined }) }), { nil: undefined }),
            { minLength: base.indicators.length, maxLength: base.indicators.length },
          ),
          group: text,
          unit: text,
          locality: text,
          date: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), { nil: null }),
          deadline: fc.date({ min: new Date('2024-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
          offset: fc.constantFrom('+07:00', 'Z', '-05:00'),
        }),
        async (m) => {
          const c: Catalog = structuredClone(base);
          c.indicators.forEach((ind, i) => {
            ind.name = m.names[i];
            if (m.hints[i] === undefined) delete ind.hint;
            else ind.hint = m.hints[i];
            ind.prose = { ...ind.prose, phrases: m.phrases[i] };
            const l = m.last[i];
            if (l === undefined) delete ind.lastYear;
            else ind.lastYear = { '6t': { value: l.units / 10 ** ind.decimals, ...(l.source !== undefined ? { source: l.source } : {}) } };
          });
          c.groups[0].name = m.group;
          c.units[0].name = m.unit;
          c.locality.name = m.locality;
          c.resolution.date = m.date ? m.date.toISOString().slice(0, 10) : null;
          c.periods[1].deadline = m.deadline.toISOString().replace(/\.\d{3}Z$/, m.offset);
          const parsed = parseCatalogText(JSON.stringify(c));
          expect(await roundTrip(parsed)).toStrictEqual(parsed);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('the workbook for an office', () => {
  it('has the sheets in order and drop-down lists for the enumerations and the codes', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await catalogToWorkbook(loadCatalog(2024))) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['Hướng dẫn', 'visible'],
      ['Thông tin chung', 'visible'],
      ['Chỉ tiêu', 'visible'],
      ['Nhóm', 'visible'],
      ['Đơn vị', 'visible'],
      ['Kỳ báo cáo', 'visible'],
      ['Cách gọi trong báo cáo', 'visible'],
      ['Kế hoạch theo kỳ', 'visible'],
      ['Tổng hợp từ cấp dưới', 'visible'],
      ['Danh sách', 'hidden'],
    ]);
    const ind = wb.getWorksheet('Chỉ tiêu')!;
    expect(ind.getCell('H1').value).toBe('Loại kế hoạch');
    expect(ind.getCell('H2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Danh sách'!$A$2:$A$5"] });
    expect(ind.getCell('I2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Danh sách'!$B$2:$B$3"] });
    expect(ind.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Đơn vị'!$A$2:$A$221"] });
    expect(ind.getCell('C225').dataValidation).toMatchObject({ type: 'list', formulae: ["'Nhóm'!$A$2:$A$218"] });
    expect(ind.getCell('C225').numFmt).toBe('@');
    expect(ind.getCell('H2').value).toBe('Ngưỡng');
    expect(ind.getCell('G2').value).toBe('Tăng 11%');
    expect(wb.getWorksheet('Đơn vị')!.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Danh sách'!$F$2:$F$11"] });
    expect(wb.getWorksheet('Kỳ báo cáo')!.getCell('E4').value).toBe('17:00 20/11/2024');
    const lists = wb.getWorksheet('Danh sách')!;
    expect([2, 3, 4, 5].map((r) => lists.getCell(r, 1).value)).toEqual(['Ngưỡng', 'Duy trì', 'Khoảng', 'Chưa đánh giá năm nay']);
  });

  it('reads what an office types in Excel: numbers in Vietnamese notation as text, a plan typed as a number, dates typed as dates, labels in another case', async () => {
    const c = loadCatalog(2024);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await catalogToWorkbook(c)) as unknown as ExcelJS.Buffer);
    const ind = wb.getWorksheet('Chỉ tiêu')!;
    ind.getCell('P6').value = '100.000'; // bounds.max of DT_GIEO_TRONG (row 6), typed as text the Vietnamese way
    ind.getCell('G6').value = 2610.4; // the plan typed as a number: read as “2.610,4”
    ind.getCell('I6').value = 'càng cao càng tốt';
    // A deadline typed as a date and time: Excel stores it as a date serial (no time zone), read as Vietnam time.
    const deadline = wb.getWorksheet('Kỳ báo cáo')!.getCell('E4');
    deadline.value = new Date(Date.UTC(2024, 10, 20, 17, 0));
    deadline.style = { ...deadline.style, numFmt: 'hh:mm dd/mm/yyyy' }; // a style of its own: exceljs shares loaded styles between cells
    wb.getWorksheet('Kỳ báo cáo')!.getCell('E5').value = 45672.708333333336; // 15/01/2025 17:00 as a bare serial
    const back = await catalogFromWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(back).toStrictEqual(c);
  });
});

describe('a workbook edited wrongly is refused, naming the sheet and the cell', () => {
  const c = loadCatalog(2024);

  it('a value not in the list, a number written the English way, an empty name, an unknown code', async () => {
    const p = await problems(c, (wb) => {
      const ind = wb.getWorksheet('Chỉ tiêu')!;
      ind.getCell('H3').value = 'Nguong';
      ind.getCell('J4').value = '1,721.4';
      ind.getCell('D5').value = null;
      wb.getWorksheet('Cách gọi trong báo cáo')!.getCell('A2').value = 'GTSX_CU';
    });
    expect(p).toEqual([
      'Trang “Chỉ tiêu”, ô H3 (Loại kế hoạch): “Nguong” không có trong danh sách. Hãy chọn một trong: Ngưỡng; Duy trì; Khoảng; Chưa đánh giá năm nay.',
      'Trang “Chỉ tiêu”, ô J4 (Giá trị): Không đọc được số “1,721.4”. Hãy nhập số, ví dụ 1.721,4.',
      'Trang “Chỉ tiêu”, ô D5 (Tên chỉ tiêu): đang trống. Hãy điền.',
      'Trang “Cách gọi trong báo cáo”, ô A2 (Mã chỉ tiêu): không có chỉ tiêu mã “GTSX_CU” ở trang “Chỉ tiêu”. Hãy sửa mã, hoặc xóa dòng 2.',
    ]);
  });

  it('a sheet renamed, a column renamed', async () => {
    expect(
      await problems(c, (wb) => {
        wb.getWorksheet('Nhóm')!.name = 'Nhom';
      }),
    ).toEqual([
      'Sổ làm việc thiếu trang “Nhóm”. Hãy dùng tệp xuất bằng “phuluc catalog export” và giữ tên các trang (các trang cần có: “Thông tin chung”, “Kỳ báo cáo”, “Nhóm”, “Đơn vị”, “Chỉ tiêu”, “Cách gọi trong báo cáo”, “Kế hoạch theo kỳ”, “Tổng hợp từ cấp dưới”).',
    ]);
    expect(
      await problems(c, (wb) => {
        wb.getWorksheet('Chỉ tiêu')!.getCell('G1').value = 'Kế hoạch';
      }),
    ).toEqual([
      'Trang “Chỉ tiêu”, dòng 1: thiếu cột “Kế hoạch (như in)”. Hãy giữ nguyên dòng tiêu đề như tệp xuất ra (có thể đổi thứ tự cột, không đổi tên cột).',
    ]);
  });

  it('a plan that no longer reads as its target, and an owner not in the units: the catalogue’s own check, with the row', async () => {
    const p = await problems(c, (wb) => {
      const ind = wb.getWorksheet('Chỉ tiêu')!;
      ind.getCell('G3').value = 'Trên 75'; // THU_NHAP, value still 70
      ind.getCell('F4').value = 'TCKH2';
    });
    expect(p).toEqual([
      'Chỉ tiêu số 2 (mã THU_NHAP): kế hoạch in “Trên 75” được đọc là mức sàn 75 (càng cao càng tốt), khác với cách đánh giá đã chọn (“target”): mức sàn 70 (càng cao càng tốt). Hãy sửa một trong hai cho khớp. (trang “Chỉ tiêu”, dòng 3)',
      'Chỉ tiêu số 3 (mã VON_DAU_TU): đơn vị phụ trách “TCKH2” không có trong danh sách “units”. (trang “Chỉ tiêu”, dòng 4)',
    ]);
  });

  it('a duplicated code, a general field typed wrongly, a deadline that is not a time', async () => {
    const p = await problems(c, (wb) => {
      wb.getWorksheet('Chỉ tiêu')!.getCell('B4').value = 'THU_NHAP';
      wb.getWorksheet('Thông tin chung')!.getCell('B4').value = 'năm 2024';
      wb.getWorksheet('Kỳ báo cáo')!.getCell('E2').value = '15/6/2024';
    });
    expect(p).toEqual([
      'Trang “Thông tin chung”, ô B4 (Năm kế hoạch): Không đọc được số “năm 2024”. Hãy nhập số, ví dụ 1.721,4.',
      'Trang “Kỳ báo cáo”, ô E2 (Hạn nộp): “15/6/2024” không phải một thời điểm. Hãy ghi như 17:00 20/11/2024.',
      'Trang “Chỉ tiêu”, ô B4 (Mã chỉ tiêu): mã “THU_NHAP” đã có ở dòng 3. Mỗi chỉ tiêu một mã.',
      // VON_DAU_TU's code was overwritten: its phrases now point nowhere, said once.
      'Trang “Cách gọi trong báo cáo”, ô A13 (Mã chỉ tiêu): không có chỉ tiêu mã “VON_DAU_TU” ở trang “Chỉ tiêu”. Hãy sửa mã, hoặc xóa các dòng 13, 14, 15, 16, 17.',
    ]);
  });

  it('a file that is not a workbook', async () => {
    await expect(catalogFromWorkbook(new TextEncoder().encode('Thu nhập bình quân\t70\n'), 'a.xlsx')).rejects.toThrow(
      /Tệp không phải sổ làm việc Excel \(\.xlsx\) đọc được/,
    );
    const xls = new Uint8Array(4096);
    xls.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(catalogFromWorkbook(xls, 'a.xlsx')).rejects.toThrow(WorkbookError);
  });
});
