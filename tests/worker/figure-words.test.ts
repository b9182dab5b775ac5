/**
 * Issue 18 through the real path: the 2023 demo data, with “942 đạt 78,5%” typed as text in the
 * jobs row of the Phòng Lao động - Thương binh và Xã hội's template. The sheet itself says “Số liệu
 * không hợp lệ” (LibreOffice recalculates the filled template), the worker rejects the file with a
 * report naming the cell and quoting the text, and the summary never counts the row (it used to
 * read 94.278,5 → Vượt KH, “18/21”). The unit resubmits 942 and the report's own summary is back.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnit, indicatorLabel } from '../../shared/catalog.ts';
import { COL } from '../../shared/layout.ts';
import { expectedRows } from '../../shared/template-read.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService, type RunSummary } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { cellAt, libreOfficeOrSkip, recalcToCsv } from '../helpers/libreoffice.ts';
import { dropRealSubmissions, realFigures, tempDir, testConfig } from '../helpers/worker.ts';

const TYPED = '942 đạt 78,5%';
const MESSAGE = `Ô có hai con số hoặc có chữ xen giữa các chữ số (“${TYPED}”). Hãy chỉ nhập một số liệu, ví dụ 942.`;
const REAL_SUMMARY = 'có 17/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu không đạt, 01 chỉ tiêu không đánh giá';

let service: WorkerService;
let first: RunSummary;
let filled: Uint8Array;
let jobsRow: number;

beforeAll(async () => {
  const { cfg } = testConfig(tempDir('figure-words'));
  await dropRealSubmissions(
    cfg,
    false,
    cfg.catalog.units.map((u) => u.code).filter((c) => c !== 'LDTBXH'),
  );
  const unit = findUnit(cfg.catalog, 'LDTBXH')!;
  const figures = realFigures(cfg.catalog, unit, false);
  figures.set(14, { value: TYPED, note: 'Doanh nghiệp gặp khó khăn, nhu cầu tuyển dụng giảm.' });
  filled = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), figures);
  writeFileSync(path.join(cfg.paths.inbox, 'LDTBXH.xlsx'), filled);
  jobsRow = expectedRows(cfg.catalog, 'LDTBXH').get('VIEC_LAM')!;
  service = new WorkerService(cfg, createLogger('silent'), () => new Date(Date.parse(cfg.period.deadline) - 86_400_000));
  first = await service.runOnce();
});

afterAll(async () => {
  await service.stop();
});

describe('“942 đạt 78,5%” typed in the jobs row', () => {
  it('the worker rejects the file, naming the cell and quoting the text', () => {
    const o = first.inbox.outcomes.find((x) => x.record.unit === 'LDTBXH')!;
    expect(o.record.status).toBe('rejected');
    const jobs = service.cfg.catalog.indicators.find((i) => i.code === 'VIEC_LAM')!;
    expect(o.record.problems).toContainEqual(expect.objectContaining({ cell: `${COL.actual}${jobsRow}`, message: `${indicatorLabel(jobs)}: ${MESSAGE}` }));
    const report = readdirSync(service.cfg.paths.rejected).find((f) => f.endsWith('_LDTBXH.xlsx.loi.txt'))!;
    const text = readFileSync(path.join(service.cfg.paths.rejected, report), 'utf8');
    expect(text).toMatch(new RegExp(`^1\\. Ô ${COL.actual}${jobsRow}: .*${MESSAGE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });

  it('the summary never counts the row: no 18/21, the unit’s rows are not in', () => {
    // The unit's two rows (poverty rate, jobs) wait for a valid file; before the fix: “18/21 … 02 không đạt”.
    expect(first.appendix.content.summary.sentence).toBe(
      'có 16/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 02 chỉ tiêu không đạt, 01 chỉ tiêu không đánh giá, 02 chỉ tiêu chưa có số liệu hợp lệ',
    );
    expect(first.appendix.statuses.find((s) => s.code === 'LDTBXH')?.state).not.toBe('accepted');
  });

  it('after the unit resubmits 942, the summary is the report’s own again', async () => {
    const cfg = service.cfg;
    const unit = findUnit(cfg.catalog, 'LDTBXH')!;
    const figures = realFigures(cfg.catalog, unit, false);
    writeFileSync(
      path.join(cfg.paths.inbox, 'LDTBXH-nop-lai.xlsx'),
      await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), figures),
    );
    const second = await service.runOnce();
    expect(second.inbox.outcomes.map((o) => o.record.status)).toEqual(['accepted']);
    expect(second.appendix.content.summary.sentence).toBe(REAL_SUMMARY);
  });
});

describe.skipIf(!libreOfficeOrSkip('kiểm thử biểu mẫu có chữ xen giữa số liệu bằng LibreOffice'))('the filled template recalculated by LibreOffice', () => {
  it('shows “Số liệu không hợp lệ” in the jobs row', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'figure-words-')), 'LDTBXH.xlsx');
    writeFileSync(file, filled);
    const sheets = await recalcToCsv([file]);
    const rows = sheets.get(file)!;
    expect(cellAt(rows, `${COL.actual}${jobsRow}`)).toBe(TYPED);
    expect(cellAt(rows, `${COL.status}${jobsRow}`)).toBe('Số liệu không hợp lệ');
  });
});
