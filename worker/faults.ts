/**
 * Fault injection for the crash tests: with PHULUC_CRASH_AT=<point> in the environment, the process
 * kills itself (SIGKILL: no cleanup, no flush) when it reaches that point, as a power cut would.
 * Points are named where the worker writes: see the calls of crashPoint(). Without the variable
 * it costs one property read.
 */
export type CrashPoint =
  | 'ingest:kept' // the original and its sidecar are in the store, the ledger has not recorded it
  | 'ingest:recorded' // the ledger has recorded the file, it is still in the inbox
  | 'appendix:history' // the new version is in out/history, the current appendix is the old one
  | 'appendix:temp' // the temporary file of the new appendix exists, the old one is still current
  | 'appendix:renamed'; // the new appendix is current, the ledger does not know its version yet

export function crashPoint(point: CrashPoint): void {
  if (process.env.PHULUC_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
