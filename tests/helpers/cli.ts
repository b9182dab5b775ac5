/** Runs the real `phuluc` command line (the compiled JavaScript, as installed) and collects what it says. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../worker/paths.ts';

const exec = promisify(execFile);
export const BIN = path.join(PROJECT_ROOT, 'bin/phuluc.js');

export async function phuluc(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
