/**
 * Backup and restore of a data folder: one .tar.gz that holds everything needed to bring the same
 * system up on another machine — the ledger (submissions, reviews, appendix versions, console
 * accounts, access tokens as hashes, enrolment codes), the store of originals with its sidecars and
 * the review journal, the appendix and its versions, the folder route's files and reports, the
 * console's key (.console-key), the configuration and a catalogue kept outside the data folder —
 * with a list of every file, its size and SHA-256 (`phuluc-backup.json`, the archive's last entry).
 *
 * While the service runs: the SQLite ledger is copied with `VACUUM INTO` on a read-only connection
 * of this process (one consistent snapshot, however busy the service; readers never block writers
 * in WAL mode), then the files. The backup is the state at the snapshot: a file received while the
 * folder is being copied may be in the archive of originals without being in the ledger, where
 * `phuluc rebuild` finds it. On PostgreSQL the ledger lives in the database: the archive holds the
 * files, and `pg_dump` (docs/install.md) the ledger.
 *
 * A restore reads the archive into a hidden folder inside the target, checks every file against the
 * list (size and SHA-256) before anything is put in place, and refuses a damaged archive naming the
 * file; a non-empty target is refused unless told (`--force`), and then its contents are moved aside
 * (never deleted).
 *
 * The tar format is worker/tar.ts; compression is Node's zlib. Nothing is read wholly into memory.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { open, rename, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import Database from 'better-sqlite3';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { formatTimeVi } from '../shared/format.ts';
import type { Config } from './config.ts';
import { UserError } from './errors.ts';
import { Mutex } from './mutex.ts';
import { PROJECT_ROOT } from './paths.ts';
import { writeFileAtomic } from './store.ts';
import { readTar, TarError, tarEnd, tarHeader, tarPadding, type EntrySink } from './tar.ts';

export const MANIFEST_NAME = 'phuluc-backup.json';
export const FORMAT = 'phuluc-backup';
export const FORMAT_VERSION = 1;
/** The record of the last backup, in the data folder (the console's notice reads it). */
export const LAST_BACKUP_FILE = '.backup-last.json';
/** Names of the backups the nightly job writes (and prunes). */
export const SCHEDULED_NAME = /^phuluc-sao-luu-\d{8}-\d{4}\.tar\.gz$/;

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  mode: number;
}

export interface BackupManifest {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  createdAt: string;
  app: { name: string; version: string };
  node: string;
  ledger: 'sqlite' | 'postgres';
  /** Where the data folder and the configuration were (a restore rewrites the ledger's paths from here). */
  source: { dataDir: string; config: string | null; catalog: string | null };
  files: ManifestFile[];
}

export interface BackupResult {
  file: string;
  bytes: number;
  files: number;
  ms: number;
  ledger: 'sqlite' | 'postgres';
  createdAt: string;
}

export interface LastBackup {
  at: string;
  file: string;
  bytes: number;
  files: number;
  ok: true;
}

function appVersion(): { name: string; version: string } {
  try {
    const p = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    return { name: p.name, version: p.version };
  } catch {
    return { name: 'phuluc', version: '?' };
  }
}

/** Temporary and live files of the data folder that a backup leaves out. */
const TEMPORARY = /(?:\.(?:xlsx|bin|json|txt|docx|pdf|jsonl)\.\d{1,10}|\.phuluc-tmp)$|^\.tmp-|^\.phuluc-thu-|^\.restore-|\.backup-tmp$/;
const LEFT_OUT_AT_ROOT = new Set(['ledger.sqlite', 'ledger.sqlite-wal', 'ledger.sqlite-shm', 'ledger.sqlite-journal', '.run.lock', '.cache', LAST_BACKUP_FILE]);

/** Where `restore --force` keeps the data it replaced when the folder's parent is not writable (left out of later backups). */
const MOVED_ASIDE_INSIDE = /^\.truoc-khoi-phuc-/;

function leftOut(rel: string, name: string): boolean {
  if (TEMPORARY.test(name)) return true;
  if (!rel.includes('/') && (LEFT_OUT_AT_ROOT.has(name) || MOVED_ASIDE_INSIDE.test(name) || /^phuluc\.log(\.\d+)?$/.test(name))) return true;
  return false;
}

/** The data folder's files to keep, sorted, relative with '/', never following a link. */
function dataFiles(root: string, skip: string[]): { rel: string; abs: string }[] {
  const out: { rel: string; abs: string }[] = [];
  const walk = (dir: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const d of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const abs = path.join(dir, d.name);
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (leftOut(r, d.name) || skip.some((s) => abs === s || abs.startsWith(`${s}${path.sep}`))) continue;
      if (d.isDirectory()) walk(abs, r);
      else if (d.isFile()) out.push({ rel: r, abs });
      // links, sockets …: never followed, never kept
    }
  };
  walk(root, '');
  return out;
}

/** Copies the SQLite ledger into `dest` as one consistent snapshot while the service may be writing. */
export function snapshotSqlite(ledgerFile: string, dest: string): void {
  const db = new Database(ledgerFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(dest);
  } finally {
    db.close();
  }
}

/** A file's content as tar blocks, hashed on the way; `size` is what the header said. */
async function* fileBlocks(abs: string, size: number, hash: ReturnType<typeof createHash>, name: string): AsyncGenerator<Buffer> {
  const fh = await open(abs, 'r');
  try {
    let left = size;
    let position = 0;
    while (left > 0) {
      const buf = Buffer.allocUnsafe(Math.min(left, 256 * 1024));
      const { bytesRead } = await fh.read(buf, 0, buf.length, position);
      if (bytesRead === 0) throw new UserError(`Tệp “${name}” bị rút ngắn trong khi sao lưu. Hãy chạy lại lệnh sao lưu.`);
      const part = buf.subarray(0, bytesRead);
      hash.update(part);
      yield part;
      left -= bytesRead;
      position += bytesRead;
    }
  } finally {
    await fh.close();
  }
  const pad = tarPadding(size);
  if (pad.length) yield pad;
}

export interface BackupOptions {
  now?: () => Date;
  log?: Logger;
  signal?: AbortSignal;
}

/** Writes a backup of the configured data folder to `outFile` (written beside it under a temporary name, then renamed). */
export async function backupDataFolder(cfg: Config, outFile: string, opts: BackupOptions = {}): Promise<BackupResult> {
  const t0 = performance.now();
  const now = opts.now ?? (() => new Date());
  const out = path.resolve(outFile);
  const outDir = path.dirname(out);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch {
    throw new UserError(`Không tạo được thư mục “${outDir}” để ghi bản sao lưu. Hãy chọn nơi ghi được (--out).`);
  }
  const root = cfg.paths.root;
  const ledgerKind: 'sqlite' | 'postgres' = cfg.ledger?.url ? 'postgres' : 'sqlite';
  // A backup of nothing is not a backup: a timer missing --config would keep empty archives for ever.
  if (ledgerKind === 'sqlite' && !existsSync(cfg.paths.ledger)) {
    throw new UserError(
      `Thư mục dữ liệu “${root}” chưa có sổ theo dõi (ledger.sqlite): không có gì để sao lưu. Có thể lệnh chạy ở sai thư mục hoặc thiếu --config; hãy chỉ tệp cấu hình của hệ thống (--config TỆP) rồi sao lưu lại.`,
    );
  }
  const tmp = `${out}.${process.pid}.backup-tmp`;
  const snapshot = path.join(outDir, `.phuluc-so-theo-doi-${process.pid}.sqlite.backup-tmp`);
  const createdAt = now().toISOString();
  const files: ManifestFile[] = [];
  const mtime = Math.floor(Date.parse(createdAt) / 1000);

  type Item = { name: string; abs: string; mode?: number };
  const items: Item[] = [];
  try {
    if (ledgerKind === 'sqlite' && existsSync(cfg.paths.ledger)) {
      rmSync(snapshot, { force: true });
      snapshotSqlite(cfg.paths.ledger, snapshot);
      items.push({ name: 'data/ledger.sqlite', abs: snapshot, mode: 0o600 });
    }
    const skip = [out, tmp, snapshot, ...(cfg.backup ? [cfg.backup.dir] : [])];
    for (const f of dataFiles(root, skip)) items.push({ name: `data/${f.rel}`, abs: f.abs });
    const configFile = cfg.source !== '(mặc định)' ? cfg.source : null;
    if (configFile) items.push({ name: `config/${path.basename(configFile)}`, abs: configFile });
    // The catalogue travels with the configuration unless it is in the data folder already (even one
    // of the package's own: another machine's installation may keep it elsewhere).
    if (configFile && !cfg.catalogFile.startsWith(`${root}${path.sep}`))
      items.push({ name: `config/catalog/${path.basename(cfg.catalogFile)}`, abs: cfg.catalogFile });

    const manifestOf = (): BackupManifest => ({
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt,
      app: appVersion(),
      node: process.version,
      ledger: ledgerKind,
      source: { dataDir: root, config: configFile, catalog: cfg.catalogFile },
      files,
    });

    async function* blocks(): AsyncGenerator<Buffer> {
      for (const item of items) {
        opts.signal?.throwIfAborted();
        let st;
        try {
          st = await stat(item.abs);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile (a temporary file, a file moved on)
          throw e;
        }
        if (!st.isFile()) continue;
        const mode = item.mode ?? st.mode & 0o777;
        const hash = createHash('sha256');
        yield tarHeader({ name: item.name, type: 'file', size: st.size, mode, mtime: Math.floor(st.mtimeMs / 1000) });
        yield* fileBlocks(item.abs, st.size, hash, item.name);
        files.push({ path: item.name, size: st.size, sha256: hash.digest('hex'), mode });
      }
      const manifest = Buffer.from(`${JSON.stringify(manifestOf(), null, 1)}\n`, 'utf8');
      yield tarHeader({ name: MANIFEST_NAME, type: 'file', size: manifest.length, mode: 0o644, mtime });
      yield manifest;
      const pad = tarPadding(manifest.length);
      if (pad.length) yield pad;
      yield tarEnd();
    }

    // Secrets are inside (the console's key, password and access-code hashes): only the owner reads it.
    await pipeline(Readable.from(blocks()), createGzip({ level: 6 }), createWriteStream(tmp, { mode: 0o600, flush: true }), { signal: opts.signal });
    await rename(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    if ((e as Error).name === 'AbortError') throw e;
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC')
      throw new UserError(`Ổ đĩa chứa “${outDir}” đã đầy: chưa ghi được bản sao lưu. Hãy giải phóng chỗ trống hoặc chọn nơi khác (--out).`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new UserError(
        `Không có quyền đọc hoặc ghi khi sao lưu (${(e as NodeJS.ErrnoException).path ?? outDir}). Hãy chạy lệnh bằng tài khoản chạy hệ thống (ví dụ: sudo -u phuluc phuluc backup …).`,
      );
    throw e;
  } finally {
    rmSync(snapshot, { force: true });
  }
  const bytes = statSync(out).size;
  const result: BackupResult = { file: out, bytes, files: files.length, ms: Math.round(performance.now() - t0), ledger: ledgerKind, createdAt };
  recordLastBackup(root, { at: createdAt, file: out, bytes, files: files.length, ok: true });
  opts.log?.info({ file: out, bytes, files: files.length, ms: result.ms, ledger: ledgerKind }, 'backup written');
  return result;
}

/** Remembers the last backup in the data folder (best effort: a backup written elsewhere by another account may not reach it). */
export function recordLastBackup(root: string, last: LastBackup): void {
  try {
    writeFileAtomic(path.join(root, LAST_BACKUP_FILE), `${JSON.stringify(last)}\n`);
  } catch {
    // not writable by this account: the console says no backup is known
  }
}

export function readLastBackup(root: string): LastBackup | undefined {
  try {
    const v = JSON.parse(readFileSync(path.join(root, LAST_BACKUP_FILE), 'utf8')) as LastBackup;
    return typeof v.at === 'string' && !Number.isNaN(Date.parse(v.at)) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** What the console's notice shows: the last backup, and whether it is older than the configured days. */
export interface BackupStatus {
  configured: boolean;
  /** When the nightly backup runs (HH:MM, Vietnam time), when configured. */
  at: string | null;
  warnDays: number;
  last: { at: string; bytes: number } | null;
  /** No backup for longer than warnDays (or none at all while the nightly backup is configured). */
  overdue: boolean;
}

/** Without a `backup` section, a backup older than this is still worth a warning. */
export const DEFAULT_WARN_DAYS = 7;

export function backupStatus(cfg: Config, now: Date): BackupStatus {
  const last = readLastBackup(cfg.paths.root);
  const warnDays = cfg.backup?.warnDays ?? DEFAULT_WARN_DAYS;
  const age = last ? now.getTime() - Date.parse(last.at) : Infinity;
  return {
    configured: Boolean(cfg.backup),
    at: cfg.backup?.at ?? null,
    warnDays,
    last: last ? { at: last.at, bytes: last.bytes } : null,
    overdue: last ? age > warnDays * 86_400_000 : Boolean(cfg.backup),
  };
}

/* ------------------------------------------------------------------ restore */

export interface RestoreOptions {
  /** Restore into a folder that is not empty: its contents are moved aside first. */
  force?: boolean;
  log?: Logger;
  now?: () => Date;
}

export interface RestoreResult {
  dataDir: string;
  files: number;
  manifest: BackupManifest;
  /** The configuration written for the restored folder (null when the backup had none). */
  config: string | null;
  /** Where the folder's former contents went (with --force). */
  movedAside: string | null;
  /** Files the configuration names that are not on this machine (certificates). */
  missing: string[];
}

/** Regular files under `dir` (empty folders do not count). */
function hasFiles(dir: string): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  return entries.some((d) => !d.isDirectory() || hasFiles(path.join(dir, d.name)));
}

function damaged(detail: string, file: string): UserError {
  return new UserError(`Tệp sao lưu “${file}” bị hỏng: ${detail}. Không khôi phục gì; thư mục đích giữ nguyên. Hãy dùng một bản sao lưu khác.`);
}

function stamp(d: Date): string {
  // Vietnam time, for names people read
  const v = new Date(d.getTime() + 7 * 3_600_000).toISOString();
  return `${v.slice(0, 10).replace(/-/g, '')}-${v.slice(11, 16).replace(':', '')}`;
}

/** Checks an archive against its list without restoring anything (the same checks a restore makes first). */
export async function verifyBackup(archive: string): Promise<BackupManifest> {
  return readArchive(archive, undefined);
}

/** Reads the archive; with `into`, writes its files under that folder. Returns the checked manifest. */
async function readArchive(archive: string, into: string | undefined): Promise<BackupManifest> {
  const seen = new Map<string, { size: number; sha256: string }>();
  let manifestText = '';
  const display = path.resolve(archive);
  if (!existsSync(archive)) throw new UserError(`Không có tệp sao lưu “${display}”. Hãy kiểm tra đường dẫn.`);
  const gunzip = createGunzip();
  const file = createReadStream(archive);
  file.on('error', (e) => gunzip.destroy(e));
  const source = file.pipe(gunzip);
  try {
    await readTar(source, async (h) => {
      if (h.name === MANIFEST_NAME) {
        if (h.size > 64 * 1024 * 1024) throw new TarError('bản kê quá lớn', h.name);
        return { write: (c) => void (manifestText += c.toString('utf8')), end: () => {} };
      }
      if (!h.name.startsWith('data/') && !h.name.startsWith('config/')) throw new TarError(`mục lạ “${h.name}”`, h.name);
      if (h.type === 'dir') {
        if (into) mkdirSync(path.join(into, ...h.name.split('/')), { recursive: true });
        return undefined;
      }
      const hash = createHash('sha256');
      let size = 0;
      if (!into) {
        return {
          write: (c) => {
            hash.update(c);
            size += c.length;
          },
          end: () => void seen.set(h.name, { size, sha256: hash.digest('hex') }),
        };
      }
      const dest = path.join(into, ...h.name.split('/'));
      mkdirSync(path.dirname(dest), { recursive: true });
      const fh = await open(dest, 'wx', 0o600);
      const sink: EntrySink = {
        write: async (c) => {
          hash.update(c);
          size += c.length;
          await fh.write(c);
        },
        end: async () => {
          await fh.sync();
          await fh.close();
          await utimes(dest, h.mtime, h.mtime);
          seen.set(h.name, { size, sha256: hash.digest('hex') });
        },
      };
      return sink;
    });
  } catch (e) {
    if (e instanceof UserError) throw e;
    if (e instanceof TarError) throw damaged(`${e.message}${e.entry ? ` (ở mục “${e.entry}”)` : ''}`, display);
    const code = (e as NodeJS.ErrnoException).code;
    if (
      code === 'Z_DATA_ERROR' ||
      code === 'Z_BUF_ERROR' ||
      code === 'ERR_ZLIB_INITIALIZATION_FAILED' ||
      /incorrect header check|unexpected end|invalid/i.test((e as Error).message)
    ) {
      const last = [...seen.keys()].at(-1);
      throw damaged(`không giải nén được${last ? ` sau mục “${last}”` : ''} (tệp không phải bản sao lưu của hệ thống, hoặc bị cắt cụt, hoặc bị sửa)`, display);
    }
    if (code === 'ENOSPC') throw new UserError('Ổ đĩa đã đầy trong khi khôi phục. Không khôi phục gì; hãy giải phóng chỗ trống rồi chạy lại.');
    throw e;
  } finally {
    file.destroy();
    gunzip.destroy();
  }
  if (!manifestText) throw damaged(`thiếu bản kê các tệp (${MANIFEST_NAME})`, display);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(manifestText) as BackupManifest;
  } catch {
    throw damaged(`bản kê các tệp (${MANIFEST_NAME}) không đọc được`, display);
  }
  if (manifest.format !== FORMAT || !Array.isArray(manifest.files)) throw damaged('đây không phải bản sao lưu của hệ thống Phụ lục 1', display);
  if (manifest.version > FORMAT_VERSION) {
    throw new UserError(
      `Bản sao lưu “${display}” được tạo bởi phiên bản mới hơn (${manifest.app?.version ?? '?'}) của phần mềm. Hãy cài phiên bản đó hoặc mới hơn rồi khôi phục.`,
    );
  }
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const got = seen.get(f.path);
    if (!got) throw damaged(`thiếu tệp “${f.path}” có trong bản kê`, display);
    if (got.size !== f.size || got.sha256 !== f.sha256)
      throw damaged(`tệp “${f.path}” không khớp mã kiểm tra ghi trong bản kê (tệp đã bị thay đổi hoặc hỏng)`, display);
  }
  for (const name of seen.keys()) if (!listed.has(name)) throw damaged(`tệp “${name}” không có trong bản kê`, display);
  return manifest;
}

/** Rewrites the appendix versions' paths (absolute in the ledger) from the old data folder to the new one. */
function rebaseLedgerPaths(ledgerFile: string, from: string, to: string): void {
  if (!existsSync(ledgerFile) || from === to) return;
  const db = new Database(ledgerFile);
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'appendix_versions'").get();
    if (!has) return;
    const prefix = `${from}${path.sep}`;
    db.prepare('UPDATE appendix_versions SET path = ? || substr(path, ?) WHERE substr(path, 1, ?) = ?').run(
      `${to}${path.sep}`,
      prefix.length + 1,
      prefix.length,
      prefix,
    );
  } finally {
    db.close();
  }
}

/** The restored configuration: its data folder is the restored one, a catalogue outside it the restored copy, relative certificate paths made absolute. */
function restoredConfig(text: string, manifest: BackupManifest, dataDir: string, stagedCatalog: string | null): { text: string; missing: string[] } {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text, missing: [] };
  }
  const oldBase = manifest.source.config ? path.dirname(manifest.source.config) : manifest.source.dataDir;
  const missing: string[] = [];
  raw.dataDir = '.';
  const oldCatalog = manifest.source.catalog;
  if (typeof raw.catalog === 'string' && oldCatalog) {
    if (oldCatalog.startsWith(`${manifest.source.dataDir}${path.sep}`)) {
      raw.catalog = `./${path.relative(manifest.source.dataDir, oldCatalog).split(path.sep).join('/')}`;
    } else if (stagedCatalog) {
      raw.catalog = `./${stagedCatalog}`;
    }
  }
  const http = raw.http as Record<string, unknown> | undefined;
  if (http) {
    for (const k of ['tlsCert', 'tlsKey']) {
      if (typeof http[k] === 'string') {
        const abs = path.resolve(oldBase, http[k] as string);
        http[k] = abs;
        if (!existsSync(abs)) missing.push(abs);
      }
    }
  }
  const backup = raw.backup as Record<string, unknown> | undefined;
  if (backup && typeof backup.dir === 'string') backup.dir = path.resolve(oldBase, backup.dir);
  return { text: `${JSON.stringify(raw, null, 2)}\n`, missing };
}

/** Restores a backup into `dataDir` (see the module comment). */
export async function restoreDataFolder(archive: string, dataDir: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const now = opts.now ?? (() => new Date());
  const target = path.resolve(dataDir);
  let movedAside: string | null = null;
  if (hasFiles(target) && !opts.force) {
    throw new UserError(
      `Thư mục “${target}” đã có dữ liệu. Khôi phục vào một thư mục trống (--to THƯ_MỤC), hoặc thêm --force để chuyển dữ liệu hiện có sang một thư mục bên cạnh rồi khôi phục (không xóa gì). Hãy dừng hệ thống đang chạy trên thư mục này trước.`,
    );
  }
  if (existsSync(path.join(target, '.run.lock'))) {
    throw new UserError(`Hệ thống đang chạy trên thư mục “${target}” (đang có một lượt tổng hợp). Hãy dừng hệ thống (systemctl stop phuluc) rồi khôi phục.`);
  }
  mkdirSync(target, { recursive: true });
  const staging = path.join(target, `.restore-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  let manifest: BackupManifest;
  try {
    manifest = await readArchive(archive, staging);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  // Everything checked: put it in place. Whatever fails from here on, the staging folder goes.
  try {
    movedAside = moveAside(target, path.basename(staging), now());
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const stagedData = path.join(staging, 'data');
  if (existsSync(stagedData)) for (const name of readdirSync(stagedData)) renameSync(path.join(stagedData, name), path.join(target, name));
  // Modes as they were (kept originals are read-only), once their contents are written.
  for (const f of manifest.files) {
    if (!f.path.startsWith('data/')) continue;
    try {
      chmodSync(path.join(target, ...f.path.slice(5).split('/')), f.mode & 0o777);
    } catch {
      // a mode this file system does not keep
    }
  }
  if (manifest.ledger === 'sqlite') rebaseLedgerPaths(path.join(target, 'ledger.sqlite'), manifest.source.dataDir, target);
  let config: string | null = null;
  let missing: string[] = [];
  const configEntry = manifest.files.find((f) => f.path.startsWith('config/') && !f.path.startsWith('config/catalog/'));
  if (configEntry) {
    const catalogEntry = manifest.files.find((f) => f.path.startsWith('config/catalog/'));
    let stagedCatalog: string | null = null;
    if (catalogEntry) {
      const name = path.basename(catalogEntry.path);
      mkdirSync(path.join(target, 'catalog'), { recursive: true });
      renameSync(path.join(staging, ...catalogEntry.path.split('/')), path.join(target, 'catalog', name));
      stagedCatalog = `catalog/${name}`;
    }
    const text = readFileSync(path.join(staging, ...configEntry.path.split('/')), 'utf8');
    const made = restoredConfig(text, manifest, target, stagedCatalog);
    config = path.join(target, 'phuluc.config.json');
    writeFileSync(config, made.text, { mode: 0o640 });
    missing = made.missing;
  }
  rmSync(staging, { recursive: true, force: true });
  opts.log?.info({ archive: path.resolve(archive), dataDir: target, files: manifest.files.length, movedAside }, 'backup restored');
  return { dataDir: target, files: manifest.files.length, manifest, config, movedAside, missing };
}

/**
 * Moves the data `target` holds (all but `staging`) aside before a restore: beside the folder
 * (“…-truoc-khoi-phuc-<time>”), or, when its parent is not writable (the service's user owns the data
 * folder, not /var/lib), into a hidden folder inside it that later backups leave out. Returns where.
 */
function moveAside(target: string, staging: string, at: Date): string | null {
  if (!hasFilesExcept(target, staging)) return null;
  const names = readdirSync(target).filter((n) => n !== staging && !MOVED_ASIDE_INSIDE.test(n));
  let aside = `${target}-truoc-khoi-phuc-${stamp(at)}`;
  try {
    mkdirSync(aside, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw e;
    aside = path.join(target, `.truoc-khoi-phuc-${stamp(at)}`);
    mkdirSync(aside, { recursive: true });
  }
  for (const name of names) {
    try {
      renameSync(path.join(target, name), path.join(aside, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EXDEV') {
        throw new UserError(
          `Không chuyển được dữ liệu hiện có của “${target}” sang “${aside}” (khác ổ đĩa). Hãy tự chuyển dữ liệu cũ đi nơi khác cho thư mục trống rồi khôi phục lại.`,
        );
      }
      throw e;
    }
  }
  return aside;
}

function hasFilesExcept(dir: string, except: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((d) => d.name !== except && (!d.isDirectory() || hasFiles(path.join(dir, d.name))));
}

/* ------------------------------------------------------------------ nightly backups */

/** "02:30" → the cron expression of that minute every day. */
export function dailyCron(at: string): string {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new UserError(`Giờ sao lưu “${at}” không hợp lệ: cần dạng GIỜ:PHÚT, ví dụ 02:30.`);
  return `${Number(m[2])} ${Number(m[1])} * * *`;
}

/** The nightly backup's file name, in Vietnam time. */
export function scheduledName(d: Date): string {
  return `phuluc-sao-luu-${stamp(d)}.tar.gz`;
}

/** Removes the oldest nightly backups beyond `keep` (only files named as the nightly job names them). */
export function pruneBackups(dir: string, keep: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => SCHEDULED_NAME.test(n))
      .sort();
  } catch {
    return [];
  }
  const gone = names.slice(0, Math.max(0, names.length - keep));
  for (const n of gone) rmSync(path.join(dir, n), { force: true });
  return gone;
}

/** One nightly backup: written, then the oldest beyond `keep` removed. */
export async function scheduledBackup(cfg: Config, now: Date, opts: BackupOptions = {}): Promise<BackupResult & { pruned: string[] }> {
  if (!cfg.backup) throw new Error('no backup section');
  const result = await backupDataFolder(cfg, path.join(cfg.backup.dir, scheduledName(now)), { ...opts, now: () => now });
  const pruned = pruneBackups(cfg.backup.dir, cfg.backup.keep);
  if (pruned.length) opts.log?.info({ pruned }, 'old backups removed');
  return { ...result, pruned };
}

export interface BackupSchedule {
  stop(): Promise<void>;
}

/** Starts the nightly backup (Vietnam time, the schedule's time zone); stop() abandons one in progress (its temporary file is removed). */
export function startBackupSchedule(cfg: Config, log: Logger): BackupSchedule | undefined {
  if (!cfg.backup) return undefined;
  const expr = dailyCron(cfg.backup.at);
  const mutex = new Mutex();
  const abort = new AbortController();
  const task: ScheduledTask = cron.schedule(
    expr,
    () => {
      if (mutex.locked) return undefined;
      return mutex
        .run(() => scheduledBackup(cfg, new Date(), { log, signal: abort.signal }))
        .then(
          () => undefined,
          (err: unknown) => {
            if ((err as Error).name !== 'AbortError') log.error({ err }, 'scheduled backup failed');
          },
        );
    },
    { timezone: cfg.schedule.timezone, name: 'phuluc-backup', noOverlap: true },
  );
  log.info({ at: cfg.backup.at, dir: cfg.backup.dir, keep: cfg.backup.keep }, 'backup schedule started');
  return {
    async stop() {
      abort.abort();
      await task.stop();
      await mutex.idle();
    },
  };
}

/** "1,5 MB" */
export function sizeVi(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${(u === 0 ? String(v) : v.toFixed(1)).replace('.', ',')} ${units[u]}`;
}

/** One line about the last backup, for people. */
export function lastBackupLine(last: LastBackup | undefined): string {
  return last ? `Sao lưu gần nhất lúc ${formatTimeVi(last.at)} (${sizeVi(last.bytes)}): ${last.file}` : 'Chưa có bản sao lưu nào.';
}
