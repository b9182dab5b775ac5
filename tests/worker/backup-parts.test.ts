/**
 * The parts of backups: the tar writer and reader against the system's GNU tar (long Vietnamese
 * names, read-only files, links and names that climb out refused); the nightly schedule's time,
 * names and retention; the console's notice (the route behind a session, overdue after warnDays).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backupNotice } from '../../console/BackupNotice.tsx';
import { CONSOLE_API } from '../../shared/console-api.ts';
import {
  backupDataFolder,
  backupStatus,
  dailyCron,
  pruneBackups,
  recordLastBackup,
  restoreDataFolder,
  scheduledBackup,
  scheduledName,
  verifyBackup,
} from '../../worker/backup.ts';
import { loadConfig, PROJECT_ROOT } from '../../worker/config.ts';
import { startHttp } from '../../worker/http/server.ts';
import { BackupReply } from '../../worker/http/schemas.ts';
import { createLogger } from '../../worker/log.ts';
import { hashPassword } from '../../worker/review/accounts.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { WorkerService } from '../../worker/service.ts';
import { readTar, tarEnd, tarHeader, tarPadding, type TarHeader } from '../../worker/tar.ts';
import { ConsoleClient } from '../helpers/console.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';

function archive(entries: { name: string; data?: string; mode?: number }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '', 'utf8');
    parts.push(tarHeader({ name: e.name, type: e.data === undefined ? 'dir' : 'file', size: data.length, mode: e.mode ?? 0o644, mtime: 1_700_000_000 }));
    if (e.data !== undefined) parts.push(data, tarPadding(data.length));
  }
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

async function read(buf: Buffer): Promise<{ h: TarHeader; data: string }[]> {
  const got: { h: TarHeader; data: string }[] = [];
  await readTar(Readable.from([buf]), async (h) => {
    const chunks: Buffer[] = [];
    got.push({ h, data: '' });
    return { write: (c) => void chunks.push(c), end: () => void (got.at(-1)!.data = Buffer.concat(chunks).toString('utf8')) };
  });
  return got;
}

describe('tar', () => {
  const long = 'data/rejected/Ủy ban nhân dân phường Bắc Hồng/Báo cáo chỉ tiêu kế hoạch năm 2023 của Ủy ban nhân dân phường Bắc Hồng (nộp lại lần hai).xlsx';

  it('writes what GNU tar reads (long and Vietnamese names, modes, sizes), and reads back what it wrote', async () => {
    const dir = tempDir('tar');
    const file = path.join(dir, 'a.tar');
    const entries = [
      { name: 'data/archive', data: undefined },
      { name: 'data/archive/ab.xlsx', data: 'x'.repeat(1000), mode: 0o444 },
      { name: long, data: 'tệp bị từ chối' },
      { name: 'data/empty.txt', data: '' },
    ];
    writeFileSync(file, archive(entries));
    const listed = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.map((l) => l.split(/\s+/).slice(5).join(' '))).toEqual(['data/archive/', 'data/archive/ab.xlsx', long, 'data/empty.txt']);
    expect(listed[1]).toMatch(/^-r--r--r-- .* 1000 /);
    const out = path.join(dir, 'x');
    mkdirSync(out);
    execFileSync('tar', ['-xf', file, '-C', out]);
    expect(readFileSync(path.join(out, long), 'utf8')).toBe('tệp bị từ chối');
    const back = await read(readFileSync(file));
    expect(back.map((e) => [e.h.name, e.h.type, e.h.mode, e.data])).toEqual([
      ['data/archive', 'dir', 0o644, ''],
      ['data/archive/ab.xlsx', 'file', 0o444, 'x'.repeat(1000)],
      [long, 'file', 0o644, 'tệp bị từ chối'],
      ['data/empty.txt', 'file', 0o644, ''],
    ]);
  });

  it('reads what GNU tar writes, and refuses links and names that climb out of the folder', async () => {
    const dir = tempDir('tar-gnu');
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'ok.txt'), 'ok');
    expect((await read(execFileSync('tar', ['-cf', '-', '-C', dir, 'data/ok.txt']))).map((e) => e.data)).toEqual(['ok']);
    symlinkSync('/etc/passwd', path.join(dir, 'data', 'link'));
    await expect(read(execFileSync('tar', ['-cf', '-', '-C', dir, 'data/link']))).rejects.toThrow(/liên kết hoặc thiết bị/);
    await expect(read(execFileSync('tar', ['-cf', '-', '-C', dir, '--transform', 's,^,../,', 'data/ok.txt']))).rejects.toThrow(/tên không hợp lệ/);
    await expect(read(execFileSync('tar', ['-cPf', '-', path.join(dir, 'data', 'ok.txt')]))).rejects.toThrow(/tên không hợp lệ/);
    expect(() => tarHeader({ name: '../x', type: 'file', size: 0, mode: 0o644, mtime: 0 })).toThrow();
    const cut = archive([{ name: 'data/a.txt', data: 'y'.repeat(2000) }]).subarray(0, 1024);
    await expect(read(cut)).rejects.toThrow(/cắt cụt/);
  });
});

describe('the configuration in a backup', () => {
  it('travels with its catalogue, and the restored one points at the restored folder and catalogue', async () => {
    const root = tempDir('backup-config');
    mkdirSync(path.join(root, 'danh-muc'));
    writeFileSync(path.join(root, 'danh-muc', '2024.json'), readFileSync(path.join(PROJECT_ROOT, 'shared', 'catalog', '2024.json')));
    const { cfg } = testConfig(root, {
      catalog: './danh-muc/2024.json',
      period: '2024-6t',
      http: {
        enabled: true,
        host: '127.0.0.1',
        port: 0,
        addinOrigin: 'https://localhost:3000',
        maxUploadBytes: 1048576,
        consolidateDelayMs: 100,
        tlsCert: 'tls/a.crt',
        tlsKey: 'tls/a.key',
      } as never,
    });
    await withLedger(cfg.paths.ledger);
    const archive = path.join(tempDir('backup-config-out'), 'b.tar.gz');
    await backupDataFolder(cfg, archive);
    const target = path.join(tempDir('backup-config-to'), 'data');
    const r = await restoreDataFolder(archive, target);
    expect(r.missing).toEqual([path.join(root, 'tls', 'a.crt'), path.join(root, 'tls', 'a.key')]);
    const restored = JSON.parse(readFileSync(r.config!, 'utf8')) as { dataDir: string; catalog: string; http: { tlsCert: string } };
    expect([restored.dataDir, restored.catalog, restored.http.tlsCert]).toEqual(['.', './catalog/2024.json', path.join(root, 'tls', 'a.crt')]);
    const { http: _h, ...rest } = restored as unknown as Record<string, unknown>;
    writeFileSync(r.config!, JSON.stringify(rest));
    const again = loadConfig(r.config!);
    expect([again.paths.root, again.catalog.year, again.period.id]).toEqual([target, 2024, '2024-6t']);
  });
});

describe('nightly backups', () => {
  it('runs at the configured minute, names files in Vietnam time, keeps the newest `keep`', async () => {
    expect(dailyCron('02:30')).toBe('30 2 * * *');
    expect(() => dailyCron('2:30')).toThrow(/GIỜ:PHÚT/);
    expect(scheduledName(new Date('2026-12-07T19:30:00Z'))).toBe('phuluc-sao-luu-20261208-0230.tar.gz');
    const dir = tempDir('backup-keep');
    const { cfg } = testConfig(dir, { backup: { dir: './sao-luu', at: '02:30', keep: 2, warnDays: 2 } });
    expect(cfg.backup?.dir).toBe(path.join(dir, 'sao-luu'));
    writeFileSync(path.join(dir, 'khong-xoa.tar.gz'), 'not ours');
    await withLedger(cfg.paths.ledger);
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      const r = await scheduledBackup(cfg, new Date(`${day}T19:30:00Z`));
      expect((await verifyBackup(r.file)).files.length).toBe(r.files);
    }
    expect(pruneBackups(cfg.backup!.dir, 2)).toEqual([]);
    expect(readdirSync(cfg.backup!.dir).sort()).toEqual(['phuluc-sao-luu-20261203-0230.tar.gz', 'phuluc-sao-luu-20261204-0230.tar.gz']);
    expect(readFileSync(path.join(dir, 'khong-xoa.tar.gz'), 'utf8')).toBe('not ours');
  });

  it('the console says when the last backup was, and warns once it is older than warnDays (GET /backup behind a session)', async () => {
    const now = Date.parse('2026-12-08T09:00:00+07:00');
    const { cfg } = testConfig(tempDir('backup-route'), {
      backup: { dir: './sao-luu', at: '02:30', keep: 14, warnDays: 2 },
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 100 },
    });
    expect(backupStatus(cfg, new Date(now))).toEqual({ configured: true, at: '02:30', warnDays: 2, last: null, overdue: true });
    const service = new WorkerService(cfg, createLogger('silent'), () => new Date(now));
    await service.ledger.addUser({
      name: 'lan.tckh',
      role: 'lanh-dao',
      passwordHash: await hashPassword('mat-khau-rat-dai-1'),
      createdAt: new Date(now).toISOString(),
      disabledAt: null,
    });
    const http = await startHttp(service, 0, { tlsWatchMs: 0 });
    try {
      const anonymous = await fetch(`${http.url}${CONSOLE_API}/backup`);
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error).toBe('Chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại.');
      const c = new ConsoleClient(http.url);
      expect((await c.login('lan.tckh', 'mat-khau-rat-dai-1')).status).toBe(200);
      recordLastBackup(cfg.paths.root, { at: new Date(now - 30 * 3_600_000).toISOString(), file: '/x.tar.gz', bytes: 1536, files: 3, ok: true });
      const fresh = await c.request('GET', '/backup');
      expect(fresh.status).toBe(200);
      expect(BackupReply.parse(fresh.body)).toEqual({
        configured: true,
        at: '02:30',
        warnDays: 2,
        last: { at: new Date(now - 30 * 3_600_000).toISOString(), bytes: 1536 },
        overdue: false,
      });
      expect(backupNotice(fresh.body as never)).toEqual({ warning: false, text: 'Sao lưu dữ liệu gần nhất lúc 03:00 ngày 07/12/2026.' });
      recordLastBackup(cfg.paths.root, { at: new Date(now - 50 * 3_600_000).toISOString(), file: '/x.tar.gz', bytes: 1536, files: 3, ok: true });
      const old = await c.request('GET', '/backup');
      expect((old.body as { overdue: boolean }).overdue).toBe(true);
      expect(backupNotice(old.body as never)).toEqual({
        warning: true,
        text: 'Đã quá 2 ngày chưa sao lưu dữ liệu: lần sao lưu gần nhất lúc 07:00 ngày 06/12/2026. Hãy báo bộ phận kỹ thuật kiểm tra việc sao lưu.',
      });
    } finally {
      await http.close();
      await service.stop();
    }
    const plain = loadConfig(undefined, { dataDir: tempDir('backup-none') });
    expect(backupStatus(plain, new Date(now))).toMatchObject({ configured: false, last: null, overdue: false, warnDays: 7 });
  });
});

/** A data folder that has run once: its ledger exists (a backup of a folder without one is refused). */
async function withLedger(file: string): Promise<void> {
  await new SqliteLedger(file).close();
}
