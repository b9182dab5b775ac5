/**
 * The worker as a service: one ledger, one store of originals, runs (inbox + consolidation) on a
 * schedule, at start, by hand and shortly after each submission — one at a time, in this process
 * (a mutex) and across processes (the run lock); stops cleanly.
 *
 * On PostgreSQL several workers (on one or several machines) share the ledger, the inbox folder
 * and the store: their runs go on side by side — each takes only the files it claims, and the
 * consolidations of a period never overlap (an advisory lock) — so the run lock is not taken.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { EMPTY_COLLECTION, currentPeriod, findCollected, openPeriods, type CollectedPeriod, type Collection } from '../shared/collection.ts';
import { embeddedCatalogs, type Config } from './config.ts';
import { appendixInput, consolidate, type ConsolidateResult } from './consolidate/index.ts';
import { InlineAnalyzer, type Analyzer } from './ingest/analyze.ts';
import { FolderStore } from './ingest/archive.ts';
import { InboxClaims } from './ingest/claims.ts';
import { processInbox, scanInbox, type InboxRunResult } from './ingest/inbox.ts';
import type { IngestContext } from './ingest/index.ts';
import { AnalyzePool } from './ingest/pool.ts';
import { openLedger } from './ledger/index.ts';
import { assertLedgerMatchesStore } from './recovery.ts';
import type { Ledger } from './ledger/contract.ts';
import { Mutex } from './mutex.ts';
import { UserError } from './errors.ts';
import { applyAction, type ActionOutcome, type ActionRequest } from './review/actions.ts';
import { journalPath } from './review/journal.ts';
import { NO_PERIOD, Settings, settingsJournalPath } from './settings.ts';
import { sweepOrphans, withRunLock, type RunGuard } from './store.ts';

/** A command that needs a period, with none opened. */
export class NoPeriod extends UserError {
  constructor() {
    super(NO_PERIOD);
    this.name = 'NoPeriod';
  }
}

/** A run's summary; `appendix`, the current period's, throws when no period is opened. */
function summary(inbox: InboxRunResult, appendices: ConsolidateResult[], current: string | undefined, ms: number): RunSummary {
  const out = { inbox, appendices, ms } as RunSummary;
  Object.defineProperty(out, 'appendix', {
    enumerable: true,
    get: () => {
      const a = appendices.find((x) => x.period === current) ?? appendices.at(-1);
      if (!a) throw new NoPeriod();
      return a;
    },
  });
  return out;
}

/** The guard of a run that holds no run lock (several workers on PostgreSQL keep apart otherwise). */
const UNLOCKED: RunGuard = { lost: () => false, check: () => {} };

/** The shared folder is swept this often besides its change events (a network share may send none). */
const WATCH_SWEEP_MS = 5000;

/** Finished claims are kept this long (a file of the same name, size and time later is a new file). */
const CLAIMS_KEPT_MS = 7 * 86_400_000;

export interface RunSummary {
  inbox: InboxRunResult;
  /** The appendix of every open period (and of any period a review action asked for), in the order they were opened. */
  appendices: ConsolidateResult[];
  /** The appendix of the current period (the latest opened, see collection.ts); the CLI prints it. */
  appendix: ConsolidateResult;
  ms: number;
}

export interface ServiceOptions {
  /**
   * Analysis threads for a large inbox (default: one per core; see processInbox). 0: every file is
   * analysed on the main thread instead (a comparison in the benchmark, never the service's way).
   */
  ingestThreads?: number;
}

export interface RunOptions {
  onProgress?: (done: number, total: number) => void;
  /** Wait for files still being written (the one-shot `consolidate` does; the schedule comes back anyway). */
  waitForSettle?: boolean;
}

export class WorkerService {
  readonly ledger: Ledger;
  readonly store: FolderStore;
  /** What the planning office decides: catalogues, periods, contacts, excusals (worker/settings.ts). */
  readonly settings: Settings;
  readonly mutex = new Mutex();
  private pool?: AnalyzePool;
  /** Pools of an earlier collection, closed once their files are done. */
  private readonly retired = new Set<AnalyzePool>();
  private snapshot: Collection = EMPTY_COLLECTION;
  private snapshotKey = '';
  private prepared?: Promise<void>;
  private task?: ScheduledTask;
  private stopping = false;
  private pendingConsolidation?: NodeJS.Timeout;
  /** Periods a review action asked to consolidate at the next run (even a closed one). */
  private readonly touched = new Set<string>();
  /** Inbox files by name and time, and when this process first saw each (see firstSeen). */
  private readonly seen = new Map<string, string>();
  private watcher?: FSWatcher;
  private sweepTimer?: NodeJS.Timeout;
  private watchTimer?: NodeJS.Timeout;
  private swept = false;
  /** This process, as the owner of its claims (several workers on PostgreSQL). */
  readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

  constructor(
    readonly cfg: Config,
    readonly log: Logger,
    readonly clock: () => Date = () => new Date(),
    private readonly options: ServiceOptions = {},
  ) {
    const { ledger: _l, ...dirs } = cfg.paths;
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    this.ledger = openLedger(cfg);
    this.store = new FolderStore(cfg.paths.archive);
    this.settings = new Settings(this.ledger, settingsJournalPath(cfg.paths.archive), clock);
  }

  /**
   * Once per process: stores the catalogues the configuration names (or, with none named, the
   * embedded ones) and, when the ledger has no period yet and the configuration says which
   * (a config file or the demo's settings), opens it — so an installation configured by file keeps
   * working; from then on the console decides. Then loads what is collected.
   */
  prepare(): Promise<void> {
    this.prepared ??= this.importConfigured()
      .then(() => this.refresh())
      .then(
        () => undefined,
        (e: unknown) => {
          this.prepared = undefined;
          throw e;
        },
      );
    return this.prepared;
  }

  private async importConfigured(): Promise<void> {
    const { cfg } = this;
    const actor = null;
    if (cfg.catalogNamed) await this.settings.addCatalog(cfg.catalog, 'config', actor);
    else for (const c of embeddedCatalogs()) await this.settings.addCatalog(c, 'embedded', actor);
    const known = await this.ledger.periods();
    // A folder of an earlier release (files, no periods) keeps collecting the period it collected.
    const upgraded = known.length === 0 && (await this.ledger.count()) > 0;
    if (!cfg.collectConfigured && !upgraded) return;
    if (known.some((p) => p.id === cfg.period.id)) return;
    if (known.length && !cfg.periodNamed) return; // the console runs the periods now
    try {
      await this.settings.openPeriod({ catalogId: cfg.catalog.id, periodId: cfg.period.id, deadline: cfg.period.deadline, actor });
    } catch (e) {
      // Several processes on one PostgreSQL ledger start together: one of them opens the period.
      if ((await this.ledger.periods()).some((p) => p.id === cfg.period.id)) return;
      throw e;
    }
    this.log.info({ period: cfg.period.id, deadline: cfg.period.deadline }, 'period of the configuration opened');
  }

  /**
   * Loads what is collected again (another process, or the console, may have changed it); a change
   * gives uploads and the inbox a fresh analysis thread that knows it.
   */
  async refresh(): Promise<Collection> {
    this.settings.invalidate();
    const c = await this.settings.collection();
    const key = JSON.stringify(c.periods.map((p) => [p.period.id, p.catalog.id, p.catalogVersion, p.period.deadline, p.open]));
    if (key !== this.snapshotKey) {
      this.snapshot = c;
      this.snapshotKey = key;
      if (this.pool) this.retire(this.pool);
      this.pool = undefined;
    }
    return this.snapshot;
  }

  /** What is collected, as last loaded (prepare() or refresh() first). */
  get collection(): Collection {
    return this.snapshot;
  }

  /** The period shown first (the latest opened among the open ones). */
  get currentPeriod(): CollectedPeriod | undefined {
    return currentPeriod(this.snapshot);
  }

  private retire(pool: AnalyzePool): void {
    this.retired.add(pool);
    void pool
      .drain()
      .then(() => pool.close())
      .finally(() => this.retired.delete(pool));
  }

  /** The ingest path's context, once what is collected is loaded; `analyzer` defaults to the service's analysis thread. */
  async ingestContext(analyzer?: Analyzer): Promise<IngestContext> {
    await this.prepare();
    return {
      collection: this.snapshot,
      ledger: this.ledger,
      store: this.store,
      analyzer: analyzer ?? this.analyzer(),
      maxFileBytes: this.cfg.limits.maxFileBytes,
      log: this.log,
    };
  }

  /**
   * Where files are screened and read: one analysis thread, started on first use, for uploads, the
   * inbox's usual few files and the rebuild (a large inbox batch gets threads of its own, see
   * processInbox). Never this thread: a large or hostile sheet being read never holds up the
   * intake's other requests, the schedule or the refresh of the run lock.
   */
  analyzer(): Analyzer {
    if (this.options.ingestThreads === 0) return new InlineAnalyzer(this.snapshot, this.cfg.limits.maxFileBytes);
    this.pool ??= new AnalyzePool({ threads: 1, callerRuns: false, collection: this.snapshot, maxFileBytes: this.cfg.limits.maxFileBytes });
    return this.pool;
  }

  /** The analyser of uploads (the service's analysis thread). */
  uploadAnalyzer(): Analyzer {
    return this.analyzer();
  }

  /** Consolidates one period, never at the same time as another process sharing the ledger. */
  consolidatePeriod(entry: CollectedPeriod): Promise<ConsolidateResult> {
    return this.ledger.withLock(`consolidate:${entry.catalog.id}:${entry.period.id}`, () =>
      consolidate({
        ...appendixInput(entry, this.cfg, this.ledger, this.clock()),
        outDir: this.cfg.paths.out,
        historyDir: this.cfg.paths.history,
      }),
    );
  }

  /** Consolidates the current period (the CLI's `report`, `rebuild`). */
  async consolidateNow(): Promise<ConsolidateResult> {
    await this.prepare();
    const entry = this.currentPeriod;
    if (!entry) throw new NoPeriod();
    return this.consolidatePeriod(entry);
  }

  /** Several workers share the ledger (PostgreSQL): files are claimed, runs are not kept apart. */
  get shared(): boolean {
    return this.ledger.kind === 'postgres';
  }

  /**
   * Runs `fn` as a run: after any run in progress here, holding the run lock against other
   * processes (SQLite; on PostgreSQL the claims and the period lock keep workers apart).
   */
  exclusive<T>(fn: (guard: RunGuard) => Promise<T>): Promise<T> {
    const run = async (guard: RunGuard) => {
      if (!this.swept) this.sweep();
      return fn(guard);
    };
    if (this.shared) return this.mutex.run(() => run(UNLOCKED));
    return this.mutex.run(() =>
      withRunLock(this.cfg.paths.root, run, {
        onWait: () => this.log.warn('waiting for another process’s run to finish'),
        onCompromised: (err) => this.log.error({ err }, 'run lock lost (held too long without refresh): the run stops before writing more'),
        onTakeover: (what) => this.log.warn({ what }, 'something that is not a live run lock was in its place: removed'),
        staleMs: this.cfg.lockStaleMs,
      }),
    );
  }

  /**
   * Removes temporary files left by a process killed mid-write, once per process, holding the run
   * lock: only a run writes the appendix and the inbox's reports, so any temporary file there is an
   * orphan; the store of originals is also written by uploads outside runs, so only old ones go.
   */
  private sweep(): void {
    const p = this.cfg.paths;
    // Several workers on one ledger may share these folders: there, only old temporary files are orphans.
    const swept = sweepOrphans([p.out, p.history, p.processed, p.rejected], this.shared ? 10 * 60_000 : 0) + sweepOrphans([p.archive], 10 * 60_000);
    if (swept) this.log.info({ swept }, 'temporary files left by an interrupted write removed');
    this.swept = true;
  }

  /** The claims of one run's inbox files (PostgreSQL), else none. */
  private async inboxClaims(): Promise<InboxClaims | undefined> {
    if (!this.shared) return undefined;
    await this.ledger.pruneClaims(CLAIMS_KEPT_MS);
    return new InboxClaims({
      ledger: this.ledger,
      owner: this.owner,
      leaseMs: this.cfg.ledger?.claimTimeoutMs ?? 60_000,
      scope: 'inbox',
      inbox: this.cfg.paths.inbox,
      log: this.log,
    });
  }

  /** One run: the inbox, then the appendices of the open periods. Waits for any run in progress. */
  runOnce(opts: RunOptions = {}): Promise<RunSummary> {
    return this.exclusive(async (guard) => {
      const t0 = performance.now();
      await assertLedgerMatchesStore(this.ledger, this.store);
      await this.prepare();
      await this.refresh();
      const inbox = await processInbox(await this.ingestContext(), this.cfg.paths, this.cfg.inbox.settleMs, this.log, {
        onProgress: opts.onProgress,
        shouldStop: () => this.stopping || guard.lost(),
        now: () => this.clock().toISOString(),
        threads: this.options.ingestThreads,
        receivedAt: (item) => this.firstSeen(item.name, item.mtimeMs),
        waitForSettleMs: opts.waitForSettle ? Math.max(this.cfg.inbox.settleMs * 4, 10_000) : undefined,
        claims: await this.inboxClaims(),
      });
      guard.check(); // a run that lost its lock writes no appendix
      const wanted = new Set([...openPeriods(this.snapshot).map((p) => p.period.id), ...this.touched]);
      this.touched.clear();
      const appendices: ConsolidateResult[] = [];
      for (const entry of this.snapshot.periods) if (wanted.has(entry.period.id)) appendices.push(await this.consolidatePeriod(entry));
      const current = this.currentPeriod;
      const ms = Math.round(performance.now() - t0);
      this.log.info(
        { files: inbox.outcomes.length, errors: inbox.errors.length, periods: appendices.map((a) => ({ file: a.file, changed: a.changed })), ms },
        'run finished',
      );
      return summary(inbox, appendices, current?.period.id, ms);
    });
  }

  /** The review journal beside the archive. */
  get journal(): string {
    return journalPath(this.cfg.paths.archive);
  }

  /**
   * A planning-office action (approve, return, reopen) on a submission of the period: recorded in
   * the ledger and the journal, answered on the folder route, then the appendix is consolidated
   * again within seconds. A file that arrives while its unit is approved is held by the derivation
   * itself (worker/review/state.ts): nothing to do here at arrival.
   */
  async review(req: ActionRequest): Promise<ActionOutcome> {
    await this.prepare();
    const outcome = await applyAction(
      {
        ledger: this.ledger,
        collection: this.snapshot,
        journal: this.journal,
        processedDir: this.cfg.paths.processed,
        now: this.clock,
      },
      req,
    );
    this.log.info(
      { unit: outcome.record.unit, action: outcome.record.action, actor: outcome.record.actor, submission: outcome.submission.id },
      'review action',
    );
    this.touched.add(outcome.record.period);
    this.requestConsolidation();
    return outcome;
  }

  /** The period of a submission or a console page: a period opened (open or closed). */
  periodEntry(periodId: string | null | undefined): CollectedPeriod | undefined {
    return findCollected(this.snapshot, periodId);
  }

  /**
   * When the worker first saw an inbox file (by name and modification time): its time of receipt,
   * whenever the run takes it. The folder's watch and sweep see a file within seconds of its saving.
   */
  firstSeen(name: string, mtimeMs: number): string {
    const key = `${name}|${Math.floor(mtimeMs)}`;
    let at = this.seen.get(key);
    if (!at) {
      at = this.clock().toISOString();
      this.seen.set(key, at);
      if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value!);
    }
    return at;
  }

  /** After a submission or a review action: consolidate within seconds (the schedule stays as the safety net). */
  requestConsolidation(periodId?: string): void {
    if (periodId) this.touched.add(periodId);
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
    // The callback returns the run's promise, so node-cron's noOverlap skips a tick while it runs;
    // runs started otherwise (by hand, after a submission) are kept apart by the mutex.
    this.task = cron.schedule(
      expr,
      () => {
        if (this.mutex.locked) {
          this.log.info('scheduled run skipped: a run is in progress');
          return undefined;
        }
        return this.runOnce().then(
          () => undefined,
          (err) => this.log.error({ err }, 'scheduled run failed'),
        );
      },
      { timezone, name: 'phuluc-consolidate', noOverlap: true },
    );
    this.log.info({ cron: expr, timezone }, 'schedule started');
    await this.runOnce();
    this.watchInbox();
  }

  /**
   * The shared folder, watched: a file saved there at any hour is on the board within seconds —
   * the folder's change events (inotify; a network share may send none) and a sweep every
   * WATCH_SWEEP_MS as the fallback; each notes when it first saw a file, and a file settled is taken
   * by a run (the settle rule stays: a file still being written waits).
   */
  private watchInbox(): void {
    const inbox = this.cfg.paths.inbox;
    const look = () => {
      if (this.stopping) return;
      const scan = scanInbox(inbox, this.cfg.inbox.settleMs);
      for (const i of [...scan.ready, ...scan.settling]) this.firstSeen(i.name, i.mtimeMs);
      if (scan.settling.length) {
        clearTimeout(this.watchTimer);
        this.watchTimer = setTimeout(look, this.cfg.inbox.settleMs + 200);
      }
      if (scan.ready.length && !this.mutex.locked) this.runOnce().catch((err) => this.log.error({ err }, 'run of the shared folder failed'));
    };
    try {
      this.watcher = watch(inbox, () => {
        clearTimeout(this.watchTimer);
        this.watchTimer = setTimeout(look, 250);
      });
      this.watcher.on('error', (err) => this.log.warn({ err }, 'the shared folder cannot be watched: swept every few seconds instead'));
    } catch (err) {
      this.log.warn({ err }, 'the shared folder cannot be watched: swept every few seconds instead');
    }
    this.sweepTimer = setInterval(look, WATCH_SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** Stops the schedule, lets a run in progress finish (it stops between files), closes the ledger. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.pendingConsolidation);
    clearTimeout(this.watchTimer);
    clearInterval(this.sweepTimer);
    this.watcher?.close();
    await this.task?.stop();
    await this.mutex.idle();
    await this.pool?.close();
    await Promise.all([...this.retired].map((p) => p.close()));
    if (this.shared) await this.ledger.releaseClaims(this.owner).catch((err: unknown) => this.log.error({ err }, 'claims not released'));
    await this.ledger.close();
    this.log.info('worker stopped');
  }
}
