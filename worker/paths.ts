/** Where things are: the project's folder, the embedded catalogue, the data folder's layout. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's folder, whether this runs from source (worker/) or compiled (dist/node/worker/). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'shared', 'catalog'))) return dir;
    dir = path.dirname(dir);
  }
  return fileURLToPath(new URL('../', import.meta.url));
}

export const PROJECT_ROOT = projectRoot();
export const EMBEDDED_CATALOG = path.join(PROJECT_ROOT, 'shared/catalog/2023.json');

/** The folder the config file's relative paths start from: its own folder, or the working directory without one. */
export function configBase(file: string | undefined): string {
  return file ? path.dirname(path.resolve(file)) : process.cwd();
}

/** The data folder a config names (`dataDir`, default ./data), from its base. */
export function dataDirOf(file: string | undefined, dataDir: unknown): string {
  return path.resolve(configBase(file), typeof dataDir === 'string' ? dataDir : './data');
}

/** The catalogue file a config names (`catalog`), else the embedded one. */
export function catalogFileOf(file: string | undefined, catalog: unknown): string {
  return typeof catalog === 'string' ? path.resolve(configBase(file), catalog) : EMBEDDED_CATALOG;
}

export interface Paths {
  root: string;
  inbox: string;
  archive: string;
  processed: string;
  rejected: string;
  out: string;
  history: string;
  ledger: string;
}

export function pathsFor(dataDir: string): Paths {
  const root = path.resolve(dataDir);
  return {
    root,
    inbox: path.join(root, 'inbox'),
    archive: path.join(root, 'archive'),
    processed: path.join(root, 'processed'),
    rejected: path.join(root, 'rejected'),
    out: path.join(root, 'out'),
    history: path.join(root, 'out', 'history'),
    ledger: path.join(root, 'ledger.sqlite'),
  };
}

/**
 * Makes the data folder (each missing level on its own: Node's recursive mkdir never returns on a
 * virtual file system such as /proc) and proves it holds files: a small file is written, read back
 * and removed. Throws the file system's error when it cannot (the caller words it for people).
 */
export function makeDataFolder(root: string): void {
  const missing: string[] = [];
  for (let p = path.resolve(root); !existsSync(p); p = path.dirname(p)) {
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const probe = path.join(root, `.phuluc-thu-${process.pid}`);
  try {
    writeFileSync(probe, 'phuluc');
    if (readFileSync(probe, 'utf8') !== 'phuluc') throw Object.assign(new Error('read back differs'), { code: 'EIO' });
  } finally {
    rmSync(probe, { force: true });
  }
}
