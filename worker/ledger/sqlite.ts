/**
 * The ledger in an embedded SQLite file (better-sqlite3, WAL): the default, for a town on one
 * machine. The calls are synchronous underneath (a few microseconds each); they are wrapped in the
 * contract's promises so that the PostgreSQL back end fits the same code.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Mutex } from '../mutex.ts';
import {
  hashToken,
  type AppendixVersion,
  type Claim,
  type EventFilter,
  type EventRecord,
  type NewEventRecord,
  type InsertOptions,
  type Ledger,
  type NewReviewRecord,
  type NewSubmission,
  type ReviewRecord,
  type SessionRecord,
  type SubmissionRecord,
  type SubmissionStub,
  type UserRecord,
  type NewUserRecord,
  type AuditSubmission,
  type CatalogVersion,
  type PeriodRecord,
  type UnitContact,
  type ExcusalRecord,
} from './contract.ts';
import {
  toCatalogVersion,
  toContact,
  toEvent,
  toPeriod,
  toReview,
  toSessionUser,
  toStub,
  toSubmission,
  toUser,
  toVersion,
  type CatalogRow,
  type ContactRow,
  type EventRow,
  type PeriodRow,
  type ReviewRow,
  type SessionUserRow,
  type StubRow,
  type SubmissionRow,
  type UserRow,
  type VersionRow,
} from './rows.ts';
import type { ConsoleRole } from '../../shared/accounts.ts';
import { SQLITE_MIGRATIONS, type Migration } from './migrations.ts';

/** Named locks of this process, by ledger file and name (every instance on one file shares them). */
const LOCKS = new Map<string, Mutex>();

export class SqliteLedger implements Ledger {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly where: string) {
    mkdirSync(path.dirname(where), { recursive: true });
    this.db = new Database(where);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
  }

  /** Prepares each SQL text once. */
  private sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async bySha(sha256: string): Promise<SubmissionRecord | undefined> {
    const r = this.sql('SELECT * FROM submissions WHERE sha256 = ?').get(sha256) as SubmissionRow | undefined;
    return r && toSubmission(r);
  }

  async insert(s: NewSubmission, opts: InsertOptions = {}): Promise<{ record: SubmissionRecord; inserted: boolean }> {
    const info = this.sql(
      `INSERT INTO submissions
      (id, sha256, file_name, source, received_at, size, archive_path, unit, period, status, problems, warnings, plan_edits, rows)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ).run(
      opts.id ?? null,
      s.sha256,
      s.fileName,
      s.source,
      s.receivedAt,
      s.size,
      s.archivePath,
      s.unit,
      s.period,
      s.status,
      JSON.stringify(s.problems),
      JSON.stringify(s.warnings),
      JSON.stringify(s.planEdits),
      s.rows ? JSON.stringify(s.rows) : null,
    );
    if (info.changes === 0) {
      const seen = await this.bySha(s.sha256);
      if (seen) return { record: seen, inserted: false };
      // The reserved id was taken by a record of other bytes (cannot happen through claims): a new id.
      return this.insert(s);
    }
    return { record: { ...s, id: Number(info.lastInsertRowid) }, inserted: true };
  }

  async latestAccepted(period: string): Promise<Map<string, SubmissionRecord>> {
    const rows = this.sql(
      `SELECT s.* FROM submissions s
      JOIN (SELECT unit, MAX(id) AS id FROM submissions WHERE period = ? AND status = 'accepted' GROUP BY unit) l ON l.id = s.id`,
    ).all(period) as SubmissionRow[];
    return new Map(rows.map((r) => [r.unit!, toSubmission(r)]));
  }

  async latestAny(period: string): Promise<Map<string, SubmissionRecord>> {
    const rows = this.sql(
      `SELECT s.* FROM submissions s
      JOIN (SELECT unit, MAX(id) AS id FROM submissions WHERE period = ? AND unit IS NOT NULL GROUP BY unit) l ON l.id = s.id`,
    ).all(period) as SubmissionRow[];
    return new Map(rows.map((r) => [r.unit!, toSubmission(r)]));
  }

  async history(unit: string, period: string): Promise<SubmissionRecord[]> {
    return (this.sql('SELECT * FROM submissions WHERE unit = ? AND (period = ? OR period IS NULL) ORDER BY id DESC').all(unit, period) as SubmissionRow[]).map(
      toSubmission,
    );
  }

  async previousAccepted(unit: string, period: string, beforeId: number): Promise<SubmissionRecord | undefined> {
    const r = this.sql(`SELECT * FROM submissions WHERE unit = ? AND period = ? AND status = 'accepted' AND id < ? ORDER BY id DESC LIMIT 1`).get(
      unit,
      period,
      beforeId,
    ) as SubmissionRow | undefined;
    return r && toSubmission(r);
  }

  async rejected(period: string, limit = 500): Promise<SubmissionRecord[]> {
    const rows = this.sql(
      `SELECT * FROM submissions WHERE status = 'rejected' AND (period IS NULL OR period = ? OR period NOT IN
      (SELECT DISTINCT period FROM submissions WHERE status = 'accepted' AND period IS NOT NULL AND period <> ?)) ORDER BY id DESC LIMIT ?`,
    ).all(period, period, limit) as SubmissionRow[];
    return rows.reverse().map(toSubmission);
  }

  async count(): Promise<number> {
    return (this.sql('SELECT COUNT(*) AS n FROM submissions').get() as { n: number }).n;
  }

  async addEvent(e: NewEventRecord): Promise<EventRecord> {
    const info = this.sql('INSERT INTO events (at, kind, period, unit, actor, sha256, detail) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      e.at,
      e.kind,
      e.period,
      e.unit,
      e.actor,
      e.sha256,
      JSON.stringify(e.detail),
    );
    return { ...e, id: Number(info.lastInsertRowid) };
  }

  async events(f: EventFilter = {}): Promise<EventRecord[]> {
    const rows = this.sql(
      `SELECT * FROM events WHERE (? IS NULL OR period = ?) AND (? IS NULL OR unit = ?) AND (? IS NULL OR kind = ?)
      ORDER BY id DESC LIMIT ?`,
    ).all(f.period ?? null, f.period ?? null, f.unit ?? null, f.unit ?? null, f.kind ?? null, f.kind ?? null, f.limit ?? 500) as EventRow[];
    return rows.reverse().map(toEvent);
  }

  async identity(): Promise<string> {
    return (this.sql("SELECT value FROM ledger_meta WHERE key = 'identity'").get() as { value: string }).value;
  }

  async addToken(unit: string, token: string, at: string): Promise<void> {
    this.sql('INSERT INTO tokens (unit, token_hash, created_at) VALUES (?, ?, ?)').run(unit, hashToken(token), at);
  }

  async revokeTokens(unit: string, at: string): Promise<number> {
    return this.sql('UPDATE tokens SET revoked_at = ? WHERE unit = ? AND revoked_at IS NULL').run(at, unit).changes;
  }

  async unitForToken(token: string): Promise<string | undefined> {
    const r = this.sql('SELECT unit FROM tokens WHERE token_hash = ? AND revoked_at IS NULL').get(hashToken(token)) as { unit: string } | undefined;
    return r?.unit;
  }

  async addEnrolment(unit: string, code: string, at: string, expiresAt: string): Promise<void> {
    this.sql('INSERT INTO enrolments (unit, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)').run(unit, hashToken(code), at, expiresAt);
  }

  async redeemEnrolment(code: string, at: string): Promise<string | undefined> {
    const r = this.sql(`UPDATE enrolments SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING unit`).get(
      at,
      hashToken(code),
      at,
    ) as { unit: string } | undefined;
    return r?.unit;
  }

  async accessOverview(now: string): Promise<Map<string, { tokens: number; pendingEnrolments: number }>> {
    const out = new Map<string, { tokens: number; pendingEnrolments: number }>();
    const at = (u: string) => out.get(u) ?? out.set(u, { tokens: 0, pendingEnrolments: 0 }).get(u)!;
    for (const r of this.sql('SELECT unit, COUNT(*) AS n FROM tokens WHERE revoked_at IS NULL GROUP BY unit').all() as { unit: string; n: number }[])
      at(r.unit).tokens = r.n;
    for (const r of this.sql('SELECT unit, COUNT(*) AS n FROM enrolments WHERE used_at IS NULL AND expires_at > ? GROUP BY unit').all(now) as {
      unit: string;
      n: number;
    }[])
      at(r.unit).pendingEnrolments = r.n;
    return out;
  }

  async lastAppendix(period: string): Promise<AppendixVersion | undefined> {
    const r = this.sql('SELECT content_hash, path, created_at, is_final FROM appendix_versions WHERE period = ? ORDER BY id DESC LIMIT 1').get(period) as
      VersionRow | undefined;
    return r && toVersion(r);
  }

  async addAppendix(period: string, v: AppendixVersion): Promise<void> {
    this.sql('INSERT INTO appendix_versions (period, content_hash, path, created_at, is_final) VALUES (?, ?, ?, ?, ?)').run(
      period,
      v.contentHash,
      v.path,
      v.createdAt,
      v.final ? 1 : 0,
    );
  }

  async appendixVersions(period: string, limit = 200): Promise<AppendixVersion[]> {
    return (
      this.sql('SELECT content_hash, path, created_at, is_final FROM appendix_versions WHERE period = ? ORDER BY id DESC LIMIT ?').all(
        period,
        limit,
      ) as VersionRow[]
    ).map(toVersion);
  }

  async byId(id: number): Promise<SubmissionRecord | undefined> {
    const r = this.sql('SELECT * FROM submissions WHERE id = ?').get(id) as SubmissionRow | undefined;
    return r && toSubmission(r);
  }

  async periodSubmissions(period: string): Promise<SubmissionStub[]> {
    const rows = this.sql(
      `SELECT id, sha256, file_name, source, received_at, status, unit FROM submissions
      WHERE period = ? AND unit IS NOT NULL ORDER BY id`,
    ).all(period) as StubRow[];
    return rows.map(toStub);
  }

  async listSubmissions(f: { period?: string; unit?: string; limit?: number }): Promise<AuditSubmission[]> {
    const rows = this.sql(
      `SELECT id, sha256, file_name, source, received_at, status, unit, period, json_array_length(problems) AS errors FROM submissions
      WHERE (? IS NULL OR period = ?) AND (? IS NULL OR unit = ?) ORDER BY id DESC LIMIT ?`,
    ).all(f.period ?? null, f.period ?? null, f.unit ?? null, f.unit ?? null, f.limit ?? 1000) as (StubRow & {
      period: string | null;
      unit: string | null;
      errors: number;
    })[];
    return rows.map((r) => ({ ...toStub(r), unit: r.unit, period: r.period, errors: r.errors }));
  }

  async addReview(r: NewReviewRecord): Promise<ReviewRecord | undefined> {
    const info = this.sql(
      `INSERT INTO reviews (unit, period, seq, sha256, after_sha256, action, actor, acted_at, note, comments)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit, period, seq) DO NOTHING`,
    ).run(r.unit, r.period, r.seq, r.sha256, r.afterSha256, r.action, r.actor, r.at, r.note, JSON.stringify(r.comments));
    return info.changes === 0 ? undefined : { ...r, id: Number(info.lastInsertRowid) };
  }

  async reviews(period: string): Promise<ReviewRecord[]> {
    return (this.sql('SELECT * FROM reviews WHERE period = ? ORDER BY unit, seq').all(period) as ReviewRow[]).map(toReview);
  }

  async addUser(u: NewUserRecord): Promise<boolean> {
    return (
      this.sql(
        `INSERT INTO users (name, role, password_hash, created_at, disabled_at, full_name, must_change) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (name) DO NOTHING`,
      ).run(u.name, u.role, u.passwordHash, u.createdAt, u.disabledAt, u.fullName ?? '', u.mustChangePassword ? 1 : 0).changes === 1
    );
  }

  async setPassword(name: string, passwordHash: string, opts: { mustChange?: boolean } = {}): Promise<boolean> {
    return (
      this.sql('UPDATE users SET password_hash = ?, disabled_at = NULL, must_change = ? WHERE name = ?').run(passwordHash, opts.mustChange ? 1 : 0, name)
        .changes === 1
    );
  }

  async updateUser(name: string, change: { role?: ConsoleRole; fullName?: string }): Promise<boolean> {
    return (
      this.sql('UPDATE users SET role = COALESCE(?, role), full_name = COALESCE(?, full_name) WHERE name = ?').run(
        change.role ?? null,
        change.fullName ?? null,
        name,
      ).changes === 1
    );
  }

  // --- What the planning office decides (SettingsStore) ---

  async addCatalog(c: Omit<CatalogVersion, 'version'>): Promise<{ catalog: CatalogVersion; added: boolean }> {
    return this.db
      .transaction(() => {
        const same = this.sql('SELECT * FROM catalogs WHERE id = ? AND hash = ?').get(c.id, c.hash) as CatalogRow | undefined;
        if (same) return { catalog: toCatalogVersion(same), added: false };
        const { v } = this.sql('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM catalogs WHERE id = ?').get(c.id) as { v: number };
        this.sql('INSERT INTO catalogs (id, version, hash, content, created_at, created_by, source) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          c.id,
          v,
          c.hash,
          JSON.stringify(c.content),
          c.createdAt,
          c.createdBy,
          c.source,
        );
        return { catalog: { ...c, version: v }, added: true };
      })
      .immediate();
  }

  async catalogVersions(id?: string): Promise<CatalogVersion[]> {
    return (this.sql('SELECT * FROM catalogs WHERE (? IS NULL OR id = ?) ORDER BY created_at, id, version').all(id ?? null, id ?? null) as CatalogRow[]).map(
      toCatalogVersion,
    );
  }

  async openPeriod(p: Omit<PeriodRecord, 'closedAt' | 'closedBy'>): Promise<boolean> {
    return (
      this.sql(
        `INSERT INTO periods (id, catalog_id, catalog_version, deadline, opened_at, opened_by) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING`,
      ).run(p.id, p.catalogId, p.catalogVersion, p.deadline, p.openedAt, p.openedBy).changes === 1
    );
  }

  async updatePeriod(id: string, change: Partial<Pick<PeriodRecord, 'deadline' | 'catalogVersion' | 'closedAt' | 'closedBy'>>): Promise<boolean> {
    const cur = this.sql('SELECT * FROM periods WHERE id = ?').get(id) as PeriodRow | undefined;
    if (!cur) return false;
    const next = { ...toPeriod(cur), ...change };
    this.sql('UPDATE periods SET deadline = ?, catalog_version = ?, closed_at = ?, closed_by = ? WHERE id = ?').run(
      next.deadline,
      next.catalogVersion,
      next.closedAt,
      next.closedAt === null ? null : next.closedBy,
      id,
    );
    return true;
  }

  async periods(): Promise<PeriodRecord[]> {
    return (this.sql('SELECT * FROM periods ORDER BY opened_at, id').all() as PeriodRow[]).map(toPeriod);
  }

  async setUnitEmail(unit: string, email: string | null, at: string, by: string | null): Promise<void> {
    if (email === null) this.sql('DELETE FROM unit_contacts WHERE unit = ?').run(unit);
    else {
      this.sql(
        `INSERT INTO unit_contacts (unit, email, updated_at, updated_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (unit) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(unit, email, at, by);
    }
  }

  async unitContacts(): Promise<UnitContact[]> {
    return (this.sql('SELECT * FROM unit_contacts ORDER BY unit').all() as ContactRow[]).map(toContact);
  }

  async setExcusal(period: string, unit: string, reason: string | null, at: string, actor: string): Promise<void> {
    if (reason === null) this.sql('DELETE FROM excusals WHERE period = ? AND unit = ?').run(period, unit);
    else {
      this.sql(
        `INSERT INTO excusals (period, unit, reason, at, actor) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (period, unit) DO UPDATE SET reason = excluded.reason, at = excluded.at, actor = excluded.actor`,
      ).run(period, unit, reason, at, actor);
    }
  }

  async excusals(period?: string): Promise<ExcusalRecord[]> {
    return this.sql('SELECT period, unit, reason, at, actor FROM excusals WHERE (? IS NULL OR period = ?) ORDER BY period, unit').all(
      period ?? null,
      period ?? null,
    ) as ExcusalRecord[];
  }

  async setMeta(key: string, value: string | null): Promise<void> {
    if (value === null) this.sql('DELETE FROM ledger_meta WHERE key = ?').run(key);
    else this.sql('INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  async meta(key: string): Promise<string | undefined> {
    return (this.sql('SELECT value FROM ledger_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  async metaKeys(prefix: string): Promise<string[]> {
    return (this.sql('SELECT key FROM ledger_meta WHERE substr(key, 1, ?) = ? ORDER BY key').all(prefix.length, prefix) as { key: string }[]).map((r) => r.key);
  }

  async disableUser(name: string, at: string): Promise<boolean> {
    const done = this.sql('UPDATE users SET disabled_at = ? WHERE name = ?').run(at, name).changes === 1;
    if (done) await this.deleteSessions(name);
    return done;
  }

  async user(name: string): Promise<UserRecord | undefined> {
    const r = this.sql('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    return r && toUser(r);
  }

  async users(): Promise<UserRecord[]> {
    return (this.sql('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(toUser);
  }

  async addSession(s: SessionRecord, now: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    this.sql('INSERT INTO sessions (id_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)').run(s.idHash, s.user, s.createdAt, s.expiresAt);
  }

  async session(idHash: string, now: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    const r = this.sql(
      `SELECT s.id_hash, s.created_at AS s_created, s.expires_at, u.* FROM sessions s JOIN users u ON u.name = s.user_name
      WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
    ).get(idHash, now) as SessionUserRow | undefined;
    if (!r) return undefined;
    return toSessionUser(r);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteSessions(user: string): Promise<number> {
    return this.sql('DELETE FROM sessions WHERE user_name = ?').run(user).changes;
  }

  // --- Claims and locks (several processes on one SQLite file: one machine; see the contract) ---

  /** Reserves `n` ids of the submissions table (AUTOINCREMENT never hands them out afterwards). */
  private reserveIds(n: number): number[] {
    if (!this.sql("SELECT seq FROM sqlite_sequence WHERE name = 'submissions'").get()) {
      this.sql("INSERT INTO sqlite_sequence (name, seq) VALUES ('submissions', (SELECT COALESCE(MAX(id), 0) FROM submissions))").run();
    }
    const { seq } = this.sql("UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'submissions' RETURNING seq").get(n) as { seq: number };
    return Array.from({ length: n }, (_, i) => seq - n + 1 + i);
  }

  async claim(keys: string[], owner: string, leaseMs: number, max = keys.length): Promise<Claim[]> {
    const wanted = [...new Set(keys)];
    if (!wanted.length || max <= 0) return [];
    return this.db
      .transaction((): Claim[] => {
        const now = Date.now();
        const look = this.sql('SELECT owner, reserved_id, expires_at, done_at FROM claims WHERE key = ?');
        const fresh: string[] = [];
        const taken: { key: string; id: number; previous: string }[] = [];
        for (const key of wanted) {
          if (fresh.length + taken.length >= max) break;
          const c = look.get(key) as { owner: string; reserved_id: number; expires_at: number; done_at: number | null } | undefined;
          if (!c) fresh.push(key);
          else if (c.done_at === null && c.expires_at < now) taken.push({ key, id: c.reserved_id, previous: c.owner });
        }
        const ids = fresh.length ? this.reserveIds(fresh.length) : [];
        const at = new Date(now).toISOString();
        const add = this.sql('INSERT INTO claims (key, owner, reserved_id, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?)');
        fresh.forEach((key, i) => add.run(key, owner, ids[i], at, now + leaseMs));
        const take = this.sql(
          "UPDATE claims SET owner = ?, claimed_at = ?, expires_at = ?, taken_over = CASE WHEN owner <> '' THEN 1 ELSE taken_over END WHERE key = ?",
        );
        for (const t of taken) take.run(owner, at, now + leaseMs, t.key);
        const out = new Map<string, Claim>([
          ...fresh.map((key, i): [string, Claim] => [key, { key, id: ids[i], takenOver: false }]),
          ...taken.map((t): [string, Claim] => [t.key, { key: t.key, id: t.id, takenOver: t.previous !== '' && t.previous !== owner }]),
        ]);
        return wanted.filter((k) => out.has(k)).map((k) => out.get(k)!);
      })
      .immediate();
  }

  async renewClaims(owner: string, leaseMs: number): Promise<number> {
    return this.sql('UPDATE claims SET expires_at = ? WHERE owner = ? AND done_at IS NULL').run(Date.now() + leaseMs, owner).changes;
  }

  async finishClaim(key: string, _owner: string): Promise<void> {
    this.sql('UPDATE claims SET done_at = ? WHERE key = ? AND done_at IS NULL').run(Date.now(), key);
  }

  async releaseClaims(owner: string, keys?: string[]): Promise<void> {
    // Kept with their reserved id (a file retried keeps its place), free to be claimed at once.
    const release = this.sql("UPDATE claims SET owner = '', expires_at = ? WHERE owner = ? AND done_at IS NULL AND (? IS NULL OR key = ?)");
    const now = Date.now() - 1;
    if (!keys) release.run(now, owner, null, null);
    else
      this.db.transaction(() => {
        for (const k of keys) release.run(now, owner, k, k);
      })();
  }

  async pruneClaims(olderThanMs: number): Promise<number> {
    return this.sql('DELETE FROM claims WHERE done_at IS NOT NULL AND done_at < ?').run(Date.now() - olderThanMs).changes;
  }

  async lapsedClaims(prefix: string): Promise<string[]> {
    const rows = this.sql('SELECT key FROM claims WHERE done_at IS NULL AND expires_at < ? AND substr(key, 1, length(?)) = ? ORDER BY key').all(
      Date.now(),
      prefix,
      prefix,
    );
    return (rows as { key: string }[]).map((r) => r.key);
  }

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const key = `${path.resolve(this.where)}\0${name}`;
    let m = LOCKS.get(key);
    if (!m) LOCKS.set(key, (m = new Mutex()));
    return m.run(fn);
  }
}

/** Applies the migrations not yet applied, each in its own transaction, in version order. */
export function migrate(db: Database.Database, migrations: Migration[] = SQLITE_MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
    })();
  }
}
