/**
 * A copy of the last validated configuration (with its catalogue), kept in the data folder and
 * keyed by the content of the config and catalogue files, so that quick commands (`phuluc status`)
 * start without loading the validator: loading zod and validating the catalogue is ~40 % of such a
 * command's time (≈ 0.13 of 0.37 CPU-seconds, measured on the 2-core benchmark machine). Any
 * change to either file changes the key, and the full validation runs again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { catalogFileOf, dataDirOf } from './paths.ts';
import { writeFileAtomic } from './store.ts';

const VERSION = 1;

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

interface Sources {
  key: string;
  cacheFile: string;
}

/** What the config and catalogue files say now, as a key, and where the cached copy would be. */
export function configSources(file: string | undefined): Sources | undefined {
  let raw: { dataDir?: unknown; catalog?: unknown } = {};
  const configText = file ? readText(file) : '';
  if (configText === undefined) return undefined;
  if (file) {
    try {
      raw = JSON.parse(configText) as typeof raw;
    } catch {
      return undefined;
    }
  }
  const catalogFile = catalogFileOf(file, raw.catalog);
  const catalogText = readText(catalogFile);
  if (catalogText === undefined) return undefined;
  const dataDir = dataDirOf(file, raw.dataDir);
  const key = createHash('sha256')
    .update(JSON.stringify([VERSION, file ? path.resolve(file) : '', dataDir, configText, catalogFile, catalogText]))
    .digest('hex');
  return { key, cacheFile: path.join(dataDir, '.cache', 'config.json') };
}

/** The cached configuration when the files have not changed since it was validated. */
export function readConfigCache(file: string | undefined): Config | undefined {
  const src = configSources(file);
  const text = src && readText(src.cacheFile);
  if (!src || !text) return undefined;
  try {
    const cached = JSON.parse(text) as { key: string; config: Config };
    return cached.key === src.key ? cached.config : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a validated configuration for the next quick command (best effort: a read-only folder is fine). */
export function writeConfigCache(file: string | undefined, cfg: Config): void {
  const src = configSources(file);
  if (!src) return;
  try {
    writeFileAtomic(src.cacheFile, JSON.stringify({ key: src.key, config: cfg }));
  } catch {
    // not writable: the next command validates again
  }
}

/** loadConfig() (loaded on demand: it brings the validator), keeping the validated copy for the next quick command. */
export async function loadConfigCaching(file?: string): Promise<Config> {
  const cfg = (await import('./config.ts')).loadConfig(file);
  writeConfigCache(file, cfg);
  return cfg;
}

/**
 * The configuration for a quick command: the copy validated last time when neither the config nor
 * the catalogue changed since, else the full loadConfig() (and the copy is kept).
 */
export async function loadConfigQuick(file?: string): Promise<Config> {
  return readConfigCache(file) ?? (await loadConfigCaching(file));
}
