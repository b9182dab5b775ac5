#!/usr/bin/env node
// After `npm pack`: the package.json that tools/prepack.js trimmed for the tarball is put back.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const saved = path.join(root, 'package.json.before-pack');
if (existsSync(saved)) renameSync(saved, path.join(root, 'package.json'));
