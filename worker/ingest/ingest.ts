/**
 * One ingest path for every way a workbook arrives (the inbox folder or the HTTP endpoint):
 * SHA-256 → immutable archive copy → screen → parse → validate → ledger.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Catalog, Period } from '../../shared/catalog.ts';
import type { Ledger, SubmissionRecord, Source } from '../ledger.ts';
import { parseSubmission, type ParsedSubmission } from '../submission.ts';
import { isReadPart } from '../xlsx-read.ts';
import { screenWorkbook } from './screen.ts';

export interface IngestContext {
  catalog: Catalog;
  period: Period;
  ledger: Ledger;
  archiveDir: string;
  maxFileBytes: number;
}

export interface IngestOutcome {
  record: SubmissionRecord;
  /** The same bytes were received before: nothing new was recorded. */
  duplicate: boolean;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes a file atomically: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}-${path.basename(file)}`);
  writeFileSync(tmp, data, { flush: true });
  renameSync(tmp, file);
}

/** The archive keeps every original by content: archive/ab/abcdef….xlsx, read-only. */
export function archiveOriginal(archiveDir: string, hash: string, bytes: Uint8Array, ext: string): string {
  const file = path.join(archiveDir, hash.slice(0, 2), `${hash}${ext}`);
  if (!existsSync(file)) {
    writeFileAtomic(file, bytes);
    chmodSync(file, 0o444);
  }
  return file;
}

/** writeFileAtomic without blocking the thread: the write and its fsync run on libuv's pool. */
export async function writeFileAtomicAsync(file: string, data: Uint8Array | string, mode?: number): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}-${path.basename(file)}`);
  const write = () => writeFile(tmp, data, { flush: true, ...(mode === undefined ? {} : { mode }) });
  try {
    try {
      await write();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(dir, { recursive: true }); // the folder is made only when missing
      await write();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/**
 * The same as archiveOriginal, without blocking the thread, so that many files are made durable
 * at once (the file system commits their fsyncs together).
 */
export async function archiveOriginalAsync(archiveDir: string, hash: string, bytes: Uint8Array, ext: string): Promise<string> {
  const file = path.join(archiveDir, hash.slice(0, 2), `${hash}${ext}`);
  if (!existsSync(file)) await writeFileAtomicAsync(file, bytes, 0o444);
  return file;
}

/** The file extension the archive keeps: .xlsx, or .bin for anything else. */
export function archiveExt(fileName: string): string {
  return path.extname(fileName).toLowerCase() === '.xlsx' ? '.xlsx' : '.bin';
}

/** The CPU-bound part (screen + parse), pure on its inputs: it can run in a worker thread. */
export function analyze(bytes: Uint8Array, catalog: Catalog, period: Period, maxFileBytes: number): ParsedSubmission {
  // Screening inflates every part anyway: it hands the ones the reader needs on (no second unzip).
  const screened = screenWorkbook(bytes, { maxFileBytes }, { keepParts: isReadPart });
  if (!screened.ok) {
    return { ok: false, rows: {}, problems: [{ message: screened.problem.message }], warnings: [], planEdits: [] };
  }
  try {
    return parseSubmission(bytes, catalog, period, screened.parts);
  } catch (e) {
    return {
      ok: false, rows: {}, warnings: [], planEdits: [],
      problems: [{ message: `Hệ thống gặp lỗi khi đọc tệp (${(e as Error).message}). Tệp gốc đã được lưu; hãy báo Phòng Tài chính - Kế hoạch.` }],
    };
  }
}

export interface Received {
  bytes: Uint8Array;
  fileName: string;
  source: Source;
  receivedAt: string;
}

/** Records an analysed file. A file already seen (same hash) is not processed twice. */
export function record(ctx: IngestContext, r: Received, hash: string, parsed: ParsedSubmission): IngestOutcome {
  const seen = ctx.ledger.bySha(hash);
  if (seen) return { record: seen, duplicate: true };
  const archivePath = archiveOriginal(ctx.archiveDir, hash, r.bytes, archiveExt(r.fileName));
  const rec = ctx.ledger.insert({
    sha256: hash, fileName: r.fileName, source: r.source, receivedAt: r.receivedAt, size: r.bytes.length, archivePath,
    unit: parsed.unit ?? null, period: parsed.period ?? null, status: parsed.ok ? 'accepted' : 'rejected',
    problems: parsed.problems, warnings: parsed.warnings, planEdits: parsed.planEdits, rows: parsed.ok ? parsed.rows : null,
  });
  return { record: rec, duplicate: false };
}

/** The whole path for one file, in this thread. */
export function ingest(ctx: IngestContext, r: Received): IngestOutcome {
  const hash = sha256(r.bytes);
  const seen = ctx.ledger.bySha(hash);
  if (seen) return { record: seen, duplicate: true };
  // Archive before anything can fail on the content: the original is never lost.
  archiveOriginal(ctx.archiveDir, hash, r.bytes, archiveExt(r.fileName));
  return record(ctx, r, hash, analyze(r.bytes, ctx.catalog, ctx.period, ctx.maxFileBytes));
}
