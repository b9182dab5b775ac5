/**
 * Draws a SheetModel (shared/layout.ts) with exceljs: the worker's renderer of the one layout.
 * exceljs never evaluates formulas, so every formula carries the cached result the shared rule
 * computed; Excel and LibreOffice recalculate on open.
 */
import { createHash, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';
import { STYLES, type CellSpec, type SheetModel } from '../shared/layout.ts';

type Workbook = ExcelJS.Workbook;

function applyStyle(cell: ExcelJS.Cell, spec: CellSpec): void {
  const s = STYLES[spec.style];
  cell.font = { name: s.font.name, size: s.font.size, bold: s.font.bold, italic: s.font.italic, ...(s.font.color ? { color: { argb: s.font.color } } : {}) };
  cell.alignment = { horizontal: s.horizontal, vertical: s.vertical, wrapText: s.wrap };
  if (s.border) {
    const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
    cell.border = { top: thin, left: thin, bottom: thin, right: thin };
  }
  if (s.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: s.fill } };
  const numFmt = spec.numFmt ?? s.numFmt;
  if (numFmt) cell.numFmt = numFmt;
  cell.protection = { locked: spec.locked };
}

function cellValue(spec: CellSpec): ExcelJS.CellValue {
  if (spec.formula !== undefined) {
    // exceljs drops a cached "" or 0 on read but writes it fine; keep it so Excel shows it at once.
    return { formula: spec.formula, result: (spec.result ?? '') as string | number } as ExcelJS.CellFormulaValue;
  }
  return spec.value ?? null;
}

/** Adds the model as a worksheet (plus its very-hidden metadata sheet) to a workbook. */
export function renderSheet(wb: Workbook, model: SheetModel): ExcelJS.Worksheet {
  const p = model.print;
  const ws = wb.addWorksheet(model.name, {
    pageSetup: {
      paperSize: 9, orientation: p.orientation, fitToPage: true, fitToWidth: p.fitToWidth, fitToHeight: p.fitToHeight,
      printArea: p.area, printTitlesRow: p.titleRows, horizontalCentered: p.horizontalCentered, margins: p.margins,
    },
    headerFooter: { oddFooter: `&C&"${STYLES.footnote.font.name}"${p.footer}`, differentFirst: false, differentOddEven: false },
    views: [{ state: 'frozen', ySplit: 4, showGridLines: false }],
  });
  for (const c of model.columns) {
    const col = ws.getColumn(c.letter);
    col.width = c.width;
    if (c.hidden) col.hidden = true;
  }
  for (const [row, height] of Object.entries(model.rowHeights)) ws.getRow(Number(row)).height = height;
  for (const spec of model.cells) {
    const cell = ws.getCell(spec.address);
    cell.value = cellValue(spec);
    applyStyle(cell, spec);
  }
  for (const m of model.merges) ws.mergeCells(m);
  for (const v of model.validations) {
    ws.getCell(v.address).dataValidation = {
      type: 'custom', allowBlank: true, formulae: [v.formula],
      showErrorMessage: true, errorStyle: 'stop', errorTitle: v.errorTitle, error: v.error,
      showInputMessage: true, promptTitle: v.promptTitle, prompt: v.prompt,
    };
  }
  model.conditionalFormats.forEach((cf, i) => {
    ws.addConditionalFormatting({
      ref: cf.range,
      rules: [{
        type: 'expression', priority: i + 1, formulae: [cf.formula],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: cf.fill } }, font: { color: { argb: cf.fontColor } } },
      }],
    });
  });
  const meta = wb.addWorksheet(model.meta.sheet, { state: 'veryHidden' });
  model.meta.entries.forEach(([k, v], i) => {
    meta.getCell(i + 1, 1).value = k;
    meta.getCell(i + 1, 2).value = v;
  });
  return ws;
}

/** Protects the sheets (low spin count: the default 100 000 blocks for ~0.4 s per sheet). */
export async function protectSheets(wb: Workbook, model: SheetModel): Promise<void> {
  const opts = {
    spinCount: model.protection.spinCount, selectLockedCells: true, selectUnlockedCells: true,
    formatCells: false, formatColumns: false, formatRows: true, insertRows: false, deleteRows: false, sort: false, autoFilter: false,
  };
  await wb.getWorksheet(model.name)!.protect(model.protection.password, opts);
  await wb.getWorksheet(model.meta.sheet)!.protect(model.protection.password, opts);
}

/** ECMA-376 agile password hash (SHA-512, salted, iterated). */
function passwordHash(password: string, spinCount: number): { hash: string; salt: string } {
  const salt = randomBytes(16);
  let h = createHash('sha512').update(salt).update(Buffer.from(password, 'utf16le')).digest();
  const it = Buffer.alloc(4);
  for (let i = 0; i < spinCount; i++) {
    it.writeUInt32LE(i, 0);
    h = createHash('sha512').update(h).update(it).digest();
  }
  return { hash: h.toString('base64'), salt: salt.toString('base64') };
}

/**
 * exceljs cannot protect the workbook structure, so the element is added to xl/workbook.xml of
 * the finished file (before bookViews, where the schema puts it).
 */
export function lockWorkbookStructure(xlsx: Uint8Array, password: string, spinCount: number): Uint8Array {
  const files = unzipSync(xlsx);
  const xml = strFromU8(files['xl/workbook.xml']);
  if (xml.includes('<workbookProtection')) return xlsx;
  const { hash, salt } = passwordHash(password, spinCount);
  const el = `<workbookProtection workbookAlgorithmName="SHA-512" workbookHashValue="${hash}" workbookSaltValue="${salt}" workbookSpinCount="${spinCount}" lockStructure="1"/>`;
  const at = xml.indexOf('<bookViews');
  files['xl/workbook.xml'] = strToU8(at >= 0 ? xml.slice(0, at) + el + xml.slice(at) : xml.replace('<sheets>', `${el}<sheets>`));
  return zipSync(files, { level: 6 });
}

/** Renders a model into a finished .xlsx (protected, workbook structure locked when asked). */
export async function renderWorkbook(model: SheetModel, extra?: (wb: Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'phuluc';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  renderSheet(wb, model);
  extra?.(wb);
  await protectSheets(wb, model);
  const buf = new Uint8Array(await wb.xlsx.writeBuffer());
  return model.protection.lockStructure
    ? lockWorkbookStructure(buf, model.protection.password, model.protection.spinCount)
    : buf;
}
