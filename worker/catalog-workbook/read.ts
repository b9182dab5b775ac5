/**
 * The catalogue read back from a workbook made by write.ts and edited in Excel (`phuluc catalog
 * import`; docs/catalog-format.md, “The catalogue as a workbook”). Columns are found by their
 * header (they may be moved; other columns are ignored), enumerations by their Vietnamese labels
 * (layout.ts). A workbook that cannot be read is refused with every problem naming its sheet and
 * cell and saying what to do; the catalogue read is then validated like any catalogue file
 * (parseCatalog).
 */
import ExcelJS from 'exceljs';
import type { Catalog, Indicator, LastYearFigure, Period, Prose, Unit } from '../../shared/catalog.ts';
import { CatalogError, parseCatalog } from '../../shared/catalog-schema.ts';
import { fold } from '../../shared/catalog-propose-words.ts';
import { formatVnNumber, parseVnNumber } from '../../shared/numbers.ts';
import type { Target } from '../../shared/target.ts';
import { screenWorkbook } from '../ingest/screen/index.ts';
import {
  ASSESSMENT,
  COLUMNS,
  DIRECTION,
  EXPLANATION,
  GENERAL,
  KIND,
  LAST_YEAR_KEYS,
  MEASURE,
  RELATED_KIND,
  RULE,
  SHEET,
  UNIT_KIND,
  WorkbookError,
  type Column,
  type Labels,
} from './layout.ts';

type Raw = string | number | boolean | Date | null | { error: string };

/** A cell's value as typed: the text of rich text and links, a formula's cached result. */
function raw(cell: ExcelJS.Cell): Raw {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
  if ('formula' in o || 'sharedFormula' in o) {
    const r = (o.result ?? cell.result) as unknown;
    if (r === undefined || r === null) return null;
    if (typeof r === 'object' && r !== null && 'error' in r) return { error: String((r as { error: unknown }).error) };
    return r as Raw;
  }
  if ('text' in o) return String(o.text);
  if ('error' in o) return { error: String(o.error) };
  return String(v);
}

const blank = (v: Raw) => v === null || (typeof v === 'string' && v === '');

class Reader {
  readonly problems: string[] = [];
  constructor(readonly sheet: string) {}

  at(address: string, header: string): string {
    return `Trang “${this.sheet}”, ô ${address} (${header})`;
  }

  problem(address: string, header: string, what: string): void {
    this.problems.push(`${this.at(address, header)}: ${what}`);
  }

  text(v: Raw, address: string, header: string, required: boolean): string | undefined {
    if (blank(v)) {
      if (required) this.problem(address, header, 'đang trống. Hãy điền.');
      return undefined;
    }
    if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      this.problem(address, header, `có lỗi công thức ${v.error}. Hãy nhập giá trị thay cho công thức.`);
      return undefined;
    }
    if (typeof v === 'number') return formatVnNumber(v);
    if (typeof v === 'boolean' || v instanceof Date) {
      this.problem(address, header, 'phải là chữ. Hãy định dạng ô là Văn bản (Text) rồi nhập lại.');
      return undefined;
    }
    return v;
  }

  code(v: Raw, address: string, header: string, required: boolean): string | undefined {
    const t = this.text(v, address, header, required)?.trim();
    if (t !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(t)) {
      this.problem(address, header, `“${t}” không phải một mã: mã viết hoa, không dấu, không có dấu cách (ví dụ TCKH, VIEC_LAM).`);
      return undefined;
    }
    return t;
  }

  number(v: Raw, address: string, header: string, required: boolean, whole = false): number | undefined {
    if (blank(v)) {
      if (required) this.problem(address, header, 'đang trống. Hãy nhập một số.');
      return undefined;
    }
    let n: number | undefined;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string') {
      const r = parseVnNumber(v);
      if (r.ok) n = r.value.value;
      else {
        this.problem(address, header, `${r.error}`);
        return undefined;
      }
    } else if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      this.problem(address, header, `có lỗi công thức ${v.error}. Hãy nhập một số.`);
      return undefined;
    } else {
      this.problem(address, header, 'phải là một số. Hãy nhập số, ví dụ 1.721,4.');
      return undefined;
    }
    if (!Number.isFinite(n)) {
      this.problem(address, header, 'phải là một số hữu hạn.');
      return undefined;
    }
    if (whole && !Number.isInteger(n)) {
      this.problem(address, header, `phải là số nguyên (đang là ${formatVnNumber(n)}).`);
      return undefined;
    }
    return n;
  }

  choice<T extends string>(list: Labels<T>, v: Raw, address: string, header: string, required: boolean): T | undefined {
    const t = this.text(v, address, header, required);
    if (t === undefined) return undefined;
    const key = fold(t).trim();
    const hit = list.find(([code, text]) => fold(text) === key || code === t.trim());
    if (!hit) this.problem(address, header, `“${t}” không có trong danh sách. Hãy chọn một trong: ${list.map(([, x]) => x).join('; ')}.`);
    return hit?.[0];
  }
}

interface Table {
  reader: Reader;
  rows: { row: number; get: (key: string) => Raw; address: (key: string) => string; header: (key: string) => string }[];
}

/** A sheet's rows, columns found by their header in row 1; rows with nothing in the known columns are skipped. */
function readTable(ws: ExcelJS.Worksheet, columns: Column[], problems: string[]): Table {
  const reader = new Reader(ws.name);
  const where = new Map<string, number>();
  const headers = new Map<string, string>();
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const text = raw(cell);
    if (typeof text === 'string') headers.set(fold(text).replace(/\s+/g, ' ').trim(), String(col));
  });
  for (const col of columns) {
    const at = headers.get(fold(col.header).replace(/\s+/g, ' ').trim());
    if (at) where.set(col.key, Number(at));
  }
  const missing = columns.filter((col) => !where.has(col.key));
  if (missing.length) {
    problems.push(
      `Trang “${ws.name}”, dòng 1: thiếu cột ${missing.map((m) => `“${m.header}”`).join(', ')}. Hãy giữ nguyên dòng tiêu đề như tệp xuất ra (có thể đổi thứ tự cột, không đổi tên cột).`,
    );
    return { reader, rows: [] };
  }
  const rows: Table['rows'] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (key: string) => raw(row.getCell(where.get(key)!));
    if (columns.every((col) => blank(get(col.key)))) continue;
    rows.push({
      row: r,
      get,
      address: (key: string) => `${ws.getColumn(where.get(key)!).letter}${r}`,
      header: (key: string) => columns.find((x) => x.key === key)!.header,
    });
  }
  return { reader, rows };
}

/** The target of a row's target columns. */
function readTarget(t: Table, row: Table['rows'][number], required: boolean): Target | undefined {
  const R = t.reader;
  const f = (k: string) => [row.get(k), row.address(k), row.header(k)] as const;
  const kind = R.choice(KIND, ...f('kind'), required);
  if (!kind) return undefined;
  const direction = () => R.choice(DIRECTION, ...f('direction'), true);
  switch (kind) {
    case 'threshold':
    case 'maintain': {
      const d = direction();
      const value = R.number(...f('value'), true);
      return d && value !== undefined ? { kind, direction: d, value } : undefined;
    }
    case 'range': {
      const min = R.number(...f('min'), true);
      const max = R.number(...f('max'), true);
      return min !== undefined && max !== undefined ? { kind, min, max } : undefined;
    }
    case 'none': {
      const reason = R.text(...f('reason'), true);
      return reason !== undefined ? { kind, reason } : undefined;
    }
  }
}

/** An Excel date serial (days since 30/12/1899, the fraction the time of day) as a Date of the same wall time in UTC. */
function serialDate(n: number): Date {
  return new Date(Math.round(((n - 25569) * 86_400_000) / 60_000) * 60_000);
}

function fromDeadline(raw0: Raw, R: Reader, address: string, header: string): string | undefined {
  const v = typeof raw0 === 'number' && raw0 > 1 && raw0 < 2_958_466 ? serialDate(raw0) : raw0;
  if (v instanceof Date) {
    // A date typed in Excel has no time zone: its wall time is Vietnam time.
    const p = (n: number) => String(n).padStart(2, '0');
    return `${v.getUTCFullYear()}-${p(v.getUTCMonth() + 1)}-${p(v.getUTCDate())}T${p(v.getUTCHours())}:${p(v.getUTCMinutes())}:00+07:00`;
  }
  const t = R.text(v, address, header, true)?.trim();
  if (t === undefined) return undefined;
  const m = /^(\d{1,2}):(\d{2})\s+(?:ngày\s+)?(\d{1,2})\/(\d{1,2})\/(\d{4})$/u.exec(t);
  if (m) return `${m[5]}-${m[4].padStart(2, '0')}-${m[3].padStart(2, '0')}T${m[1].padStart(2, '0')}:${m[2]}:00+07:00`;
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(t)) return t;
  R.problem(address, header, `“${t}” không phải một thời điểm. Hãy ghi như 17:00 20/11/2024.`);
  return undefined;
}

function fromDate(raw0: Raw, R: Reader, address: string, header: string): string | null | undefined {
  if (blank(raw0)) return null;
  const v = typeof raw0 === 'number' && Number.isInteger(raw0) && raw0 > 1 && raw0 < 2_958_466 ? serialDate(raw0) : raw0;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const t = R.text(v, address, header, false)?.trim();
  if (t === undefined) return undefined;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  if (/^\d{4}-\d\d-\d\d$/.test(t)) return t;
  R.problem(address, header, `“${t}” không phải một ngày. Hãy ghi như 27/12/2023, hoặc để trống nếu nghị quyết chưa ban hành.`);
  return undefined;
}

/** Screens the bytes (what the file really is, a zip bomb, absurd validations) before exceljs reads them. */
function screen(bytes: Uint8Array, source: string): void {
  const s = screenWorkbook(bytes);
  if (s.ok) return;
  const what: Record<string, string> = {
    empty: 'Tệp rỗng (0 byte).',
    too_large: 'Tệp quá lớn cho một danh mục chỉ tiêu.',
    cfb_encrypted: 'Tệp có đặt mật khẩu mở tệp. Hãy mở bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc), lưu lại.',
    cfb_xls: 'Tệp là bảng tính Excel 97-2003 (.xls). Hãy mở bằng Excel và lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)”.',
  };
  throw new WorkbookError(source, [
    what[s.problem.code] ??
      `Tệp không phải sổ làm việc Excel (.xlsx) đọc được (${s.problem.message.split('. ')[0]}). Hãy dùng tệp xuất bằng “phuluc catalog export”, sửa trong Excel và lưu dưới dạng .xlsx.`,
  ]);
}

/**
 * The catalogue of a workbook made by catalogToWorkbook and edited in Excel. Throws WorkbookError
 * naming each sheet and cell that cannot be read, then the catalogue's own problems (parseCatalog),
 * each with the row of the indicator it names.
 */
export async function catalogFromWorkbook(bytes: Uint8Array, source = 'sổ làm việc'): Promise<Catalog> {
  screen(bytes, source);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new WorkbookError(source, ['Tệp bị hỏng hoặc không phải sổ làm việc Excel (.xlsx). Hãy mở bằng Excel và lưu lại dưới dạng .xlsx.']);
  }
  const problems: string[] = [];
  const need = [SHEET.general, SHEET.periods, SHEET.groups, SHEET.units, SHEET.indicators, SHEET.prose, SHEET.periodPlans, SHEET.rollup];
  const missing = need.filter((n) => !wb.getWorksheet(n));
  if (missing.length) {
    throw new WorkbookError(source, [
      `Sổ làm việc thiếu trang ${missing.map((m) => `“${m}”`).join(', ')}. Hãy dùng tệp xuất bằng “phuluc catalog export” và giữ tên các trang (các trang cần có: ${need.map((n) => `“${n}”`).join(', ')}).`,
    ]);
  }

  // General.
  const gws = wb.getWorksheet(SHEET.general)!;
  const G = new Reader(SHEET.general);
  const general: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (let r = 2; r <= gws.rowCount; r++) {
    const path = raw(gws.getCell(r, 3));
    if (blank(path)) continue;
    const spec = GENERAL.find((g) => g.path === path);
    if (!spec) {
      G.problem(`C${r}`, 'Trường', `“${String(path)}” không phải một trường của danh mục. Hãy xóa dòng ${r}.`);
      continue;
    }
    seen.add(spec.path);
    const v = raw(gws.getCell(r, 2));
    const value =
      spec.kind === 'number'
        ? G.number(v, `B${r}`, spec.label, false, true)
        : spec.kind === 'date'
          ? fromDate(v, G, `B${r}`, spec.label)
          : G.text(v, `B${r}`, spec.label, false);
    if (value !== undefined) general[spec.path] = value;
  }
  for (const g of GENERAL)
    if (!seen.has(g.path) && !g.path.startsWith('organisation.'))
      G.problems.push(`Trang “${SHEET.general}”: thiếu dòng “${g.label}”. Hãy thêm lại dòng đó (cột C ghi “${g.path}”).`);
  problems.push(...G.problems);
  const org = general['organisation.unit'] !== undefined || general['organisation.name'] !== undefined || general['organisation.parent'] !== undefined;

  // Periods, groups, units (and the sheet row of each item, for messages).
  const tableRows = { periods: [] as number[], groups: [] as number[], units: [] as number[] };
  const periods: Period[] = [];
  const pt = readTable(wb.getWorksheet(SHEET.periods)!, COLUMNS.periods, problems);
  for (const row of pt.rows) {
    const R = pt.reader;
    const f = (k: string) => [row.get(k), row.address(k), row.header(k)] as const;
    const id = R.text(...f('id'), true)?.trim();
    const word = R.text(...f('word'), true);
    const header = R.text(...f('header'), true);
    const verb = R.text(...f('verb'), true);
    const deadline = fromDeadline(row.get('deadline'), R, row.address('deadline'), row.header('deadline'));
    const assessment = R.choice(ASSESSMENT, ...f('assessment'), false);
    if (id && word && header && verb && deadline) tableRows.periods.push(row.row);
    if (id && word && header && verb && deadline) periods.push({ id, word, header, verb, deadline, ...(assessment ? { assessment } : {}) });
  }
  const groups: Catalog['groups'] = [];
  const gt = readTable(wb.getWorksheet(SHEET.groups)!, COLUMNS.groups, problems);
  for (const row of gt.rows) {
    const code = gt.reader.code(row.get('code'), row.address('code'), row.header('code'), true);
    const name = gt.reader.text(row.get('name'), row.address('name'), row.header('name'), true);
    if (code && name) {
      tableRows.groups.push(row.row);
      groups.push({ code, name });
    }
  }
  const units: Unit[] = [];
  const ut = readTable(wb.getWorksheet(SHEET.units)!, COLUMNS.units, problems);
  for (const row of ut.rows) {
    const R = ut.reader;
    const f = (k: string) => [row.get(k), row.address(k), row.header(k)] as const;
    const code = R.code(...f('code'), true);
    const name = R.text(...f('name'), true);
    const kind = R.choice(UNIT_KIND, ...f('kind'), true);
    const parent = R.code(...f('parent'), false);
    if (code && name && kind) tableRows.units.push(row.row);
    if (code && name && kind) units.push({ code, name, kind, ...(parent ? { parent } : {}) });
  }

  // Indicators.
  const indicators: Indicator[] = [];
  const indicatorRows: number[] = [];
  const rowOf = new Map<string, number>();
  const it = readTable(wb.getWorksheet(SHEET.indicators)!, COLUMNS.indicators, problems);
  for (const row of it.rows) {
    const R = it.reader;
    const f = (k: string) => [row.get(k), row.address(k), row.header(k)] as const;
    const stt = R.number(...f('stt'), true, true);
    const code = R.code(...f('code'), true);
    const group = R.code(...f('group'), true);
    const name = R.text(...f('name'), true);
    const unit = R.text(...f('unit'), true);
    const owner = R.code(...f('owner'), true);
    const plan = R.text(...f('plan'), true);
    const target = readTarget(it, row, true);
    const decimals = R.number(...f('decimals'), true, true);
    const min = R.number(...f('boundsMin'), true);
    const max = R.number(...f('boundsMax'), true);
    const actualFormat = R.text(...f('actualFormat'), false);
    const explanation = R.choice(EXPLANATION, ...f('explanation'), false);
    const unmetPhrase = R.text(...f('unmetPhrase'), false);
    const hint = R.text(...f('hint'), false);
    const measure = R.choice(MEASURE, ...f('measure'), false);
    const lastYear: Partial<Record<(typeof LAST_YEAR_KEYS)[number], LastYearFigure>> = {};
    for (const k of LAST_YEAR_KEYS) {
      const value = R.number(...f(`ly_${k}`), false);
      const src = R.text(...f(`lys_${k}`), false);
      if (value !== undefined) lastYear[k] = { value, ...(src !== undefined ? { source: src } : {}) };
      else if (src !== undefined)
        R.problem(
          row.address(`ly_${k}`),
          row.header(`ly_${k}`),
          `đang trống nhưng ô nguồn ${row.address(`lys_${k}`)} có ghi. Hãy nhập số liệu, hoặc xóa nguồn.`,
        );
    }
    if (code) {
      if (rowOf.has(code)) R.problem(row.address('code'), row.header('code'), `mã “${code}” đã có ở dòng ${rowOf.get(code)}. Mỗi chỉ tiêu một mã.`);
      else rowOf.set(code, row.row);
    }
    if (
      stt === undefined ||
      !code ||
      !group ||
      !name ||
      !unit ||
      !owner ||
      !plan ||
      !target ||
      decimals === undefined ||
      min === undefined ||
      max === undefined
    )
      continue;
    indicatorRows.push(row.row);
    indicators.push({
      code,
      stt,
      group,
      name,
      unit,
      owner,
      plan,
      target,
      decimals,
      bounds: { min, max },
      actualFormat: actualFormat ?? '{}',
      explanation: explanation ?? 'expected',
      ...(unmetPhrase !== undefined ? { unmetPhrase } : {}),
      ...(hint !== undefined ? { hint } : {}),
      ...(measure ? { measure } : {}),
      ...(Object.keys(lastYear).length ? { lastYear } : {}),
    });
  }
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  // A code the indicators sheet lacks is said once per sheet, at its first row (not when that sheet could not be read at all).
  const unknown = new Map<string, { reader: Reader; address: string; header: string; rows: number[] }>();
  const known = (t: Table, row: Table['rows'][number]): Indicator | undefined => {
    const code = t.reader.code(row.get('code'), row.address('code'), row.header('code'), true);
    if (!code) return undefined;
    const ind = byCode.get(code);
    if (!ind && !rowOf.has(code) && it.rows.length) {
      const key = `${t.reader.sheet}\u0000${code}`;
      const seenAt = unknown.get(key) ?? { reader: t.reader, address: row.address('code'), header: row.header('code'), rows: [] };
      seenAt.rows.push(row.row);
      unknown.set(key, seenAt);
    }
    return ind;
  };

  // How the report's prose names each indicator.
  const pr = readTable(wb.getWorksheet(SHEET.prose)!, COLUMNS.prose, problems);
  const prose = new Map<string, Prose>();
  for (const row of pr.rows) {
    const R = pr.reader;
    const f = (k: string) => [row.get(k), row.address(k), row.header(k)] as const;
    const ind = known(pr, row);
    const phrase = R.text(...f('phrase'), false);
    const unitWord = R.text(...f('unitWord'), false);
    if ((phrase === undefined) === (unitWord === undefined)) {
      R.problem(
        row.address('phrase'),
        row.header('phrase'),
        `mỗi dòng ghi một cụm từ gọi tên hoặc một cách ghi đơn vị tính (ô ${row.address('unitWord')}), không ghi cả hai, không để trống cả hai.`,
      );
      continue;
    }
    const n = R.number(...f('related'), false, true);
    if (!ind) continue;
    const p = prose.get(ind.code) ?? { phrases: [] };
    prose.set(ind.code, p);
    if (n === undefined) {
      if (phrase !== undefined) p.phrases.push(phrase);
      else (p.unitWords ??= []).push(unitWord!);
      continue;
    }
    const related = (p.related ??= []);
    if (n < 1 || n > related.length + 1) {
      R.problem(
        row.address('related'),
        row.header('related'),
        `số thứ tự ${n} không liền sau các số liệu liên quan đã có của chỉ tiêu “${ind.code}” (${related.length}). Hãy đánh số 1, 2, … theo thứ tự.`,
      );
      continue;
    }
    if (n === related.length + 1) {
      const name = R.text(...f('relatedName'), true);
      const kind = R.choice(RELATED_KIND, ...f('relatedKind'), true);
      if (!name || !kind) continue;
      related.push({ name, kind, phrases: [], unitWords: [] });
    }
    const rel = related[n - 1];
    if (phrase !== undefined) rel.phrases.push(phrase);
    else rel.unitWords.push(unitWord!);
  }
  for (const [code, p] of prose) {
    const ind = byCode.get(code)!;
    if (!p.phrases.length) {
      problems.push(
        `Trang “${SHEET.prose}”: chỉ tiêu “${code}” có cách ghi đơn vị tính hoặc số liệu liên quan nhưng chưa có cụm từ gọi tên nào. Hãy thêm một dòng có “Cụm từ gọi tên”.`,
      );
      continue;
    }
    ind.prose = p;
  }

  // The periods' own plans, and roll-ups from the level below.
  const pp = readTable(wb.getWorksheet(SHEET.periodPlans)!, COLUMNS.periodPlans, problems);
  for (const row of pp.rows) {
    const R = pp.reader;
    const ind = known(pp, row);
    const period = R.text(row.get('period'), row.address('period'), row.header('period'), true)?.trim();
    const plan = R.text(row.get('plan'), row.address('plan'), row.header('plan'), true);
    const target = readTarget(pp, row, true);
    if (!ind || !period || !plan || !target) continue;
    if (ind.periodPlans?.[period])
      R.problem(row.address('period'), row.header('period'), `chỉ tiêu “${ind.code}” đã có kế hoạch riêng cho kỳ “${period}” ở dòng trên. Hãy giữ một dòng.`);
    else ind.periodPlans = { ...ind.periodPlans, [period]: { plan, target } };
  }
  const ro = readTable(wb.getWorksheet(SHEET.rollup)!, COLUMNS.rollup, problems);
  for (const row of ro.rows) {
    const R = ro.reader;
    const f = (k: string) => [row.get(k), row.address(k), row.header(k)] as const;
    const ind = known(ro, row);
    const rule = R.choice(RULE, ...f('rule'), true);
    const weight = R.code(...f('weight'), false);
    const plan = R.text(...f('plan'), false);
    const target = readTarget(ro, row, plan !== undefined);
    const unit = R.text(...f('unit'), false);
    const decimals = R.number(...f('decimals'), false, true);
    const bmin = R.number(...f('boundsMin'), false);
    const bmax = R.number(...f('boundsMax'), false);
    if ((bmin === undefined) !== (bmax === undefined))
      R.problem(
        row.address(bmin === undefined ? 'boundsMin' : 'boundsMax'),
        row.header(bmin === undefined ? 'boundsMin' : 'boundsMax'),
        'cần ghi cả giới hạn nhỏ nhất và lớn nhất, hoặc để trống cả hai.',
      );
    if (plan === undefined && (target || unit !== undefined || decimals !== undefined || bmin !== undefined))
      R.problem(
        row.address('plan'),
        row.header('plan'),
        'đang trống nhưng các cột của đơn vị cấp dưới có ghi. Hãy ghi kế hoạch của mỗi đơn vị cấp dưới, hoặc xóa các cột đó.',
      );
    if (!ind || !rule) continue;
    if (ind.rollup) {
      R.problem(row.address('code'), row.header('code'), `chỉ tiêu “${ind.code}” đã có một dòng ở trên. Hãy giữ một dòng.`);
      continue;
    }
    ind.rollup = {
      rule,
      ...(weight ? { weight } : {}),
      ...(plan !== undefined && target
        ? {
            child: {
              plan,
              target,
              ...(unit !== undefined ? { unit } : {}),
              ...(decimals !== undefined ? { decimals } : {}),
              ...(bmin !== undefined && bmax !== undefined ? { bounds: { min: bmin, max: bmax } } : {}),
            },
          }
        : {}),
    };
  }
  for (const [key, u] of unknown) {
    const code = key.split('\u0000')[1];
    const rows = u.rows.length === 1 ? `dòng ${u.rows[0]}` : `các dòng ${u.rows.join(', ')}`;
    u.reader.problem(u.address, u.header, `không có chỉ tiêu mã “${code}” ở trang “${SHEET.indicators}”. Hãy sửa mã, hoặc xóa ${rows}.`);
  }
  problems.push(
    ...pt.reader.problems,
    ...gt.reader.problems,
    ...ut.reader.problems,
    ...it.reader.problems,
    ...pr.reader.problems,
    ...pp.reader.problems,
    ...ro.reader.problems,
  );
  if (problems.length) throw new WorkbookError(source, problems);

  const json = {
    schema: general.schema,
    id: general.id,
    year: general.year,
    locality: { name: general['locality.name'], issuer: general['locality.issuer'] },
    resolution: { number: general['resolution.number'], date: general['resolution.date'] ?? null, body: general['resolution.body'] },
    appendix: { title: general['appendix.title'], subtitle: general['appendix.subtitle'], footnoteStart: general['appendix.footnoteStart'] },
    periods,
    groups,
    units,
    indicators,
    ...(org
      ? {
          organisation: {
            unit: general['organisation.unit'],
            name: general['organisation.name'],
            ...(general['organisation.parent'] !== undefined ? { parent: general['organisation.parent'] } : {}),
          },
        }
      : {}),
  };
  try {
    return parseCatalog(json, source);
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    // Point each problem at its sheet and row: by the item's place (“indicators › thứ 3”) or by the indicator's code.
    const sheets = {
      indicators: [SHEET.indicators, indicatorRows],
      periods: [SHEET.periods, tableRows.periods],
      groups: [SHEET.groups, tableRows.groups],
      units: [SHEET.units, tableRows.units],
    } as const;
    throw new WorkbookError(
      source,
      e.problems.map((p) => {
        const place = /^“(indicators|periods|groups|units)” \([^)]*\) › thứ (\d+)/.exec(p);
        if (place) {
          const [sheet, rows] = sheets[place[1] as keyof typeof sheets];
          const row = rows[Number(place[2]) - 1];
          if (row) return `${p} (trang “${sheet}”, dòng ${row})`;
        }
        const code = /\(mã ([A-Z][A-Z0-9_]*)\)/.exec(p)?.[1] ?? /chỉ tiêu “([A-Z][A-Z0-9_]*)”/.exec(p)?.[1];
        const row = code ? rowOf.get(code) : undefined;
        return row ? `${p} (trang “${SHEET.indicators}”, dòng ${row})` : p;
      }),
    );
  }
}
