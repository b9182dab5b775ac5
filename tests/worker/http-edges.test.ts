/**
 * The HTTP edges of issue 19 through the real server on 127.0.0.1:
 *  - the intake address is built once: the templates' metadata (the configuration) and the
 *    enrolment answer name the same address.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ENROL_PATH } from '../../shared/intake.ts';
import type { Config } from '../../worker/config.ts';
import { startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';

const HTTP = { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 512 * 1024, consolidateDelayMs: 60_000 };

const opened: { service: WorkerService; http: HttpHandle }[] = [];
async function serve(http: Partial<Config['http']> = {}): Promise<{ service: WorkerService; http: HttpHandle }> {
  const { cfg } = testConfig(tempDir('http-edges'), { http: { ...HTTP, ...http } });
  const service = new WorkerService(cfg, createLogger('silent'));
  const h = await startHttp(service, 0);
  opened.push({ service, http: h });
  return { service, http: h };
}

afterAll(async () => {
  for (const o of opened) {
    await o.http.close();
    await o.service.stop();
  }
});

async function enrolledAddress(s: { service: WorkerService; http: HttpHandle }, unit: string, code: string): Promise<string> {
  const now = new Date();
  await s.service.ledger.addEnrolment(unit, code, now.toISOString(), new Date(now.getTime() + 3_600_000).toISOString());
  const r = await fetch(`${s.http.url}${ENROL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(r.status).toBe(201);
  return (await r.json()).intakeUrl;
}

describe('the intake address, built once', () => {
  it('the templates and the enrolment answer name the same public address (a trailing slash written once)', async () => {
    const s = await serve({ publicUrl: 'https://baocao.honglinh.gov.vn/' });
    expect(s.service.cfg.intakeUrl).toBe('https://baocao.honglinh.gov.vn');
    expect(await enrolledAddress(s, 'KT', 'AAAABBBBCCCC')).toBe(s.service.cfg.intakeUrl);
  });

  it('without publicUrl: the server’s scheme, host and port, an IPv6 host in brackets; the enrolment answer has the listening port', async () => {
    const v6 = testConfig(tempDir('http-edges-v6'), { http: { ...HTTP, host: '::1', port: 8787 } }).cfg;
    expect(v6.intakeUrl).toBe('http://[::1]:8787');
    const s = await serve();
    expect(s.service.cfg.intakeUrl).toBe('http://127.0.0.1:0'); // the configured port, before listening
    expect(await enrolledAddress(s, 'VHTT', 'DDDDEEEEFFFF')).toBe(s.http.url);
  });
});
