/**
 * planOperations(model): the SheetModel (shared/layout.ts) turned into the list of Office.js
 * operations that draw it. Pure data, so a test can look at it and the renderer (render.ts) only
 * executes it. Cells with the same style, number format and lock state are coalesced into
 * rectangles, and all values and formulas go in one block write, so the request stays small
 * (Excel on the web caps a request at 5 MB) whatever the number of rows.
 */
import { parseCell, rangeAddress } from '../../shared/a1.ts';
import { COL, HEADER_ROW, STYLES, type CellSpec, type CellStyle, type SheetModel, type StyleName } from '../../shared/layout.ts';
import { CAPABILITY_WARNINGS, FULL_CAPABILITIES, type Capabilities } from './capabilities.ts';
import { toCellInput, toOfficeFormula } from './text.ts';
import { argbToHex, columnWidthToPoints, rowHeightToPoints } from './units.ts';

export interface FormatGroup {
  /** A rectangle, e.g. "E5:E9". */
  address: string;
  rows: number;
  cols: number;
  style: StyleName;
  font: { name: string; size: number; bold: boolean; italic: boolean; color?: string };
  horizontalAlignment: 'Left' | 'Center' | 'Right';
  verticalAlignment: 'Top' | 'Center';
  wrapText: boolean;
  /** "#RRGGBB". */
  fill?: string;
  border: boolean;
  numberFormat?: string;
  locked: boolean;
}

export interface ValidationOp {
  address: string;
  rule: { custom: { formula: string } };
  errorAlert: { showAlert: true; style: 'Stop'; title: string; message: string };
  prompt: { showPrompt: true; title: string; message: string };
  ignoreBlanks: true;
}

export interface ConditionalFormatOp {
  address: string;
  formula: string;
  fill: string;
  fontColor: string;
}

export interface PrintOp {
  orientation: 'Landscape';
  paperSize: 'A4';
  zoom: { horizontalFitToPages: number; verticalFitToPages: number };
  /** "$4:$4". */
  titleRows: string;
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  centerHorizontally: boolean;
  area: string;
  centerFooter: string;
}

export interface RenderPlan {
  sheet: string;
  /** Every value and formula of the sheet as one rectangle from A1 ("" = blank). */
  block: { address: string; formulas: (string | number)[][] };
  formats: FormatGroup[];
  merges: string[];
  columns: { address: string; widthPt: number; hidden: boolean }[];
  rowHeights: { address: string; heightPt: number }[];
  /** Rows fitted to their text once drawn (SheetModel.fitRows; ExcelApi 1.2), as "5:9" blocks; empty without autofit (their heights are then in rowHeights). */
  fitRows: string[];
  /** Empty when the host has no data validation (ExcelApi 1.8). */
  validations: ValidationOp[];
  conditionalFormats: ConditionalFormatOp[];
  freezeRows: number;
  /** Hide gridlines (ExcelApi 1.8). */
  hideGridlines: boolean;
  meta: { sheet: string; address: string; values: (string | number)[][] };
  protection: {
    password: string;
    options: {
      allowFormatCells: boolean;
      allowFormatColumns: boolean;
      allowFormatRows: boolean;
      allowInsertRows: boolean;
      allowDeleteRows: boolean;
      allowSort: boolean;
      allowAutoFilter: boolean;
      selectionMode: 'Normal';
    };
    lockStructure: boolean;
  };
  /** Absent when the host has no page layout API (ExcelApi 1.9). */
  print?: PrintOp;
  /** Where the cursor goes once drawn: the first input cell. */
  select: string;
  /** What had to be left out on this host, in Vietnamese. */
  warnings: string[];
}

const H_ALIGN: Record<CellStyle['horizontal'], FormatGroup['horizontalAlignment']> = { left: 'Left', center: 'Center', right: 'Right' };
const V_ALIGN: Record<CellStyle['vertical'], FormatGroup['verticalAlignment']> = { top: 'Top', middle: 'Center' };

interface Placed {
  spec: CellSpec;
  col: number;
  row: number;
  key: string;
}

function formatKey(spec: CellSpec): string {
  return `${spec.style}|${spec.numFmt ?? STYLES[spec.style].numFmt ?? ''}|${spec.locked ? 1 : 0}`;
}

/**
 * Coalesces cells into rectangles of one format: first runs along each row, then identical runs
 * on consecutive rows.
 */
function coalesce(cells: CellSpec[]): { c1: number; c2: number; r1: number; r2: number; spec: CellSpec }[] {
  const placed: Placed[] = cells.map((spec) => ({ spec, ...parseCell(spec.address), key: formatKey(spec) }));
  const byRow = new Map<number, Placed[]>();
  for (const p of placed) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  const runs: { c1: number; c2: number; row: number; key: string; spec: CellSpec }[] = [];
  for (const [row, list] of [...byRow.entries()].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.col - b.col);
    for (const p of list) {
      const last = runs[runs.length - 1];
      if (last && last.row === row && last.key === p.key && last.c2 === p.col - 1) last.c2 = p.col;
      else runs.push({ c1: p.col, c2: p.col, row, key: p.key, spec: p.spec });
    }
  }
  const rects: { c1: number; c2: number; r1: number; r2: number; key: string; spec: CellSpec }[] = [];
  for (const run of runs) {
    const open = rects.find((r) => r.key === run.key && r.c1 === run.c1 && r.c2 === run.c2 && r.r2 === run.row - 1);
    if (open) open.r2 = run.row;
    else rects.push({ c1: run.c1, c2: run.c2, r1: run.row, r2: run.row, key: run.key, spec: run.spec });
  }
  return rects;
}

function formatGroup(rect: { c1: number; c2: number; r1: number; r2: number; spec: CellSpec }): FormatGroup {
  const s = STYLES[rect.spec.style];
  const numFmt = rect.spec.numFmt ?? s.numFmt;
  return {
    address: rangeAddress(rect.c1, rect.r1, rect.c2, rect.r2),
    rows: rect.r2 - rect.r1 + 1,
    cols: rect.c2 - rect.c1 + 1,
    style: rect.spec.style,
    font: {
      name: s.font.name,
      size: s.font.size,
      bold: s.font.bold === true,
      italic: s.font.italic === true,
      ...(s.font.color ? { color: argbToHex(s.font.color) } : {}),
    },
    horizontalAlignment: H_ALIGN[s.horizontal],
    verticalAlignment: V_ALIGN[s.vertical],
    wrapText: s.wrap,
    ...(s.fill ? { fill: argbToHex(s.fill) } : {}),
    border: s.border,
    ...(numFmt ? { numberFormat: numFmt } : {}),
    locked: rect.spec.locked,
  };
}

function block(cells: CellSpec[]): RenderPlan['block'] {
  let maxCol = 1;
  let maxRow = 1;
  const at = new Map<string, CellSpec>();
  for (const c of cells) {
    const { col, row } = parseCell(c.address);
    maxCol = Math.max(maxCol, col);
    maxRow = Math.max(maxRow, row);
    at.set(`${col}:${row}`, c);
  }
  const formulas: (string | number)[][] = [];
  for (let r = 1; r <= maxRow; r++) {
    const line: (string | number)[] = [];
    for (let c = 1; c <= maxCol; c++) {
      const spec = at.get(`${c}:${r}`);
      line.push(!spec ? '' : spec.formula !== undefined ? toOfficeFormula(spec.formula) : toCellInput(spec.value));
    }
    formulas.push(line);
  }
  return { address: rangeAddress(1, 1, maxCol, maxRow), formulas };
}

/** Row numbers as blocks of consecutive rows: [5, 6, 7, 9] → ["5:7", "9:9"]. */
function rowBlocks(rows: number[]): string[] {
  const out: string[] = [];
  const sorted = [...rows].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(`${sorted[i]}:${sorted[j]}`);
    i = j;
  }
  return out;
}

/** "4:4" → "$4:$4". */
function absoluteRows(rows: string): string {
  return rows
    .split(':')
    .map((r) => `$${r.replace(/\$/g, '')}`)
    .join(':');
}

/** The print footer without exceljs's section code: Office.js has a property per section. */
function footer(text: string, font: string): string {
  return `&"${font}"${text}`;
}

export function planOperations(model: SheetModel, caps: Capabilities = FULL_CAPABILITIES): RenderPlan {
  const warnings: string[] = [];
  if (!caps.dataValidation && model.validations.length) warnings.push(CAPABILITY_WARNINGS.dataValidation);
  if (!caps.pageLayout) warnings.push(CAPABILITY_WARNINGS.pageLayout);
  if (!caps.gridlines) warnings.push(CAPABILITY_WARNINGS.gridlines);
  const p = model.print;
  const firstInput = model.cells.find((c) => !c.locked && c.address.startsWith(COL.actual));
  const fit = new Set(model.fitRows ?? []);
  return {
    sheet: model.name,
    block: block(model.cells),
    formats: coalesce(model.cells).map(formatGroup),
    merges: [...model.merges],
    columns: model.columns.map((c) => ({ address: `${c.letter}:${c.letter}`, widthPt: columnWidthToPoints(c.width), hidden: c.hidden === true })),
    rowHeights: Object.entries(model.rowHeights)
      .map(([row, h]) => ({ row: Number(row), h }))
      .filter(({ row }) => !(caps.autofit && fit.has(row)))
      .sort((a, b) => a.row - b.row)
      .map(({ row, h }) => ({ address: `${row}:${row}`, heightPt: rowHeightToPoints(h) })),
    fitRows: caps.autofit ? rowBlocks([...fit]) : [],
    validations: caps.dataValidation
      ? model.validations.map((v) => ({
          address: v.address,
          rule: { custom: { formula: toOfficeFormula(v.formula) } },
          errorAlert: { showAlert: true, style: 'Stop', title: v.errorTitle, message: v.error },
          prompt: { showPrompt: true, title: v.promptTitle, message: v.prompt },
          ignoreBlanks: true,
        }))
      : [],
    conditionalFormats: model.conditionalFormats.map((cf) => ({
      address: cf.range,
      formula: toOfficeFormula(cf.formula),
      fill: argbToHex(cf.fill),
      fontColor: argbToHex(cf.fontColor),
    })),
    freezeRows: HEADER_ROW,
    hideGridlines: caps.gridlines,
    meta: {
      sheet: model.meta.sheet,
      address: rangeAddress(1, 1, 2, Math.max(1, model.meta.entries.length)),
      values: model.meta.entries.map(([k, v]) => [toCellInput(k), toCellInput(v)]),
    },
    protection: {
      password: model.protection.password,
      // The same permissions as the exceljs template (worker/render/exceljs.ts protectSheets).
      options: {
        allowFormatCells: false,
        allowFormatColumns: false,
        allowFormatRows: true,
        allowInsertRows: false,
        allowDeleteRows: false,
        allowSort: false,
        allowAutoFilter: false,
        selectionMode: 'Normal',
      },
      lockStructure: model.protection.lockStructure,
    },
    ...(caps.pageLayout
      ? {
          print: {
            orientation: 'Landscape',
            paperSize: 'A4',
            zoom: { horizontalFitToPages: p.fitToWidth, verticalFitToPages: p.fitToHeight },
            titleRows: absoluteRows(p.titleRows),
            margins: { ...p.margins },
            centerHorizontally: p.horizontalCentered,
            area: p.area,
            centerFooter: footer(p.footer, STYLES.footnote.font.name),
          } satisfies PrintOp,
        }
      : {}),
    select: firstInput?.address ?? 'A1',
    warnings,
  };
}
