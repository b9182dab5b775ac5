/**
 * Schema migrations on PostgreSQL (a throwaway cluster): each version once, in order, also when
 * several workers start at the same moment; an older database is brought up to date.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../worker/errors.ts';
import { POSTGRES_MIGRATIONS } from '../../worker/ledger/postgres-migrations.ts';
import { migratePostgres, PostgresLedger } from '../../worker/ledger/postgres.ts';
import { submission } from '../helpers/ledger-contract.ts';
import { postgresOrSkip, startCluster, type Cluster } from '../helpers/postgres.ts';

async function versions(url: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
  } finally {
    await c.end();
  }
}

describe.skipIf(!postgresOrSkip())('PostgreSQL migrations', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const all = POSTGRES_MIGRATIONS.map((m) => m.version);

  it('several workers starting at once apply each version exactly once', async () => {
    const url = await cluster.createDatabase('mig_race');
    const ledgers = Array.from({ length: 5 }, () => new PostgresLedger(url));
    try {
      expect(await Promise.all(ledgers.map((l) => l.count()))).toEqual([0, 0, 0, 0, 0]);
      expect(await versions(url)).toEqual(all);
    } finally {
      await Promise.all(ledgers.map((l) => l.close()));
    }
    const again = new PostgresLedger(url);
    await again.count();
    await again.close();
    expect(await versions(url)).toEqual(all);
  });

  it('an older database is brought up to date at start, keeping its records', async () => {
    const url = await cluster.createDatabase('mig_old');
    const pool = new pg.Pool({ connectionString: url });
    const s = submission();
    try {
      await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, 1));
      await pool.query(
        `INSERT INTO submissions (sha256, file_name, source, received_at, size, archive_path, unit, period, status, problems, warnings, plan_edits, rows)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '[]', '[]', '[]', $10)`,
        [s.sha256, s.fileName, s.source, s.receivedAt, s.size, s.archivePath, s.unit, s.period, s.status, JSON.stringify(s.rows)],
      );
    } finally {
      await pool.end();
    }
    expect(await versions(url)).toEqual([1]);
    const l = new PostgresLedger(url);
    try {
      expect((await l.bySha(s.sha256))?.rows).toEqual(s.rows);
      expect(await versions(url)).toEqual(all);
      await l.addEnrolment('KT', 'C1', '2023-11-01T00:00:00Z', '2023-11-08T00:00:00Z');
      expect(await l.redeemEnrolment('C1', '2023-11-02T00:00:00Z')).toBe('KT');
      const [c] = await l.claim(['inbox:x'], 'w', 60_000);
      expect(c.id).toBeGreaterThan((await l.bySha(s.sha256))!.id);
    } finally {
      await l.close();
    }
  });

  it('a failing migration leaves the database at the version before it', async () => {
    const url = await cluster.createDatabase('mig_fail');
    const pool = new pg.Pool({ connectionString: url });
    try {
      await expect(
        migratePostgres(pool, [...POSTGRES_MIGRATIONS.slice(0, 1), { version: 2, sql: 'CREATE TABLE t (a int); INSERT INTO nowhere VALUES (1);' }]),
      ).rejects.toThrow(/nowhere/);
      expect((await pool.query('SELECT version FROM schema_migrations')).rows.map((r) => r.version)).toEqual([1]);
      expect((await pool.query("SELECT to_regclass('t') AS t")).rows[0].t).toBeNull();
    } finally {
      await pool.end();
    }
  });

  it('a server that cannot be reached, or a database not created, fails the first call with a message for the planning office', async () => {
    for (const [url, code, words] of [
      ['postgres://phuluc@127.0.0.1:1/none', 'ECONNREFUSED', /Không kết nối được cơ sở dữ liệu PostgreSQL/],
      [cluster.url('chua_tao'), '3D000', /Chưa có cơ sở dữ liệu ghi trong “ledger.url”/],
    ] as const) {
      const l = new PostgresLedger(url);
      const err = await l.count().then(
        () => undefined,
        (e: unknown) => e,
      );
      await l.close();
      expect(err).toMatchObject({ code });
      expect(describeError(err)).toMatch(words);
    }
  });
});
