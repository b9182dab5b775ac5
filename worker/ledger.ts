/**
 * The ledger: every file ever received (accepted or rejected, never deleted), intake tokens as
 * hashes, and the appendix versions written. SQLite through better-sqlite3, WAL mode.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RowInput } from '../shared/report.ts';
import type { PlanEdit, Problem } from './submission.ts';

export type Source = 'inbox' | 'http';

export interface SubmissionRecord {
  id: number;
  sha256: string;
  fileName: string;
  source: Source;
  receivedAt: string;
  size: number;
  archivePath: string;
  unit: string | null;
  period: string | null;
  status: 'accepted' | 'rejected';
  problems: Problem[];
  warnings: Problem[];
  planEdits: PlanEdit[];
  rows: Record<string, RowInput> | null;
}

export type NewSubmission = Omit<SubmissionRecord, 'id'>;

interface Row {
  id: number; sha256: string; file_name: string; source: Source; received_at: string; size: number; archive_path: string;
  unit: string | null; period: string | null; status: 'accepted' | 'rejected'; problems: string; warnings: string; plan_edits: string; rows: string | null;
}

const SCHEMA = `
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
);
`;

function toRecord(r: Row): SubmissionRecord {
  return {
    id: r.id, sha256: r.sha256, fileName: r.file_name, source: r.source, receivedAt: r.received_at, size: r.size,
    archivePath: r.archive_path, unit: r.unit, period: r.period, status: r.status,
    problems: JSON.parse(r.problems), warnings: JSON.parse(r.warnings), planEdits: JSON.parse(r.plan_edits),
    rows: r.rows ? JSON.parse(r.rows) : null,
  };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class Ledger {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** Prepares each SQL text once. */
  private sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  constructor(file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  bySha(sha256: string): SubmissionRecord | undefined {
    const r = this.sql('SELECT * FROM submissions WHERE sha256 = ?').get(sha256) as Row | undefined;
    return r && toRecord(r);
  }

  insert(s: NewSubmission): SubmissionRecord {
    const info = this.sql(`INSERT INTO submissions
      (sha256, file_name, source, received_at, size, archive_path, unit, period, status, problems, warnings, plan_edits, rows)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      s.sha256, s.fileName, s.source, s.receivedAt, s.size, s.archivePath, s.unit, s.period, s.status,
      JSON.stringify(s.problems), JSON.stringify(s.warnings), JSON.stringify(s.planEdits), s.rows ? JSON.stringify(s.rows) : null,
    );
    return { ...s, id: Number(info.lastInsertRowid) };
  }

  /** Each unit's latest accepted submission for a period (a newer one replaces the older). */
  latestAccepted(period: string): Map<string, SubmissionRecord> {
    const rows = this.sql(`SELECT s.* FROM submissions s
      JOIN (SELECT unit, MAX(id) AS id FROM submissions WHERE period = ? AND status = 'accepted' GROUP BY unit) l ON l.id = s.id`).all(period) as Row[];
    return new Map(rows.map((r) => [r.unit!, toRecord(r)]));
  }

  /** Everything a unit sent for a period, newest first. */
  history(unit: string, period: string): SubmissionRecord[] {
    return (this.sql('SELECT * FROM submissions WHERE unit = ? AND period = ? ORDER BY id DESC').all(unit, period) as Row[]).map(toRecord);
  }

  /** The unit's accepted submission just before `beforeId`, if any. */
  previousAccepted(unit: string, period: string, beforeId: number): SubmissionRecord | undefined {
    const r = this.sql(`SELECT * FROM submissions WHERE unit = ? AND period = ? AND status = 'accepted' AND id < ? ORDER BY id DESC LIMIT 1`).get(unit, period, beforeId) as Row | undefined;
    return r && toRecord(r);
  }

  /** The latest submission of each unit for a period, accepted or not. */
  latestAny(period: string): Map<string, SubmissionRecord> {
    const rows = this.sql(`SELECT s.* FROM submissions s
      JOIN (SELECT unit, MAX(id) AS id FROM submissions WHERE period = ? AND unit IS NOT NULL GROUP BY unit) l ON l.id = s.id`).all(period) as Row[];
    return new Map(rows.map((r) => [r.unit!, toRecord(r)]));
  }

  /** Rejected files for the warnings sheet (the latest `limit`): this period's, unreadable ones, and ones sent for another period. */
  rejected(period: string, limit = 500): SubmissionRecord[] {
    const rows = this.sql(`SELECT * FROM submissions WHERE status = 'rejected' AND (period IS NULL OR period = ? OR period NOT IN
      (SELECT DISTINCT period FROM submissions WHERE status = 'accepted' AND period IS NOT NULL AND period <> ?)) ORDER BY id DESC LIMIT ?`).all(period, period, limit) as Row[];
    return rows.reverse().map(toRecord);
  }

  count(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM submissions').get() as { n: number }).n;
  }

  addToken(unit: string, token: string, at: string): void {
    this.sql('INSERT INTO tokens (unit, token_hash, created_at) VALUES (?, ?, ?)').run(unit, hashToken(token), at);
  }

  revokeTokens(unit: string, at: string): number {
    return this.sql('UPDATE tokens SET revoked_at = ? WHERE unit = ? AND revoked_at IS NULL').run(at, unit).changes;
  }

  unitForToken(token: string): string | undefined {
    const r = this.sql('SELECT unit FROM tokens WHERE token_hash = ? AND revoked_at IS NULL').get(hashToken(token)) as { unit: string } | undefined;
    return r?.unit;
  }

  lastAppendix(period: string): { content_hash: string; path: string; created_at: string } | undefined {
    return this.sql('SELECT content_hash, path, created_at FROM appendix_versions WHERE period = ? ORDER BY id DESC LIMIT 1').get(period) as never;
  }

  addAppendix(period: string, contentHash: string, file: string, at: string): void {
    this.sql('INSERT INTO appendix_versions (period, content_hash, path, created_at) VALUES (?, ?, ?, ?)').run(period, contentHash, file, at);
  }
}
