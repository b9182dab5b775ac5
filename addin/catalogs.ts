/**
 * The catalogues bundled with the pane (shared/catalog/*.json). They are validated when the pane
 * is built, not in the browser: webpack passes each file through addin/build/catalog-loader.js,
 * which runs the worker's parseCatalog and emits the validated catalogue (defaults filled in), or
 * fails the build with parseCatalog's Vietnamese error. So zod never reaches the pane's bundle.
 */
import json2023 from '../shared/catalog/2023.json';
import json2024 from '../shared/catalog/2024.json';
import { catalogHash, type Catalog } from '../shared/catalog.ts';

export interface BundledCatalog {
  catalog: Catalog;
  /** catalogHash(catalog): compared with the template's `catalogHash` entry. */
  hash: string;
}

export interface LoadedCatalogs {
  catalogs: BundledCatalog[];
}

/**
 * What the loader made of the JSON files. Only inside a webpack build are these validated
 * catalogues; Node tests pass catalogues through parseCatalog themselves (tests/helpers/catalog.ts).
 */
export const BUNDLED_CATALOGS = [json2023, json2024] as unknown as Catalog[];

export function loadCatalogs(list: Catalog[] = BUNDLED_CATALOGS): LoadedCatalogs {
  const catalogs = list.map((catalog) => ({ catalog, hash: catalogHash(catalog) }));
  catalogs.sort((a, b) => a.catalog.year - b.catalog.year);
  return { catalogs };
}
