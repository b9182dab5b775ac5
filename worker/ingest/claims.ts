/**
 * Several workers on one shared inbox folder and one PostgreSQL ledger: each file is taken by the
 * one process that claimed it (Ledger.claim). A claim is a lease the holder renews while it works;
 * when a worker dies (killed, power cut), its unfinished claims run out and the next run of another
 * worker takes them over, keeping the submission id reserved at the first claim, so that the
 * ledger's order (a unit's latest submission) is the order files were claimed, in name order,
 * whichever process records them.
 *
 * A file is known by its name, size and time (seconds, which every client of a network share sees
 * alike): a file of the same name dropped again later is a new file.
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CoordinationStore } from '../ledger/contract.ts';
import type { InboxItem } from './inbox-scan.ts';

export interface InboxClaimsOptions {
  ledger: CoordinationStore;
  /** This process, e.g. "host/1234/ab12cd34". */
  owner: string;
  /** A claim not renewed for this long is taken over by another worker. */
  leaseMs: number;
  /** Whose inbox: claims of different catalogues (levels) sharing one database never meet. */
  scope: string;
  /** The inbox folder the keys' file names are in. */
  inbox: string;
  log: Logger;
  /** Files claimed at once (default 16, about one window of files in flight). */
  batch?: number;
}

/** Keys looked at per claim: enough to find a batch of free files past those others hold. */
const LOOKAHEAD = 256;

export class InboxClaims {
  private readonly keys = new Map<string, string>();
  private heartbeat?: NodeJS.Timeout;
  private renewing?: Promise<unknown>;
  /** Claims taken over from a worker that stopped renewing them (for the log). */
  takenOver = 0;

  constructor(readonly opts: InboxClaimsOptions) {}

  private get prefix(): string {
    return `inbox:${this.opts.scope}:`;
  }

  key(item: InboxItem): string {
    let k = this.keys.get(item.file);
    if (!k) this.keys.set(item.file, (k = `${this.prefix}${item.name}:${item.size}:${Math.floor(item.mtimeMs / 1000)}`));
    return k;
  }

  /**
   * Finishes the lapsed claims whose file is no longer in the inbox: a worker that died after moving
   * a file out and before finishing its claim (the file is recorded), or a file taken away by hand.
   * No later listing names such a file, so without this its claim would stay open for ever. A
   * lapsed claim whose file is still there is left to be taken over. Returns how many were finished.
   */
  async finishLapsed(): Promise<number> {
    let finished = 0;
    for (const key of await this.opts.ledger.lapsedClaims(this.prefix)) {
      const m = /^(.*):(\d+):(-?\d+)$/s.exec(key.slice(this.prefix.length));
      if (!m) continue; // not a key of this class: leave it
      const now = statOf(path.join(this.opts.inbox, m[1]));
      if (now && now.size === Number(m[2]) && Math.floor(now.mtimeMs / 1000) === Number(m[3])) continue;
      await this.opts.ledger.finishClaim(key, this.opts.owner);
      finished++;
    }
    if (finished) this.opts.log.info({ claims: finished }, 'lapsed claims of files no longer in the inbox finished');
    return finished;
  }

  /**
   * The items of `items` (in their order) this process claims, each with its reserved submission
   * id, claimed a batch at a time as the caller asks for more. Files other workers hold or have
   * finished are passed over; a claimed file that is gone meanwhile (taken by a worker that died
   * before finishing its claim) is finished and passed over too, and so are lapsed claims of files
   * no longer listed at all (finishLapsed).
   */
  async *claimed(items: InboxItem[]): AsyncGenerator<{ item: InboxItem; id: number }> {
    this.startHeartbeat();
    await this.finishLapsed();
    const batch = this.opts.batch ?? 16;
    let i = 0;
    while (i < items.length) {
      const window = items.slice(i, i + LOOKAHEAD);
      const got = await this.opts.ledger.claim(
        window.map((it) => this.key(it)),
        this.opts.owner,
        this.opts.leaseMs,
        batch,
      );
      const at = new Map(window.map((it, k) => [this.key(it), k]));
      // A full batch: go on after its last file; fewer: nothing else in this window was free.
      i += got.length < batch ? window.length : Math.max(...got.map((c) => at.get(c.key)!)) + 1;
      for (const c of got) {
        const item = window[at.get(c.key)!];
        if (c.takenOver) this.takenOver++;
        const now = statOf(item.file);
        if (!now) {
          await this.finish(item); // recorded and moved out by a worker that died before finishing
          continue;
        }
        if (now.size !== item.size || Math.floor(now.mtimeMs / 1000) !== Math.floor(item.mtimeMs / 1000)) {
          await this.opts.ledger.releaseClaims(this.opts.owner, [c.key]); // changed since listed: next run
          continue;
        }
        yield { item, id: c.id };
      }
    }
  }

  /** The file was recorded and moved out. */
  async finish(item: InboxItem): Promise<void> {
    await this.opts.ledger.finishClaim(this.key(item), this.opts.owner);
  }

  /** The file stays in the inbox (an error of the system): any worker may retry it. */
  async release(item: InboxItem): Promise<void> {
    await this.opts.ledger.releaseClaims(this.opts.owner, [this.key(item)]);
  }

  /** Ends the run: stops renewing, gives back whatever was claimed and not taken (a stop request). */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    await this.renewing;
    await this.opts.ledger.releaseClaims(this.opts.owner);
    if (this.takenOver) this.opts.log.warn({ files: this.takenOver }, 'claims of a worker that stopped answering taken over');
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(
      () => {
        this.renewing = this.opts.ledger
          .renewClaims(this.opts.owner, this.opts.leaseMs)
          .catch((err: unknown) => this.opts.log.error({ err }, 'claims not renewed'));
      },
      Math.max(200, Math.floor(this.opts.leaseMs / 3)),
    );
    this.heartbeat.unref();
  }
}

function statOf(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const st = lstatSync(file);
    return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}
