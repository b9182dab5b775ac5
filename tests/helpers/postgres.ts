/**
 * A throwaway PostgreSQL cluster for tests and the benchmark: initdb in a temporary folder, the
 * server on a free loopback port (and its socket in that folder), stopped and removed afterwards.
 * PostgreSQL refuses to run as root; when we are root, the cluster belongs to the `postgres` user
 * (created by Debian's package; else `nobody`) and its programs run through `runuser`.
 *
 * The binaries are looked for in /usr/lib/postgresql/<version>/bin (Debian) and on the PATH.
 * Where there are none, PostgreSQL tests are skipped with a warning; in CI (CI=true) they fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The folder holding initdb, pg_ctl and postgres, or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const bin = path.join(root, v, 'bin');
      if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  return found && existsSync(path.join(path.dirname(found), 'pg_ctl')) ? path.dirname(found) : undefined;
}

export const POSTGRES_AVAILABLE = postgresBin() !== undefined;

/**
 * For `describe.skipIf(!postgresOrSkip())`-style use: true when the tests can run; warns when
 * they cannot; throws in CI, where the server binaries must be installed (.ci/run does).
 */
export function postgresOrSkip(): boolean {
  if (POSTGRES_AVAILABLE) return true;
  if (process.env.CI) throw new Error('CI=true but no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql');
  console.warn('Không thấy PostgreSQL (initdb, pg_ctl): bỏ qua các kiểm thử PostgreSQL (apt-get install postgresql để chạy).');
  return false;
}

interface RunAs {
  uid: number;
  gid: number;
  user: string;
}

/** The user the cluster runs as when we are root. */
function runAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((l) => l.split(':'));
  const entry = passwd.find((p) => p[0] === 'postgres') ?? passwd.find((p) => p[0] === 'nobody');
  if (!entry) throw new Error('running as root, and there is neither a postgres nor a nobody user to run PostgreSQL as');
  return { user: entry[0], uid: Number(entry[2]), gid: Number(entry[3]) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  /** The address of a database of the cluster (default: the `postgres` maintenance database). */
  url(database?: string): string;
  /** Creates an empty database and returns its address. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once and removes its folder. */
  stop(): Promise<void>;
  readonly dir: string;
  readonly port: number;
}

const USER = 'phuluc';

/** Starts a cluster (about 1–2 s). Settings favour speed over durability: nothing here must survive. */
export async function startCluster(opts: { maxConnections?: number } = {}): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL server binaries (initdb, pg_ctl)');
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-pg-'));
  const as = runAs();
  if (as) chownSync(dir, as.uid, as.gid);
  const data = path.join(dir, 'data');
  const run = (prog: string, args: string[]) => {
    const cmd = as ? ['runuser', '-u', as.user, '--', path.join(bin, prog), ...args] : [path.join(bin, prog), ...args];
    execFileSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    `-c max_connections=${opts.maxConnections ?? 100}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=64MB',
  ].join(' ');
  try {
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']);
  } catch (e) {
    const log = existsSync(path.join(dir, 'server.log')) ? readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log}`);
  }
  const url = (database = 'postgres') => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test run that ends without stopping it (a crash, Ctrl+C) still stops the server.
  process.once('exit', () => {
    if (stopped) return;
    spawnSync(
      as ? 'runuser' : path.join(bin, 'pg_ctl'),
      as ? ['-u', as.user, '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'] : ['-D', data, '-m', 'immediate', '-w', 'stop'],
    );
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    port,
    url,
    stop,
    async createDatabase(name: string) {
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
  };
}
