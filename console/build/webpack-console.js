// The console's part of the build: a second entry beside the pane (webpack.config.js spreads it
// in), written next to the pane's folder as ../console (dist/console), with its page and Fluent's
// icon fonts. Fixed file names: the worker serves them with "no-cache", so a new build is picked up
// at the next load and old bundles do not pile up.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';

/**
 * @param {{ dir?: string }} [opts] where the console goes, relative to the output path (default "../console")
 * @returns {{ entry: Record<string, import('webpack').EntryObject[string]>, plugins: import('webpack').WebpackPluginInstance[] }}
 */
export function consoleBuild({ dir = '../console' } = {}) {
  return {
    entry: { console: { import: './console/index.tsx', filename: `${dir}/console.js` } },
    plugins: [
      new HtmlWebpackPlugin({ template: './console/index.html', filename: `${dir}/index.html`, chunks: ['console'], inject: false }),
      // All of Fluent's icon fonts (the pane registers only the few it uses; the console is not size-bound).
      new CopyWebpackPlugin({ patterns: [{ from: 'node_modules/@fluentui/font-icons-mdl2/fonts/*.woff', to: `${dir}/assets/icons/[name][ext]` }] }),
    ],
  };
}
