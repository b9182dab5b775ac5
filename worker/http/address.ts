/**
 * The address departments reach the worker at: `http.publicUrl` when the office set one (behind a
 * reverse proxy that ends TLS, say), else this server's own scheme, host and listening port. Never
 * the Host header of a request, which the client chooses.
 */
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';

export function intakeAddress(cfg: Pick<Config, 'http'>, listening?: AddressInfo | string | null): string {
  const h = cfg.http;
  if (h.publicUrl) return h.publicUrl.replace(/\/+$/, '');
  const port = listening && typeof listening === 'object' ? listening.port : h.port;
  const host = h.host.includes(':') ? `[${h.host}]` : h.host;
  return `${h.tlsCert ? 'https' : 'http'}://${host}:${port}`;
}
