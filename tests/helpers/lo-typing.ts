// Test helper: types texts into workbooks through LibreOffice's own input parsing (lo_typing.py
// beside it, over Debian's python3-uno) and saves each result as .xlsx, as an officer would fill a
// template in LibreOffice Calc and save it. One soffice process per call, with its own profile
// (and so its own locale); calls with different locales may run side by side.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { libreOfficeAvailable } from './libreoffice.ts';

/** Debian's Python, which has the uno module (a pyenv python3 on PATH does not). */
export const UNO_PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lo_typing.py');

let available: boolean | undefined;

/** soffice is on PATH and /usr/bin/python3 imports uno. */
export function typingAvailable(): boolean {
  available ??= libreOfficeAvailable() && spawnSync(UNO_PYTHON, ['-c', 'import uno'], { stdio: 'ignore' }).status === 0;
  return available;
}

/** For describe.skipIf: true when the typing tests can run; throws in CI, where they must. */
export function typingOrSkip(what: string): boolean {
  if (typingAvailable()) return true;
  if (process.env.CI)
    throw new Error('CI=true but soffice or python3-uno (/usr/bin/python3 -c "import uno") is missing: apt-get install libreoffice-calc-nogui python3-uno');
  console.warn(`Không thấy LibreOffice hoặc python3-uno: bỏ qua ${what}.`);
  return false;
}

export interface TypingOutput {
  /** Where the filled workbook is saved (.xlsx). */
  out: string;
  /** Address → what is typed ("" clears the cell). */
  cells: Record<string, string>;
}

export interface TypingJob {
  template: string;
  sheet: string;
  outputs: TypingOutput[];
}

/**
 * Types every output of every job with one LibreOffice set to `locale` ("vi-VN", "en-US"); resolves
 * to the outputs that failed, with why (none normally).
 */
export async function typeInLibreOffice(locale: string, jobs: TypingJob[], timeoutMs = 600_000): Promise<Map<string, string>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lo-typing-job-'));
  try {
    const jobFile = path.join(dir, 'job.json');
    const resultFile = path.join(dir, 'result.json');
    writeFileSync(jobFile, JSON.stringify({ locale, jobs }));
    await new Promise<void>((resolve, reject) => {
      // Own process group: the script starts soffice, and a timeout must end both.
      const child = spawn(UNO_PYTHON, [SCRIPT, jobFile, resultFile], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`lo_typing.py ended with ${code ?? signal}\n${stderr}`));
      });
    });
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { outputs: Record<string, string | null> };
    const failed = new Map<string, string>();
    for (const job of jobs) {
      for (const o of job.outputs) {
        const r = result.outputs[o.out];
        if (r !== null) failed.set(o.out, r ?? 'not typed');
      }
    }
    return failed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
