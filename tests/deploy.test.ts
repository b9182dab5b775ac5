// The systemd unit shipped in the package (deploy/phuluc.service): systemd's own checker accepts it,
// its hardening scores "OK" in `systemd-analyze security`, and the promises docs/install.md makes
// hold — one writable path (the data folder), the rest of the system read-only, no new privileges,
// restart on failure, SIGTERM to stop and SIGHUP to reload the certificate.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../worker/paths.ts';
import { tempDir } from './helpers/worker.ts';

const UNIT = path.join(PROJECT_ROOT, 'deploy', 'phuluc.service');
const ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
if (!ANALYZE && process.env.CI) throw new Error('systemd-analyze is missing: .ci/run installs Debian’s systemd package');

/** The unit's directives, `Key` → values, in order. */
function directives(text: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const d = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (d) m.set(d[1], [...(m.get(d[1]) ?? []), d[2]]);
  }
  return m;
}

describe('deploy/phuluc.service', () => {
  const text = readFileSync(UNIT, 'utf8');
  const d = directives(text);

  it('keeps the service to its data folder, without privileges, restarting on failure', () => {
    expect(d.get('User')).toEqual(['phuluc']);
    expect(d.get('ReadWritePaths')).toEqual(['/var/lib/phuluc']);
    expect(d.get('WorkingDirectory')).toEqual(['/var/lib/phuluc']);
    for (const [k, v] of [
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['NoNewPrivileges', 'yes'],
      ['Restart', 'on-failure'],
      ['KillSignal', 'SIGTERM'],
    ]) {
      expect([k, d.get(k)]).toEqual([k, [v]]);
    }
    expect(d.get('ExecReload')).toEqual(['/bin/kill -HUP $MAINPID']);
    expect(d.get('ExecStart')).toEqual(['phuluc start --config /etc/phuluc/phuluc.config.json']);
    expect(d.get('CapabilityBoundingSet')).toEqual(['']);
    expect(d.has('MemoryDenyWriteExecute')).toBe(false); // V8's compiler needs writable code pages
  });

  it.runIf(Boolean(ANALYZE))('passes `systemd-analyze verify` (the command resolved as installed), and scores OK in `systemd-analyze security`', () => {
    const dir = tempDir('unit');
    const unit = path.join(dir, 'phuluc.service');
    // systemd looks the bare `phuluc` up in its fixed path at load time; here it is the installed bin's stand-in.
    writeFileSync(unit, text.replace(/^ExecStart=phuluc /m, `ExecStart=${process.execPath} `));
    const verify = spawnSync(ANALYZE!, ['verify', unit], { encoding: 'utf8' });
    expect([verify.status, `${verify.stdout}${verify.stderr}`.trim()]).toEqual([0, '']);
    const security = execFileSync(ANALYZE!, ['security', '--offline=true', unit], { encoding: 'utf8' });
    const level = Number(/Overall exposure level for phuluc\.service: ([\d.]+)/.exec(security)![1]);
    expect(level).toBeLessThanOrEqual(2.0);
    // The checker bites: an unknown key, or a command that is not there, is reported.
    const bad = path.join(dir, 'hong.service');
    writeFileSync(bad, text.replace(/^ExecStart=phuluc /m, 'ExecStart=/khong/co/phuluc ').replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
    const refused = spawnSync(ANALYZE!, ['verify', bad], { encoding: 'utf8' });
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/Unknown key 'NoNewPrivilege'/);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/is not executable/);
  });
});
