/**
 * The worker's web server: the departments' intake (intake.ts) and the planning office's console
 * (console.ts: its pages at the root path, its API under /api/v1/console/); one host, port and TLS
 * certificate. 127.0.0.1 by default.
 */
import { readFileSync } from 'node:fs';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WorkerService } from '../service.ts';
import { registerCatalogs } from './catalogs.ts';
import { registerConsole } from './console.ts';
import { registerIntake } from './intake.ts';

export interface HttpHandle { url: string; close(): Promise<void>; app: FastifyInstance }

export function buildHttp(service: WorkerService): FastifyInstance {
  const h = service.cfg.http;
  const https = h.tlsCert && h.tlsKey ? { cert: readFileSync(h.tlsCert), key: readFileSync(h.tlsKey) } : null;
  const app = Fastify({
    loggerInstance: service.log.child({ part: 'http' }),
    bodyLimit: h.maxUploadBytes,
    requestTimeout: 60_000,
    connectionTimeout: 30_000,
    // Idle keep-alive connections stay open longer than clients and proxies keep theirs (browsers
    // and nginx ~60–75 s): a server that closes first races the client's next request, which is
    // then reset (measured: with 5 s, every client that did not read the Keep-Alive hint and waited
    // 6 s got ECONNRESET on its next request).
    keepAliveTimeout: 72_000,
    ...(https ? { https } : {}),
  }) as unknown as FastifyInstance;
  // Limits are set per route (enrolment, logins), not on every request.
  app.register(rateLimit, { global: false });
  app.get('/healthz', async () => ({ ok: true }));
  app.register(async (scope) => registerIntake(scope, service));
  app.register(async (scope) => registerCatalogs(scope, service));
  app.register(async (scope) => registerConsole(scope, service));
  return app;
}

export async function startHttp(service: WorkerService, port = service.cfg.http.port): Promise<HttpHandle> {
  const app = buildHttp(service);
  await app.listen({ host: service.cfg.http.host, port });
  const addr = app.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const scheme = service.cfg.http.tlsCert ? 'https' : 'http';
  return { url: `${scheme}://${service.cfg.http.host}:${actualPort}`, app, close: () => app.close() };
}
