/**
 * How the appendix prints (shared/layout.ts appendixModel, drawn by worker/render/exceljs.ts): the
 * summary before the issuer line, the optional derived columns, and the page plan that keeps the
 * footnotes from a page of their own under a repeated header row — checked in LibreOffice's PDF of
 * the real 2023 appendix with more and more footnotes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPeriod } from '../../shared/catalog.ts';
import { appendixModel, COL, FIRST_DATA_ROW, HEADER_ROW, type AppendixOptions, type CellSpec, type SheetModel } from '../../shared/layout.ts';
import { planPages } from '../../shared/print.ts';
import type { RowInput } from '../../shared/report.ts';
import { renderWorkbook } from '../../worker/render/exceljs.ts';
import { loadCatalog, realAppendix } from '../helpers/catalog.ts';
import { libreOfficeOrSkip } from '../helpers/libreoffice.ts';
import { printedPages } from '../helpers/pdf.ts';
import { tempDir } from '../helpers/worker.ts';

const catalog = loadCatalog(2023);
const period = findPeriod(catalog, '2023-uoc')!;
const real = realAppendix();
const LAST_DATA_ROW = FIRST_DATA_ROW + catalog.indicators.length - 1;

/** The real figures and explanations, and `extra` more explanations (1 to 3 lines each) on rows 2, 3, … */
function values(extra = 0): Record<string, RowInput> {
  const out: Record<string, RowInput> = {};
  for (const ind of catalog.indicators) {
    const row = real.rows.find((r) => r.stt === ind.stt)!;
    const fn = row.footnote ?? row.actualFootnote;
    out[ind.code] = { value: row.actual, note: fn ? real.footnotes[String(fn)] : null };
  }
  for (let k = 0; k < extra; k++) {
    const ind = catalog.indicators[k + 1];
    out[ind.code].note =
      `Giải trình bổ sung số ${k + 1}: ${'số liệu tổng hợp từ báo cáo của các phường, xã, đã đối chiếu với số liệu của Chi cục Thống kê thị xã; '.repeat(1 + (k % 3))}`;
  }
  return out;
}

const appendix = (opts: Partial<AppendixOptions> = {}) =>
  appendixModel(catalog, period, { generatedAt: '2023-11-21T08:00:00.000Z', values: values(), ...opts });
const cell = (m: SheetModel, address: string): CellSpec | undefined => m.cells.find((c) => c.address === address);
const rowOf = (m: SheetModel, text: string | RegExp) =>
  Number(m.cells.find((c) => c.address.startsWith('A') && (typeof text === 'string' ? c.value === text : text.test(String(c.value ?? ''))))?.address.slice(1));
const lastRowOf = (m: SheetModel) => Number(m.print.area.split(':')[1].replace(/^[A-Z]+/, ''));
const plan = (m: SheetModel) => planPages({ heights: m.rowHeights, print: m.print, lastRow: lastRowOf(m), lastDataRow: LAST_DATA_ROW });

describe('the summary and the issuer line', () => {
  it('the footnotes, then the summary block, then the issuer line', () => {
    const m = appendix().model;
    const footnote = rowOf(m, /^⁷⁴ /);
    const summary = rowOf(m, `Tổng hợp: ${real.summary_in_report.text}.`);
    const detail = rowOf(m, real.summary_in_report.footnote);
    const issuer = rowOf(m, real.issuer);
    expect(footnote).toBeGreaterThan(LAST_DATA_ROW);
    expect(summary).toBeGreaterThan(footnote);
    expect(detail).toBe(summary + 1);
    expect(issuer).toBeGreaterThan(rowOf(m, /^Chỉ tiêu cơ quan công sở/));
    expect(issuer).toBe(lastRowOf(m));
  });
});

describe('derived columns', () => {
  it('are off by default: Phụ lục 1 stays the report’s six columns', () => {
    const m = appendix().model;
    expect(m.cells.some((c) => /^[JK]\d+$/.test(c.address))).toBe(false);
    expect(m.print.area).toMatch(/^A1:F\d+$/);
  });

  it('“% so với KH” and “% so với cùng kỳ” for the totals, blank for the levels', () => {
    const m = appendix({ derived: { plan: true, lastYear: true }, lastYear: { THU_NS: 273.32 } }).model;
    expect([cell(m, `${COL.ofPlan}${HEADER_ROW}`)?.value, cell(m, `${COL.ofLastYear}${HEADER_ROW}`)?.value]).toEqual(['% so với KH', '% so với cùng kỳ']);
    const at = (code: string, col: string) => cell(m, `${col}${m.rows.find((r) => r.indicator === code)!.row}`)?.value;
    expect(at('THU_NS', COL.ofPlan)).toBe('156,37');
    expect(at('THU_NS', COL.ofLastYear)).toBe('110,13'); // the report: “tăng 10,13% so với cùng kỳ”
    expect(at('VIEC_LAM', COL.ofPlan)).toBe('78,5');
    expect(at('VON_DAU_TU', COL.ofPlan)).toBe('122,96');
    expect(at('BHYT', COL.ofPlan)).toBeNull(); // a rate: no share of its plan
    expect(at('DO_THI_III', COL.ofLastYear)).toBeNull(); // a level: its change is in points, not a share
    expect(at('CO_QUAN_VH', COL.ofPlan)).toBeNull(); // not assessed
    expect(m.print.area).toMatch(/^A1:K\d+$/);
    expect(m.merges).toContain('A1:K1');
  });
});

describe('the page plan', () => {
  const heights = (rows: Record<number, number>) => ({ 1: 20, 2: 36, 3: 15, 4: 34, ...rows });
  const print = appendix().model.print;

  it('one page when everything fits, no manual break', () => {
    const m = appendix().model;
    const small = heights({ 5: 30, 6: 30, 7: 15, 8: 30, 9: 20 });
    expect(planPages({ heights: small, print, lastRow: 9, lastDataRow: 6 })).toEqual([1]);
    expect(m.print.rowBreaks).toEqual(
      plan(m)
        .slice(1)
        .map((s) => s - 1),
    );
  });

  it('a tail that would be alone starts its page two data rows earlier', () => {
    // Page 1 holds the title rows and the 12 data rows (105 + 12 × 31 = 477 of 483 points), not the
    // tail after them: flowing on, rows 17–21 would print alone under a repeated header row.
    const rows: Record<number, number> = {};
    for (let r = 5; r <= 16; r++) rows[r] = 31;
    Object.assign(rows, { 17: 15, 18: 20, 19: 34, 20: 18, 21: 20 });
    // 105 + 12 × 31 = 477 ≤ 483, and 477 + 15 = 492 > 483: row 17 does not fit after row 16.
    expect(planPages({ heights: heights(rows), print, lastRow: 21, lastDataRow: 16 })).toEqual([1, 15]);
    // With a tail too long to go with even one data row, the rows flow as they come.
    const long = { ...rows, 17: 400, 18: 20 };
    expect(planPages({ heights: heights(long), print, lastRow: 21, lastDataRow: 16 })).toEqual([1, 17, 19]);
  });
});

const skip = !libreOfficeOrSkip('các kiểm thử bản in phụ lục bằng LibreOffice');

describe.skipIf(skip)('printed by LibreOffice', () => {
  const variants = Array.from({ length: 13 }, (_, extra) => ({ extra, derived: extra % 2 === 1 }));
  const models = variants.map((v) =>
    appendixModel(catalog, period, {
      generatedAt: '2023-11-21T08:00:00.000Z',
      values: values(v.extra),
      derived: v.derived ? { plan: true, lastYear: true } : undefined,
    }),
  );
  let pages: string[][] = [];

  beforeAll(async () => {
    const dir = tempDir('print');
    const files = await Promise.all(
      models.map(async (c, i) => {
        const file = path.join(dir, `phu-luc-${i}.xlsx`);
        writeFileSync(file, await renderWorkbook(c.model));
        return file;
      }),
    );
    const printed = await printedPages(files);
    pages = files.map((f) => printed.get(f)!);
  }, 180_000);

  const nameOf = (indicator: string) => catalog.indicators.find((i) => i.code === indicator)!.name.slice(0, 24);

  /** The model's data rows that can be told apart in print: not the ones the summary names too. */
  function findableRows(model: SheetModel, summary: string): number[] {
    return model.rows.filter(({ indicator }) => !summary.includes(nameOf(indicator))).map((r) => r.row);
  }

  /** Data rows found on a printed page, by the start of their name (not the ones the summary names too). */
  function dataRowsOn(text: string, model: SheetModel, summary: string): number[] {
    return model.rows.filter(({ indicator }) => !summary.includes(nameOf(indicator)) && text.includes(nameOf(indicator))).map((r) => r.row);
  }

  it('breaks the pages where the plan does, whatever LibreOffice makes of the column widths', () => {
    models.forEach((c, i) => {
      const m = c.model;
      const starts = plan(m);
      const summary = m.cells
        .filter((x) => Number(x.address.slice(1)) > LAST_DATA_ROW)
        .map((x) => String(x.value))
        .join(' ');
      const findable = findableRows(m, summary);
      expect(findable.length, `variant ${i}: rows to look for`).toBeGreaterThan(catalog.indicators.length / 2);
      expect(pages[i].length, `variant ${i}`).toBe(starts.length);
      // Every data row is printed, each on one page only.
      expect(
        pages[i].flatMap((text) => dataRowsOn(text, m, summary)).sort((a, b) => a - b),
        `variant ${i}: the rows printed`,
      ).toEqual(findable);
      pages[i].forEach((text, p) => {
        const from = starts[p];
        const to = (starts[p + 1] ?? lastRowOf(m) + 1) - 1;
        const expected = findable.filter((r) => r >= from && r <= to);
        expect(dataRowsOn(text, m, summary), `variant ${i}, page ${p + 1}`).toEqual(expected);
        expect(text, `variant ${i}, page ${p + 1}: the header row repeated`).toContain('Số TT');
      });
    });
  });

  it('the footnotes share a page with data rows whenever they fit with two of them', () => {
    let fixed = 0;
    models.forEach((c, i) => {
      const m = c.model;
      const summary = m.cells
        .filter((x) => Number(x.address.slice(1)) > LAST_DATA_ROW)
        .map((x) => String(x.value))
        .join(' ');
      const tail = (t: string) => /UBND THỊ XÃ HỒNG LĨNH|Tổng hợp:|Giải trình bổ sung|Lý do đạt mục tiêu/.test(t);
      const alone = pages[i].filter((t) => tail(t) && dataRowsOn(t, m, summary).length === 0);
      // The tail with the header and the last two data rows, at full size.
      let need = m.rowHeights[HEADER_ROW];
      for (let r = LAST_DATA_ROW - 1; r <= lastRowOf(m); r++) need += m.rowHeights[r] ?? 15;
      // The tail starts on a page with data rows, always.
      const first = pages[i].findIndex(tail);
      expect(dataRowsOn(pages[i][first], m, summary).length, `variant ${i}`).toBeGreaterThan(0);
      if (need <= 483) {
        expect(alone, `variant ${i}`).toEqual([]);
        expect(dataRowsOn(pages[i][pages[i].length - 1], m, summary).length, `variant ${i}`).toBeGreaterThan(0);
      } else {
        // Longer than a page with two data rows: only its continuation may print alone.
        expect(
          alone.every((t) => pages[i].indexOf(t) > first),
          `variant ${i}`,
        ).toBe(true);
      }
      if ((m.print.rowBreaks ?? []).some((b) => b >= LAST_DATA_ROW - 2 && b < LAST_DATA_ROW)) fixed++;
    });
    // Some variants needed the last rows moved to the tail's page: the fix was exercised.
    expect(fixed).toBeGreaterThan(0);
  });
});
