// Builds the browser-test page (harness.tsx beside this file) with the same loader settings as
// the pane (addin/build/webpack-shared.js). Used through webpack's Node API by the browser tests
// (tests/helpers/addin-browser.ts): webpack(harnessConfig({ outDir }))
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { CATALOG_RULE, ICON_FONTS_PATTERNS, tsRule } from '../../../addin/build/webpack-shared.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');

/** @returns {import('webpack').Configuration} */
export function harnessConfig({ outDir, mode = 'development' }) {
  return {
    context: root,
    mode,
    devtool: false,
    target: ['web', 'es2017'],
    entry: { harness: path.join(here, 'harness.tsx') },
    output: { path: outDir, filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: { rules: [tsRule(root, { production: mode === 'production' }), CATALOG_RULE] },
    plugins: [
      new HtmlWebpackPlugin({ template: path.join(here, 'harness.html'), filename: 'index.html', chunks: ['harness'] }),
      new CopyWebpackPlugin({ patterns: ICON_FONTS_PATTERNS }),
    ],
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    stats: 'errors-warnings',
  };
}
