// Builds the Excel task pane into dist/addin (modelled on the `yo office` React
// TypeScript template). Office.js is loaded from Microsoft's CDN by taskpane.html;
// React and Fluent UI are bundled, Fluent's icon fonts are copied next to the page.
//
//   npm run build        webpack --mode production  -> dist/addin, manifest URLs rewritten
//   npm run dev-server   webpack serve --mode development  -> https://localhost:3000/
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { resolveProdUrl, transformManifest } from './addin/build/manifest-transform.js';
import { ICON_FONTS_PATTERN, tsRule, ZOD_REEXPORT_RULE } from './addin/build/webpack-shared.js';
// The planning office's console (dist/console): a second entry, its page and icon fonts (built, not
// served by the pane's dev server: `phuluc start` serves it).
import { consoleBuild } from './console/build/webpack-console.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const DEV_PORT = 3000;
/**
 * Uncompressed budget for the pane's JS (webpack measures before gzip). Fluent UI v8 + React are
 * most of it: 589 KiB (180 KiB gzip) with the checklist, 633 KiB (193 KiB gzip) once "Nộp báo cáo"
 * brought Panel and TextField. The pane loads once per Excel session from the department's own
 * server, so 800 KiB leaves room without hiding a real jump (watch the gzip line printed below).
 */
const JS_BUDGET_BYTES = 800 * 1024;

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** After emit, prints every emitted .js asset's size and gzip size. */
class BundleSizeReport {
  apply(compiler) {
    let lines = [];
    compiler.hooks.thisCompilation.tap('BundleSizeReport', (compilation) => {
      // Measured at the last processAssets stage: once emitted, webpack drops the
      // asset contents and keeps only their sizes.
      compilation.hooks.processAssets.tap(
        { name: 'BundleSizeReport', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        (assets) => {
          lines = Object.entries(assets)
            .filter(([name]) => name.endsWith('.js'))
            .map(([name, source]) => {
              const buf = source.buffer();
              return `${name}: ${kib(buf.length)}, gzip ${kib(gzipSync(buf, { level: 9 }).length)}`;
            })
            .sort();
        },
      );
    });
    compiler.hooks.afterEmit.tap('BundleSizeReport', () => {
      if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    });
  }
}

/** The HTTPS options for the dev server; only called by `webpack serve`. */
async function devServerHttpsOptions() {
  // Imported lazily: office-addin-dev-certs needs the local cert store, which a
  // production build (or CI) does not have.
  const mod = await import('office-addin-dev-certs');
  const { getHttpsServerOptions } = mod.default ?? mod;
  const { ca, key, cert } = await getHttpsServerOptions();
  return { ca, key, cert };
}

export default async function config(env = {}, options = {}) {
  const production = options.mode === 'production';
  const serving = Boolean(env.WEBPACK_SERVE);
  const prodUrl = production ? resolveProdUrl() : undefined;

  /** @type {import('webpack').Configuration} */
  const cfg = {
    context: root,
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    // ES2017 keeps the pane running in the Edge Legacy (EdgeHTML) webview that
    // Office 2019 still uses on Windows; WebView2 hosts run it unchanged.
    target: ['web', 'es2017'],
    entry: {
      taskpane: './addin/index.tsx',
      ...(serving ? {} : consoleBuild().entry),
    },
    output: {
      path: path.join(root, 'dist', 'addin'),
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
    },
    module: {
      rules: [tsRule(root, { production }), ZOD_REEXPORT_RULE],
    },
    plugins: [
      new HtmlWebpackPlugin({
        template: './addin/taskpane.html',
        filename: 'taskpane.html',
        chunks: ['taskpane'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'addin/assets/*', to: 'assets/[name][ext]' },
          ICON_FONTS_PATTERN,
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: production ? (content) => transformManifest(content.toString('utf8'), prodUrl) : undefined,
          },
        ],
      }),
      ...(serving ? [] : [new BundleSizeReport()]),
      ...(serving ? [] : consoleBuild().plugins),
    ],
    performance: {
      hints: production ? 'warning' : false,
      maxEntrypointSize: JS_BUDGET_BYTES,
      maxAssetSize: JS_BUDGET_BYTES,
      assetFilter: (name) => name.endsWith('.js'),
    },
  };

  if (serving) {
    cfg.devServer = {
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: { type: 'https', options: await devServerHttpsOptions() },
      port: DEV_PORT,
    };
  }

  return cfg;
}
