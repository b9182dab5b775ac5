// Builds the browser-test page (addin/testing/harness.tsx) with the same loader settings as the
// pane. Used through webpack's Node API by tests/addin/taskpane.browser.test.ts:
//   webpack(harnessConfig({ outDir }))
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { ICON_FONTS_PATTERN, tsRule, ZOD_REEXPORT_RULE } from '../build/webpack-shared.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @returns {import('webpack').Configuration} */
export function harnessConfig({ outDir, mode = 'development' }) {
  return {
    context: root,
    mode,
    devtool: false,
    target: ['web', 'es2017'],
    entry: { harness: './addin/testing/harness.tsx' },
    output: { path: outDir, filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: { rules: [tsRule(root, { production: mode === 'production' }), ZOD_REEXPORT_RULE] },
    plugins: [
      new HtmlWebpackPlugin({ template: './addin/testing/harness.html', filename: 'index.html', chunks: ['harness'] }),
      new CopyWebpackPlugin({ patterns: [ICON_FONTS_PATTERN] }),
    ],
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    stats: 'errors-warnings',
  };
}
