/**
 * Test plumbing for the planning office's console: build its pages (the production settings of
 * console/build/webpack-console.js) into out/, spawn a real `phuluc start`, submit over the real
 * intake API, and talk to the console's API with a cookie jar like a browser does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webpack from 'webpack';
import { findUnit, type Catalog, type Period } from '../../shared/catalog.ts';
import { XLSX_MEDIA_TYPE, INTAKE_PATH } from '../../shared/intake.ts';
import { CONSOLE_API, CSRF_HEADER, type ConsoleSession } from '../../shared/console-api.ts';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { tsRule } from '../../addin/build/webpack-shared.js';
import { consoleBuild } from '../../console/build/webpack-console.js';
import { fillTemplate, type FillValue } from './fill.ts';
import { realFigures } from './worker.ts';

export const BIN = path.join(PROJECT_ROOT, 'bin/phuluc.js');

let built: Promise<string> | undefined;

/** Builds the console's pages once per test process (production mode) into out/console-test. */
export function buildConsolePages(): Promise<string> {
  built ??= (async () => {
    const outDir = path.join(PROJECT_ROOT, 'out', 'console-test');
    const parts = consoleBuild({ dir: '.' });
    const stats = await new Promise<webpack.Stats>((resolve, reject) => {
      webpack(
        {
          context: PROJECT_ROOT,
          mode: 'production',
          devtool: false,
          target: ['web', 'es2017'],
          entry: parts.entry,
          output: { path: outDir, chunkFilename: parts.chunkFilename, clean: true },
          resolve: { extensions: ['.ts', '.tsx', '.js'] },
          module: { rules: [tsRule(PROJECT_ROOT, { production: true })] },
          plugins: parts.plugins,
          performance: { hints: false },
          infrastructureLogging: { level: 'warn' },
          stats: 'errors-warnings',
        },
        (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)),
      );
    });
    if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
    if (!existsSync(path.join(outDir, 'index.html'))) throw new Error('console build wrote no index.html');
    return outDir;
  })();
  return built;
}

/** Runs `phuluc …` to completion, with `input` on standard input. */
export function phuluc(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * A data folder ready for a browser test, made the way an office does it from the command line:
 * the units' access tokens in the ledger and the console's accounts (`phuluc user add`, the
 * password typed on standard input; a full name, when given, as the accounts page sets it). Throws,
 * naming the account, when a command fails.
 */
export async function seedAccess(
  ledgerPath: string,
  configFile: string,
  tokens: Map<string, string>,
  accounts: readonly (readonly [{ name: string; password: string; fullName?: string }, string])[],
): Promise<void> {
  const ledger = new SqliteLedger(ledgerPath);
  for (const [unit, token] of tokens) await ledger.addToken(unit, token, new Date().toISOString());
  await ledger.close();
  for (const [u, role] of accounts) {
    const r = await phuluc(['user', 'add', u.name, '--role', role, '--config', configFile], { input: `${u.password}\n` });
    if (r.code !== 0) throw new Error(`phuluc user add ${u.name}: ${r.stderr}`);
  }
  // The command line adds an account without a full name; the accounts page gives one.
  const named = accounts.filter(([u]) => u.fullName);
  if (named.length) {
    const again = new SqliteLedger(ledgerPath);
    for (const [u] of named) await again.updateUser(u.name, { fullName: u.fullName });
    await again.close();
  }
}

export interface Started {
  url: string;
  child: ChildProcess;
  stdout: () => string;
  stop(): Promise<void>;
}

/** Spawns `node bin/phuluc.js start --config FILE` and waits for its address (the config should set port 0). */
export async function startWorker(configFile: string, env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'start', '--config', configFile], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`phuluc start gave no address in 60 s:\n${out}\n${err}`)), 60_000);
    const look = () => {
      const m = /Trang quản lý của Phòng Tài chính - Kế hoạch: (https?:\/\/[^/\s]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', (code) => reject(new Error(`phuluc start exited with ${code}:\n${out}\n${err}`)));
  });
  return {
    url,
    child,
    stdout: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A unit's template filled with the real 2023 figures, with `change` applied by Số TT. */
export async function realWorkbook(catalog: Catalog, period: Period, unitCode: string, change: Record<number, FillValue> = {}): Promise<Uint8Array> {
  const unit = findUnit(catalog, unitCode)!;
  const figures = realFigures(catalog, unit, false);
  for (const [stt, v] of Object.entries(change)) figures.set(Number(stt), v);
  return fillTemplate(await buildTemplate(catalog, period, unit, { password: 'phuluc', generatedAt: new Date().toISOString() }), figures);
}

/** POSTs a workbook to the intake with a unit's access token; resolves to status and body. */
export async function submit(url: string, token: string, bytes: Uint8Array, fileName: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${url}${INTAKE_PATH}`, {
    method: 'POST',
    body: bytes as BodyInit,
    headers: { authorization: `Bearer ${token}`, 'content-type': XLSX_MEDIA_TYPE, 'x-file-name': encodeURIComponent(fileName) },
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** A browser-like client of the console's API: keeps cookies, sends the CSRF token on changes. */
export class ConsoleClient {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly url: string) {}

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...v] = pair.split('=');
      const value = v.join('=');
      if (!value || attrs.some((a) => /^\s*max-age=0$/i.test(a)) || attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)))
        this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    p: string,
    body?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown; res: Response }> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && (opts.csrf ?? true) && this.csrf) headers[CSRF_HEADER] = this.csrf;
    const res = await fetch(`${this.url}${CONSOLE_API}${p}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    this.remember(res);
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer()), res };
  }

  async login(name: string, password: string): Promise<{ status: number; body: unknown }> {
    const pre = await this.request('GET', '/csrf');
    this.csrf = (pre.body as { csrfToken: string }).csrfToken;
    const r = await this.request('POST', '/login', { name, password });
    if (r.status === 200) this.csrf = (r.body as ConsoleSession).csrfToken;
    return r;
  }
}

/** Writes a worker config for a console test (port 0, the given deadline) and returns its path. */
export function consoleConfig(dir: string, deadline: string): string {
  const file = path.join(dir, 'phuluc.config.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        dataDir: './data',
        deadline,
        inbox: { settleMs: 0 },
        logLevel: 'warn',
        http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 100 },
      },
      null,
      2,
    ),
  );
  return file;
}
