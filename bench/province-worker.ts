/**
 * One worker process of the province-scale benchmark (bench/province.ts): a WorkerService over a
 * data folder (shared with the other processes of the same measurement), on SQLite or on the
 * PostgreSQL ledger given, doing one run. Prints one JSON line (ProvinceWorkerFigures) on stdout.
 */
import { loadConfig } from '../worker/config.ts';
import { createLogger } from '../worker/log.ts';
import { WorkerService } from '../worker/service.ts';

export interface ProvinceWorkerJob {
  data: string;
  url?: string;
  catalog?: string;
  threads?: number;
}

export interface ProvinceWorkerFigures {
  /** Wall-clock times of the run (ms since the epoch), to line processes up. */
  start: number;
  end: number;
  /** When this process took its last file; the consolidation follows. */
  inboxEnd: number;
  files: number;
  errors: number;
  changed: boolean;
  peakRssMb: number;
  /** CPU time of this process (all its threads) during the run, in seconds. */
  cpuSec: number;
}

export async function provinceWorkerRun(job: ProvinceWorkerJob): Promise<ProvinceWorkerFigures> {
  const cfg = loadConfig(undefined, {
    dataDir: job.data,
    inbox: { settleMs: 0 },
    logLevel: 'silent',
    ...(job.catalog ? { catalog: job.catalog } : {}),
    ...(job.url ? { ledger: { url: job.url, claimTimeoutMs: 60_000 } } : {}),
  });
  const service = new WorkerService(cfg, createLogger('silent'), undefined, { ingestThreads: job.threads });
  try {
    let inboxEnd = 0;
    const cpu = process.cpuUsage();
    const start = Date.now();
    const r = await service.runOnce({ onProgress: () => (inboxEnd = Date.now()) });
    const end = Date.now();
    return {
      start,
      end,
      inboxEnd: inboxEnd || start,
      files: r.inbox.outcomes.length,
      errors: r.inbox.errors.length,
      changed: r.appendix.changed,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      cpuSec: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu)),
    };
  } finally {
    await service.stop();
  }
}
