#!/usr/bin/env node
// `npm pack` runs this first (the "prepack" script): the package carries the compiled worker
// (dist/node), the built console (dist/console) and the built pane (dist/addin), so that a server
// installs it with Node alone and builds nothing. dist/ is made anew: a module removed from the
// sources must not linger in the package.
//
// PHULUC_PREBUILT=1 keeps a dist/ that was built moments before from the same sources (CI's
// package check, which runs right after `npm test` built everything), and only checks it is there.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NEEDED = ['dist/node/worker/cli.js', 'dist/console/index.html', 'dist/addin/taskpane.html'];

if (process.env.PHULUC_PREBUILT === '1') {
  const missing = NEEDED.filter((f) => !existsSync(path.join(root, f)));
  if (missing.length) {
    process.stderr.write(`prepack: PHULUC_PREBUILT=1 but ${missing.join(', ')} missing; run npm run build && npm run build:node first.\n`);
    process.exit(1);
  }
  process.stdout.write('prepack: using the dist/ built before (PHULUC_PREBUILT=1)\n');
} else {
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  execFileSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  execFileSync(npm, ['run', 'build:node', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  const missing = NEEDED.filter((f) => !existsSync(path.join(root, f)));
  if (missing.length) {
    process.stderr.write(`prepack: the build did not write ${missing.join(', ')}\n`);
    process.exit(1);
  }
}
