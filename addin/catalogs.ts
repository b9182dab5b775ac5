/**
 * The catalogues bundled with the pane (shared/catalog/*.json), validated with the same
 * parseCatalog the worker uses. A catalogue that fails validation is reported, not dropped silently.
 */
import raw2023 from '../shared/catalog/2023.json';
import raw2024 from '../shared/catalog/2024.json';
import { catalogHash, type Catalog } from '../shared/catalog.ts';
import { parseCatalog } from '../shared/catalog-schema.ts';

export interface BundledCatalog {
  catalog: Catalog;
  /** catalogHash(catalog): compared with the template's `catalogHash` entry. */
  hash: string;
}

export interface LoadedCatalogs {
  catalogs: BundledCatalog[];
  /** Vietnamese messages for catalogues that failed validation. */
  errors: string[];
}

const RAW: { source: string; json: unknown }[] = [
  { source: 'shared/catalog/2023.json', json: raw2023 },
  { source: 'shared/catalog/2024.json', json: raw2024 },
];

export function loadCatalogs(raw: { source: string; json: unknown }[] = RAW): LoadedCatalogs {
  const catalogs: BundledCatalog[] = [];
  const errors: string[] = [];
  for (const { source, json } of raw) {
    try {
      const catalog = parseCatalog(json, source);
      catalogs.push({ catalog, hash: catalogHash(catalog) });
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  catalogs.sort((a, b) => a.catalog.year - b.catalog.year);
  return { catalogs, errors };
}
