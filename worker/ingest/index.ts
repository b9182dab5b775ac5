/**
 * The one ingest path, for every way a workbook arrives — the shared inbox folder, the HTTP intake
 * and the rebuild from the archive all call `ingest()`:
 *
 *   hash → duplicate? → keep the original (and how it arrived) → screen → read → check → ledger
 *
 * The original is kept before anything can fail on its content, so it is never lost. Screening,
 * reading and checking are the pure, CPU-bound part (analyze.ts), run inline or on a thread.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { currentPeriod, unitOf, type Collection } from '../../shared/collection.ts';
import type { EventRecord, SubmissionRecord, Source, EventStore, SubmissionStore } from '../ledger/contract.ts';
import { crashPoint } from '../faults.ts';
import type { Analyzer, ParsedSubmission } from './analyze.ts';
import { sha256, sha256File, type OriginalsStore, type Sidecar } from './archive.ts';

export interface IngestContext {
  /** What the worker collects: its periods, open or closed, each with its catalogue. */
  collection: Collection;
  ledger: SubmissionStore & EventStore;
  store: OriginalsStore;
  analyzer: Analyzer;
  maxFileBytes: number;
  /** Keeps the ledger's records in arrival order when several files are ingested at once. */
  sequencer?: Sequencer;
  /** Where the technical detail of a refused file goes (the department reads only the Vietnamese). */
  log?: Pick<Logger, 'warn'>;
}

export interface Arrival {
  /** The bytes, when they are in memory already (HTTP, rebuild); else read from `path`. */
  bytes?: Uint8Array;
  path?: string;
  /** The file's size, known before reading it (inbox). */
  size?: number;
  fileName: string;
  source: Source;
  receivedAt: string;
  /** The unit whose access token brought the file (HTTP): a file of another unit is refused. */
  unit?: string;
  /** Rebuild: the original is in the store already, under this sha256. */
  fromStore?: Sidecar;
  /** Place in the arrival order (Sequencer.ticket()), when several files are ingested at once. */
  ticket?: number;
  /** The submission id its claim reserved (several workers: see claims.ts). */
  id?: number;
}

export interface IngestOutcome {
  record: SubmissionRecord;
  /** The same bytes were received before from the same unit (or through the shared folder): nothing new was recorded. */
  duplicate: boolean;
  /** Screening's verdict when it refused the file (what the file is). */
  screen?: string;
}

/**
 * HTTP: a unit's access token brought another unit's file. It is refused and recorded as an event
 * (“gửi tệp của đơn vị khác”), never as a submission: the same bytes sent later by their own unit
 * (by HTTP or the shared folder) are taken as usual, and nothing of the other unit's receipt is told.
 */
export interface ForeignUpload {
  foreign: { sender: string; fileUnit: string; event: EventRecord };
}

/** The kind of event recorded for a ForeignUpload. */
export const FOREIGN_UPLOAD = 'foreign_upload';

/**
 * Hands out places in the arrival order and lets each file record only after every earlier one
 * has, so that the ledger's order (which decides the unit's latest submission) is the order the
 * files were taken, whichever finished its analysis first.
 */
export class Sequencer {
  private next = 0;
  private issued = 0;
  private readonly finished = new Set<number>();
  private readonly waiting = new Map<number, () => void>();

  ticket(): number {
    return this.issued++;
  }

  /** Resolves once every earlier ticket is done. */
  async turn(ticket: number): Promise<void> {
    if (ticket <= this.next) return;
    await new Promise<void>((resolve) => this.waiting.set(ticket, resolve));
  }

  /** Marks a ticket done (recorded, found a duplicate, or failed), whatever its place. */
  done(ticket: number): void {
    this.finished.add(ticket);
    while (this.finished.has(this.next)) this.finished.delete(this.next++);
    const wake = this.waiting.get(this.next);
    if (wake) {
      this.waiting.delete(this.next);
      wake();
    }
  }
}

function rejectedParse(message: string): ParsedSubmission {
  return { ok: false, rows: {}, problems: [{ message }], warnings: [], planEdits: [] };
}

function formatMb(bytes: number): string {
  return (bytes / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

/**
 * The whole path for one file. Duplicates are per unit: the same bytes again from the same unit, or
 * through the shared folder, are a duplicate; brought by another unit's token they are that unit's
 * refused upload (ForeignUpload), which only an arrival with `unit` can be.
 */
export async function ingest(ctx: IngestContext, a: Arrival & { unit?: undefined }): Promise<IngestOutcome>;
export async function ingest(ctx: IngestContext, a: Arrival): Promise<IngestOutcome | ForeignUpload>;
export async function ingest(ctx: IngestContext, a: Arrival): Promise<IngestOutcome | ForeignUpload> {
  const seq = a.ticket !== undefined ? ctx.sequencer : undefined;
  try {
    // What was being collected when the file arrived (the sidecar says it, for whoever reads the store).
    const current = currentPeriod(ctx.collection);
    const size = a.bytes?.length ?? a.fromStore?.size ?? a.size ?? 0;
    const oversized = size > ctx.maxFileBytes;
    let bytes: Uint8Array | undefined;
    let hash: string;
    if (a.fromStore) {
      hash = a.fromStore.sha256;
    } else if (oversized && !a.bytes) {
      hash = await sha256File(a.path!); // too big to read into memory: hashed and kept by streaming
    } else {
      bytes = a.bytes ?? new Uint8Array(await readFile(a.path!));
      hash = sha256(bytes);
    }
    const sidecar: Sidecar = a.fromStore ?? {
      sha256: hash,
      fileName: a.fileName,
      source: a.source,
      receivedAt: a.receivedAt,
      size: bytes?.length ?? size,
      catalogId: current?.catalog.id ?? '',
      period: current?.period.id ?? '',
      ...(a.unit ? { unit: a.unit } : {}),
    };
    const seen = await ctx.ledger.bySha(hash);
    if (seen) {
      if (!a.unit || !seen.unit || seen.unit === a.unit) return { record: seen, duplicate: true };
      // Bytes already known as another unit's: kept once more as this arrival (for the rebuild), and refused.
      if (!a.fromStore) await keep(ctx, sidecar, a, bytes);
      return foreign(ctx, a, seen.unit, hash, seen.period ?? current?.period.id ?? null);
    }
    // Keep the original before anything can fail on its content.
    let archivePath: string;
    if (a.fromStore) {
      archivePath = ctx.store.keyFor(hash, a.fileName);
      if (!oversized) bytes = await ctx.store.get(archivePath);
    } else {
      archivePath = await keep(ctx, sidecar, a, bytes);
    }

    const parsed: ParsedSubmission =
      oversized || !bytes
        ? rejectedParse(
            `Tệp quá lớn (${formatMb(size)} MB, tối đa ${formatMb(ctx.maxFileBytes)} MB). Biểu mẫu Phụ lục 1 chỉ vài chục KB: hãy dùng biểu mẫu gốc, không chèn ảnh hay dữ liệu khác, rồi nộp lại.`,
          )
        : // The analyser may hand the bytes to a thread (transferred, not copied): nothing uses them after.
          await ctx.analyzer.run(bytes);
    if (parsed.detail) ctx.log?.warn({ file: a.fileName, sha256: hash, screen: parsed.screen, detail: parsed.detail }, 'file refused: technical detail');
    const sender = sidecar.unit;
    if (sender && parsed.unit && parsed.unit !== sender) return foreign(ctx, a, parsed.unit, hash, parsed.period ?? current?.period.id ?? null);
    const unit = parsed.unit && unitOf(ctx.collection, parsed.unit, parsed.period) ? parsed.unit : (sender ?? null);
    crashPoint('ingest:kept');
    if (seq) await seq.turn(a.ticket!);
    const { record, inserted } = await ctx.ledger.insert(
      {
        sha256: hash,
        fileName: sidecar.fileName,
        source: sidecar.source,
        receivedAt: sidecar.receivedAt,
        size: sidecar.size,
        archivePath,
        unit,
        period: parsed.period ?? null,
        status: parsed.ok ? 'accepted' : 'rejected',
        problems: parsed.problems,
        warnings: parsed.warnings,
        planEdits: parsed.planEdits,
        rows: parsed.ok ? parsed.rows : null,
      },
      a.id === undefined ? {} : { id: a.id },
    );
    return { record, duplicate: !inserted, ...(parsed.screen ? { screen: parsed.screen } : {}) };
  } finally {
    seq?.done(a.ticket!);
  }
}

/** Keeps the original (once) and this arrival's sidecar. */
function keep(ctx: IngestContext, sidecar: Sidecar, a: Arrival, bytes: Uint8Array | undefined): Promise<string> {
  return bytes ? ctx.store.put(sidecar, bytes) : ctx.store.putFile(sidecar, a.path!);
}

/** Records a unit's upload of another unit's file (an event the planning office sees), nothing else. */
async function foreign(ctx: IngestContext, a: Arrival, fileUnit: string, sha256: string, period: string | null): Promise<ForeignUpload> {
  const sender = a.unit!;
  const event = await ctx.ledger.addEvent({
    at: a.receivedAt,
    kind: FOREIGN_UPLOAD,
    period,
    unit: sender,
    actor: null,
    sha256,
    detail: { fileUnit, fileName: a.fileName, source: a.source },
  });
  return { foreign: { sender, fileUnit, event } };
}

/** What the sending unit reads when it sent another unit's file (no detail of the other unit's submission). */
export function foreignUploadMessage(collection: Collection, fileUnit: string): string {
  const other = unitOf(collection, fileUnit)?.name ?? 'một đơn vị khác';
  return `Đây là biểu mẫu của ${other}; mã truy cập của đơn vị chỉ dùng để nộp biểu mẫu của chính đơn vị mình. Hãy mở đúng biểu mẫu của đơn vị rồi nộp lại. Lần gửi này đã được ghi lại để Phòng Tài chính - Kế hoạch biết.`;
}
