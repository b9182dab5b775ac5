/**
 * Browser-test plumbing for the task pane: builds the harness page (tests/addin/harness/harness.tsx)
 * with webpack's Node API, serves it from 127.0.0.1 with node:http, and launches the machine's
 * Chromium through playwright-core. Nothing here needs the internet.
 */
import { AVOID } from './glossary.ts';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { harnessConfig } from '../addin/harness/webpack.harness.config.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = path.join(ROOT, 'out');
export const SCREENSHOT_DIR = path.join(OUT_DIR, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the harness into out/harness-<name>; resolves to the directory. */
export async function buildHarness(name = 'harness'): Promise<string> {
  const outDir = path.join(OUT_DIR, name);
  const config = harnessConfig({ outDir, mode: (process.env.HARNESS_MODE as 'production' | undefined) ?? 'development' });
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(config, (err, result) => {
      if (err) reject(err);
      else if (!result) reject(new Error('webpack returned no stats'));
      else resolve(result);
    });
  });
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff': 'font/woff',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 (an ephemeral port). */
export async function serve(dir: string): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = path.join(dir, urlPath === '/' ? 'index.html' : urlPath);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  if (b.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface PageWatch {
  /** Requests that tried to leave the allowed origin (they were aborted). */
  offsite: string[];
  /** Page errors and console errors/warnings. */
  problems: string[];
}

/**
 * Keeps a test page on the machine (only URLs starting with `allowedPrefix` load; the rest are
 * aborted and recorded) and records page errors and console errors or warnings.
 */
export async function watchPage(page: Page, allowedPrefix: string): Promise<PageWatch> {
  const watch: PageWatch = { offsite: [], problems: [] };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(allowedPrefix)) return route.continue();
    watch.offsite.push(url);
    return route.abort();
  });
  page.on('pageerror', (e) => watch.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') watch.problems.push(`${m.type()}: ${m.text()}`);
  });
  return watch;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's violations on the page as it is now (serious and critical ones fail the pane's tests). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/**
 * Words a department officer must never read in the pane (the GLOSSARY's "avoid" column and
 * internal words), ISO times and numbers written the English way.
 */
export const AVOID_IN_PANE = AVOID;

/** What the pane shows (its text, aria labels and titles) that breaks the glossary. */
export async function glossaryBreaches(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const bits = [document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]')) {
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) bits.push(v);
      }
    }
    return bits.join('\n');
  });
  return AVOID_IN_PANE.filter(([re]) => re.test(text)).map(([re, what]) => `${what}: “${re.exec(text)![0]}”`);
}

export interface StateCheck {
  scrollWidth: number;
  serious: AxeViolation[];
  others: AxeViolation[];
  wording: string[];
}

/** The state on screen passes axe-core (any finding), the glossary, and fits `width` px. */
export async function expectTidy(page: Page, state: string, width: number): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const c = await checkState(page);
  expect(c.serious, `${state}: axe serious/critical`).toEqual([]);
  expect(
    c.others.map((v) => v.id),
    `${state}: other axe findings`,
  ).toEqual([]);
  expect(c.wording, `${state}: glossary`).toEqual([]);
  expect(c.scrollWidth, `${state}: horizontal scroll`).toBeLessThanOrEqual(width);
}

/** One pane state, checked: no horizontal scroll, axe-core, the glossary. */
export async function checkState(page: Page): Promise<StateCheck> {
  // Panels and callouts fade in: measure colours once they are opaque.
  // (A progress bar's endless animation is no fade.)
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: 5000 },
  );
  const scrollWidth = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  const all = await axeViolations(page);
  return {
    scrollWidth,
    serious: all.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    others: all.filter((v) => v.impact !== 'serious' && v.impact !== 'critical'),
    wording: await glossaryBreaches(page),
  };
}
