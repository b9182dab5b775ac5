/**
 * The benchmark's other measurements, each in a child process of its own (so peak RSS is its alone):
 *
 *   reading   a department's sheet with 20 000 … 120 000 extra cells: reading time per size (the
 *             reader is linear: the time per cell stays flat);
 *   http      a sheet with 120 000 extra cells posted to the intake of a running service, while
 *             /healthz is asked every 10 ms: the upload's time, and how long health answers took
 *             meanwhile (the analysis runs on the upload thread, the event loop stays free);
 *   screening the hostile files of the tests (zip bombs honest and lying, 512 MiB of worksheet
 *             XML streamed with the limits lifted, a whole-column validation): time and peak RSS.
 *
 * Prints one JSON line on stdout.
 */
import { collectionOf } from '../shared/collection.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findUnit } from '../shared/catalog.ts';
import { loadConfig } from '../worker/config.ts';
import { analyze } from '../worker/ingest/analyze.ts';
import { screenWorkbook } from '../worker/ingest/screen/index.ts';
import { startHttp } from '../worker/http/server.ts';
import { createLogger } from '../worker/log.ts';
import { WorkerService } from '../worker/service.ts';
import { buildTemplate } from '../worker/templates.ts';
import { makeLyingZipBomb, makeMinimalXlsx, makeWholeColumnValidation, makeZipBomb } from '../tests/fixtures/hostile.ts';
import { withExtraCells } from '../tests/helpers/big-sheet.ts';

const MiB = 1024 * 1024;

async function departmentSheet(): Promise<{ bytes: Uint8Array; cfg: ReturnType<typeof loadConfig> }> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'phuluc-bench-extra-'));
  const cfg = loadConfig(undefined, { dataDir: tmp, inbox: { settleMs: 0 }, logLevel: 'silent' });
  const unit = findUnit(cfg.catalog, 'LDTBXH')!;
  const values = { HO_NGHEO: { value: 2, note: '' }, VIEC_LAM: { value: 1300, note: '' } };
  return { bytes: await buildTemplate(cfg.catalog, cfg.period, unit, { password: cfg.protectionPassword, values, autoOpen: false }), cfg };
}

export interface ReadingFigures {
  sizes: { cells: number; ms: number; nsPerCell: number; accepted: boolean }[];
}

export async function readingRun(): Promise<ReadingFigures> {
  const { bytes, cfg } = await departmentSheet();
  const sizes = [];
  analyze(withExtraCells(bytes, 1000), collectionOf(cfg.catalog, cfg.period), 64 * MiB); // warm up
  for (const cells of [20_000, 40_000, 80_000, 120_000]) {
    const file = withExtraCells(bytes, cells);
    let best = Infinity;
    let accepted = false;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      accepted = analyze(file, collectionOf(cfg.catalog, cfg.period), 64 * MiB).ok;
      best = Math.min(best, performance.now() - t);
    }
    sizes.push({ cells, ms: best, nsPerCell: (best * 1e6) / cells, accepted });
  }
  rmSync(cfg.paths.root, { recursive: true, force: true });
  return { sizes };
}

export interface HttpFigures {
  cells: number;
  bytes: number;
  status: number;
  uploadMs: number;
  health: { answers: number; maxMs: number; p50Ms: number; p99Ms: number };
}

export async function httpRun(): Promise<HttpFigures> {
  const { bytes, cfg: base } = await departmentSheet();
  const cfg = loadConfig(undefined, {
    dataDir: base.paths.root,
    inbox: { settleMs: 0 },
    logLevel: 'silent',
    http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 32 * MiB, consolidateDelayMs: 60_000 },
  });
  const service = new WorkerService(cfg, createLogger('silent'));
  const http = await startHttp(service, 0);
  const token = 'pl_ldtbxh_bench-token-000000000000';
  await service.ledger.addToken('LDTBXH', token, new Date().toISOString());
  // The upload thread is started by the first upload: start it first, with a small file.
  await fetch(`${http.url}/api/v1/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array([1, 2, 3]),
  });
  const big = withExtraCells(bytes, 120_000);
  const latencies: number[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      const t = performance.now();
      await fetch(`${http.url}/healthz`).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const t0 = performance.now();
  const r = await fetch(`${http.url}/api/v1/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: big as BodyInit,
  });
  await r.arrayBuffer();
  const uploadMs = performance.now() - t0;
  done = true;
  await poll;
  await http.close();
  await service.stop();
  rmSync(cfg.paths.root, { recursive: true, force: true });
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return {
    cells: 120_000,
    bytes: big.length,
    status: r.status,
    uploadMs,
    health: { answers: latencies.length, maxMs: sorted[sorted.length - 1], p50Ms: q(0.5), p99Ms: q(0.99) },
  };
}

export interface ScreeningFigures {
  cases: { name: string; verdict: string; ms: number; peakRssGrowthMb: number }[];
}

export function screeningRun(): ScreeningFigures {
  const valid = makeMinimalXlsx();
  const cases: [string, () => Uint8Array, Parameters<typeof screenWorkbook>[1]?][] = [
    ['whole-column validation', () => makeWholeColumnValidation(valid)],
    ['zip bomb declaring 1 GiB', () => makeZipBomb()],
    ['zip bomb lying (declares 4 KiB)', () => makeLyingZipBomb()],
    ['zip bomb lying (declares 45 MiB)', () => makeLyingZipBomb({ declaredSize: 45 * MiB })],
    [
      '512 MiB of worksheet XML, limits lifted (streamed)',
      () => makeZipBomb({ uncompressedBytes: 512 * MiB }),
      { maxEntryBytes: 2 ** 40, maxTotalBytes: 2 ** 40, maxCompressionRatio: Infinity },
    ],
  ];
  const out: ScreeningFigures['cases'] = [];
  for (const [name, make, limits] of cases) {
    const bytes = make();
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const rssBefore = process.memoryUsage().rss;
    const t = performance.now();
    const r = screenWorkbook(bytes, limits);
    const ms = performance.now() - t;
    const peakGrowth = Math.max(0, process.resourceUsage().maxRSS * 1024 - Math.max(peakBefore, rssBefore)) / MiB;
    out.push({ name, verdict: r.ok ? 'ok' : r.problem.code, ms, peakRssGrowthMb: peakGrowth });
  }
  return { cases: out };
}
