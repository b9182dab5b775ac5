/**
 * Issue 20: the sheet's formula takes a figure's cell as the readers do — by its number format
 * (a percentage is the figure / 100 for an indicator in %, a mistake for any other; a date is no
 * figure), with the words of the indicator's unit (“942 người”), within its bounds (“Ngoài giới
 * hạn”) — and the input cell's validation never refuses what the system takes. Every indicator of
 * the 2023 and 2024 catalogues, in cells of many number formats, recalculated by LibreOffice; the
 * twin is the shared code the worker and the pane run (template-read.ts cellFigure, report.ts
 * evaluateRow).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUT_OF_BOUNDS_LABEL, STATUS_LABEL, statusLabel } from '../../shared/assess.ts';
import { findPeriod, type Indicator, type Period } from '../../shared/catalog.ts';
import {
  cleanedFormula,
  fractionFormula,
  statusFormula,
  validationFormula,
  valueFormula,
  VALUE_EMPTY,
  VALUE_ERROR,
  VALUE_NOT_ASSESSED,
} from '../../shared/formula.ts';
import { numFmtFor } from '../../shared/layout.ts';
import { formatVnNumber } from '../../shared/numbers.ts';
import { evaluateRow, figureUnitWords, isCountIndicator, isPercentIndicator } from '../../shared/report.ts';
import { cleanActualText, type CellInput } from '../../shared/target.ts';
import { cellFigure } from '../../shared/template-read.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { cellAt, libreOfficeOrSkip, recalcToCsv } from '../helpers/libreoffice.ts';

interface Case {
  name: string;
  ind: Indicator;
  period: Period;
  input: CellInput;
  format?: string;
}

/**
 * Number formats a figure's cell may carry. Dates and times only in the formats CELL("format", …)
 * tells as dates in LibreOffice too ("D1" … "D9"): LibreOffice answers "G" for dd/mm/yyyy, d-mmm or
 * the built-in short date (DATE_LIMIT below), where Excel answers "D1" … "D9" for every date format
 * it applies when it takes typing for a date.
 */
const FORMATS = [
  'General',
  '#,##0',
  '#,##0.0',
  '0%',
  '0.0%',
  '0.00%',
  '#,##0.0%',
  '[$-42A]dd/mm/yyyy',
  'hh:mm',
  '0.00E+00',
  '0.0"%"',
  '# ?/?',
  '0.0%;[Red]-0.0%',
];
/** Date formats LibreOffice's CELL("format", …) does not tell: the sheet there reads the serial number the readers refuse. */
const DATE_LIMIT = ['dd/mm/yyyy', 'mm-dd-yy', 'd-mmm', 'yyyy-mm-dd'];

/** A figure the indicator could have: its plan's number, else the middle of its bounds. */
function typical(ind: Indicator): number {
  const t = ind.target;
  const v = t.kind === 'threshold' || t.kind === 'maintain' ? t.value : t.kind === 'range' ? t.min : (ind.bounds.min + ind.bounds.max) / 2;
  return v;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const [year, periodId] of [
    [2023, '2023-uoc'],
    [2024, '2024-nam'],
    [2024, '2024-6t'],
  ] as const) {
    const catalog = loadCatalog(year);
    const period = findPeriod(catalog, periodId)!;
    for (const ind of catalog.indicators) {
      const add = (name: string, input: CellInput, format?: string) =>
        out.push({ name: `${periodId} ${ind.code} ${name}: ${JSON.stringify(input)}${format ? ` as ${format}` : ''}`, ind, period, input, format });
      const v = typical(ind);
      const step = 10 ** -ind.decimals;
      // Numbers in cells of every format: as typed into them (a percentage cell holds the fraction).
      for (const format of FORMATS) add('number', /%/.test(format.replace(/"[^"]*"/g, '')) ? v / 100 : v, format);
      add('the template’s own cell', isPercentIndicator(ind) ? v / 100 : v, numFmtFor(ind));
      // The bounds, just inside and just outside, at the reporting precision.
      const { min, max } = ind.bounds;
      for (const x of [min, max, max + step, min - step, max + step / 2.5, max + step * 0.6, max * 10, -1]) {
        add('bounds', isPercentIndicator(ind) ? x / 100 : x, numFmtFor(ind));
        add('bounds, in a General cell', x);
      }
      // Text: plain numbers the Vietnamese and the English way, with its unit's words, another unit's.
      const vn = formatVnNumber(v, ind.decimals > 0 && !Number.isInteger(v) ? ind.decimals : 0);
      const texts = [
        vn,
        `${vn}%`,
        `${vn} %`,
        formatVnNumber(max + step * 2),
        `${vn} hộ`,
        `khoảng ${vn}`,
        `${vn} triệu đồng`,
        `${vn} tỷ đồng`,
        '5.000',
        '1.721,4',
        '-5',
        '1,200',
        'TRUE',
      ];
      for (const w of figureUnitWords(ind)) texts.push(`${vn} ${w}`, `${vn}\u00a0${w.toUpperCase()}`, `ước đạt ${vn} ${w}`);
      for (const t of texts) add('text', t);
      add('boolean', true);
      add('boolean', false);
      add('a fraction', 1.2, numFmtFor(ind).includes('%') ? undefined : numFmtFor(ind));
      if (ind.code === 'GIA_DINH_VH') add('typed 95,8%', 0.958, '0.0%');
      if (ind.code === 'VIEC_LAM') add('typed 95%', 0.95, '0%');
    }
  }
  return out;
}

const all = cases();
/** The recorded limit: a number in a date format LibreOffice's CELL("format", …) calls "G". */
const limits: Case[] = (() => {
  const catalog = loadCatalog(2023);
  const period = findPeriod(catalog, '2023-uoc')!;
  const ind = catalog.indicators.find((i) => i.code === 'VIEC_LAM')!;
  return DATE_LIMIT.map((format) => ({ name: `date limit: 942 as ${format}`, ind, period, input: 942, format }));
})();

/** The readers' verdict (the worker's and the pane's shared code): value cell, cleaned text, status. */
function twin(c: Case): { value: number | string; cleaned: string; status: string } {
  const words = figureUnitWords(c.ind);
  const cleaned = typeof c.input === 'string' ? cleanActualText(c.input, words) : '';
  const figure = cellFigure(c.ind, c.input, c.format === 'General' ? undefined : c.format);
  if (figure.error !== undefined) return { value: VALUE_ERROR, cleaned, status: STATUS_LABEL.loi };
  const r = evaluateRow(c.ind, { value: figure.value }, c.period);
  const a = r.actual;
  const value = a.kind === 'number' ? a.value : a.kind === 'invalid' ? VALUE_ERROR : a.kind === 'not_assessed' ? VALUE_NOT_ASSESSED : VALUE_EMPTY;
  return { value, cleaned, status: statusLabel(r.assessment) };
}

const shown = (x: number | string) => (typeof x === 'number' ? Number(x.toPrecision(15)) + 0 : x);
const shownCell = (text: string) => {
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? Number(n.toPrecision(15)) + 0 : text;
};

const FIRST = 2;
const skip = !libreOfficeOrSkip('các kiểm thử công thức theo định dạng ô bằng LibreOffice');

describe.skipIf(skip)('a figure’s cell: number formats, unit words, bounds (LibreOffice recalculates)', () => {
  let rows: string[][];

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ô số liệu');
    ws.getCell('A1').value = 'case';
    ws.getCell('M1').value = { formula: '2*3', result: 999 } as ExcelJS.CellFormulaValue;
    [...all, ...limits].forEach((c, k) => {
      const r = FIRST + k;
      const e = `E${r}`;
      const rule = evaluateRow(c.ind, undefined, c.period).rule;
      ws.getCell(`A${r}`).value = c.name;
      const cell = ws.getCell(e);
      cell.value = c.input === undefined ? null : (c.input as ExcelJS.CellValue);
      if (c.format && c.format !== 'General') cell.numFmt = c.format;
      ws.getCell(`I${r}`).value = { formula: cleanedFormula(e, figureUnitWords(c.ind)), result: 'CANARY' } as ExcelJS.CellFormulaValue;
      ws.getCell(`H${r}`).value = { formula: valueFormula(e, `I${r}`, { percent: isPercentIndicator(c.ind) }), result: 'CANARY' } as ExcelJS.CellFormulaValue;
      ws.getCell(`F${r}`).value = {
        formula: statusFormula(`H${r}`, rule.target, c.ind.decimals, rule.basis, rule.measure, c.ind.bounds),
        result: 'CANARY',
      } as ExcelJS.CellFormulaValue;
      ws.getCell(`J${r}`).value = {
        formula: validationFormula(e, c.ind.bounds, c.ind.decimals, isPercentIndicator(c.ind)),
        result: 'CANARY',
      } as ExcelJS.CellFormulaValue;
      ws.getCell(`K${r}`).value = { formula: fractionFormula(`H${r}`), result: 'CANARY' } as ExcelJS.CellFormulaValue;
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'formula-cells-'));
    const file = path.join(dir, 'cells.xlsx');
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    rows = (await recalcToCsv([file])).get(file)!;
  }, 180_000);

  const at = (k: number, col: string) => cellAt(rows, `${col}${FIRST + k}`);

  it('recalculated (the canary cell shows 6, not its cached 999)', () => {
    expect(cellAt(rows, 'M1')).toBe('6');
    expect(all.length).toBeGreaterThan(2000);
  });

  it('every case: the value read, the cleaned text and the Đánh giá equal the readers’ twin', () => {
    const wrong = all.flatMap((c, k) => {
      const sheet = { value: shownCell(at(k, 'H')), cleaned: at(k, 'I'), status: at(k, 'F') };
      const t = twin(c);
      const expected = { value: shown(t.value), cleaned: t.cleaned, status: t.status };
      return JSON.stringify(sheet) === JSON.stringify(expected) ? [] : [{ case: c.name, sheet, expected }];
    });
    expect(wrong).toEqual([]);
  });

  it('a percentage is read × 100 for an indicator in %, refused for any other; a date is refused', () => {
    const find = (part: string) => all.findIndex((c) => c.name.includes(part));
    const pct = find('2023-uoc GIA_DINH_VH typed 95,8%: 0.958 as 0.0%');
    expect(shownCell(at(pct, 'H'))).toBe(95.8);
    expect(at(pct, 'F')).toBe(STATUS_LABEL.vuot);
    expect(at(find('2024-nam GIA_DINH_VH typed 95,8%: 0.958 as 0.0%'), 'F')).toBe(STATUS_LABEL.dat);
    expect(at(find('2023-uoc VIEC_LAM typed 95%: 0.95 as 0%'), 'F')).toBe(STATUS_LABEL.loi);
    expect(at(find('2023-uoc VIEC_LAM number: 1200 as hh:mm'), 'F')).toBe(STATUS_LABEL.loi);
    expect(at(find('2023-uoc VIEC_LAM number: 1200 as [$-42A]dd/mm/yyyy'), 'F')).toBe(STATUS_LABEL.loi);
    expect(at(find('2023-uoc VIEC_LAM number: 1200 as #,##0.0'), 'F')).toBe(STATUS_LABEL.dat);
  });

  it('“5.000” outside 0–1.000 and “-5” are refused by the sheet itself, never a status', () => {
    const row = (text: string) => all.findIndex((c) => c.name === `2023-uoc BANG_RONG text: ${JSON.stringify(text)}`);
    expect(at(row('5.000'), 'F')).toBe(OUT_OF_BOUNDS_LABEL);
    expect(at(row('-5'), 'F')).toBe(OUT_OF_BOUNDS_LABEL);
    expect(
      at(
        all.findIndex((c) => c.name === '2023-uoc THU_NHAP text: "1.721,4"'),
        'F',
      ),
    ).toBe(OUT_OF_BOUNDS_LABEL);
    const people = all.findIndex((c) => c.name === '2023-uoc VIEC_LAM text: "1.200 lao động"');
    expect([shownCell(at(people, 'H')), at(people, 'F')]).toEqual([1200, STATUS_LABEL.dat]);
  });

  it('the validation never refuses what the system takes, and refuses a plain number outside the bounds', () => {
    const own = (c: Case) => typeof c.input !== 'number' || c.format === numFmtFor(c.ind);
    const refusedButTaken = all.flatMap((c, k) =>
      own(c) && at(k, 'J') === 'FALSE' && ![STATUS_LABEL.loi, OUT_OF_BOUNDS_LABEL].includes(twin(c).status) ? [c.name] : [],
    );
    expect(refusedButTaken).toEqual([]);
    const outside = all.flatMap((c, k) =>
      own(c) && twin(c).status === OUT_OF_BOUNDS_LABEL && (typeof c.input === 'number' || /^[+-]?[\d.,]+%?$/.test(String(c.input)))
        ? [[c.name, at(k, 'J')]]
        : [],
    );
    expect(outside.length).toBeGreaterThan(100);
    expect(outside.filter(([, v]) => v !== 'FALSE')).toEqual([]);
  });

  it.each(limits.map((c, k) => [c.name, all.length + k] as const))(
    '%s: the readers refuse it, LibreOffice’s formula reads the date’s serial number',
    (_n, k) => {
      expect(twin(limits[k - all.length]).status).toBe(STATUS_LABEL.loi);
      expect(at(k, 'F')).toBe(STATUS_LABEL.khong_dat);
    },
  );

  it('the orange fraction mark: a figure with a fraction at its 15 digits', () => {
    const wrong = all.flatMap((c, k) => {
      const t = twin(c);
      const expected = typeof t.value === 'number' && !Number.isInteger(Number(t.value.toPrecision(15)));
      return (at(k, 'K') === 'TRUE') === expected ? [] : [c.name];
    });
    expect(wrong).toEqual([]);
    expect(all.some((c) => isCountIndicator(c.ind))).toBe(true);
  });
});
