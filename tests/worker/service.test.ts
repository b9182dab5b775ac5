/** The long-running worker: schedule, no overlapping runs, clean stop on SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { Mutex } from '../../worker/mutex.ts';
import { dropRealSubmissions, tempDir, testConfig } from '../helpers/worker.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Mutex', () => {
  it('never lets two runs overlap, whoever starts them', async () => {
    const m = new Mutex();
    const spans: [number, number][] = [];
    const job = (ms: number) => m.run(async () => {
      const start = performance.now();
      await sleep(ms);
      spans.push([start, performance.now()]);
    });
    const all = Promise.all([job(30), job(10), job(20)]);
    expect(await m.tryRun(async () => 'scheduled tick')).toBeUndefined();
    await all;
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    expect(await m.tryRun(async () => 'free again')).toBe('free again');
  });
});

describe('phuluc start', () => {
  it('runs at start and on schedule, then stops cleanly on SIGTERM', async () => {
    const { file, cfg } = testConfig(tempDir('start'), {
      schedule: { cron: '*/2 * * * * *', timezone: 'Asia/Ho_Chi_Minh' },
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 100 },
      logLevel: 'info',
    });
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/phuluc.js'), 'start', '--config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let logs = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (logs += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const until = async (cond: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!cond() && Date.now() < end) await sleep(50);
      return cond();
    };
    expect(await until(() => stdout.includes('Đang chạy theo lịch'), 30_000)).toBe(true);
    expect(stdout).toMatch(/Cổng nộp: http:\/\/127\.0\.0\.1:\d+/);
    const appendix = path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx');
    expect(existsSync(appendix)).toBe(true); // the run at start

    // A file dropped in the inbox is taken by a scheduled run.
    await dropRealSubmissions(cfg, false, ['KT']);
    expect(await until(() => readdirSync(cfg.paths.inbox).length === 0, 15_000)).toBe(true);
    expect(await until(() => readdirSync(cfg.paths.processed).length === 1, 5_000)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = logs.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(lines.some((l) => l.msg === 'schedule started')).toBe(true);
    expect(lines.at(-1)?.msg).toBe('worker stopped');
    const leftovers = readdirSync(cfg.paths.root, { recursive: true }).map(String).filter((f) => path.basename(f).startsWith('.tmp-'));
    expect(leftovers).toEqual([]);
  });
});

describe('the run lock across processes', () => {
  it('a run waits while another live process holds the lock, and takes over a dead one’s', async () => {
    const { withRunLock } = await import('../../worker/run-lock.ts');
    const { writeFileSync: write } = await import('node:fs');
    const dir = tempDir('lock');
    const lock = path.join(dir, '.run.lock');
    // A live process "holds" the lock for 600 ms.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600)']);
    await new Promise((r) => holder.once('spawn', r));
    write(lock, String(holder.pid));
    holder.on('exit', () => write(lock, '')); // released (an empty lock file counts as stale)
    let waited = false;
    const t0 = Date.now();
    await withRunLock(lock, async () => 'ran', { onWait: () => (waited = true) });
    expect(waited).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(existsSync(lock)).toBe(false);

    // A lock left by a process that no longer exists is taken over at once.
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('exit', r));
    write(lock, String(deadPid));
    const t1 = Date.now();
    expect(await withRunLock(lock, async () => 'ran')).toBe('ran');
    expect(Date.now() - t1).toBeLessThan(200);
  });
});
