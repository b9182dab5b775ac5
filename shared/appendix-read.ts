/**
 * Reading a lower level's appendix back, as a submission to the level above: the twin of
 * appendixModel() in layout.ts, as template-read.ts is of templateModel(). A town's Phụ lục 1 (its
 * metadata sheet says `phuluc-appendix`, its unit and the row of each indicator) arrives at the
 * province by the shared inbox folder or the intake like any department's file; the province takes
 * from it the figures of the indicators it rolls up, with the town's own plan, assessment and
 * explanation (its footnote) for each.
 */
import { STATUS_LABEL, type Status } from './assess.ts';
import { rolledUp, type Catalog, type Period, type Unit } from './catalog.ts';
import type { LevelRow } from './rollup.ts';
import { APPENDIX_KIND, COL, FIRST_DATA_ROW, SHEET_NAME } from './layout.ts';
import { normalizeSpaces } from './numbers.ts';
import type { CellSource } from './template-read.ts';
import { readActual } from './target.ts';

export interface AppendixProblem {
  message: string;
  cell?: string;
  indicator?: string;
}

export type AppendixBack =
  | { ok: true; unit: Unit; period: string; catalogId?: string; rows: Record<string, LevelRow>; warnings: AppendixProblem[] }
  | { ok: false; unit?: string; period?: string; catalogId?: string; problems: AppendixProblem[] };

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const MARK = /\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/;
const FOOTNOTE = /^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+([\s\S]*)$/;

function fromSuperscript(s: string): number {
  return Number([...s].map((ch) => SUPERSCRIPT_DIGITS.indexOf(ch)).join(''));
}

/** A printed cell and the footnote number marked on it ("301,011 ⁷⁵" → "301,011", 75). */
function splitMark(v: unknown): { text: string; mark?: number } {
  const s = v === null || v === undefined ? '' : normalizeSpaces(String(v));
  const m = MARK.exec(s);
  return m ? { text: s.slice(0, m.index).trim(), mark: fromSuperscript(m[1]) } : { text: s };
}

const STATUS_BY_LABEL = new Map(
  Object.entries(STATUS_LABEL)
    .filter(([, l]) => l)
    .map(([s, l]) => [l, s as Status]),
);

/** Only for a catalogue with lower units (catalog.ts, units with a parent) and a workbook whose metadata says it is an appendix. */
export function readChildAppendix(catalog: Catalog, period: Period, meta: Record<string, string>, cells: CellSource | null): AppendixBack {
  const base = { unit: meta.unit, period: meta.period, catalogId: meta.catalogId };
  const fail = (message: string): AppendixBack => ({ ok: false, ...base, problems: [{ message }] });
  if (meta.kind !== APPENDIX_KIND) return fail('Tệp không phải bản tổng hợp Phụ lục 1.');
  const who = meta.unitName ? `“${meta.unitName}”` : 'đơn vị lập';
  if (!meta.unit) {
    return fail(
      'Bản tổng hợp Phụ lục 1 này không ghi đơn vị lập (danh mục chỉ tiêu của đơn vị chưa khai báo cấp hành chính). Hãy khai báo mục “organisation” trong danh mục của đơn vị, tổng hợp lại rồi nộp lại.',
    );
  }
  if (meta.unit === catalog.organisation?.unit) {
    return fail('Đây là bản tổng hợp Phụ lục 1 của chính đơn vị (để đọc và in), không phải biểu mẫu nhập số liệu. Hãy nộp biểu mẫu của đơn vị báo cáo.');
  }
  const unit = catalog.units.find((u) => u.code === meta.unit && u.parent !== undefined);
  if (!unit) {
    return fail(
      `Bản tổng hợp Phụ lục 1 của ${who} không thuộc các đơn vị cấp dưới của ${catalog.locality.name} trong danh mục chỉ tiêu năm ${catalog.year}. Hãy kiểm tra đơn vị nộp, hoặc báo Phòng Tài chính - Kế hoạch bổ sung đơn vị vào danh mục.`,
    );
  }
  if (meta.period !== period.id) {
    return fail(
      `Bản tổng hợp Phụ lục 1 của ${unit.name} thuộc kỳ “${meta.periodHeader ?? meta.period ?? '?'}”, hệ thống đang thu kỳ “${period.header}”. Hãy nộp bản tổng hợp của kỳ này.`,
    );
  }
  if (!cells) return fail(`Không thấy trang “${SHEET_NAME}” trong bản tổng hợp (có thể đã bị đổi tên hoặc xóa). Hãy nộp lại đúng tệp phụ lục do hệ thống tạo.`);

  const rowOf = new Map<string, number>();
  for (const [k, v] of Object.entries(meta)) {
    const row = Number(v);
    if (k.startsWith('row:') && Number.isInteger(row) && row >= FIRST_DATA_ROW) rowOf.set(k.slice(4), row);
  }
  // The footnotes under the table: "⁷⁵ text", from two rows below the last indicator.
  const notes = new Map<number, string>();
  const last = Math.max(FIRST_DATA_ROW, ...rowOf.values());
  for (let r = last + 2; r < last + 400; r++) {
    const m = FOOTNOTE.exec(normalizeSpaces(String(cells.value(`A${r}`) ?? '')));
    if (m) notes.set(fromSuperscript(m[1]), m[2].trim());
  }

  const rows: Record<string, LevelRow> = {};
  const problems: AppendixProblem[] = [];
  const warnings: AppendixProblem[] = [];
  for (const ind of rolledUp(catalog)) {
    const row = rowOf.get(ind.code);
    const label = `Chỉ tiêu ${ind.stt} (${ind.name})`;
    if (row === undefined) {
      warnings.push({ indicator: ind.code, message: `${label}: bản tổng hợp của ${unit.name} không có chỉ tiêu này; coi như chưa có số liệu.` });
      continue;
    }
    const figure = splitMark(cells.value(`${COL.actual}${row}`));
    const name = splitMark(cells.value(`${COL.name}${row}`));
    const mark = figure.mark ?? name.mark;
    const shown = normalizeSpaces(String(cells.value(`${COL.status}${row}`) ?? ''));
    const value = figure.text === '' ? null : figure.text;
    const actual = readActual(value);
    if (actual.kind === 'invalid') {
      problems.push({ indicator: ind.code, cell: `${COL.actual}${row}`, message: `${label}: ${actual.error}` });
      continue;
    }
    const status = STATUS_BY_LABEL.get(shown) ?? (value === null ? 'chua_nhap' : 'chua_danh_gia');
    rows[ind.code] = {
      value,
      note: mark !== undefined ? (notes.get(mark) ?? null) : null,
      plan: normalizeSpaces(String(cells.value(`${COL.plan}${row}`) ?? '')),
      status,
    };
  }
  if (problems.length) return { ok: false, ...base, problems };
  if (!Object.keys(rows).length) {
    return fail(
      `Bản tổng hợp Phụ lục 1 của ${unit.name} không có chỉ tiêu nào mà ${catalog.locality.name} tổng hợp từ cấp dưới. Hãy kiểm tra đúng tệp phụ lục và đúng năm kế hoạch.`,
    );
  }
  return { ok: true, unit, period: period.id, ...(meta.catalogId ? { catalogId: meta.catalogId } : {}), rows, warnings };
}
