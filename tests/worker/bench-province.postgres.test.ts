/**
 * The province-scale benchmark runs as its README line says (`npm run bench -- --ledger postgres
 * --workers 2`), from the compiled JavaScript, at a small N: every measurement's results check out
 * (each file recorded once, each unit's latest submission, the province's total). Its figures are
 * not asserted here: speed is the benchmark's business, that it runs and counts right is ours.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { postgresOrSkip } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/worker.ts';

const BIN = path.join(PROJECT_ROOT, 'bin/phuluc-bench.js');
const UNITS = 120;

interface Run {
  label: string;
  processes: number;
  files: number[];
  correct: boolean;
}
interface Report {
  files: number;
  runs: Run[];
  rollup: { correct: boolean };
  correct: boolean;
  ratio?: number;
}

describe.skipIf(!postgresOrSkip())('the province benchmark', () => {
  it('runs compiled: SQLite, one and two PostgreSQL processes and the roll-up, each checked', () => {
    expect(existsSync(path.join(PROJECT_ROOT, 'dist/node/bench/main.js')), 'npm run build:node first (npm test does)').toBe(true);
    const out = tempDir('bench-province');
    const r = spawnSync(process.execPath, [BIN, '--units', String(UNITS), '--ledger', 'postgres', '--workers', '2', '--out', out], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('results check out');
    const report = JSON.parse(readFileSync(path.join(out, 'bench-province.json'), 'utf8')) as Report;
    expect(report.files).toBe(UNITS);
    expect(report.runs.map((x) => [x.label.split(' ')[0], x.processes])).toEqual([
      ['SQLite', 1],
      ['PostgreSQL', 1],
      ['PostgreSQL', 2],
    ]);
    for (const run of report.runs) {
      expect(run.correct, `${run.label}, ${run.processes}`).toBe(true);
      expect(
        run.files.reduce((a, b) => a + b, 0),
        `${run.label}, ${run.processes}: files taken`,
      ).toBe(UNITS);
    }
    expect(
      report.runs[2].files.every((n) => n > 0),
      'both processes took files',
    ).toBe(true);
    expect(report.rollup.correct).toBe(true);
    expect(report.correct).toBe(true);
    expect(report.ratio).toBeGreaterThan(0);
  }, 300_000);
});
