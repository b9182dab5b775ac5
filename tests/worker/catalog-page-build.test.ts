/**
 * The catalogue page in the production build (webpack.config.js): a chunk of its own,
 * console-catalog.js, written beside console.js in the console's folder (which the worker serves at
 * the root) and asked for beside the page, not from the pane's folder; console.js within the
 * console's budget, which fails a build when exceeded.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import webpack from 'webpack';
import { describe, expect, it } from 'vitest';
import { tsRule } from '../../addin/build/webpack-shared.js';
import { OUT_DIR, ROOT } from '../helpers/addin-browser.ts';

interface ConfigModule {
  default: (env: object, options: object) => Promise<webpack.Configuration>;
  CONSOLE_JS_GZIP_BUDGET_BYTES: number;
  BundleSizeReport: new (o: { budget?: number; consoleBudget?: number }) => webpack.WebpackPluginInstance & { consoleBudget?: number };
}

const run = (cfg: webpack.Configuration) =>
  new Promise<webpack.Stats>((resolve, reject) => {
    webpack(cfg, (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)));
  });

describe('the catalogue page in the production build', () => {
  it('is console-catalog.js beside console.js, asked for beside the page; console.js holds the console’s budget', async () => {
    const mod = (await import('../../webpack.config.js' as string)) as ConfigModule;
    const cfg = await mod.default({}, { mode: 'production' });
    expect(cfg.plugins?.find((p) => p instanceof mod.BundleSizeReport)).toMatchObject({ consoleBudget: mod.CONSOLE_JS_GZIP_BUDGET_BYTES });
    const out = path.join(OUT_DIR, 'catalog-page-build');
    cfg.output = { ...cfg.output, path: path.join(out, 'addin') };
    // Written even when the pane's own budget fails (that budget is the pane's, checked in tests/addin).
    cfg.optimization = { ...cfg.optimization, emitOnErrors: true };
    const stats = await run(cfg);
    const errors = stats.toJson({ all: false, errors: true }).errors ?? [];
    expect(errors.map((e) => e.message).filter((m) => !m.startsWith("The pane's JavaScript"))).toEqual([]);

    const dir = path.join(out, 'console');
    for (const chunk of ['console-catalog.js', 'console-leaders.js', 'console-office.js']) {
      expect(existsSync(path.join(dir, chunk)), chunk).toBe(true);
      expect(existsSync(path.join(out, 'addin', chunk)), chunk).toBe(false);
    }
    // No chunk shared between pages lands beside the pane.
    expect(readdirSync(path.join(out, 'addin')).filter((f) => f.endsWith('.js') && !f.startsWith('taskpane.'))).toEqual([]);
    const main = readFileSync(path.join(dir, 'console.js'), 'utf8');
    // The runtime asks for the chunk by its name, from the page's own folder.
    expect(main).toMatch(/"console-catalog\.js"/);
    expect(main).toMatch(/\.p=""/);
    expect(main).not.toContain('../addin/');
    // The editor's code is in the chunk, not in the first page.
    expect(main).not.toContain('Đề xuất danh mục từ nghị quyết');
    expect(readFileSync(path.join(dir, 'console-catalog.js'), 'utf8')).toContain('Đề xuất danh mục từ nghị quyết');
  });

  it('a first page over the console’s budget fails the build (control)', async () => {
    const mod = (await import('../../webpack.config.js' as string)) as ConfigModule;
    const stats = await run({
      context: ROOT,
      mode: 'production',
      entry: { console: { import: './tests/addin/fixtures/bundle-schema.ts', filename: '../console/console.js' } },
      output: { path: path.join(OUT_DIR, 'console-budget', 'addin'), clean: true },
      resolve: { extensions: ['.ts', '.js'] },
      module: { rules: [tsRule(ROOT, { production: true })] },
      plugins: [new mod.BundleSizeReport({ consoleBudget: 1024 })],
      performance: { hints: false },
    });
    expect(stats.toString({ all: false, errors: true })).toMatch(/The console's first page \(console\.js\) is [\d.]+ KiB gzip, over its budget of 1\.0 KiB/);
  });
});
