/**
 * The appendix as PDF, through LibreOffice when it is installed (`soffice` on PATH): Phụ lục 1
 * alone (not the working sheets) is drawn by the exceljs renderer, then converted headless with a
 * private profile. One conversion at a time; each content version is converted once and kept in
 * out/pdf/<content hash>.pdf.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SheetModel } from '../../shared/layout.ts';
import { Mutex } from '../mutex.ts';
import { renderWorkbook } from '../render/exceljs.ts';
import { writeFileAtomic } from '../store.ts';

let soffice: string | null | undefined;

/** The LibreOffice program, or null when it is not installed. */
export function findSoffice(): string | null {
  if (soffice === undefined) {
    soffice = null;
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      for (const name of ['soffice', 'libreoffice']) {
        try {
          accessSync(path.join(dir, name), constants.X_OK);
          soffice = path.join(dir, name);
          break;
        } catch {
          // not here
        }
      }
      if (soffice) break;
    }
  }
  return soffice;
}

const lock = new Mutex();

function run(cmd: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`soffice exited with ${code}: ${stderr.slice(0, 500)}`));
    });
  });
}

/** The PDF of the appendix sheet for a content version (converted now, or kept from before). */
export function appendixPdf(model: SheetModel, contentHash: string, cacheDir: string, timeoutMs = 120_000): Promise<Uint8Array> {
  return lock.run(async () => {
    const cached = path.join(cacheDir, `${contentHash}.pdf`);
    if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
    const program = findSoffice();
    if (!program) throw new Error('LibreOffice is not installed');
    const work = mkdtempSync(path.join(tmpdir(), 'phuluc-pdf-'));
    try {
      const input = path.join(work, 'phu-luc-1.xlsx');
      writeFileSync(input, await renderWorkbook(model));
      mkdirSync(path.join(work, 'profile'));
      await run(program, [
        `-env:UserInstallation=${pathToFileURL(path.join(work, 'profile')).href}`,
        '--headless', '--norestore', '--nologo', '--nodefault', '--nolockcheck',
        '--convert-to', 'pdf', '--outdir', work, input,
      ], timeoutMs);
      const pdf = new Uint8Array(readFileSync(path.join(work, 'phu-luc-1.pdf')));
      writeFileAtomic(cached, pdf);
      return pdf;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
