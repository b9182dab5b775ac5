import pino, { type Logger } from 'pino';

/** Structured logs (JSON lines) on stderr, so stdout stays for what the command prints. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'phuluc' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}
