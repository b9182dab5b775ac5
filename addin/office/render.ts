/**
 * Draws a SheetModel (shared/layout.ts) with Office.js: the add-in's renderer of the one layout
 * whose exceljs twin is worker/render/exceljs.ts. Takes a RequestContext and never calls
 * Excel.run itself. Syncs a fixed number of times whatever the number of rows:
 *   1. inspect: may the sheets be added? (refuse politely otherwise)
 *   2. draw: values, formulas, formats, merges, sizes, validations, conditional formats,
 *      metadata sheet; load the protection state of what was drawn
 *   3. print setup (ExcelApi 1.9 only; a failure here is reported, not fatal)
 *   4. protect what is not protected yet, activate and select the first input cell
 */
import type { SheetModel } from '../../shared/layout.ts';
import { FULL_CAPABILITIES, type Capabilities } from './capabilities.ts';
import { describeError, SheetRefusal } from './errors.ts';
import { planOperations, type FormatGroup, type RenderPlan } from './plan.ts';

export interface RenderReport {
  sheet: string;
  /** Vietnamese notes about what this Excel could not do (shown as warnings). */
  warnings: string[];
}

type Edge = 'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical';
/** The polite refusals, shared with the in-memory host of the browser tests. */
export const REFUSALS = {
  sheetExists: (name: string) =>
    `Sổ làm việc này đã có trang “${name}”. Phần bổ trợ không ghi đè lên trang có sẵn: hãy mở một sổ làm việc trống (Tệp › Mới › Sổ làm việc trống) rồi bấm “Tạo biểu mẫu” lại.`,
  metaExists: 'Sổ làm việc này đã chứa thông tin của một biểu mẫu Phụ lục 1 khác. Hãy mở một sổ làm việc trống rồi tạo biểu mẫu lại.',
  structureProtected: 'Sổ làm việc đang được bảo vệ cấu trúc nên không thêm được trang mới. Hãy mở một sổ làm việc trống rồi tạo biểu mẫu lại.',
};

const EDGES: Edge[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];

function fill2d<T>(rows: number, cols: number, v: T): T[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => v));
}

function applyFormat(sheet: Excel.Worksheet, g: FormatGroup): void {
  const r = sheet.getRange(g.address);
  const f = r.format;
  f.font.name = g.font.name;
  f.font.size = g.font.size;
  f.font.bold = g.font.bold;
  f.font.italic = g.font.italic;
  if (g.font.color) f.font.color = g.font.color;
  f.horizontalAlignment = g.horizontalAlignment;
  f.verticalAlignment = g.verticalAlignment;
  f.wrapText = g.wrapText;
  if (g.fill) f.fill.color = g.fill;
  if (g.border) {
    const edges: Edge[] = [...EDGES];
    if (g.rows > 1) edges.push('InsideHorizontal');
    if (g.cols > 1) edges.push('InsideVertical');
    for (const edge of edges) {
      const b = f.borders.getItem(edge);
      b.style = 'Continuous';
      b.weight = 'Thin';
      b.color = '#000000';
    }
  }
  if (g.numberFormat) r.numberFormat = fill2d(g.rows, g.cols, g.numberFormat);
  f.protection.locked = g.locked;
}

/** Queues the drawing of the main sheet (no sync). */
export function drawSheet(sheet: Excel.Worksheet, plan: RenderPlan): void {
  sheet.getRange(plan.block.address).formulas = plan.block.formulas;
  for (const c of plan.columns) {
    const col = sheet.getRange(c.address);
    col.format.columnWidth = c.widthPt;
    if (c.hidden) col.columnHidden = true;
  }
  for (const h of plan.rowHeights) sheet.getRange(h.address).format.rowHeight = h.heightPt;
  for (const g of plan.formats) applyFormat(sheet, g);
  for (const m of plan.merges) sheet.getRange(m).merge(false);
  for (const v of plan.validations) {
    const dv = sheet.getRange(v.address).dataValidation;
    dv.ignoreBlanks = v.ignoreBlanks;
    dv.rule = v.rule;
    dv.errorAlert = v.errorAlert;
    dv.prompt = v.prompt;
  }
  plan.conditionalFormats.forEach((cf) => {
    const added = sheet.getRange(cf.address).conditionalFormats.add('Custom');
    added.custom.rule.formula = cf.formula;
    added.custom.format.fill.color = cf.fill;
    added.custom.format.font.color = cf.fontColor;
  });
  // Rows that grow with their text: fitted once their values and wrapping are set.
  for (const rows of plan.fitRows) sheet.getRange(rows).format.autofitRows();
  sheet.freezePanes.freezeRows(plan.freezeRows);
  if (plan.hideGridlines) sheet.showGridlines = false;
}

/** Queues the metadata sheet's entries (no sync). */
export function drawMeta(meta: Excel.Worksheet, plan: RenderPlan): void {
  meta.getRange(plan.meta.address).values = plan.meta.values;
}

/** Queues the print setup (no sync). */
export function applyPrint(sheet: Excel.Worksheet, print: NonNullable<RenderPlan['print']>): void {
  const pl = sheet.pageLayout;
  pl.orientation = print.orientation;
  pl.paperSize = print.paperSize;
  pl.zoom = print.zoom;
  pl.centerHorizontally = print.centerHorizontally;
  pl.setPrintArea(print.area);
  pl.setPrintTitleRows(print.titleRows);
  pl.setPrintMargins('Inches', print.margins);
  pl.headersFooters.defaultForAllPages.centerFooter = print.centerFooter;
}

/**
 * Queues protection for whatever is not protected yet. `protection.protected` of each target
 * must have been loaded and synced: protect() throws on a sheet that is already protected.
 * Returns what it protected.
 */
export function queueProtection(ctx: Excel.RequestContext, sheets: Excel.Worksheet[], plan: RenderPlan): { sheets: number; workbook: boolean } {
  let n = 0;
  for (const s of sheets) {
    if (s.protection.protected) continue;
    s.protection.protect(plan.protection.options, plan.protection.password);
    n++;
  }
  let workbook = false;
  if (plan.protection.lockStructure && !ctx.workbook.protection.protected) {
    ctx.workbook.protection.protect(plan.protection.password);
    workbook = true;
  }
  return { sheets: n, workbook };
}

/**
 * Draws `model` into new sheets of the open workbook. Refuses (SheetRefusal, Vietnamese) when the
 * workbook already has a sheet of that name or a metadata sheet, or its structure is protected.
 */
export async function renderTemplate(ctx: Excel.RequestContext, model: SheetModel, caps: Capabilities = FULL_CAPABILITIES): Promise<RenderReport> {
  const plan = planOperations(model, caps);
  const wb = ctx.workbook;
  const warnings = [...plan.warnings];

  // 1. inspect
  const existing = wb.worksheets.getItemOrNullObject(plan.sheet);
  existing.load('isNullObject');
  const existingMeta = wb.worksheets.getItemOrNullObject(plan.meta.sheet);
  existingMeta.load('isNullObject');
  wb.protection.load('protected');
  await ctx.sync();
  if (!existing.isNullObject) {
    throw new SheetRefusal(REFUSALS.sheetExists(plan.sheet));
  }
  if (!existingMeta.isNullObject) {
    throw new SheetRefusal(REFUSALS.metaExists);
  }
  if (wb.protection.protected) {
    throw new SheetRefusal(REFUSALS.structureProtected);
  }

  // 2. draw
  const sheet = wb.worksheets.add(plan.sheet);
  const meta = wb.worksheets.add(plan.meta.sheet);
  drawSheet(sheet, plan);
  drawMeta(meta, plan);
  sheet.activate();
  meta.visibility = 'VeryHidden';
  sheet.protection.load('protected');
  meta.protection.load('protected');
  wb.protection.load('protected');
  await ctx.sync();

  // 3. print setup: optional, and a host that rejects part of it must not cost the template.
  if (plan.print) {
    try {
      applyPrint(sheet, plan.print);
      await ctx.sync();
    } catch (e) {
      warnings.push(describeError('Chưa thiết lập được trang in (khổ A4 ngang, lặp dòng tiêu đề); hãy thiết lập trong thẻ Bố trí Trang trước khi in', e));
    }
  }

  // 4. protect, then put the cursor on the first input cell.
  queueProtection(ctx, [sheet, meta], plan);
  sheet.getRange(plan.select).select();
  await ctx.sync();
  return { sheet: plan.sheet, warnings };
}

/**
 * Re-applies the template's protection (after someone unprotected a sheet): loads the state first
 * and protects only what is not protected. Two syncs.
 */
export async function protectTemplate(ctx: Excel.RequestContext, model: SheetModel): Promise<{ sheets: number; workbook: boolean }> {
  const plan = planOperations(model);
  const sheet = ctx.workbook.worksheets.getItem(plan.sheet);
  const meta = ctx.workbook.worksheets.getItem(plan.meta.sheet);
  sheet.protection.load('protected');
  meta.protection.load('protected');
  ctx.workbook.protection.load('protected');
  await ctx.sync();
  const done = queueProtection(ctx, [sheet, meta], plan);
  await ctx.sync();
  return done;
}
