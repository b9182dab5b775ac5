#!/usr/bin/env node
// `npm pack` runs this first (the "prepack" script): the package carries the compiled worker
// (dist/node), the built console (dist/console) and the built pane (dist/addin), so that a server
// installs it with Node alone and builds nothing. dist/ is made anew: a module removed from the
// sources must not linger in the package.
//
// PHULUC_PREBUILT=1 keeps the console and pane built moments before from the same sources (CI's
// package check, which runs right after `npm test` built them) and compiles only the worker.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NEEDED = ['dist/node/worker/cli.js', 'dist/console/index.html', 'dist/addin/taskpane.html'];

const run = (script) => execFileSync(npm, ['run', script, '--silent'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
if (process.env.PHULUC_PREBUILT === '1') {
  process.stderr.write('prepack: the console and the pane as built before (PHULUC_PREBUILT=1)\n');
} else {
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  run('build');
}
rmSync(path.join(root, 'dist', 'node'), { recursive: true, force: true });
run('build:node');
const missing = NEEDED.filter((f) => !existsSync(path.join(root, f)));
if (missing.length) {
  process.stderr.write(`prepack: ${missing.join(', ')} missing (run npm run build first, or without PHULUC_PREBUILT)\n`);
  process.exit(1);
}

// The package.json inside the tarball: what an installed package needs. No scripts (npm would take
// "prepare" for an install script of the package itself, and there is nothing to build on a server),
// no devDependencies, no overrides (they name a development stand-in). tools/postpack.js puts the
// original back once the tarball is written.
const pkgFile = path.join(root, 'package.json');
const original = readFileSync(pkgFile, 'utf8');
writeFileSync(path.join(root, 'package.json.before-pack'), original);
const { scripts: _s, devDependencies: _d, overrides: _o, ...installed } = JSON.parse(original);
writeFileSync(pkgFile, `${JSON.stringify(installed, null, 2)}\n`);
