/** Opens the configured ledger. */
import type { Config } from '../config.ts';
import type { Ledger } from './contract.ts';
import { PostgresLedger } from './postgres.ts';
import { SqliteLedger } from './sqlite.ts';

export type { Ledger } from './contract.ts';

/** The embedded SQLite file by default; PostgreSQL when the config gives `ledger.url`. */
export function openLedger(cfg: Config): Ledger {
  return cfg.ledger?.url ? new PostgresLedger(cfg.ledger.url) : new SqliteLedger(cfg.paths.ledger);
}
