/**
 * The intake endpoint with real HTTP requests on 127.0.0.1: a valid submission is accepted and
 * appears in the next appendix; bad tokens, other units' sheets, oversize and non-xlsx bodies are
 * refused without storing anything; the same file twice is recognised.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { unitStatuses } from '../../worker/consolidate/index.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { makeXlsRenamed } from '../fixtures/hostile.ts';
import { ENROL_PATH } from '../../shared/intake.ts';
import { API, XLSX_TYPE } from '../../worker/http/intake.ts';
import { startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import type { AnalyzePool } from '../../worker/ingest/pool.ts';
import { withExtraCells } from '../helpers/big-sheet.ts';
import { realFigures, selfSignedCertificate, tempDir, testConfig } from '../helpers/worker.ts';

const ORIGIN = 'https://localhost:3000';
let service: WorkerService;
let http: HttpHandle;
let ldtbxh: Uint8Array;
let kt: Uint8Array;
const TOKEN = 'pl_ldtbxh_test-token-0123456789';
const KT_TOKEN = 'pl_kt_test-token-9876543210';

function post(body: Uint8Array | FormData, token?: string, type = XLSX_TYPE, name = 'LDTBXH.xlsx') {
  const headers: Record<string, string> = { 'x-file-name': encodeURIComponent(name) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (!(body instanceof FormData)) headers['content-type'] = type;
  return fetch(`${http.url}${API}`, { method: 'POST', headers, body: body as BodyInit });
}

function archived(): number {
  try {
    return readdirSync(service.cfg.paths.archive, { recursive: true }).filter((f) => String(f).endsWith('.xlsx') || String(f).endsWith('.bin')).length;
  } catch {
    return 0;
  }
}

beforeAll(async () => {
  const { cfg } = testConfig(tempDir('http'), {
    http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: ORIGIN, maxUploadBytes: 256 * 1024, consolidateDelayMs: 50 },
  });
  service = new WorkerService(cfg, createLogger('silent'));
  await service.ledger.addToken('LDTBXH', TOKEN, new Date().toISOString());
  await service.ledger.addToken('KT', KT_TOKEN, new Date().toISOString());
  const unit = findUnit(cfg.catalog, 'LDTBXH')!;
  ldtbxh = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), realFigures(cfg.catalog, unit, false));
  const ktUnit = findUnit(cfg.catalog, 'KT')!;
  kt = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, ktUnit, cfg.protectionPassword), realFigures(cfg.catalog, ktUnit, false));
  http = await startHttp(service, 0);
});

afterAll(async () => {
  await http.close();
  await service.stop();
});

describe('POST /api/v1/submissions', () => {
  it('refuses a missing or wrong token with 401 and stores nothing', async () => {
    const none = await post(ldtbxh);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatch(/Chưa có mã truy cập/);
    const wrong = await post(ldtbxh, 'pl_ldtbxh_wrong');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toMatch(/không đúng hoặc đã bị thu hồi/);
    expect(await service.ledger.count()).toBe(0);
    expect(archived()).toBe(0);
  });

  it('refuses an oversize body with 413 and stores nothing (raw and multipart): the body is never read', async () => {
    const big = new Uint8Array(300 * 1024);
    big.set(ldtbxh);
    const raw = await post(big, TOKEN);
    expect(raw.status).toBe(413);
    expect((await raw.json()).error).toMatch(/Tệp quá lớn/);
    const form = new FormData();
    form.append('file', new Blob([big], { type: XLSX_TYPE }), 'LDTBXH.xlsx');
    const multi = await post(form, TOKEN);
    expect(multi.status).toBe(413);
    expect(await service.ledger.count()).toBe(0);
    expect(archived()).toBe(0);
  });

  it('answers 400 for two files at once and for a file name it cannot read, storing nothing', async () => {
    const form = new FormData();
    form.append('file', new Blob([ldtbxh as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE }), 'a.xlsx');
    form.append('file2', new Blob([kt as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE }), 'b.xlsx');
    const two = await post(form, TOKEN);
    expect(two.status).toBe(400);
    expect((await two.json()).error).toMatch(/chỉ nộp một tệp/);
    const badName = await fetch(`${http.url}${API}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': XLSX_TYPE, 'x-file-name': '%E0%A4%A' },
      body: ldtbxh as BodyInit,
    });
    expect(badName.status).toBe(400);
    expect((await badName.json()).error).toMatch(/Tên tệp/);
    expect(await service.ledger.count()).toBe(0);
    expect(archived()).toBe(0);
  });

  it('refuses another unit’s sheet with 403, keeping the original and recording the attempt (not as a submission)', async () => {
    const r = await post(kt, TOKEN, XLSX_TYPE, 'KT.xlsx');
    expect(r.status).toBe(403);
    const body = await r.json();
    expect(body.error).toMatch(/biểu mẫu của Phòng Kinh tế/);
    expect(body.receipt).toBeUndefined();
    expect(await service.ledger.count()).toBe(0);
    expect(await service.ledger.events({ unit: 'LDTBXH' })).toEqual([
      expect.objectContaining({ kind: 'foreign_upload', detail: expect.objectContaining({ fileUnit: 'KT', fileName: 'KT.xlsx' }) }),
    ]);
    expect(archived()).toBe(1);
  });

  it('refuses what is not an .xlsx with 415, says what it is, and keeps it', async () => {
    const xls = await post(makeXlsRenamed(), TOKEN);
    expect(xls.status).toBe(415);
    const body = await xls.json();
    expect(body.error).toMatch(/Excel 97-2003/);
    expect((await service.ledger.bySha(body.receipt.sha256))?.status).toBe('rejected');
    expect(archived()).toBe(2);
    const json = await fetch(`${http.url}${API}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: '{}' });
    expect(json.status).toBe(415);
    expect((await json.json()).error).toMatch(/Chỉ nhận sổ làm việc Excel/);
    expect(await service.ledger.count()).toBe(1);
  });

  it('accepts a valid workbook with a receipt, and it appears in the next appendix and the status', async () => {
    const posted = new Date().toISOString();
    const r = await post(ldtbxh, TOKEN);
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body.accepted).toBe(true);
    expect(body.duplicate).toBe(false);
    expect(body.receipt.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.receipt.unitName).toBe('Phòng Lao động - Thương binh và Xã hội');
    // The submission triggers a consolidation within seconds.
    const deadline = Date.now() + 10_000;
    while (!(await service.ledger.lastAppendix(service.cfg.period.id)) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    await service.mutex.idle();
    const last = await service.ledger.lastAppendix(service.cfg.period.id);
    // One unit of thirteen: a draft, recorded with its history copy, which is the appendix in place.
    expect(last).toEqual({
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      path: expect.stringMatching(/\.xlsx$/),
      createdAt: expect.any(String),
      final: false,
    });
    expect(path.dirname(last!.path)).toBe(service.cfg.paths.history);
    const current = readFileSync(`${service.cfg.paths.out}/phu-luc-1-${service.cfg.period.id}.xlsx`);
    expect(readFileSync(last!.path).equals(current)).toBe(true);
    expect(Date.parse(last!.createdAt)).toBeGreaterThanOrEqual(Date.parse(posted));
    const sheet = readXlsx(current).sheet(SHEET_NAME)!;
    expect(sheet.cells.get(`${COL.actual}${FIRST_DATA_ROW + 13}`)?.v).toBe('942');
    const status = (await unitStatuses(service.cfg.catalog, service.cfg.period, service.ledger, new Date())).find((s) => s.code === 'LDTBXH')!;
    expect(status.state).toBe('accepted');
    expect(status.record?.sha256).toBe(body.receipt.sha256);
  });

  it('recognises the same file sent twice', async () => {
    const count = await service.ledger.count();
    const r = await post(ldtbxh, TOKEN);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.duplicate).toBe(true);
    expect(body.accepted).toBe(true);
    expect(await service.ledger.count()).toBe(count);
  });

  it('answers 422 with the cells to fix for a workbook whose figure is not a number, and records it', async () => {
    const unit = findUnit(service.cfg.catalog, 'LDTBXH')!;
    const figures = realFigures(service.cfg.catalog, unit, false);
    figures.set(14, { value: 'chín trăm', note: '' });
    const bad = await fillTemplate(await buildTemplate(service.cfg.catalog, service.cfg.period, unit, service.cfg.protectionPassword), figures);
    const form = new FormData();
    form.append('file', new Blob([bad as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE }), 'LDTBXH-sai-so-lieu.xlsx');
    const r = await post(form, TOKEN);
    expect(r.status).toBe(422);
    const body = await r.json();
    expect(body.accepted).toBe(false);
    expect(body.errors).toContainEqual(
      expect.objectContaining({ sheet: SHEET_NAME, cell: `E${FIRST_DATA_ROW + 1}`, message: expect.stringMatching(/Không đọc được số/) }),
    );
    expect(body.receipt.fileName).toBe('LDTBXH-sai-so-lieu.xlsx');
  });

  it('accepts an unmet row without an explanation, with a warning naming the cell', async () => {
    const unit = findUnit(service.cfg.catalog, 'LDTBXH')!;
    const figures = realFigures(service.cfg.catalog, unit, false);
    figures.set(14, { value: 900, note: '' });
    const file = await fillTemplate(await buildTemplate(service.cfg.catalog, service.cfg.period, unit, service.cfg.protectionPassword), figures);
    const form = new FormData();
    form.append('file', new Blob([file as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE }), 'LDTBXH-thieu-giai-trinh.xlsx');
    const r = await post(form, TOKEN);
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body.accepted).toBe(true);
    expect(body.errors).toEqual([]);
    expect(body.warnings).toContainEqual(
      expect.objectContaining({ sheet: SHEET_NAME, cell: `G${FIRST_DATA_ROW + 1}`, message: expect.stringMatching(/cần ghi lý do/) }),
    );
  });
});

describe('GET /api/v1/submissions and CORS', () => {
  it('lists the unit’s own submissions', async () => {
    const r = await fetch(`${http.url}${API}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.unit).toBe('LDTBXH');
    expect(body.submissions.map((s: { status: string; review: string }) => [s.status, s.review])).toEqual([
      ['accepted', 'awaiting_review'],
      ['rejected', 'rejected'],
      ['accepted', 'superseded'],
      ['rejected', 'rejected'],
    ]);
    const other = await (await fetch(`${http.url}${API}`, { headers: { authorization: `Bearer ${KT_TOKEN}` } })).json();
    expect(other.submissions).toEqual([]);
  });

  it('lets in the add-in’s origin only', async () => {
    const pre = (origin: string) =>
      fetch(`${http.url}${API}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const ok = await pre(ORIGIN);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const evil = await pre('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('enrolment', () => {
  const enrol = (body: unknown) =>
    fetch(`${http.url}${ENROL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify(body) });

  it('exchanges a one-time code for the unit’s access token, once, and never an expired code', async () => {
    const now = new Date();
    const later = new Date(now.getTime() + 86_400_000).toISOString();
    await service.ledger.addEnrolment('VHTT', 'K7QM4XPA2RTB', now.toISOString(), later);
    await service.ledger.addEnrolment('VHTT', 'OLDC0DE00000', now.toISOString(), new Date(now.getTime() - 1000).toISOString());
    const r = await enrol({ code: 'k7qm-4xpa-2rtb' }); // typed by hand: case and dashes do not matter
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body).toMatchObject({ unit: 'VHTT', unitName: 'Phòng Văn hóa và Thông tin', intakeUrl: http.url });
    expect(body.token).toMatch(/^pl_vhtt_/);
    const list = await fetch(`${http.url}${API}`, { headers: { authorization: `Bearer ${body.token}` } });
    expect((await list.json()).unit).toBe('VHTT');
    expect((await enrol({ code: 'K7QM-4XPA-2RTB' })).status).toBe(401); // used
    const expired = await enrol({ code: 'OLDC-0DE0-0000' });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toMatch(/đã dùng hoặc đã hết hạn/);
    expect((await enrol({ code: '<script>' })).status).toBe(400);
  });
});

describe('a large sheet over HTTP', () => {
  it('is analysed off the event loop: the service keeps answering while it is read', async () => {
    const { cfg } = testConfig(tempDir('http-big'), {
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: ORIGIN, maxUploadBytes: 16 * 1048576, consolidateDelayMs: 50 },
    });
    const svc = new WorkerService(cfg, createLogger('silent'));
    const h = await startHttp(svc, 0);
    try {
      await svc.ledger.addToken('LDTBXH', TOKEN, new Date().toISOString());
      const unit = findUnit(cfg.catalog, 'LDTBXH')!;
      const filled = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), realFigures(cfg.catalog, unit, false));
      const big = withExtraCells(filled, 240_000);
      let uploadDone = 0;
      const upload = fetch(`${h.url}${API}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': XLSX_TYPE },
        body: big as BodyInit,
      }).then(async (r) => {
        uploadDone = performance.now();
        return { status: r.status, body: await r.json() };
      });
      const answered: number[] = [];
      while (!uploadDone) {
        const r = await fetch(`${h.url}/healthz`);
        if (r.ok && !uploadDone) answered.push(performance.now());
        await new Promise((res) => setTimeout(res, 5));
      }
      const result = await upload;
      expect(result.status).toBe(201);
      expect(result.body.accepted).toBe(true);
      // The sheet was read on the upload thread, not on the event loop (which kept answering).
      const pool = svc.uploadAnalyzer() as AnalyzePool;
      expect([pool.threadCount, pool.inlineCount]).toEqual([1, 0]);
      expect(answered.length).toBeGreaterThanOrEqual(3);
    } finally {
      await h.close();
      await svc.stop();
    }
  });
});

describe('TLS', () => {
  it('serves HTTPS with the configured certificate', async () => {
    const https = await import('node:https');
    const dir = tempDir('tls');
    const { cert, key } = selfSignedCertificate(dir);
    const { cfg } = testConfig(`${dir}/w`, {
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: ORIGIN, maxUploadBytes: 1048576, consolidateDelayMs: 50, tlsCert: cert, tlsKey: key },
    });
    const svc = new WorkerService(cfg, createLogger('silent'));
    const h = await startHttp(svc, 0);
    try {
      expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const status = await new Promise<number>((resolve, reject) => {
        https
          .get(`${h.url}/healthz`, { ca: readFileSync(cert) }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      await h.close();
      await svc.stop();
    }
  });
});
