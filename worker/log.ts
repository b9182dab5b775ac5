import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';

/** Structured logs (JSON lines) on stderr, so stdout stays for what the command prints (the service). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'phuluc' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** Where the log rotates: past this size phuluc.log becomes phuluc.log.1 (and .1 → .2 …). */
export const LOG_MAX_BYTES = 10 * 1024 * 1024;
/** Rotated files kept beside the current one. */
export const LOG_KEEP = 5;

/**
 * An append-only log file that rotates by size: when a line would take it past `maxBytes`, the file
 * becomes `<file>.1` (the older ones shift to .2 … and the last beyond `keep` goes) and a new file
 * is started; a line is never split between two files. Writes are synchronous (a line is on disk
 * before the next thing happens, and a crash loses nothing already logged).
 *
 * No rotating stream fits among the project's dependencies (pino-roll and rotating-file-stream are
 * not installed, and nothing may be added), hence this small one. Several processes may append to
 * the same file (the service and a command run beside it): each checks the size of the file it has
 * open; a process still holding the renamed file writes its last lines there, which is harmless.
 */
export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly file: string,
    readonly maxBytes = LOG_MAX_BYTES,
    readonly keep = LOG_KEEP,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, 'a', 0o640);
    this.size = fstatSync(this.fd).size;
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line, 'utf8');
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
    return true;
  }

  private rotate(): void {
    // Another process may have rotated already: then the file open here is the renamed one.
    closeSync(this.fd);
    try {
      rmSync(`${this.file}.${this.keep}`, { force: true });
      for (let i = this.keep - 1; i >= 1; i--) {
        try {
          renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
      renameSync(this.file, `${this.file}.1`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    } finally {
      this.fd = openSync(this.file, 'a', 0o640);
      this.size = fstatSync(this.fd).size;
    }
  }

  flushSync(): void {}

  close(): void {
    closeSync(this.fd);
  }
}

/** Structured logs appended to a file that rotates by size (the command line: the screen shows only Vietnamese messages). */
export function createFileLogger(file: string, level: string): Logger {
  return pino({ level, base: { app: 'phuluc' }, timestamp: pino.stdTimeFunctions.isoTime }, new RotatingFile(file));
}

const LEVELS = pino.levels.values;

/**
 * The service's logs: JSON lines to the rotating file in the data folder, and to stderr when stderr
 * is not a terminal (journald, a pipe); `printer` gets every record at info and above, to print
 * one Vietnamese line per event (log-lines.ts).
 */
export function createServiceLogger(opts: { level: string; file: string; stderr: boolean; printer?: { write(line: string): void } }): {
  log: Logger;
  file: RotatingFile;
} {
  const file = new RotatingFile(opts.file);
  const level = opts.level as pino.Level | 'silent';
  const streams: pino.StreamEntry[] = [];
  if (level !== 'silent') {
    streams.push({ level, stream: file });
    if (opts.stderr) streams.push({ level, stream: pino.destination({ dest: 2, sync: true }) });
  }
  if (opts.printer) streams.push({ level: 'info', stream: opts.printer });
  const lowest = Math.min(...streams.map((s) => LEVELS[s.level as string] ?? Infinity));
  const loggerLevel = Number.isFinite(lowest) ? pino.levels.labels[lowest] : 'silent';
  const log = pino({ level: loggerLevel, base: { app: 'phuluc' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams));
  return { log, file };
}

/** Writes an unexpected error with its stack to the log file (or one in the temporary folder); returns where. */
export function writeCrashLog(e: unknown, file?: string): string {
  const where = file ?? path.join(tmpdir(), 'phuluc-loi.log');
  const err = e instanceof Error ? { type: e.name, message: e.message, stack: e.stack, code: (e as NodeJS.ErrnoException).code } : { message: String(e) };
  try {
    mkdirSync(path.dirname(where), { recursive: true });
    appendFileSync(where, `${JSON.stringify({ level: 50, time: new Date().toISOString(), app: 'phuluc', msg: 'command failed', err })}\n`);
  } catch {
    // nowhere to write: the message on screen is all there is
  }
  return where;
}
