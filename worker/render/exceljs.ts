/**
 * Draws a SheetModel (shared/layout.ts) with exceljs: the worker's renderer of the one layout.
 * exceljs never evaluates formulas, so every formula carries the cached result the shared rule
 * computed; Excel and LibreOffice recalculate on open.
 */
import { createHash, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';
import { FONT, STYLES, type CellSpec, type SheetModel } from '../../shared/layout.ts';

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

/** A working sheet of the appendix (a title, a header row, rows; a line when there are none). */
export interface TableSheet {
  name: string;
  title: string;
  columns: { header: string; width: number }[];
  rows: (string | number)[][];
  /** Shown in the first row when there are no rows. */
  empty: string;
}

/** Adds the model as a worksheet (plus its very-hidden metadata sheet) to a workbook. */
export function renderSheet(wb: Workbook, model: SheetModel): ExcelJS.Worksheet {
  const p = model.print;
  const ws = wb.addWorksheet(model.name, {
    pageSetup: {
      paperSize: 9,
      orientation: p.orientation,
      fitToPage: true,
      fitToWidth: p.fitToWidth,
      fitToHeight: p.fitToHeight,
      printArea: p.area,
      printTitlesRow: p.titleRows,
      horizontalCentered: p.horizontalCentered,
      margins: p.margins,
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
  // Manual page breaks (OOXML <rowBreaks>): a new page starts after each of these rows.
  for (const row of p.rowBreaks ?? []) ws.getRow(row).addPageBreak();
  for (const spec of model.cells) {
    const cell = ws.getCell(spec.address);
    cell.value = cellValue(spec);
    applyStyle(cell, spec);
  }
  for (const m of model.merges) ws.mergeCells(m);
  for (const v of model.validations) {
    ws.getCell(v.address).dataValidation = {
      type: 'custom',
      allowBlank: true,
      formulae: [v.formula],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: v.errorTitle,
      error: v.error,
      showInputMessage: true,
      promptTitle: v.promptTitle,
      prompt: v.prompt,
    };
  }
  model.conditionalFormats.forEach((cf, i) => {
    ws.addConditionalFormatting({
      ref: cf.range,
      rules: [
        {
          type: 'expression',
          priority: i + 1,
          formulae: [cf.formula],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: cf.fill } }, font: { color: { argb: cf.fontColor } } },
        },
      ],
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
    spinCount: model.protection.spinCount,
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: false,
    formatColumns: false,
    formatRows: true,
    insertRows: false,
    deleteRows: false,
    sort: false,
    autoFilter: false,
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

/** ECMA-376's last column index (XFD), the most a page break may span. */
const MAX_COLUMN_INDEX = 16383;

export interface PackageOptions {
  /** Protect the workbook's structure (exceljs cannot). */
  lockStructure?: { password: string; spinCount: number };
  /** By sheet name: rows whose height grows with their text (SheetModel.fitRows): written without customHeight. */
  fitRows?: Record<string, readonly number[]>;
}

/** The worksheet parts by sheet name, from xl/workbook.xml and its relationships. */
function sheetParts(files: Record<string, Uint8Array>): Map<string, string> {
  const wb = strFromU8(files['xl/workbook.xml']);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels'] ?? new Uint8Array());
  const target = new Map([...rels.matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"/g)) {
    const t = target.get(m[2]);
    if (t)
      out.set(
        m[1]
          .replace(/&amp;/g, '&')
          .replace(/&apos;/g, "'")
          .replace(/&quot;/g, '"'),
        t.startsWith('/') ? t.slice(1) : `xl/${t}`,
      );
  }
  return out;
}

/**
 * The one packaging step of every workbook the worker writes (templates, the appendix), after
 * exceljs: no folder entries in the zip ("xl/", "_rels/" …, which exceljs writes and over which
 * Office asks to repair the document); print areas with absolute rows (exceljs writes
 * `$A1:$F31`); page breaks within the sheet (exceljs writes max="16838", past the last column);
 * rows that grow with their text left without a fixed height; and, when asked, the workbook's
 * structure protected (placed before <bookViews>, where the schema puts it).
 */
export function packageWorkbook(xlsx: Uint8Array, opts: PackageOptions = {}): Uint8Array {
  const files = unzipSync(xlsx, { filter: (f) => !f.name.endsWith('/') });
  let wbXml = strFromU8(files['xl/workbook.xml']);
  wbXml = wbXml.replace(/(<definedName [^>]*name="_xlnm\.Print_Area"[^>]*>[^<]*?!)\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)</g, '$1$$$2$$$3:$$$4$$$5<');
  if (opts.lockStructure && !wbXml.includes('<workbookProtection')) {
    const { password, spinCount } = opts.lockStructure;
    const { hash, salt } = passwordHash(password, spinCount);
    const el = `<workbookProtection workbookAlgorithmName="SHA-512" workbookHashValue="${hash}" workbookSaltValue="${salt}" workbookSpinCount="${spinCount}" lockStructure="1"/>`;
    const at = wbXml.indexOf('<bookViews');
    wbXml = at >= 0 ? wbXml.slice(0, at) + el + wbXml.slice(at) : wbXml.replace('<sheets>', `${el}<sheets>`);
  }
  files['xl/workbook.xml'] = strToU8(wbXml);
  const parts = sheetParts(files);
  for (const [name, part] of parts) {
    if (!files[part]) continue;
    let xml = strFromU8(files[part]);
    xml = xml.replace(/(<brk [^>]*?max=")(\d+)"/g, (m, head: string, max: string) => (Number(max) > MAX_COLUMN_INDEX ? `${head}${MAX_COLUMN_INDEX}"` : m));
    const fit = new Set(opts.fitRows?.[name] ?? []);
    if (fit.size)
      xml = xml.replace(/<row r="(\d+)"([^>]*?) customHeight="1"/g, (m, r: string, rest: string) => (fit.has(Number(r)) ? `<row r="${r}"${rest}` : m));
    files[part] = strToU8(xml);
  }
  return zipSync(files, { level: 6 });
}

/**
 * An A4 landscape page holds about this many column-width units at 100 % (margins 0,5 and 0,4 inch).
 * A working sheet's columns add up to at most TABLE_MAX_WIDTH, so fit to the page width never
 * shrinks its 11 pt text below 9 pt (82 %).
 */
export const PAGE_WIDTH_UNITS = 150;
export const TABLE_MAX_WIDTH = Math.floor(PAGE_WIDTH_UNITS / 0.82);

/**
 * A working sheet (a table with a title) that prints readably: A4 landscape, always fit to the page
 * width (its columns sized within TABLE_MAX_WIDTH, so the text stays at 9 pt or more), the header
 * row repeated, long text wrapped in its cells.
 */
export function renderTable(wb: Workbook, t: TableSheet): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(t.name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
      margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      horizontalCentered: true,
    },
    headerFooter: { oddFooter: `&C&"${FONT}"Trang &P/&N` },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  t.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  const title = ws.getCell(1, 1);
  title.value = t.title;
  title.font = { name: FONT, size: 12, bold: true };
  title.alignment = { vertical: 'middle', wrapText: false };
  ws.getRow(1).height = 22;
  const rows = t.rows.length ? t.rows : [[t.empty]];
  rows.forEach((r, k) => {
    const row = ws.getRow(k + 3);
    r.forEach((v, i) => (row.getCell(i + 1).value = v));
    // Wrapped text: an explicit height (Excel and LibreOffice do not autofit on open).
    const lines = Math.max(
      1,
      ...r.map((v, i) =>
        String(v)
          .split('\n')
          .reduce((n, part) => n + Math.max(1, Math.ceil(part.length / Math.max(1, (t.columns[i]?.width ?? 10) * 1.1))), 0),
      ),
    );
    row.height = Math.max(16, lines * 15);
  });
  const header = ws.getRow(2);
  t.columns.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.height = 20;
  const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
  for (let r = 2; r <= rows.length + 2; r++) {
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell, col) => {
      if (col > t.columns.length) return;
      cell.font = { name: FONT, size: 11, bold: r === 2 };
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = { top: thin, left: thin, bottom: thin, right: thin };
      if (r === 2) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    });
  }
  ws.pageSetup.printArea = `A1:${String.fromCharCode(64 + t.columns.length)}${rows.length + 2}`;
  return ws;
}

export interface RenderExtras {
  /** Working sheets after the model's sheet. */
  tables?: TableSheet[];
}

/** Renders a model into a finished .xlsx (protected, workbook structure locked when asked), packaged by packageWorkbook. */
export async function renderWorkbook(model: SheetModel, extras: RenderExtras = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'phuluc';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  // <bookViews> in xl/workbook.xml: exceljs writes it only when the workbook has views, and files
  // without it have been reported to crash Excel 2013 and Excel 2016 for Mac when printing.
  wb.views = [{ x: 0, y: 0, width: 28800, height: 17000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  renderSheet(wb, model);
  for (const t of extras.tables ?? []) renderTable(wb, t);
  await protectSheets(wb, model);
  const { password, spinCount, lockStructure } = model.protection;
  return packageWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), {
    ...(lockStructure ? { lockStructure: { password, spinCount } } : {}),
    fitRows: { [model.name]: model.fitRows ?? [] },
  });
}

/** A workbook of tables only (the console's audit export): each a sheet with its title and header row. */
export async function renderTablesWorkbook(tables: TableSheet[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'phuluc';
  for (const t of tables) renderTable(wb, t);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
