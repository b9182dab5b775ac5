/**
 * The console's preview of the appendix draws the shared layout's model as it is: every visible
 * cell's text in its place, merged cells as spans, hidden helper columns left out, the draft mark
 * under the title, the Đánh giá colours of the conditional formats; for any figures the printed
 * figure in the preview is the model's (property-tested), rendered by React as the page does.
 */
import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppendixSheet } from '../../console/AppendixSheet.tsx';
import { sheetTable } from '../../console/sheet-table.ts';
import { appendixModel, DRAFT_MARK, FIRST_DATA_ROW } from '../../shared/layout.ts';
import type { RowInput } from '../../shared/report.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { realAppendix } from '../helpers/catalog.ts';

const catalog = loadCatalog(2023);
const period = catalog.periods.find((p) => p.id === '2023-uoc')!;
const real = realAppendix();

function realValues(): Record<string, RowInput> {
  const out: Record<string, RowInput> = {};
  catalog.indicators.forEach((ind, k) => (out[ind.code] = { value: real.rows[k].actual, note: null }));
  return out;
}

describe('the appendix preview', () => {
  const content = appendixModel(catalog, period, { generatedAt: '2023-11-21T02:00:00Z', values: realValues(), draft: true });
  const table = sheetTable(content.model);
  const byAddress = new Map(table.rows.flatMap((r) => r.cells).map((c) => [c.address, c]));

  it('shows the print area’s visible columns only (A–F: the helpers G–I are hidden)', () => {
    expect(table.columns.map((c) => c.letter)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect([...byAddress.keys()].some((a) => /^[GHI]\d+$/.test(a))).toBe(false);
  });

  it('puts every model cell’s text in its place; merged titles span the table; the draft mark sits under them', () => {
    for (const c of content.model.cells) {
      if (/^[GHI]/.test(c.address)) continue;
      const text = String((c.formula !== undefined ? c.result : c.value) ?? '');
      expect([c.address, byAddress.get(c.address)?.text]).toEqual([c.address, text]);
    }
    expect(byAddress.get('A1')).toMatchObject({ text: 'PHỤ LỤC 1', colSpan: 6, style: 'title' });
    expect(byAddress.get('A3')).toMatchObject({ text: DRAFT_MARK, colSpan: 6, style: 'draft' });
    expect(byAddress.has('B1')).toBe(false);
  });

  it('colours Đánh giá as the sheet’s conditional formats do', () => {
    expect(byAddress.get(`F${FIRST_DATA_ROW}`)).toMatchObject({ text: 'Không đạt KH', fill: 'FFFFC7CE', color: 'FF9C0006' });
    expect(byAddress.get(`F${FIRST_DATA_ROW + 2}`)).toMatchObject({ text: 'Vượt KH', fill: 'FFC6EFCE' });
    expect(byAddress.get(`F${FIRST_DATA_ROW + 18}`)?.fill).toBeUndefined();
  });

  it('renders as HTML with the styles of the layout (Times New Roman, the header row as column headers)', () => {
    const html = renderToStaticMarkup(createElement(AppendixSheet, { model: content.model, label: 'Phụ lục 1' }));
    expect(html).toContain('data-cell="A1" colSpan="6"');
    expect(html).toMatch(/<th data-cell="B4" scope="col" style="[^"]*font-family:&quot;Times New Roman&quot;/);
    expect(html).toContain('>BẢN DỰ THẢO</td>');
    expect(html).toContain(`>${real.rows[2].actual}</td>`);
  });

  it('reads a print area and merges written as Excel may write them: absolute ($A$1) and corners in either order', () => {
    const reversed = (r: string) => r.split(':').reverse().join(':');
    const absolute = (r: string) => r.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
    const m = content.model;
    expect(m.merges.some((r) => r.includes(':'))).toBe(true);
    const odd = { ...m, print: { ...m.print, area: absolute(reversed(m.print.area)) }, merges: m.merges.map((r, k) => (k % 2 ? absolute(r) : reversed(r))) };
    expect(odd.print.area).toMatch(/^\$[A-Z]+\$\d+:\$A\$1$/);
    expect(sheetTable(odd)).toEqual(table);
  });

  it('a final appendix has no mark: row 3 stays empty as in the report', () => {
    const final = sheetTable(appendixModel(catalog, period, { generatedAt: '2023-11-21T02:00:00Z', values: realValues() }).model);
    const a3 = final.rows.find((r) => r.row === 3)!.cells;
    expect(a3.map((c) => [c.text, c.blank])).toEqual(['A', 'B', 'C', 'D', 'E', 'F'].map(() => ['', true]));
  });

  it('for any figures, the preview prints each figure exactly as the appendix model does', () => {
    const numeric = catalog.indicators.filter((i) => i.target.kind !== 'none');
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: numeric.length, maxLength: numeric.length }), (fractions) => {
        const values: Record<string, RowInput> = {};
        numeric.forEach((ind, k) => (values[ind.code] = { value: ind.bounds.min + fractions[k] * (ind.bounds.max - ind.bounds.min), note: null }));
        const model = appendixModel(catalog, period, { generatedAt: '2023-11-21T02:00:00Z', values }).model;
        const t = new Map(
          sheetTable(model)
            .rows.flatMap((r) => r.cells)
            .map((c) => [c.address, c.text]),
        );
        for (const c of model.cells.filter((x) => /^[EF]\d+$/.test(x.address))) {
          expect(t.get(c.address)).toBe(String((c.formula !== undefined ? c.result : c.value) ?? ''));
        }
      }),
      { numRuns: 60 },
    );
  });
});
