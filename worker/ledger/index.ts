/** Opens the configured ledger, and guards against a ledger that went missing. */
import { existsSync } from 'node:fs';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import type { OriginalsStore } from '../ingest/archive.ts';
import type { Ledger } from './contract.ts';
import { PostgresLedger } from './postgres.ts';
import { SqliteLedger } from './sqlite.ts';

export type { Ledger } from './contract.ts';

export interface OpenedLedger {
  ledger: Ledger;
  /** The ledger was created just now (there was none). */
  created: boolean;
}

/** The embedded SQLite file by default; PostgreSQL when the config gives `ledger.url`. */
export function openLedger(cfg: Config): OpenedLedger {
  if (cfg.ledger?.url) return { ledger: new PostgresLedger(cfg.ledger.url), created: false };
  const created = !existsSync(cfg.paths.ledger);
  return { ledger: new SqliteLedger(cfg.paths.ledger), created };
}

/**
 * A ledger with no submission beside a store that keeps originals means the ledger was lost
 * (deleted, replaced): consolidating now would overwrite the appendix with missing figures.
 */
export async function assertLedgerMatchesStore(ledger: Ledger, store: OriginalsStore): Promise<void> {
  if ((await ledger.count()) > 0 || !store.any()) return;
  const n = (await store.list()).length;
  throw new UserError(
    `Sổ theo dõi các lần nộp (${ledger.where}) không còn số liệu nào, trong khi kho lưu trữ (${store.where}) vẫn giữ ${n} tệp đã nhận. `
    + 'Để không ghi đè phụ lục bằng số liệu thiếu, hệ thống dừng lại và không ghi gì. '
    + 'Hãy chạy “phuluc rebuild” để dựng lại sổ theo dõi từ kho lưu trữ (các tệp gốc đều còn nguyên), rồi chạy lại.',
  );
}
