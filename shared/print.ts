/**
 * How the Phụ lục 1 sheet prints, as data beside its layout (shared/layout.ts): A4 landscape, the
 * header row repeated, fit to width; the heights of wrapped rows; and the appendix's pages, planned
 * from those heights so that every host breaks the pages where the plan does.
 */

export interface PrintSetup {
  area: string;
  orientation: 'landscape';
  paperSize: 'A4';
  fitToWidth: 1;
  fitToHeight: 0;
  titleRows: string;
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  horizontalCentered: boolean;
  footer: string;
  /** Manual page breaks: a new page starts after each of these rows (see pageBreaks). */
  rowBreaks?: number[];
}

/** The sheet's print setup: `A1:` to the last cell, the header row `titleRow` repeated on every page. */
export function printSetup(lastCol: string, lastRow: number, titleRow: number): PrintSetup {
  return {
    area: `A1:${lastCol}${lastRow}`,
    orientation: 'landscape',
    paperSize: 'A4',
    fitToWidth: 1,
    fitToHeight: 0,
    titleRows: `${titleRow}:${titleRow}`,
    margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    horizontalCentered: true,
    footer: 'Trang &P/&N',
  };
}

/** Rows with wrapped text get an explicit height: Excel and LibreOffice do not autofit on open. */
export function rowHeight(texts: [string | null | undefined, number][], lineHeight = 16): number {
  const lines = Math.max(1, ...texts.map(([t, width]) => Math.ceil(String(t ?? '').length / Math.max(1, width * 1.3))));
  return Math.max(18, lines * lineHeight + 2);
}

/** A4 in points, and the points of one inch. */
const A4 = { long: 841.89, short: 595.28 } as const;
const PT_PER_INCH = 72;
/**
 * The share of the printable height a planned page fills at most: Excel and LibreOffice lay rows
 * out a little differently (rounding of heights, the footer's room), and a planned page must never
 * overflow, or the renderer would add a break of its own.
 */
const PAGE_FILL = 0.95;

export interface PageInput {
  heights: Record<number, number>;
  print: PrintSetup;
  lastRow: number;
  /** The last row of the table; the rows after it (footnotes, summary, issuer) are the tail. */
  lastDataRow: number;
}

function titleRowsHeight(p: PageInput): number {
  const [first, last] = p.print.titleRows.split(':').map(Number);
  let h = 0;
  for (let r = first; r <= last; r++) h += p.heights[r] ?? 15;
  return h;
}

/**
 * The appendix's pages, planned from the row heights: each page's first row. Every page boundary
 * becomes a manual break, planned at full size (fit to width only ever shrinks a sheet) and with
 * room to spare (PAGE_FILL), so whatever a host's fonts make of the column widths, no planned page
 * overflows and every host breaks the pages where the plan does. The rows flow from row 1, the
 * title rows repeated on every later page; when that would leave the tail (footnotes, summary,
 * issuer) on a page of its own under a repeated header row, the last page starts two data rows
 * earlier (or one) so they go with it. A tail longer than a page still fills pages of its own
 * after the first.
 */
export function planPages(p: PageInput): number[] {
  const room = (A4.short - (p.print.margins.top + p.print.margins.bottom) * PT_PER_INCH) * PAGE_FILL;
  const title = titleRowsHeight(p);
  const h = (r: number) => p.heights[r] ?? 15;
  const starts = [1];
  let used = 0;
  for (let r = 1; r <= p.lastRow; r++) {
    if (used + h(r) > room && used > title) {
      starts.push(r);
      used = title;
    }
    used += h(r);
  }
  const firstTail = starts.findIndex((s) => s > p.lastDataRow);
  if (firstTail > 0) {
    const firstData = Number(p.print.titleRows.split(':')[1]) + 1;
    const end = firstTail + 1 < starts.length ? starts[firstTail + 1] - 1 : p.lastRow;
    for (const keep of [2, 1]) {
      const from = p.lastDataRow - keep + 1;
      if (from <= Math.max(firstData, starts[firstTail - 1])) continue;
      let need = title;
      for (let r = from; r <= end; r++) need += h(r);
      if (need <= room) {
        starts[firstTail] = from;
        break;
      }
    }
  }
  return starts;
}

/** The manual breaks of a page plan: a new page starts after each row returned. */
export function pageBreaks(p: PageInput): number[] {
  return planPages(p)
    .slice(1)
    .map((s) => s - 1);
}
