// Pieces shared by webpack.config.js (the pane) and tests/addin/harness/webpack.harness.config.js
// (the browser-test page), so both compile the pane the same way.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The TypeScript rule: ts-loader strips types only (`npm run typecheck` checks them). */
export function tsRule(root, { production }) {
  return {
    test: /\.tsx?$/,
    exclude: /node_modules/,
    use: {
      loader: 'ts-loader',
      options: {
        configFile: path.join(root, 'tsconfig.json'),
        transpileOnly: true,
        compilerOptions: {
          // tsconfig.json is set up for `tsc --noEmit` with `.ts` import specifiers; the loader
          // has to emit, and TypeScript rejects allowImportingTsExtensions unless noEmit is set
          // (TS5096).
          noEmit: false,
          allowImportingTsExtensions: false,
          target: 'ES2017',
          sourceMap: !production,
        },
      },
    },
  };
}

/**
 * The bundled catalogues (shared/catalog/*.json) go through catalog-loader.js: validated with
 * parseCatalog at build time, emitted with defaults filled in. The pane never loads zod.
 */
export const CATALOG_RULE = {
  test: /[\\/]shared[\\/]catalog[\\/][^\\/]+\.json$/,
  use: [{ loader: path.join(here, 'catalog-loader.js') }],
};

/** The MDL2 font files that hold the icons the pane registers (addin/build/icons.json). */
export const ICON_FONT_FILES = Object.keys(JSON.parse(readFileSync(path.join(here, 'icons.json'), 'utf8')).fonts);

/**
 * Those font files, served next to the page (ui/fabric-config.ts points the icons at
 * assets/icons/) instead of Microsoft's CDN.
 */
export const ICON_FONTS_PATTERNS = ICON_FONT_FILES.map((file) => ({
  from: `node_modules/@fluentui/font-icons-mdl2/fonts/${file}`,
  to: `assets/icons/${file}`,
}));
