import type { EntryObject, PathData, WebpackPluginInstance } from 'webpack';

export function consoleBuild(opts?: { dir?: string }): { entry: EntryObject; plugins: WebpackPluginInstance[]; chunkFilename: (pathData: PathData) => string };
