/**
 * The assessment rule exists twice: TypeScript (shared/assess.ts, shared/target.ts) and the Excel
 * formulas generated in shared/formula.ts. A workbook with the generated formulas and deliberately
 * wrong cached results is recalculated by LibreOffice; every computed cell must equal the
 * TypeScript twin.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assess, STATUS_LABEL } from '../../shared/assess.ts';
import { cleanedFormula, statusFormula, valueFormula, VALUE_EMPTY, VALUE_ERROR, VALUE_NOT_ASSESSED } from '../../shared/formula.ts';
import { cleanActualText, readActual, type CellInput, type Target } from '../../shared/target.ts';
import { cellAt, libreOfficeAvailable, recalcToCsv } from '../helpers/libreoffice.ts';
import { loadCatalog, realAppendix } from '../helpers/catalog.ts';

interface Case { name: string; target: Target; decimals: number; input: CellInput }

const higher = (value: number): Target => ({ kind: 'threshold', direction: 'higher', value });
const lower = (value: number): Target => ({ kind: 'threshold', direction: 'lower', value });

function grid(): Case[] {
  const cases: Case[] = [];
  const add = (name: string, target: Target, decimals: number, inputs: CellInput[]) => {
    for (const input of inputs) cases.push({ name: `${name}: ${JSON.stringify(input)}`, target, decimals, input });
  };
  add('higher, 1 decimal', higher(99), 1, [99.1, 99.05, 99.04, 99, 98.96, 98.94, 0, -5, '99', '99,0', '> 99', 'Đạt 99,1%']);
  add('higher, 2 decimals', higher(45.5), 2, [45.5, 45.505, 45.49, 47, '45,5', '45,50', 'Tăng 45,51 %', '45.5']);
  add('higher, thousands', higher(1200), 0, [1200, 1199.5, 1199.4, 942, '1.200', '1.199,5', '942', '1200', '12.00', '1.2000', '-1.200', '+1.201']);
  add('lower is better', lower(2.32), 2, [2, 2.32, 2.321, 2.33, 'Giảm còn 2 %', 'Giảm còn 2,32%', 'giảm còn 2,4 %', 'Dưới 2,32']);
  add('growth', higher(13), 2, [6.45, 'Tăng 6,45 %', 'Tăng 13%', 'Tăng 13,01%', 'Giảm 2%', 'tăng 14 %']);
  add('maintain lower', { kind: 'maintain', direction: 'lower', value: 1 }, 2, ['Dưới 1', 0.5, 1, 1.004, 1.005, 1.2, 'Dưới 0,8']);
  add('maintain higher', { kind: 'maintain', direction: 'higher', value: 99 }, 1, [99, 100, 98.9, 'Trên 99']);
  add('range', { kind: 'range', min: 9, max: 10 }, 0, [8, 8.5, 9, 9.4, 10, 10.4, 10.5, 11, '9 ⁷⁶', '9 nhà']);
  add('ratio', higher(80), 0, ['80/100 dân', '79/100 dân', '81/100 dân', 80]);
  add('blanks and text', higher(1), 0, [null, '', '   ', '\u00a0', 'abc', 'không rõ', 'Tăng %', '1,2,3', '5,', ',5', '1e3', '12-', '1.5', '1.23', '12.3456']);
  add('not assessed', higher(97), 1, ['Áp dụng quy định mới chưa đánh giá', 'CHƯA ĐÁNH GIÁ do thiếu số liệu']);
  add('target not assessed', { kind: 'none', reason: 'Chưa có cơ sở' }, 0, [5, 'abc', null]);
  // The 21 real rows from their printed texts.
  const catalog = loadCatalog(2023);
  for (const row of realAppendix().rows) {
    const ind = catalog.indicators.find((i) => i.stt === row.stt)!;
    cases.push({ name: `real row ${row.stt}: ${row.actual}`, target: ind.target as Target, decimals: ind.decimals, input: row.actual });
    if (typeof ind.target === 'object') cases.push({ name: `real row ${row.stt}, plain number`, target: ind.target as Target, decimals: ind.decimals, input: readActual(row.actual).kind === 'number' ? (readActual(row.actual) as { value: number }).value : row.actual });
  }
  return cases;
}

const cases = grid();
const FIRST = 2;
const skip = !libreOfficeAvailable() && !process.env.CI;

describe.skipIf(skip)('the Excel formula equals the TypeScript rule (LibreOffice recalculates)', () => {
  let rows: string[][];

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Quy tắc');
    ws.getCell('A1').value = 'case';
    // Canary: a formula whose cached result is wrong on purpose.
    ws.getCell('K1').value = { formula: '2*3', result: 999 } as ExcelJS.CellFormulaValue;
    cases.forEach((c, k) => {
      const r = FIRST + k;
      ws.getCell(`A${r}`).value = c.name;
      ws.getCell(`E${r}`).value = c.input === undefined ? null : (c.input as ExcelJS.CellValue);
      ws.getCell(`I${r}`).value = { formula: cleanedFormula(`E${r}`), result: 'CANARY' } as ExcelJS.CellFormulaValue;
      ws.getCell(`H${r}`).value = { formula: valueFormula(`E${r}`, `I${r}`), result: 'CANARY' } as ExcelJS.CellFormulaValue;
      ws.getCell(`F${r}`).value = { formula: statusFormula(`H${r}`, c.target, c.decimals), result: 'CANARY' } as ExcelJS.CellFormulaValue;
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'formula-'));
    const file = path.join(dir, 'rule.xlsx');
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    rows = (await recalcToCsv([file])).get(file)!;
  });

  it('recalculated (the canary cell shows 6, not its cached 999)', () => {
    expect(cellAt(rows, 'K1')).toBe('6');
  });

  it.each(cases.map((c, k) => [c.name, c, FIRST + k] as const))('%s', (_n, c, r) => {
    const actual = readActual(c.input);
    const expectedStatus = STATUS_LABEL[assess(c.target, actual, c.decimals).status];
    const expectedValue = actual.kind === 'number' ? actual.value
      : actual.kind === 'invalid' ? VALUE_ERROR : actual.kind === 'not_assessed' ? VALUE_NOT_ASSESSED : VALUE_EMPTY;
    const expectedCleaned = typeof c.input === 'string' ? cleanActualText(c.input) : '';
    expect({
      status: cellAt(rows, `F${r}`),
      value: cellAt(rows, `H${r}`),
      cleaned: cellAt(rows, `I${r}`),
    }).toEqual({
      status: c.target.kind === 'none' ? STATUS_LABEL.chua_danh_gia : expectedStatus,
      value: typeof expectedValue === 'number' ? String(Number(expectedValue.toPrecision(15))) : expectedValue,
      cleaned: expectedCleaned,
    });
  });
});
