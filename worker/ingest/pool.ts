/**
 * A small pool of worker threads that run `analyze()` (screen + parse: the CPU-bound, pure part
 * of ingesting a workbook) so a large inbox uses every core. The main thread keeps everything
 * with side effects: hashing, the archive, the ledger and the file moves.
 *
 * A thread runs the compiled JavaScript (dist/) when the worker does, and the TypeScript through
 * tsx's loader when it runs from source (the tests); from source a thread costs about half a second
 * to start (tsx compiles the modules again in the thread), compiled a small fraction of that. The calling thread works too: it analyses a file
 * itself whenever every thread has its fill, which also covers the threads' start-up; so on two
 * cores one thread is enough (defaultThreads).
 *
 * Bytes are transferred to the thread (no copy on the way in); the result, a ParsedSubmission of
 * a few KB, is cloned on the way back. A thread that dies fails only its own file (which stays in
 * the inbox and is retried on the next run) and is replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Collection } from '../../shared/collection.ts';
import { analyze, type Analyzer, type ParsedSubmission } from './analyze.ts';

export interface PoolInit {
  /** What the worker collects (its open periods and their catalogues), fixed for the pool's life. */
  collection: Collection;
  maxFileBytes: number;
}

export interface PoolOptions extends PoolInit {
  threads: number;
  /**
   * The calling thread analyses a file itself when every thread already has its fill (and while
   * none has started yet) instead of queueing it; default true. With it, cores − 1 threads keep
   * every core busy, and a batch starts at once rather than after the threads' start-up.
   */
  callerRuns?: boolean;
}

/** Messages between the pool and its threads. */
export type ToThread = { id: number; bytes: Uint8Array };
export type FromThread = { ready: true } | { id: number; result: ParsedSubmission } | { id: number; error: string };

interface Task {
  id: number;
  bytes: Uint8Array;
  resolve: (r: ParsedSubmission) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Sent and not answered yet, oldest first. */
  tasks: Task[];
}

/**
 * Files sent ahead to each thread (some 20 ms of work), so that it never waits for the calling
 * thread, busy analysing a file of its own, to hand it the next one. On 2 cores, 6 ran ~15 % faster
 * than 2 (and 8, with the inbox's window, left the calling thread idle).
 */
const DEPTH = 6;

/**
 * Threads for a large batch: one per core, at most 8. The calling thread does the rest of the work
 * (hashing, keeping originals, the ledger, moving files) and analyses nothing itself.
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** True when this module runs from its TypeScript source (tests, tsx) rather than compiled. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

function startThread(workerData: PoolInit): Worker {
  if (!FROM_SOURCE) return new Worker(new URL('./pool-thread.js', import.meta.url), { workerData });
  // From source, the thread registers tsx's loader itself first; the plain JavaScript dependencies
  // are loaded natively before it, since through the loader each module costs a round trip.
  const entry = JSON.stringify(new URL('./pool-thread.ts', import.meta.url).href);
  const code = `Promise.all([import('zod'), import('fflate'), import('saxes')]).then(() => import('tsx/esm/api')).then((m) => { m.register(); return import(${entry}); })`;
  return new Worker(code, { eval: true, workerData });
}
/** Replacements for dead threads before the pool gives up on threads and analyses inline. */
const MAX_RESPAWNS = 8;

export class AnalyzePool implements Analyzer {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private respawns = 0;
  /** Files analysed by the calling thread, and by the threads. */
  inlineCount = 0;
  threadCount = 0;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.threads; i++) this.spawn();
  }

  private spawn(): void {
    const { collection, maxFileBytes } = this.opts;
    const worker = startThread({ collection, maxFileBytes });
    const slot: Slot = { worker, ready: false, tasks: [] };
    this.slots.push(slot);
    worker.on('message', (m: FromThread) => {
      if ('ready' in m) {
        slot.ready = true;
      } else {
        const i = slot.tasks.findIndex((t) => t.id === m.id);
        if (i >= 0) {
          const [task] = slot.tasks.splice(i, 1);
          if ('result' in m) task.resolve(m.result);
          else task.reject(new Error(m.error));
        }
      }
      this.pump();
    });
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return; // already handled (error then exit)
      this.slots.splice(i, 1);
      for (const t of slot.tasks.splice(0)) t.reject(err);
      if (!this.closed && this.respawns < MAX_RESPAWNS) {
        this.respawns++;
        this.spawn();
      }
      this.pump();
    };
    worker.on('error', (err) => fail(new Error(`luồng phân tích gặp lỗi: ${err.message}`)));
    worker.on('exit', (code) => fail(new Error(`luồng phân tích dừng bất thường (mã ${code})`)));
  }

  private inline(bytes: Uint8Array): ParsedSubmission {
    this.inlineCount++;
    return analyze(bytes, this.opts.collection, this.opts.maxFileBytes);
  }

  private freeSlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.ready && s.tasks.length < DEPTH && (!best || s.tasks.length < best.tasks.length)) best = s;
    return best;
  }

  private send(slot: Slot, task: Task): void {
    slot.tasks.push(task);
    this.threadCount++;
    const b = task.bytes;
    const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
    slot.worker.postMessage({ id: task.id, bytes: b } satisfies ToThread, whole ? [b.buffer as ArrayBuffer] : []);
  }

  /**
   * Screens and parses one workbook, on a thread or (see callerRuns) here. `bytes` is transferred
   * to the thread when it owns its whole ArrayBuffer: pass a copy if you still need the bytes.
   */
  run(bytes: Uint8Array): Promise<ParsedSubmission> {
    if (this.closed) return Promise.reject(new Error('pool closed'));
    if (this.queue.length === 0) {
      const slot = this.freeSlot();
      if (slot) {
        return new Promise<ParsedSubmission>((resolve, reject) => this.send(slot, { id: this.nextId++, bytes, resolve, reject }));
      }
      if (this.slots.length === 0 || (this.opts.callerRuns ?? true)) {
        try {
          return Promise.resolve(this.inline(bytes));
        } catch (e) {
          return Promise.reject(e as Error);
        }
      }
    }
    return new Promise<ParsedSubmission>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.slots.length === 0) {
      // Every thread died and none may be replaced: finish what is queued here.
      for (const t of this.queue.splice(0)) {
        try {
          t.resolve(this.inline(t.bytes));
        } catch (e) {
          t.reject(e as Error);
        }
      }
      return;
    }
    for (let slot = this.freeSlot(); slot && this.queue.length; slot = this.freeSlot()) this.send(slot, this.queue.shift()!);
  }

  /** Resolves once no file is queued or on a thread (new files may still come: the caller stops sending first). */
  async drain(): Promise<void> {
    while (this.queue.length || this.slots.some((s) => s.tasks.length)) await new Promise((r) => setTimeout(r, 50));
  }

  /** Stops the threads; files still queued or on a thread are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('pool closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      for (const t of s.tasks.splice(0)) t.reject(new Error('pool closed'));
      s.worker.removeAllListeners('exit');
      s.worker.removeAllListeners('error');
      s.worker.on('error', () => {});
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/** The thread's side (pool-thread.ts). */
export async function serveAnalyzeThread(): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads');
  if (!parentPort) throw new Error('serveAnalyzeThread must run in a worker thread');
  const { collection, maxFileBytes } = workerData as PoolInit;
  const port = parentPort;
  port.on('message', (m: ToThread) => {
    let reply: FromThread;
    try {
      reply = { id: m.id, result: analyze(m.bytes, collection, maxFileBytes) };
    } catch (e) {
      reply = { id: m.id, error: (e as Error).message };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies FromThread);
}
