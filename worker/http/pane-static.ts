/**
 * The task pane's pages under /addin/: the files webpack built into dist/addin (`npm run build`),
 * from the same host, port and certificate as the intake and the console, so that an office hosts
 * nothing else: the manifest for this address comes from `phuluc manifest --url https://…/addin/`.
 *
 * taskpane.html is served with one line added, `<meta name="phuluc-intake" content="same-origin">`:
 * the pane then submits to the server that served it when neither its settings nor the template
 * name an address (addin/app/settings.ts paneOrigin). The built pane carries no address of its own.
 *
 * Its Content-Security-Policy is the console's, with what a pane inside Excel needs besides:
 * Office.js from Microsoft's address (taskpane.html loads it from there; it is never bundled), the
 * page's own ES5 loader script (allowed by its hash, computed here from the built page), requests
 * to any https address (the intake a template names may be another level's system), and no
 * frame-ancestors nor X-Frame-Options: Excel on the web shows the pane inside its own page. Caching
 * is the console's: every answer is revalidated (`no-cache`), so a new version is seen at once.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../paths.ts';

export const PANE_PREFIX = '/addin/';
/** Where Office.js comes from (addin/taskpane.html). */
export const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';
/** The mark the pane looks for (addin/app/settings.ts). */
export const SERVED_BY_WORKER_META = '<meta name="phuluc-intake" content="same-origin" />';

/** Where the built pane is: dist/addin, or PHULUC_ADDIN_DIR (tests, a custom build). */
export function paneDir(): string {
  return process.env.PHULUC_ADDIN_DIR ? path.resolve(process.env.PHULUC_ADDIN_DIR) : path.join(PROJECT_ROOT, 'dist', 'addin');
}

/** The pane's policy; `scriptHashes` are the page's inline scripts ('sha256-…'). */
export function paneCsp(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${OFFICE_JS_ORIGIN} ${scriptHashes.map((h) => `'${h}'`).join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self' https:",
    "frame-src 'self' https:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The SHA-256 hashes of a page's inline scripts, as CSP source expressions. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}`);
  }
  return hashes;
}

/** The built taskpane.html with the mark that it was served by the worker. */
export function markServedByWorker(html: string): string {
  // After <head>, else after <html> (a minifier may drop the optional <head> tag), else after the doctype.
  const m = /<head(?:\s[^>]*)?>/i.exec(html) ?? /<html(?:\s[^>]*)?>/i.exec(html) ?? /<!doctype[^>]*>/i.exec(html);
  const end = m ? m.index + m[0].length : 0;
  return `${html.slice(0, end)}${SERVED_BY_WORKER_META}${html.slice(end)}`;
}

const MISSING_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phụ lục 1 — Ngăn kiểm tra chưa sẵn sàng</title>
<style>body{font-family:"Segoe UI",Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#201f1e}code{background:#f3f2f1;padding:0 .25rem}</style>
</head><body>
<h1>Ngăn kiểm tra của phần bổ trợ chưa được dựng</h1>
<p>Hệ thống đang chạy và vẫn nhận báo cáo của các đơn vị, nhưng các trang của ngăn kiểm tra chưa được tạo ra trên máy này.</p>
<p>Hãy cài hệ thống từ gói cài đặt (có sẵn ngăn kiểm tra), hoặc trong thư mục mã nguồn chạy lệnh <code>npm run build</code>, rồi khởi động lại hệ thống (<code>phuluc start</code>).</p>
</body></html>
`;

/** Headers every answer under /addin/ carries. */
function setPaneHeaders(set: (name: string, value: string) => void, csp: string): void {
  set('content-security-policy', csp);
  set('x-content-type-options', 'nosniff');
  set('referrer-policy', 'no-referrer');
  set('cache-control', 'no-cache');
}

/** Files of dist/addin that are not the pane's to serve. */
function servable(pathName: string): boolean {
  const name = path.posix.basename(pathName);
  // The manifest built by webpack names the address given at build time, not this server's: `phuluc manifest` writes the right one.
  return name !== 'manifest.xml' && !name.startsWith('.');
}

export async function registerPanePages(app: FastifyInstance): Promise<void> {
  const dir = paneDir();
  const page = path.join(dir, 'taskpane.html');
  if (!existsSync(page)) {
    const csp = paneCsp([]);
    for (const url of [PANE_PREFIX, `${PANE_PREFIX}taskpane.html`]) {
      app.get(url, async (_req, reply) => {
        setPaneHeaders((n, v) => reply.header(n, v), csp);
        return reply.code(503).type('text/html; charset=utf-8').send(MISSING_PAGE);
      });
    }
    return;
  }
  app.get(PANE_PREFIX.slice(0, -1), async (_req, reply) => reply.redirect(PANE_PREFIX, 301));
  const html = markServedByWorker(readFileSync(page, 'utf8'));
  const csp = paneCsp(inlineScriptHashes(html));
  const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
  for (const url of [PANE_PREFIX, `${PANE_PREFIX}taskpane.html`]) {
    app.get(url, async (req, reply) => {
      setPaneHeaders((n, v) => reply.header(n, v), csp);
      reply.header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('text/html; charset=utf-8').send(html);
    });
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: PANE_PREFIX,
    decorateReply: false,
    wildcard: true,
    index: false,
    cacheControl: false,
    dotfiles: 'deny',
    allowedPath: (pathName) => servable(pathName),
    setHeaders: (res) => setPaneHeaders((n, v) => res.setHeader(n, v), csp),
  });
}
