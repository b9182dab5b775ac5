/**
 * Versioned schema migrations, run at start (each once, in order, in a transaction). A new version
 * is appended here for every back end; an applied version is never edited. PostgreSQL's are in
 * postgres-migrations.ts, with the same version numbers for the same schema.
 */
export interface Migration { version: number; sql: string }

export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sha256 TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  source TEXT NOT NULL,
  received_at TEXT NOT NULL,
  size INTEGER NOT NULL,
  archive_path TEXT NOT NULL,
  unit TEXT,
  period TEXT,
  status TEXT NOT NULL CHECK (status IN ('accepted','rejected')),
  problems TEXT NOT NULL,
  warnings TEXT NOT NULL,
  plan_edits TEXT NOT NULL,
  rows TEXT
);
CREATE INDEX IF NOT EXISTS submissions_unit_period ON submissions (unit, period, status, id);
CREATE TABLE IF NOT EXISTS tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS appendix_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  period TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  path TEXT NOT NULL,
  created_at TEXT NOT NULL
);`,
  },
  {
    version: 2,
    sql: `
CREATE TABLE IF NOT EXISTS enrolments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit TEXT NOT NULL,
  code_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);`,
  },
  {
    // Claims of inbox files by the processes sharing the ledger (see Ledger.claim).
    version: 3,
    sql: `
CREATE TABLE IF NOT EXISTS claims (
  key TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  reserved_id INTEGER NOT NULL,
  claimed_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  done_at INTEGER,
  taken_over INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS claims_open ON claims (owner) WHERE done_at IS NULL;`,
  },
];
