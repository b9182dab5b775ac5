/**
 * Fills a department template the way a person would: finds each indicator's row by the Số TT
 * shown in column A and types into "Ước thực hiện" and "Giải trình, ghi chú". Used by the demo,
 * the tests and the benchmark to stand in for departments. A number typed into a percentage cell
 * (an indicator in %) is kept as the figure / 100, as Excel's automatic percent entry keeps 95,8
 * typed there.
 */
import ExcelJS from 'exceljs';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { isPercentFormat } from '../../shared/template-read.ts';

export interface FillValue {
  value: number | string | null;
  note?: string | null;
}

export async function fillTemplate(bytes: Uint8Array, byStt: Map<number, FillValue>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SHEET_NAME);
  if (!ws) throw new Error(`Không thấy trang “${SHEET_NAME}” trong biểu mẫu.`);
  for (let row = FIRST_DATA_ROW; row < FIRST_DATA_ROW + 200; row++) {
    const stt = ws.getCell(`${COL.stt}${row}`).value;
    if (typeof stt !== 'number') break;
    const v = byStt.get(stt);
    if (!v) continue;
    const cell = ws.getCell(`${COL.actual}${row}`);
    cell.value = typeof v.value === 'number' && cell.numFmt && isPercentFormat(cell.numFmt) ? Number((v.value / 100).toPrecision(15)) : v.value;
    if (v.note !== undefined) ws.getCell(`${COL.note}${row}`).value = v.note;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
