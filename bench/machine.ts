/**
 * How busy the machine was while we measured. The benchmark often shares its CPUs (other jobs,
 * other virtual machines): the CPU time the whole machine spent, minus our own, says how much of
 * it went elsewhere, and so how far the figures of that run can be trusted. Linux only
 * (/proc/stat); elsewhere the figures are left out.
 */
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/stat (USER_HZ, 100 on every usual Linux). */
const USER_HZ = 100;

export interface CpuWindow {
  stat: number[] | null;
  own: NodeJS.CpuUsage;
  t: number;
}

function procStat(): number[] | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    return line.trim().split(/\s+/).slice(1, 9).map(Number);
  } catch {
    return null;
  }
}

export function cpuStart(): CpuWindow {
  return { stat: procStat(), own: process.cpuUsage(), t: performance.now() };
}

export interface CpuFigures {
  wallMs: number;
  /** Our process (all its threads), in cores: CPU seconds per second. */
  ownCores: number;
  /** Everything else on the machine, in cores; null where /proc/stat is not available. */
  otherCores: number | null;
}

export function cpuEnd(w: CpuWindow): CpuFigures {
  const wallMs = performance.now() - w.t;
  const own = process.cpuUsage(w.own);
  const ownSec = (own.user + own.system) / 1e6;
  const after = procStat();
  let otherCores: number | null = null;
  if (w.stat && after) {
    const d = after.map((v, i) => v - w.stat![i]);
    const busy = d.reduce((a, b) => a + b, 0) - d[3] - d[4]; // minus idle and iowait
    otherCores = Math.max(0, busy / USER_HZ - ownSec) / (wallMs / 1000);
  }
  return { wallMs, ownCores: ownSec / (wallMs / 1000), otherCores };
}
