/**
 * Upgrades: a data folder written by an earlier release opens in this build with the same board,
 * the same appendix (its figures, summary, final or draft), the same versions, accounts and access
 * tokens. Each tests/fixtures/release-<version>/ was made by that release's code
 * (tools/make-release-fixture.ts; its expected.json is what that release showed) and is never
 * regenerated: it is the contract every later change must keep passing.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../worker/config.ts';
import { FolderStore } from '../../worker/ingest/archive.ts';
import { openLedger } from '../../worker/ledger/index.ts';
import { assertLedgerMatchesStore } from '../../worker/recovery.ts';
import { verifyPassword } from '../../worker/review/accounts.ts';
import { phuluc } from '../helpers/cli.ts';
import { FIXTURE_TOKEN, FIXTURE_USER, releaseView } from '../helpers/release.ts';
import { tempDir } from '../helpers/worker.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');
const releases = readdirSync(FIXTURES)
  .filter((n) => /^release-\d+\.\d+\.\d+/.test(n))
  .sort();

describe('data folders of earlier releases', () => {
  it('there is one for this release (a new version makes its own: tools/make-release-fixture.ts)', () => {
    const version = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(releases).toContain(`release-${version}`);
  });

  it.each(releases)('%s opens with the same board, appendix, versions, accounts and tokens', async (release) => {
    const copy = path.join(tempDir(release), release);
    cpSync(path.join(FIXTURES, release), copy, { recursive: true });
    expect(existsSync(path.join(copy, 'data', 'ledger.sqlite-wal'))).toBe(false);
    const {
      now,
      version: _v,
      madeAt: _m,
      ...expected
    } = JSON.parse(readFileSync(path.join(copy, 'expected.json'), 'utf8')) as Record<string, unknown> & { now: string };
    const cfg = loadConfig(path.join(copy, 'phuluc.config.json'));
    const ledger = openLedger(cfg); // migrations to this build's schema run here
    try {
      await assertLedgerMatchesStore(ledger, new FolderStore(cfg.paths.archive));
      expect(await releaseView(cfg, ledger, new Date(now))).toEqual(expected);
      expect(await ledger.unitForToken(FIXTURE_TOKEN)).toBe('LDTBXH');
      const user = await ledger.user(FIXTURE_USER.name);
      expect(await verifyPassword(FIXTURE_USER.password, user?.passwordHash)).toBe(true);
    } finally {
      await ledger.close();
    }
    // And the command line works on it as the office runs it.
    const status = await phuluc('status', '--config', path.join(copy, 'phuluc.config.json'));
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Phòng Kinh tế\s+đã nộp, hợp lệ \(đã duyệt\)/);
    const run = await phuluc('consolidate', '--config', path.join(copy, 'phuluc.config.json'));
    expect(run.code, run.stderr).toBe(0);
  });
});
