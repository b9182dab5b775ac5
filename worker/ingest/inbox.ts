/**
 * The shared inbox folder ("thư mục nộp báo cáo chung"): departments, or the planning office for
 * them, drop workbooks here. Each regular file is taken once it has settled, goes through the one
 * ingest path, then leaves the folder: accepted → processed/, rejected → rejected/ with a
 * Vietnamese report beside it. Nothing is skipped silently: Excel's lock files, hidden and
 * temporary files and sub-folders are listed with the reason; links and other special entries are
 * refused with a report and moved out, never followed. One bad file never stops the others.
 */
import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { crashPoint } from '../faults.ts';
import { TEMP_NAME_ROOM, writeFileAtomic } from '../store.ts';
import type { InboxClaims } from './claims.ts';
import { ingest, Sequencer, type IngestContext, type IngestOutcome } from './index.ts';
import { scanInbox, scanSettled, type InboxItem, type InboxNote } from './inbox-scan.ts';

export { scanInbox, scanSettled, type InboxItem, type InboxNote, type InboxScan } from './inbox-scan.ts';
import { AnalyzePool, defaultThreads } from './pool.ts';
import { refusalReport, rejectionReport } from './report.ts';

export interface InboxPaths {
  inbox: string;
  processed: string;
  rejected: string;
}

/** Longest file name most file systems take, in bytes. */
const NAME_MAX = 255;
/** The report's ".loi.txt" beside a moved file. */
const REPORT_SUFFIX = '.loi.txt';
/** Room kept in a moved file's name for every file written beside it: the report and its temporary name. */
const ROOM_BESIDE = REPORT_SUFFIX.length + TEMP_NAME_ROOM;

/** `name` cut (between characters, keeping its extension) to fit `maxBytes` of UTF-8. */
export function fitName(name: string, maxBytes: number): string {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  if (bytes(name) <= maxBytes) return name;
  const ext = path.extname(name).slice(0, 16);
  let stem = name.slice(0, name.length - ext.length);
  const room = maxBytes - bytes(ext) - 1; // "…" is 3 bytes; "~" is one
  const chars = Array.from(stem);
  while (chars.length && bytes(chars.join('')) > room) chars.pop();
  stem = chars.join('');
  return `${stem}~${ext}`;
}

function stamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}

/** Moves an inbox entry out under a name that cannot collide and fits the file system. */
export function moveOut(file: string, dir: string, receivedAt: string, tag: string): string {
  const prefix = `${stamp(receivedAt)}_${tag}_`;
  const dest = path.join(dir, prefix + fitName(path.basename(file), NAME_MAX - Buffer.byteLength(prefix) - ROOM_BESIDE));
  try {
    renameSync(file, dest); // the folder is there but for the first file (no mkdir per file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      mkdirSync(dir, { recursive: true });
      renameSync(file, dest);
    } else if (code === 'EXDEV') {
      copyFileSync(file, dest); // another device: copy, then remove the original from the inbox
      rmSync(file, { force: true });
    } else {
      throw e;
    }
  }
  return dest;
}

export interface InboxRunResult {
  outcomes: (IngestOutcome & { file: string })[];
  /**
   * Files that failed for a reason of the system (disk, ledger …): left in the inbox, retried next
   * run; or, with `movedTo`, recorded and moved out but their report could not be written.
   */
  errors: { file: string; error: unknown; movedTo?: string }[];
  skipped: InboxNote[];
  refused: InboxNote[];
  /** Files still being written when the run ended: taken next run. */
  settling: string[];
  /** With analysis threads: files analysed here and on the threads. */
  analysed?: { inline: number; onThreads: number };
}

export interface InboxOptions {
  now?: () => string;
  onProgress?: (done: number, total: number) => void;
  /** Checked before each file is taken: a stop request ends the run between files. */
  shouldStop?: () => boolean;
  /** Wait (up to this long) for files still being written instead of leaving them for the next run. */
  waitForSettleMs?: number;
  /**
   * Threads of a large batch's own pool (default: one per core, see defaultThreads); 0: none, the
   * context's analyser takes every file. Smaller batches go to the context's analyser (the
   * service's analysis thread).
   */
  threads?: number;
  /** Settled files from which a batch gets a pool of its own (default 300). */
  minFilesForThreads?: number;
  /**
   * Whether this thread also analyses files while the pool's threads are busy or starting (default
   * false: analysis stays off this thread, which keeps answering requests and refreshing the run lock).
   */
  callerRuns?: boolean;
  /** Several workers on one inbox: take only the files this process claims (see claims.ts). */
  claims?: InboxClaims;
  /** A file's time of receipt: when the worker first saw it (the service's watch); default: when it is taken. */
  receivedAt?: (item: InboxItem) => string;
}

/**
 * Below this many files, the service's one analysis thread is as fast: threads take time to start,
 * and a pool of its own pays off from a few hundred files (measured on 2 cores, bench/).
 */
export const MIN_FILES_FOR_THREADS = 300;

/**
 * Files analysed at once per analysing thread (this one and the pool's): enough to keep every
 * thread busy, never the whole inbox (memory does not grow with the size of the inbox).
 */
const IN_FLIGHT_PER_THREAD = 8;
const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/** Takes every settled file of the inbox, in name order, through the one ingest path. */
export async function processInbox(ctx: IngestContext, paths: InboxPaths, settleMs: number, log: Logger, opts: InboxOptions = {}): Promise<InboxRunResult> {
  const now = opts.now ?? (() => new Date().toISOString());
  const scan = opts.waitForSettleMs ? await scanSettled(paths.inbox, settleMs, opts.waitForSettleMs) : scanInbox(paths.inbox, settleMs);
  const result: InboxRunResult = { outcomes: [], errors: [], skipped: scan.skipped, refused: [], settling: scan.settling.map((i) => i.name) };
  for (const note of scan.refused) {
    try {
      const at = now();
      const dest = moveOut(path.join(paths.inbox, note.name), paths.rejected, at, 'khong-nhan');
      writeFileAtomic(`${dest}${REPORT_SUFFIX}`, refusalReport(note.name, note.reason, at));
      result.refused.push(note);
      log.warn({ file: note.name }, 'inbox entry refused (not a regular file)');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // moved out meanwhile by another worker
      result.errors.push({ file: note.name, error: e });
    }
  }
  const items = scan.ready;
  const threads = opts.threads ?? defaultThreads();
  const pool =
    threads > 0 && items.length >= (opts.minFilesForThreads ?? MIN_FILES_FOR_THREADS)
      ? new AnalyzePool({ threads, callerRuns: opts.callerRuns ?? false, collection: ctx.collection, maxFileBytes: ctx.maxFileBytes })
      : undefined;
  const run: IngestContext = { ...ctx, sequencer: new Sequencer(), ...(pool ? { analyzer: pool } : {}) };
  // Without threads too, several files are in flight: while one is analysed here, the others' reads,
  // fsyncs and renames proceed on libuv's pool (one at a time left this thread idle half the run).
  const maxInFlight = (pool ? threads + 1 : 1) * IN_FLIGHT_PER_THREAD;
  const inFlight = new Set<Promise<void>>();
  let inFlightBytes = 0;
  let done = 0;

  const claims = opts.claims;
  const take = (item: InboxItem, id?: number) => {
    const receivedAt = opts.receivedAt?.(item) ?? now();
    const ticket = run.sequencer!.ticket();
    inFlightBytes += item.size;
    const p = ingest(run, { path: item.file, size: item.size, fileName: item.name, source: 'inbox', receivedAt, ticket, ...(id === undefined ? {} : { id }) })
      .then(async (outcome) => {
        const rec = outcome.record;
        crashPoint('ingest:recorded');
        const dest = moveOut(item.file, rec.status === 'accepted' ? paths.processed : paths.rejected, receivedAt, rec.sha256.slice(0, 8));
        result.outcomes.push({ ...outcome, file: item.file });
        if (rec.status !== 'accepted') {
          try {
            writeFileAtomic(
              `${dest}${REPORT_SUFFIX}`,
              rejectionReport(ctx.collection, rec, outcome.duplicate ? { duplicate: { fileName: item.name, receivedAt } } : {}),
            );
          } catch (e) {
            // Recorded and moved out already: not “still in the inbox”, only its report is missing.
            log.error({ file: item.file, dest, err: e }, 'report not written');
            result.errors.push({ file: item.file, error: e, movedTo: dest });
          }
        }
        log.info({ file: item.name, unit: rec.unit, status: rec.status, duplicate: outcome.duplicate }, 'ingested');
        // Not finished, the claim would be taken over later: the file is gone by then, and passed over.
        await claims?.finish(item).catch((err: unknown) => log.error({ file: item.file, err }, 'claim not finished'));
      })
      .catch(async (e: unknown) => {
        // Never let one file stop the run: it stays in the inbox and is retried next run.
        log.error({ file: item.file, err: e }, 'ingest failed');
        result.errors.push({ file: item.file, error: e });
        await claims?.release(item).catch((err: unknown) => log.error({ file: item.file, err }, 'claim not released'));
      })
      .finally(() => {
        inFlightBytes -= item.size;
        inFlight.delete(p);
        opts.onProgress?.(++done, items.length);
      });
    inFlight.add(p);
  };

  try {
    for await (const { item, id } of claims ? claims.claimed(items) : unclaimed(items)) {
      if (opts.shouldStop?.()) break;
      while (inFlight.size >= maxInFlight || (inFlight.size > 0 && inFlightBytes >= MAX_IN_FLIGHT_BYTES)) await Promise.race(inFlight);
      take(item, id);
      // Let answers from threads and finished writes in before taking the next file.
      if (pool) await new Promise<void>((r) => setImmediate(r));
    }
    await Promise.all(inFlight);
  } finally {
    await pool?.close();
    await claims?.close();
  }
  // Outcomes in the order the files were taken (they finish in any order).
  const order = new Map(items.map((i, k) => [i.file, k]));
  result.outcomes.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  if (pool) {
    result.analysed = { inline: pool.inlineCount, onThreads: pool.threadCount };
    log.debug({ files: items.length, threads, ...result.analysed }, 'inbox batch');
  }
  return result;
}

async function* unclaimed(items: InboxItem[]): AsyncGenerator<{ item: InboxItem; id?: number }> {
  for (const item of items) yield { item };
}
