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
import { findUnit, type Catalog, type Period } from '../../shared/catalog.ts';
import type { Ledger, SubmissionRecord, Source } from '../ledger/contract.ts';
import { crashPoint } from '../faults.ts';
import type { Analyzer, ParsedSubmission } from './analyze.ts';
import { sha256, sha256File, type OriginalsStore, type Sidecar } from './archive.ts';

export interface IngestContext {
  catalog: Catalog;
  /** The period being collected. */
  period: Period;
  ledger: Ledger;
  store: OriginalsStore;
  analyzer: Analyzer;
  maxFileBytes: number;
  /** Keeps the ledger's records in arrival order when several files are ingested at once. */
  sequencer?: Sequencer;
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
  /** Rebuild: the period being collected when the file arrived, when not the current one. */
  period?: Period;
  /** Place in the arrival order (Sequencer.ticket()), when several files are ingested at once. */
  ticket?: number;
  /** The submission id its claim reserved (several workers: see claims.ts). */
  id?: number;
}

export interface IngestOutcome {
  record: SubmissionRecord;
  /** The same bytes were received before: nothing new was recorded. */
  duplicate: boolean;
  /** HTTP: the file is another unit's. */
  otherUnit?: string;
  /** Screening's verdict when it refused the file (what the file is). */
  screen?: string;
}

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

/** The whole path for one file. */
export async function ingest(ctx: IngestContext, a: Arrival): Promise<IngestOutcome> {
  const seq = a.ticket !== undefined ? ctx.sequencer : undefined;
  try {
    const period = a.period ?? ctx.period;
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
    const seen = await ctx.ledger.bySha(hash);
    if (seen) return { record: seen, duplicate: true };

    const sidecar: Sidecar = a.fromStore ?? {
      sha256: hash, fileName: a.fileName, source: a.source, receivedAt: a.receivedAt, size: bytes?.length ?? size,
      catalogId: ctx.catalog.id, period: period.id, ...(a.unit ? { unit: a.unit } : {}),
    };
    // Keep the original before anything can fail on its content.
    let archivePath: string;
    if (a.fromStore) {
      archivePath = ctx.store.keyFor(hash, a.fileName);
      if (!oversized) bytes = await ctx.store.get(archivePath);
    } else {
      archivePath = bytes ? await ctx.store.put(sidecar, bytes) : await ctx.store.putFile(sidecar, a.path!);
    }

    let parsed: ParsedSubmission = oversized || !bytes
      ? rejectedParse(`Tệp quá lớn (${formatMb(size)} MB, tối đa ${formatMb(ctx.maxFileBytes)} MB). Biểu mẫu Phụ lục 1 chỉ vài chục KB: hãy dùng biểu mẫu gốc, không chèn ảnh hay dữ liệu khác, rồi nộp lại.`)
      // The analyser may hand the bytes to a thread (transferred, not copied): nothing uses them after.
      : await ctx.analyzer.run(bytes, period);
    let otherUnit: string | undefined;
    const sender = sidecar.unit;
    if (sender && parsed.unit && parsed.unit !== sender) {
      otherUnit = parsed.unit;
      const other = findUnit(ctx.catalog, parsed.unit)?.name ?? 'một đơn vị khác';
      parsed = rejectedParse(`Đây là biểu mẫu của ${other}; mã truy cập của đơn vị chỉ dùng để nộp biểu mẫu của chính đơn vị mình. Hãy mở đúng biểu mẫu của đơn vị rồi nộp lại.`);
    }
    // A file is the sending unit's when another unit's sheet came with its token.
    const unit = otherUnit ? sender! : parsed.unit && findUnit(ctx.catalog, parsed.unit) ? parsed.unit : sender ?? null;
    crashPoint('ingest:kept');
    if (seq) await seq.turn(a.ticket!);
    const { record, inserted } = await ctx.ledger.insert({
      sha256: hash, fileName: sidecar.fileName, source: sidecar.source, receivedAt: sidecar.receivedAt, size: sidecar.size, archivePath,
      unit, period: otherUnit ? period.id : parsed.period ?? null, status: parsed.ok ? 'accepted' : 'rejected',
      problems: parsed.problems, warnings: parsed.warnings, planEdits: parsed.planEdits, rows: parsed.ok ? parsed.rows : null,
    }, a.id === undefined ? {} : { id: a.id });
    return { record, duplicate: !inserted, ...(otherUnit ? { otherUnit } : {}), ...(parsed.screen ? { screen: parsed.screen } : {}) };
  } finally {
    seq?.done(a.ticket!);
  }
}
