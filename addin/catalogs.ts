/**
 * The catalogues the pane knows. It bundles none (issue 22: a catalogue changes without a new build
 * of the pane): a template carries the catalogue it was made from in its very hidden metadata sheet
 * (shared/template-read.ts catalogFromMeta), which the pane checks it with, offline too; to create a
 * template it asks the worker it is enrolled with (GET CATALOGS_PATH, app/intake.ts fetchCatalogs).
 * Node tests pass catalogues through parseCatalog themselves (tests/helpers/catalog.ts).
 */
import { catalogHash, type Catalog } from '../shared/catalog.ts';

export interface BundledCatalog {
  catalog: Catalog;
  /** catalogHash(catalog): compared with the template's `catalogHash` entry. */
  hash: string;
}

export interface LoadedCatalogs {
  catalogs: BundledCatalog[];
}

export function loadCatalogs(list: Catalog[] = []): LoadedCatalogs {
  const catalogs = list.map((catalog) => ({ catalog, hash: catalogHash(catalog) }));
  catalogs.sort((a, b) => a.catalog.year - b.catalog.year);
  return { catalogs };
}
