#!/usr/bin/env node
// The benchmark (bench/main.ts), compiled with the worker into dist/node by `npm run build:node`,
// so that it measures the JavaScript the worker really runs.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/node/bench/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('Chưa biên dịch. Hãy chạy “npm run bench” (nó biên dịch trước) hoặc “npm run build:node”.\n');
  process.exit(1);
}
await import(entry.href);
