/**
 * Department templates: one .xlsx per reporting unit, drawn from the shared layout, carrying the
 * intake address and the parts that open the add-in's task pane with the workbook (when installed).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { reportingUnits, type Catalog, type Period, type Unit } from '../shared/catalog.ts';
import { templateModel, type TemplateOptions } from '../shared/layout.ts';
import { PROJECT_ROOT } from './paths.ts';
import { renderWorkbook } from './render/exceljs.ts';
import { addTaskpaneAutoOpen } from './render/webextension.ts';
import { writeFileAtomic } from './store.ts';

export function templateFileName(unit: Unit): string {
  return `${unit.code}.xlsx`;
}

/** A file name every file system takes: the characters Windows refuses (\ / : * ? " < > |, control characters) become “_”. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f]/gu, '_');
}

/**
 * A unit's template as the console hands it out, alone or inside the .zip (the same name both
 * ways): “Biểu mẫu Phụ lục 1 - Thực hiện 6 tháng đầu năm 2024 - Phòng Kinh tế.xlsx”.
 */
export function templateDownloadName(period: Period, unit: Unit): string {
  return safeFileName(`Biểu mẫu Phụ lục 1 - ${period.header} - ${unit.name}.xlsx`);
}

/** Every unit's template of a period in one .zip: “Biểu mẫu Phụ lục 1 - Thực hiện 6 tháng đầu năm 2024.zip”. */
export function templatesZipName(period: Period): string {
  return safeFileName(`Biểu mẫu Phụ lục 1 - ${period.header}.zip`);
}

export interface BuildOptions {
  password: string;
  /** The intake address the pane submits to (written into the template's metadata). */
  intakeUrl?: string;
  generatedAt?: string;
  /** Figures to prefill, by indicator code (the demo fills the real 2023 figures this way). */
  values?: TemplateOptions['values'];
  /** Add the parts that open the task pane with the workbook (default true). */
  autoOpen?: boolean;
  /** The stored version of the catalogue (written into the template's metadata). */
  catalogVersion?: number;
}

let addinIdentity: { addinId: string; version: string } | null | undefined;

/** The add-in's id and version, from manifest.xml (the task pane parts name them). */
export function addinManifestIdentity(): { addinId: string; version: string } | null {
  if (addinIdentity === undefined) {
    try {
      const xml = readFileSync(path.join(PROJECT_ROOT, 'manifest.xml'), 'utf8');
      const id = /<Id>\s*([^<\s]+)\s*<\/Id>/.exec(xml)?.[1];
      const version = /<Version>\s*([^<\s]+)\s*<\/Version>/.exec(xml)?.[1];
      addinIdentity = id && version ? { addinId: id, version } : null;
    } catch {
      addinIdentity = null;
    }
  }
  return addinIdentity;
}

export async function buildTemplate(catalog: Catalog, period: Period, unit: Unit, opts: BuildOptions | string): Promise<Uint8Array> {
  const o: BuildOptions = typeof opts === 'string' ? { password: opts } : opts;
  const bytes = await renderWorkbook(
    templateModel(catalog, period, unit, {
      generatedAt: o.generatedAt ?? new Date().toISOString(),
      protectionPassword: o.password,
      intakeUrl: o.intakeUrl,
      values: o.values,
      ...(o.catalogVersion !== undefined ? { catalogVersion: o.catalogVersion } : {}),
    }),
  );
  const addin = o.autoOpen === false ? null : addinManifestIdentity();
  return addin ? addTaskpaneAutoOpen(bytes, addin) : bytes;
}

/** Writes DIR/<unit>.xlsx for every unit that owns indicators; returns the files written. */
export async function writeTemplates(
  catalog: Catalog,
  period: Period,
  outDir: string,
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
