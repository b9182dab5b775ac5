/**
 * Backup and restore, end to end, with real processes: a data folder with submissions (the folder
 * route and the intake), reviews (approved, returned), a console account and a department's access
 * token; `phuluc backup` while the service runs; the folder wiped; `phuluc restore` into another
 * folder; a service started on it answers the console's API and the intake exactly as before: the
 * same board, submissions, appendix and its versions (their files too), the same password, the same
 * token. A damaged archive is refused naming the file; a non-empty folder is refused unless told.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppendixView, BoardResponse, LateResponse, SubmissionView } from '../../shared/console-api.ts';
import { INTAKE_PATH } from '../../shared/intake.ts';
import { loadConfig, PROJECT_ROOT } from '../../worker/config.ts';
import { MANIFEST_NAME, type BackupManifest } from '../../worker/backup.ts';
import { ConsoleClient, consoleConfig, phuluc, realWorkbook, startWorker, submit, type Started } from '../helpers/console.ts';
import { dropRealSubmissions, tempDir } from '../helpers/worker.ts';

const PLANNER = { name: 'lan.tckh', password: 'mat-khau-rat-dai-1' };
const DEADLINE = '2030-12-15T17:00:00+07:00';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  board: BoardResponse;
  late: LateResponse;
  appendix: AppendixView;
  submissions: SubmissionView[];
  history: unknown;
  versionFiles: string[];
  appendixFile: string;
}

const root = tempDir('backup');
const dirA = path.join(root, 'a');
const archive = path.join(root, 'sao-luu', 'phuluc.tar.gz');
let token = '';
let before: Seen;
const running: Started[] = [];

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Everything a person or a department can see of the system, from outside. */
async function look(url: string): Promise<Seen> {
  const c = new ConsoleClient(url);
  expect((await c.login(PLANNER.name, PLANNER.password)).status).toBe(200);
  const board = (await c.request('GET', '/board')).body as BoardResponse;
  const late = (await c.request('GET', '/late')).body as LateResponse;
  const appendix = (await c.request('GET', '/appendix')).body as AppendixView;
  const submissions: SubmissionView[] = [];
  for (const u of board.units) if (u.submissionId) submissions.push((await c.request('GET', `/submissions/${u.submissionId}`)).body as SubmissionView);
  const versionFiles: string[] = [];
  for (const v of appendix.versions) {
    const r = await c.request('GET', `/appendix/versions/${v.n}/file.xlsx`);
    expect(r.status, `version ${v.n}`).toBe(200);
    versionFiles.push(sha(r.body as Uint8Array));
  }
  const file = await c.request('GET', '/appendix/file.xlsx');
  expect(file.status).toBe(200);
  const history = await (await fetch(`${url}${INTAKE_PATH}`, { headers: { authorization: `Bearer ${token}` } })).json();
  return { board, late, appendix, submissions, history, versionFiles, appendixFile: sha(file.body as Uint8Array) };
}

/** Where an entry's data starts in an uncompressed tar (short ASCII names, as the data folder's are). */
function entryData(tar: Buffer, name: string): number {
  for (let at = 0; at + 512 <= tar.length;) {
    const entry = tar.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
    const size = parseInt(
      tar
        .toString('ascii', at + 124, at + 136)
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    if (entry === name) return at + 512;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${name} not in the archive`);
}

/** What may differ between two looks a few seconds apart. */
function steady(s: Seen): unknown {
  // Answers made "now" say when (the board's generatedAt, the appendix preview's metadata row): nothing else may differ.
  return JSON.parse(JSON.stringify(s), (k, v: unknown) =>
    k === 'generatedAt' ? 'now' : Array.isArray(v) && v.length === 2 && v[0] === 'generatedAt' ? [v[0], 'now'] : v,
  );
}

beforeAll(async () => {
  mkdirSync(dirA, { recursive: true });
  const configA = consoleConfig(dirA, DEADLINE);
  const cfg = loadConfig(configA);
  await dropRealSubmissions(cfg, false);
  const made = await phuluc(['user', 'add', PLANNER.name, '--role', 'ke-hoach', '--config', configA], { input: `${PLANNER.password}\n` });
  expect(made.code, made.stderr).toBe(0);
  const t = await phuluc(['token', '--unit', 'LDTBXH', '--config', configA]);
  expect(t.code, t.stderr).toBe(0);
  token = t.stdout.trim().split('\n').at(-1)!;
  const a = await startWorker(configA);
  running.push(a);

  // A resubmission over the intake, then the planning office's review: one approved, one returned.
  const sent = await submit(
    a.url,
    token,
    await realWorkbook(cfg.catalog, cfg.period, 'LDTBXH', { 14: { value: 1119, note: 'Doanh nghiệp gặp khó khăn, nhu cầu tuyển dụng giảm.' } }),
    'LDTBXH-nop-lai.xlsx',
  );
  expect(sent.status).toBe(201);
  const c = new ConsoleClient(a.url);
  expect((await c.login(PLANNER.name, PLANNER.password)).status).toBe(200);
  const board = (await c.request('GET', '/board')).body as BoardResponse;
  const byCode = new Map(board.units.map((u) => [u.code, u]));
  expect((await c.request('POST', `/submissions/${byCode.get('KT')!.submissionId}/approve`, {})).status).toBe(200);
  expect((await c.request('POST', `/submissions/${byCode.get('NV')!.submissionId}/return`, { note: 'Đề nghị kiểm tra lại số liệu.' })).status).toBe(200);
  // The consolidation after the actions (within consolidateDelayMs): wait for the versions to settle.
  let versions = -1;
  for (let i = 0; i < 100; i++) {
    await sleep(200);
    const n = ((await c.request('GET', '/appendix')).body as AppendixView).versions.length;
    if (n === versions && n >= 2) break;
    versions = n;
  }
  before = await look(a.url);
}, 240_000);

afterAll(async () => {
  for (const s of running) await s.stop();
});

describe('phuluc backup, then restore on another folder', () => {
  it('backs up while the service runs: one archive, its list of files with SHA-256, openable with tar', async () => {
    expect(before.board.counts.approved).toBe(1);
    expect(before.board.counts.returned).toBe(1);
    expect(before.appendix.versions.length).toBeGreaterThanOrEqual(2);
    const r = await phuluc(['backup', '--config', path.join(dirA, 'phuluc.config.json'), '--out', archive]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Đã sao lưu \d+ tệp vào .*phuluc\.tar\.gz \([\d,]+ (KB|MB)/m);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    const listed = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toContain('data/ledger.sqlite');
    expect(listed).toContain('data/.console-key');
    expect(listed).toContain('data/archive/journal.jsonl');
    expect(listed).toContain('data/archive/ledger-id.txt');
    expect(listed).toContain('config/phuluc.config.json');
    expect(listed.at(-1)).toBe(MANIFEST_NAME);
    expect(listed.filter((n) => /^data\/out\/history\/.*\.xlsx$/.test(n)).length).toBe(before.appendix.versions.length);
    expect(listed.some((n) => /phuluc\.log|ledger\.sqlite-(wal|shm)|\.cache\//.test(n))).toBe(false);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', archive, MANIFEST_NAME], { encoding: 'utf8' })) as BackupManifest;
    expect(manifest.files.map((f) => f.path).sort()).toEqual(listed.filter((n) => n !== MANIFEST_NAME).sort());
    // Every checksum is the file's (read back with the system's tar, not our reader).
    const key = manifest.files.find((f) => f.path === 'data/.console-key')!;
    expect(sha(execFileSync('tar', ['-xzOf', archive, 'data/.console-key']))).toBe(key.sha256);
    expect(key.sha256).toBe(sha(readFileSync(path.join(dirA, 'data', '.console-key'))));
  });

  it('restores into an empty folder, and a service there answers exactly as before (console, versions, accounts, the token)', async () => {
    await running.shift()!.stop();
    rmSync(dirA, { recursive: true, force: true }); // the machine is gone
    const target = path.join(root, 'b', 'data');
    const r = await phuluc(['restore', archive, '--to', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`vào ${target}`);
    expect(r.stdout).toMatch(/Sổ theo dõi: 1\d lần nộp, 1 tài khoản trang quản lý\./);
    const config = path.join(target, 'phuluc.config.json');
    expect(r.stdout).toContain(`phuluc start --config ${config}`);
    const b = await startWorker(config);
    running.push(b);
    const after = await look(b.url);
    expect(steady(after)).toEqual(steady(before));
    // The token still submits (and the new file is taken).
    const cfg = loadConfig(config);
    const sent = await submit(
      b.url,
      token,
      await realWorkbook(cfg.catalog, cfg.period, 'LDTBXH', { 14: { value: 1200, note: 'Nộp lại sau khi khôi phục.' } }),
      'LDTBXH-sau-khoi-phuc.xlsx',
    );
    expect(sent.status).toBe(201);
  });

  it('refuses a folder that is not empty unless told; with --force the old contents are moved aside, not deleted', async () => {
    const target = path.join(root, 'c', 'data');
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'ghi-chu.txt'), 'dữ liệu cũ');
    const refused = await phuluc(['restore', archive, '--to', target]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('đã có dữ liệu');
    expect(readdirSync(target)).toEqual(['ghi-chu.txt']);
    const forced = await phuluc(['restore', archive, '--to', target, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const aside = /chuyển sang (\S+)\./.exec(forced.stdout)![1];
    expect(readFileSync(path.join(aside, 'ghi-chu.txt'), 'utf8')).toBe('dữ liệu cũ');
    expect(existsSync(path.join(target, 'ledger.sqlite'))).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv'))(
    'restore --force as the service’s user, whose data folder sits in a folder it cannot write (/var/lib): the old data is kept inside, nothing staged is left',
    () => {
      const base = tempDir('khoi-phuc-dich-vu');
      chmodSync(base, 0o755);
      const parent = path.join(base, 'var-lib'); // root's, as /var/lib is
      const target = path.join(parent, 'phuluc');
      mkdirSync(target, { recursive: true });
      writeFileSync(path.join(target, 'ghi-chu.txt'), 'dữ liệu cũ');
      const copy = path.join(base, 'phuluc.tar.gz');
      writeFileSync(copy, readFileSync(archive));
      chmodSync(copy, 0o644);
      const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
      for (const f of [target, path.join(target, 'ghi-chu.txt')]) chownSync(f, nobody, nobody);
      const run = spawnSync(
        'setpriv',
        [
          '--reuid=nobody',
          '--regid=nogroup',
          '--clear-groups',
          process.execPath,
          path.join(PROJECT_ROOT, 'bin/phuluc.js'),
          'restore',
          copy,
          '--to',
          target,
          '--force',
        ],
        { encoding: 'utf8', env: { ...process.env, HOME: base } },
      );
      expect(run.status, run.stderr).toBe(0);
      const aside = /chuyển sang (\S+)\./.exec(run.stdout)![1];
      expect(path.dirname(aside)).toBe(target);
      expect(path.basename(aside)).toMatch(/^\.truoc-khoi-phuc-/);
      expect(readFileSync(path.join(aside, 'ghi-chu.txt'), 'utf8')).toBe('dữ liệu cũ');
      expect(existsSync(path.join(target, 'ledger.sqlite'))).toBe(true);
      expect(readdirSync(target).filter((n) => n.startsWith('.restore-'))).toEqual([]);
      expect(readdirSync(parent)).toEqual(['phuluc']);
    },
  );

  it('refuses to back up a data folder with no ledger (a timer missing --config), writing no archive', async () => {
    const empty = tempDir('sao-luu-rong');
    writeFileSync(path.join(empty, 'phuluc.config.json'), JSON.stringify({ dataDir: '.' }));
    const out = path.join(empty, 'sao-luu.tar.gz');
    const r = await phuluc(['backup', '--config', path.join(empty, 'phuluc.config.json'), '--out', out]);
    expect([r.code, r.stderr.trim()]).toEqual([
      1,
      `Thư mục dữ liệu “${empty}” chưa có sổ theo dõi (ledger.sqlite): không có gì để sao lưu. Có thể lệnh chạy ở sai thư mục hoặc thiếu --config; hãy chỉ tệp cấu hình của hệ thống (--config TỆP) rồi sao lưu lại.`,
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a damaged archive before writing anything, naming the file', async () => {
    // A changed byte inside one kept original: the archive is still a valid .tar.gz, only the list disagrees.
    const tar = gunzipSync(readFileSync(archive));
    const listed = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    const victim = listed.find((n) => /^data\/archive\/.*\.xlsx$/.test(n))!;
    const dataAt = entryData(tar, victim) + 100; // inside the entry's data, past its header
    tar[dataAt] ^= 0xff;
    const bad = path.join(root, 'hong.tar.gz');
    writeFileSync(bad, gzipSync(tar));
    const target = path.join(root, 'd', 'data');
    const r = await phuluc(['restore', bad, '--to', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`tệp “${victim}” không khớp mã kiểm tra`);
    expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    const check = await phuluc(['restore', bad, '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(victim);
    // Cut short: said so, nothing written.
    const cut = path.join(root, 'cut.tar.gz');
    writeFileSync(cut, readFileSync(archive).subarray(0, Math.floor(statSync(archive).size / 2)));
    const r2 = await phuluc(['restore', cut, '--to', target]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/bị hỏng: (không giải nén được|tệp lưu bị cắt cụt)/);
    expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    const good = await phuluc(['restore', archive, '--check']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^Tệp sao lưu nguyên vẹn: \d+ tệp/);
  });
});
