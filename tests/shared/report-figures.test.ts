/**
 * Figures from the sheet to the appendix, whatever double a cell holds: float noise from a cell
 * formula, figures JavaScript prints in exponent form, figures too large for the indicator, the
 * real minus sign. Each case here was found by a robustness probe on the 2023 catalogue.
 */
import { describe, expect, it } from 'vitest';
import { STATUS_LABEL } from '../../shared/assess.ts';
import { findPeriod, type Indicator } from '../../shared/catalog.ts';
import { appendixModel } from '../../shared/layout.ts';
import { checkRow, evaluateRow, formatFigure, summarize } from '../../shared/report.ts';
import { readActual, type CellInput } from '../../shared/target.ts';
import { loadCatalog, realAppendix } from '../helpers/catalog.ts';

const catalog = loadCatalog(2023);
const period = findPeriod(catalog, '2023-uoc')!;
const real = realAppendix();
const ind = (code: string): Indicator => catalog.indicators.find((i) => i.code === code)!;
/** What "=0,3-0,1-0,2" (in some order) leaves in a cell. */
const NOISE = 2.7755575615628914e-17;

function realValues(overrides: Record<string, { value: CellInput; note?: string }>) {
  const values: Record<string, { value: CellInput; note?: string }> = {};
  for (const i of catalog.indicators) values[i.code] = { value: real.rows.find((r) => r.stt === i.stt)!.actual };
  return { ...values, ...overrides };
}

describe('float noise from a cell formula reads at the reporting precision', () => {
  // "Dưới 1" (maintain, lower is better) and "Giảm còn dưới 2,32%" typed as formulas that leave
  // 2.78e-17: both are 0 at 2 decimals, so met and exceeded, as the report judged them.
  const values = realValues({
    DAN_SO: { value: NOISE, note: 'Số liệu tính bằng công thức' },
    HO_NGHEO: { value: -NOISE, note: 'Số liệu tính bằng công thức' },
  });
  const rows = catalog.indicators.map((i) => evaluateRow(i, values[i.code]));
  const row = (code: string) => rows.find((r) => r.indicator.code === code)!;

  it('judges them Đạt KH and Vượt KH, not Không đạt KH', () => {
    expect(STATUS_LABEL[row('DAN_SO').assessment.status]).toBe('Đạt KH');
    expect(STATUS_LABEL[row('HO_NGHEO').assessment.status]).toBe('Vượt KH');
  });

  it('prints 0 (never NaN), through the row’s pattern', () => {
    expect(row('DAN_SO').printed).toBe('0');
    expect(row('HO_NGHEO').printed).toBe('Giảm còn 0 %');
    expect(formatFigure(ind('DAN_SO'), 1e-7)).toBe('0');
    expect(formatFigure(ind('SL_LUONG_THUC'), 1.2554e22)).toBe('12.554.000.000.000.000.000.000');
  });

  it('keeps the report’s own summary: 03 chỉ tiêu không đạt', () => {
    const s = summarize(catalog, period, rows);
    expect(s.sentence).toBe(real.summary_in_report.text);
    expect(s.metDetail).toBe(real.summary_in_report.footnote);
  });

  it('the appendix prints no NaN anywhere and its cached statuses agree', () => {
    const { model } = appendixModel(catalog, period, { generatedAt: '2023-11-20T10:00:00+07:00', values });
    const texts = model.cells.map((c) => String(c.value ?? c.result ?? ''));
    expect(texts.filter((t) => /NaN|Infinity|e[+-]\d/.test(t))).toEqual([]);
    const r = model.rows.find((x) => x.indicator === 'HO_NGHEO')!.row;
    // Row 11 carries the first explanation, so footnote 74.
    expect(model.cells.find((c) => c.address === `E${r}`)!.value).toBe('Giảm còn 0 % ⁷⁴');
    expect(model.cells.find((c) => c.address === `F${r}`)!.result).toBe('Vượt KH');
  });

  it('float noise never trips a bound (compared at the reporting precision)', () => {
    // 100.00000000000001 out of a SUM of percentages, on a 0–100 % row with 1 decimal.
    const r = evaluateRow(ind('RAC_THAI'), { value: 100.00000000000001 });
    expect(checkRow(r).filter((p) => p.code === 'out_of_bounds')).toEqual([]);
    expect(r.printed).toBe('100');
    const over = evaluateRow(ind('RAC_THAI'), { value: 100.06 });
    expect(checkRow(over).map((p) => p.code)).toContain('out_of_bounds');
  });
});

describe('a figure too large for the indicator is refused with the figure as typed', () => {
  const message = (code: string, value: CellInput) => checkRow(evaluateRow(ind(code), { value, note: 'x' })).find((p) => p.code === 'out_of_bounds')?.message;

  it('text: quoted as typed', () => {
    expect(message('SL_LUONG_THUC', '12.554.000.000.000.000.000.000')).toBe(
      `Chỉ tiêu 6. ${ind('SL_LUONG_THUC').name}: số liệu “12.554.000.000.000.000.000.000” nằm ngoài khoảng cho phép từ 0 đến 1.000.000 Tấn. Hãy kiểm tra lại đơn vị tính và dấu thập phân.`,
    );
  });

  it('a number: written out in full, the Vietnamese way', () => {
    expect(message('SL_LUONG_THUC', 1.2554e22)).toContain('số liệu 12.554.000.000.000.000.000.000 Tấn nằm ngoài khoảng cho phép từ 0 đến 1.000.000 Tấn.');
    expect(message('SL_LUONG_THUC', 1e300)).toMatch(/số liệu 1(\.000){100} Tấn nằm ngoài/);
  });

  it('percentages without a space, negatives with the real minus', () => {
    expect(message('GTSX', 1500)).toContain('số liệu 1.500% nằm ngoài khoảng cho phép từ −100% đến 1.000%.');
    expect(message('GTSX', -250)).toContain('số liệu −250% nằm ngoài');
    expect(message('GTSX', 'Tăng 1.500 %')).toContain('số liệu “Tăng 1.500 %” nằm ngoài');
  });

  it('no message prints NaN for any of the probe’s inputs', () => {
    for (const i of catalog.indicators) {
      for (const v of ['12.554.000.000.000.000.000.000', 1.2554e22, 1e21, NOISE, -NOISE, 1e-7, Number.MAX_VALUE, -Number.MAX_VALUE, '−10', -0]) {
        for (const p of checkRow(evaluateRow(i, { value: v }))) expect(p.message, `${i.code} ${v}`).not.toMatch(/NaN|Infinity|e[+-]\d/);
      }
    }
  });
});

describe('the real minus sign', () => {
  it('pasted from Word, a figure reads and prints as a figure', () => {
    const r = evaluateRow(ind('GTSX'), { value: '−2,5', note: 'Giảm do …' });
    expect(r.actual).toEqual({ kind: 'number', value: -2.5, decimals: 1 });
    expect(r.assessment.status).toBe('khong_dat');
  });

  it('the appendix prints it for people and its formula re-reads the printed text', () => {
    const r = evaluateRow(ind('GTSX'), { value: -2.5 });
    expect(r.printed).toBe('Tăng −2,5 %');
    expect(readActual(r.printed)).toEqual({ kind: 'number', value: -2.5, decimals: 1 });
    expect(evaluateRow(ind('VIEC_LAM'), { value: -12 }).printed).toBe('−12');
  });

  it('the unmet list writes percentages without a space', () => {
    const values = realValues({ BHYT: { value: 90.5, note: 'Chưa đạt do …' } });
    const s = summarize(
      catalog,
      period,
      catalog.indicators.map((i) => evaluateRow(i, values[i.code])),
    );
    expect(s.unmetDetail).toContain(`${ind('BHYT').name} ước đạt 90,5%/97%`);
  });
});
