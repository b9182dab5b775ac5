/**
 * Makes tests/fixtures/release-<version>/: a small data folder written by this release (the 13 real
 * 2023 submissions by the folder route, one refused file, one unit approved and one returned, a
 * console account and a department's access token, the appendix and its versions), and
 * expected.json: what this release shows of it (the board, the appendix's rows and summary, the
 * versions, the accounts). tests/worker/release-fixture.test.ts holds every later build to it: the
 * fixture is the contract that a data folder of this release opens in the next one.
 *
 *   npx tsx tools/make-release-fixture.ts        (then git add -f tests/fixtures/release-<version>)
 *
 * Run once per release, from that release's code; never regenerate an existing one.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeXlsRenamed } from '../tests/fixtures/hostile.ts';
import { dropRealSubmissions } from '../tests/helpers/worker.ts';
import { loadConfig, PROJECT_ROOT } from '../worker/config.ts';
import { createLogger } from '../worker/log.ts';
import { hashPassword } from '../worker/review/accounts.ts';
import { WorkerService } from '../worker/service.ts';
import { releaseView, FIXTURE_TOKEN, FIXTURE_USER } from '../tests/helpers/release.ts';

const version = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const dest = path.join(PROJECT_ROOT, 'tests', 'fixtures', `release-${version}`);
if (existsSync(dest)) {
  process.stderr.write(`${dest} exists: a release's fixture is never made again.\n`);
  process.exit(1);
}
const work = path.join(tmpdir(), `phuluc-release-${version}-${process.pid}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const config = {
  dataDir: './data',
  period: '2023-uoc',
  deadline: '2023-11-20T17:00:00+07:00',
  inbox: { settleMs: 0 },
  logLevel: 'silent',
  http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 100 },
};
writeFileSync(path.join(work, 'phuluc.config.json'), `${JSON.stringify(config, null, 2)}\n`);
const cfg = loadConfig(path.join(work, 'phuluc.config.json'));
let now = Date.parse('2023-11-15T09:00:00+07:00');
const service = new WorkerService(cfg, createLogger('silent'), () => new Date(now));

await dropRealSubmissions(cfg, false);
writeFileSync(path.join(cfg.paths.inbox, 'bao-cao-cu.xlsx'), makeXlsRenamed());
await service.runOnce();
now += 3_600_000;
await service.ledger.addUser({
  name: FIXTURE_USER.name,
  role: 'ke-hoach',
  passwordHash: await hashPassword(FIXTURE_USER.password),
  createdAt: new Date(now).toISOString(),
  disabledAt: null,
});
await service.ledger.addToken('LDTBXH', FIXTURE_TOKEN, new Date(now).toISOString());
const latest = await service.ledger.latestAccepted(cfg.period.id);
await service.review({ submissionId: latest.get('KT')!.id, action: 'approve', actor: FIXTURE_USER.name, note: null });
now += 60_000;
await service.review({ submissionId: latest.get('NV')!.id, action: 'return', actor: FIXTURE_USER.name, note: 'Đề nghị kiểm tra lại số liệu.' });
now += 60_000;
await service.consolidateNow();
const expected = await releaseView(cfg, service.ledger, new Date(now));
await service.stop(); // closes the ledger: the WAL is folded into ledger.sqlite

mkdirSync(dest, { recursive: true });
cpSync(path.join(work, 'phuluc.config.json'), path.join(dest, 'phuluc.config.json'));
for (const part of ['ledger.sqlite', 'archive', 'out', 'rejected']) cpSync(path.join(cfg.paths.root, part), path.join(dest, 'data', part), { recursive: true });
writeFileSync(
  path.join(dest, 'expected.json'),
  `${JSON.stringify({ version, madeAt: new Date().toISOString(), now: new Date(now).toISOString(), ...expected }, null, 1)}\n`,
);
rmSync(work, { recursive: true, force: true });
process.stdout.write(`${dest}\n`);
