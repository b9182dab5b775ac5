// Builds the Excel task pane into dist/addin (modelled on the `yo office` React
// TypeScript template). Office.js is loaded from Microsoft's CDN by taskpane.html;
// React and Fluent UI are bundled, the few Fluent icon fonts the pane uses are copied next to
// the page. taskpane.html loads the bundle itself, from an ES5 script that shows a plain
// Vietnamese page instead in Internet Explorer / Edge Legacy webviews (Office 2016/2019 with a
// volume licence), where the bundle cannot run.
//
//   npm run build        webpack --mode production  -> dist/addin, manifest URLs rewritten
//   npm run dev-server   webpack serve --mode development  -> https://localhost:3000/
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { resolveProdUrl, transformManifest } from './addin/build/manifest-transform.js';
import { CATALOG_RULE, ICON_FONTS_PATTERNS, tsRule } from './addin/build/webpack-shared.js';
// The planning office's console (dist/console): a second entry, its page and icon fonts (built, not
// served by the pane's dev server: `phuluc start` serves it).
import { consoleBuild } from './console/build/webpack-console.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const DEV_PORT = 3000;
/**
 * The pane's JavaScript budget, gzip. Issue 12: 193 KiB before the catalogues were validated at
 * build time (zod left the bundle) and only the icons used were registered; 160 KiB then. Issue 20:
 * 163,5 KiB with the shared rule's new parts (number formats, unit words, bounds, the legend), then
 * 147,2 KiB without the bundled catalogues (−4,8: a template carries its own, the worker serves them
 * to create one) and with the pane's own text fields and choice lists in place of Fluent's TextField
 * (−4,7) and Dropdown with its Callout and Checkbox (−8,3). The production build fails above it;
 * the size is printed on every build.
 */
export const JS_GZIP_BUDGET_BYTES = 150 * 1024;

/**
 * The console's first page's JavaScript budget, gzip (console.js, what every page of the console
 * loads: login, set-up, the frame with its period, the board, a submission, the appendix). The
 * pages not every visit needs are loaded on demand, each in a chunk of its own, not counted here:
 * the catalogue (console-catalog.js), the leaders' charts and report (console-leaders.js), the
 * office's periods, units, accounts and audit (console-office.js). Measured 166.5 KiB on
 * 2026-12-07 (Fluent UI is about two thirds of it); the production build fails above the budget.
 */
export const CONSOLE_JS_GZIP_BUDGET_BYTES = 170 * 1024;
const CONSOLE_ENTRY_JS = '../console/console.js';

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * After emit, prints every emitted .js asset's size and gzip size; with `budget`, a build whose
 * JavaScript (all .js assets together) is over it fails with an error.
 */
export class BundleSizeReport {
  constructor({ budget, consoleBudget } = {}) {
    this.budget = budget;
    this.consoleBudget = consoleBudget;
  }

  apply(compiler) {
    let lines = [];
    compiler.hooks.thisCompilation.tap('BundleSizeReport', (compilation) => {
      // Measured at the last processAssets stage: once emitted, webpack drops the
      // asset contents and keeps only their sizes.
      compilation.hooks.processAssets.tap({ name: 'BundleSizeReport', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
        let total = 0;
        let consoleEntry;
        lines = Object.entries(assets)
          .filter(([name]) => name.endsWith('.js'))
          .map(([name, source]) => {
            const buf = source.buffer();
            const gz = gzipSync(buf, { level: 9 }).length;
            // The budget is the pane's (it loads in Excel); the console (../console/) is a web page of its own.
            if (!name.startsWith('../console/')) total += gz;
            if (name === CONSOLE_ENTRY_JS) consoleEntry = gz;
            return `${name}: ${kib(buf.length)}, gzip ${kib(gz)}`;
          })
          .sort();
        if (this.budget !== undefined) {
          lines.push(`The pane's JavaScript: gzip ${kib(total)} (budget ${kib(this.budget)})`);
          if (total > this.budget) {
            compilation.errors.push(
              new compiler.webpack.WebpackError(
                `The pane's JavaScript is ${kib(total)} gzip, over its budget of ${kib(this.budget)} (webpack.config.js JS_GZIP_BUDGET_BYTES).`,
              ),
            );
          }
        }
        if (this.consoleBudget !== undefined && consoleEntry !== undefined) {
          lines.push(`The console's first page (console.js): gzip ${kib(consoleEntry)} (budget ${kib(this.consoleBudget)})`);
          if (consoleEntry > this.consoleBudget) {
            compilation.errors.push(
              new compiler.webpack.WebpackError(
                `The console's first page (console.js) is ${kib(consoleEntry)} gzip, over its budget of ${kib(this.consoleBudget)} (webpack.config.js CONSOLE_JS_GZIP_BUDGET_BYTES); load a page on demand (console/App.tsx) instead.`,
              ),
            );
          }
        }
      });
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
    // WebView2, Safari and current browsers. Internet Explorer and Edge Legacy get the ES5 page
    // in taskpane.html and never load this bundle.
    target: ['web', 'es2017'],
    entry: {
      taskpane: './addin/index.tsx',
      ...(serving ? {} : consoleBuild().entry),
    },
    output: {
      path: path.join(root, 'dist', 'addin'),
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      ...(serving ? {} : { chunkFilename: consoleBuild().chunkFilename }),
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
    },
    module: {
      rules: [tsRule(root, { production }), CATALOG_RULE],
    },
    plugins: [
      new HtmlWebpackPlugin({
        template: './addin/taskpane.html',
        filename: 'taskpane.html',
        chunks: ['taskpane'],
        // The page's own ES5 script loads the bundle (or not, in an old webview).
        inject: false,
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'addin/assets/*', to: 'assets/[name][ext]' },
          // The manifest's SupportUrl and GetStarted LearnMoreUrl.
          { from: 'addin/help.html', to: 'help.html' },
          ...ICON_FONTS_PATTERNS,
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: production ? (content) => transformManifest(content.toString('utf8'), prodUrl) : undefined,
          },
        ],
      }),
      ...(serving
        ? []
        : [
            new BundleSizeReport({
              budget: production ? JS_GZIP_BUDGET_BYTES : undefined,
              consoleBudget: production ? CONSOLE_JS_GZIP_BUDGET_BYTES : undefined,
            }),
          ]),
      ...(serving ? [] : consoleBuild().plugins),
    ],
    // The budget that matters is the gzip one above (BundleSizeReport).
    performance: { hints: false },
    // A page loaded on demand (console-*.js) carries what it needs: no chunk shared between pages,
    // which would land beside the pane and count against its budget.
    optimization: { splitChunks: false },
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
