// Pieces shared by webpack.config.js (the pane) and addin/testing/webpack.harness.config.js
// (the browser-test page), so both compile the pane the same way.
import path from 'node:path';

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
 * Works around a webpack 5.113 bug: with zod's `sideEffects` flags, webpack skips the re-export
 * module zod/v4/classic/external.js and wires the member chain `z.iso.date` to zod's top-level
 * `date` (the ZodDate schema) instead of iso.js's `date` (an ISO date string). In the bundled pane
 * every valid catalogue then failed with "expected date, received string" on `resolution.date`,
 * while Node ran the same code correctly. Declaring that one module as having side effects keeps
 * the chain intact at no cost in size (measured: 20.1 vs 20.4 KB gzip for zod alone).
 * tests/addin/bundle-zod.test.ts guards it.
 */
export const ZOD_REEXPORT_RULE = {
  test: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]classic[\\/]external\.js$/,
  sideEffects: true,
};

/**
 * Fluent UI's icon fonts, served next to the page (addin/fabric-config.ts points
 * initializeIcons() at assets/icons/) instead of Microsoft's CDN.
 */
export const ICON_FONTS_PATTERN = {
  from: 'node_modules/@fluentui/font-icons-mdl2/fonts/*.woff',
  to: 'assets/icons/[name][ext]',
};
