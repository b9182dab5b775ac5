/**
 * The worker's web server: the departments' intake (intake.ts: the token plugin) and the planning
 * office's console (console.ts: the sessions plugin; its pages at the root path, its API under
 * /api/v1/console/); one host, port and TLS certificate. 127.0.0.1 by default.
 *
 * Every route declares its schema (schemas.ts), checked by zod through fastify-type-provider-zod:
 * requests as they come in (a refused one is answered 400 in Vietnamese by the scope's error
 * handler), answers as they leave.
 *
 * The task pane's pages are served too, under /addin/ (pane-static.ts), and the console's backup
 * notice (backup-route.ts). A certificate renewed on disk is taken without a restart: on SIGHUP
 * (the command line calls reloadTls) and when the files change (polled); a new pair that does not
 * load (a key that does not match its certificate, half copied) is refused and the old one kept.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Server as HttpsServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WorkerService } from '../service.ts';
import { registerBackupRoute } from './backup-route.ts';
import { registerConsole } from './console.ts';
import { registerIntake } from './intake.ts';
import { registerPanePages } from './pane-static.ts';
import { HealthReply } from './schemas.ts';

/** What reloading the certificate did: the new one's expiry and fingerprint, or why the old one stays. */
export type TlsReload =
  { ok: true; changed: boolean; validTo: string; fingerprint: string } | { ok: false; reason: 'no-tls' } | { ok: false; reason: 'invalid'; error: Error };

export interface HttpHandle {
  url: string;
  close(): Promise<void>;
  app: FastifyInstance;
  /** Reads the certificate and key files again and uses them for new connections. */
  reloadTls(): TlsReload;
}

/** Reads a certificate and its key and proves they load together (throws when they do not). */
export function readTlsPair(certFile: string, keyFile: string): { cert: Buffer; key: Buffer; validTo: string; fingerprint: string } {
  const cert = readFileSync(certFile);
  const key = readFileSync(keyFile);
  createSecureContext({ cert, key }); // a key that is not the certificate's is refused here
  const x = new X509Certificate(cert);
  return { cert, key, validTo: new Date(x.validTo).toISOString(), fingerprint: x.fingerprint256 };
}

export function buildHttp(service: WorkerService): FastifyInstance {
  const h = service.cfg.http;
  const https = h.tlsCert && h.tlsKey ? { cert: readFileSync(h.tlsCert), key: readFileSync(h.tlsKey) } : null;
  const app = Fastify({
    loggerInstance: service.log.child({ part: 'http' }),
    bodyLimit: h.maxUploadBytes,
    ...(h.trustProxy !== undefined ? { trustProxy: h.trustProxy as boolean | string } : {}),
    requestTimeout: 60_000,
    connectionTimeout: 30_000,
    // Idle keep-alive connections stay open longer than clients and proxies keep theirs (browsers
    // and nginx ~60–75 s): a server that closes first races the client's next request, which is
    // then reset (measured: with 5 s, every client that did not read the Keep-Alive hint and waited
    // 6 s got ECONNRESET on its next request).
    keepAliveTimeout: 72_000,
    ...(https ? { https } : {}),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Limits are set per route (enrolment, logins), not on every request.
  app.register(rateLimit, { global: false });
  app.withTypeProvider<ZodTypeProvider>().get('/healthz', { schema: { response: { 200: HealthReply } } }, async () => ({ ok: true as const }));
  app.register(async (scope) => registerIntake(scope, service));
  app.register(async (scope) => registerConsole(scope, service));
  app.register(async (scope) => registerPanePages(scope));
  app.register(async (scope) => registerBackupRoute(scope, service));
  return app;
}

export interface StartOptions {
  /** How often the certificate files are looked at for a renewal (ms; 0: only on SIGHUP). Default 60 s. */
  tlsWatchMs?: number;
}

export async function startHttp(service: WorkerService, port = service.cfg.http.port, opts: StartOptions = {}): Promise<HttpHandle> {
  const app = buildHttp(service);
  await app.listen({ host: service.cfg.http.host, port });
  const addr = app.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const { tlsCert, tlsKey } = service.cfg.http;
  const scheme = tlsCert ? 'https' : 'http';
  const log = service.log.child({ part: 'tls' });
  let current = tlsCert && tlsKey ? new X509Certificate(readFileSync(tlsCert)).fingerprint256 : undefined;

  const reloadTls = (): TlsReload => {
    if (!tlsCert || !tlsKey) return { ok: false, reason: 'no-tls' };
    try {
      const pair = readTlsPair(tlsCert, tlsKey);
      const changed = pair.fingerprint !== current;
      if (changed) (app.server as HttpsServer).setSecureContext({ cert: pair.cert, key: pair.key });
      current = pair.fingerprint;
      log.info({ validTo: pair.validTo, fingerprint: pair.fingerprint, changed }, changed ? 'certificate reloaded' : 'certificate unchanged');
      return { ok: true, changed, validTo: pair.validTo, fingerprint: pair.fingerprint };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      log.error({ err: error, cert: tlsCert, key: tlsKey }, 'certificate not reloaded: the files do not load, the previous certificate stays');
      return { ok: false, reason: 'invalid', error };
    }
  };

  // A renewal copies two files, one after the other: act once both have been still for a moment.
  const watchMs = opts.tlsWatchMs ?? 60_000;
  let settle: NodeJS.Timeout | undefined;
  const onChange = () => {
    clearTimeout(settle);
    settle = setTimeout(() => reloadTls(), Math.min(2000, Math.max(50, watchMs)));
    settle.unref();
  };
  if (tlsCert && tlsKey && watchMs > 0) {
    for (const f of [tlsCert, tlsKey]) watchFile(f, { interval: watchMs, persistent: false }, onChange);
  }
  const close = async () => {
    clearTimeout(settle);
    if (tlsCert && tlsKey) for (const f of [tlsCert, tlsKey]) unwatchFile(f, onChange);
    await app.close();
  };
  return { url: `${scheme}://${service.cfg.http.host}:${actualPort}`, app, close, reloadTls };
}
