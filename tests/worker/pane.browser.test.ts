/**
 * The real built pane, served by the worker under /addin/, opened in Chromium: its scripts run under
 * the page's Content-Security-Policy (no violation: the inline loader is allowed by its hash, the
 * bundle comes from the same server) and, with no Office.js reachable here (no internet), the pane
 * says so in Vietnamese — which only its bundle can do.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { launchChromium } from '../helpers/addin-browser.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';

const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'addin', 'taskpane.html'));
if (!built && process.env.CI) throw new Error('dist/addin is missing: npm test builds it before vitest');

describe.runIf(built)('the pane from the worker, in Chromium', () => {
  let browser: Browser;
  let service: WorkerService;
  let http: HttpHandle;
  beforeAll(async () => {
    const { cfg } = testConfig(tempDir('pane-browser'), {
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 100 },
    });
    service = new WorkerService(cfg, createLogger('silent'));
    http = await startHttp(service, 0, { tlsWatchMs: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await service?.stop();
  });

  it('runs under its policy and, without Office.js, says so in Vietnamese', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __csp: string[] }).__csp ??= [];
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.route('https://appsforoffice.microsoft.com/**', (route) => route.abort('internetdisconnected'));
    const r = await page.goto(`${http.url}/addin/taskpane.html`);
    expect(r?.status()).toBe(200);
    await expect.poll(() => page.locator('#root').innerText(), { timeout: 30_000 }).toContain('Không tải được thư viện Office.js');
    expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
    expect(violations).toEqual([]);
    expect(await page.locator('meta[name="phuluc-intake"]').getAttribute('content')).toBe('same-origin');
    await page.close();
  });
});
