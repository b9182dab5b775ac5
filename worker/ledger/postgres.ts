/**
 * The ledger on PostgreSQL (the `pg` client): for a province, or several workers on one or several
 * machines sharing one database. The same contract as the SQLite file, held to it by the same
 * contract tests. The schema is migrated at start (postgres-migrations.ts), one process at a time.
 *
 * Opening is synchronous like SQLite's: the pool connects and migrates in the background, and every
 * call waits for that first (a server that cannot be reached fails the first call, with its code,
 * e.g. ECONNREFUSED, which errors.ts turns into a message for the planning office).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
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
import type { Migration } from './migrations.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';

/** bigint (sizes, counts) as JavaScript numbers: every value the ledger keeps is far below 2^53. */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The address without its password, for messages ("postgres://phuluc@db:5432/phuluc"). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'PostgreSQL';
  }
}

/** Advisory locks are named in SQL by a 64-bit hash of the name. */
const LOCK = 'pg_advisory_lock(hashtextextended($1, 0))';
const UNLOCK = 'pg_advisory_unlock(hashtextextended($1, 0))';

/** Applies the migrations not yet applied, each in its own transaction, holding the migration lock. */
export async function migratePostgres(pool: pg.Pool, migrations: Migration[] = POSTGRES_MIGRATIONS): Promise<void> {
  const c = await pool.connect();
  let broken: Error | undefined;
  try {
    await c.query(`SELECT ${LOCK}`, ['phuluc:migrations']).catch((e: Error) => {
      broken = e;
      throw e;
    });
    try {
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await c.query('BEGIN');
        try {
          await c.query(m.sql);
          await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, new Date().toISOString()]);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => {});
          throw e;
        }
      }
    } finally {
      await c.query(`SELECT ${UNLOCK}`, ['phuluc:migrations']).catch((e: Error) => (broken = e));
    }
  } finally {
    c.release(broken);
  }
}

/** Connections kept by this process: the claims, a held lock and the queries of a run. */
const POOL_SIZE = 6;

export class PostgresLedger implements Ledger {
  readonly kind = 'postgres' as const;
  readonly where: string;
  readonly pool: pg.Pool;
  private readonly ready: Promise<void>;
  private closed = false;
  private readonly names = new Map<string, string>();

  constructor(url: string) {
    this.where = redactUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, application_name: 'phuluc', types });
    // An idle connection the server dropped (restart, network): the pool replaces it on the next
    // query, which reports any real failure; without a listener the process would exit.
    this.pool.on('error', () => {});
    this.ready = migratePostgres(this.pool);
    this.ready.catch(() => {}); // reported by the first call that waits for it
  }

  /** A prepared statement per SQL text (named by its hash, so each connection prepares it once). */
  private async q<R extends object>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    await this.ready;
    let name = this.names.get(text);
    if (!name) this.names.set(text, (name = `p${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
    return this.pool.query<R>({ name, text, values });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => {});
    await this.pool.end();
  }

  async bySha(sha256: string): Promise<SubmissionRecord | undefined> {
    const r = (await this.q<SubmissionRow>('SELECT * FROM submissions WHERE sha256 = $1', [sha256])).rows[0];
    return r && toSubmission(r);
  }

  async insert(s: NewSubmission, opts: InsertOptions = {}): Promise<{ record: SubmissionRecord; inserted: boolean }> {
    const values = [
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
    ];
    const columns = 'sha256, file_name, source, received_at, size, archive_path, unit, period, status, problems, warnings, plan_edits, rows';
    const params = '$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13';
    const r =
      opts.id === undefined
        ? await this.q<{ id: number }>(`INSERT INTO submissions (${columns}) VALUES (${params}) ON CONFLICT (sha256) DO NOTHING RETURNING id`, values)
        : await this.q<{ id: number }>(`INSERT INTO submissions (id, ${columns}) VALUES ($14, ${params}) ON CONFLICT DO NOTHING RETURNING id`, [
            ...values,
            opts.id,
          ]);
    if (r.rows.length) return { record: { ...s, id: r.rows[0].id }, inserted: true };
    const seen = await this.bySha(s.sha256);
    if (seen) return { record: seen, inserted: false };
    // The reserved id was taken by a record of other bytes (cannot happen through claims): a new id.
    return this.insert(s);
  }

  async latestAccepted(period: string): Promise<Map<string, SubmissionRecord>> {
    const r = await this.q<SubmissionRow>(
      `SELECT DISTINCT ON (unit) * FROM submissions WHERE period = $1 AND status = 'accepted' AND unit IS NOT NULL ORDER BY unit, id DESC`,
      [period],
    );
    return new Map(r.rows.map((row) => [row.unit!, toSubmission(row)]));
  }

  async latestAny(period: string): Promise<Map<string, SubmissionRecord>> {
    const r = await this.q<SubmissionRow>('SELECT DISTINCT ON (unit) * FROM submissions WHERE period = $1 AND unit IS NOT NULL ORDER BY unit, id DESC', [
      period,
    ]);
    return new Map(r.rows.map((row) => [row.unit!, toSubmission(row)]));
  }

  async history(unit: string, period: string): Promise<SubmissionRecord[]> {
    return (
      await this.q<SubmissionRow>('SELECT * FROM submissions WHERE unit = $1 AND (period = $2 OR period IS NULL) ORDER BY id DESC', [unit, period])
    ).rows.map(toSubmission);
  }

  async previousAccepted(unit: string, period: string, beforeId: number): Promise<SubmissionRecord | undefined> {
    const r = (
      await this.q<SubmissionRow>(`SELECT * FROM submissions WHERE unit = $1 AND period = $2 AND status = 'accepted' AND id < $3 ORDER BY id DESC LIMIT 1`, [
        unit,
        period,
        beforeId,
      ])
    ).rows[0];
    return r && toSubmission(r);
  }

  async rejected(period: string, limit = 500): Promise<SubmissionRecord[]> {
    const r = await this.q<SubmissionRow>(
      `SELECT * FROM submissions WHERE status = 'rejected' AND (period IS NULL OR period = $1 OR period NOT IN
      (SELECT DISTINCT period FROM submissions WHERE status = 'accepted' AND period IS NOT NULL AND period <> $1)) ORDER BY id DESC LIMIT $2`,
      [period, limit],
    );
    return r.rows.reverse().map(toSubmission);
  }

  async addEvent(e: NewEventRecord): Promise<EventRecord> {
    const r = await this.q<{ id: number }>(
      'INSERT INTO events (at, kind, period, unit, actor, sha256, detail) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [e.at, e.kind, e.period, e.unit, e.actor, e.sha256, JSON.stringify(e.detail)],
    );
    return { ...e, id: r.rows[0].id };
  }

  async events(f: EventFilter = {}): Promise<EventRecord[]> {
    const r = await this.q<EventRow>(
      `SELECT id, at, kind, period, unit, actor, sha256, detail FROM events
      WHERE ($1::text IS NULL OR period = $1) AND ($2::text IS NULL OR unit = $2) AND ($3::text IS NULL OR kind = $3) ORDER BY id DESC LIMIT $4`,
      [f.period ?? null, f.unit ?? null, f.kind ?? null, f.limit ?? 500],
    );
    return r.rows.reverse().map(toEvent);
  }

  async count(): Promise<number> {
    return (await this.q<{ n: number }>('SELECT count(*)::int AS n FROM submissions')).rows[0].n;
  }

  async identity(): Promise<string> {
    return (await this.q<{ value: string }>("SELECT value FROM ledger_meta WHERE key = 'identity'")).rows[0].value;
  }

  async addToken(unit: string, token: string, at: string): Promise<void> {
    await this.q('INSERT INTO tokens (unit, token_hash, created_at) VALUES ($1, $2, $3)', [unit, hashToken(token), at]);
  }

  async revokeTokens(unit: string, at: string): Promise<number> {
    return (await this.q('UPDATE tokens SET revoked_at = $1 WHERE unit = $2 AND revoked_at IS NULL', [at, unit])).rowCount ?? 0;
  }

  async unitForToken(token: string): Promise<string | undefined> {
    return (await this.q<{ unit: string }>('SELECT unit FROM tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hashToken(token)])).rows[0]?.unit;
  }

  async addEnrolment(unit: string, code: string, at: string, expiresAt: string): Promise<void> {
    await this.q('INSERT INTO enrolments (unit, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)', [unit, hashToken(code), at, expiresAt]);
  }

  async redeemEnrolment(code: string, at: string): Promise<string | undefined> {
    const r = await this.q<{ unit: string }>('UPDATE enrolments SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING unit', [
      at,
      hashToken(code),
    ]);
    return r.rows[0]?.unit;
  }

  async accessOverview(now: string): Promise<Map<string, { tokens: number; pendingEnrolments: number }>> {
    const out = new Map<string, { tokens: number; pendingEnrolments: number }>();
    const at = (u: string) => out.get(u) ?? out.set(u, { tokens: 0, pendingEnrolments: 0 }).get(u)!;
    for (const r of (await this.q<{ unit: string; n: number }>('SELECT unit, count(*)::int AS n FROM tokens WHERE revoked_at IS NULL GROUP BY unit')).rows)
      at(r.unit).tokens = r.n;
    for (const r of (
      await this.q<{ unit: string; n: number }>('SELECT unit, count(*)::int AS n FROM enrolments WHERE used_at IS NULL AND expires_at > $1 GROUP BY unit', [
        now,
      ])
    ).rows)
      at(r.unit).pendingEnrolments = r.n;
    return out;
  }

  async lastAppendix(period: string): Promise<AppendixVersion | undefined> {
    const r = (
      await this.q<VersionRow>('SELECT content_hash, path, created_at, is_final FROM appendix_versions WHERE period = $1 ORDER BY id DESC LIMIT 1', [period])
    ).rows[0];
    return r && toVersion(r);
  }

  async addAppendix(period: string, v: AppendixVersion): Promise<void> {
    await this.q('INSERT INTO appendix_versions (period, content_hash, path, created_at, is_final) VALUES ($1, $2, $3, $4, $5)', [
      period,
      v.contentHash,
      v.path,
      v.createdAt,
      v.final === true,
    ]);
  }

  async appendixVersions(period: string, limit = 200): Promise<AppendixVersion[]> {
    return (
      await this.q<VersionRow>('SELECT content_hash, path, created_at, is_final FROM appendix_versions WHERE period = $1 ORDER BY id DESC LIMIT $2', [
        period,
        limit,
      ])
    ).rows.map(toVersion);
  }

  // --- The review cycle, accounts and sessions (the same SQL as SQLite's, in PostgreSQL's dialect) ---

  async byId(id: number): Promise<SubmissionRecord | undefined> {
    const r = (await this.q<SubmissionRow>('SELECT * FROM submissions WHERE id = $1', [id])).rows[0];
    return r && toSubmission(r);
  }

  async periodSubmissions(period: string): Promise<SubmissionStub[]> {
    const rows = (
      await this.q<StubRow>(
        'SELECT id, sha256, file_name, source, received_at, status, unit FROM submissions WHERE period = $1 AND unit IS NOT NULL ORDER BY id',
        [period],
      )
    ).rows;
    return rows.map(toStub);
  }

  async listSubmissions(f: { period?: string; unit?: string; limit?: number }): Promise<AuditSubmission[]> {
    const rows = (
      await this.q<StubRow & { period: string | null; unit: string | null; errors: number }>(
        `SELECT id, sha256, file_name, source, received_at, status, unit, period,
      jsonb_array_length(problems) AS errors FROM submissions WHERE ($1::text IS NULL OR period = $1) AND ($2::text IS NULL OR unit = $2) ORDER BY id DESC LIMIT $3`,
        [f.period ?? null, f.unit ?? null, f.limit ?? 1000],
      )
    ).rows;
    return rows.map((r) => ({ ...toStub(r), unit: r.unit, period: r.period, errors: r.errors }));
  }

  async addReview(r: NewReviewRecord): Promise<ReviewRecord | undefined> {
    const res = await this.q<{ id: number }>(
      `INSERT INTO reviews (unit, period, seq, sha256, after_sha256, action, actor, acted_at, note, comments)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (unit, period, seq) DO NOTHING RETURNING id`,
      [r.unit, r.period, r.seq, r.sha256, r.afterSha256, r.action, r.actor, r.at, r.note, JSON.stringify(r.comments)],
    );
    return res.rows.length ? { ...r, id: res.rows[0].id } : undefined;
  }

  async reviews(period: string): Promise<ReviewRecord[]> {
    return (await this.q<ReviewRow>('SELECT * FROM reviews WHERE period = $1 ORDER BY unit, seq', [period])).rows.map(toReview);
  }

  async addUser(u: NewUserRecord): Promise<boolean> {
    const r = await this.q(
      `INSERT INTO users (name, role, password_hash, created_at, disabled_at, full_name, must_change) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (name) DO NOTHING`,
      [u.name, u.role, u.passwordHash, u.createdAt, u.disabledAt, u.fullName ?? '', u.mustChangePassword === true],
    );
    return r.rowCount === 1;
  }

  async setPassword(name: string, passwordHash: string, opts: { mustChange?: boolean } = {}): Promise<boolean> {
    return (
      (
        await this.q('UPDATE users SET password_hash = $1, disabled_at = NULL, must_change = $3 WHERE name = $2', [
          passwordHash,
          name,
          opts.mustChange === true,
        ])
      ).rowCount === 1
    );
  }

  async updateUser(name: string, change: { role?: ConsoleRole; fullName?: string }): Promise<boolean> {
    return (
      (
        await this.q('UPDATE users SET role = COALESCE($1, role), full_name = COALESCE($2, full_name) WHERE name = $3', [
          change.role ?? null,
          change.fullName ?? null,
          name,
        ])
      ).rowCount === 1
    );
  }

  // --- What the planning office decides (SettingsStore) ---

  async addCatalog(c: Omit<CatalogVersion, 'version'>): Promise<{ catalog: CatalogVersion; added: boolean }> {
    await this.ready;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT ${LOCK}`, [`phuluc:catalog:${c.id}`]);
      try {
        const same = (await client.query<CatalogRow>('SELECT * FROM catalogs WHERE id = $1 AND hash = $2', [c.id, c.hash])).rows[0];
        if (same) {
          await client.query('COMMIT');
          return { catalog: toCatalogVersion(same), added: false };
        }
        const v = (await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM catalogs WHERE id = $1', [c.id])).rows[0].v;
        await client.query('INSERT INTO catalogs (id, version, hash, content, created_at, created_by, source) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          c.id,
          v,
          c.hash,
          JSON.stringify(c.content),
          c.createdAt,
          c.createdBy,
          c.source,
        ]);
        await client.query('COMMIT');
        return { catalog: { ...c, version: v }, added: true };
      } finally {
        await client.query(`SELECT ${UNLOCK}`, [`phuluc:catalog:${c.id}`]).catch(() => {});
      }
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async catalogVersions(id?: string): Promise<CatalogVersion[]> {
    return (await this.q<CatalogRow>('SELECT * FROM catalogs WHERE ($1::text IS NULL OR id = $1) ORDER BY created_at, id, version', [id ?? null])).rows.map(
      toCatalogVersion,
    );
  }

  async openPeriod(p: Omit<PeriodRecord, 'closedAt' | 'closedBy'>): Promise<boolean> {
    const r = await this.q(
      `INSERT INTO periods (id, catalog_id, catalog_version, deadline, opened_at, opened_by) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (id) DO NOTHING`,
      [p.id, p.catalogId, p.catalogVersion, p.deadline, p.openedAt, p.openedBy],
    );
    return r.rowCount === 1;
  }

  async updatePeriod(id: string, change: Partial<Pick<PeriodRecord, 'deadline' | 'catalogVersion' | 'closedAt' | 'closedBy'>>): Promise<boolean> {
    const cur = (await this.q<PeriodRow>('SELECT * FROM periods WHERE id = $1', [id])).rows[0];
    if (!cur) return false;
    const next = { ...toPeriod(cur), ...change };
    await this.q('UPDATE periods SET deadline = $1, catalog_version = $2, closed_at = $3, closed_by = $4 WHERE id = $5', [
      next.deadline,
      next.catalogVersion,
      next.closedAt,
      next.closedAt === null ? null : next.closedBy,
      id,
    ]);
    return true;
  }

  async periods(): Promise<PeriodRecord[]> {
    return (await this.q<PeriodRow>('SELECT * FROM periods ORDER BY opened_at, id')).rows.map(toPeriod);
  }

  async setUnitEmail(unit: string, email: string | null, at: string, by: string | null): Promise<void> {
    if (email === null) await this.q('DELETE FROM unit_contacts WHERE unit = $1', [unit]);
    else {
      await this.q(
        `INSERT INTO unit_contacts (unit, email, updated_at, updated_by) VALUES ($1, $2, $3, $4)
        ON CONFLICT (unit) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [unit, email, at, by],
      );
    }
  }

  async unitContacts(): Promise<UnitContact[]> {
    return (await this.q<ContactRow>('SELECT * FROM unit_contacts ORDER BY unit')).rows.map(toContact);
  }

  async setExcusal(period: string, unit: string, reason: string | null, at: string, actor: string): Promise<void> {
    if (reason === null) await this.q('DELETE FROM excusals WHERE period = $1 AND unit = $2', [period, unit]);
    else {
      await this.q(
        `INSERT INTO excusals (period, unit, reason, at, actor) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (period, unit) DO UPDATE SET reason = excluded.reason, at = excluded.at, actor = excluded.actor`,
        [period, unit, reason, at, actor],
      );
    }
  }

  async excusals(period?: string): Promise<ExcusalRecord[]> {
    return (
      await this.q<ExcusalRecord>('SELECT period, unit, reason, at, actor FROM excusals WHERE ($1::text IS NULL OR period = $1) ORDER BY period, unit', [
        period ?? null,
      ])
    ).rows;
  }

  async setMeta(key: string, value: string | null): Promise<void> {
    if (value === null) await this.q('DELETE FROM ledger_meta WHERE key = $1', [key]);
    else await this.q('INSERT INTO ledger_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async meta(key: string): Promise<string | undefined> {
    return (await this.q<{ value: string }>('SELECT value FROM ledger_meta WHERE key = $1', [key])).rows[0]?.value;
  }

  async metaKeys(prefix: string): Promise<string[]> {
    return (await this.q<{ key: string }>('SELECT key FROM ledger_meta WHERE left(key, $1) = $2 ORDER BY key COLLATE "C"', [prefix.length, prefix])).rows.map(
      (r) => r.key,
    );
  }

  async disableUser(name: string, at: string): Promise<boolean> {
    const done = (await this.q('UPDATE users SET disabled_at = $1 WHERE name = $2', [at, name])).rowCount === 1;
    if (done) await this.deleteSessions(name);
    return done;
  }

  async user(name: string): Promise<UserRecord | undefined> {
    const r = (await this.q<UserRow>('SELECT * FROM users WHERE name = $1', [name])).rows[0];
    return r && toUser(r);
  }

  async users(): Promise<UserRecord[]> {
    return (await this.q<UserRow>('SELECT * FROM users ORDER BY name')).rows.map(toUser);
  }

  async addSession(s: SessionRecord, now: string): Promise<void> {
    await this.q('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    await this.q('INSERT INTO sessions (id_hash, user_name, created_at, expires_at) VALUES ($1, $2, $3, $4)', [s.idHash, s.user, s.createdAt, s.expiresAt]);
  }

  async session(idHash: string, now: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    const r = (
      await this.q<SessionUserRow>(
        `SELECT s.id_hash, s.created_at AS s_created, s.expires_at, u.*
      FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
        [idHash, now],
      )
    ).rows[0];
    if (!r) return undefined;
    return toSessionUser(r);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.q('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteSessions(user: string): Promise<number> {
    return (await this.q('DELETE FROM sessions WHERE user_name = $1', [user])).rowCount ?? 0;
  }

  // --- Claims and locks: several workers on one database ---

  /** Runs `fn` in a transaction on one connection of the pool. */
  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready;
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch((err: Error) => (broken = err));
      throw e;
    } finally {
      c.release(broken);
    }
  }

  async claim(keys: string[], owner: string, leaseMs: number, max = keys.length): Promise<Claim[]> {
    const wanted = [...new Set(keys)];
    if (!wanted.length || max <= 0) return [];
    return this.transaction(async (c) => {
      // One claimant at a time, so that ids are reserved in the order keys are handed out.
      await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['phuluc:claims']);
      const free = (
        await c.query<{ key: string; reserved_id: number | null; owner: string | null }>(
          `SELECT t.key, c.reserved_id, c.owner FROM unnest($1::text[]) WITH ORDINALITY AS t(key, ord)
         LEFT JOIN claims c ON c.key = t.key
         WHERE c.key IS NULL OR (c.done_at IS NULL AND c.expires_at < now())
         ORDER BY t.ord LIMIT $2`,
          [wanted, max],
        )
      ).rows;
      const fresh = free.filter((r) => r.reserved_id === null).map((r) => r.key);
      const taken = free.filter((r) => r.reserved_id !== null);
      const ids = fresh.length
        ? (
            await c.query<{ id: number }>("SELECT nextval(pg_get_serial_sequence('submissions', 'id'))::int AS id FROM generate_series(1, $1)", [fresh.length])
          ).rows
            .map((r) => r.id)
            .sort((a, b) => a - b)
        : [];
      if (fresh.length) {
        await c.query(
          `INSERT INTO claims (key, owner, reserved_id, expires_at)
          SELECT k, $2, i, now() + $3 * interval '1 millisecond' FROM unnest($1::text[], $4::int[]) AS u(k, i)`,
          [fresh, owner, leaseMs, ids],
        );
      }
      if (taken.length) {
        // taken_over: from a worker that stopped renewing (not a claim given back, whose owner is '').
        await c.query(
          `UPDATE claims SET owner = $2, claimed_at = now(), expires_at = now() + $3 * interval '1 millisecond', taken_over = taken_over OR owner <> ''
          WHERE key = ANY($1::text[])`,
          [taken.map((t) => t.key), owner, leaseMs],
        );
      }
      const freshId = new Map(fresh.map((k, i) => [k, ids[i]]));
      return free.map((r): Claim =>
        r.reserved_id === null
          ? { key: r.key, id: freshId.get(r.key)!, takenOver: false }
          : { key: r.key, id: r.reserved_id, takenOver: r.owner !== '' && r.owner !== owner },
      );
    });
  }

  async renewClaims(owner: string, leaseMs: number): Promise<number> {
    return (
      (await this.q(`UPDATE claims SET expires_at = now() + $2 * interval '1 millisecond' WHERE owner = $1 AND done_at IS NULL`, [owner, leaseMs])).rowCount ??
      0
    );
  }

  async finishClaim(key: string, _owner: string): Promise<void> {
    await this.q('UPDATE claims SET done_at = now() WHERE key = $1 AND done_at IS NULL', [key]);
  }

  async releaseClaims(owner: string, keys?: string[]): Promise<void> {
    // Kept with their reserved id (a file retried keeps its place), free to be claimed at once.
    if (keys)
      await this.q(
        `UPDATE claims SET owner = '', expires_at = now() - interval '1 millisecond' WHERE owner = $1 AND done_at IS NULL AND key = ANY($2::text[])`,
        [owner, keys],
      );
    else await this.q(`UPDATE claims SET owner = '', expires_at = now() - interval '1 millisecond' WHERE owner = $1 AND done_at IS NULL`, [owner]);
  }

  async pruneClaims(olderThanMs: number): Promise<number> {
    return (await this.q(`DELETE FROM claims WHERE done_at < now() - $1 * interval '1 millisecond'`, [olderThanMs])).rowCount ?? 0;
  }

  async lapsedClaims(prefix: string): Promise<string[]> {
    const rows = await this.q<{ key: string }>(
      `SELECT key FROM claims WHERE done_at IS NULL AND expires_at < now() AND left(key, length($1)) = $1 ORDER BY key COLLATE "C"`,
      [prefix],
    );
    return rows.rows.map((r) => r.key);
  }

  /** A session-level advisory lock on a connection of its own, held while `fn` runs. */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    await this.ready;
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query(`SELECT ${LOCK}`, [`phuluc:${name}`]).catch((e: Error) => {
        broken = e;
        throw e;
      });
      try {
        return await fn();
      } finally {
        // A connection that cannot unlock is dropped: the server frees its locks with the session.
        await c.query(`SELECT ${UNLOCK}`, [`phuluc:${name}`]).catch((e: Error) => (broken = e));
      }
    } finally {
      c.release(broken);
    }
  }
}
