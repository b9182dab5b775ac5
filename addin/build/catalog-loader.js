// webpack loader for the catalogues the pane bundles (shared/catalog/*.json): validates each with
// the worker's own parseCatalog (shared/catalog-schema.ts, zod) at build time and emits the
// validated catalogue as JSON, defaults filled in. An invalid catalogue fails the build with
// parseCatalog's Vietnamese message, naming the file and the field. The schema is TypeScript, so
// it is imported through tsx (as bin/phuluc.js runs the worker).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCHEMA = pathToFileURL(path.join(ROOT, 'shared', 'catalog-schema.ts')).href;

let schema;
function loadSchema() {
  schema ??= tsImport(SCHEMA, import.meta.url);
  return schema;
}

/**
 * The validated catalogue as JSON text, or throws parseCatalog's Vietnamese error.
 * @param {string} text the JSON file's content
 * @param {string} source the file, as the error names it
 * @returns {Promise<string>}
 */
export async function validateCatalogText(text, source) {
  const { parseCatalogText } = await loadSchema();
  return JSON.stringify(parseCatalogText(text, source));
}

/** @this {import('webpack').LoaderContext<object>} */
export default function catalogLoader(text) {
  const done = this.async();
  this.cacheable(true);
  this.addDependency(fileURLToPath(SCHEMA));
  const source = path.relative(ROOT, this.resourcePath).split(path.sep).join('/');
  validateCatalogText(text, source).then(
    (json) => done(null, json),
    (e) => done(new Error(e instanceof Error ? e.message : String(e))),
  );
}
