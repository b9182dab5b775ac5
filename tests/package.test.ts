/**
 * The office's install, end to end (tools/check-package.sh): the tarball from `npm pack`, installed
 * as an unprivileged user into an empty prefix with npm alone, `phuluc start` from an empty folder
 * answering the console, /addin/taskpane.html and the intake; a manifest written for the system's
 * address (validated here offline), a backup while it runs restored elsewhere, a clean SIGTERM, the
 * systemd unit verified against the installed command.
 *
 * It needs the npm registry and takes minutes (better-sqlite3 builds from source without the
 * internet), so it runs in CI (CI=true: after `npm test` built the pages, which it packs as built)
 * or when asked: PHULUC_PACKAGE_CHECK=1 npx vitest run tests/package.test.ts (a full build first;
 * PHULUC_PACKAGE_CHECK=prebuilt packs the pages this checkout built).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../worker/paths.ts';
import { child, children, parseXml } from './helpers/manifest.ts';
import { tempDir } from './helpers/worker.ts';

const wanted = Boolean(process.env.CI) || Boolean(process.env.PHULUC_PACKAGE_CHECK);
if (!wanted) console.warn('Bỏ qua kiểm thử gói cài đặt (cần mạng tới kho npm, vài phút): đặt PHULUC_PACKAGE_CHECK=1 để chạy.');

describe.runIf(wanted)('the package', () => {
  it('installs with npm alone and serves the console, the pane and the intake from an empty folder', () => {
    const parent = tempDir('package');
    chmodSync(parent, 0o755); // the unprivileged user the script installs as must reach its folder
    const keep = path.join(parent, 'check');
    const prebuilt = Boolean(process.env.CI) || process.env.PHULUC_PACKAGE_CHECK === 'prebuilt';
    const args = ['tools/check-package.sh', ...(prebuilt ? ['--prebuilt'] : []), '--keep', keep];
    const r = spawnSync('bash', args, { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 1_500_000 });
    const said = `${r.stdout}\n${r.stderr}`;
    console.log(
      said
        .split('\n')
        .filter((l) => l.startsWith('check-package:'))
        .join('\n'),
    );
    expect(r.status, said).toBe(0);
    expect(r.stdout).toMatch(/check-package: OK — tarball \d+ KiB, install \d+s/);
    const manifest = parseXml(readFileSync(path.join(keep, 'etc', 'manifest.xml'), 'utf8'));
    expect(manifest.tag).toBe('OfficeApp');
    expect(children(child(manifest, 'AppDomains'), 'AppDomain').map((d) => d.text)).toEqual(['https://phuluc.example.gov.vn']);
    expect(child(child(manifest, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue).toBe('https://phuluc.example.gov.vn/addin/taskpane.html');
  }, 1_600_000);
});
