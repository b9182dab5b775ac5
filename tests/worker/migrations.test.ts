/**
 * Schema migrations on SQLite: versioned, run at start, each once, in order; a ledger of an older
 * version is brought up to date with its records kept. (PostgreSQL: migrations.postgres.test.ts.)
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../worker/ledger/migrations.ts';
import { POSTGRES_MIGRATIONS } from '../../worker/ledger/postgres-migrations.ts';
import { migrate, SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { submission } from '../helpers/ledger-contract.ts';
import { tempDir } from '../helpers/worker.ts';

function versions(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  } finally {
    db.close();
  }
}

describe('SQLite migrations', () => {
  it('are numbered 1, 2, 3 … without gaps, the same numbers as PostgreSQL’s', () => {
    expect(SQLITE_MIGRATIONS.map((m) => m.version)).toEqual(SQLITE_MIGRATIONS.map((_, i) => i + 1));
    expect(POSTGRES_MIGRATIONS.map((m) => m.version)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
  });

  it('a new ledger gets every version once; opening it again applies nothing', async () => {
    const file = path.join(tempDir('mig-new'), 'ledger.sqlite');
    const all = SQLITE_MIGRATIONS.map((m) => m.version);
    await new SqliteLedger(file).close();
    expect(versions(file)).toEqual(all);
    const l = new SqliteLedger(file);
    await l.insert(submission());
    await l.close();
    await new SqliteLedger(file).close();
    expect(versions(file)).toEqual(all);
  });

  it('an older ledger is brought up to date at start, keeping its records', async () => {
    const file = path.join(tempDir('mig-old'), 'ledger.sqlite');
    const db = new Database(file);
    migrate(db, SQLITE_MIGRATIONS.slice(0, 1));
    const s = submission();
    db.prepare(
      `INSERT INTO submissions (sha256, file_name, source, received_at, size, archive_path, unit, period, status, problems, warnings, plan_edits, rows)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(s.sha256, s.fileName, s.source, s.receivedAt, s.size, s.archivePath, s.unit, s.period, s.status, '[]', '[]', '[]', JSON.stringify(s.rows));
    db.close();
    expect(versions(file)).toEqual([1]);

    const l = new SqliteLedger(file);
    try {
      expect(versions(file)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
      expect((await l.bySha(s.sha256))?.rows).toEqual(s.rows);
      // What the later versions brought works on the old records: enrolments, claims after the old ids.
      await l.addEnrolment('KT', 'C1', '2023-11-01T00:00:00Z', '2023-11-08T00:00:00Z');
      expect(await l.redeemEnrolment('C1', '2023-11-02T00:00:00Z')).toBe('KT');
      const [c] = await l.claim(['inbox:x'], 'w', 60_000);
      expect(c.id).toBeGreaterThan((await l.bySha(s.sha256))!.id);
    } finally {
      await l.close();
    }
  });

  it('version 7 keeps the accounts and sessions of an older ledger, and takes the administrator’s role', async () => {
    const file = path.join(tempDir('mig-v7'), 'ledger.sqlite');
    const db = new Database(file);
    migrate(db, SQLITE_MIGRATIONS.slice(0, 6));
    db.prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES ('lan', 'ke-hoach', 'scrypt$x', '2023-11-01T00:00:00Z')").run();
    db.prepare("INSERT INTO sessions (id_hash, user_name, created_at, expires_at) VALUES ('s1', 'lan', '2023-11-01T00:00:00Z', '2099-01-01T00:00:00Z')").run();
    expect(() => db.prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES ('admin', 'quan-tri', 'x', 'y')").run()).toThrow(/CHECK/);
    db.close();
    const l = new SqliteLedger(file);
    try {
      expect(await l.user('lan')).toEqual({
        name: 'lan',
        role: 'ke-hoach',
        passwordHash: 'scrypt$x',
        createdAt: '2023-11-01T00:00:00Z',
        disabledAt: null,
        fullName: '',
        mustChangePassword: false,
      });
      expect((await l.session('s1', '2024-01-01T00:00:00Z'))?.user.name).toBe('lan');
      expect(await l.addUser({ name: 'admin', role: 'quan-tri', passwordHash: 'x', createdAt: 'y', disabledAt: null })).toBe(true);
      // The sessions still refer to the accounts: a disabled account's sessions end.
      await l.disableUser('lan', '2024-01-01T00:00:00Z');
      expect(await l.session('s1', '2024-01-01T00:00:00Z')).toBeUndefined();
    } finally {
      await l.close();
    }
  });

  it('a failing migration leaves the ledger at the version before it', () => {
    const file = path.join(tempDir('mig-fail'), 'ledger.sqlite');
    const db = new Database(file);
    try {
      expect(() =>
        migrate(db, [...SQLITE_MIGRATIONS.slice(0, 1), { version: 2, sql: 'CREATE TABLE t (a INTEGER); INSERT INTO nowhere VALUES (1);' }]),
      ).toThrow();
      expect((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version)).toEqual([1]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
