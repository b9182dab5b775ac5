/**
 * The inbox folder: departments (or the planning office for them) drop workbooks here. Each file
 * is taken once it has settled, ingested, then moved out: accepted → processed/, rejected →
 * rejected/ with a Vietnamese report beside it. One bad file never stops the others. Many files
 * at once (a province, a backlog) are analysed on every core; see processBatch.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { describeProblem } from '../submission.ts';
import type { SubmissionRecord } from '../ledger.ts';
import { defaultThreads, AnalyzePool } from '../pool.ts';
import type { ParsedSubmission } from '../submission.ts';
import { archiveExt, archiveOriginalAsync, ingest, record, sha256, writeFileAtomic, writeFileAtomicAsync, type IngestContext, type IngestOutcome } from './ingest.ts';

export interface InboxPaths { inbox: string; processed: string; rejected: string }

export interface InboxItem { file: string; size: number; mtimeMs: number }

/** Files ready to take: not Excel lock files (~$…), not hidden or temporary, settled. */
export function listInbox(inbox: string, settleMs: number, now = Date.now()): InboxItem[] {
  if (!existsSync(inbox)) return [];
  const items: InboxItem[] = [];
  for (const name of readdirSync(inbox).sort()) {
    if (name.startsWith('~$') || name.startsWith('.') || name.endsWith('.tmp') || name.endsWith('.part') || name.endsWith('.crdownload')) continue;
    const file = path.join(inbox, name);
    let st;
    try {
      st = statSync(file);
    } catch {
      continue; // gone meanwhile
    }
    if (!st.isFile()) continue;
    // Still being written. (With settleMs 0 every file is taken: mtime has sub-millisecond precision,
    // Date.now() has not, so a file written this very millisecond would look like the future.)
    if (settleMs > 0 && now - st.mtimeMs < settleMs) continue;
    items.push({ file, size: st.size, mtimeMs: st.mtimeMs });
  }
  return items;
}

function stamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}

/** Moves a file out of the inbox under a name that cannot collide. */
function moveOut(file: string, dir: string, receivedAt: string, hash: string): string {
  const dest = path.join(dir, `${stamp(receivedAt)}_${hash.slice(0, 8)}_${path.basename(file)}`);
  try {
    renameSync(file, dest); // the folder is there but for the first file (no mkdir per file)
  } catch {
    mkdirSync(dir, { recursive: true });
    try {
      renameSync(file, dest);
    } catch {
      copyFileSync(file, dest); // across devices
    }
  }
  return dest;
}

/** The Vietnamese report written beside a rejected file. */
export function rejectionReport(rec: SubmissionRecord, duplicateOf?: SubmissionRecord): string {
  const lines = [
    'BÁO CÁO KIỂM TRA TỆP NỘP',
    `Tệp: ${rec.fileName}`,
    `Thời điểm nhận: ${rec.receivedAt}`,
    `Mã SHA-256: ${rec.sha256}`,
    rec.unit ? `Đơn vị: ${rec.unit}` : '',
    '',
    duplicateOf ? `Tệp này giống hệt tệp đã nộp lúc ${duplicateOf.receivedAt}; kết quả lần đó:` : 'Kết quả: KHÔNG ĐƯỢC CHẤP NHẬN. Các lỗi cần sửa:',
    ...rec.problems.map((p, i) => `${i + 1}. ${describeProblem(rec.fileName, p)}`),
    '',
    'Cách khắc phục: mở tệp, sửa các ô nêu trên (ô màu vàng là ô nhập), lưu lại dạng .xlsx rồi nộp lại vào thư mục nộp báo cáo hoặc bấm “Nộp báo cáo” trong phần bổ trợ. Tệp gốc đã được lưu trữ, không bị mất.',
  ];
  return `${lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n')}\n`;
}

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface InboxRunResult { outcomes: (IngestOutcome & { file: string })[]; errors: { file: string; error: string }[] }

export interface InboxOptions {
  now?: () => string;
  onProgress?: (done: number, total: number) => void;
  /** Checked before each file is taken: a stop request ends the run between files. */
  shouldStop?: () => boolean;
  /** Analysis threads for a large batch; default: one per core but one (see defaultThreads); 0: none. */
  threads?: number;
  /** Settled files from which the inbox is taken as a pipeline on analysis threads (default 300). */
  minFilesForThreads?: number;
}

/**
 * Below this many files, one file at a time here is as fast: a thread takes ~0.5 s (0.7 s of CPU)
 * to start, and the pipeline pays off from a few hundred files (measured on 2 cores, bench/).
 */
export const MIN_FILES_FOR_THREADS = 300;

/** Files too big to read into memory: hashed and archived by streaming, recorded as rejected. */
async function ingestOversized(ctx: IngestContext, item: InboxItem, receivedAt: string): Promise<IngestOutcome> {
  const hash = await hashFile(item.file);
  const seen = ctx.ledger.bySha(hash);
  if (seen) return { record: seen, duplicate: true };
  const archivePath = path.join(ctx.archiveDir, hash.slice(0, 2), `${hash}.bin`);
  if (!existsSync(archivePath)) {
    mkdirSync(path.dirname(archivePath), { recursive: true });
    copyFileSync(item.file, archivePath);
    chmodSync(archivePath, 0o444);
  }
  const rec = ctx.ledger.insert({
    sha256: hash, fileName: path.basename(item.file), source: 'inbox', receivedAt, size: item.size, archivePath,
    unit: null, period: null, status: 'rejected', warnings: [], planEdits: [], rows: null,
    problems: [{ message: `Tệp quá lớn (${(item.size / 1048576).toFixed(1)} MB, tối đa ${(ctx.maxFileBytes / 1048576).toFixed(0)} MB). Biểu mẫu Phụ lục 1 chỉ vài chục KB: hãy dùng biểu mẫu gốc, không chèn ảnh hay dữ liệu khác.` }],
  });
  return { record: rec, duplicate: false };
}

/**
 * After the ledger has the file: moves it out of the inbox and returns the report to write beside
 * a rejected one.
 */
function moveOutcome(item: InboxItem, outcome: IngestOutcome, paths: InboxPaths, receivedAt: string, log: Logger): { file: string; text: string } | undefined {
  const rec = outcome.record;
  let report: { file: string; text: string } | undefined;
  if (rec.status === 'accepted') {
    moveOut(item.file, paths.processed, receivedAt, rec.sha256);
  } else {
    const dest = moveOut(item.file, paths.rejected, receivedAt, rec.sha256);
    report = { file: `${dest}.loi.txt`, text: rejectionReport(rec, outcome.duplicate ? rec : undefined) };
  }
  log.info({ file: path.basename(item.file), unit: rec.unit, status: rec.status, duplicate: outcome.duplicate, sha256: rec.sha256 }, 'ingested');
  return report;
}

/**
 * Takes every settled file of the inbox, in name order; `onProgress` reports n of total. Up to a
 * few hundred files are taken one by one, here; more as a pipeline with analysis threads (see
 * processBatch).
 */
export async function processInbox(
  ctx: IngestContext, paths: InboxPaths, settleMs: number, log: Logger, opts: InboxOptions = {},
): Promise<InboxRunResult> {
  const items = listInbox(paths.inbox, settleMs);
  const threads = opts.threads ?? defaultThreads();
  if (threads > 0 && items.length >= (opts.minFilesForThreads ?? MIN_FILES_FOR_THREADS)) {
    return processBatch(ctx, paths, items, log, { ...opts, threads });
  }
  const now = opts.now ?? (() => new Date().toISOString());
  const result: InboxRunResult = { outcomes: [], errors: [] };
  let done = 0;
  for (const item of items) {
    if (opts.shouldStop?.()) break;
    const receivedAt = now();
    try {
      const outcome = item.size > ctx.maxFileBytes
        ? await ingestOversized(ctx, item, receivedAt)
        : ingest(ctx, { bytes: readFileSync(item.file), fileName: path.basename(item.file), source: 'inbox', receivedAt });
      const report = moveOutcome(item, outcome, paths, receivedAt, log);
      if (report) writeFileAtomic(report.file, report.text);
      result.outcomes.push({ ...outcome, file: item.file });
    } catch (e) {
      // Never let one file stop the run: it stays in the inbox and is retried next run.
      log.error({ file: item.file, err: e }, 'ingest failed');
      result.errors.push({ file: item.file, error: (e as Error).message });
    }
    opts.onProgress?.(++done, items.length);
  }
  return result;
}

/** One file on its way through processBatch. */
interface InFlight {
  item: InboxItem;
  receivedAt: string;
  /** Settles when the file can be recorded (analysed and archived), or failed. */
  ready: Promise<void>;
  settled: boolean;
  bytes?: Uint8Array;
  hash?: string;
  parsed?: ParsedSubmission;
  /** Known before recording: a duplicate of an earlier file. */
  outcome?: IngestOutcome;
  oversized?: boolean;
  error?: Error;
}

/**
 * Files and bytes held at once, per analysing thread (the threads and this one): enough to keep
 * every thread busy, never the whole inbox.
 */
const IN_FLIGHT_PER_THREAD = 8;
const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
/** Rejection reports being written at once. */
const MAX_PENDING_REPORTS = 16;

/**
 * The inbox as a pipeline, for many files at once. This thread reads, hashes and checks each file
 * for a duplicate, starts its archive copy (written and fsynced off the thread) and hands its
 * bytes to a pool of analysis threads; results are recorded in the order the files were listed,
 * many to a ledger transaction, and only then are the files moved out. At most a few files per
 * thread are in flight, so memory does not grow with the size of the inbox. A stop request ends
 * the run after the files already taken.
 */
async function processBatch(
  ctx: IngestContext, paths: InboxPaths, items: InboxItem[], log: Logger, opts: InboxOptions & { threads: number },
): Promise<InboxRunResult> {
  const now = opts.now ?? (() => new Date().toISOString());
  const result: InboxRunResult = { outcomes: [], errors: [] };
  const pool = new AnalyzePool({ threads: opts.threads, catalog: ctx.catalog, period: ctx.period, maxFileBytes: ctx.maxFileBytes });
  const maxInFlight = (opts.threads + 1) * IN_FLIGHT_PER_THREAD;
  const window: InFlight[] = [];
  let inFlightBytes = 0;
  let next = 0;
  let done = 0;
  let stopped = false;
  const reports: Promise<unknown>[] = [];

  const take = (item: InboxItem): InFlight => {
    const f: InFlight = { item, receivedAt: now(), ready: Promise.resolve(), settled: true };
    if (item.size > ctx.maxFileBytes) {
      f.oversized = true; // streamed when its turn comes
      return f;
    }
    try {
      const bytes = readFileSync(item.file);
      const hash = sha256(bytes);
      const seen = ctx.ledger.bySha(hash);
      if (seen) {
        f.outcome = { record: seen, duplicate: true };
        return f;
      }
      f.bytes = bytes;
      f.hash = hash;
      inFlightBytes += bytes.length;
      // Archive before anything can fail on the content: the original is never lost.
      const archived = archiveOriginalAsync(ctx.archiveDir, hash, bytes, archiveExt(item.file));
      const analysed = pool.run(new Uint8Array(bytes)).then((p) => {
        f.parsed = p;
      });
      f.settled = false;
      f.ready = Promise.all([archived, analysed]).then(
        () => undefined,
        (e: unknown) => {
          f.error ??= e instanceof Error ? e : new Error(String(e));
        },
      ).finally(() => {
        f.settled = true;
      });
    } catch (e) {
      f.error = e as Error;
    }
    return f;
  };

  const fail = (f: InFlight, e: Error) => {
    log.error({ file: f.item.file, err: e }, 'ingest failed');
    result.errors.push({ file: f.item.file, error: e.message });
  };

  /** Records consecutive finished files in one transaction, then moves them out. */
  const commit = async (batch: InFlight[]) => {
    const toRecord = batch.filter((f) => !f.error && !f.outcome && !f.oversized);
    if (toRecord.length) {
      try {
        ctx.ledger.db.transaction(() => {
          for (const f of toRecord) {
            try {
              // record() looks the hash up again: the same bytes twice in one batch count once.
              f.outcome = record(ctx, { bytes: f.bytes!, fileName: path.basename(f.item.file), source: 'inbox', receivedAt: f.receivedAt }, f.hash!, f.parsed!);
            } catch (e) {
              f.error = e as Error; // one bad insert does not undo the others
            }
          }
        })();
      } catch (e) {
        for (const f of toRecord) {
          f.outcome = undefined;
          f.error ??= e as Error;
        }
      }
    }
    for (const f of batch) {
      if (f.bytes) inFlightBytes -= f.bytes.length;
      f.bytes = undefined;
      try {
        if (f.oversized && !f.error) f.outcome = await ingestOversized(ctx, f.item, f.receivedAt);
        if (f.error) throw f.error;
        const report = moveOutcome(f.item, f.outcome!, paths, f.receivedAt, log);
        result.outcomes.push({ ...f.outcome!, file: f.item.file });
        if (report) {
          reports.push(writeFileAtomicAsync(report.file, report.text).catch((e: unknown) => log.error({ file: report.file, err: e }, 'rejection report not written')));
          if (reports.length >= MAX_PENDING_REPORTS) await Promise.all(reports.splice(0));
        }
      } catch (e) {
        // Never let one file stop the run: it stays in the inbox and is retried next run.
        fail(f, e as Error);
      }
      opts.onProgress?.(++done, items.length);
    }
  };

  try {
    for (;;) {
      while (!stopped && next < items.length && window.length < maxInFlight && (window.length === 0 || inFlightBytes < MAX_IN_FLIGHT_BYTES)) {
        if (opts.shouldStop?.()) {
          stopped = true;
          break;
        }
        window.push(take(items[next++]));
        // Let thread answers and finished writes in before taking the next file (this thread may
        // have just analysed one itself).
        await new Promise<void>((r) => setImmediate(r));
      }
      if (window.length === 0) break;
      await window[0].ready;
      const batch: InFlight[] = [];
      while (window.length && window[0].settled) batch.push(window.shift()!);
      await commit(batch);
    }
  } finally {
    // A failure of the pipeline itself: wait for what was started, then stop the threads.
    await Promise.all(window.map((f) => f.ready));
    await Promise.all(reports);
    await pool.close();
  }
  log.debug({ files: items.length, threads: opts.threads, inline: pool.inlineCount, onThreads: pool.threadCount }, 'inbox batch');
  return result;
}
