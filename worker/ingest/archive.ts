/**
 * The store of originals: every file ever received, by content (SHA-256), read-only, with a small
 * sidecar beside it saying when and how it arrived — what `phuluc rebuild` needs to re-derive the
 * ledger if it is lost. An interface, so that an S3-compatible object store can stand in for the
 * folder later; today it is a folder (a network share when several workers share it).
 *
 *   archive/ab/ab12….xlsx       the original bytes (.bin when it was not an .xlsx)
 *   archive/ab/ab12….json       { fileName, source, receivedAt, size, catalogId, period, unit? }
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Source } from '../ledger/contract.ts';
import { copyFileAtomic, writeFileAtomicAsync, writeSmallFileAtomicSync } from '../store.ts';

/** How a file arrived: written beside the original, read back by the rebuild. */
export interface Sidecar {
  sha256: string;
  fileName: string;
  source: Source;
  receivedAt: string;
  size: number;
  /** What the worker was collecting when it arrived. */
  catalogId: string;
  period: string;
  /** The unit whose access token brought it (HTTP). */
  unit?: string;
}

export interface OriginalsStore {
  /** Where it is, for messages. */
  readonly where: string;
  /** The store's name for an original: "ab/ab12….xlsx". */
  keyFor(sha256: string, fileName: string): string;
  /** Keeps the bytes (once: an original already kept is not written again) and the sidecar. */
  put(sidecar: Sidecar, bytes: Uint8Array): Promise<string>;
  /** Keeps a file too big to read into memory, streamed. */
  putFile(sidecar: Sidecar, file: string): Promise<string>;
  get(key: string): Promise<Uint8Array>;
  /** Every sidecar, in the order the files arrived. */
  list(): Promise<Sidecar[]>;
  /** True when at least one original is kept (cheap: stops at the first). */
  any(): boolean;
  /** Gives a sidecar to originals kept without one; returns how many. */
  adoptOrphans(context: { catalogId: string; period: string }): Promise<number>;
  /** The identity of the ledger these originals are recorded in (Ledger.identity), once marked. */
  ledgerMark(): string | undefined;
  markLedger(identity: string): void;
}

/** In the folder store, beside the originals' folders and the review journal. */
export const LEDGER_MARK_NAME = 'ledger-id.txt';

/** The file extension the store keeps: .xlsx, or .bin for anything else. */
export function archiveExt(fileName: string): string {
  return path.extname(fileName).toLowerCase() === '.xlsx' ? '.xlsx' : '.bin';
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const READ_ONLY = 0o444;

/** Sort order of arrivals: time, then name (files taken in one millisecond were taken in name order). */
export function arrivalOrder(a: Sidecar, b: Sidecar): number {
  return a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0;
}

/**
 * The sidecar text describes an arrival of the bytes by the same way and sender (a damaged sidecar
 * describes none): kept bytes reach the store again that way only when a run was interrupted
 * between keeping and recording them, and the first sidecar already tells when they came.
 */
function sameArrival(text: string, s: Sidecar): boolean {
  try {
    const o = JSON.parse(text) as Sidecar;
    return o.source === s.source && (o.unit ?? null) === (s.unit ?? null);
  } catch {
    return false;
  }
}

export class FolderStore implements OriginalsStore {
  constructor(readonly where: string) {}

  keyFor(sha: string, fileName: string): string {
    return `${sha.slice(0, 2)}/${sha}${archiveExt(fileName)}`;
  }

  private file(key: string): string {
    return path.join(this.where, ...key.split('/'));
  }

  /**
   * The sidecar (a few hundred bytes) is written synchronously and not fsynced: after a power cut a
   * lost sidecar is re-made from the original (adoptOrphans). Synchronous because, for a file this
   * small, the promise machinery costs more than the write: written 2,000 times (2-core VM), the async
   * form took 0,25–0,30 ms of wall time and 0,26–0,34 ms of CPU per file, this one 0,04 and 0,04–0,05.
   * `known`: the original was just written, so there is no sidecar to look for.
   *
   * One sidecar per arrival: the same bytes may arrive again in another way that is not a duplicate
   * (another unit's token brought them, see ingest()); that arrival gets `<sha256>.2.json`, `.3` …,
   * so that the rebuild replays it too. Bytes again from the same way and sender (a run retried
   * after a crash between keeping and recording) are not described twice.
   */
  private writeSidecar(s: Sidecar, known = false): void {
    const base = `${s.sha256.slice(0, 2)}/${s.sha256}`;
    const data = `${JSON.stringify(s)}\n`;
    if (known) {
      writeSmallFileAtomicSync(this.file(`${base}.json`), data, READ_ONLY);
      return;
    }
    for (let k = 1; ; k++) {
      const file = this.file(k === 1 ? `${base}.json` : `${base}.${k}.json`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        writeSmallFileAtomicSync(file, data, READ_ONLY);
        return;
      }
      if (sameArrival(text, s)) return;
    }
  }

  async put(s: Sidecar, bytes: Uint8Array): Promise<string> {
    const key = this.keyFor(s.sha256, s.fileName);
    const file = this.file(key);
    const fresh = !existsSync(file);
    if (fresh) await writeFileAtomicAsync(file, bytes, READ_ONLY);
    this.writeSidecar(s, fresh);
    return key;
  }

  async putFile(s: Sidecar, from: string): Promise<string> {
    const key = this.keyFor(s.sha256, s.fileName);
    const file = this.file(key);
    const fresh = !existsSync(file);
    if (fresh) await copyFileAtomic(from, file, READ_ONLY);
    this.writeSidecar(s, fresh);
    return key;
  }

  async get(key: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.file(key)));
  }

  async list(): Promise<Sidecar[]> {
    const out: Sidecar[] = [];
    for (const dir of this.dirs()) {
      for (const name of readdirSync(dir)) {
        if (!name.endsWith('.json')) continue;
        try {
          out.push(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Sidecar);
        } catch {
          // a damaged sidecar: its original is listed by the rebuild from the file itself
        }
      }
    }
    return out.sort(arrivalOrder);
  }

  any(): boolean {
    return this.dirs().some((d) => readdirSync(d).some((n) => n.endsWith('.xlsx') || n.endsWith('.bin')));
  }

  /**
   * Gives a sidecar to every original kept without one (by a version before sidecars existed): its
   * name is its fingerprint, its time the file's. Returns how many.
   */
  async adoptOrphans(context: { catalogId: string; period: string }): Promise<number> {
    let n = 0;
    for (const dir of this.dirs()) {
      const names = new Set(readdirSync(dir));
      for (const name of names) {
        const m = /^([0-9a-f]{64})\.(xlsx|bin)$/.exec(name);
        if (!m || names.has(`${m[1]}.json`)) continue;
        const st = statSync(path.join(dir, name));
        await this.writeSidecar({
          sha256: m[1],
          fileName: name,
          source: 'inbox',
          receivedAt: new Date(st.mtimeMs).toISOString(),
          size: st.size,
          ...context,
        });
        n++;
      }
    }
    return n;
  }

  ledgerMark(): string | undefined {
    try {
      return readFileSync(path.join(this.where, LEDGER_MARK_NAME), 'utf8').trim() || undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  markLedger(identity: string): void {
    writeSmallFileAtomicSync(path.join(this.where, LEDGER_MARK_NAME), `${identity}\n`);
  }

  private dirs(): string[] {
    if (!existsSync(this.where)) return [];
    return readdirSync(this.where)
      .filter((d) => /^[0-9a-f]{2}$/.test(d))
      .map((d) => path.join(this.where, d));
  }
}
