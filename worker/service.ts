/**
 * The worker as a service: one ledger, one lock, runs (inbox + consolidation) on a schedule, at
 * start, by hand and shortly after each submission; stops cleanly.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { consolidate, type ConsolidateResult } from './consolidate.ts';
import { processInbox, type InboxRunResult } from './ingest/inbox.ts';
import type { IngestContext } from './ingest/ingest.ts';
import { Ledger } from './ledger.ts';
import { Mutex } from './mutex.ts';
import { withRunLock } from './run-lock.ts';

export interface RunSummary {
  inbox: InboxRunResult;
  appendix: ConsolidateResult;
  ms: number;
}

export interface ServiceOptions {
  /** Analysis threads for a large inbox (default: one per core; 0: never). See processInbox. */
  ingestThreads?: number;
}

export class WorkerService {
  readonly ledger: Ledger;
  readonly mutex = new Mutex();
  private task?: ScheduledTask;
  private stopping = false;
  private pendingConsolidation?: NodeJS.Timeout;

  constructor(
    readonly cfg: Config, readonly log: Logger, private readonly clock: () => Date = () => new Date(),
    private readonly options: ServiceOptions = {},
  ) {
    for (const dir of Object.values(cfg.paths)) if (!dir.endsWith('.sqlite')) mkdirSync(dir, { recursive: true });
    this.ledger = new Ledger(cfg.paths.ledger);
  }

  get ingestContext(): IngestContext {
    return {
      catalog: this.cfg.catalog, period: this.cfg.period, ledger: this.ledger,
      archiveDir: this.cfg.paths.archive, maxFileBytes: this.cfg.limits.maxFileBytes,
    };
  }

  private consolidateNow(): Promise<ConsolidateResult> {
    return consolidate({
      catalog: this.cfg.catalog, period: this.cfg.period, ledger: this.ledger,
      outDir: this.cfg.paths.out, historyDir: this.cfg.paths.history,
      protectionPassword: this.cfg.protectionPassword, now: this.clock(),
    });
  }

  /** One run: the inbox, then the appendix. Waits for any run in progress. */
  runOnce(onProgress?: (done: number, total: number) => void): Promise<RunSummary> {
    // The mutex keeps this process's runs apart; the lock file keeps other processes' runs out.
    return this.mutex.run(() => withRunLock(path.join(this.cfg.paths.root, '.run.lock'), async () => {
      const t0 = performance.now();
      const inbox = await processInbox(this.ingestContext, this.cfg.paths, this.cfg.inbox.settleMs, this.log, {
        onProgress, shouldStop: () => this.stopping, now: () => this.clock().toISOString(), threads: this.options.ingestThreads,
      });
      const appendix = await this.consolidateNow();
      const ms = Math.round(performance.now() - t0);
      this.log.info({ files: inbox.outcomes.length, errors: inbox.errors.length, changed: appendix.changed, file: appendix.file, ms }, 'run finished');
      return { inbox, appendix, ms };
    }, { onWait: (pid) => this.log.warn({ pid }, 'waiting for another process’s run to finish') }));
  }

  /** After a submission: consolidate within seconds (the schedule stays as the safety net). */
  requestConsolidation(): void {
    if (this.stopping) return;
    clearTimeout(this.pendingConsolidation);
    this.pendingConsolidation = setTimeout(() => {
      this.runOnce().catch((err) => this.log.error({ err }, 'run after submission failed'));
    }, this.cfg.http.consolidateDelayMs);
  }

  /** Starts the schedule (node-cron, Vietnam time) and runs once at start. */
  async start(): Promise<void> {
    const { cron: expr, timezone } = this.cfg.schedule;
    if (!cron.validate(expr)) throw new Error(`Lịch chạy “${expr}” không hợp lệ (cú pháp cron 5 hoặc 6 trường).`);
    this.task = cron.schedule(expr, () => {
      if (this.mutex.locked) {
        this.log.info('scheduled run skipped: a run is in progress');
        return;
      }
      this.runOnce().catch((err) => this.log.error({ err }, 'scheduled run failed'));
    }, { timezone, name: 'phuluc-consolidate', noOverlap: true });
    this.log.info({ cron: expr, timezone }, 'schedule started');
    await this.runOnce();
  }

  /** Stops the schedule, lets a run in progress finish (it stops between files), closes the ledger. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.pendingConsolidation);
    await this.task?.stop();
    await this.mutex.idle();
    this.ledger.close();
    this.log.info('worker stopped');
  }
}
