import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';

/** Structured logs (JSON lines) on stderr, so stdout stays for what the command prints (the service). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'phuluc' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** Structured logs appended to a file (the command line: the screen shows only Vietnamese messages). */
export function createFileLogger(file: string, level: string): Logger {
  mkdirSync(path.dirname(file), { recursive: true });
  return pino({ level, base: { app: 'phuluc' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: file, sync: true, mkdir: true }));
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
