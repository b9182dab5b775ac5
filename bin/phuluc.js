#!/usr/bin/env node
// The worker's command line, compiled from worker/*.ts into dist/node by `npm run build:node`
// (run by `npm ci`/`npm install` through the "prepare" script, and by the demo and test scripts).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/node/worker/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('Chương trình chưa được biên dịch. Hãy chạy “npm run build:node” (hoặc “npm ci”) trong thư mục dự án rồi chạy lại.\n');
  process.exit(1);
}
await import(entry.href);
