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
import { currentPeriod, type Collection } from '../shared/collection.ts';
import { UserError } from './errors.ts';
import type { OriginalsStore, Sidecar } from './ingest/archive.ts';
import { InlineAnalyzer } from './ingest/analyze.ts';
import { ingest, type IngestContext } from './ingest/index.ts';
import type { Ledger } from './ledger/contract.ts';
import { journalPath, replayJournal, type ReplayResult } from './review/journal.ts';
import { replaySettings, type SettingsReplay } from './settings.ts';

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
  const recorded = (await ledger.count()) || (await ledger.events({ limit: 1 })).length;
  if (mark === undefined && recorded > 0) {
    if (!opts.readOnly) store.markLedger(identity);
    return;
  }
  const n = (await store.list()).length;
  const stop = 'Để không ghi đè phụ lục bằng số liệu thiếu, hệ thống dừng lại và không ghi gì. ';
  if (recorded === 0) {
    throw new UserError(
      `Sổ theo dõi các lần nộp (${ledger.where}) không còn số liệu nào, trong khi kho lưu trữ (${store.where}) vẫn giữ ${n} tệp đã nhận. ${stop}` +
        'Hãy chạy “phuluc rebuild” để dựng lại sổ theo dõi từ kho lưu trữ (các tệp gốc đều còn nguyên), rồi chạy lại.',
    );
  }
  throw new UserError(
    `Sổ theo dõi các lần nộp (${ledger.where}, ${recorded} lần nộp) không phải sổ đã ghi ${n} tệp trong kho lưu trữ (${store.where}): sổ cũ đã bị xóa hoặc thay bằng sổ khác. ${stop}` +
      'Hãy đặt lại đúng sổ theo dõi cũ nếu còn; nếu không, dừng hệ thống, đổi tên tệp sổ theo dõi hiện tại (hoặc dùng một cơ sở dữ liệu trống) rồi chạy “phuluc rebuild” để dựng lại từ kho lưu trữ (các tệp gốc đều còn nguyên).',
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
  /** The office's settings (catalogues, periods, contacts, excusals) replayed from the settings journal. */
  settings: SettingsReplay;
}

export interface RebuildInput {
  ledger: Ledger;
  store: OriginalsStore;
  /** The settings journal (settings.ts). */
  settingsJournal: string;
  /** The ingest context once the settings are back (the service's ingestContext: it imports what the configuration names). */
  context: () => Promise<IngestContext>;
  maxFileBytes: number;
}

/**
 * The collection as it stood when a file arrived: a period closed since was open then (and a file
 * that came after its period closed was refused then, and is again).
 */
function asWhen(c: Collection, at: string): Collection {
  return { periods: c.periods.map((p) => ({ ...p, open: !p.closedAt || at < p.closedAt })) };
}

export async function rebuildLedger(input: RebuildInput, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<RebuildResult> {
  const { ledger, store } = input;
  const existing = await ledger.count();
  if (existing > 0) {
    throw new UserError(
      `Sổ theo dõi (${ledger.where}) đang có ${existing} lần nộp; chỉ dựng lại khi sổ theo dõi bị mất hoặc hỏng. Nếu muốn dựng lại, hãy dừng hệ thống, đổi tên tệp sổ theo dõi rồi chạy lại lệnh này.`,
    );
  }
  // The office's settings first: the files are filed under the periods they name.
  const settings = await replaySettings(ledger, input.settingsJournal);
  const ctx = await input.context();
  const current = currentPeriod(ctx.collection);
  const withoutSidecar = await store.adoptOrphans({ catalogId: current?.catalog.id ?? '', period: current?.period.id ?? '' });
  const sidecars: Sidecar[] = await store.list();
  const result: RebuildResult = {
    files: sidecars.length,
    accepted: 0,
    rejected: 0,
    foreign: 0,
    withoutSidecar,
    reviews: { replayed: 0, skipped: 0, damaged: 0 },
    settings,
  };
  let done = 0;
  for (const s of sidecars) {
    // Read against what was collected when the file arrived (in this thread: the collection differs from file to file).
    const collection = asWhen(ctx.collection, s.receivedAt);
    const analyzer = new InlineAnalyzer(collection, input.maxFileBytes);
    const outcome = await ingest(
      { ...ctx, collection, analyzer },
      { fromStore: s, fileName: s.fileName, source: s.source, receivedAt: s.receivedAt, ...(s.unit ? { unit: s.unit } : {}) },
    );
    if ('foreign' in outcome) result.foreign++;
    else if (outcome.record.status === 'accepted') result.accepted++;
    else result.rejected++;
    opts.onProgress?.(++done, sidecars.length);
  }
  result.reviews = await replayJournal(ledger, journalPath(store.where));
  // The store's originals are now recorded in this ledger (see assertLedgerMatchesStore).
  store.markLedger(await ledger.identity());
  return result;
}
