/** Department templates: one .xlsx per reporting unit, drawn from the shared layout. */
import path from 'node:path';
import { reportingUnits, type Catalog, type Period, type Unit } from '../shared/catalog.ts';
import { templateModel, type TemplateOptions } from '../shared/layout.ts';
import { renderWorkbook } from './render/exceljs.ts';
import { writeFileAtomic } from './store.ts';

export function templateFileName(unit: Unit): string {
  return `${unit.code}.xlsx`;
}

export interface BuildOptions {
  password: string;
  /** The intake address the pane submits to (written into the template's metadata). */
  intakeUrl?: string;
  generatedAt?: string;
  /** Figures to prefill, by indicator code (the demo fills the real 2023 figures this way). */
  values?: TemplateOptions['values'];
}

export async function buildTemplate(catalog: Catalog, period: Period, unit: Unit, opts: BuildOptions | string): Promise<Uint8Array> {
  const o: BuildOptions = typeof opts === 'string' ? { password: opts } : opts;
  return renderWorkbook(templateModel(catalog, period, unit, {
    generatedAt: o.generatedAt ?? new Date().toISOString(), protectionPassword: o.password, intakeUrl: o.intakeUrl, values: o.values,
  }));
}

/** Writes DIR/<unit>.xlsx for every unit that owns indicators; returns the files written. */
export async function writeTemplates(
  catalog: Catalog, period: Period, outDir: string,
  opts: BuildOptions & { onProgress?: (done: number, total: number, unit: Unit) => void },
): Promise<string[]> {
  const units = reportingUnits(catalog);
  const files: string[] = [];
  for (const [i, unit] of units.entries()) {
    const file = path.join(outDir, templateFileName(unit));
    writeFileAtomic(file, await buildTemplate(catalog, period, unit, opts));
    files.push(file);
    opts.onProgress?.(i + 1, units.length, unit);
  }
  return files;
}
