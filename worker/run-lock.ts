/**
 * A lock file so that runs never overlap across processes either: `phuluc consolidate` started by
 * hand while `phuluc start` is running waits for the other run to finish. A lock left by a process
 * that died (kill -9, power cut) is taken over.
 */
import { openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTake(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const holder = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(holder) || holder <= 0 || (!alive(holder) && holder !== process.pid)) {
    rmSync(file, { force: true }); // stale: its process is gone
    return tryTake(file);
  }
  return false;
}

/** Runs `fn` holding the lock file; waits (polling) while another live process holds it. */
export async function withRunLock<T>(file: string, fn: () => Promise<T>, opts: { timeoutMs?: number; onWait?: (pid: number) => void } = {}): Promise<T> {
  const end = Date.now() + (opts.timeoutMs ?? 15 * 60_000);
  let told = false;
  while (!tryTake(file)) {
    if (!told) {
      opts.onWait?.(Number(readFileSync(file, 'utf8').trim()));
      told = true;
    }
    if (Date.now() > end) throw new Error(`Một lượt chạy khác (tiến trình ${readFileSync(file, 'utf8').trim()}) giữ khóa ${file} quá lâu; hãy kiểm tra tiến trình đó.`);
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
