/**
 * The catalogue written as an Excel workbook, so that a planning office can keep it in Excel as it
 * is used to (`phuluc catalog export`; docs/catalog-format.md, “The catalogue as a workbook”). One
 * sheet per part of the catalogue (layout.ts), one row per item, enumerations chosen from
 * data-validation lists with Vietnamese labels. Reading it back (read.ts) gives the same
 * catalogue, field for field.
 */
import ExcelJS from 'exceljs';
import type { Catalog } from '../../shared/catalog.ts';
import type { Target } from '../../shared/target.ts';
import {
  ASSESSMENT,
  COLUMNS,
  DIRECTION,
  EXPLANATION,
  GENERAL,
  KIND,
  LAST_YEAR_KEYS,
  LISTS,
  MEASURE,
  RELATED_KIND,
  RULE,
  SHEET,
  UNIT_KIND,
  type Column,
  type Labels,
  type ListName,
} from './layout.ts';

/** Rows a list validation covers below the last item: room to add rows without a validation over a whole column (NOTES: exceljs). */
const ROOM = 200;

const label = <T extends string>(list: Labels<T>, v: T | undefined) => (v === undefined ? null : (list.find(([k]) => k === v)?.[1] ?? v));

/** “17:00 20/11/2023” for a deadline in Vietnam time on the minute; any other instant stays as written (ISO). */
function deadlineText(iso: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):00\+07:00$/.exec(iso);
  return m ? `${m[4]}:${m[5]} ${m[3]}/${m[2]}/${m[1]}` : iso;
}

function dateText(iso: string | null): string | null {
  if (iso === null) return null;
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

function targetCells(t: Target | undefined): Record<string, string | number | null> {
  if (!t) return {};
  return {
    kind: label(KIND, t.kind),
    direction: 'direction' in t ? label(DIRECTION, t.direction) : null,
    value: 'value' in t ? t.value : null,
    min: t.kind === 'range' ? t.min : null,
    max: t.kind === 'range' ? t.max : null,
    reason: t.kind === 'none' ? t.reason : null,
  };
}

function addTable(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: Record<string, unknown>[],
  validations: (col: Column) => string | undefined,
): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  columns.forEach((col, i) => {
    const column = ws.getColumn(i + 1);
    column.width = col.width;
    const h = ws.getCell(1, i + 1);
    h.value = col.header;
    h.font = { bold: true };
    h.alignment = { wrapText: true, vertical: 'middle' };
    h.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  ws.getRow(1).height = 32;
  rows.forEach((row, r) => {
    columns.forEach((col, i) => {
      const cell = ws.getCell(r + 2, i + 1);
      const v = row[col.key];
      cell.value = v === undefined ? null : (v as ExcelJS.CellValue);
      if (col.text) cell.numFmt = '@';
    });
  });
  const last = rows.length + 1 + ROOM;
  columns.forEach((col, i) => {
    const formula = validations(col);
    for (let r = 2; r <= last; r++) {
      const cell = ws.getCell(r, i + 1);
      if (col.text && r > rows.length + 1) cell.numFmt = '@';
      if (formula) {
        cell.dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [formula],
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: col.header,
          error: 'Hãy chọn một giá trị trong danh sách.',
        };
      } else if (col.whole) {
        cell.dataValidation = {
          type: 'whole',
          operator: 'greaterThanOrEqual',
          allowBlank: true,
          formulae: [0],
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: col.header,
          error: 'Hãy nhập một số nguyên không âm.',
        };
      }
    }
  });
}

/** The catalogue as an .xlsx workbook (docs/catalog-format.md, “The catalogue as a workbook”). */
export async function catalogToWorkbook(catalog: Catalog): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'phuluc';
  const guide = wb.addWorksheet(SHEET.guide);
  guide.getColumn(1).width = 110;
  [
    `Danh mục chỉ tiêu năm ${catalog.year} (${catalog.id}), dạng sổ làm việc Excel.`,
    'Sửa trực tiếp trên các trang; các ô có danh sách thả xuống chỉ nhận giá trị trong danh sách.',
    'Mỗi chỉ tiêu một dòng ở trang “Chỉ tiêu”; “Nhóm” và “Đơn vị phụ trách” chọn theo mã ở trang “Nhóm” và “Đơn vị”.',
    'Kế hoạch ghi như in trong phụ lục (“Trên 70”, “> 97”, “Giảm còn dưới 1,8%”), và ý nghĩa của nó ở các cột Loại kế hoạch, Chiều đánh giá, Giá trị (hoặc Từ, Đến).',
    'Số viết kiểu Việt Nam: dấu phẩy trước phần thập phân (2.610,4); hạn nộp ghi “17:00 20/11/2024”, ngày ghi “27/12/2023”.',
    'Lưu tệp rồi chạy: phuluc catalog import TỆP.xlsx --out DANH_MỤC.json. Hệ thống kiểm tra toàn bộ và chỉ rõ trang, ô cần sửa.',
  ].forEach((line, i) => {
    guide.getCell(i + 1, 1).value = line;
    guide.getCell(i + 1, 1).alignment = { wrapText: true };
  });
  guide.getCell(1, 1).font = { bold: true, size: 13 };

  const general = wb.addWorksheet(SHEET.general, { views: [{ state: 'frozen', ySplit: 1 }] });
  general.getColumn(1).width = 44;
  general.getColumn(2).width = 90;
  general.getColumn(3).width = 22;
  general.getColumn(3).hidden = true;
  ['Mục', 'Giá trị', 'Trường'].forEach((h, i) => {
    general.getCell(1, i + 1).value = h;
    general.getCell(1, i + 1).font = { bold: true };
  });
  const flat = flatGeneral(catalog);
  GENERAL.forEach((g, i) => {
    general.getCell(i + 2, 1).value = g.label;
    const v = flat[g.path];
    const cell = general.getCell(i + 2, 2);
    cell.value = g.kind === 'date' ? dateText((v as string | null | undefined) ?? null) : ((v ?? null) as ExcelJS.CellValue);
    if (g.kind !== 'number') cell.numFmt = '@';
    general.getCell(i + 2, 3).value = g.path;
  });

  // The lists the validations point to, on a hidden sheet added last.
  const listNames = Object.keys(LISTS) as ListName[];
  const listRef: Partial<Record<ListName, string>> = {};
  listNames.forEach((name, i) => {
    const letter = String.fromCharCode(65 + i);
    listRef[name] = `'${SHEET.lists}'!$${letter}$2:$${letter}$${LISTS[name].length + 1}`;
  });
  const codesRef = (sheet: string, n: number) => `'${sheet}'!$A$2:$A$${n + 1 + ROOM}`;
  const validations = (col: Column) =>
    col.list === 'groups'
      ? codesRef(SHEET.groups, catalog.groups.length)
      : col.list === 'units'
        ? codesRef(SHEET.units, catalog.units.length)
        : col.list
          ? listRef[col.list]
          : undefined;

  addTable(
    wb,
    SHEET.indicators,
    COLUMNS.indicators,
    catalog.indicators.map((ind) => ({
      stt: ind.stt,
      code: ind.code,
      group: ind.group,
      name: ind.name,
      unit: ind.unit,
      owner: ind.owner,
      plan: ind.plan,
      ...targetCells(ind.target),
      decimals: ind.decimals,
      boundsMin: ind.bounds.min,
      boundsMax: ind.bounds.max,
      actualFormat: ind.actualFormat,
      explanation: label(EXPLANATION, ind.explanation),
      unmetPhrase: ind.unmetPhrase,
      hint: ind.hint,
      measure: label(MEASURE, ind.measure),
      ...Object.fromEntries(
        LAST_YEAR_KEYS.flatMap((k) => [
          [`ly_${k}`, ind.lastYear?.[k]?.value],
          [`lys_${k}`, ind.lastYear?.[k]?.source],
        ]),
      ),
    })),
    validations,
  );
  addTable(
    wb,
    SHEET.groups,
    COLUMNS.groups,
    catalog.groups.map((g) => ({ ...g })),
    validations,
  );
  addTable(
    wb,
    SHEET.units,
    COLUMNS.units,
    catalog.units.map((u) => ({ ...u, kind: label(UNIT_KIND, u.kind) })),
    validations,
  );
  addTable(
    wb,
    SHEET.periods,
    COLUMNS.periods,
    catalog.periods.map((p) => ({ ...p, deadline: deadlineText(p.deadline), assessment: label(ASSESSMENT, p.assessment) })),
    validations,
  );
  const proseRows: Record<string, unknown>[] = [];
  for (const ind of catalog.indicators) {
    if (!ind.prose) continue;
    for (const phrase of ind.prose.phrases) proseRows.push({ code: ind.code, phrase });
    for (const unitWord of ind.prose.unitWords ?? []) proseRows.push({ code: ind.code, unitWord });
    (ind.prose.related ?? []).forEach((r, i) => {
      const head = { code: ind.code, related: i + 1, relatedName: r.name, relatedKind: label(RELATED_KIND, r.kind) };
      for (const phrase of r.phrases) proseRows.push({ ...head, phrase });
      for (const unitWord of r.unitWords) proseRows.push({ ...head, unitWord });
    });
  }
  addTable(wb, SHEET.prose, COLUMNS.prose, proseRows, validations);
  addTable(
    wb,
    SHEET.periodPlans,
    COLUMNS.periodPlans,
    catalog.indicators.flatMap((ind) =>
      Object.entries(ind.periodPlans ?? {}).map(([period, own]) => ({
        code: ind.code,
        period,
        plan: own.plan,
        ...targetCells(own.target),
      })),
    ),
    validations,
  );
  addTable(
    wb,
    SHEET.rollup,
    COLUMNS.rollup,
    catalog.indicators
      .filter((i) => i.rollup)
      .map((ind) => {
        const r = ind.rollup!;
        return {
          code: ind.code,
          rule: label(RULE, r.rule),
          weight: r.weight,
          plan: r.child?.plan,
          ...targetCells(r.child?.target),
          unit: r.child?.unit,
          decimals: r.child?.decimals,
          boundsMin: r.child?.bounds?.min,
          boundsMax: r.child?.bounds?.max,
        };
      }),
    validations,
  );
  const lists = wb.addWorksheet(SHEET.lists, { state: 'hidden' });
  listNames.forEach((name, i) => {
    lists.getCell(1, i + 1).value = name;
    LISTS[name].forEach(([, text], r) => {
      lists.getCell(r + 2, i + 1).value = text;
    });
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function flatGeneral(c: Catalog): Record<string, unknown> {
  return {
    schema: c.schema,
    id: c.id,
    year: c.year,
    'locality.name': c.locality.name,
    'locality.issuer': c.locality.issuer,
    'resolution.number': c.resolution.number,
    'resolution.date': c.resolution.date,
    'resolution.body': c.resolution.body,
    'appendix.title': c.appendix.title,
    'appendix.subtitle': c.appendix.subtitle,
    'appendix.footnoteStart': c.appendix.footnoteStart,
    'organisation.unit': c.organisation?.unit,
    'organisation.name': c.organisation?.name,
    'organisation.parent': c.organisation?.parent,
  };
}
