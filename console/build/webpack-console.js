// The console's part of the build: a second entry beside the pane (webpack.config.js spreads it
// in), written next to the pane's folder as ../console (dist/console), with its page and Fluent's
// icon fonts. Fixed file names: the worker serves them with "no-cache", so a new build is picked up
// at the next load and old bundles do not pile up.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';

const CHUNK_PREFIX = 'console-';

/** Moves the console's on-demand chunks (`console-*.js`) into `dir`. */
class ConsoleChunksBeside {
  /** @param {string} dir */
  constructor(dir) {
    this.dir = dir;
  }

  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    if (this.dir === '.' || this.dir === '') return;
    compiler.hooks.thisCompilation.tap('ConsoleChunksBeside', (compilation) => {
      // Before minifying and source maps, so that their licence and map files follow the new name.
      compilation.hooks.processAssets.tap({ name: 'ConsoleChunksBeside', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_PRE_PROCESS }, (assets) => {
        for (const name of Object.keys(assets)) {
          if (name.startsWith(CHUNK_PREFIX) && name.endsWith('.js')) compilation.renameAsset(name, `${this.dir}/${name}`);
        }
      });
    });
  }
}

/**
 * @param {{ dir?: string }} [opts] where the console goes, relative to the output path (default "../console")
 * @returns {{ entry: Record<string, import('webpack').EntryObject[string]>, plugins: import('webpack').WebpackPluginInstance[], chunkFilename: (pathData: import('webpack').PathData) => string }}
 */
export function consoleBuild({ dir = '../console' } = {}) {
  return {
    // publicPath '': the console's chunks are asked for beside its page (the worker serves both at
    // the root), not from webpack's automatic path, which for a file written to ../console/ points
    // back at the pane's folder.
    entry: { console: { import: './console/index.tsx', filename: `${dir}/console.js`, publicPath: '' } },
    // The console's pages loaded on demand (the catalogue page, `import(/* webpackChunkName: "console-…" */ …)`)
    // are named `console-….js`, fixed names as console.js has; any other chunk keeps the pane's naming.
    chunkFilename: (pathData) => (pathData.chunk?.name?.startsWith(CHUNK_PREFIX) ? '[name].js' : '[name].[contenthash:8].js'),
    plugins: [
      // …and are written beside console.js: their file moves to the console's folder, while the
      // name the page asks for stays `console-….js` (its address beside the page).
      new ConsoleChunksBeside(dir),
      new HtmlWebpackPlugin({ template: './console/index.html', filename: `${dir}/index.html`, chunks: ['console'], inject: false }),
      // All of Fluent's icon fonts (the pane registers only the few it uses; the console is not size-bound).
      new CopyWebpackPlugin({ patterns: [{ from: 'node_modules/@fluentui/font-icons-mdl2/fonts/*.woff', to: `${dir}/assets/icons/[name][ext]` }] }),
    ],
  };
}
