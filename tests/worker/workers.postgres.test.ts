/**
 * Several workers on one PostgreSQL ledger and one shared data folder: three `phuluc start`
 * processes, 3 000 files dropped at once (duplicates and hostile files among them), one worker
 * killed with SIGKILL midway. Each file is recorded exactly once, every original is in the store,
 * the killed worker's claims are taken over, there is one appendix for the period, and the result
 * equals one process's on the embedded SQLite ledger: the same records, each unit's same latest
 * submission, the same Phụ lục 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSubmissions } from '../../bench/generate.ts';
import { PROJECT_ROOT, type Config } from '../../worker/config.ts';
import { sha256 } from '../../worker/ingest/archive.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import type { Ledger } from '../../worker/ledger/contract.ts';
import { PostgresLedger } from '../../worker/ledger/postgres.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { isOrphanName } from '../../worker/store.ts';
import { postgresOrSkip, startCluster, type Cluster } from '../helpers/postgres.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';

const BIN = path.join(PROJECT_ROOT, 'bin/phuluc.js');
const FILES = 3000;
const DUPLICATES = 90;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Worker {
  proc: ChildProcess;
  runs: number;
  exited: Promise<number | null>;
  stdout: string;
}

function startWorker(config: string): Worker {
  const proc = spawn(process.execPath, [BIN, 'start', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const w: Worker = { proc, runs: 0, stdout: '', exited: new Promise((r) => proc.on('exit', (code) => r(code))) };
  let buf = '';
  proc.stderr!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) if (l.includes('"run finished"')) w.runs++;
  });
  proc.stdout!.on('data', (d: Buffer) => (w.stdout += d.toString()));
  return w;
}

function movedOut(cfg: Config): number {
  // Not the reports beside refused files, nor the temporary file of a report the killed worker was
  // writing (the service sweeps those after ten minutes in shared folders).
  const n = (dir: string) => readdirSync(dir).filter((f) => !f.endsWith('.loi.txt') && !isOrphanName(f)).length;
  return n(cfg.paths.processed) + n(cfg.paths.rejected);
}

/** What a ledger holds, by file content. */
async function contents(ledger: Ledger, period: string, shas: string[]) {
  const records = new Map<string, string>();
  for (const sha of shas) {
    const r = await ledger.bySha(sha);
    if (r) records.set(sha, `${r.status} ${r.unit ?? '-'} ${r.period ?? '-'}`);
  }
  const latest = new Map([...(await ledger.latestAccepted(period))].map(([u, r]) => [u, r.sha256]));
  return { records, latest, count: await ledger.count() };
}

function appendixCells(file: string): [string, unknown][] {
  const sheet = readXlsx(readFileSync(file)).sheet('Phụ lục 1')!;
  return [...sheet.cells].map(([a, c]): [string, unknown] => [a, c.v]).sort((x, y) => (x[0] < y[0] ? -1 : 1));
}

describe.skipIf(!postgresOrSkip())('three workers on one PostgreSQL ledger', () => {
  let cluster: Cluster;
  const workers: Worker[] = [];
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await cluster?.stop();
  });

  it('record each of 3 000 files once, survive a worker killed midway, and agree with one process', async () => {
    const root = tempDir('workers');
    // The files: generated submissions (valid, invalid, hostile), copies of some of them, a link.
    const { cfg: genCfg } = testConfig(path.join(root, 'gen'));
    const gen = await generateSubmissions(genCfg, path.join(root, 'files'), FILES - DUPLICATES);
    const names = gen.files.map((f) => f.name);
    // Copies of files before the last round (each unit's last file stays the one it sent last).
    const lastRound = new Set(names.slice(-new Set(gen.files.map((f) => f.unit).filter(Boolean)).size));
    const copyOf = names
      .filter((n) => !lastRound.has(n))
      .filter((_, i) => i % 31 === 7)
      .slice(0, DUPLICATES);
    for (const n of copyOf) copyFileSync(path.join(gen.dir, n), path.join(gen.dir, n.replace('.xlsx', '-ban-sao.xlsx')));
    const all = readdirSync(gen.dir).sort();
    expect(all).toHaveLength(FILES);
    const shas = [...new Set(all.map((n) => sha256(readFileSync(path.join(gen.dir, n)))))];
    expect(shas.length).toBe(FILES - DUPLICATES);
    const drop = (inbox: string) => {
      // Dropped at once: written beside the inbox, then moved in.
      const staging = `${inbox}-dang-chep`;
      mkdirSync(staging, { recursive: true });
      for (const n of all) copyFileSync(path.join(gen.dir, n), path.join(staging, n));
      symlinkSync('/etc/hostname', path.join(inbox, 'lien-ket.xlsx'));
      for (const n of all) renameSync(path.join(staging, n), path.join(inbox, n));
    };

    // One process on the embedded SQLite ledger: the reference.
    const { cfg: one } = testConfig(path.join(root, 'one'));
    drop(one.paths.inbox);
    const single = new WorkerService(one, createLogger('silent'));
    let reference;
    let referenceAppendix: string;
    try {
      const r = await single.runOnce();
      expect(r.inbox.errors).toEqual([]);
      reference = await contents(single.ledger, one.period.id, shas);
      referenceAppendix = r.appendix.file;
    } finally {
      await single.stop();
    }
    expect(reference.count).toBe(shas.length);

    // Three workers on PostgreSQL, one data folder.
    const url = await cluster.createDatabase('workers');
    const { file: config, cfg } = testConfig(path.join(root, 'three'), {
      ledger: { url, claimTimeoutMs: 3000 },
      schedule: { cron: '*/2 * * * * *', timezone: 'Asia/Ho_Chi_Minh' },
      http: { enabled: false, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 100 },
      inbox: { settleMs: 300 },
      logLevel: 'info',
    });
    for (let i = 0; i < 3; i++) workers.push(startWorker(config));
    await until(() => workers.every((w) => w.stdout.includes('Đang chạy theo lịch')), 60_000, 'the workers to start');
    drop(cfg.paths.inbox);

    // Kill one while the inbox is being worked through.
    await until(() => movedOut(cfg) >= FILES / 5, 120_000, 'a fifth of the files');
    const victim = workers[0];
    victim.proc.kill('SIGKILL');
    await victim.exited;
    const moved = movedOut(cfg);
    expect(moved).toBeLessThan(FILES);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const heldAtKill = (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM claims WHERE owner LIKE $1 AND done_at IS NULL', [`%/${victim.proc.pid}/%`])
      ).rows[0].n;
      expect(heldAtKill).toBeGreaterThan(0);

      // The others finish everything, taking over the dead worker's claims once their lease ran out.
      await until(() => readdirSync(cfg.paths.inbox).length === 0, 120_000, 'the inbox to empty');
      const runs = workers.slice(1).map((w) => w.runs);
      // A run that starts after the inbox emptied consolidates everything recorded.
      await until(() => workers.slice(1).every((w, i) => w.runs >= runs[i] + 2), 60_000, 'two more runs of each worker');
      for (const w of workers.slice(1)) w.proc.kill('SIGTERM');
      expect(await Promise.all(workers.slice(1).map((w) => w.exited))).toEqual([0, 0]);

      expect(movedOut(cfg)).toBe(FILES + 1);
      const claims = (
        await db.query<{ open: number; taken: number; victim: number }>(
          `SELECT
        count(*) FILTER (WHERE done_at IS NULL)::int AS open, count(*) FILTER (WHERE taken_over)::int AS taken,
        count(*) FILTER (WHERE owner LIKE $1 AND done_at IS NULL)::int AS victim FROM claims`,
          [`%/${victim.proc.pid}/%`],
        )
      ).rows[0];
      expect(claims).toMatchObject({ open: 0, victim: 0 });
      expect(claims.taken).toBeGreaterThan(0);
    } finally {
      await db.end();
    }

    const ledger = new PostgresLedger(url);
    try {
      const three = await contents(ledger, cfg.period.id, shas);
      // Each file recorded exactly once, as one process records it; the same latest submission per unit.
      expect(three.count).toBe(shas.length);
      expect(three.records).toEqual(reference.records);
      expect(three.latest).toEqual(reference.latest);
      // Every original in the store, intact.
      for (const sha of shas) {
        const rec = (await ledger.bySha(sha))!;
        expect(sha256(readFileSync(path.join(cfg.paths.archive, ...rec.archivePath.split('/'))))).toBe(sha);
      }
    } finally {
      await ledger.close();
    }
    // One appendix for the period, whole, equal to the single process's.
    const out = readdirSync(cfg.paths.out).sort();
    expect(out).toEqual(['history', 'phu-luc-1-2023-uoc.xlsx']);
    expect(appendixCells(path.join(cfg.paths.out, out[1]))).toEqual(appendixCells(referenceAppendix!));
  }, 300_000);
});
