// worker/render/pdf.ts, the one LibreOffice conversion: the console's appendix sheet (.xlsx) and the
// report (.docx) both go through it. Real LibreOffice for the conversions; a stand-in soffice (a
// shell script that starts a child, as soffice starts soffice.bin) for the timeout.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendixPdf } from '../../worker/http/console-pdf.ts';
import { renderWorkbook } from '../../worker/render/exceljs.ts';
import { LIBREOFFICE_MISSING, PdfError, toPdf } from '../../worker/render/pdf.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { realContent } from '../helpers/report.ts';
import { libreOfficeAvailable, pdfPages } from '../helpers/writer.ts';

const work = mkdtempSync(path.join(tmpdir(), 'pdf-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const { content } = realContent(loadCatalog(2023));
const pdfText = async (pdf: Uint8Array) => (await pdfPages(pdf)).flatMap((p) => p.lines.map((l) => l.text)).join('\n');

/** True while a process exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe.skipIf(process.platform === 'win32')('a conversion that hangs', () => {
  it('is killed with its child processes and says so in Vietnamese', async () => {
    const pidFile = path.join(work, 'child.pid');
    const fake = path.join(work, 'soffice');
    // Like soffice: a wrapper whose real work runs in a child it starts and waits for.
    writeFileSync(fake, `#!/bin/sh\nsleep 600 &\necho $! > '${pidFile}'\nwait\n`);
    chmodSync(fake, 0o755);
    const job = toPdf({ bytes: new Uint8Array([1, 2, 3]), ext: 'xlsx' }, { soffice: fake, timeoutMs: 1_000 });
    await expect(job).rejects.toThrow(PdfError);
    await expect(job).rejects.toThrow(/^LibreOffice không xuất xong PDF sau 1 giây và đã bị dừng\. .*Excel/);
    const child = Number(readFileSync(pidFile, 'utf8'));
    expect(child).toBeGreaterThan(0);
    // The group was killed as the timer fired; 'close' came after every holder of the pipes had gone.
    let gone = !alive(child);
    for (let i = 0; i < 50 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gone = !alive(child);
    }
    if (!gone) process.kill(child, 'SIGKILL');
    expect(gone).toBe(true);
  });
});

describe('the console’s appendix PDF', () => {
  it('without LibreOffice: the Vietnamese message, nothing kept', async () => {
    const cache = path.join(work, 'cache-missing');
    await expect(appendixPdf(content.model, 'abc', cache, { searchDirs: [] })).rejects.toThrow(LIBREOFFICE_MISSING);
    expect(existsSync(path.join(cache, 'abc.pdf'))).toBe(false);
  });

  it('a version already converted is served from its cache file, LibreOffice or not', async () => {
    const cache = path.join(work, 'cache-kept');
    const kept = new TextEncoder().encode('%PDF-1.7 kept for this version');
    await expect(appendixPdf(content.model, 'v1', cache, { searchDirs: [] })).rejects.toThrow(PdfError);
    mkdirSync(cache, { recursive: true });
    writeFileSync(path.join(cache, 'v1.pdf'), kept);
    expect(await appendixPdf(content.model, 'v1', cache, { searchDirs: [] })).toEqual(kept);
  });
});

describe.skipIf(!libreOfficeAvailable())('with LibreOffice', () => {
  it('converts the appendix sheet once per content version and keeps it', async () => {
    const cache = path.join(work, 'cache-real');
    const pdf = await appendixPdf(content.model, 'real', cache);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(readFileSync(path.join(cache, 'real.pdf'))).toEqual(Buffer.from(pdf));
    const text = await pdfText(pdf);
    expect(text).toContain('1.721,4');
    // Kept: asked again with no LibreOffice to be found, the same bytes come back.
    expect(await appendixPdf(content.model, 'real', cache, { searchDirs: [] })).toEqual(pdf);
  });

  it('converts bytes and a file alike, one after another in the one profile', async () => {
    const xlsx = await renderWorkbook(content.model);
    const file = path.join(work, 'Phụ lục 1 (bản in).xlsx');
    writeFileSync(file, xlsx);
    const [fromBytes, fromFile] = await Promise.all([toPdf({ bytes: xlsx, ext: '.xlsx' }), toPdf({ file })]);
    expect(await pdfText(fromFile)).toBe(await pdfText(fromBytes));
  });
});
