/**
 * The HTTP holes of issue 18, each through the real server on 127.0.0.1:
 *  - authorization belongs to the route the router matched: no spelling of a path (percent-encoded
 *    letters, upper- or lower-case escapes) reaches a protected route without its credentials;
 *  - duplicates are per unit: another unit's bytes never block a unit's own file (by HTTP or the
 *    shared folder), never reveal that unit's receipt, and the refused upload is recorded;
 *  - the enrolment answer's address comes from the configuration, never from the Host header;
 *  - a visitor with a session but no CSRF cookie gets a token that works;
 *  - keep-alive connections left idle past a few seconds are not reset under the next request.
 */
import net from 'node:net';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { ENROL_PATH, INTAKE_PATH, XLSX_MEDIA_TYPE } from '../../shared/intake.ts';
import { CONSOLE_API, CSRF_HEADER } from '../../shared/console-api.ts';
import { hashPassword } from '../../worker/review/accounts.ts';
import { FOREIGN_UPLOAD } from '../../worker/ingest/index.ts';
import { buildHttp, startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { realFigures, tempDir, testConfig } from '../helpers/worker.ts';

const ORIGIN = 'https://localhost:3000';
const KT = 'pl_kt_holes-token-000000000000';
const VHTT = 'pl_vhtt_holes-token-11111111111';

let service: WorkerService;
let http: HttpHandle;
let vhttFile: Uint8Array;

async function filled(svc: WorkerService, code: string, change: Record<number, number> = {}): Promise<Uint8Array> {
  const unit = findUnit(svc.cfg.catalog, code)!;
  const figures = realFigures(svc.cfg.catalog, unit, false);
  for (const [stt, value] of Object.entries(change)) figures.set(Number(stt), { value, note: 'Ghi chú' });
  return fillTemplate(await buildTemplate(svc.cfg.catalog, svc.cfg.period, unit, svc.cfg.protectionPassword), figures);
}

function post(url: string, bytes: Uint8Array, token?: string, name = 'bao-cao.xlsx', p = INTAKE_PATH) {
  const headers: Record<string, string> = { 'content-type': XLSX_MEDIA_TYPE, 'x-file-name': encodeURIComponent(name) };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${url}${p}`, { method: 'POST', headers, body: bytes as BodyInit });
}

function archivedFiles(svc: WorkerService): string[] {
  try {
    return readdirSync(svc.cfg.paths.archive, { recursive: true })
      .map(String)
      .filter((f) => /\.(xlsx|bin)$/.test(f));
  } catch {
    return [];
  }
}

beforeAll(async () => {
  const { cfg } = testConfig(tempDir('http-holes'), {
    http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: ORIGIN, maxUploadBytes: 512 * 1024, consolidateDelayMs: 60_000 },
  });
  service = new WorkerService(cfg, createLogger('silent'));
  await service.ledger.addToken('KT', KT, new Date().toISOString());
  await service.ledger.addToken('VHTT', VHTT, new Date().toISOString());
  vhttFile = await filled(service, 'VHTT');
  http = await startHttp(service, 0);
});

afterAll(async () => {
  await http.close();
  await service.stop();
});

/** Spellings of one path that a router decodes to the same route. */
function spellings(p: string): string[] {
  const out = new Set<string>();
  const chars = [...p];
  chars.forEach((c, i) => {
    if (!/[a-z0-9]/i.test(c)) return;
    const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
    out.add(chars.map((d, j) => (j === i ? `%${hex}` : d)).join(''));
    out.add(chars.map((d, j) => (j === i ? `%${hex.toUpperCase()}` : d)).join(''));
  });
  out.add(chars.map((c) => (/[a-z]/i.test(c) ? `%${c.charCodeAt(0).toString(16)}` : c)).join(''));
  return [...out];
}

describe('authorization on the route the router matched', () => {
  it('no spelling of any route reaches a protected handler without credentials, and nothing is recorded', async () => {
    // Every route the server has, as the router knows them.
    const probe = buildHttp(service);
    const routes: { method: string; url: string }[] = [];
    probe.addHook('onRoute', (r) => {
      for (const m of ([] as string[]).concat(r.method as string | string[]))
        if (['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(m)) routes.push({ method: m, url: r.url });
    });
    await probe.ready();
    await probe.close();
    const publicRoutes = new Set([`GET /healthz`, `GET ${CONSOLE_API}/csrf`, `POST ${CONSOLE_API}/login`, `POST ${ENROL_PATH}`]);
    const guarded = routes.filter((r) => !publicRoutes.has(`${r.method} ${r.url}`) && (r.url.startsWith('/api/') || r.url === INTAKE_PATH));
    expect(guarded.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([`POST ${INTAKE_PATH}`, `GET ${INTAKE_PATH}`, `GET ${CONSOLE_API}/board`, `POST ${CONSOLE_API}/submissions/:id/approve`]),
    );
    const before = await service.ledger.count();
    const answered: string[] = [];
    for (const r of guarded) {
      const concrete = r.url.replace(/:[a-z]+/gi, '1').replace(/\*$/, 'x');
      for (const spelled of [concrete, ...spellings(concrete)]) {
        const res = await fetch(`${http.url}${spelled}`, {
          method: r.method,
          headers: r.method === 'GET' ? {} : { 'content-type': r.url === INTAKE_PATH ? XLSX_MEDIA_TYPE : 'application/json' },
          ...(r.method === 'GET' ? {} : { body: r.url === INTAKE_PATH ? (vhttFile as BodyInit) : '{}' }),
        });
        await res.arrayBuffer();
        if (res.status < 400) answered.push(`${r.method} ${spelled} → ${res.status}`);
        else expect([401, 403, 404], `${r.method} ${spelled}`).toContain(res.status);
      }
    }
    expect(answered).toEqual([]);
    expect(await service.ledger.count()).toBe(before);
  });

  it('a department token opens only the intake, under any spelling', async () => {
    const res = await fetch(`${http.url}${CONSOLE_API.replace('/c', '/%63')}/board`, { headers: { authorization: `Bearer ${KT}` } });
    expect(res.status).toBe(401);
    const own = await fetch(`${http.url}${INTAKE_PATH.replace('/s', '/%73')}`, { headers: { authorization: `Bearer ${KT}` } });
    expect(own.status).toBe(200);
    expect((await own.json()).unit).toBe('KT');
  });
});

describe('duplicates are per unit', () => {
  it('another unit’s file is refused and recorded, then taken from its own unit by HTTP and from the shared folder', async () => {
    // KT sends the cultural office's exact file first.
    const wrong = await post(http.url, vhttFile, KT, 'nham-tep.xlsx');
    expect(wrong.status).toBe(403);
    const body = await wrong.json();
    expect(body.error).toMatch(/biểu mẫu của Phòng Văn hóa và Thông tin/);
    expect(body.receipt).toBeUndefined();
    const events = await service.ledger.events({ kind: FOREIGN_UPLOAD });
    expect(events).toEqual([
      expect.objectContaining({ unit: 'KT', period: service.cfg.period.id, detail: expect.objectContaining({ fileUnit: 'VHTT', fileName: 'nham-tep.xlsx' }) }),
    ]);
    expect(await service.ledger.count()).toBe(0);
    expect(archivedFiles(service)).toHaveLength(1); // the original is kept all the same

    // Then the cultural office sends it: accepted as its own.
    const own = await post(http.url, vhttFile, VHTT, 'VHTT.xlsx');
    expect(own.status).toBe(201);
    const receipt = (await own.json()).receipt;
    expect([receipt.unit, receipt.status, receipt.fileName]).toEqual(['VHTT', 'accepted', 'VHTT.xlsx']);

    // KT sends it again: refused again, and told nothing of the cultural office's receipt.
    const again = await post(http.url, vhttFile, KT, 'lan-nua.xlsx');
    expect(again.status).toBe(403);
    const text = await again.text();
    expect(text).not.toContain('VHTT.xlsx');
    expect(text).not.toContain(receipt.receivedAt);
    expect(text).not.toContain(receipt.sha256);
    expect(await service.ledger.events({ kind: FOREIGN_UPLOAD })).toHaveLength(2);
  });

  it('a unit’s copy in the shared folder is taken after another unit sent the same bytes', async () => {
    const { cfg } = testConfig(tempDir('http-holes-folder'), {
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: ORIGIN, maxUploadBytes: 512 * 1024, consolidateDelayMs: 60_000 },
    });
    const svc = new WorkerService(cfg, createLogger('silent'));
    const h = await startHttp(svc, 0);
    try {
      await svc.ledger.addToken('KT', KT, new Date().toISOString());
      const bytes = await filled(svc, 'VHTT', { 17: 51 });
      expect((await post(h.url, bytes, KT)).status).toBe(403);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(cfg.paths.inbox, 'VHTT-ban-cuoi.xlsx'), bytes);
      const run = await svc.runOnce();
      expect(run.inbox.outcomes.map((o) => [o.duplicate, o.record.unit, o.record.status])).toEqual([[false, 'VHTT', 'accepted']]);
      expect(run.appendix.statuses.find((s) => s.code === 'VHTT')?.state).toBe('accepted');
    } finally {
      await h.close();
      await svc.stop();
    }
  });
});

describe('addresses and sessions', () => {
  it('the enrolment answer names the configured address, whatever Host the client sends', async () => {
    const { cfg } = testConfig(tempDir('http-holes-public'), {
      http: {
        enabled: true,
        host: '127.0.0.1',
        port: 0,
        addinOrigin: ORIGIN,
        maxUploadBytes: 512 * 1024,
        consolidateDelayMs: 60_000,
        publicUrl: 'https://baocao.honglinh.gov.vn',
      },
    });
    const svc = new WorkerService(cfg, createLogger('silent'));
    const h = await startHttp(svc, 0);
    try {
      const now = new Date();
      await svc.ledger.addEnrolment('KT', 'AAAABBBBCCCC', now.toISOString(), new Date(now.getTime() + 3_600_000).toISOString());
      await svc.ledger.addEnrolment('KT', 'DDDDEEEEFFFF', now.toISOString(), new Date(now.getTime() + 3_600_000).toISOString());
      const port = new URL(h.url).port;
      // A forged Host header: fetch will not send one, so a raw request does.
      const raw = await rawRequest(
        Number(port),
        [
          `POST ${ENROL_PATH} HTTP/1.1`,
          'Host: attacker.example:8443',
          'Content-Type: application/json',
          'Content-Length: 25',
          'Connection: close',
          '',
          '{"code":"AAAA-BBBB-CCCC"}',
        ].join('\r\n'),
      );
      expect(raw).toMatch(/^HTTP\/1\.1 201/);
      expect(raw).toContain('"intakeUrl":"https://baocao.honglinh.gov.vn"');
      expect(raw).not.toContain('attacker.example');
    } finally {
      await h.close();
      await svc.stop();
    }
    // Without publicUrl: this server's own scheme, host and port.
    const now = new Date();
    await service.ledger.addEnrolment('VHTT', 'GGGGHHHHJJJJ', now.toISOString(), new Date(now.getTime() + 3_600_000).toISOString());
    const port = Number(new URL(http.url).port);
    const raw = await rawRequest(
      port,
      [
        `POST ${ENROL_PATH} HTTP/1.1`,
        'Host: attacker.example',
        'Content-Type: application/json',
        'Content-Length: 25',
        'Connection: close',
        '',
        '{"code":"GGGG-HHHH-JJJJ"}',
      ].join('\r\n'),
    );
    expect(raw).toContain(`"intakeUrl":"${http.url}"`);
  });

  it('a visitor with a session but no CSRF cookie gets a token that works', async () => {
    await service.ledger.addUser({
      name: 'lan.tckh',
      role: 'ke-hoach',
      passwordHash: await hashPassword('mat-khau-dai-du-12'),
      createdAt: new Date().toISOString(),
      disabledAt: null,
    });
    const cookies = new Map<string, string>();
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
    };
    const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const api = (p: string, init: RequestInit = {}) =>
      fetch(`${http.url}${CONSOLE_API}${p}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } });
    // Log in once, then lose the CSRF cookie but keep the session (a planted or half-cleared cookie jar).
    let r = await api('/csrf');
    keep(r);
    let token = (await r.json()).csrfToken;
    r = await api('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: token },
      body: JSON.stringify({ name: 'lan.tckh', password: 'mat-khau-dai-du-12' }),
    });
    keep(r);
    expect(r.status).toBe(200);
    cookies.delete('phuluc-csrf');
    r = await api('/csrf');
    keep(r);
    const answer = await r.json();
    token = answer.csrfToken;
    expect(answer.session?.csrfToken).toBe(token);
    r = await api('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: token },
      body: JSON.stringify({ name: 'lan.tckh', password: 'mat-khau-dai-du-12' }),
    });
    expect(r.status).toBe(200);
    keep(r);
    // The board tells the planning office about the file KT sent in the cultural office's name (above).
    const board = await (await api('/board')).json();
    expect(board.notices).toHaveLength(2);
    expect(board.notices[0]).toContain('“lan-nua.xlsx”'); // newest first
    expect(board.notices[1]).toMatch(
      /^Phòng Kinh tế đã gửi tệp của Phòng Văn hóa và Thông tin \(“nham-tep\.xlsx”\) bằng mã truy cập của mình lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}; hệ thống đã từ chối tệp này\./,
    );
  });
});

/** One raw HTTP/1.1 exchange (so that the Host header is the test's). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text)); // not ended: the server closes after its answer (Connection: close)
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

describe('keep-alive', () => {
  it('50 clients that keep their connections open and idle for 6 s are not reset on their next requests', async () => {
    const port = Number(new URL(http.url).port);
    // Clients that do not read the server's Keep-Alive hint (as many proxies and tools do): raw sockets.
    const sockets = await Promise.all(
      Array.from(
        { length: 50 },
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const s = net.connect(port, '127.0.0.1', () => resolve(s));
            s.on('error', reject);
          }),
      ),
    );
    const problems: string[] = [];
    for (const s of sockets) s.on('error', (e: NodeJS.ErrnoException) => problems.push(e.code ?? e.message));
    const ask = (s: net.Socket) =>
      new Promise<string>((resolve) => {
        if (s.destroyed) return resolve('closed');
        let got = '';
        const onData = (d: Buffer) => {
          got += d.toString();
          if (/\r\n\r\n[\s\S]*\}/.test(got)) {
            s.off('data', onData);
            resolve(got.slice(0, 12));
          }
        };
        s.on('data', onData);
        s.once('close', () => resolve(got.slice(0, 12) || 'closed'));
        s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      });
    expect(new Set(await Promise.all(sockets.map(ask)))).toEqual(new Set(['HTTP/1.1 200']));
    await new Promise((r) => setTimeout(r, 6000));
    const second = await Promise.all(sockets.map(ask));
    for (const s of sockets) s.destroy();
    expect(problems).toEqual([]);
    expect(new Set(second)).toEqual(new Set(['HTTP/1.1 200']));
  });
});
