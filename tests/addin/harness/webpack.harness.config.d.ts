import type { Configuration } from 'webpack';

export function harnessConfig(options: { outDir: string; mode?: 'development' | 'production' }): Configuration;
