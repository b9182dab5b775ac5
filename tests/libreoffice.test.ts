import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellAt, disposeLibreOffice, libreOfficeOrSkip, parseCsv, recalcAllSheets, recalcToCsv } from './helpers/libreoffice.ts';

describe('parseCsv', () => {
  it('handles quotes, embedded separators, newlines and Vietnamese text', () => {
    const text = '\uFEFFa,"b, ""c""",\n"line1\nline2",Vượt KH,\r\n,,x';
    expect(parseCsv(text)).toEqual([
      ['a', 'b, "c"', ''],
      ['line1\nline2', 'Vượt KH', ''],
      ['', '', 'x'],
    ]);
  });

  it('returns no rows for empty text', () => {
    expect(parseCsv('')).toEqual([]);
  });
});

const skip = !libreOfficeOrSkip('các kiểm thử tính lại công thức bằng LibreOffice');

describe.skipIf(skip)('LibreOffice recalculation (soffice on PATH)', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  // Both workbooks are recalculated together, in one soffice call.
  let result: Map<string, Map<string, string[][]>>;
  const firstSheet = (name: string) => [...result.get(file(name))!.values()][0];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lo-test-'));

    // Canary: every cached result below is deliberately wrong.
    const canary = new ExcelJS.Workbook();
    const main = canary.addWorksheet('Chỉ tiêu');
    main.getCell('A1').value = 2;
    main.getCell('A2').value = 3;
    main.getCell('A3').value = { formula: 'A1*A2', result: 999 };
    main.getCell('A4').value = 'Không đạt KH';
    main.getCell('A5').value = { formula: 'IF(A1>1,"Vượt KH","Đạt KH")', result: 'Đạt KH' };
    main.getCell('A6').value = { formula: '_xlfn.NUMBERVALUE("1.721,4",",",".")', result: 0 };
    main.getCell('A7').value = { formula: 'NUMBERVALUE("1.721,4",",",".")', result: 0 };
    main.getCell('A8').value = { formula: 'ROUND(2.345,2)', result: 0 };
    main.getCell('A9').value = 1721.4;
    main.getCell('A9').numFmt = '#,##0.0';
    main.getCell('A10').value = { formula: 'A1/3', result: 0 };
    main.getCell('A10').numFmt = '0.00';
    main.getCell('A11').value = { formula: 'A1/0', result: 0 };
    main.getCell('A12').value = { formula: 'A1>A2', result: true };
    main.getCell('A13').value = 0.5;
    main.getCell('A13').numFmt = '0%';
    const second = canary.addWorksheet('Sheet 2');
    second.getCell('B2').value = { formula: "'Chỉ tiêu'!A3+1", result: 1 };
    canary.addWorksheet('Trống');
    await canary.xlsx.writeFile(file('canary.xlsx'));

    const text = new ExcelJS.Workbook();
    const ws = text.addWorksheet('Text');
    ws.getCell('A1').value = 'say "hi", then leave';
    ws.getCell('B1').value = 'line1\nline2';
    ws.getCell('C1').value = { formula: 'A1&", ok"', result: 'stale' };
    await text.xlsx.writeFile(file('text.xlsx'));

    writeFileSync(file('broken.xlsx'), 'not a workbook');
    result = await recalcAllSheets([file('canary.xlsx'), file('text.xlsx')]);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    disposeLibreOffice();
  });

  it('recalculates instead of keeping the cached (wrong) results', () => {
    const rows = firstSheet('canary.xlsx');
    expect(cellAt(rows, 'A3')).toBe('6');
    expect(cellAt(rows, 'A4')).toBe('Không đạt KH');
    expect(cellAt(rows, 'A5')).toBe('Vượt KH');
    expect(cellAt(rows, 'A11')).toBe('#DIV/0!');
    expect(cellAt(rows, 'A12')).toBe('FALSE');
  });

  it('returns every sheet in workbook order, recalculated across sheets', () => {
    const sheets = result.get(file('canary.xlsx'))!;
    expect([...sheets.keys()]).toEqual(['Chỉ tiêu', 'Sheet 2', 'Trống']);
    expect(sheets.get('Sheet 2')).toEqual([
      ['', ''],
      ['', '7'],
    ]);
    expect(sheets.get('Trống')).toEqual([]);
  });

  it('needs the _xlfn. prefix for NUMBERVALUE; ROUND rounds half away from zero', () => {
    const rows = firstSheet('canary.xlsx');
    expect(cellAt(rows, 'A6')).toBe('1721.4');
    expect(cellAt(rows, 'A7')).toBe('#NAME?');
    expect(cellAt(rows, 'A8')).toBe('2.35');
  });

  it('writes raw numbers, not as shown, except percentages', () => {
    const rows = firstSheet('canary.xlsx');
    expect(cellAt(rows, 'A9')).toBe('1721.4'); // format #,##0.0 ignored
    expect(cellAt(rows, 'A10')).toBe('0.666666666666667'); // format 0.00 ignored, 15 significant digits
    expect(cellAt(rows, 'A13')).toBe('50%'); // percent format survives
  });

  it('keeps quotes, commas and newlines in text', () => {
    expect(firstSheet('text.xlsx')).toEqual([['say "hi", then leave', 'line1\nline2', 'say "hi", then leave, ok']]);
  });

  it('recalcToCsv returns the first sheet of each file', async () => {
    const rows = await recalcToCsv([file('text.xlsx'), file('canary.xlsx')]);
    expect([...rows.keys()]).toEqual([file('text.xlsx'), file('canary.xlsx')]);
    expect(cellAt(rows.get(file('canary.xlsx'))!, 'A3')).toBe('6');
    expect(cellAt(rows.get(file('text.xlsx'))!, 'C1')).toBe('say "hi", then leave, ok');
  });

  it('fails loudly when a file cannot be loaded', async () => {
    await expect(recalcToCsv([file('text.xlsx'), file('broken.xlsx')])).rejects.toThrow(/broken\.xlsx[\s\S]*could not be loaded/);
  });
});
