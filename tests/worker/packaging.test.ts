/**
 * Issue 20, every workbook the worker writes (the templates of every unit, the appendix of a real
 * run with its working sheets) is packaged one way: <bookViews> in xl/workbook.xml (files without
 * it have been reported to crash Excel 2013 and Excel 2016 for Mac when printing), no folder
 * entries in the zip, page breaks within the sheet, print areas with absolute rows, the template's
 * input rows free to grow with their text. And they print whole: a 400-character explanation in
 * the template and in the appendix, the working sheet “Tình hình nộp” fit to the page width —
 * checked in LibreOffice's PDF.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPeriod, findUnit, reportingUnits } from '../../shared/catalog.ts';
import { appendixModel, COL, templateModel } from '../../shared/layout.ts';
import { createLogger } from '../../worker/log.ts';
import { renderWorkbook, TABLE_MAX_WIDTH } from '../../worker/render/exceljs.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { libreOfficeOrSkip } from '../helpers/libreoffice.ts';
import { printedPages } from '../helpers/pdf.ts';
import { dropRealSubmissions, tempDir, testConfig } from '../helpers/worker.ts';

const dir = tempDir('packaging');
const workbooks = new Map<string, Uint8Array>();
let appendixFile = '';
let sheetNames: string[] = [];

/** A 400-character explanation ending in a word found nowhere else. */
const LONG = (() => {
  const words =
    'Số liệu tổng hợp từ báo cáo của các phường, xã, đã đối chiếu với Chi cục Thống kê thị xã; nguyên nhân chủ yếu là giá vật tư tăng cao và thời tiết bất lợi kéo dài trong vụ xuân. ';
  let s = '';
  for (let i = 1; s.length < 390; i++) s += `(${i}) ${words}`;
  return `${s.slice(0, 390).trimEnd()} HẾTGIẢITRÌNH.`;
})();

beforeAll(async () => {
  for (const year of [2023, 2024] as const) {
    const catalog = loadCatalog(year);
    const period = catalog.periods[0];
    for (const unit of reportingUnits(catalog)) {
      workbooks.set(
        `template ${year} ${unit.code}`,
        await buildTemplate(catalog, period, unit, { password: 'phuluc', generatedAt: '2024-01-01T00:00:00.000Z' }),
      );
    }
  }
  // A real run: the appendix with its working sheets, written by the worker.
  const { cfg } = testConfig(tempDir('packaging-run'));
  await dropRealSubmissions(cfg, false);
  const service = new WorkerService(cfg, createLogger('silent'), () => new Date(Date.parse(cfg.period.deadline) + 86_400_000));
  try {
    const run = await service.runOnce();
    appendixFile = run.appendix.file;
    workbooks.set('appendix', new Uint8Array(readFileSync(appendixFile)));
    sheetNames = run.appendix.sheets.map((s) => s.name);
  } finally {
    await service.stop();
  }
}, 180_000);

const parts = (bytes: Uint8Array) => unzipSync(bytes);
const xml = (bytes: Uint8Array, part: string) => strFromU8(parts(bytes)[part]);

describe('one packaging step for every workbook written', () => {
  it('<bookViews> in xl/workbook.xml, after the structure protection where there is one', () => {
    expect(workbooks.size).toBeGreaterThan(20);
    for (const [name, bytes] of workbooks) {
      const wb = xml(bytes, 'xl/workbook.xml');
      expect(wb, name).toMatch(/<bookViews><workbookView [^>]*activeTab="0"[^>]*\/><\/bookViews>/);
      if (wb.includes('<workbookProtection')) expect(wb.indexOf('<workbookProtection'), name).toBeLessThan(wb.indexOf('<bookViews'));
    }
  });

  it('no folder entries in the zip', () => {
    for (const [name, bytes] of workbooks)
      expect(
        Object.keys(parts(bytes)).filter((n) => n.endsWith('/')),
        name,
      ).toEqual([]);
  });

  it('page breaks within the sheet (max 16383), print areas with absolute rows on every sheet', () => {
    const appendix = workbooks.get('appendix')!;
    const sheetXml = Object.entries(parts(appendix))
      .filter(([n]) => n.startsWith('xl/worksheets/sheet'))
      .map(([, b]) => strFromU8(b));
    const breaks = sheetXml.flatMap((s) => [...s.matchAll(/<brk [^>]*max="(\d+)"/g)].map((m) => Number(m[1])));
    expect(breaks.length).toBeGreaterThan(0);
    expect(breaks.filter((m) => m > 16383)).toEqual([]);
    for (const [name, bytes] of workbooks) {
      const areas = [...xml(bytes, 'xl/workbook.xml').matchAll(/<definedName [^>]*name="_xlnm\.Print_Area"[^>]*>([^<]*)</g)].map((m) => m[1]);
      expect(areas.length, name).toBeGreaterThan(0);
      for (const a of areas) expect(a, name).toMatch(/!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+$/);
    }
    // The appendix and its four working sheets each have one.
    expect([...xml(appendix, 'xl/workbook.xml').matchAll(/_xlnm\.Print_Area/g)].length).toBe(1 + sheetNames.length);
  });

  it('the template’s input rows have no fixed height (they grow with what is typed); its other rows keep theirs', () => {
    for (const [name, bytes] of workbooks) {
      if (!name.startsWith('template')) continue;
      const [, year, unit] = name.split(' ');
      const catalog = loadCatalog(Number(year) as 2023 | 2024);
      const model = templateModel(catalog, catalog.periods[0], findUnit(catalog, unit)!, { generatedAt: '2024-01-01T00:00:00.000Z' });
      const sheet = xml(bytes, 'xl/worksheets/sheet1.xml');
      for (const { row } of model.rows) expect(sheet, `${name} row ${row}`).toMatch(new RegExp(`<row r="${row}"(?![^>]*customHeight)[^>]*>`));
      expect(sheet).toMatch(/<row r="4"[^>]*customHeight="1"/);
    }
  });

  it('the working sheets fit the page width, their columns within what keeps the text at 9 pt or more', () => {
    const appendix = workbooks.get('appendix')!;
    const wb = xml(appendix, 'xl/workbook.xml');
    const rels = xml(appendix, 'xl/_rels/workbook.xml.rels');
    const partOf = (name: string) => {
      const rid = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(wb)![1];
      return `xl/${new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`;
    };
    expect(sheetNames).toEqual(['Tình hình nộp', 'Nguồn số liệu', 'Cảnh báo', 'Tệp bị từ chối']);
    for (const name of ['Phụ lục 1', ...sheetNames]) {
      const sheet = xml(appendix, partOf(name));
      expect(sheet, name).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
      expect(sheet, name).toMatch(/<pageSetup [^>]*fitToWidth="1" fitToHeight="0"/);
      if (name === 'Phụ lục 1') continue;
      const widths = [...sheet.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(widths.length, name).toBeGreaterThanOrEqual(4);
      expect(
        widths.reduce((a, b) => a + b, 0),
        name,
      ).toBeLessThanOrEqual(TABLE_MAX_WIDTH);
    }
  });
});

describe.skipIf(!libreOfficeOrSkip('các kiểm thử bản in bằng LibreOffice'))('printed by LibreOffice', () => {
  let pages: Map<string, string[]>;
  const files = { template: path.join(dir, 'template-long.xlsx'), appendix: path.join(dir, 'appendix-long.xlsx'), run: '' };

  beforeAll(async () => {
    const catalog = loadCatalog(2023);
    const period = findPeriod(catalog, '2023-uoc')!;
    const values = { VIEC_LAM: { value: 942, note: LONG } };
    writeFileSync(
      files.template,
      await renderWorkbook(templateModel(catalog, period, findUnit(catalog, 'LDTBXH')!, { generatedAt: '2024-01-01T00:00:00.000Z', values })),
    );
    writeFileSync(files.appendix, await renderWorkbook(appendixModel(catalog, period, { generatedAt: '2024-01-01T00:00:00.000Z', values }).model));
    files.run = path.join(dir, 'appendix-run.xlsx');
    writeFileSync(files.run, workbooks.get('appendix')!);
    pages = await printedPages([files.template, files.appendix, files.run]);
  }, 180_000);

  const flat = (s: string) => s.replace(/\s+/g, '');

  it('a 400-character explanation prints whole, in the template and in the appendix', () => {
    expect(LONG.length).toBeGreaterThanOrEqual(400);
    for (const f of [files.template, files.appendix]) expect(flat(pages.get(f)!.join('')), path.basename(f)).toContain(flat(LONG));
  });

  it('“Tình hình nộp” prints every column on each of its pages (fit to the page width)', () => {
    const headers = ['Đơn vị báo cáo', 'Trạng thái', 'So với hạn nộp', 'Còn thiếu / lỗi', 'Mã nhận dạng tệp', 'Kết quả duyệt'];
    const mine = pages.get(files.run)!.filter((p) => flat(p).includes(flat('So với hạn nộp')) || flat(p).includes(flat('TÌNH HÌNH NỘP BÁO CÁO')));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThanOrEqual(2);
    for (const p of mine) for (const h of headers) expect(flat(p), h).toContain(flat(h));
  });

  it('the template prints its legend', () => {
    const text = flat(pages.get(files.template)!.join(''));
    expect(text).toContain(flat('Chú giải:'));
    expect(text).toContain(flat('Ô “Đánh giá” để trống: chưa nhập số liệu'));
    expect(COL.status).toBe('F');
  });
});
