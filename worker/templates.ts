/** Department templates: one .xlsx per reporting unit, drawn from the shared layout. */
import path from 'node:path';
import { reportingUnits, type Catalog, type Period, type Unit } from '../shared/catalog.ts';
import { templateModel } from '../shared/layout.ts';
import { renderWorkbook } from './render-exceljs.ts';
import { writeFileAtomic } from './ingest/ingest.ts';

export function templateFileName(unit: Unit): string {
  return `${unit.code}.xlsx`;
}

export async function buildTemplate(catalog: Catalog, period: Period, unit: Unit, password: string, generatedAt = new Date().toISOString()): Promise<Uint8Array> {
  return renderWorkbook(templateModel(catalog, period, unit, { generatedAt, protectionPassword: password }));
}

/** Writes DIR/<unit>.xlsx for every unit that owns indicators; returns the files written. */
export async function writeTemplates(
  catalog: Catalog, period: Period, outDir: string, password: string,
  onProgress?: (done: number, total: number, unit: Unit) => void,
): Promise<string[]> {
  const units = reportingUnits(catalog);
  const files: string[] = [];
  for (const [i, unit] of units.entries()) {
    const file = path.join(outDir, templateFileName(unit));
    writeFileAtomic(file, await buildTemplate(catalog, period, unit, password));
    files.push(file);
    onProgress?.(i + 1, units.length, unit);
  }
  return files;
}
