/**
 * Versioned schema migrations, run at start (each once, in order, in a transaction). A new version
 * is appended here for every back end; an applied version is never edited. PostgreSQL's are in
 * postgres-migrations.ts, with the same version numbers for the same schema.
 */
export interface Migration {
  version: number;
  sql: string;
}

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
    version: 3,
    // The review cycle: the planning office's actions (append-only; two actions can never take the
    // same place in a unit's period), its accounts and their sessions; appendix versions say
    // whether they were final.
    sql: `
CREATE TABLE IF NOT EXISTS reviews (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit TEXT NOT NULL,
  period TEXT NOT NULL,
  seq INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  after_sha256 TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('approve','return','reopen')),
  actor TEXT NOT NULL,
  acted_at TEXT NOT NULL,
  note TEXT,
  comments TEXT NOT NULL,
  UNIQUE (unit, period, seq)
);
CREATE INDEX IF NOT EXISTS reviews_period ON reviews (period, unit, seq);
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('ke-hoach','lanh-dao')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users (name),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_name);
ALTER TABLE appendix_versions ADD COLUMN is_final INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS submissions_period ON submissions (period, id);`,
  },
  {
    // Claims of inbox files by the processes sharing the ledger (see Ledger.claim).
    version: 4,
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
  {
    // The ledger's identity, made once when it is created: the store of originals keeps it
    // (OriginalsStore.ledgerMark) to tell its own ledger from a new, empty one (see assertLedgerMatchesStore).
    version: 5,
    sql: `
CREATE TABLE IF NOT EXISTS ledger_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT OR IGNORE INTO ledger_meta (key, value) VALUES ('identity', lower(hex(randomblob(16))));`,
  },
  {
    // What happened, append-only: events beside the submissions and reviews (an upload of another
    // unit's file refused, and later the planning office's settings), for the board and the audit.
    version: 6,
    sql: `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  period TEXT,
  unit TEXT,
  actor TEXT,
  sha256 TEXT,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_period ON events (period, unit, id);
CREATE INDEX IF NOT EXISTS events_kind ON events (kind, id);`,
  },
  {
    // What the planning office decides, kept with the data (issue 21): the catalogues (each version),
    // the periods opened against them (deadline, closed or not), the units' e-mail addresses, the units
    // excused from a period; accounts get a full name, a forced password change and the
    // administrator's role (the table is rebuilt: SQLite cannot change a CHECK in place; the
    // sessions, which refer to it, are rebuilt with it).
    version: 7,
    sql: `
CREATE TABLE IF NOT EXISTS catalogs (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  hash TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  source TEXT NOT NULL,
  PRIMARY KEY (id, version),
  UNIQUE (id, hash)
);
CREATE TABLE IF NOT EXISTS periods (
  id TEXT PRIMARY KEY,
  catalog_id TEXT NOT NULL,
  catalog_version INTEGER NOT NULL,
  deadline TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  opened_by TEXT,
  closed_at TEXT,
  closed_by TEXT
);
CREATE TABLE IF NOT EXISTS unit_contacts (
  unit TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT
);
CREATE TABLE IF NOT EXISTS excusals (
  period TEXT NOT NULL,
  unit TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (period, unit)
);
CREATE TABLE users_v7 (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('quan-tri','ke-hoach','lanh-dao')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT,
  full_name TEXT NOT NULL DEFAULT '',
  must_change INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users_v7 (name, role, password_hash, created_at, disabled_at) SELECT name, role, password_hash, created_at, disabled_at FROM users;
CREATE TABLE sessions_v7 (
  id_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users_v7 (name),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
INSERT INTO sessions_v7 SELECT id_hash, user_name, created_at, expires_at FROM sessions;
DROP TABLE sessions;
DROP TABLE users;
ALTER TABLE users_v7 RENAME TO users;
ALTER TABLE sessions_v7 RENAME TO sessions;
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_name);`,
  },
];
