/**
 * Issue 22 in the browser, its API: the year's catalogue made by the planning office over real
 * HTTP on 127.0.0.1, with a real ledger and real workbooks. The 2024 list of the seed report is
 * proposed with the stored 2023 catalogue as last year's and the 2023 figures this ledger received
 * as last year's figures; the draft is saved and loaded; publishing is refused while review points
 * remain, naming the rows, and by the catalogue's own checks on a broken row; once reviewed it is
 * published as a new version; a period opened against it takes a file; a correction after that file
 * is a new version (the old one unchanged, the period moved only when the office says so); a version
 * exported and imported back is the same catalogue; uploads that are not a list say what they are
 * and name the line or the cell; a leader cannot publish. Every change is in the audit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPeriod } from '../../shared/catalog.ts';
import type { CatalogsResponse, DraftEnvelope, PreviewResponse, PublishResult, SavedDraft, VersionContent } from '../../shared/catalog-api.ts';
import type { CatalogDraft } from '../../shared/catalog-draft.ts';
import { draftCatalog } from '../../shared/catalog-draft.ts';
import { resolveDraftPoint, resolvePoint, updateRow, withPlanText } from '../../shared/catalog-draft-edit.ts';
import { CONSOLE_API, CSRF_HEADER, type AuditResponse, type SubmissionView } from '../../shared/console-api.ts';
import { META_SHEET } from '../../shared/layout.ts';
import { embeddedCatalogs, type Config } from '../../worker/config.ts';
import { buildHttp } from '../../worker/http/server.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { createLogger } from '../../worker/log.ts';
import { hashPassword } from '../../worker/review/accounts.ts';
import { WorkerService } from '../../worker/service.ts';
import { ConsoleClient, realWorkbook, submit } from '../helpers/console.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';

const LIST = readFileSync(path.join(import.meta.dirname, '../fixtures/chi-tieu/hong-linh-2024.txt'), 'utf8');
const HTTP = { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 50 };
const PLANNER = { name: 'lan.tckh', fullName: 'Trần Thị Lan', password: 'mat-khau-cua-lan-2' };
const LEADER = { name: 'chu-tich', fullName: 'Lê Văn Minh', password: 'mat-khau-lanh-dao-3' };
const C2023 = embeddedCatalogs().find((c) => c.year === 2023)!;
const C2024_ID = 'hong-linh-2024';

let cfg: Config;
let service: WorkerService;
let app: FastifyInstance;
let url: string;
let lan: ConsoleClient;
let leader: ConsoleClient;

type Answer<T> = { status: number; body: T & { error?: string } };
const get = async <T>(c: ConsoleClient, p: string) => (await c.request('GET', p)) as unknown as Answer<T>;
const post = async <T>(c: ConsoleClient, p: string, body: unknown = {}) => (await c.request('POST', p, body)) as unknown as Answer<T>;

/** A raw upload with the session's cookie and CSRF token, as the page sends a chosen file. */
async function upload<T>(c: ConsoleClient, p: string, bytes: Uint8Array, fileName: string, type = 'application/octet-stream'): Promise<Answer<T>> {
  const res = await fetch(`${url}${CONSOLE_API}${p}`, {
    method: 'POST',
    body: bytes as BodyInit,
    headers: { cookie: c.cookieHeader(), [CSRF_HEADER]: c.csrf, 'content-type': type, 'x-file-name': encodeURIComponent(fileName) },
  });
  return { status: res.status, body: (await res.json()) as T & { error?: string } };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function workbook(rows: unknown[][], sheet = 'Chỉ tiêu 2024'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The template's metadata (the very hidden sheet). */
function templateMeta(bytes: Uint8Array): Record<string, string> {
  const sheet = readXlsx(bytes).sheet(META_SHEET)!;
  const out: Record<string, string> = {};
  for (let r = 1; sheet.cells.has(`A${r}`); r++) out[String(sheet.cells.get(`A${r}`)!.v)] = String(sheet.cells.get(`B${r}`)?.v ?? '');
  return out;
}

beforeAll(async () => {
  const made = testConfig(tempDir('catalog-console'), { http: HTTP });
  cfg = made.cfg;
  service = new WorkerService(cfg, createLogger('silent'));
  await service.prepare();
  const at = new Date().toISOString();
  for (const [u, role] of [
    [PLANNER, 'ke-hoach'],
    [LEADER, 'lanh-dao'],
  ] as const) {
    await service.ledger.addUser({ name: u.name, fullName: u.fullName, role, passwordHash: await hashPassword(u.password), createdAt: at, disabledAt: null });
  }
  for (const unit of ['CCT', 'TCKH', 'TTYT']) await service.ledger.addToken(unit, `pl_${unit.toLowerCase()}_catalog-console-0123456789`, at);
  app = buildHttp(service);
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  // Last year's figures, as the departments sent them for the 2023 estimate (the period the configuration opened).
  const period2023 = findPeriod(C2023, '2023-uoc')!;
  for (const unit of ['CCT', 'TCKH']) {
    const r = await submit(url, `pl_${unit.toLowerCase()}_catalog-console-0123456789`, await realWorkbook(C2023, period2023, unit), `${unit}-2023.xlsx`);
    expect(r.status).toBe(201);
  }
  lan = new ConsoleClient(url);
  expect((await lan.login(PLANNER.name, PLANNER.password)).status).toBe(200);
  leader = new ConsoleClient(url);
  expect((await leader.login(LEADER.name, LEADER.password)).status).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await service?.stop();
});

let envelope: DraftEnvelope;
let reviewed: CatalogDraft;

describe('a new year’s catalogue from the resolution’s list', () => {
  it('lists the stored catalogues: the program’s own 2023 and 2024, the 2023 one used by the period the configuration opened', async () => {
    const r = await get<CatalogsResponse>(lan, '/catalogs');
    expect(r.status).toBe(200);
    expect(r.body.catalogs.map((c) => [c.id, c.versions.map((v) => v.version)])).toEqual([
      [C2024_ID, [1]],
      ['hong-linh-2023', [1]],
    ]);
    const v2023 = r.body.catalogs[1].versions[0];
    expect(v2023).toMatchObject({ source: 'Kèm theo chương trình', createdBy: null, indicators: 21, files: 2 });
    expect(v2023.periods).toEqual([{ id: '2023-uoc', header: 'Ước thực hiện năm 2023', open: true, current: true, files: 2 }]);
    expect(r.body.drafts).toEqual([]);
  });

  it('proposes the 2024 catalogue from the pasted list, last year’s figures read from this ledger, and keeps it as the year’s draft', async () => {
    const r = await post<DraftEnvelope>(lan, '/catalog-drafts/propose', { year: 2024, previous: { id: 'hong-linh-2023', version: 1 }, text: LIST });
    expect(r.status, r.body.error).toBe(200);
    envelope = r.body;
    expect(envelope).toMatchObject({ year: 2024, revision: 1, savedBy: PLANNER.fullName });
    const d = envelope.draft;
    expect(d.catalog.id).toBe(C2024_ID);
    expect(d.rows).toHaveLength(24);
    const row = (code: string) => d.rows.find((x) => x.indicator.code === code)!;
    // The 2023 figures this ledger received (Chi cục Thuế, Phòng Tài chính - Kế hoạch), the others missing, said.
    expect(row('THU_NS').indicator.lastYear?.nam?.value).toBe(301011);
    expect(row('VON_DAU_TU').indicator.lastYear?.nam).toEqual({ value: 1721.4, source: 'Phụ lục 1 năm 2023 (ước thực hiện năm 2023)' });
    expect(row('VIEC_LAM').indicator.lastYear).toBeUndefined();
    expect(d.origin.lastYear).toContain('sổ theo dõi năm 2023');
    // Five rows to review, each named; nothing else stands in the way.
    expect(new Set(envelope.check.review.map((p) => p.row)).size).toBe(5);
    expect(envelope.check.review.map((p) => p.label)).toContain(
      'Dòng đề xuất 16 (“Xây dựng phường, xã đạt Bộ tiêu chí Quốc gia về Y tế xã giai đoạn đến năm 2030”, mục (12), dòng 15 của danh sách)',
    );
    expect(envelope.check.rows).toEqual([]);
    expect(envelope.check.ok).toBe(false);
    expect(envelope.knownUnits).toContain('TTYT');
  });

  it('refuses a second proposal of the same year unless told to replace the draft, saying whose draft stands', async () => {
    const again = await post<DraftEnvelope>(lan, '/catalog-drafts/propose', { year: 2024, previous: null, text: LIST });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/^Đã có bản đề xuất danh mục năm 2024 \(Trần Thị Lan lưu lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}\)/);
  });

  it('loads the saved draft, as it was saved', async () => {
    const r = await get<DraftEnvelope>(lan, '/catalog-drafts/2024');
    expect(r.status).toBe(200);
    expect(r.body.draft).toEqual(envelope.draft);
    expect(r.body.revision).toBe(1);
    const list = await get<CatalogsResponse>(lan, '/catalogs');
    expect(list.body.drafts).toEqual([expect.objectContaining({ year: 2024, id: C2024_ID, revision: 1, rows: 24, points: 7, savedBy: PLANNER.fullName })]);
  });

  it('previews a unit’s template and the appendix of a period from the draft as it stands; an unknown period or unit is refused', async () => {
    const tpl = await post<PreviewResponse>(lan, '/catalog-drafts/preview', { draft: envelope.draft, period: '2024-6t', unit: 'TTYT' });
    expect(tpl.status, tpl.body.error).toBe(200);
    const words = (m: PreviewResponse['model']) => m.cells.map((c) => String(c.value ?? '')).join('\n');
    expect(words(tpl.body.model)).toContain('Bộ tiêu chí Quốc gia về Y tế xã');
    expect(words(tpl.body.model)).not.toContain('Thu ngân sách');
    const appendix = await post<PreviewResponse>(lan, '/catalog-drafts/preview', { draft: envelope.draft, period: '2024-6t', unit: null });
    expect(appendix.status, appendix.body.error).toBe(200);
    expect(words(appendix.body.model)).toContain('Thu ngân sách');
    const period = await post(lan, '/catalog-drafts/preview', { draft: envelope.draft, period: '2031-6t', unit: null });
    expect([period.status, period.body.error]).toEqual([400, 'Bản đề xuất không có kỳ báo cáo này. Hãy chọn lại kỳ.']);
    const unit = await post(lan, '/catalog-drafts/preview', { draft: envelope.draft, period: '2024-6t', unit: 'KHONG_CO' });
    expect(unit.status).toBe(400);
    expect(unit.body.error).toMatch(/^Đơn vị này không phụ trách chỉ tiêu nào/);
    expect((await post(leader, '/catalog-drafts/preview', { draft: envelope.draft, period: '2024-6t', unit: null })).status).toBe(403);
  });

  it('refuses to publish while review points remain, naming each row', async () => {
    const r = await post(lan, '/catalog-drafts/2024/publish', { revision: 1 });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatch(/^Chưa công bố được danh mục năm 2024: /);
    expect(r.body.error).toContain(
      'Dòng đề xuất 16 (“Xây dựng phường, xã đạt Bộ tiêu chí Quốc gia về Y tế xã giai đoạn đến năm 2030”, mục (12), dòng 15 của danh sách) còn 1 điểm cần xem lại',
    );
    expect(r.body.error!.match(/Dòng đề xuất \d+ \(/g)).toHaveLength(5);
  });

  it('a leader can neither publish nor read the drafts', async () => {
    expect((await post(leader, '/catalog-drafts/2024/publish', { revision: 1 })).status).toBe(403);
    expect((await post(leader, '/catalog-drafts/2024', { draft: envelope.draft, revision: 1 })).status).toBe(403);
    expect((await get(leader, '/catalog-drafts/2024')).status).toBe(403);
    expect((await get(leader, '/catalogs')).status).toBe(403);
    expect((await get<DraftEnvelope>(lan, '/catalog-drafts/2024')).body.revision).toBe(1);
  });

  it('checks a draft as publishing does, each problem on its row and field', async () => {
    let broken = updateRow(envelope.draft, 0, (r) => ({ ...r, indicator: { ...r.indicator, plan: 'Tăng 12%' } }));
    broken = updateRow(broken, 3, (r) => ({ ...r, indicator: { ...r.indicator, bounds: { min: 0, max: 100 } } }));
    broken = updateRow(broken, 5, (r) => ({ ...r, indicator: { ...r.indicator, owner: 'KHONG_CO' } }));
    const r = await post<{ ok: boolean; rows: { row: number; field?: string; message: string }[] }>(lan, '/catalog-drafts/check', { draft: broken });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    expect(r.body.rows.map((p) => [p.row, p.field])).toEqual([
      [0, 'plan'],
      [3, 'bounds'],
      [5, 'owner'],
    ]);
    expect(r.body.rows[1].message).toMatch(/^Chỉ tiêu số 4 \(mã THU_NS\): kế hoạch 125\.000 nằm ngoài giới hạn “bounds”/);
    // A field the schema refuses (a code in lower case) is placed on its row and field too.
    const bad = await post<{ rows: { row: number; field?: string }[] }>(lan, '/catalog-drafts/check', {
      draft: updateRow(envelope.draft, 2, (x) => ({ ...x, indicator: { ...x.indicator, code: 'von dau tu' } })),
    });
    expect(bad.body.rows.map((p) => [p.row, p.field])).toEqual([[2, 'code']]);
  });

  it('saves the reviewed draft; a save from a stale page is refused', async () => {
    let d = envelope.draft;
    const at = new Date().toISOString();
    for (let i = 0; i < d.rows.length; i++) while (d.rows[i].needsReview.length) d = resolvePoint(d, i, 0, PLANNER.name, at);
    while (d.needsReview.length) d = resolveDraftPoint(d, 0, PLANNER.name, at);
    reviewed = d;
    const saved = await post<SavedDraft>(lan, '/catalog-drafts/2024', { draft: d, revision: 1 });
    expect(saved.status, saved.body.error).toBe(200);
    expect(saved.body).toMatchObject({ revision: 2, savedBy: PLANNER.fullName, check: { ok: true, rows: [], draft: [], review: [] } });
    const stale = await post(lan, '/catalog-drafts/2024', { draft: d, revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/^Bản đề xuất năm 2024 vừa được Trần Thị Lan lưu lúc .*Hãy tải lại trang/);
    const loaded = (await get<DraftEnvelope>(lan, '/catalog-drafts/2024')).body;
    expect(loaded.draft.rows[15].resolved).toEqual([expect.objectContaining({ field: 'owner', by: PLANNER.name })]);
  });

  it('publishes it as a new version of the 2024 catalogue (the program’s own stays version 1); the draft is gone; the audit says who', async () => {
    const r = await post<PublishResult>(lan, '/catalog-drafts/2024/publish', { revision: 2 });
    expect(r.status, r.body.error).toBe(200);
    expect(r.body).toEqual({ id: C2024_ID, year: 2024, version: 2, added: true, periods: [] });
    expect((await get(lan, '/catalog-drafts/2024')).status).toBe(404);
    const list = (await get<CatalogsResponse>(lan, '/catalogs')).body;
    const c = list.catalogs.find((x) => x.id === C2024_ID)!;
    expect(c.versions.map((v) => [v.version, v.source, v.createdBy, v.indicators])).toEqual([
      [2, 'Lập trên trang quản lý', PLANNER.fullName, 24],
      [1, 'Kèm theo chương trình', null, 24],
    ]);
    expect(list.drafts).toEqual([]);
    const v2 = (await get<VersionContent>(lan, `/catalogs/${C2024_ID}/versions/2`)).body.catalog;
    expect(v2).toEqual(JSON.parse(JSON.stringify(draftCatalog(reviewed))));
    const audit = (await get<AuditResponse>(lan, '/audit?kind=period')).body.entries;
    expect(audit.map((e) => e.what)).toEqual(
      expect.arrayContaining([
        'Công bố danh mục chỉ tiêu năm 2024, phiên bản 2 (lập trên trang quản lý).',
        'Lưu bản đề xuất danh mục chỉ tiêu năm 2024 (lần lưu thứ 2; còn 0 điểm cần xem lại).',
        'Lập bản đề xuất danh mục chỉ tiêu năm 2024 từ danh sách chỉ tiêu của nghị quyết: 24 chỉ tiêu, 7 điểm cần xem lại.',
      ]),
    );
    expect(audit.find((e) => e.what.startsWith('Công bố'))!.who).toBe(PLANNER.fullName);
  });
});

describe('a period of the new version, and a correction after a file arrived', () => {
  let fileId: number;

  it('opens 2024-6t against version 2: its templates say the version, and a department’s file is taken', async () => {
    expect((await post(lan, '/periods', { catalogId: C2024_ID, periodId: '2024-6t', deadline: '2030-06-15T17:00:00+07:00' })).status).toBe(200);
    const tpl = await lan.request('GET', '/templates/TTYT.xlsx?period=2024-6t');
    expect(tpl.status).toBe(200);
    const bytes = tpl.body as Uint8Array;
    expect(templateMeta(bytes)).toMatchObject({ catalogId: C2024_ID, catalogVersion: '2', period: '2024-6t' });
    const filled = await fillTemplate(
      bytes,
      new Map([
        [15, { value: 0.9, note: null }],
        [16, { value: 1, note: null }],
      ]),
    );
    const r = await submit(url, 'pl_ttyt_catalog-console-0123456789', filled, 'TTYT-6t.xlsx');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    fileId = (r.body.receipt as { id: number }).id;
    const c = (await get<CatalogsResponse>(lan, '/catalogs')).body.catalogs.find((x) => x.id === C2024_ID)!;
    expect(c.versions[0].periods).toEqual([{ id: '2024-6t', header: 'Thực hiện 6 tháng đầu năm 2024', open: true, current: true, files: 1 }]);
    expect(c.periods.find((p) => p.id === '2024-6t')).toMatchObject({ opened: true, version: 2, open: true });
  });

  it('a correction is a new version: version 2 stays as it was, the period stays on it until the office moves it', async () => {
    const opened = await post<DraftEnvelope>(lan, '/catalog-drafts/from-version', { id: C2024_ID, version: 2 });
    expect(opened.status, opened.body.error).toBe(200);
    const i = opened.body.draft.rows.findIndex((r) => r.indicator.code === 'XAY_DUNG_PHUONG_XA_BO');
    const corrected = updateRow(opened.body.draft, i, (r) => ({ ...r, indicator: withPlanText(r.indicator, '03') }));
    expect(corrected.rows[i].indicator.target).toEqual({ kind: 'threshold', direction: 'higher', value: 3 });
    expect((await post(lan, '/catalog-drafts/2024', { draft: corrected, revision: opened.body.revision })).status).toBe(200);
    const pub = await post<PublishResult>(lan, '/catalog-drafts/2024/publish', { revision: opened.body.revision + 1 });
    expect(pub.status, pub.body.error).toBe(200);
    expect(pub.body).toMatchObject({ version: 3, added: true, periods: [{ id: '2024-6t', header: 'Thực hiện 6 tháng đầu năm 2024', version: 2, files: 1 }] });
    const v2 = (await get<VersionContent>(lan, `/catalogs/${C2024_ID}/versions/2`)).body.catalog;
    expect(v2.indicators.find((x) => x.code === 'XAY_DUNG_PHUONG_XA_BO')!.plan).toBe('02');
    const view = async () => (await get<SubmissionView>(lan, `/submissions/${fileId}`)).body.rows.find((r) => r.indicator === 'XAY_DUNG_PHUONG_XA_BO')!;
    expect((await view()).plan).toBe('02');

    const moved = await post(lan, '/periods/2024-6t/catalog-version', { version: 3 });
    expect(moved.status, moved.body.error).toBe(200);
    expect((await view()).plan).toBe('03');
    const c = (await get<CatalogsResponse>(lan, '/catalogs')).body.catalogs.find((x) => x.id === C2024_ID)!;
    expect(c.versions.map((v) => [v.version, v.periods])).toEqual([
      [3, [{ id: '2024-6t', header: 'Thực hiện 6 tháng đầu năm 2024', open: true, current: true, files: 0 }]],
      [2, [{ id: '2024-6t', header: 'Thực hiện 6 tháng đầu năm 2024', open: true, current: false, files: 1 }]],
      [1, []],
    ]);
    expect((await post(lan, '/periods/2024-6t/catalog-version', { version: 3 })).body.error).toBe('Kỳ này đang dùng phiên bản 3 của danh mục chỉ tiêu rồi.');
    expect((await post(leader, '/periods/2024-6t/catalog-version', { version: 2 })).status).toBe(403);
    const audit = (await get<AuditResponse>(lan, '/audit?kind=period')).body.entries.map((e) => e.what);
    expect(audit).toContain('Chuyển kỳ báo cáo “Thực hiện 6 tháng đầu năm 2024” sang phiên bản 3 của danh mục chỉ tiêu năm 2024 (trước đó theo phiên bản 2).');
    expect(audit).toContain('Mở phiên bản 2 của danh mục chỉ tiêu năm 2024 thành bản đề xuất để sửa (khi công bố sẽ là phiên bản mới).');
    // The appendix of the period follows the version it now uses.
    await until('the appendix on version 3', async () => {
      const a = (await get<{ model: { cells: { address: string; value?: unknown }[] } }>(lan, '/appendix?period=2024-6t')).body;
      return a.model.cells.some((x) => x.value === '03') ? true : undefined;
    });
  });

  it('a version exported as a workbook and imported back is the same catalogue: publishing it adds no version', async () => {
    const file = await lan.request('GET', `/catalogs/${C2024_ID}/versions/3/file.xlsx`);
    expect(file.status).toBe(200);
    expect(file.res.headers.get('content-disposition')).toContain('Danh%20m%E1%BB%A5c');
    const imported = await upload<DraftEnvelope>(lan, '/catalog-drafts/import', file.body as Uint8Array, 'Danh mục chỉ tiêu 2024 - phiên bản 3.xlsx');
    expect(imported.status, imported.body.error).toBe(200);
    const v3 = (await get<VersionContent>(lan, `/catalogs/${C2024_ID}/versions/3`)).body.catalog;
    expect(draftCatalog(imported.body.draft)).toEqual(v3);
    expect(imported.body.draft.origin).toEqual({ form: 'workbook', base: { id: C2024_ID, version: 3 } });
    const pub = await post<PublishResult>(lan, '/catalog-drafts/2024/publish', { revision: imported.body.revision });
    expect(pub.body).toMatchObject({ version: 3, added: false });
    expect((await get<CatalogsResponse>(lan, '/catalogs')).body.catalogs.find((x) => x.id === C2024_ID)!.versions).toHaveLength(3);
  });
});

describe('a list uploaded as a file', () => {
  it('reads a Word document and a workbook as it reads a paste', async () => {
    const doc = new Document({ sections: [{ children: LIST.split('\n').map((line) => new Paragraph(line)) }] });
    const docx = new Uint8Array(await Packer.toBuffer(doc));
    const fromWord = await upload<DraftEnvelope>(lan, '/catalog-drafts/propose-file?year=2024&previous=hong-linh-2023&version=1', docx, 'Nghị quyết 2024.docx');
    expect(fromWord.status, fromWord.body.error).toBe(200);
    expect(fromWord.body.draft.rows.map((r) => r.indicator.code)).toEqual(envelope.draft.rows.map((r) => r.indicator.code));
    expect((await post(lan, '/catalog-drafts/2024/discard', { revision: fromWord.body.revision })).status).toBe(200);
    const xlsx = await workbook([
      ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm 2025'],
      [1, 'Thu nhập bình quân đầu người', 'triệu đồng/người/năm', 'Trên 75'],
      [2, 'Giải quyết việc làm mới', 'người', 900],
    ]);
    const fromExcel = await upload<DraftEnvelope>(lan, '/catalog-drafts/propose-file?year=2025&previous=hong-linh-2024&version=3', xlsx, 'chi-tieu-2025.xlsx');
    expect(fromExcel.status, fromExcel.body.error).toBe(200);
    expect(fromExcel.body.draft.rows.map((r) => [r.indicator.code, r.indicator.plan])).toEqual([
      ['THU_NHAP', 'Trên 75'],
      ['VIEC_LAM', '900'],
    ]);
    expect((await post(lan, '/catalog-drafts/2025/discard', { revision: fromExcel.body.revision })).status).toBe(200);
    expect((await get(lan, '/catalog-drafts/2025')).status).toBe(404);
  });

  it('names the line of a pasted or uploaded text, the sheet and row of a workbook, the sheet and cell of a catalogue workbook', async () => {
    const table = 'STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2025\n1\tThu nhập bình quân đầu người\ttriệu đồng\tTrên 75\n2\tViệc làm mới\t900\n';
    const txt = await upload(lan, '/catalog-drafts/propose-file?year=2025', new TextEncoder().encode(table), 'chi-tieu.txt', 'text/plain');
    expect(txt.status).toBe(400);
    expect(txt.body.error).toMatch(/^Không đọc được danh sách chỉ tiêu: Dòng 3: có 3 cột, bảng có 4 cột/);
    const xlsx = await workbook(
      [
        ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm 2025'],
        [1, 'Thu nhập bình quân đầu người', 'triệu đồng', 'Trên 75'],
        [2, '', 'người', 900],
      ],
      'Danh sách',
    );
    const bad = await upload(lan, '/catalog-drafts/propose-file?year=2025', xlsx, 'chi-tieu.xlsx');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('Trang “Danh sách”, dòng 3: ô chỉ tiêu đang trống (kế hoạch “900”)');
    const export3 = (await lan.request('GET', `/catalogs/${C2024_ID}/versions/3/file.xlsx`)).body as Uint8Array;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(export3 as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Chỉ tiêu')!;
    const col = (ws.getRow(1).values as unknown[]).indexOf('Loại kế hoạch');
    ws.getCell(3, col).value = 'Nguong';
    const edited = new Uint8Array(await wb.xlsx.writeBuffer());
    const refused = await upload(lan, '/catalog-drafts/import', edited, 'danh-muc.xlsx');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/Trang “Chỉ tiêu”, ô [A-Z]+3 \(Loại kế hoạch\): “Nguong” không có trong danh sách/);
    expect((await get(lan, '/catalog-drafts/2024')).status).toBe(404);
  });

  it('says what a file is when it is not a list, and refuses one too large', async () => {
    const pdf = await upload(lan, '/catalog-drafts/propose-file?year=2025', new TextEncoder().encode('%PDF-1.7\n…'), 'nghi-quyet.pdf', 'application/pdf');
    expect([pdf.status, pdf.body.error]).toEqual([
      415,
      'Tệp là PDF, hệ thống chưa đọc được danh sách từ PDF. Hãy mở tệp PDF, chép phần danh sách chỉ tiêu rồi dán vào ô bên trên.',
    ]);
    const xls = await upload(
      lan,
      '/catalog-drafts/propose-file?year=2025',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'chi-tieu.xls',
    );
    expect(xls.status).toBe(415);
    expect(xls.body.error).toMatch(/^Tệp là bảng tính Excel 97-2003 \(\.xls\)/);
    const latin = await upload(lan, '/catalog-drafts/propose-file?year=2025', new Uint8Array([0x54, 0x68, 0xf4, 0x6e, 0x67]), 'chi-tieu.txt', 'text/plain');
    expect(latin.status).toBe(415);
    expect(latin.body.error).toContain('không phải mã UTF-8');
    const image = await upload(lan, '/catalog-drafts/propose-file?year=2025', new Uint8Array([1, 2, 3]), 'anh.png', 'image/png');
    expect(image.status).toBe(415);
    expect(image.body.error).toMatch(/^Hệ thống chỉ nhận tệp văn bản/);
    const big = await upload(lan, '/catalog-drafts/propose-file?year=2025', new Uint8Array(5 * 1024 * 1024).fill(65), 'rat-dai.txt', 'text/plain');
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/^Tệp quá lớn \(tối đa 4 MB\)/);
    expect((await upload(leader, '/catalog-drafts/propose-file?year=2025', new TextEncoder().encode(LIST), 'x.txt', 'text/plain')).status).toBe(403);
  });
});
