/**
 * What the planning office sees when something outside the files goes wrong, or when it runs the
 * worker the way people do: a full disk, a damaged or busy ledger, a missing catalogue, a typo in
 * the config, an unknown option, files copied in and consolidated at once. Each: a short Vietnamese
 * message saying what to do, a non-zero exit, no stack trace, nothing lost.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { dropRealSubmissions, tempDir, testConfig } from '../helpers/worker.ts';
import { phuluc } from '../helpers/cli.ts';

const STACK = /\n\s+at .+:\d+:\d+|Error: |ENOENT|SQLITE_|ENOSPC/;

function canMountTmpfs(): boolean {
  const dir = tempDir('mount-probe');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the disk fills up', () => {
  it.skipIf(!canMountTmpfs())('says so in Vietnamese, loses no submitted file, and the next run completes once there is room', async () => {
    // The data folder on a small file system of its own, nearly full.
    const root = tempDir('disk-full');
    const data = path.join(root, 'data');
    mkdirSync(data);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', data]);
    try {
      const { file, cfg } = testConfig(root);
      await dropRealSubmissions(cfg, false);
      const inboxBefore = readdirSync(cfg.paths.inbox).sort();
      const filler = path.join(data, 'filler.bin');
      const free = Number(execFileSync('df', ['--output=avail', '-B1', data]).toString().trim().split('\n').pop());
      writeFileSync(filler, new Uint8Array(Math.max(0, free - 60 * 1024)));

      const full = await phuluc('consolidate', '--config', file);
      expect(full.code).not.toBe(0);
      const said = full.stdout + full.stderr;
      expect(said).toMatch(/Ổ đĩa đã đầy/);
      expect(said).not.toMatch(STACK);
      // Nothing lost: every file is still in the inbox or was taken into the archive.
      const left = readdirSync(cfg.paths.inbox);
      const kept = existsSync(cfg.paths.archive)
        ? readdirSync(cfg.paths.archive, { recursive: true })
            .map(String)
            .filter((f) => f.endsWith('.xlsx'))
        : [];
      expect(left.length + kept.length).toBeGreaterThanOrEqual(inboxBefore.length);
      // No half-written file left behind.
      const temps = readdirSync(data, { recursive: true })
        .map(String)
        .filter((f) => /\.(xlsx|json|txt)\.\d+$/.test(f));
      expect(temps).toEqual([]);

      rmSync(filler);
      const next = await phuluc('consolidate', '--config', file);
      expect(next.code, next.stderr).toBe(0);
      expect(readdirSync(cfg.paths.inbox)).toEqual([]);
      expect(next.stdout).toContain('Đơn vị đã nộp hợp lệ: 13/13.');
    } finally {
      execFileSync('umount', ['-l', data]);
    }
  });
});

describe('the ledger', () => {
  it('damaged: says how to recover, with no stack trace', async () => {
    const { file, cfg } = testConfig(tempDir('ledger-bad'));
    writeFileSync(cfg.paths.ledger, 'không phải cơ sở dữ liệu '.repeat(200));
    for (const cmd of ['consolidate', 'status']) {
      const r = await phuluc(cmd, '--config', file);
      expect(r.code, cmd).toBe(1);
      expect(r.stderr, cmd).toMatch(/không phải sổ theo dõi .*phuluc rebuild/);
      expect(r.stderr, cmd).not.toMatch(STACK);
    }
  });

  it('held by another program: says to wait and try again', async () => {
    const { file, cfg } = testConfig(tempDir('ledger-busy'));
    expect((await phuluc('consolidate', '--config', file)).code).toBe(0);
    const holder = new Database(cfg.paths.ledger);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const r = await phuluc('token', '--unit', 'KT', '--config', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/đang bị một chương trình khác giữ.*đợi ít phút/);
      expect(r.stderr).not.toMatch(STACK);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe('mistakes in how it is run', () => {
  it('a catalogue that is not there', async () => {
    const dir = tempDir('no-catalog');
    const file = path.join(dir, 'phuluc.config.json');
    writeFileSync(file, JSON.stringify({ catalog: './danh-muc-2025.json' }));
    const r = await phuluc('status', '--config', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Không đọc được danh mục chỉ tiêu “.*danh-muc-2025\.json”: không có tệp này\. Hãy kiểm tra trường “catalog”/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a catalogue with a JSON syntax error, located by line and column', async () => {
    const dir = tempDir('bad-catalog');
    const catalog = readFileSync(path.join(PROJECT_ROOT, 'shared/catalog/2023.json'), 'utf8').replace('"year": 2023,', '"year": 2023,,');
    writeFileSync(path.join(dir, 'dm.json'), catalog);
    writeFileSync(path.join(dir, 'phuluc.config.json'), JSON.stringify({ catalog: './dm.json' }));
    const r = await phuluc('consolidate', '--config', path.join(dir, 'phuluc.config.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sai cú pháp JSON ở dòng 4, cột \d+/);
    expect(r.stderr).not.toMatch(/Unexpected|position/);
  });

  it('an unknown option, and --help anywhere', async () => {
    const r = await phuluc('consolidate', '--cau-hinh', 'x.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Tùy chọn không hợp lệ “--cau-hinh”. Gõ “phuluc help” để xem các lệnh và tùy chọn.');
    expect(r.stderr).not.toMatch(STACK);
    const help = await phuluc('status', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('phuluc — tổng hợp Phụ lục 1');
  });
});

describe('files copied into the shared folder and consolidated at once', () => {
  it('are all taken: the one-shot run waits for files still being written', async () => {
    const base = tempDir('copy-then-run-src');
    const { cfg: src } = testConfig(base);
    await dropRealSubmissions(src, false);
    const { file, cfg } = testConfig(tempDir('copy-then-run'), { inbox: { settleMs: 3000 } });
    cpSync(src.paths.inbox, cfg.paths.inbox, { recursive: true }); // copied a moment ago: not settled
    const r = await phuluc('consolidate', '--config', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Đã nhận 13 tệp: 13 hợp lệ, 0 không hợp lệ.');
    expect(readdirSync(cfg.paths.inbox)).toEqual([]);
  });

  it('names what it leaves there and why: Excel lock files, hidden files', async () => {
    const { file, cfg } = testConfig(tempDir('left-there'));
    writeFileSync(path.join(cfg.paths.inbox, '~$KT.xlsx'), 'x');
    writeFileSync(path.join(cfg.paths.inbox, '.DS_Store'), 'x');
    const r = await phuluc('consolidate', '--config', file);
    expect(r.stdout).toContain('– bỏ qua ~$KT.xlsx: tệp khoá của Excel');
    expect(r.stdout).toContain('– bỏ qua .DS_Store: tệp ẩn.');
    const s = await phuluc('status', '--config', file);
    expect(s.stdout).toContain('Bỏ qua ~$KT.xlsx: tệp khoá của Excel');
  });
});
