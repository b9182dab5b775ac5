/**
 * `npm run bench -- --units N`: consolidation throughput, memory and incremental runs, from a
 * town to a province.
 *
 * Generates N filled submissions (bench/generate.ts), then measures, each in a child process of
 * its own (so peak RSS is that process's alone), at N = 500 and N:
 *   (a) ingest + consolidation from an empty ledger: files/s and ms/file;
 *   (b) the same run again with nothing new (in the running service, and as a fresh CLI process);
 *   (c) one new file: time until the appendix is rewritten;
 *   (d) the worker's peak RSS, and how it changes from N = 500 to N;
 *   (e) a naive baseline (exceljs `load` of every file, summing the figures) and the ratio, by
 *       wall time and by CPU time (worker CPU-seconds per file against the baseline's: the figure
 *       that holds on a shared machine, where wall time swings with other work);
 * and then (bench/extra-run.ts): reading a sheet with 20 000 … 120 000 extra cells (linear), a
 * 120 000-cell sheet over HTTP with the health check's latency meanwhile, and screening the
 * hostile files (time, peak memory).
 * Prints a table and writes the figures to out/bench.json. Nothing here asserts: numbers are
 * measured and compared with the targets, not tested.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../worker/config.ts';
import { baselineRun, type BaselineFigures } from './baseline.ts';
import { expectedLatest, generateSubmissions, type GenFile } from './generate.ts';
import { httpRun, readingRun, screeningRun, type HttpFigures, type ReadingFigures, type ScreeningFigures } from './extra-run.ts';
import { workerRun, type WorkerFigures } from './worker-run.ts';
import { provinceBench } from './province.ts';
import { provinceWorkerRun } from './province-worker.ts';

const BIN = path.join(PROJECT_ROOT, 'bin/phuluc-bench.js');
const CLI = path.join(PROJECT_ROOT, 'bin/phuluc.js');
const SMALL = 500;
const HOSTILE = new Set(['xls-renamed', 'encrypted', 'lying-zip-bomb', 'whole-column-validation', 'xlsm', 'truncated']);

const TARGETS = {
  filesPerSec: 250,
  ratio: 2,
  againMs: 1000,
  oneNewMs: 2000,
  peakRssMb: 400,
  /** "Not growing with N": peak at N within this factor of the peak at 500. */
  rssGrowth: 1.15,
  /** Reading 120 000 extra cells. */
  read120kMs: 500,
  /** The health check answered within this while a big sheet is read. */
  healthMaxMs: 50,
};

const HELP = `npm run bench -- [--units N] [--keep] [--threads T] [--repeat R] [--out DIR]

  --units N    submissions to generate and consolidate (default 2000); also measured at 500
  --keep       keep the temporary folder (generated files, data folders, ledgers)
  --threads T  analysis threads of the worker (default: its own choice, cores − 1; 0: none)
  --repeat R   measure each N R times (fresh process and data each time) and report the median
  --out DIR    where the figures are written as JSON (default out/: bench.json, bench-province.json)

Province scale (bench/province.ts), e.g. --units 20000 --ledger postgres --workers 2:
  --ledger L   sqlite (default) or postgres (a throwaway cluster; SQLite is measured beside it)
  --workers W  worker processes sharing the PostgreSQL ledger and the data folder (and 1, for the ratio)
               (--threads defaults to 0 there: each PostgreSQL process analyses on its own thread;
               the SQLite default keeps its own choice unless --threads is given)`;

class UsageError extends Error {}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Runs this same entry as a child (`--child KIND --job FILE`) and reads its JSON line. */
function child<T>(kind: 'worker' | 'baseline' | 'reading' | 'http' | 'screening', job: object, jobFile: string): T {
  writeFileSync(jobFile, JSON.stringify(job));
  const r = spawnSync(process.execPath, [BIN, '--child', kind, '--job', jobFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`bench: the ${kind} child failed (exit ${r.status ?? r.signal})`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

interface RunFigures {
  n: number;
  /** The median of the repeats (by the time of (a), of the baseline). */
  worker: WorkerFigures;
  repeats: { firstRunMs: number[]; baselineMs: number[]; peakRssMaxMb: number };
  cliAgainMs: number;
  baseline: BaselineFigures;
  filesPerSec: number;
  msPerFile: number;
  ratio: number;
  /** Baseline CPU-seconds per file over the worker's. */
  cpuRatio: number;
  expected: { accepted: number; rejected: number; latest: Record<string, string> };
  /** Counts, each unit's latest file, no change on (b), a rewrite on (c): in every repeat. */
  correct: boolean;
}

function median<T>(xs: T[], key: (x: T) => number): T {
  return [...xs].sort((a, b) => key(a) - key(b))[Math.floor((xs.length - 1) / 2)];
}

function fmt(v: number, digits = 0): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(runs: RunFigures[]): string {
  const rows: [string, ...string[]][] = [
    ['', ...runs.map((r) => `N = ${r.n}`), 'target'],
    ['(a) files/s, ingest + appendix, empty ledger', ...runs.map((r) => fmt(r.filesPerSec)), `≥ ${TARGETS.filesPerSec} at N`],
    ['    ms/file', ...runs.map((r) => fmt(r.msPerFile, 2)), ''],
    ['    run ms (inbox + appendix)', ...runs.map((r) => `${fmt(r.worker.firstRunMs)} (${fmt(r.worker.inboxMs)} + ${fmt(r.worker.consolidateMs)})`), ''],
    [
      '    worker CPU / other load on the machine: cores',
      ...runs.map(
        (r) => `${fmt(r.worker.firstRunCpu.ownCores, 2)} / ${r.worker.firstRunCpu.otherCores === null ? '?' : fmt(r.worker.firstRunCpu.otherCores, 2)}`,
      ),
      '',
    ],
    ['    analysis threads (+ the main thread)', ...runs.map((r) => String(r.worker.threads)), ''],
    ['    accepted / rejected / errors', ...runs.map((r) => `${r.worker.accepted} / ${r.worker.rejected} / ${r.worker.errors}`), ''],
    ['(b) run again, nothing new: ms', ...runs.map((r) => fmt(r.worker.againMs, 1)), `< ${TARGETS.againMs}`],
    ['    same, as a new CLI process: ms', ...runs.map((r) => fmt(r.cliAgainMs)), '(startup incl.)'],
    ['(c) one new file → appendix rewritten: ms', ...runs.map((r) => fmt(r.worker.oneNewMs)), `< ${TARGETS.oneNewMs}`],
    ['(d) peak RSS of the worker: MB', ...runs.map((r) => fmt(r.worker.peakRssMb)), `< ${TARGETS.peakRssMb}, flat`],
    ['    RSS after start-up: MB', ...runs.map((r) => fmt(r.worker.rssStartMb)), ''],
    ['(e) baseline exceljs load: files/s', ...runs.map((r) => fmt(r.baseline.filesPerSec, 1)), ''],
    ['    baseline ms/file, peak RSS MB', ...runs.map((r) => `${fmt(r.baseline.msPerFile, 1)}, ${fmt(r.baseline.peakRssMb)}`), ''],
    [
      '    baseline CPU / other load: cores',
      ...runs.map((r) => `${fmt(r.baseline.cpu.ownCores, 2)} / ${r.baseline.cpu.otherCores === null ? '?' : fmt(r.baseline.cpu.otherCores, 2)}`),
      '',
    ],
    ['    worker / baseline', ...runs.map((r) => `${fmt(r.ratio, 1)}×`), `≥ ${TARGETS.ratio}×`],
    ['    worker / baseline, per CPU-second', ...runs.map((r) => `${fmt(r.cpuRatio, 1)}×`), '(holds on a shared machine)'],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ')).join('\n');
}

async function runChild(kind: string, jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8'));
  const out =
    kind === 'worker'
      ? await workerRun(job)
      : kind === 'province-worker'
        ? await provinceWorkerRun(job)
        : kind === 'baseline'
          ? await baselineRun(job)
          : kind === 'reading'
            ? await readingRun()
            : kind === 'http'
              ? await httpRun()
              : screeningRun();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      units: { type: 'string', default: '2000' },
      keep: { type: 'boolean', default: false },
      threads: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      child: { type: 'string' },
      job: { type: 'string' },
      help: { type: 'boolean', default: false },
      ledger: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.child) return runChild(values.child, values.job!);
  if (values.help) {
    say(HELP);
    return;
  }
  if (values.ledger !== undefined || values.workers !== undefined) return province(values);
  const n = Number(values.units);
  if (!Number.isInteger(n) || n < 20) throw new UsageError('--units must be a whole number ≥ 20');
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0)) throw new UsageError('--threads must be a whole number ≥ 0');
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError('--repeat must be a whole number ≥ 1');
  const started = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'phuluc-bench-'));
  say(`Benchmark in ${tmp}`);
  try {
    const cfg = loadConfig(undefined, { dataDir: path.join(tmp, 'unused'), inbox: { settleMs: 0 }, logLevel: 'silent' });
    say(`Generating ${n} submissions…`);
    const gen = await generateSubmissions(cfg, path.join(tmp, 'files'), n);
    const counts: Record<string, number> = {};
    for (const f of gen.files) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    say(
      `  ${gen.files.length} files in ${(gen.ms / 1000).toFixed(1)} s: ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );

    const sizes = [...new Set([Math.min(SMALL, n), n])];
    const runs: RunFigures[] = [];
    for (const size of sizes) {
      const files: GenFile[] = gen.files.slice(0, size);
      const workers: WorkerFigures[] = [];
      for (let rep = 0; rep < repeat; rep++) {
        const data = path.join(tmp, `run-${size}-${rep}`);
        const inbox = path.join(data, 'inbox');
        mkdirSync(inbox, { recursive: true });
        for (const f of files) copyFileSync(path.join(gen.dir, f.name), path.join(inbox, f.name));
        say(`N = ${size}: worker${repeat > 1 ? ` (${rep + 1}/${repeat})` : ''}…`);
        workers.push(child<WorkerFigures>('worker', { data, extra: gen.extra.file, threads }, path.join(tmp, `job-worker-${size}.json`)));
      }
      const worker = median(workers, (w) => w.firstRunMs);
      const data = path.join(tmp, `run-${size}-${workers.indexOf(worker)}`);

      // (b) again, as an operator would: a new `phuluc consolidate` process (tsx start-up included).
      const configFile = path.join(tmp, `config-${size}.json`);
      writeFileSync(configFile, JSON.stringify({ dataDir: data, inbox: { settleMs: 0 }, logLevel: 'warn' }));
      const tc = performance.now();
      const cli = spawnSync(process.execPath, [CLI, 'consolidate', '--config', configFile], { encoding: 'utf8' });
      const cliAgainMs = performance.now() - tc;
      if (cli.status !== 0) throw new Error(`bench: phuluc consolidate failed: ${cli.stderr}`);

      say(`N = ${size}: baseline (exceljs load)…`);
      const names = files.filter((f) => !HOSTILE.has(f.kind)).map((f) => f.name);
      const baselines: BaselineFigures[] = [];
      for (let rep = 0; rep < repeat; rep++)
        baselines.push(child<BaselineFigures>('baseline', { dir: gen.dir, names }, path.join(tmp, `job-baseline-${size}.json`)));
      const baseline = median(baselines, (b) => b.ms);

      const want = expectedLatest(files);
      const accepted = files.filter((f) => f.expect === 'accepted').length;
      const rejected = files.filter((f) => f.expect === 'rejected').length;
      // Every repeat must have got it right, not just the median one.
      const correct = workers.every(
        (w) =>
          w.accepted === accepted &&
          w.rejected === rejected &&
          w.errors === 0 &&
          [...want].every(([unit, name]) => w.latest[unit] === name) &&
          Object.keys(w.latest).length === want.size &&
          !w.againChanged &&
          w.oneNewChanged &&
          w.appendixRewritten,
      );
      const filesPerSec = (size / worker.firstRunMs) * 1000;
      const workerCpuPerFile = (worker.firstRunCpu.ownCores * worker.firstRunCpu.wallMs) / 1000 / size;
      const baselineCpuPerFile = (baseline.cpu.ownCores * baseline.cpu.wallMs) / 1000 / names.length;
      runs.push({
        n: size,
        worker,
        cliAgainMs,
        baseline,
        filesPerSec,
        msPerFile: worker.firstRunMs / size,
        ratio: filesPerSec / baseline.filesPerSec,
        cpuRatio: baselineCpuPerFile / workerCpuPerFile,
        repeats: {
          firstRunMs: workers.map((w) => w.firstRunMs),
          baselineMs: baselines.map((b) => b.ms),
          peakRssMaxMb: Math.max(...workers.map((w) => w.peakRssMb)),
        },
        expected: { accepted, rejected, latest: Object.fromEntries(want) },
        correct,
      });
    }

    say('Reading sheets with 20 000 … 120 000 extra cells…');
    const reading = child<ReadingFigures>('reading', {}, path.join(tmp, 'job-reading.json'));
    say('A 120 000-cell sheet over HTTP, health checks meanwhile…');
    const http = child<HttpFigures>('http', {}, path.join(tmp, 'job-http.json'));
    say('Screening hostile files…');
    const screening = child<ScreeningFigures>('screening', {}, path.join(tmp, 'job-screening.json'));

    const big = runs[runs.length - 1];
    const small = runs[0];
    const rssGrowth = big.repeats.peakRssMaxMb / small.repeats.peakRssMaxMb;
    const targets = {
      filesPerSec: big.filesPerSec >= TARGETS.filesPerSec,
      ratio: big.ratio >= TARGETS.ratio,
      againMs: runs.every((r) => r.worker.againMs < TARGETS.againMs),
      oneNewMs: runs.every((r) => r.worker.oneNewMs < TARGETS.oneNewMs),
      peakRssMb: runs.every((r) => r.repeats.peakRssMaxMb < TARGETS.peakRssMb),
      rssFlat: rssGrowth <= TARGETS.rssGrowth,
      read120k: (reading.sizes.find((s) => s.cells === 120_000)?.ms ?? Infinity) < TARGETS.read120kMs,
      healthWhileReading: http.health.maxMs < TARGETS.healthMaxMs,
    };
    const correct = runs.every((r) => r.correct);

    const cpus = os.cpus();
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpuModel: cpus[0]?.model ?? 'unknown',
        cpus: cpus.length,
        availableParallelism: os.availableParallelism(),
        totalMemoryMb: Math.round(os.totalmem() / 1048576),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      args: { units: n, threads: threads ?? 'auto', repeat },
      generated: { files: gen.files.length, kinds: counts, ms: gen.ms },
      runs,
      reading,
      http,
      screening,
      rssGrowth,
      targets: { values: TARGETS, met: targets },
      correct,
      totalMs: Math.round(performance.now() - started),
    };
    const outDir = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'out'));
    mkdirSync(outDir, { recursive: true });
    const outFile = path.join(outDir, 'bench.json');
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

    const m = report.machine;
    process.stdout.write(`\nPhụ lục 1 worker benchmark — ${m.cpuModel}, ${m.cpus} CPU, ${fmt(m.totalMemoryMb)} MB, Node ${m.node}\n\n`);
    process.stdout.write(`${table(runs)}\n\n`);
    process.stdout.write(
      `Reading a department's sheet with extra cells (best of 3): ${reading.sizes.map((s) => `${fmt(s.cells)} cells ${fmt(s.ms)} ms (${fmt(s.nsPerCell)} ns/cell)`).join(', ')}; target < ${TARGETS.read120kMs} ms at 120 000.\n`,
    );
    process.stdout.write(
      `A 120 000-cell sheet over HTTP (${fmt(http.bytes / 1024)} KB): answered ${http.status} in ${fmt(http.uploadMs)} ms; meanwhile ${http.health.answers} health checks, p50 ${fmt(http.health.p50Ms, 1)} ms, p99 ${fmt(http.health.p99Ms, 1)} ms, max ${fmt(http.health.maxMs, 1)} ms (target < ${TARGETS.healthMaxMs} ms).\n`,
    );
    process.stdout.write(
      `Screening hostile files: ${screening.cases.map((c) => `${c.name} → ${c.verdict} in ${fmt(c.ms)} ms, peak +${fmt(c.peakRssGrowthMb)} MB`).join('; ')}.\n`,
    );
    process.stdout.write(
      `Peak RSS from N = ${small.n} to N = ${big.n}: ×${rssGrowth.toFixed(2)} (${fmt(small.repeats.peakRssMaxMb)} → ${fmt(big.repeats.peakRssMaxMb)} MB${repeat > 1 ? ', highest of the repeats' : ''}).\n`,
    );
    process.stdout.write(
      `Targets: ${Object.entries(targets)
        .map(([k, ok]) => `${k} ${ok ? 'met' : 'NOT met'}`)
        .join(', ')}.\n`,
    );
    const busy = runs.some((r) => (r.worker.firstRunCpu.otherCores ?? 0) > 0.25 || (r.baseline.cpu.otherCores ?? 0) > 0.25);
    if (busy)
      process.stdout.write(
        'The machine was busy with other work during some measurements (see "other load"): those figures are lower than on an idle machine. Rerun, or use --repeat.\n',
      );
    process.stdout.write(
      `Results ${correct ? 'check out' : 'DO NOT check out'} (accepted/rejected counts, each unit's latest file, no change on the second run, a rewrite on the new file).\n`,
    );
    process.stdout.write(`Figures written to ${path.relative(process.cwd(), outFile) || outFile}; total ${(report.totalMs / 1000).toFixed(0)} s.\n`);
    if (!correct) process.exitCode = 1;
  } finally {
    if (values.keep) say(`Kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

/** The province-scale measurement (bench/province.ts). */
function province(values: { units?: string; ledger?: string; workers?: string; threads?: string; keep?: boolean; out?: string }): Promise<void> {
  const ledger = values.ledger ?? 'sqlite';
  if (ledger !== 'sqlite' && ledger !== 'postgres') throw new UsageError('--ledger must be sqlite or postgres');
  const workers = Number(values.workers ?? '1');
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError('--workers must be a whole number ≥ 1');
  if (workers > 1 && ledger === 'sqlite')
    throw new UsageError('several --workers need --ledger postgres (on SQLite the run lock keeps processes one at a time)');
  const units = Number(values.units ?? '2000');
  if (!Number.isInteger(units) || units < 100) throw new UsageError('--units must be a whole number ≥ 100');
  const threads = Number(values.threads ?? '0');
  if (!Number.isInteger(threads) || threads < 0) throw new UsageError('--threads must be a whole number ≥ 0');
  return provinceBench({
    units,
    ledger,
    workers,
    threads,
    ...(values.threads === undefined ? {} : { sqliteThreads: threads }),
    keep: values.keep ?? false,
    outDir: path.resolve(values.out ?? path.join(PROJECT_ROOT, 'out')),
  });
}

main().catch((e: unknown) => {
  process.stderr.write(e instanceof UsageError ? `${e.message}\n\n${HELP}\n` : `${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
