/**
 * The console's pages at the root path: the files webpack built into dist/console (`npm run
 * build`), served as they are with a strict Content-Security-Policy (nothing from another site:
 * the console works with no internet). When the build is missing, a plain Vietnamese page says how
 * to make it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../config.ts';
import type { WorkerService } from '../service.ts';

/** Where the built pages are: dist/console, or PHULUC_CONSOLE_DIR (tests, a custom build). */
export function consoleDir(): string {
  return process.env.PHULUC_CONSOLE_DIR ? path.resolve(process.env.PHULUC_CONSOLE_DIR) : path.join(PROJECT_ROOT, 'dist', 'console');
}

/**
 * Fluent UI writes its styles into <style> elements at run time, hence 'unsafe-inline' for styles
 * only; scripts, fonts and requests stay on this server.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const MISSING_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phụ lục 1 — Trang quản lý chưa sẵn sàng</title>
<style>body{font-family:"Segoe UI",Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#201f1e}code{background:#f3f2f1;padding:0 .25rem}</style>
</head><body>
<h1>Trang quản lý của Phòng Tài chính - Kế hoạch chưa được dựng</h1>
<p>Hệ thống đang chạy và vẫn nhận báo cáo của các đơn vị, nhưng các trang của trang quản lý chưa được tạo ra trên máy này.</p>
<p>Để dựng, trong thư mục của phần mềm hãy chạy lệnh <code>npm run build</code>, rồi khởi động lại hệ thống (<code>phuluc start</code>) và tải lại trang này.</p>
</body></html>
`;

function securityHeaders(set: (name: string, value: string) => void): void {
  set('content-security-policy', CONSOLE_CSP);
  set('x-content-type-options', 'nosniff');
  set('x-frame-options', 'DENY');
  set('referrer-policy', 'no-referrer');
  set('cache-control', 'no-cache');
}

export async function registerConsolePages(app: FastifyInstance, _service: WorkerService): Promise<void> {
  const dir = consoleDir();
  if (!existsSync(path.join(dir, 'index.html'))) {
    app.get('/', async (_req, reply) => {
      securityHeaders((n, v) => reply.header(n, v));
      return reply.code(503).type('text/html; charset=utf-8').send(MISSING_PAGE);
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    dotfiles: 'deny',
    setHeaders: (res) => securityHeaders((n, v) => res.setHeader(n, v)),
  });
}
