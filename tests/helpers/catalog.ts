import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../../shared/catalog.ts';
import { parseCatalogText } from '../../shared/catalog-schema.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function loadCatalog(year: 2023 | 2024): Catalog {
  const file = `${root}shared/catalog/${year}.json`;
  return parseCatalogText(readFileSync(file, 'utf8'), file);
}

export interface RealRow {
  stt: number;
  name: string;
  unit: string;
  plan: string;
  actual: string;
  assessment: string;
  footnote?: number;
  actualFootnote?: number;
}
export interface RealAppendix {
  title: string;
  subtitle: string;
  issuer: string;
  columns: string[];
  rows: RealRow[];
  footnotes: Record<string, string>;
  summary_in_report: { text: string; footnote: string; counts: { dat: number; vuot: number; khong_dat: number; chua_danh_gia: number } };
}

/** The real 2023 appendix (copied from the report into tests/fixtures). */
export function realAppendix(): RealAppendix {
  return JSON.parse(readFileSync(`${root}tests/fixtures/phu-luc-1-2023.json`, 'utf8')) as RealAppendix;
}

/** The report writes "Không Đạt KH" once; the label is "Không đạt KH". */
export function normalizeLabel(s: string): string {
  return s === 'Không Đạt KH' ? 'Không đạt KH' : s;
}
