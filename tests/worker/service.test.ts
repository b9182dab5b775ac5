/** The long-running worker: schedule, no overlapping runs, clean stop on SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { Mutex } from '../../worker/mutex.ts';
import { dropRealSubmissions, tempDir, testConfig } from '../helpers/worker.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Mutex', () => {
  it('never lets two runs overlap, whoever starts them', async () => {
    const m = new Mutex();
    const spans: [number, number][] = [];
    const job = (ms: number) =>
      m.run(async () => {
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
    expect(stdout).toMatch(/Cổng nhận báo cáo: http:\/\/127\.0\.0\.1:\d+/);
    const appendix = path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx');
    expect(existsSync(appendix)).toBe(true); // the run at start

    // A file dropped in the inbox is taken by a scheduled run.
    await dropRealSubmissions(cfg, false, ['KT']);
    expect(await until(() => readdirSync(cfg.paths.inbox).length === 0, 15_000)).toBe(true);
    expect(await until(() => readdirSync(cfg.paths.processed).length === 1, 5_000)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = logs
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.some((l) => l.msg === 'schedule started')).toBe(true);
    expect(lines.at(-1)?.msg).toBe('worker stopped');
    const leftovers = readdirSync(cfg.paths.root, { recursive: true })
      .map(String)
      .filter((f) => /^\.tmp-|\.(xlsx|json)\.\d+$/.test(path.basename(f)));
    expect(leftovers).toEqual([]);
  });
});

describe('the run lock across processes', () => {
  const STORE = path.join(PROJECT_ROOT, 'worker/store.ts');
  /** Another process that takes the run lock of `dir`, writes "start"/"end" lines, holds it `ms`. */
  function holder(dir: string, ms: number, journal: string): ChildProcess {
    const code = `import { appendFileSync } from 'node:fs';
      const { withRunLock } = await import(${JSON.stringify(pathToFileURL(STORE).href)});
      await withRunLock(${JSON.stringify(dir)}, async () => {
        appendFileSync(${JSON.stringify(journal)}, 'start ' + process.pid + '\\n');
        process.send?.('holding');
        await new Promise((r) => setTimeout(r, ${ms}));
        appendFileSync(${JSON.stringify(journal)}, 'end ' + process.pid + '\\n');
      }, { staleMs: 2000 });`;
    return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
  }
  const holding = (p: ChildProcess) => new Promise<void>((r) => p.once('message', () => r()));
  const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null ? r() : p.once('exit', () => r())));

  it('a run waits while another live process holds the lock', async () => {
    const { withRunLock } = await import('../../worker/store.ts');
    const dir = tempDir('lock');
    const journal = path.join(dir, 'journal.txt');
    const other = holder(dir, 800, journal);
    await holding(other);
    let waited = false;
    await withRunLock(dir, async () => appendFileSync(journal, 'start here\nend here\n'), { onWait: () => (waited = true), staleMs: 2000 });
    expect(waited).toBe(true);
    expect(
      readFileSync(journal, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['start', 'end', 'start', 'end']);
    expect(readFileSync(journal, 'utf8')).toMatch(/end \d+\nstart here/); // the other finished first
    await exited(other);
  });

  it('gives up after its wait with a Vietnamese message saying what to do, not a stack trace', async () => {
    const { withRunLock } = await import('../../worker/store.ts');
    const { describeError } = await import('../../worker/errors.ts');
    const dir = tempDir('lock-timeout');
    const other = holder(dir, 4000, path.join(dir, 'journal.txt'));
    await holding(other);
    const err = await withRunLock(dir, async () => 'ran', { staleMs: 2000, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(describeError(err)).toMatch(
      /^Một lượt tổng hợp khác \(khoá .*\.run\.lock\) vẫn đang chạy sau 1 giây chờ, nên lượt này dừng lại và không ghi gì\. Hãy chờ lượt đó xong/,
    );
    await exited(other);
  });

  it('takes over the lock of a process killed while holding it, once the lock is stale', async () => {
    const { withRunLock } = await import('../../worker/store.ts');
    const dir = tempDir('lock-dead');
    const journal = path.join(dir, 'journal.txt');
    const victim = holder(dir, 60_000, journal);
    await holding(victim);
    victim.kill('SIGKILL');
    await exited(victim);
    // Taken over once stale (2 s here); without the takeover it would wait 15 minutes and the test time out.
    expect(await withRunLock(dir, async () => 'ran', { staleMs: 2000 })).toBe('ran');
    expect(readFileSync(journal, 'utf8')).not.toContain('end');
  });

  it('several processes racing for the lock run one at a time', async () => {
    const dir = tempDir('lock-race');
    const journal = path.join(dir, 'journal.txt');
    const procs = [0, 1, 2].map(() => holder(dir, 150, journal));
    await Promise.all(procs.map(exited));
    const events = readFileSync(journal, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' '));
    expect(events).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) {
      expect(events[i][0]).toBe('start');
      expect(events[i + 1]).toEqual(['end', events[i][1]]);
    }
  });
});
