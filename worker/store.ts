/**
 * Files the worker writes and the run lock, on well-kept libraries: write-file-atomic (a temporary
 * file beside the target, fsync, rename; the temporary file removed when the write fails or the
 * process exits) for the appendix, reports and caches, a lean equivalent for the originals (below,
 * with the figure that justifies it), and proper-lockfile (a lock directory whose age tells a live holder from a dead
 * one, so a lock left by a killed process is taken over without trusting process ids).
 */
import { createReadStream, createWriteStream, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import lockfile from 'proper-lockfile';
import writeFileAtomicLib from 'write-file-atomic';
import { UserError } from './errors.ts';

/** Writes a file atomically: readers see the old content or the new, never a part. */
export function writeFileAtomic(file: string, data: Uint8Array | string, mode?: number, onTemp?: (tmp: string) => void): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicLib.sync(file, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    ...(mode === undefined ? {} : { mode }),
    ...(onTemp ? { tmpfileCreated: onTemp } : {}),
  });
}

/**
 * An atomic write without blocking the thread, for the hot path (every original received, and its
 * sidecar): a temporary file beside the target (`….phuluc-tmp`, removed if anything fails, swept if
 * the process dies), written and fsynced on libuv's pool, then renamed. Hand-written rather than
 * write-file-atomic's async form, which does a realpath, a stat, a per-file queue, chown and chmod
 * on top: measured on 500 files of 12 KB (2-core VM), 2,0–2,2 ms of CPU per file against 0,5–0,8
 * here, and twice the wall time. `fsync: false` for what can be re-derived after a power cut.
 */
export async function writeFileAtomicAsync(file: string, data: Uint8Array | string, mode?: number, opts: { fsync?: boolean } = {}): Promise<void> {
  const tmp = `${file}.${process.pid}-${Math.random().toString(16).slice(2, 10)}${TEMP_SUFFIX}`;
  const write = () => writeFile(tmp, data, { flush: opts.fsync !== false, ...(mode === undefined ? {} : { mode }) });
  try {
    try {
      await write();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(path.dirname(file), { recursive: true }); // the folder is made only when missing
      await write();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * An atomic write of a small file that can be re-derived (no fsync): a temporary file beside the
 * target, renamed over it; the folder is made when missing; the temporary file is removed on failure.
 */
export function writeSmallFileAtomicSync(file: string, data: string, mode?: number): void {
  const tmp = `${file}.${process.pid}-${Math.random().toString(16).slice(2, 10)}${TEMP_SUFFIX}`;
  const opts = mode === undefined ? {} : { mode };
  try {
    try {
      writeFileSync(tmp, data, opts);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(tmp, data, opts);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Copies a (large) file atomically by streaming it into a temporary file beside the target, then
 * renaming; the temporary file is removed when anything fails.
 */
export async function copyFileAtomic(from: string, to: string, mode?: number): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}-${Math.random().toString(16).slice(2, 10)}${TEMP_SUFFIX}`;
  try {
    await pipeline(createReadStream(from), createWriteStream(tmp, { flush: true }));
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, to);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

const TEMP_SUFFIX = '.phuluc-tmp';

/**
 * The most bytes a temporary name adds to the name of a file the worker writes: ours
 * (`.<pid>-<8 hex>.phuluc-tmp`, a pid has at most 7 digits on Linux) and write-file-atomic's
 * (`.<uint32>`, at most 11). A file whose name leaves less room than this cannot be written.
 */
export const TEMP_NAME_ROOM = 1 + 7 + 1 + 8 + TEMP_SUFFIX.length;
/**
 * Temporary files left by a process killed mid-write: write-file-atomic's `<name>.<number>` beside
 * files the worker writes, copyFileAtomic's `….phuluc-tmp`, and the `.tmp-…` of earlier versions.
 */
const ORPHAN = /(?:\.(?:xlsx|bin|json|txt|docx|pdf|jsonl)\.\d{1,10}|\.phuluc-tmp)$|^\.tmp-/;

/** A temporary file of an interrupted write (see ORPHAN), not a file the worker meant to leave. */
export function isOrphanName(name: string): boolean {
  return ORPHAN.test(name);
}

/** Removes temporary files left behind in the worker's folders (not recursing into the inbox). Returns how many. */
export function sweepOrphans(dirs: string[], olderThanMs = 60_000, now = Date.now()): number {
  let removed = 0;
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      let st;
      try {
        st = statSync(file);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (depth < 2) visit(file, depth + 1);
      } else if (ORPHAN.test(name) && now - st.mtimeMs > olderThanMs) {
        rmSync(file, { force: true });
        removed++;
      }
    }
  };
  for (const d of dirs) visit(d, 0);
  return removed;
}

export interface RunLockOptions {
  /** Give up waiting after this long (default 15 minutes). */
  timeoutMs?: number;
  onWait?: () => void;
  /** Told when the lock was taken from under us (the lock directory removed or too old). */
  onCompromised?: (err: Error) => void;
  /** Told when something that is not a live lock was found in its place and taken over. */
  onTakeover?: (what: string) => void;
  /** A lock not refreshed for this long is a dead process's (default 10 s; at least 2 s). */
  staleMs?: number;
}

/**
 * What a run holding the lock asks between steps: whether the lock was lost (taken over by another
 * process after this one stopped refreshing it), and a check that stops the run before it writes.
 */
export interface RunGuard {
  lost(): boolean;
  /** Throws RunLockLost when the lock was lost: call it before writing anything. */
  check(): void;
}

/** A lock held longer than this without its holder refreshing it belongs to a dead process. */
const STALE_MS = 10_000;

/**
 * Our processes make the lock as a directory (proper-lockfile). Anything else in its place — a
 * regular file or a link left by a copy from another machine, an old tool or a crash of something
 * else — is no live lock of ours: it is removed, and said so.
 */
function clearForeignLock(lockfilePath: string, onTakeover?: (what: string) => void): void {
  let st;
  try {
    st = lstatSync(lockfilePath);
  } catch {
    return; // nothing there
  }
  if (st.isDirectory()) return;
  rmSync(lockfilePath, { force: true });
  onTakeover?.(st.isSymbolicLink() ? 'a link' : st.isFile() ? 'a regular file' : 'a special file');
}

/**
 * Runs `fn` holding the run lock of a data folder, so that runs of different processes never
 * overlap (`phuluc consolidate` by hand while `phuluc start` runs). Waits while a live process holds
 * it; a lock whose holder stopped refreshing it (killed, power cut) is taken over after 10 s. The
 * lock is refreshed on a timer while `fn` works (which is why the work itself never holds the event
 * loop: analysis runs on threads); if it is lost anyway, `fn` learns it through its guard and stops
 * before writing anything more.
 */
export async function withRunLock<T>(dir: string, fn: (guard: RunGuard) => Promise<T>, opts: RunLockOptions = {}): Promise<T> {
  const lockfilePath = path.join(dir, '.run.lock');
  const waitMs = opts.timeoutMs ?? 15 * 60_000;
  const end = Date.now() + waitMs;
  let told = false;
  let lost = false;
  let release: (() => Promise<void>) | undefined;
  while (!release) {
    clearForeignLock(lockfilePath, opts.onTakeover);
    try {
      release = await lockfile.lock(dir, {
        lockfilePath,
        realpath: false,
        stale: opts.staleMs ?? STALE_MS,
        update: Math.max(1000, (opts.staleMs ?? STALE_MS) / 2),
        onCompromised: (err) => {
          lost = true;
          opts.onCompromised?.(err);
        },
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED') {
        if (code && ['ENOTDIR', 'ENOTEMPTY', 'EEXIST', 'EISDIR'].includes(code)) throw new RunLockUnusable(lockfilePath, e as Error);
        throw e;
      }
      if (!told) {
        opts.onWait?.();
        told = true;
      }
      if (Date.now() > end) throw new RunLockTimeout(lockfilePath, waitMs);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const guard: RunGuard = {
    lost: () => lost,
    check: () => {
      if (lost) throw new RunLockLost(lockfilePath);
    },
  };
  try {
    return await fn(guard);
  } finally {
    // A lost lock is another process's now: leave it alone.
    if (!lost) await release().catch(() => {});
  }
}

/** The run lock was taken over while this run worked: it stopped before writing anything more. */
export class RunLockLost extends UserError {
  constructor(readonly lockfilePath: string) {
    super(
      `Lượt tổng hợp này mất khoá lượt chạy (${lockfilePath}) vì không làm mới được khoá trong thời gian quy định (máy quá tải hoặc bị tạm dừng), và một lượt khác đã nhận khoá. Lượt này đã dừng, không ghi thêm gì; các tệp chưa nhận vẫn nằm trong thư mục nộp báo cáo chung và sẽ được nhận ở lượt sau.`,
    );
    this.name = 'RunLockLost';
  }
}

/** Something sits in the lock's place that can be neither used nor taken over. */
export class RunLockUnusable extends UserError {
  constructor(
    readonly lockfilePath: string,
    cause: Error,
  ) {
    super(
      `Không dùng được khoá lượt chạy ${lockfilePath} (${cause.message.includes('ENOTEMPTY') ? 'thư mục khoá có tệp lạ bên trong' : 'có một mục lạ đúng chỗ của khoá'}). Hãy dừng mọi tiến trình phuluc đang dùng thư mục dữ liệu này, xoá “${lockfilePath}” rồi chạy lại.`,
    );
    this.name = 'RunLockUnusable';
  }
}

/** A person reads this one (a UserError): another run held the data folder for the whole wait. */
export class RunLockTimeout extends UserError {
  constructor(
    readonly lockfilePath: string,
    waitedMs: number,
  ) {
    const waited = waitedMs >= 60_000 ? `${Math.round(waitedMs / 60_000)} phút` : `${Math.round(waitedMs / 1000)} giây`;
    super(
      `Một lượt tổng hợp khác (khoá ${lockfilePath}) vẫn đang chạy sau ${waited} chờ, nên lượt này dừng lại và không ghi gì. Hãy chờ lượt đó xong (xem “phuluc status”) rồi chạy lại.`,
    );
    this.name = 'RunLockTimeout';
  }
}
