/**
 * The appendix as PDF for the console: Phụ lục 1 alone (not the working sheets) is drawn by the
 * exceljs renderer and converted by worker/render/pdf.ts (LibreOffice headless, its one profile and
 * queue). Each content version is converted once and kept in <cacheDir>/<content hash>.pdf.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SheetModel } from '../../shared/layout.ts';
import { Mutex } from '../mutex.ts';
import { renderWorkbook } from '../render/exceljs.ts';
import { toPdf, type PdfOptions } from '../render/pdf.ts';
import { writeFileAtomic } from '../store.ts';

// Held from the cache check to the cache write, so two requests for one version convert it once.
const lock = new Mutex();

/** The PDF of the appendix sheet for a content version (converted now, or kept from before). Throws PdfError. */
export function appendixPdf(model: SheetModel, contentHash: string, cacheDir: string, opts: PdfOptions = {}): Promise<Uint8Array> {
  return lock.run(async () => {
    const cached = path.join(cacheDir, `${contentHash}.pdf`);
    if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
    const pdf = await toPdf({ bytes: await renderWorkbook(model), ext: 'xlsx' }, opts);
    writeFileAtomic(cached, pdf);
    return pdf;
  });
}
