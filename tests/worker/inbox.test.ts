/** What the inbox takes, and a plan cell edited by a department. */
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { scanInbox } from '../../worker/ingest/inbox.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { realFigures, tempDir, testConfig } from '../helpers/worker.ts';

describe('the inbox', () => {
  it('skips Excel lock files, hidden and partial files, and files still being written', () => {
    const dir = tempDir('inbox-list');
    const old = (Date.now() - 60_000) / 1000;
    for (const name of ['KT.xlsx', '~$KT.xlsx', '.an.xlsx', 'dang-tai.xlsx.part', 'moi-ghi.xlsx']) writeFileSync(path.join(dir, name), 'x');
    for (const name of ['KT.xlsx', '~$KT.xlsx', '.an.xlsx', 'dang-tai.xlsx.part']) utimesSync(path.join(dir, name), old, old);
    const slow = scanInbox(dir, 3000);
    expect(slow.ready.map((i) => i.name)).toEqual(['KT.xlsx']);
    expect(slow.settling.map((i) => i.name)).toEqual(['moi-ghi.xlsx']);
    expect(slow.skipped.map((n) => [n.name, n.reason])).toEqual([
      ['.an.xlsx', 'tệp ẩn'],
      ['dang-tai.xlsx.part', 'tệp tạm đang được sao chép hoặc tải về'],
      ['~$KT.xlsx', 'tệp khoá của Excel (tạo ra khi tệp đang mở; tự mất khi đóng Excel)'],
    ]);
    expect(scanInbox(dir, 0).ready.map((i) => i.name)).toEqual(['KT.xlsx', 'moi-ghi.xlsx']);
  });

  it('reports a copy of a refused file under the copy’s own name and time, naming the file it repeats', async () => {
    const { cfg } = testConfig(tempDir('inbox-duplicate'));
    const clock = { now: new Date('2023-11-20T10:00:00+07:00') };
    const service = new WorkerService(cfg, createLogger('silent'), () => clock.now);
    try {
      writeFileSync(path.join(cfg.paths.inbox, 'bao-cao.xlsx'), 'không phải tệp Excel');
      await service.runOnce();
      clock.now = new Date('2023-11-21T15:30:00+07:00');
      writeFileSync(path.join(cfg.paths.inbox, 'gui-lai.xlsx'), 'không phải tệp Excel');
      const second = await service.runOnce();
      expect(second.inbox.outcomes.map((o) => o.duplicate)).toEqual([true]);
      const report = readdirSync(cfg.paths.rejected).filter((f) => f.endsWith('_gui-lai.xlsx.loi.txt'));
      expect(report).toHaveLength(1);
      const text = readFileSync(path.join(cfg.paths.rejected, report[0]), 'utf8');
      expect(text).toContain('Tệp: gui-lai.xlsx\nNhận lúc: 15:30 ngày 21/11/2023\n');
      expect(text).toContain('Tệp này giống hệt tệp đã nộp lúc 10:00 ngày 20/11/2023 (bao-cao.xlsx), không được nhận thêm lần nữa.');
    } finally {
      await service.stop();
    }
  });
});

describe('a plan cell edited by a department', () => {
  it('is not taken: the catalogue’s plan is printed and the edit is reported', async () => {
    const { cfg } = testConfig(tempDir('plan-edit'));
    const unit = findUnit(cfg.catalog, 'LDTBXH')!;
    const filled = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), realFigures(cfg.catalog, unit, false));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(filled as unknown as ArrayBuffer);
    const planCell = `${COL.plan}${FIRST_DATA_ROW + 1}`; // row 14, "1.200"
    wb.getWorksheet(SHEET_NAME)!.getCell(planCell).value = '900';
    writeFileSync(path.join(cfg.paths.inbox, 'LDTBXH.xlsx'), new Uint8Array(await wb.xlsx.writeBuffer()));
    const service = new WorkerService(cfg, createLogger('silent'));
    try {
      const run = await service.runOnce();
      const rec = run.inbox.outcomes[0].record;
      expect(rec.status).toBe('accepted');
      expect(rec.planEdits).toEqual([{ indicator: 'VIEC_LAM', cell: planCell, found: '900', expected: '1.200' }]);
      const book = readXlsx(readFileSync(run.appendix.file));
      expect(book.sheet(SHEET_NAME)!.cells.get(`${COL.plan}${FIRST_DATA_ROW + 13}`)?.v).toBe('1.200');
      expect(book.sheet(SHEET_NAME)!.cells.get(`${COL.status}${FIRST_DATA_ROW + 13}`)?.v).toBe('Không đạt KH');
      const warnings = [...book.sheet('Cảnh báo')!.cells.values()].map((c) => String(c.v));
      expect(warnings).toContain('Sửa ô kế hoạch');
      expect(warnings.some((w) => w.startsWith(`Ô ${planCell}: `) && w.includes('ô kế hoạch đã bị sửa thành “900”'))).toBe(true);
    } finally {
      await service.stop();
    }
  });
});
