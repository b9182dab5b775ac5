/**
 * Issue 20 through the real path, with the issue's own inputs: the 2023 demo data, the culture
 * office's template filled in LibreOffice (vi-VN) the way an officer types. “95,8%” typed with its
 * sign into Gia đình văn hóa (unit %) prints 95,8 in the appendix; “5.000” outside 0–1.000 in
 * Thuê bao băng rộng is shown refused by the sheet itself, and the worker refuses it too. A “%”
 * typed into an older template's number cell that Excel reformatted as a percentage is read as
 * the figure with a note; a percentage in a row counted in people is an error naming the cell.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUT_OF_BOUNDS_LABEL, STATUS_LABEL } from '../../shared/assess.ts';
import { findUnit, indicatorLabel } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { expectedRows } from '../../shared/template-read.ts';
import { collectionOf } from '../../shared/collection.ts';
import { analyze } from '../../worker/ingest/analyze.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { cellAt, recalcToCsv } from '../helpers/libreoffice.ts';
import { typeInLibreOffice, typingOrSkip } from '../helpers/lo-typing.ts';
import { dropRealSubmissions, realFigures, tempDir, testConfig } from '../helpers/worker.ts';

describe.skipIf(!typingOrSkip('kiểm thử phụ lục với số liệu gõ trong LibreOffice'))('typed in LibreOffice, consolidated by the worker', () => {
  const { cfg } = testConfig(tempDir('sheet-shows'));
  const vhtt = findUnit(cfg.catalog, 'VHTT')!;
  const rows = expectedRows(cfg.catalog, 'VHTT');
  const row = (code: string) => rows.get(code)!;
  const ind = (code: string) => cfg.catalog.indicators.find((i) => i.code === code)!;
  const dir = tempDir('sheet-shows-typed');
  let typed: { good: string; bounds: string; boundsText: string };
  let appendixRows: string[][];

  beforeAll(async () => {
    await dropRealSubmissions(
      cfg,
      false,
      cfg.catalog.units.map((u) => u.code).filter((c) => c !== 'VHTT'),
    );
    const template = path.join(dir, 'VHTT.xlsx');
    writeFileSync(template, await buildTemplate(cfg.catalog, cfg.period, vhtt, cfg.protectionPassword));
    // The real figures typed as printed ("80/100 dân", "52"), Gia đình văn hóa as “95,8%”.
    const real = realFigures(cfg.catalog, vhtt, true);
    const cells: Record<string, string> = {};
    for (const [code, r] of rows) {
      const f = real.get(ind(code).stt)!;
      cells[`${COL.actual}${r}`] = String(f.value);
      cells[`${COL.note}${r}`] = f.note ?? '';
    }
    cells[`${COL.actual}${row('GIA_DINH_VH')}`] = '95,8%';
    const good = path.join(dir, 'VHTT-95,8.xlsx');
    const bounds = path.join(dir, 'VHTT-5000.xlsx');
    const boundsText = path.join(dir, 'VHTT-5000-text.xlsx');
    const failed = await typeInLibreOffice('vi-VN', [
      {
        template,
        sheet: SHEET_NAME,
        outputs: [
          { out: good, cells },
          { out: bounds, cells: { ...cells, [`${COL.actual}${row('BANG_RONG')}`]: '5.000' } },
          // A leading apostrophe keeps what is typed as text.
          { out: boundsText, cells: { ...cells, [`${COL.actual}${row('BANG_RONG')}`]: "'5.000" } },
        ],
      },
    ]);
    expect([...failed]).toEqual([]);
    typed = { good, bounds, boundsText };
    copyFileSync(good, path.join(cfg.paths.inbox, 'VHTT.xlsx'));
    const service = new WorkerService(cfg, createLogger('silent'), () => new Date(Date.parse(cfg.period.deadline) - 86_400_000));
    try {
      const run = await service.runOnce();
      expect(run.inbox.outcomes.find((o) => o.record.unit === 'VHTT')?.record.status).toBe('accepted');
      const out = path.join(dir, 'appendix');
      mkdirSync(out, { recursive: true });
      const file = path.join(out, 'phu-luc.xlsx');
      copyFileSync(run.appendix.file, file);
      appendixRows = (await recalcToCsv([file])).get(file)!;
    } finally {
      await service.stop();
    }
  }, 300_000);

  it('“95,8%” typed with its sign: the sheet, the receipt and the appendix say 95,8', async () => {
    const parsed = analyze(new Uint8Array(readFileSync(typed.good)), collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes);
    expect(parsed.ok, JSON.stringify(parsed.problems)).toBe(true);
    expect(parsed.rows.GIA_DINH_VH.value).toBe(95.8);
    const appendixRow = FIRST_DATA_ROW + ind('GIA_DINH_VH').stt - 1;
    expect(cellAt(appendixRows, `${COL.actual}${appendixRow}`)).toBe('95,8');
    expect(cellAt(appendixRows, `${COL.status}${appendixRow}`)).toBe(STATUS_LABEL.vuot);
    const sheet = (await recalcToCsv([typed.good])).get(typed.good)!;
    expect(Number(cellAt(sheet, `${COL.value}${row('GIA_DINH_VH')}`))).toBeCloseTo(95.8, 10);
    expect(cellAt(sheet, `${COL.status}${row('GIA_DINH_VH')}`)).toBe(STATUS_LABEL.vuot);
  });

  it('“5.000” outside 0–1.000, as a number or as text: the sheet shows it refused after recalculation, the worker refuses it', async () => {
    const sheets = await recalcToCsv([typed.bounds, typed.boundsText]);
    for (const file of [typed.bounds, typed.boundsText]) {
      expect(cellAt(sheets.get(file)!, `${COL.status}${row('BANG_RONG')}`), path.basename(file)).toBe(OUT_OF_BOUNDS_LABEL);
      const parsed = analyze(new Uint8Array(readFileSync(file)), collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes);
      expect(parsed.ok).toBe(false);
      expect(parsed.problems).toContainEqual(
        expect.objectContaining({ cell: `${COL.actual}${row('BANG_RONG')}`, message: expect.stringContaining('nằm ngoài khoảng cho phép từ 0 đến 1.000') }),
      );
    }
  });
});

describe('a percentage where the template had none', () => {
  const { cfg } = testConfig(tempDir('percent-note'));

  /** The template with one input cell as Excel leaves it after “95,8%” is typed into a cell it reformats. */
  async function reformatted(unit: string, code: string, value: number, format: string): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      Buffer.from(await buildTemplate(cfg.catalog, cfg.period, findUnit(cfg.catalog, unit)!, cfg.protectionPassword)) as unknown as ArrayBuffer,
    );
    const cell = wb.getWorksheet(SHEET_NAME)!.getCell(`${COL.actual}${expectedRows(cfg.catalog, unit).get(code)}`);
    cell.value = value;
    cell.numFmt = format;
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('an indicator in %: the figure the cell shows, with a note in the receipt (not an error)', async () => {
    const parsed = analyze(await reformatted('VHTT', 'GIA_DINH_VH', 0.958, '0.00%'), collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes);
    const label = indicatorLabel(cfg.catalog.indicators.find((i) => i.code === 'GIA_DINH_VH')!);
    expect(parsed.problems.filter((p) => p.cell === `${COL.actual}${expectedRows(cfg.catalog, 'VHTT').get('GIA_DINH_VH')}`)).toEqual([]);
    expect(parsed.rows.GIA_DINH_VH.value).toBe(95.8);
    expect(parsed.warnings).toContainEqual(expect.objectContaining({ message: `${label}: ô định dạng phần trăm, hệ thống đã hiểu 95,8%.` }));
  });

  it('any other indicator: an error naming the cell, saying what it shows and what to do', async () => {
    const parsed = analyze(await reformatted('LDTBXH', 'VIEC_LAM', 0.95, '0%'), collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes);
    const cell = `${COL.actual}${expectedRows(cfg.catalog, 'LDTBXH').get('VIEC_LAM')}`;
    expect(parsed.ok).toBe(false);
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({
        cell,
        message: expect.stringMatching(/ô được định dạng phần trăm nên số liệu hiện là 95%, nhưng chỉ tiêu này tính bằng Người\. Hãy định dạng lại ô là Số/),
      }),
    );
  });
});
