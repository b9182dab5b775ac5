/**
 * `npm run bench -- --units 20000 --ledger postgres --workers 2`: the worker at province scale.
 *
 *   (p1) files/s of one worker process on the embedded SQLite ledger (the default), N files;
 *   (p2) the same N files with one worker process on PostgreSQL, then W processes sharing one
 *        database and one data folder (each takes the files it claims): files/s and the ratio of W
 *        processes to one; peak RSS of each process;
 *   (p3) the province's run from 20 town appendices (and its own department's file): ingest, then
 *        the roll-up into its appendix.
 * PostgreSQL is a throwaway cluster (tests/helpers/postgres.ts). Each process does one run and
 * reports its own times; a measurement's time is from the first process's start of run to the last
 * one's end (start-up of the processes excluded). Each PostgreSQL worker process analyses on its
 * own thread only (--threads, default 0): the process is the unit of parallelism there; the SQLite
 * default runs as it does in service (with its analysis thread). Prints a table and
 * writes out/bench-province.json. Nothing here asserts; the results are checked and reported.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPeriod, type Catalog, type Unit } from '../shared/catalog.ts';
import { parseCatalog } from '../shared/catalog-schema.ts';
import { appendixModel } from '../shared/layout.ts';
import type { RowInput } from '../shared/report.ts';
import { readActual } from '../shared/target.ts';
import { loadConfig, PROJECT_ROOT } from '../worker/config.ts';
import { kyAnhCatalog, levelFigures } from '../worker/demo-levels.ts';
import { typedValue } from '../worker/demo.ts';
import type { Ledger } from '../worker/ledger/contract.ts';
import { PostgresLedger } from '../worker/ledger/postgres.ts';
import { SqliteLedger } from '../worker/ledger/sqlite.ts';
import { renderWorkbook } from '../worker/render/exceljs.ts';
import { startCluster, type Cluster } from '../tests/helpers/postgres.ts';
import { expectedLatest, generateSubmissions, rng, type GenFile } from './generate.ts';
import { cpuEnd, cpuStart } from './machine.ts';
import type { ProvinceWorkerFigures, ProvinceWorkerJob } from './province-worker.ts';

const BIN = path.join(PROJECT_ROOT, 'bin/phuluc-bench.js');
const TOWNS = 20;
const TARGET_RATIO = 1.6;

export interface ProvinceArgs {
  units: number;
  ledger: 'sqlite' | 'postgres';
  workers: number;
  /** Analysis threads per PostgreSQL worker process (the SQLite default runs with its own choice unless given). */
  threads: number;
  /** Given explicitly: the SQLite run uses it too. */
  sqliteThreads?: number;
  keep: boolean;
  /** Where bench-province.json is written. */
  outDir: string;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function fmt(v: number, digits = 0): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** CPU seconds of a PostgreSQL server so far: the postmaster's, with its finished backends' (reaped children). */
function serverCpuSec(cluster: Cluster | undefined): number | null {
  if (!cluster) return null;
  try {
    const pid = readFileSync(path.join(cluster.dir, 'data', 'postmaster.pid'), 'utf8')
      .split('\n')[0]
      .trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of stat(5); the slice starts at field 3.
    return fields.slice(11, 15).reduce((a, v) => a + Number(v), 0) / 100;
  } catch {
    return null;
  }
}

/** Runs `n` worker processes at once on the same job; resolves with each one's figures. */
async function workers(n: number, job: ProvinceWorkerJob, dir: string): Promise<ProvinceWorkerFigures[]> {
  const jobFile = path.join(dir, `job-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ProvinceWorkerFigures>((resolve, reject) => {
          const p = spawn(process.execPath, [BIN, '--child', 'province-worker', '--job', jobFile], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          p.stdout.on('data', (d: Buffer) => (out += d.toString()));
          p.on('exit', (code) => {
            if (code !== 0) reject(new Error(`bench: a worker process failed (exit ${code})`));
            else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ProvinceWorkerFigures);
          });
        }),
    ),
  );
}

interface Measurement {
  label: string;
  processes: number;
  ms: number;
  ingestMs: number;
  filesPerSec: number;
  peakRssMb: number[];
  files: number[];
  /** Cores used by the worker processes, the PostgreSQL server, and everything else on the machine. */
  workerCores: number;
  serverCores: number | null;
  otherCores: number | null;
  correct: boolean;
}

async function check(ledger: Ledger, period: string, files: GenFile[]): Promise<boolean> {
  try {
    const want = expectedLatest(files);
    const latest = await ledger.latestAccepted(period);
    return (await ledger.count()) === files.length && latest.size === want.size && [...want].every(([u, name]) => latest.get(u)?.fileName === name);
  } finally {
    await ledger.close();
  }
}

async function measure(
  label: string,
  processes: number,
  files: GenFile[],
  from: string,
  data: string,
  job: Omit<ProvinceWorkerJob, 'data'>,
  tmp: string,
  ledger: () => Ledger,
  period: string,
  cluster?: Cluster,
): Promise<Measurement> {
  const inbox = path.join(data, 'inbox');
  mkdirSync(inbox, { recursive: true });
  for (const f of files) copyFileSync(path.join(from, f.name), path.join(inbox, f.name));
  say(`${label}: ${processes} process${processes > 1 ? 'es' : ''}, ${files.length} files…`);
  const server0 = serverCpuSec(cluster);
  const window = cpuStart();
  const figs = await workers(processes, { ...job, data }, tmp);
  const machine = cpuEnd(window);
  // The workers have disconnected: their backends are reaped and counted.
  const server = server0 === null ? null : (serverCpuSec(cluster) ?? server0) - server0;
  const start = Math.min(...figs.map((f) => f.start));
  const ms = Math.max(...figs.map((f) => f.end)) - start;
  const own = figs.reduce((a, f) => a + f.cpuSec, 0);
  // The window includes the processes' start-up; their run's CPU is counted over the run only.
  const wallSec = machine.wallMs / 1000;
  const otherCores = machine.otherCores === null ? null : Math.max(0, machine.otherCores - own / wallSec - (server ?? 0) / wallSec);
  const ingestMs = Math.max(...figs.map((f) => f.inboxEnd)) - start;
  const correct = figs.every((f) => f.errors === 0) && figs.reduce((a, f) => a + f.files, 0) === files.length && (await check(ledger(), period, files));
  return {
    label,
    processes,
    ms,
    ingestMs,
    filesPerSec: (files.length / ms) * 1000,
    peakRssMb: figs.map((f) => f.peakRssMb),
    files: figs.map((f) => f.files),
    workerCores: own / (ms / 1000),
    serverCores: server === null ? null : server / (ms / 1000),
    otherCores,
    correct,
  };
}

/** A province of `TOWNS` towns (its catalogue) and each town's appendix with invented figures. */
async function townAppendices(dir: string, period: string): Promise<{ catalogFile: string; files: string[]; expectedArea: number }> {
  const base = kyAnhCatalog();
  const figures = levelFigures().kyAnh;
  const random = rng(20);
  const towns: Unit[] = Array.from({ length: TOWNS }, (_, i) => ({
    code: `TX${String(i + 1).padStart(2, '0')}`,
    name: `UBND thị xã số ${i + 1}`,
    kind: 'thi_xa',
    parent: 'HA_TINH',
  }));
  const provinceRaw = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'worker/demo/levels/ha-tinh-2023.json'), 'utf8'));
  const province = parseCatalog({ ...provinceRaw, units: [provinceRaw.units[0], ...towns] }, 'tỉnh (đo hiệu năng)');
  mkdirSync(dir, { recursive: true });
  const catalogFile = path.join(dir, 'danh-muc-tinh.json');
  writeFileSync(catalogFile, JSON.stringify(province));
  const inbox = path.join(dir, 'data', 'inbox');
  mkdirSync(inbox, { recursive: true });
  const files: string[] = [];
  let expectedArea = 0;
  for (const t of towns) {
    const town: Catalog = { ...base, id: `thi-xa-${t.code.toLowerCase()}-2023`, organisation: { unit: t.code, name: t.name, parent: 'HA_TINH' } };
    const values: Record<string, RowInput> = {};
    for (const ind of town.indicators) {
      const f = figures[ind.code];
      const typed = f ? typedValue(f.printed, false) : 1;
      values[ind.code] = {
        value: typeof typed === 'number' ? Math.round(typed * (0.7 + random() * 0.6) * 10 ** ind.decimals) / 10 ** ind.decimals : typed,
        note: f?.note ?? null,
      };
    }
    const a = readActual(values.DT_GIEO_TRONG.value);
    if (a.kind === 'number') expectedArea += a.value;
    const file = path.join(inbox, `phu-luc-${t.code}.xlsx`);
    writeFileSync(file, await renderWorkbook(appendixModel(town, findPeriod(town, period)!, { generatedAt: new Date().toISOString(), values }).model));
    files.push(file);
  }
  return { catalogFile, files, expectedArea };
}

export async function provinceBench(a: ProvinceArgs): Promise<void> {
  const started = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'phuluc-bench-province-'));
  say(`Province benchmark in ${tmp}`);
  let cluster: Cluster | undefined;
  try {
    const cfg = loadConfig(undefined, { dataDir: path.join(tmp, 'unused'), inbox: { settleMs: 0 }, logLevel: 'silent' });
    const period = cfg.period.id;
    say(`Generating ${a.units} submissions…`);
    const gen = await generateSubmissions(cfg, path.join(tmp, 'files'), a.units);
    say(`  ${gen.files.length} files in ${(gen.ms / 1000).toFixed(1)} s`);
    const job = { threads: a.threads };
    const runs: Measurement[] = [];
    const sqliteData = path.join(tmp, 'sqlite-1');
    const sqliteLabel = a.sqliteThreads === undefined ? 'SQLite (default: its threads)' : `SQLite (${a.sqliteThreads} threads)`;
    runs.push(
      await measure(
        sqliteLabel,
        1,
        gen.files,
        gen.dir,
        sqliteData,
        { threads: a.sqliteThreads },
        tmp,
        () => new SqliteLedger(path.join(sqliteData, 'ledger.sqlite')),
        period,
      ),
    );
    if (a.ledger === 'postgres') {
      say('Starting a throwaway PostgreSQL cluster…');
      cluster = await startCluster();
      for (const n of [...new Set([1, a.workers])]) {
        const url = await cluster.createDatabase(`bench_${n}`);
        runs.push(
          await measure('PostgreSQL', n, gen.files, gen.dir, path.join(tmp, `pg-${n}`), { ...job, url }, tmp, () => new PostgresLedger(url), period, cluster),
        );
      }
    }

    // (p3) the province from 20 town appendices.
    say(`Province roll-up from ${TOWNS} town appendices…`);
    const prov = path.join(tmp, 'province');
    const towns = await townAppendices(prov, period);
    const url = cluster ? await cluster.createDatabase('bench_province') : undefined;
    const [p] = await workers(1, { data: path.join(prov, 'data'), catalog: towns.catalogFile, threads: a.threads, ...(url ? { url } : {}) }, tmp);
    const provinceLedger: Ledger = url ? new PostgresLedger(url) : new SqliteLedger(path.join(prov, 'data', 'ledger.sqlite'));
    const accepted = (await provinceLedger.latestAccepted(period)).size;
    await provinceLedger.close();
    const { readXlsx } = await import('../worker/ingest/read/xlsx.ts');
    const sheet = readXlsx(readFileSync(path.join(prov, 'data', 'out', `phu-luc-1-${period}.xlsx`))).sheet('Phụ lục 1')!;
    const area = readActual(String(sheet.cells.get('E9')?.v ?? ''));
    const rollup = {
      towns: TOWNS,
      ingestMs: p.inboxEnd - p.start,
      rollupMs: p.end - p.inboxEnd,
      runMs: p.end - p.start,
      accepted,
      peakRssMb: p.peakRssMb,
      correct: accepted === TOWNS && p.changed && area.kind === 'number' && Math.abs(area.value - towns.expectedArea) < 0.05 + 1e-9 * towns.expectedArea,
    };

    const one = runs.find((r) => r.label === 'PostgreSQL' && r.processes === 1);
    const many = runs.find((r) => r.label === 'PostgreSQL' && r.processes === a.workers && a.workers > 1);
    const ratio = one && many ? many.filesPerSec / one.filesPerSec : undefined;
    const cpus = os.cpus();
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpuModel: cpus[0]?.model ?? 'unknown',
        cpus: cpus.length,
        totalMemoryMb: Math.round(os.totalmem() / 1048576),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      args: a,
      files: gen.files.length,
      runs,
      ratio,
      targetRatio: TARGET_RATIO,
      rollup,
      totalMs: Math.round(performance.now() - started),
      correct: runs.every((r) => r.correct) && rollup.correct,
    };
    mkdirSync(a.outDir, { recursive: true });
    const outFile = path.join(a.outDir, 'bench-province.json');
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

    const m = report.machine;
    const rows: string[][] = [
      ['', ...runs.map((r) => `${r.label}, ${r.processes} process${r.processes > 1 ? 'es' : ''}`)],
      ['files/s (ingest + appendix)', ...runs.map((r) => fmt(r.filesPerSec))],
      ['run s (ingest + appendix)', ...runs.map((r) => `${fmt(r.ms / 1000, 1)} (${fmt(r.ingestMs / 1000, 1)} + ${fmt((r.ms - r.ingestMs) / 1000, 1)})`)],
      ['files taken by each process', ...runs.map((r) => r.files.map((n) => fmt(n)).join(' / '))],
      ['peak RSS per process: MB', ...runs.map((r) => r.peakRssMb.map((v) => fmt(v)).join(' / '))],
      [
        'cores: workers / PostgreSQL / other',
        ...runs.map(
          (r) => `${fmt(r.workerCores, 2)} / ${r.serverCores === null ? '-' : fmt(r.serverCores, 2)} / ${r.otherCores === null ? '?' : fmt(r.otherCores, 2)}`,
        ),
      ],
      ['results check out', ...runs.map((r) => (r.correct ? 'yes' : 'NO'))],
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    process.stdout.write(
      `\nPhụ lục 1 worker at province scale — ${m.cpuModel}, ${m.cpus} CPU, ${fmt(m.totalMemoryMb)} MB, Node ${m.node}; ${gen.files.length} files, ${a.threads} analysis thread(s) per PostgreSQL worker process\n\n`,
    );
    process.stdout.write(`${rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ')).join('\n')}\n\n`);
    if (ratio !== undefined)
      process.stdout.write(
        `${a.workers} processes / 1 on PostgreSQL: ${ratio.toFixed(2)}× (target ≥ ${TARGET_RATIO}× on 2 cores: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}).\n`,
      );
    process.stdout.write(
      `Province roll-up from ${TOWNS} town appendices (${url ? 'PostgreSQL' : 'SQLite'}): run ${fmt(rollup.runMs)} ms = ingest ${fmt(rollup.ingestMs)} ms + roll-up and appendix ${fmt(rollup.rollupMs)} ms; ${rollup.correct ? 'the total checks out' : 'the total DOES NOT check out'}.\n`,
    );
    if (runs.some((r) => (r.otherCores ?? 0) > 0.3))
      process.stdout.write('Other work on the machine (“other”, in cores) lowered some of these figures. Rerun on an idle machine.\n');
    process.stdout.write(`Figures written to ${path.relative(process.cwd(), outFile) || outFile}; total ${(report.totalMs / 1000).toFixed(0)} s.\n`);
    if (!report.correct) process.exitCode = 1;
  } finally {
    await cluster?.stop();
    if (a.keep) say(`Kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}
