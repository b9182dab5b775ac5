/**
 * The holes of issue 18 in the runs and the command line, each through the real path:
 *  - analysis never runs on the main thread, whatever the batch size;
 *  - a run whose lock was taken over stops before writing anything;
 *  - something left in the run lock's place (a regular file, a link) is taken over, never
 *    “lỗi ngoài dự kiến”;
 *  - a rejected file with a name at the file system's limit gets its report;
 *  - `phuluc status | head -1` ends quietly; `status` after the ledger is lost says so and fails;
 *  - a data folder that cannot hold files is refused at start with a message, not a hang;
 *  - hidden metadata that puts two indicators on one row is refused, naming the row.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { META_SHEET } from '../../shared/layout.ts';
import type { AnalyzePool } from '../../worker/ingest/pool.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { RunLockLost, withRunLock } from '../../worker/store.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { makeXlsRenamed } from '../fixtures/hostile.ts';
import { BIN, phuluc } from '../helpers/cli.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { dropRealSubmissions, realFigures, tempDir, testConfig } from '../helpers/worker.ts';
import { PROJECT_ROOT } from '../../worker/paths.ts';

describe('analysis off the main thread', () => {
  it('a run of a few files analyses every one on the analysis thread, none here', async () => {
    const { cfg } = testConfig(tempDir('run-thread'));
    await dropRealSubmissions(cfg, false, ['KT', 'VHTT', 'LDTBXH']);
    const service = new WorkerService(cfg, createLogger('silent'));
    try {
      const run = await service.runOnce();
      expect(run.inbox.outcomes.map((o) => o.record.status)).toEqual(['accepted', 'accepted', 'accepted']);
      const pool = service.analyzer() as AnalyzePool;
      expect([pool.threadCount, pool.inlineCount]).toEqual([3, 0]);
    } finally {
      await service.stop();
    }
  });
});

describe('a large file does not stall the service', () => {
  it('a file of 45 MiB of sheet XML in the shared folder is read on the analysis thread while /healthz keeps answering', async () => {
    const { startHttp } = await import('../../worker/http/server.ts');
    const { bigFile } = await import('../../bench/read-memory.ts');
    const { cfg } = testConfig(tempDir('big-run'), {
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1 << 20, consolidateDelayMs: 60_000 },
    });
    writeFileSync(path.join(cfg.paths.inbox, 'LDTBXH-ban-lon.xlsx'), await bigFile(cfg, 45, 'L'));
    const service = new WorkerService(cfg, createLogger('silent'));
    const http = await startHttp(service, 0);
    try {
      let done = false;
      const run = service.runOnce().finally(() => (done = true));
      let answered = 0;
      while (!done) {
        if ((await fetch(`${http.url}/healthz`)).ok && !done) answered++;
        await new Promise((r) => setTimeout(r, 10));
      }
      const summary = await run;
      expect(summary.inbox.outcomes.map((o) => [o.record.unit, o.record.status])).toEqual([['LDTBXH', 'accepted']]);
      const pool = service.analyzer() as AnalyzePool;
      expect([pool.threadCount, pool.inlineCount]).toEqual([1, 0]);
      // Answered all along (the time of each answer is measured by bench/read-memory.ts service).
      expect(answered).toBeGreaterThanOrEqual(5);
    } finally {
      await http.close();
      await service.stop();
    }
  });
});

describe('the run lock', () => {
  it('a run that lost its lock stops before writing the appendix, and says so in Vietnamese', async () => {
    const dir = tempDir('lock-lost');
    let wrote = false;
    const err = await withRunLock(
      dir,
      async (guard) => {
        // Another process takes the lock over (as after this one stopped refreshing it): the lock
        // directory is replaced under it.
        rmSync(path.join(dir, '.run.lock'), { recursive: true, force: true });
        const deadline = Date.now() + 10_000;
        while (!guard.lost() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        guard.check();
        wrote = true;
      },
      { staleMs: 2000 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunLockLost);
    expect((err as Error).message).toMatch(/mất khoá lượt chạy .* Lượt này đã dừng, không ghi thêm gì/);
    expect(wrote).toBe(false);
  });

  it('a regular file or a link left where the lock goes is taken over, and the run goes on', async () => {
    for (const leave of ['file', 'old file', 'link'] as const) {
      const { file, cfg } = testConfig(tempDir(`lock-file-${leave.replace(' ', '-')}`));
      const lock = path.join(cfg.paths.root, '.run.lock');
      if (leave === 'link') symlinkSync('/nonexistent/elsewhere', lock);
      else {
        writeFileSync(lock, 'copied from another machine');
        if (leave === 'old file') utimesSync(lock, new Date(2020, 0, 1), new Date(2020, 0, 1));
      }
      writeFileSync(path.join(cfg.paths.inbox, 'bao-cao.xlsx'), makeXlsRenamed());
      const r = await phuluc('consolidate', '--config', file);
      expect({ leave, code: r.code, stderr: r.stderr }).toEqual({ leave, code: 0, stderr: '' });
      expect(r.stdout).toContain('Đã nhận 1 tệp: 0 hợp lệ, 1 không hợp lệ.');
      expect(existsSync(lock)).toBe(false); // released after the run
    }
  });
});

describe('the shared folder', () => {
  it('a rejected file whose name is at the file system’s limit is moved out with its report', async () => {
    const { cfg } = testConfig(tempDir('long-name'));
    // 255 bytes of UTF-8 (Vietnamese letters take two or three): the longest name the folder takes.
    let name = 'Báo cáo ước thực hiện năm của Phòng Văn hóa và Thông tin ';
    while (Buffer.byteLength(`${name}x.xlsx`) <= 255) name += 'x';
    name = `${name.slice(0, -1)}.xlsx`;
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(name)).toBeGreaterThan(245);
    writeFileSync(path.join(cfg.paths.inbox, name), makeXlsRenamed());
    const service = new WorkerService(cfg, createLogger('silent'));
    try {
      const run = await service.runOnce();
      expect(run.inbox.errors).toEqual([]);
      expect(run.inbox.outcomes.map((o) => o.record.status)).toEqual(['rejected']);
      const moved = readdirSync(cfg.paths.rejected);
      expect(moved).toHaveLength(2);
      const report = moved.find((f) => f.endsWith('.loi.txt'))!;
      expect(readFileSync(path.join(cfg.paths.rejected, report), 'utf8')).toContain('Excel 97-2003');
      expect(readdirSync(cfg.paths.inbox)).toEqual([]);
      const again = await service.runOnce();
      expect(again.inbox.outcomes).toEqual([]);
      expect(again.inbox.errors).toEqual([]);
    } finally {
      await service.stop();
    }
  });
});

describe('the command line', () => {
  it('`phuluc status` into a reader that stops early ends quietly, with no stack trace', async () => {
    const { file } = testConfig(tempDir('epipe'));
    const child = spawn(process.execPath, [BIN, 'status', '--config', file], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away before anything is written (as `head -1` does after its line).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('`phuluc status` after the ledger is lost says so and exits non-zero, instead of showing every unit “chưa nộp”', async () => {
    const { file, cfg } = testConfig(tempDir('status-lost'));
    await dropRealSubmissions(cfg, false, ['KT']);
    expect((await phuluc('consolidate', '--config', file)).code).toBe(0);
    for (const f of readdirSync(cfg.paths.root)) if (f.startsWith('ledger.sqlite')) rmSync(path.join(cfg.paths.root, f));
    const r = await phuluc('status', '--config', file);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('chưa nộp');
    expect(r.stderr).toMatch(/Sổ theo dõi các lần nộp .* không còn số liệu nào, trong khi kho lưu trữ .* vẫn giữ 1 tệp đã nhận\..*phuluc rebuild/);
  });

  it('a data folder that cannot hold files is refused at once with a Vietnamese message (not a hang at full CPU)', async () => {
    for (const dataDir of ['/proc/phuluc-du-lieu', '/proc/self']) {
      const dir = tempDir('bad-data');
      const file = path.join(dir, 'phuluc.config.json');
      writeFileSync(file, JSON.stringify({ dataDir }));
      const r = await phuluc('status', '--config', file);
      expect({ dataDir, code: r.code }).toEqual({ dataDir, code: 1 });
      expect(r.stderr).toContain(`Thư mục dữ liệu “${dataDir}” không dùng được để lưu tệp`);
      expect(r.stderr).toContain('“dataDir”');
    }
  });
});

describe('forged metadata', () => {
  it('hidden metadata placing two indicators on one row is refused, naming the row, never “rows not taken” for rows that were', async () => {
    const { cfg } = testConfig(tempDir('forged-meta'));
    const unit = findUnit(cfg.catalog, 'KT')!;
    const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    const filled = await fillTemplate(tpl, realFigures(cfg.catalog, unit, false));
    // Forge: two more indicator codes pointing at rows already taken by KT's own.
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(filled as unknown as ArrayBuffer);
    const meta = wb.getWorksheet(META_SHEET)!;
    let last = 1;
    while (meta.getCell(`A${last + 1}`).value) last++;
    const firstRow = Number(
      Object.values(
        Object.fromEntries(Array.from({ length: last }, (_, i) => [String(meta.getCell(`A${i + 1}`).value), meta.getCell(`B${i + 1}`).value])),
      ).find((v, i) => String(meta.getCell(`A${i + 1}`).value).startsWith('row:')),
    );
    meta.getCell(`A${last + 1}`).value = 'row:KHONG_CO_1';
    meta.getCell(`B${last + 1}`).value = String(firstRow);
    meta.getCell(`A${last + 2}`).value = 'row:KHONG_CO_2';
    meta.getCell(`B${last + 2}`).value = String(firstRow + 1);
    writeFileSync(path.join(cfg.paths.inbox, 'KT-sua.xlsx'), new Uint8Array(await wb.xlsx.writeBuffer()));
    const service = new WorkerService(cfg, createLogger('silent'));
    try {
      const run = await service.runOnce();
      const rec = run.inbox.outcomes[0].record;
      expect(rec.status).toBe('rejected');
      expect(rec.problems.map((p) => p.message)).toContainEqual(
        `Phần thông tin ẩn của biểu mẫu ghi nhiều chỉ tiêu trên cùng một dòng (dòng ${firstRow}, ${firstRow + 1}), nên không biết số liệu thuộc chỉ tiêu nào. Biểu mẫu đã bị sửa; hãy tải biểu mẫu gốc của kỳ này, nhập lại số liệu rồi nộp lại.`,
      );
      expect([...rec.problems, ...rec.warnings].map((p) => p.message).join('\n')).not.toMatch(/không được nhận/);
    } finally {
      await service.stop();
    }
  });
});
