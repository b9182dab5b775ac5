#!/usr/bin/env node
// `npm ci` and `npm install` in a source checkout run this (the "prepare" script): the worker is
// compiled (dist/node) and the pane and the console are built (dist/addin, dist/console), so that
// `phuluc start` serves the console at once, with no second build and no restart.
// `npm pack` and `npm publish` run "prepare" too, after tools/prepack.js has built everything for
// the tarball: nothing is left to do then.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

if (['pack', 'publish'].includes(process.env.npm_command ?? '')) process.exit(0);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) => execFileSync(npm, ['run', script, '--silent'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
run('build:node');
process.stderr.write('prepare: building the pane and the console (dist/addin, dist/console), about a minute\n');
run('build');
