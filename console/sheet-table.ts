/**
 * A SheetModel (shared/layout.ts) laid out as an HTML table: the print area's visible columns,
 * merged cells as spans, each cell's text (a formula's cached result), its style from the layout's
 * STYLES and the colours of the conditional formats of the form `F5="Vượt KH"`. The layout is the
 * shared one; this only draws it, as the exceljs and Office.js renderers do.
 */
import { cellAddress, colLetter, parseRange } from '../shared/a1.ts';
import { STYLES, type CellSpec, type CellStyle, type SheetModel, type StyleName } from '../shared/layout.ts';

export interface HtmlCell {
  address: string;
  text: string;
  colSpan: number;
  rowSpan: number;
  style: StyleName;
  /** No cell in the model here: drawn empty, without borders. */
  blank: boolean;
  /** From a conditional format that applies. */
  fill?: string;
  color?: string;
}

export interface HtmlRow {
  row: number;
  heightPt?: number;
  cells: HtmlCell[];
}
export interface HtmlTable {
  columns: { letter: string; width: number }[];
  rows: HtmlRow[];
}

function cellText(c: CellSpec): string {
  const v = c.formula !== undefined ? c.result : c.value;
  return v === null || v === undefined ? '' : String(v);
}

export function sheetTable(model: SheetModel): HtmlTable {
  const area = parseRange(model.print.area);
  const hidden = new Set(model.columns.filter((c) => c.hidden).map((c) => c.letter));
  const visible: number[] = [];
  for (let c = area.c1; c <= area.c2; c++) if (!hidden.has(colLetter(c))) visible.push(c);
  const byAddress = new Map(model.cells.map((c) => [c.address, c]));
  const merges = model.merges.map(parseRange);
  const covered = new Set<string>();
  const spans = new Map<string, { colSpan: number; rowSpan: number }>();
  for (const m of merges) {
    const cols = visible.filter((c) => c >= m.c1 && c <= m.c2);
    if (!cols.length) continue;
    spans.set(cellAddress(cols[0], m.r1), { colSpan: cols.length, rowSpan: m.r2 - m.r1 + 1 });
    for (let r = m.r1; r <= m.r2; r++) for (const c of cols) if (r !== m.r1 || c !== cols[0]) covered.add(cellAddress(c, r));
  }
  // Conditional formats of the form <top-left>="text": the cell's own text equals it.
  const formats = model.conditionalFormats.flatMap((cf) => {
    const range = parseRange(cf.range);
    const m = /^([A-Z]+\d+)="(.*)"$/.exec(cf.formula);
    if (!m || m[1] !== cellAddress(range.c1, range.r1)) return [];
    return [{ range, text: m[2], fill: cf.fill, color: cf.fontColor }];
  });
  const rows: HtmlRow[] = [];
  for (let r = area.r1; r <= area.r2; r++) {
    const cells: HtmlCell[] = [];
    for (const c of visible) {
      const address = cellAddress(c, r);
      if (covered.has(address)) continue;
      const spec = byAddress.get(address);
      const text = spec ? cellText(spec) : '';
      const span = spans.get(address) ?? { colSpan: 1, rowSpan: 1 };
      const cf = formats.find((f) => c >= f.range.c1 && c <= f.range.c2 && r >= f.range.r1 && r <= f.range.r2 && f.text === text);
      cells.push({ address, text, ...span, style: spec?.style ?? 'text', blank: !spec, ...(cf ? { fill: cf.fill, color: cf.color } : {}) });
    }
    rows.push({ row: r, ...(model.rowHeights[r] ? { heightPt: model.rowHeights[r] } : {}), cells });
  }
  return { columns: visible.map((c) => ({ letter: colLetter(c), width: model.columns.find((x) => x.letter === colLetter(c))?.width ?? 10 })), rows };
}

/** "#RRGGBB" from exceljs's "FFRRGGBB". */
export function argbToCss(argb: string): string {
  return `#${argb.slice(-6)}`;
}

/** The CSS of a layout style, for an inline style attribute. */
export function styleCss(cell: Pick<HtmlCell, 'style' | 'fill' | 'color' | 'blank'>): Record<string, string | number> {
  const s: CellStyle = STYLES[cell.style];
  const blank = cell.blank;
  return {
    fontFamily: `"${s.font.name}", serif`,
    fontSize: `${s.font.size}pt`,
    fontWeight: s.font.bold ? 700 : 400,
    fontStyle: s.font.italic ? 'italic' : 'normal',
    color: cell.color ? argbToCss(cell.color) : s.font.color ? argbToCss(s.font.color) : '#000000',
    textAlign: s.horizontal,
    verticalAlign: s.vertical === 'top' ? 'top' : 'middle',
    whiteSpace: s.wrap ? 'pre-wrap' : 'nowrap',
    border: s.border && !blank ? '1px solid #000000' : 'none',
    background: cell.fill ? argbToCss(cell.fill) : s.fill ? argbToCss(s.fill) : 'transparent',
    padding: '2px 4px',
  };
}
