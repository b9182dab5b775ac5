/**
 * Reads a screened department workbook into the rows it submits, and checks it with the shared
 * rules. Every problem names the sheet and cell and says what to do, in Vietnamese.
 */
import { findUnit, indicatorsOf, type Catalog, type Period } from '../shared/catalog.ts';
import { COL, META_SHEET, SHEET_NAME } from '../shared/layout.ts';
import { normalizeSpaces } from '../shared/numbers.ts';
import { checkRow, evaluateRow, type RowInput } from '../shared/report.ts';
import type { CellInput } from '../shared/target.ts';
import { readXlsx, readXlsxParts, XlsxReadError, type CellRead, type SheetRead } from './xlsx-read.ts';

export interface Problem {
  sheet?: string;
  cell?: string;
  indicator?: string;
  message: string;
}

export interface PlanEdit { indicator: string; cell: string; found: string; expected: string }

export interface ParsedSubmission {
  ok: boolean;
  unit?: string;
  period?: string;
  catalogId?: string;
  rows: Record<string, RowInput>;
  problems: Problem[];
  warnings: Problem[];
  planEdits: PlanEdit[];
}

function cellText(c: CellRead | undefined): string {
  if (!c) return '';
  return c.t === 'n' ? String(c.v) : String(c.v);
}

/** A cell as the shared rule reads it, or a problem. */
function inputOf(c: CellRead | undefined): { value: CellInput; problem?: string } {
  if (!c) return { value: null };
  switch (c.t) {
    case 'n':
      if (c.date) return { value: null, problem: 'Excel đã hiểu số liệu là ngày tháng (thường do gõ dấu chấm hoặc gạch chéo). Hãy định dạng ô là Số và nhập lại, ví dụ 1.721,4.' };
      return { value: c.v };
    case 's':
      return { value: c.v };
    case 'b':
      return { value: c.v };
    case 'e':
      return { value: null, problem: `Ô đang báo lỗi ${c.v}. Hãy nhập số liệu trực tiếp thay cho công thức.` };
  }
}

/**
 * `parts`: the file's entries already inflated (see readXlsxParts), when screening kept them;
 * without them the bytes are unzipped here.
 */
export function parseSubmission(bytes: Uint8Array, catalog: Catalog, period: Period, parts?: Map<string, Uint8Array>): ParsedSubmission {
  const out: ParsedSubmission = { ok: false, rows: {}, problems: [], warnings: [], planEdits: [] };
  const fail = (message: string, where: Partial<Problem> = {}) => {
    out.problems.push({ ...where, message });
    return out;
  };
  let wb;
  try {
    wb = parts ? readXlsxParts(parts, [SHEET_NAME, META_SHEET]) : readXlsx(bytes, [SHEET_NAME, META_SHEET]);
  } catch (e) {
    const why = e instanceof XlsxReadError ? e.message : (e as Error).message;
    return fail(`Không đọc được nội dung sổ làm việc (${why}). Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi nộp lại.`);
  }
  const meta = wb.sheet(META_SHEET);
  const sheet = wb.sheet(SHEET_NAME);
  if (!meta) {
    return fail(`Tệp không phải biểu mẫu Phụ lục 1: không có trang thông tin ẩn “${META_SHEET}”. Hãy dùng biểu mẫu do Phòng Tài chính - Kế hoạch gửi, hoặc tạo biểu mẫu bằng phần bổ trợ (nút “Tạo biểu mẫu”).`);
  }
  const m = readMeta(meta);
  if (m.get('kind') !== 'phuluc-template') return fail('Tệp không phải biểu mẫu báo cáo của đơn vị (có thể là bản tổng hợp). Hãy nộp biểu mẫu của đơn vị.', { sheet: META_SHEET });
  out.unit = m.get('unit');
  out.period = m.get('period');
  out.catalogId = m.get('catalogId');
  if (out.catalogId !== catalog.id) {
    return fail(`Biểu mẫu thuộc danh mục “${out.catalogId ?? '?'}”, hệ thống đang thu theo danh mục “${catalog.id}”. Hãy tải biểu mẫu mới của kỳ này.`, { sheet: META_SHEET });
  }
  const unit = out.unit ? findUnit(catalog, out.unit) : undefined;
  if (!unit) return fail(`Mã đơn vị “${out.unit ?? ''}” trong biểu mẫu không có trong danh mục. Hãy dùng biểu mẫu đúng của đơn vị.`, { sheet: META_SHEET });
  if (out.period !== period.id) {
    return fail(`Biểu mẫu thuộc kỳ “${m.get('periodHeader') ?? out.period}”, hệ thống đang thu kỳ “${period.header}”. Hãy tải biểu mẫu của kỳ này và nhập lại số liệu.`, { sheet: META_SHEET });
  }
  if (!sheet) return fail(`Không thấy trang tính “${SHEET_NAME}”. Đừng đổi tên hoặc xóa trang này; hãy dùng lại biểu mẫu gốc.`);

  for (const ind of indicatorsOf(catalog, unit.code)) {
    const rowText = m.get(`row:${ind.code}`);
    const row = Number(rowText);
    if (!rowText || !Number.isInteger(row) || row < 1) {
      out.problems.push({ indicator: ind.code, message: `Biểu mẫu không có dòng cho chỉ tiêu ${ind.stt} (${ind.name}). Biểu mẫu đã cũ; hãy tải biểu mẫu mới.` });
      continue;
    }
    const at = (col: string) => `${col}${row}`;
    const sttCell = sheet.cells.get(at(COL.stt));
    if (!sttCell || sttCell.t !== 'n' || sttCell.v !== ind.stt) {
      out.problems.push({ sheet: SHEET_NAME, cell: at(COL.stt), indicator: ind.code, message: `Dòng ${row} phải là chỉ tiêu số ${ind.stt} (${ind.name}) nhưng ô Số TT ghi “${cellText(sttCell)}”. Đừng chèn, xóa hay sắp xếp lại dòng; hãy dùng biểu mẫu gốc.` });
      continue;
    }
    const planFound = normalizeSpaces(cellText(sheet.cells.get(at(COL.plan))));
    if (planFound !== normalizeSpaces(ind.plan)) {
      out.planEdits.push({ indicator: ind.code, cell: at(COL.plan), found: planFound, expected: ind.plan });
      out.warnings.push({ sheet: SHEET_NAME, cell: at(COL.plan), indicator: ind.code, message: `Ô kế hoạch đã bị sửa thành “${planFound}”; hệ thống dùng kế hoạch trong danh mục “${ind.plan}”.` });
    }
    const { value, problem } = inputOf(sheet.cells.get(at(COL.actual)));
    const note = normalizeSpaces(cellText(sheet.cells.get(at(COL.note))));
    if (problem) {
      out.problems.push({ sheet: SHEET_NAME, cell: at(COL.actual), indicator: ind.code, message: `Chỉ tiêu ${ind.stt} (${ind.name}): ${problem}` });
      continue;
    }
    const input: RowInput = { value, note };
    out.rows[ind.code] = input;
    for (const p of checkRow(evaluateRow(ind, input))) {
      out.problems.push({ sheet: SHEET_NAME, cell: at(p.field === 'value' ? COL.actual : COL.note), indicator: ind.code, message: p.message });
    }
  }
  out.ok = out.problems.length === 0;
  return out;
}

function readMeta(sheet: SheetRead): Map<string, string> {
  const m = new Map<string, string>();
  for (let r = 1; r <= 500; r++) {
    const k = sheet.cells.get(`A${r}`);
    if (!k) break;
    m.set(String(k.v), cellText(sheet.cells.get(`B${r}`)));
  }
  return m;
}

/** "Tệp “a.xlsx”, trang “Phụ lục 1”, ô E7: …" */
export function describeProblem(file: string, p: Problem): string {
  const where = [`Tệp “${file}”`, p.sheet ? `trang “${p.sheet}”` : '', p.cell ? `ô ${p.cell}` : ''].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}
