/**
 * The pane served by the worker under /addin/ (same host, port and certificate as the intake and
 * the console): the page marked as served by the worker, its inline loader allowed by hash and
 * nothing else inline, Office.js allowed from Microsoft, no frame-ancestors (Excel on the web frames
 * the pane), revalidated on every load; the build's manifest (another address) never served; a
 * missing build said in Vietnamese. The pane then takes the intake address from the page's origin
 * when neither its settings nor the template name one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectiveSettings, paneOrigin } from '../../addin/app/settings.ts';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { inlineScriptHashes, markServedByWorker, paneCsp } from '../../worker/http/pane-static.ts';
import { startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';

const HTTP = { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 100 };
const LOADER = "(function(){var s=document.createElement('script');s.src='taskpane.abc.js';document.body.appendChild(s);})();";
const PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Phụ lục 1 – ngăn kiểm tra</title><script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script></head><body><div id="root"></div><script>${LOADER}</script></body></html>`;

let service: WorkerService;
let http: HttpHandle;

async function serving(dir: string | undefined): Promise<void> {
  if (dir) process.env.PHULUC_ADDIN_DIR = dir;
  const { cfg } = testConfig(tempDir('pane'), { http: HTTP });
  service = new WorkerService(cfg, createLogger('silent'));
  http = await startHttp(service, 0, { tlsWatchMs: 0 });
}

afterAll(async () => {
  delete process.env.PHULUC_ADDIN_DIR;
});

describe('the pane under /addin/', () => {
  const dir = tempDir('pane-build');
  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'taskpane.html'), PAGE);
    writeFileSync(path.join(dir, 'taskpane.abc.js'), 'window.ok = 1;');
    writeFileSync(path.join(dir, 'assets', 'icon-32.png'), 'png');
    writeFileSync(path.join(dir, 'manifest.xml'), '<OfficeApp>https://phuluc.honglinh.hatinh.gov.vn/addin/</OfficeApp>');
    await serving(dir);
  });
  afterAll(async () => {
    await http.close();
    await service.stop();
  });

  it('serves the page marked as the worker’s, with the pane’s policy and the console’s caching', async () => {
    for (const p of ['/addin/', '/addin/taskpane.html']) {
      const r = await fetch(`${http.url}${p}`);
      expect(r.status).toBe(200);
      const html = await r.text();
      expect(html).toContain('<meta name="phuluc-intake" content="same-origin" />');
      expect(html).toBe(markServedByWorker(PAGE));
      const csp = r.headers.get('content-security-policy')!;
      const hash = `'sha256-${createHash('sha256').update(LOADER).digest('base64')}'`;
      expect(csp).toBe(paneCsp([hash.slice(1, -1)]));
      expect(csp).toContain(`script-src 'self' https://appsforoffice.microsoft.com ${hash}`);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline|frame-ancestors/);
      expect(r.headers.get('x-frame-options')).toBeNull();
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      const again = await fetch(`${http.url}${p}`, { headers: { 'if-none-match': r.headers.get('etag')! } });
      expect(again.status).toBe(304);
    }
    const redirect = await fetch(`${http.url}/addin`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/addin/']);
  });

  it('serves the bundle and assets with the same headers, never the build’s manifest or anything outside', async () => {
    for (const p of ['/addin/taskpane.abc.js', '/addin/assets/icon-32.png']) {
      const r = await fetch(`${http.url}${p}`);
      expect([p, r.status, r.headers.get('cache-control')]).toEqual([p, 200, 'no-cache']);
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    for (const p of ['/addin/manifest.xml', '/addin/../package.json', '/addin/%2e%2e/package.json', '/addin/.env']) {
      expect([p, (await fetch(`${http.url}${p}`)).status]).toEqual([p, 404]);
    }
    // The intake and the console still answer beside it.
    expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
  });

  it('the pane submits to the server that served it only when neither its settings nor the template say where', () => {
    const doc = { querySelector: (s: string) => (s === 'meta[name="phuluc-intake"]' ? { getAttribute: () => 'same-origin' } : null) } as unknown as Document;
    const none = { querySelector: () => null } as unknown as Document;
    expect(paneOrigin(doc, { origin: 'https://baocao.honglinh.gov.vn:8787' })).toBe('https://baocao.honglinh.gov.vn:8787');
    expect(paneOrigin(none, { origin: 'https://localhost:3000' })).toBeUndefined();
    expect(paneOrigin(doc, { origin: 'null' })).toBeUndefined();
    const empty = { intakeUrl: '', token: 't', folder: '' };
    expect(effectiveSettings(empty, undefined, 'https://he-thong.vn').intakeUrl).toBe('https://he-thong.vn');
    expect(effectiveSettings(empty, 'https://mau.vn', 'https://he-thong.vn').intakeUrl).toBe('https://mau.vn');
    expect(effectiveSettings({ ...empty, intakeUrl: 'https://luu.vn' }, 'https://mau.vn', 'https://he-thong.vn').intakeUrl).toBe('https://luu.vn');
    expect(effectiveSettings(empty, undefined, undefined).intakeUrl).toBe('');
  });
});

describe('the real build', () => {
  const built = path.join(PROJECT_ROOT, 'dist', 'addin', 'taskpane.html');
  it.runIf(existsSync(built))('allows exactly the built page’s inline loader (else the pane would not start under the policy)', () => {
    const html = markServedByWorker(readFileSync(built, 'utf8'));
    const hashes = inlineScriptHashes(html);
    expect(hashes).toHaveLength(1);
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    expect(hashes[0]).toBe(`sha256-${createHash('sha256').update(inline).digest('base64')}`);
    expect(html.indexOf('phuluc-intake')).toBeLessThan(html.indexOf('<body'));
  });

  it('without a build, says in Vietnamese how to get one (503), and the service still runs', async () => {
    await serving(tempDir('pane-none'));
    try {
      const r = await fetch(`${http.url}/addin/taskpane.html`);
      expect(r.status).toBe(503);
      expect(await r.text()).toContain('Ngăn kiểm tra của phần bổ trợ chưa được dựng');
    } finally {
      await http.close();
      await service.stop();
    }
  });
});
