/**
 * A typed figure is one number with optional words around it (issue 18): random texts made of the
 * words officers type (the affixes of ACTUAL_AFFIXES, unit words, other words, “năm 2023”),
 * numbers written the Vietnamese way with and without signs, every kind of space and footnote
 * marks. readActual never gives a figure that is not in the text, and a text with two numbers is
 * refused; the sheet's formula (recalculated by LibreOffice) reads a sample of them exactly as
 * readActual does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assess, statusLabel } from '../../shared/assess.ts';
import { cleanedFormula, statusFormula, valueFormula, VALUE_EMPTY, VALUE_ERROR, VALUE_NOT_ASSESSED } from '../../shared/formula.ts';
import { cleanActualText, readActual, type Target } from '../../shared/target.ts';
import { cellAt, libreOfficeOrSkip, recalcToCsv } from '../helpers/libreoffice.ts';
import { figureText } from './figure-texts.ts';

const SEED = 20231120;

describe('readActual never gives a figure that is not in the text', () => {
  const samples = fc.sample(figureText, { seed: SEED, numRuns: 5000 });

  it('a number read is one the text has (negated after “Giảm”), and two numbers are refused', () => {
    fc.assert(
      fc.property(figureText, ({ text, numbers, decrease }) => {
        const a = readActual(text);
        if (numbers.length >= 2) expect(a.kind, JSON.stringify(text)).toBe('invalid');
        if (a.kind === 'number') {
          expect(numbers.length, JSON.stringify(text)).toBe(1);
          expect(a.value + 0, JSON.stringify(text)).toBe((decrease ? -numbers[0] : numbers[0]) + 0);
        }
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it('the generator makes every kind of text (so the property can fail)', () => {
    const read = samples.map((s) => ({ ...s, kind: readActual(s.text).kind }));
    const count = (f: (r: (typeof read)[number]) => boolean) => read.filter(f).length;
    // Shares measured with this seed; the bounds keep the property from going vacuous.
    expect(count((r) => r.numbers.length >= 2)).toBeGreaterThan(1500);
    expect(count((r) => r.kind === 'number')).toBeGreaterThan(500);
    expect(count((r) => r.kind === 'number' && r.decrease)).toBeGreaterThan(150);
    expect(count((r) => r.kind === 'number' && /[\u00a0\u202f\n\t]/.test(r.text))).toBeGreaterThan(400);
    expect(count((r) => r.kind === 'number' && /[−-]/.test(r.text))).toBeGreaterThan(250);
    expect(count((r) => r.numbers.length === 1 && r.kind === 'invalid')).toBeGreaterThan(500);
  });
});

const skip = !libreOfficeOrSkip('kiểm thử văn bản số liệu ngẫu nhiên bằng LibreOffice');

describe.skipIf(skip)('the sheet’s formula reads generated texts as readActual does (LibreOffice recalculates)', () => {
  const FIRST = 2;
  const target: Target = { kind: 'threshold', direction: 'higher', value: 1200 };
  const decimals = 1;
  const samples = fc.sample(figureText, { seed: SEED + 1, numRuns: 300 });
  let rows: string[][];

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Văn bản');
    ws.getCell('K1').value = { formula: '2*3', result: 999 } as ExcelJS.CellFormulaValue;
    samples.forEach((s, k) => {
      const r = FIRST + k;
      ws.getCell(`E${r}`).value = s.text;
      ws.getCell(`I${r}`).value = { formula: cleanedFormula(`E${r}`), result: 'CANARY' } as ExcelJS.CellFormulaValue;
      ws.getCell(`H${r}`).value = { formula: valueFormula(`E${r}`, `I${r}`), result: 'CANARY' } as ExcelJS.CellFormulaValue;
      ws.getCell(`F${r}`).value = { formula: statusFormula(`H${r}`, target, decimals), result: 'CANARY' } as ExcelJS.CellFormulaValue;
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'figure-text-')), 'texts.xlsx');
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    rows = (await recalcToCsv([file])).get(file)!;
  });

  it('recalculated (the canary cell shows 6, not its cached 999)', () => {
    expect(cellAt(rows, 'K1')).toBe('6');
  });

  it('300 generated texts: the same cleaned text, value and Đánh giá', () => {
    const got = samples.map((s, k) => {
      const r = FIRST + k;
      const value = cellAt(rows, `H${r}`);
      return {
        text: s.text,
        cleaned: cellAt(rows, `I${r}`),
        value: Number.isNaN(Number(value)) || value === '' ? value : Number(value),
        status: cellAt(rows, `F${r}`),
      };
    });
    const expected = samples.map((s) => {
      const a = readActual(s.text);
      const value = a.kind === 'number' ? a.value : a.kind === 'invalid' ? VALUE_ERROR : a.kind === 'not_assessed' ? VALUE_NOT_ASSESSED : VALUE_EMPTY;
      return { text: s.text, cleaned: cleanActualText(s.text), value, status: statusLabel(assess(target, a, decimals)) };
    });
    // Only the texts read differently, each with both readings.
    expect(got.flatMap((g, k) => (JSON.stringify(g) === JSON.stringify(expected[k]) ? [] : [{ sheet: g, readActual: expected[k] }]))).toEqual([]);
    // Both kinds are in the sample.
    expect(expected.filter((e) => typeof e.value === 'number').length).toBeGreaterThan(30);
    expect(expected.filter((e) => e.value === VALUE_ERROR).length).toBeGreaterThan(100);
  });
});
