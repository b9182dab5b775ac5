/**
 * Backup on the PostgreSQL ledger: the archive holds the data folder's files and the configuration
 * but no ledger (it lives in the database), says so in its list, and `phuluc backup` gives the
 * pg_dump line to run beside it; `phuluc restore` says to restore the database from that dump.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_NAME, type BackupManifest } from '../../worker/backup.ts';
import { phuluc } from '../helpers/cli.ts';
import { postgresOrSkip, startCluster, type Cluster } from '../helpers/postgres.ts';
import { dropRealSubmissions, tempDir, testConfig } from '../helpers/worker.ts';

describe.skipIf(!postgresOrSkip())('phuluc backup on PostgreSQL', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('keeps the files, leaves the ledger to pg_dump and says so', async () => {
    const url = await cluster.createDatabase('sao_luu');
    const root = tempDir('backup-pg');
    const { file, cfg } = testConfig(root, { ledger: { url, claimTimeoutMs: 60_000 } });
    await dropRealSubmissions(cfg, false, ['KT', 'NV']);
    expect((await phuluc('consolidate', '--config', file)).code).toBe(0);
    const archive = path.join(root, 'sao-luu.tar.gz');
    const r = await phuluc('backup', '--config', file, '--out', archive);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Sổ theo dõi nằm trong PostgreSQL nên không có trong tệp này');
    expect(r.stdout).toContain(`pg_dump --format=custom --file=${path.join(root, 'sao-luu')}.pgdump "${url}"`);
    const listed = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.some((n) => n.startsWith('data/ledger.sqlite'))).toBe(false);
    expect(listed.filter((n) => /^data\/archive\/.*\.xlsx$/.test(n))).toHaveLength(2);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', archive, MANIFEST_NAME], { encoding: 'utf8' })) as BackupManifest;
    expect(manifest.ledger).toBe('postgres');
    const back = await phuluc('restore', archive, '--to', path.join(root, 'khoi-phuc'));
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('Sổ theo dõi nằm trong PostgreSQL: hãy khôi phục cơ sở dữ liệu từ bản pg_dump');
  });
});
