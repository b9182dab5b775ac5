/**
 * `phuluc start` as a service: SIGTERM in the middle of a run of many files loses nothing and leaves
 * nothing half-written (each file is either recorded and moved out, or still in the inbox, and the
 * next run takes the rest once); SIGHUP takes a certificate renewed on disk for new connections, and
 * keeps the old one when the new pair does not load; on a terminal it prints one Vietnamese line per
 * event in Vietnam time while the JSON log goes to the data folder's file (and to stderr when that
 * is not a terminal).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSubmissions } from '../../bench/generate.ts';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { sha256 } from '../../worker/ingest/archive.ts';
import { startHttp } from '../../worker/http/server.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { dropRealSubmissions, selfSignedCertificate, tempDir, testConfig } from '../helpers/worker.ts';

const BIN = path.join(PROJECT_ROOT, 'bin/phuluc.js');
const HTTP = { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 100 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function start(config: string): { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'start', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(20);
  return cond();
}

/** Everything an interrupted write may have left half-done. */
function temporaries(root: string): string[] {
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => /\.(xlsx|json|txt|bin|jsonl)\.\d+$|\.phuluc-tmp$|^\.tmp-/.test(path.basename(f)));
}

describe('SIGTERM in the middle of a run of many files', () => {
  it('stops between files: each file recorded once and moved out, or still in the inbox; nothing half-written; the next run takes the rest', async () => {
    const root = tempDir('sigterm');
    const { file, cfg } = testConfig(root, { http: HTTP, logLevel: 'info', schedule: { cron: '0 0 1 1 *', timezone: 'Asia/Ho_Chi_Minh' } });
    const gen = await generateSubmissions(testConfig(path.join(root, 'gen')).cfg, path.join(root, 'files'), 900);
    const names = readdirSync(gen.dir)
      .filter((n) => n.endsWith('.xlsx') || !n.includes('.'))
      .sort();
    const shaOf = new Map(names.map((n) => [n, sha256(readFileSync(path.join(gen.dir, n)))]));
    for (const n of names) copyFileSync(path.join(gen.dir, n), path.join(cfg.paths.inbox, n));
    const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
    const moved = () => list(cfg.paths.processed).length + list(cfg.paths.rejected).filter((n) => !n.endsWith('.loi.txt')).length;

    const w = start(file);
    expect(await until(() => moved() >= 40, 120_000), w.err()).toBe(true);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    const stillIn = new Set(readdirSync(cfg.paths.inbox));
    expect(stillIn.size, 'the TERM came after the run had finished: nothing was left to stop').toBeGreaterThan(0);
    expect(stillIn.size).toBeLessThan(names.length);
    expect(w.out()).toMatch(/\d\d:\d\d ngày \d\d\/\d\d\/\d{4} — Đang dừng: hoàn tất các tệp đang xử lý dở rồi dừng\./);
    expect(w.out().trim().split('\n').at(-1)).toMatch(/— Đã dừng\.$/);
    // Stopped during its first run: no “running” banner and no set-up address for a service going away.
    expect(w.out()).not.toContain('Đang chạy theo lịch');
    expect(w.out()).not.toContain('thiet-lap?ma=');
    expect(temporaries(cfg.paths.root)).toEqual([]);

    const ledger = new SqliteLedger(cfg.paths.ledger);
    try {
      expect(ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const n of names) {
        const rec = await ledger.bySha(shaOf.get(n)!);
        // In the inbox and not recorded, or recorded and gone from the inbox: never both, never neither.
        expect([n, stillIn.has(n), Boolean(rec)]).toEqual([n, !rec, Boolean(rec)]);
      }
    } finally {
      await ledger.close();
    }
    // The appendix written at the stop is whole (a zip that opens).
    execFileSync('unzip', ['-tq', path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx')]);

    // The next run takes the rest, each once.
    const rest = spawn(process.execPath, [BIN, 'consolidate', '--config', file], { stdio: 'ignore' });
    expect(await new Promise((r) => rest.on('exit', r))).toBe(0);
    expect(readdirSync(cfg.paths.inbox)).toEqual([]);
    const after = new SqliteLedger(cfg.paths.ledger);
    try {
      for (const n of names) expect(await after.bySha(shaOf.get(n)!), n).toBeTruthy();
      const rows = after.db.prepare('SELECT sha256, COUNT(*) AS n FROM submissions GROUP BY sha256 HAVING n > 1').all();
      expect(rows).toEqual([]);
    } finally {
      await after.close();
    }
  });
});

/** The certificate a new TLS connection is given (its CN). */
function servedCn(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, servername: 'baocao.local' }, () => {
      const cn = s.getPeerCertificate().subject.CN;
      s.end();
      resolve(String(Array.isArray(cn) ? cn[0] : cn));
    });
    s.on('error', reject);
  });
}

describe('SIGHUP: a certificate renewed on disk', () => {
  it('is served to new connections without a restart; a pair that does not load is refused and the old one kept', async () => {
    const root = tempDir('sighup');
    const old = selfSignedCertificate(root, 'cu', 'cu.baocao.local');
    const fresh = selfSignedCertificate(root, 'moi', 'moi.baocao.local');
    const other = selfSignedCertificate(root, 'khac', 'khac.baocao.local');
    copyFileSync(old.cert, path.join(root, 'tls.crt'));
    copyFileSync(old.key, path.join(root, 'tls.key'));
    const { file } = testConfig(root, { http: { ...HTTP, tlsCert: 'tls.crt', tlsKey: 'tls.key' }, logLevel: 'info' });
    const w = start(file);
    expect(await until(() => /Cổng nhận báo cáo: https:\/\/127\.0\.0\.1:\d+/.test(w.out()), 60_000), w.err()).toBe(true);
    const port = Number(/https:\/\/127\.0\.0\.1:(\d+)/.exec(w.out())![1]);
    expect(await servedCn(port)).toBe('cu.baocao.local');

    // Renewed: both files replaced (as a renewal tool does, by rename), then `systemctl reload`.
    copyFileSync(fresh.cert, path.join(root, 'tls.crt.new'));
    copyFileSync(fresh.key, path.join(root, 'tls.key.new'));
    renameSync(path.join(root, 'tls.crt.new'), path.join(root, 'tls.crt'));
    renameSync(path.join(root, 'tls.key.new'), path.join(root, 'tls.key'));
    w.child.kill('SIGHUP');
    expect(await until(() => w.out().includes('Đã nạp chứng chỉ HTTPS mới'), 10_000), w.out()).toBe(true);
    expect(await servedCn(port)).toBe('moi.baocao.local');

    // Half copied: a certificate whose key is another's. Refused; the running one stays.
    copyFileSync(other.cert, path.join(root, 'tls.crt'));
    w.child.kill('SIGHUP');
    expect(await until(() => w.out().includes('Không nạp được chứng chỉ HTTPS mới'), 10_000), w.out()).toBe(true);
    expect(await servedCn(port)).toBe('moi.baocao.local');
    expect(w.child.exitCode).toBeNull(); // SIGHUP does not end the service
    const json = w
      .err()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(json.some((l) => l.msg === 'certificate reloaded')).toBe(true);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  });
});

describe('a certificate renewed on disk, without a signal', () => {
  it('is picked up by the file watch', async () => {
    const root = tempDir('tls-watch');
    const old = selfSignedCertificate(root, 'cu', 'cu.baocao.local');
    const fresh = selfSignedCertificate(root, 'moi', 'moi.baocao.local');
    copyFileSync(old.cert, path.join(root, 'tls.crt'));
    copyFileSync(old.key, path.join(root, 'tls.key'));
    const { cfg } = testConfig(root, { http: { ...HTTP, tlsCert: 'tls.crt', tlsKey: 'tls.key' } });
    const service = new WorkerService(cfg, createLogger('silent'));
    const http = await startHttp(service, 0, { tlsWatchMs: 100 });
    try {
      const port = Number(new URL(http.url).port);
      expect(await servedCn(port)).toBe('cu.baocao.local');
      copyFileSync(fresh.key, path.join(root, 'tls.key.new'));
      copyFileSync(fresh.cert, path.join(root, 'tls.crt.new'));
      renameSync(path.join(root, 'tls.key.new'), path.join(root, 'tls.key'));
      renameSync(path.join(root, 'tls.crt.new'), path.join(root, 'tls.crt'));
      let cn = '';
      for (let i = 0; i < 100 && cn !== 'moi.baocao.local'; i++) {
        await sleep(100);
        cn = await servedCn(port);
      }
      expect(cn).toBe('moi.baocao.local');
    } finally {
      await http.close();
      await service.stop();
    }
  });
});

describe('on a terminal', () => {
  it('prints one Vietnamese line per event in Vietnam time; the JSON log goes to data/phuluc.log, not the screen', async () => {
    const root = tempDir('terminal');
    const { file, cfg } = testConfig(root, { http: HTTP, logLevel: 'info', schedule: { cron: '*/1 * * * * *', timezone: 'Asia/Ho_Chi_Minh' } });
    const typescript = path.join(root, 'man-hinh.txt');
    // `script` gives the command a pseudo-terminal, as an officer's terminal would.
    const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} start --config ${file}`, typescript], { stdio: ['pipe', 'ignore', 'ignore'] });
    children.push(child);
    const screen = () => (existsSync(typescript) ? readFileSync(typescript, 'utf8') : '');
    expect(await until(() => screen().includes('Đang chạy theo lịch'), 60_000), screen()).toBe(true);
    await dropRealSubmissions(cfg, false, ['KT', 'NV', 'LDTBXH']);
    expect(await until(() => /Đã nhận 3 tệp: 3 hợp lệ\./.test(screen()), 30_000), screen()).toBe(true);
    const inner = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .find((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(file) && readFileSync(`/proc/${p}/cmdline`, 'utf8').startsWith(process.execPath);
        } catch {
          return false;
        }
      });
    expect(inner).toBeDefined();
    process.kill(Number(inner), 'SIGTERM');
    expect(await until(() => screen().includes('Đã dừng.'), 30_000)).toBe(true);
    await new Promise((r) => child.on('exit', r));
    const lines = screen().replace(/\r/g, '').split('\n').filter(Boolean);
    expect(lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d ngày \d\d\/\d\d\/\d{4} — Đã nhận 3 tệp: 3 hợp lệ\.$/));
    expect(lines.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/\b(run finished|stopping|ingested|worker stopped)\b/);
    const log = readFileSync(path.join(cfg.paths.root, 'phuluc.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; files?: number });
    expect(log.some((l) => l.msg === 'run finished' && l.files === 3)).toBe(true);
    expect(log.at(-1)?.msg).toBe('worker stopped');
  });
});
