import type { EntryObject, WebpackPluginInstance } from 'webpack';

export function consoleBuild(opts?: { dir?: string }): { entry: EntryObject; plugins: WebpackPluginInstance[] };
