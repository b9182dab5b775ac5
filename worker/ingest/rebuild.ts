/**
 * `phuluc rebuild`: when the ledger is lost, re-derive it from the store of originals. Every kept
 * file goes again through the one ingest path, in the order the files first arrived, with the
 * time, source and name its sidecar recorded and the period that was being collected then; then
 * the review journal beside them replays the planning office's actions (they name files by
 * content, so the new ledger ids do not matter) — so the ledger, the review states and the
 * appendix made from them come out as they were.
 */
import path from 'node:path';
import { findPeriod } from '../../shared/catalog.ts';
import { UserError } from '../errors.ts';
import { JOURNAL_NAME, replayJournal, type ReplayResult } from '../review/journal.ts';
import type { Sidecar } from './archive.ts';
import { ingest, type IngestContext } from './index.ts';

export interface RebuildResult {
  files: number;
  accepted: number;
  rejected: number;
  /** Uploads of another unit's file (recorded again as events, not submissions). */
  foreign: number;
  /** Originals found without a sidecar (kept by an earlier version): re-read with their file time. */
  withoutSidecar: number;
  /** The planning office's actions replayed from the journal. */
  reviews: ReplayResult;
}

export async function rebuildLedger(ctx: IngestContext, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<RebuildResult> {
  const existing = await ctx.ledger.count();
  if (existing > 0) {
    throw new UserError(`Sổ theo dõi (${ctx.ledger.where}) đang có ${existing} lần nộp; chỉ dựng lại khi sổ theo dõi bị mất hoặc hỏng. Nếu muốn dựng lại, hãy dừng hệ thống, đổi tên tệp sổ theo dõi rồi chạy lại lệnh này.`);
  }
  const withoutSidecar = await ctx.store.adoptOrphans({ catalogId: ctx.catalog.id, period: ctx.period.id });
  const sidecars: Sidecar[] = await ctx.store.list();
  const result: RebuildResult = { files: sidecars.length, accepted: 0, rejected: 0, foreign: 0, withoutSidecar, reviews: { replayed: 0, skipped: 0, damaged: 0 } };
  let done = 0;
  for (const s of sidecars) {
    // The period collected when the file arrived (a 6-month file stays a 6-month file).
    const period = s.catalogId === ctx.catalog.id ? findPeriod(ctx.catalog, s.period) ?? ctx.period : ctx.period;
    const outcome = await ingest(ctx, { fromStore: s, fileName: s.fileName, source: s.source, receivedAt: s.receivedAt, period, ...(s.unit ? { unit: s.unit } : {}) });
    if ('foreign' in outcome) result.foreign++;
    else if (outcome.record.status === 'accepted') result.accepted++;
    else result.rejected++;
    opts.onProgress?.(++done, sidecars.length);
  }
  result.reviews = await replayJournal(ctx.ledger, path.join(ctx.store.where, JOURNAL_NAME));
  // The store's originals are now recorded in this ledger (see assertLedgerMatchesStore).
  ctx.store.markLedger(await ctx.ledger.identity());
  return result;
}
