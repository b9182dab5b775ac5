// The pane's bundle holds no zod: the catalogues are validated when the pane is built
// (addin/build/catalog-loader.js runs parseCatalog), not in the browser. Each check here fails when
// its guard is missing: zod imported into the pane, the catalogue rule left out of the build, or an
// invalid catalogue that no longer stops the build.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import webpack from 'webpack';
import { describe, expect, it } from 'vitest';
import { catalogHash, type Catalog } from '../../shared/catalog.ts';
import { validateCatalogText } from '../../addin/build/catalog-loader.js';
import { CATALOG_RULE, tsRule } from '../../addin/build/webpack-shared.js';
import { loadCatalog } from '../helpers/catalog.ts';
import { OUT_DIR, ROOT } from '../helpers/addin-browser.ts';

interface Built {
  stats: webpack.Stats;
  code: string | null;
}

async function bundle(name: string, entry: string, rules: webpack.RuleSetRule[]): Promise<Built> {
  const outDir = path.join(OUT_DIR, name);
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(
      {
        context: ROOT,
        mode: 'production',
        target: ['web', 'es2017'],
        entry,
        output: { path: outDir, filename: 'bundle.js', clean: true },
        resolve: { extensions: ['.ts', '.tsx', '.js'] },
        module: { rules },
        performance: { hints: false },
      },
      (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)),
    );
  });
  return { stats, code: stats.hasErrors() ? null : readFileSync(path.join(outDir, 'bundle.js'), 'utf8') };
}

/**
 * Every module the bundle was made of (concatenated ones included): paths relative to the
 * repository, and packages as "node_modules/<package>/…" (node_modules may be a symlink elsewhere).
 */
/** The modules bundled (of the chunks named `chunk` when given: the pane's, not the console's beside it). */
function modulesOf(stats: webpack.Stats, chunk?: string): string[] {
  const out: string[] = [];
  const walk = (mods: webpack.StatsModule[] | undefined) => {
    for (const m of mods ?? []) {
      if (m.modules) walk(m.modules);
      else if (m.nameForCondition) {
        const file = m.nameForCondition.split(path.sep).join('/');
        const pkg = file.lastIndexOf('/node_modules/');
        out.push(pkg >= 0 ? file.slice(pkg + 1) : path.relative(ROOT, m.nameForCondition).split(path.sep).join('/'));
      }
    }
  };
  if (chunk) {
    // Through the compilation's chunk graph: the modules of that chunk only, concatenated ones opened.
    const c = stats.compilation;
    type Mod = webpack.Module & { modules?: Mod[] };
    const add = (m: Mod) => {
      if (m.modules) m.modules.forEach(add);
      const name = m.nameForCondition();
      if (name) walk([{ nameForCondition: name } as webpack.StatsModule]);
    };
    for (const ch of c.chunks) if (ch.name === chunk) for (const m of c.chunkGraph.getChunkModules(ch)) add(m as Mod);
  } else {
    walk(stats.toJson({ all: false, modules: true, nestedModules: true }).modules);
  }
  return out;
}

const zodIn = (mods: string[]) => mods.filter((m) => m.startsWith('node_modules/zod/') || m === 'shared/catalog-schema.ts');

function run(code: string): unknown {
  const sandbox: { __result?: unknown } = {};
  vm.runInNewContext(code, sandbox);
  return sandbox.__result;
}

describe('zod stays out of the pane', () => {
  it('the production pane (webpack.config.js) is built without zod or the catalogue schema', async () => {
    const { default: config } = (await import('../../webpack.config.js' as string)) as {
      default: (env: object, options: object) => Promise<webpack.Configuration>;
    };
    const cfg = await config({}, { mode: 'production' });
    cfg.output = { ...cfg.output, path: path.join(OUT_DIR, 'pane-zod-check') };
    const stats = await new Promise<webpack.Stats>((resolve, reject) => {
      webpack(cfg, (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)));
    });
    expect(stats.hasErrors(), stats.toString({ all: false, errors: true })).toBe(false);
    const mods = modulesOf(stats, 'taskpane');
    expect(mods).toContain('addin/index.tsx');
    expect(mods).not.toContain('console/index.tsx');
    // Nor any catalogue (issue 22): a template carries its own, the worker serves them.
    expect(mods.filter((m) => m.startsWith('shared/catalog/'))).toEqual([]);
    expect(mods).toContain('shared/catalog.ts');
    expect(zodIn(mods)).toEqual([]);
    // Nor every Fluent icon: only the registered few.
    expect(mods.filter((m) => m.startsWith('node_modules/@fluentui/font-icons-mdl2/'))).toEqual([]);
  });

  it('the check finds zod where the schema is imported (control)', async () => {
    const { stats } = await bundle('bundle-zod-control', './tests/addin/fixtures/bundle-schema.ts', [tsRule(ROOT, { production: true })]);
    expect(zodIn(modulesOf(stats)).length).toBeGreaterThan(1);
  });
});

describe('catalogues validated at build time', () => {
  const expected = [loadCatalog(2023), loadCatalog(2024)];

  it('the loader emits exactly what parseCatalog gives the worker', async () => {
    for (const [i, year] of [2023, 2024].entries()) {
      const file = `shared/catalog/${year}.json`;
      expect(JSON.parse(await validateCatalogText(readFileSync(path.join(ROOT, file), 'utf8'), file))).toEqual(expected[i]);
    }
  });

  it('inside a bundle the pane has the validated catalogues, with the hashes the worker writes into templates', async () => {
    const { code } = await bundle('bundle-catalogs', './tests/addin/fixtures/bundle-catalogs.ts', [tsRule(ROOT, { production: true }), CATALOG_RULE]);
    const result = run(code!) as { catalogs: Catalog[]; hashes: string[] };
    expect(result.catalogs).toEqual(expected);
    expect(result.hashes).toEqual(expected.map(catalogHash));
  });

  it('without the catalogue rule the bundle would carry raw catalogues (what the rule guards)', async () => {
    const { code } = await bundle('bundle-catalogs-raw', './tests/addin/fixtures/bundle-catalogs.ts', [tsRule(ROOT, { production: true })]);
    const result = run(code!) as { catalogs: Catalog[]; hashes: string[] };
    expect(result.hashes).not.toEqual(expected.map(catalogHash));
  });

  it('an invalid catalogue fails the build with the Vietnamese message', async () => {
    const dir = path.join(OUT_DIR, 'catalog-broken', 'shared', 'catalog');
    mkdirSync(dir, { recursive: true });
    const broken = { ...JSON.parse(readFileSync(path.join(ROOT, 'shared/catalog/2023.json'), 'utf8')), year: 'hai nghìn' };
    writeFileSync(path.join(dir, '2099.json'), JSON.stringify(broken));
    const entry = path.join(OUT_DIR, 'catalog-broken', 'entry.js');
    writeFileSync(entry, "import c from './shared/catalog/2099.json';\nglobalThis.__result = c;\n");
    const { stats, code } = await bundle('catalog-broken-out', entry, [CATALOG_RULE]);
    expect(code).toBeNull();
    const errors = stats.toString({ all: false, errors: true });
    expect(errors).toContain('Danh mục chỉ tiêu “out/catalog-broken/shared/catalog/2099.json” không hợp lệ');
    expect(errors).toMatch(/“year” \(năm kế hoạch\): phải là một số/);
  });
});

describe('the JavaScript budget', () => {
  it('is 150 KiB gzip in the production build, and a bundle over its budget fails the build', async () => {
    const mod = (await import('../../webpack.config.js' as string)) as {
      default: (env: object, options: object) => Promise<webpack.Configuration>;
      JS_GZIP_BUDGET_BYTES: number;
      BundleSizeReport: new (o: { budget?: number }) => webpack.WebpackPluginInstance & { budget?: number };
    };
    expect(mod.JS_GZIP_BUDGET_BYTES).toBe(150 * 1024);
    const cfg = await mod.default({}, { mode: 'production' });
    expect(cfg.plugins?.find((p) => p instanceof mod.BundleSizeReport)).toMatchObject({ budget: 150 * 1024 });
    const build = (budget: number) =>
      new Promise<webpack.Stats>((resolve, reject) => {
        webpack(
          {
            context: ROOT,
            mode: 'production',
            entry: './tests/addin/fixtures/bundle-schema.ts',
            output: { path: path.join(OUT_DIR, `budget-${budget}`), clean: true },
            resolve: { extensions: ['.ts', '.js'] },
            module: { rules: [tsRule(ROOT, { production: true })] },
            plugins: [new mod.BundleSizeReport({ budget })],
            performance: { hints: false },
          },
          (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)),
        );
      });
    const over = await build(1024);
    expect(over.toString({ all: false, errors: true })).toMatch(/over its budget of 1\.0 KiB/);
    expect((await build(10 * 1024 * 1024)).hasErrors()).toBe(false);
  });
});
