/**
 * The worker side of the benchmark, run in a child process of its own so that its peak RSS is
 * the worker's alone: a WorkerService over a data folder whose inbox holds the generated files.
 *   (a) one run from an empty ledger: every file ingested, then the appendix written;
 *   (b) the same run again with nothing new;
 *   (c) one new file dropped in the inbox: a run until the appendix file is rewritten.
 * Prints one JSON line (WorkerFigures) on stdout.
 */
import { copyFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../worker/config.ts';
import { MIN_FILES_FOR_THREADS } from '../worker/ingest/inbox.ts';
import { defaultThreads } from '../worker/ingest/pool.ts';
import { createLogger } from '../worker/log.ts';
import { WorkerService } from '../worker/service.ts';
import { cpuEnd, cpuStart, type CpuFigures } from './machine.ts';

export interface WorkerFigures {
  files: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  errors: number;
  /** Analysis threads the worker used for (a), besides its main thread. */
  threads: number;
  /** (a) */
  firstRunMs: number;
  inboxMs: number;
  consolidateMs: number;
  /** CPU used by the worker, and by everything else on the machine, during (a). */
  firstRunCpu: CpuFigures;
  /** (b) */
  againMs: number;
  againChanged: boolean;
  /** (c) */
  oneNewMs: number;
  oneNewChanged: boolean;
  appendixRewritten: boolean;
  /** Each unit's latest accepted submission after (a), by file name as received. */
  latest: Record<string, string>;
  rssStartMb: number;
  peakRssMb: number;
  heapUsedEndMb: number;
  ledgerRows: number;
}

export async function workerRun(args: { data: string; extra: string; threads?: number }): Promise<WorkerFigures> {
  const rssStart = process.memoryUsage().rss;
  const cfg = loadConfig(undefined, { dataDir: args.data, inbox: { settleMs: 0 }, logLevel: 'silent' });
  const service = new WorkerService(cfg, createLogger('silent'), undefined, { ingestThreads: args.threads });
  try {
    // (a)
    let inboxEnd = 0;
    const cpu = cpuStart();
    const t0 = performance.now();
    const first = await service.runOnce({
      onProgress: (d, t) => {
        if (d === t) inboxEnd = performance.now();
      },
    });
    const firstRunMs = performance.now() - t0;
    const firstRunCpu = cpuEnd(cpu);
    const inboxMs = (inboxEnd || t0) - t0;
    const fresh = first.inbox.outcomes.filter((o) => !o.duplicate);

    const latest: Record<string, string> = {};
    for (const [unit, rec] of await service.ledger.latestAccepted(cfg.period.id)) latest[unit] = rec.fileName;

    // (b)
    const t1 = performance.now();
    const again = await service.runOnce();
    const againMs = performance.now() - t1;

    // (c)
    const appendix = first.appendix.file;
    const before = statSync(appendix).mtimeMs;
    copyFileSync(args.extra, path.join(cfg.paths.inbox, path.basename(args.extra)));
    const t2 = performance.now();
    const one = await service.runOnce();
    const oneNewMs = performance.now() - t2;

    return {
      files: first.inbox.outcomes.length + first.inbox.errors.length,
      accepted: fresh.filter((o) => o.record.status === 'accepted').length,
      rejected: fresh.filter((o) => o.record.status === 'rejected').length,
      duplicates: first.inbox.outcomes.length - fresh.length,
      errors: first.inbox.errors.length,
      threads: first.inbox.outcomes.length + first.inbox.errors.length >= MIN_FILES_FOR_THREADS ? (args.threads ?? defaultThreads()) : 0,
      firstRunMs,
      inboxMs,
      consolidateMs: firstRunMs - inboxMs,
      firstRunCpu,
      againMs,
      againChanged: again.appendix.changed,
      oneNewMs,
      oneNewChanged: one.appendix.changed,
      appendixRewritten: statSync(appendix).mtimeMs > before,
      latest,
      rssStartMb: rssStart / 1048576,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedEndMb: process.memoryUsage().heapUsed / 1048576,
      ledgerRows: await service.ledger.count(),
    };
  } finally {
    await service.stop();
  }
}
