/**
 * Recovery, above the ingest path, the ledger and the review (which it uses, none of which knows it):
 *
 * - the guard against a lost ledger: a ledger with no submission beside a store that keeps originals
 *   (or a ledger that is not the store's) stops the run before it overwrites the appendix;
 * - `phuluc rebuild`: when the ledger is lost, re-derive it from the store of originals. Every kept
 *   file goes again through the one ingest path, in the order the files first arrived, with the
 *   time, source and name its sidecar recorded and the period that was being collected then; then
 *   the review journal beside them replays the planning office's actions (they name files by
 *   content, so the new ledger ids do not matter) — so the ledger, the review states and the
 *   appendix made from them come out as they were.
 */
import { findPeriod } from '../shared/catalog.ts';
import { UserError } from './errors.ts';
import type { OriginalsStore, Sidecar } from './ingest/archive.ts';
import { ingest, type IngestContext } from './ingest/index.ts';
import type { Ledger } from './ledger/contract.ts';
import { journalPath, replayJournal, type ReplayResult } from './review/journal.ts';

/**
 * A ledger with no submission beside a store that keeps originals means the ledger was lost
 * (deleted, replaced): consolidating now would overwrite the appendix with missing figures. The
 * store keeps the identity of its ledger (made when the ledger was created), so that
 * - an empty ledger that is the store's own is not taken for a lost one: several processes share
 *   it, and another has just kept an original it has not recorded yet;
 * - a ledger that is not the store's is refused even when it holds a submission (one that came
 *   after the ledger was lost, say);
 * - a store without the mark (nothing kept yet, or kept by a version before the mark) takes the
 *   ledger's unless the ledger is empty beside kept originals. `phuluc rebuild` marks the store
 *   with the ledger it made.
 */
export async function assertLedgerMatchesStore(ledger: Ledger, store: OriginalsStore, opts: { readOnly?: boolean } = {}): Promise<void> {
  const identity = await ledger.identity();
  const mark = store.ledgerMark();
  if (mark === identity) return;
  if (!store.any()) {
    if (!opts.readOnly) store.markLedger(identity);
    return;
  }
  // Events count as records: a first upload refused as another unit's file keeps an original and records only an event.
  const recorded = await ledger.count() || (await ledger.events({ limit: 1 })).length;
  if (mark === undefined && recorded > 0) {
    if (!opts.readOnly) store.markLedger(identity);
    return;
  }
  const n = (await store.list()).length;
  const stop = 'Để không ghi đè phụ lục bằng số liệu thiếu, hệ thống dừng lại và không ghi gì. ';
  if (recorded === 0) {
    throw new UserError(
      `Sổ theo dõi các lần nộp (${ledger.where}) không còn số liệu nào, trong khi kho lưu trữ (${store.where}) vẫn giữ ${n} tệp đã nhận. ${stop}`
      + 'Hãy chạy “phuluc rebuild” để dựng lại sổ theo dõi từ kho lưu trữ (các tệp gốc đều còn nguyên), rồi chạy lại.',
    );
  }
  throw new UserError(
    `Sổ theo dõi các lần nộp (${ledger.where}, ${recorded} lần nộp) không phải sổ đã ghi ${n} tệp trong kho lưu trữ (${store.where}): sổ cũ đã bị xóa hoặc thay bằng sổ khác. ${stop}`
    + 'Hãy đặt lại đúng sổ theo dõi cũ nếu còn; nếu không, dừng hệ thống, đổi tên tệp sổ theo dõi hiện tại (hoặc dùng một cơ sở dữ liệu trống) rồi chạy “phuluc rebuild” để dựng lại từ kho lưu trữ (các tệp gốc đều còn nguyên).',
  );
}

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

export async function rebuildLedger(ctx: IngestContext & { ledger: Ledger }, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<RebuildResult> {
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
  result.reviews = await replayJournal(ctx.ledger, journalPath(ctx.store.where));
  // The store's originals are now recorded in this ledger (see assertLedgerMatchesStore).
  ctx.store.markLedger(await ctx.ledger.identity());
  return result;
}
