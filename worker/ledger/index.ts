/** Opens the configured ledger, and guards against a ledger that went missing. */
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import type { OriginalsStore } from '../ingest/archive.ts';
import type { Ledger } from './contract.ts';
import { PostgresLedger } from './postgres.ts';
import { SqliteLedger } from './sqlite.ts';

export type { Ledger } from './contract.ts';

/** The embedded SQLite file by default; PostgreSQL when the config gives `ledger.url`. */
export function openLedger(cfg: Config): Ledger {
  return cfg.ledger?.url ? new PostgresLedger(cfg.ledger.url) : new SqliteLedger(cfg.paths.ledger);
}

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
