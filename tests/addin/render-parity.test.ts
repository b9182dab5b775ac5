// The Office.js renderer draws the same sheet as the worker's exceljs renderer: for the same unit,
// the operations recorded through office-addin-mock are compared with the .xlsx that
// renderWorkbook(templateModel(...)) writes, read back with exceljs.
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { reportingUnits, type Catalog } from '../../shared/catalog.ts';
import { HEADER_ROW, META_SHEET, SHEET_NAME, type SheetModel } from '../../shared/layout.ts';
import { renderWorkbook } from '../../worker/render/exceljs.ts';
import { cellAddress, expandRange, parseRange } from '../../shared/a1.ts';
import { planOperations } from '../../addin/office/plan.ts';
import { renderTemplate } from '../../addin/office/render.ts';
import { columnWidthToPoints } from '../../addin/office/units.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { FakeExcel } from '../helpers/addin-excel-mock.ts';
import { modelFor } from '../helpers/addin-fixtures.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- mock objects and exceljs internals */

type Content = { formula: string } | { value: string | number };

/** exceljs writes "_xlfn." where OOXML needs it; Office.js takes the plain name. */
const plainFormula = (f: string) => f.replace(/^=/, '').replace(/_xlfn\./g, '');

const argb = (hex: string) => `FF${hex.replace('#', '')}`;

interface Drawn {
  cells: Map<string, Content>;
  locked: Map<string, boolean>;
  fonts: Map<string, { name: string; size: number; bold: boolean; italic: boolean }>;
  fills: Map<string, string>;
  numFmts: Map<string, string>;
  validations: Map<string, { formula: string; errorTitle: string; error: string; promptTitle: string; prompt: string }>;
  merges: string[];
  hidden: string[];
  widths: Map<string, number>;
  heights: Map<number, number>;
  conditional: { range: string; formula: string; fill: string; font: string }[];
  meta: [string, string][];
}

/** What the Office.js renderer did, from the ranges and calls recorded by the fake workbook. */
async function drawWithOffice(model: SheetModel): Promise<{ drawn: Drawn; fake: FakeExcel }> {
  const fake = new FakeExcel();
  await renderTemplate(fake.context, model);
  const ranges: Map<string, any> = fake.ranges.get(SHEET_NAME)!;
  const drawn: Drawn = {
    cells: new Map(),
    locked: new Map(),
    fonts: new Map(),
    fills: new Map(),
    numFmts: new Map(),
    validations: new Map(),
    merges: [],
    hidden: [],
    widths: new Map(),
    heights: new Map(),
    conditional: [],
    meta: [],
  };
  const each2d = (address: string, grid: unknown[][], put: (a: string, v: unknown) => void) => {
    const { c1, r1 } = parseRange(address);
    grid.forEach((line, i) => line.forEach((v, j) => put(cellAddress(c1 + j, r1 + i), v)));
  };
  for (const [address, r] of ranges) {
    if (Array.isArray(r.formulas)) {
      each2d(address, r.formulas, (a, v) => {
        if (v === '') return;
        if (typeof v === 'string' && v.startsWith('=')) drawn.cells.set(a, { formula: plainFormula(v) });
        else drawn.cells.set(a, { value: typeof v === 'string' && v.startsWith("'") ? v.slice(1) : (v as string | number) });
      });
    }
    if (Array.isArray(r.numberFormat)) each2d(address, r.numberFormat, (a, v) => drawn.numFmts.set(a, v as string));
    const f = r.format;
    if (typeof f.protection.locked === 'boolean') for (const a of expandRange(address)) drawn.locked.set(a, f.protection.locked);
    if (typeof f.font.name === 'string') {
      for (const a of expandRange(address)) drawn.fonts.set(a, { name: f.font.name, size: f.font.size, bold: f.font.bold, italic: f.font.italic });
    }
    if (typeof f.fill.color === 'string') for (const a of expandRange(address)) drawn.fills.set(a, argb(f.fill.color));
    const dv = r.dataValidation;
    if (dv.rule) {
      drawn.validations.set(address, {
        formula: plainFormula(dv.rule.custom.formula),
        errorTitle: dv.errorAlert.title,
        error: dv.errorAlert.message,
        promptTitle: dv.prompt.title,
        prompt: dv.prompt.message,
      });
      expect(dv.errorAlert).toMatchObject({ showAlert: true, style: 'Stop' });
      expect(dv.prompt.showPrompt).toBe(true);
    }
    if (r.columnHidden === true) drawn.hidden.push(address.split(':')[0]);
    if (typeof f.columnWidth === 'number') drawn.widths.set(address.split(':')[0], f.columnWidth);
    if (typeof f.rowHeight === 'number') drawn.heights.set(Number(address.split(':')[0]), f.rowHeight);
  }
  drawn.merges = fake.callsOf('merge').map((c) => c.target.split('!')[1]);
  drawn.conditional = fake.conditionalFormats.map((cf) => ({
    range: cf.address,
    formula: plainFormula(cf.mock.custom.rule.formula),
    fill: argb(cf.mock.custom.format.fill.color),
    font: argb(cf.mock.custom.format.font.color),
  }));
  for (const [, r] of fake.ranges.get(META_SHEET)!) {
    if (Array.isArray(r.values) && r.values !== r.__seeded) {
      drawn.meta.push(...r.values.map((line: string[]) => line.map((v) => (v.startsWith("'") ? v.slice(1) : v)) as [string, string]));
    }
  }
  return { drawn, fake };
}

/** The same facts from the worker's .xlsx. */
async function drawWithExceljs(model: SheetModel): Promise<{ drawn: Drawn; ws: ExcelJS.Worksheet; meta: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await renderWorkbook(model)) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SHEET_NAME)!;
  const meta = wb.getWorksheet(META_SHEET)!;
  const drawn: Drawn = {
    cells: new Map(),
    locked: new Map(),
    fonts: new Map(),
    fills: new Map(),
    numFmts: new Map(),
    validations: new Map(),
    merges: [...(ws.model as any).merges],
    hidden: [],
    widths: new Map(),
    heights: new Map(),
    conditional: [],
    meta: [],
  };
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    if (row.height) drawn.heights.set(r, row.height);
    // Empty cells too: the input cells are blank but styled and unlocked.
    row.eachCell({ includeEmpty: true }, (cell) => {
      // Cells covered by a merge carry no content of their own.
      if ((cell.isMerged && cell.master.address !== cell.address) || (cell.value === null && !cell.style?.font)) return;
      const a = cell.address;
      const v = cell.value as any;
      if (v && typeof v === 'object' && 'formula' in v) drawn.cells.set(a, { formula: plainFormula(v.formula) });
      else if (v !== null && v !== undefined) drawn.cells.set(a, { value: v });
      drawn.locked.set(a, cell.protection?.locked !== false);
      if (cell.font?.name)
        drawn.fonts.set(a, { name: cell.font.name, size: cell.font.size!, bold: cell.font.bold === true, italic: cell.font.italic === true });
      const fill = cell.fill as ExcelJS.FillPattern | undefined;
      if (fill?.type === 'pattern' && fill.fgColor?.argb) drawn.fills.set(a, fill.fgColor.argb);
      if (cell.numFmt) drawn.numFmts.set(a, cell.numFmt);
    });
  });
  for (const [address, dv] of Object.entries((ws as any).dataValidations.model as Record<string, any>)) {
    expect(dv).toMatchObject({ type: 'custom', showErrorMessage: true, showInputMessage: true, errorStyle: 'stop' });
    drawn.validations.set(address, {
      formula: plainFormula(dv.formulae[0]),
      errorTitle: dv.errorTitle,
      error: dv.error,
      promptTitle: dv.promptTitle,
      prompt: dv.prompt,
    });
  }
  ws.columns.forEach((col, i) => {
    const letter = cellAddress(i + 1, 1).replace(/\d+$/, '');
    if (col.hidden) drawn.hidden.push(letter);
    if (col.width) drawn.widths.set(letter, col.width);
  });
  for (const cf of (ws as any).conditionalFormattings as any[]) {
    for (const rule of cf.rules) {
      drawn.conditional.push({ range: cf.ref, formula: plainFormula(rule.formulae[0]), fill: rule.style.fill.bgColor.argb, font: rule.style.font.color.argb });
    }
  }
  meta.eachRow((row) => drawn.meta.push([String(row.getCell(1).value), String(row.getCell(2).value)]));
  return { drawn, ws, meta };
}

const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

function unitsOf(catalog: Catalog): string[] {
  return reportingUnits(catalog).map((u) => u.code);
}

describe.each([2023, 2024] as const)('Office.js renderer vs exceljs template, %i catalogue', (year) => {
  const catalog = loadCatalog(year);
  it.each(unitsOf(catalog))('unit %s: same sheet', async (unit) => {
    const model = modelFor(catalog, unit);
    const [{ drawn: office, fake }, { drawn: file, ws, meta }] = await Promise.all([drawWithOffice(model), drawWithExceljs(model)]);

    // Values and formulas, cell by cell.
    expect(sorted(office.cells)).toEqual(sorted(file.cells));
    expect(office.cells.size).toBeGreaterThanOrEqual(20);
    // Locked and unlocked cells: only E and G of the unit's rows are open.
    const unlocked = (m: Map<string, boolean>) =>
      [...m]
        .filter(([, l]) => !l)
        .map(([a]) => a)
        .sort();
    expect(unlocked(office.locked)).toEqual(unlocked(file.locked));
    expect(unlocked(office.locked)).toEqual(model.rows.flatMap(({ row }) => [`E${row}`, `G${row}`]).sort());
    for (const [a, locked] of file.locked) expect(office.locked.get(a), a).toBe(locked);
    // Fonts (Times New Roman), fills and number formats of every drawn cell.
    for (const [a, font] of file.fonts) expect(office.fonts.get(a), a).toEqual(font);
    for (const [a, fill] of file.fills) expect(office.fills.get(a), a).toBe(fill);
    for (const [a, fmt] of file.numFmts) expect(office.numFmts.get(a), a).toBe(fmt);
    expect(file.fonts.size).toBeGreaterThanOrEqual(office.cells.size);
    expect(file.fills.size).toBeGreaterThanOrEqual(7);
    expect(file.numFmts.size).toBe(model.rows.length);
    // Validations, merges, hidden helper columns, sizes, conditional formats.
    expect(sorted(office.validations)).toEqual(sorted(file.validations));
    expect(office.validations.size).toBe(model.rows.length);
    expect([...office.merges].sort()).toEqual([...file.merges].sort());
    expect(office.hidden.sort()).toEqual(['H', 'I']);
    expect(file.hidden.sort()).toEqual(['H', 'I']);
    for (const [letter, width] of file.widths) expect(office.widths.get(letter), letter).toBeCloseTo(columnWidthToPoints(width), 5);
    // Fixed heights alike; the input rows grow with their text (issue 20): no fixed height in the
    // file (a starting height, without customHeight), fitted by Excel in the pane's drawing.
    const fitRows = new Set(model.fitRows);
    expect(model.fitRows).toEqual(model.rows.map((r) => r.row));
    const fixed = (m: Map<number, number>) => sorted(new Map([...m].filter(([r]) => !fitRows.has(r)).map(([r, h]) => [String(r), h])));
    expect(fixed(office.heights)).toEqual(fixed(file.heights));
    expect([...office.heights.keys()].filter((r) => fitRows.has(r))).toEqual([]);
    expect(fake.callsOf('format.autofitRows').map((c) => c.target.split('!')[1])).toEqual([`${model.fitRows![0]}:${model.fitRows!.at(-1)}`]);
    const sheetXml = strFromU8(unzipSync(await renderWorkbook(model))['xl/worksheets/sheet1.xml']);
    for (const r of model.fitRows!) expect(new RegExp(`<row r="${r}"[^>]*customHeight="1"`).test(sheetXml), `row ${r}`).toBe(false);
    expect(sheetXml).toMatch(new RegExp(`<row r="${HEADER_ROW}"[^>]*customHeight="1"`));
    expect(office.conditional).toEqual(file.conditional);
    // The very-hidden metadata sheet.
    expect(office.meta).toEqual(file.meta);
    expect(meta.state).toBe('veryHidden');
    expect(fake.sheet(META_SHEET).visibility).toBe('VeryHidden');

    // Frozen header, gridlines, print setup and protection agree too.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, showGridLines: false });
    expect(fake.callsOf('freezePanes.freezeRows')[0].args).toEqual([4]);
    expect(fake.sheet(SHEET_NAME).showGridlines).toBe(false);
    const pl = fake.sheet(SHEET_NAME).pageLayout;
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true });
    expect(pl).toMatchObject({ orientation: 'Landscape', paperSize: 'A4', zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, centerHorizontally: true });
    expect(fake.callsOf('pageLayout.setPrintArea')[0].args).toEqual([ws.pageSetup.printArea]);
    expect(fake.callsOf('pageLayout.setPrintTitleRows')[0].args).toEqual([`$${ws.pageSetup.printTitlesRow!.replace(':', ':$')}`]);
    expect(fake.callsOf('pageLayout.setPrintMargins')[0].args).toEqual(['Inches', ws.pageSetup.margins]);
    expect(`&C${pl.headersFooters.defaultForAllPages.centerFooter}`).toBe(ws.headerFooter.oddFooter);
    const protection = (ws as any).sheetProtection;
    expect(protection.sheet).toBe(true);
    const [protect] = fake.callsOf('protect').filter((c) => c.target === SHEET_NAME);
    expect(protect.args[0]).toMatchObject({
      allowFormatRows: protection.formatRows === true,
      allowFormatCells: protection.formatCells === true,
      allowInsertRows: protection.insertRows === true,
      allowDeleteRows: protection.deleteRows === true,
      allowSort: protection.sort === true,
    });
    expect(fake.isWorkbookProtected()).toBe(model.protection.lockStructure);
  });
});

describe('planOperations', () => {
  it('coalesces formats into a handful of rectangles and writes all cells in one block', () => {
    const model = modelFor(loadCatalog(2023), 'VHTT');
    const plan = planOperations(model);
    // Four rows, the guide on row 10, the legend under it (issue 20): its title and six lines.
    expect(plan.block.address).toBe('A1:I17');
    expect(plan.formats.length).toBeLessThan(28);
    expect(plan.formats.find((g) => g.address === 'A5:A8')).toMatchObject({
      style: 'stt',
      border: true,
      locked: true,
      font: { name: 'Times New Roman', size: 12 },
    });
    // Text the planning office typed stays text ("52", "95" would otherwise become numbers).
    expect(plan.block.formulas[5][3]).toBe("'52");
    expect(plan.block.formulas[5][5]).toMatch(/^=IF\(ISNUMBER\(H6\)/);
    expect(JSON.stringify(plan.block)).not.toContain('_xlfn.');
  });
});
