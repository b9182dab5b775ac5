// "Nộp báo cáo" without a browser: the Office file adapter over a fake Office.context.document
// (slices in order, the file always closed, unsupported hosts, Excel on the web without the
// compressed file, cancelling), the settings, the receipt and history formatting,
// postSubmission / fetchHistory against a REAL worker endpoint on 127.0.0.1, and enrolment and
// review states against a fake intake that speaks the shared contract.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, fetchHistory, folderRoute, outcomeOf, postSubmission, type SubmitOutcome } from '../../addin/app/intake.ts';
import { historyItemView, linkServerProblem, notShownAbove, receiptView } from '../../addin/app/receipt-model.ts';
import {
  browserSettingsStore,
  effectiveSettings,
  enrolEndpoint,
  settingsGap,
  settingsProblem,
  SETTINGS_KEY,
  submissionsEndpoint,
  withScheme,
  type SubmitSettings,
} from '../../addin/app/settings.ts';
import { buildTemplateView } from '../../addin/app/view-model.ts';
import { fileNameOf, FileReadError, officeSubmitter, ReadCancelled, SLICE_SIZE } from '../../addin/office/submitter.ts';
import { fakeOfficeFileContext } from './harness/fake-office-file.ts';
import { MemoryHost } from './harness/memory-host.ts';
import { startFakeIntake } from '../helpers/addin-fake-intake.ts';
import { modelFor, paneCatalogs } from '../helpers/addin-fixtures.ts';
import { findUnit } from '../../shared/catalog.ts';
import { FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { unitStatuses } from '../../worker/consolidate/index.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { realFigures, tempDir, testConfig } from '../helpers/worker.ts';

const bytesOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

describe('officeSubmitter over a fake Office.context.document', () => {
  it('reads every slice in order, concatenates them, and closes the file', async () => {
    const bytes = bytesOf(10_000);
    const { ctx, log } = fakeOfficeFileContext({ bytes, sliceSize: 4096, url: 'C:\\Báo cáo\\PL1 LĐTBXH.xlsx' });
    const submitter = officeSubmitter(ctx);
    expect(submitter.canReadFile).toBe(true);
    const progress: string[] = [];
    const file = await submitter.readWorkbookFile((done, total) => progress.push(`${done}/${total}`));
    expect(file.bytes).toEqual(bytes);
    expect(file.slices).toBe(3);
    expect(file.name).toBe('PL1 LĐTBXH.xlsx');
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    expect(log.requestedType).toBe('compressed');
    expect(log.requestedSliceSize).toBe(SLICE_SIZE);
    expect(SLICE_SIZE).toBe(4 * 1024 * 1024);
    expect(log.slicesRead).toEqual([0, 1, 2]);
    expect(log).toMatchObject({ opened: 1, closed: 1, open: 0 });
  });

  it('takes slices given as Uint8Array too, and a file of one slice', async () => {
    const bytes = bytesOf(1234);
    const { ctx, log } = fakeOfficeFileContext({ bytes, sliceData: 'uint8' });
    const file = await officeSubmitter(ctx).readWorkbookFile();
    expect(file.bytes).toEqual(bytes);
    expect(file.slices).toBe(1);
    expect(file.name).toBeNull();
    expect(log.open).toBe(0);
  });

  it('closes the file when a slice fails, and says so in Vietnamese', async () => {
    const { ctx, log } = fakeOfficeFileContext({ bytes: bytesOf(10_000), sliceSize: 4096, failSlice: 1 });
    const err = await officeSubmitter(ctx)
      .readWorkbookFile()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileReadError);
    expect((err as FileReadError).unsupported).toBe(false);
    expect((err as Error).message).toMatch(
      /^Excel không đưa được tệp sổ làm việc cho phần bổ trợ \(Chi tiết kỹ thuật: 5001 – Internal Error – An internal error has occurred\.\)/,
    );
    expect(log.slicesRead).toEqual([0]);
    expect(log).toMatchObject({ opened: 1, closed: 1, open: 0 });
  });

  it('never leaves files open: many reads and failures in a row stay under Office’s two-file limit', async () => {
    const { ctx, log } = fakeOfficeFileContext({ bytes: bytesOf(9000), sliceSize: 4096 });
    const submitter = officeSubmitter(ctx);
    for (let i = 0; i < 5; i++) expect((await submitter.readWorkbookFile()).bytes.length).toBe(9000);
    const failing = fakeOfficeFileContext({ bytes: bytesOf(9000), sliceSize: 4096, failSlice: 2 });
    const s2 = officeSubmitter(failing.ctx);
    for (let i = 0; i < 3; i++) await expect(s2.readWorkbookFile()).rejects.toBeInstanceOf(FileReadError);
    expect(log).toMatchObject({ opened: 5, closed: 5, open: 0 });
    expect(failing.log).toMatchObject({ opened: 3, closed: 3, open: 0 });
  });

  it('reports a host without File 1.1 before touching the document', async () => {
    const { ctx, log } = fakeOfficeFileContext({ bytes: bytesOf(100), supported: false });
    const submitter = officeSubmitter(ctx);
    expect([submitter.canReadFile, submitter.support]).toEqual([false, 'no-file']);
    const err = (await submitter.readWorkbookFile().catch((e: unknown) => e)) as FileReadError;
    expect(err.unsupported).toBe(true);
    expect(err.message).toMatch(/Phiên bản Excel này không cho phần bổ trợ đọc tệp sổ làm việc/);
    expect(log.requestedType).toBeUndefined();
  });

  it('checks CompressedFile too: Excel on the web has File but not the compressed file', async () => {
    const { ctx, log } = fakeOfficeFileContext({ bytes: bytesOf(100), compressedSupported: false });
    const submitter = officeSubmitter(ctx);
    expect([submitter.canReadFile, submitter.support]).toEqual([false, 'no-compressed']);
    const err = (await submitter.readWorkbookFile().catch((e: unknown) => e)) as FileReadError;
    expect(err.message).toMatch(/^Excel trên web chưa cho phần bổ trợ đọc tệp.*Tải xuống bản sao.*thư mục nộp báo cáo chung/);
    expect(log.opened).toBe(0);
  });

  it('stops between slices when cancelled, and still closes the file', async () => {
    const { ctx, log } = fakeOfficeFileContext({ bytes: bytesOf(20_000), sliceSize: 4096, latencyMs: 5 });
    const controller = new AbortController();
    const err = await officeSubmitter(ctx)
      .readWorkbookFile((done) => {
        if (done === 2) controller.abort();
      }, controller.signal)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReadCancelled);
    expect(log.slicesRead).toEqual([0, 1]);
    expect(log).toMatchObject({ opened: 1, closed: 1, open: 0 });
  });

  it('treats a host that throws or answers “not supported” as unsupported, and isSetSupported throwing as no', async () => {
    const throws = fakeOfficeFileContext({
      bytes: bytesOf(100),
      openError: { code: 5009, name: 'Not supported', message: 'This API is not supported in this host.', throws: true },
    });
    const e1 = (await officeSubmitter(throws.ctx)
      .readWorkbookFile()
      .catch((e: unknown) => e)) as FileReadError;
    expect(e1.unsupported).toBe(true);
    expect(e1.message).toContain('This API is not supported in this host.');
    const answers = fakeOfficeFileContext({
      bytes: bytesOf(100),
      openError: { code: 5001, name: 'Internal Error', message: 'An internal error has occurred.' },
    });
    const e2 = (await officeSubmitter(answers.ctx)
      .readWorkbookFile()
      .catch((e: unknown) => e)) as FileReadError;
    expect(e2.unsupported).toBe(false);
    expect(e2.message).toContain('5001 – Internal Error');
    expect(answers.log.opened).toBe(0);
    const odd = officeSubmitter({
      document: { getFileAsync: () => undefined },
      requirements: {
        isSetSupported: () => {
          throw new Error('old host');
        },
      },
    });
    expect(odd.canReadFile).toBe(false);
  });

  it('names the file from the document URL when it is an .xlsx', () => {
    expect(fileNameOf('https://contoso.sharepoint.com/sites/x/Shared%20Documents/PL1%20VHTT.xlsx?web=1')).toBe('PL1 VHTT.xlsx');
    expect(fileNameOf('/Users/a/PL1.XLSX')).toBe('PL1.XLSX');
    expect(fileNameOf('Book1')).toBeNull();
    expect(fileNameOf('')).toBeNull();
    expect(fileNameOf(undefined)).toBeNull();
  });
});

describe('settings', () => {
  class MapStorage {
    map = new Map<string, string>();
    getItem(k: string) {
      return this.map.get(k) ?? null;
    }
    setItem(k: string, v: string) {
      this.map.set(k, v);
    }
  }

  it('keeps the settings under Office’s partition key, and falls back to defaults', () => {
    const storage = new MapStorage();
    const store = browserSettingsStore(storage as unknown as Storage, 'pk-123:', { intakeUrl: '', token: '', folder: '\\\\may-chu\\NopBaoCao' });
    expect(store.load()).toEqual({ intakeUrl: '', token: '', folder: '\\\\may-chu\\NopBaoCao' });
    store.save({ intakeUrl: 'https://phuluc.example.gov.vn', token: 'pl_x', folder: 'D:\\Nop' });
    expect([...storage.map.keys()]).toEqual([`pk-123:${SETTINGS_KEY}`]);
    expect(browserSettingsStore(storage as unknown as Storage, 'pk-123:').load()).toEqual({
      intakeUrl: 'https://phuluc.example.gov.vn',
      token: 'pl_x',
      folder: 'D:\\Nop',
    });
    expect(browserSettingsStore(storage as unknown as Storage).load().token).toBe('');
    storage.map.set(SETTINGS_KEY, '{not json');
    expect(browserSettingsStore(storage as unknown as Storage).load()).toEqual({ intakeUrl: '', token: '', folder: '' });
  });

  it('says in Vietnamese when the browser refuses to store', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    } as unknown as Storage;
    expect(() => browserSettingsStore(full).save({ intakeUrl: '', token: '', folder: '' })).toThrow(/Không lưu được cài đặt/);
    expect(() => browserSettingsStore(null).save({ intakeUrl: '', token: '', folder: '' })).toThrow(/không cho phần bổ trợ lưu cài đặt/);
  });

  it('turns what the officer typed into the submissions URL, refusing mixed content', () => {
    expect(submissionsEndpoint('https://phuluc.example.gov.vn')).toEqual({ ok: true, url: 'https://phuluc.example.gov.vn/api/v1/submissions' });
    expect(submissionsEndpoint(' https://phuluc.example.gov.vn/nhan/ ')).toEqual({ ok: true, url: 'https://phuluc.example.gov.vn/nhan/api/v1/submissions' });
    expect(submissionsEndpoint('https://phuluc.example.gov.vn/api/v1/submissions/')).toEqual({
      ok: true,
      url: 'https://phuluc.example.gov.vn/api/v1/submissions',
    });
    expect(submissionsEndpoint('http://127.0.0.1:8787')).toEqual({ ok: true, url: 'http://127.0.0.1:8787/api/v1/submissions' });
    const mixed = submissionsEndpoint('http://phuluc.example.gov.vn');
    expect(mixed.ok === false && mixed.error).toMatch(/phải dùng https:\/\/.*Excel chặn/);
    expect(submissionsEndpoint('http://phuluc.example.gov.vn', 'http:').ok).toBe(true);
    // An address without a scheme gets https:// added.
    expect(withScheme(' phuluc.example.gov.vn ')).toBe('https://phuluc.example.gov.vn');
    expect(withScheme('http://127.0.0.1:1')).toBe('http://127.0.0.1:1');
    expect(submissionsEndpoint('phuluc.example.gov.vn')).toEqual({ ok: true, url: 'https://phuluc.example.gov.vn/api/v1/submissions' });
    expect(submissionsEndpoint('phuluc.example.gov.vn:8787/nhan')).toEqual({ ok: true, url: 'https://phuluc.example.gov.vn:8787/nhan/api/v1/submissions' });
    expect(enrolEndpoint('https://phuluc.example.gov.vn/api/v1/submissions')).toEqual({ ok: true, url: 'https://phuluc.example.gov.vn/api/v1/enrolments' });
    expect(submissionsEndpoint('ftp://x').ok).toBe(false);
    expect(submissionsEndpoint('https://u:p@x.vn').ok).toBe(false);
    expect(submissionsEndpoint('a b').ok).toBe(false);
    expect(settingsGap({ intakeUrl: '', token: '', folder: '' })).toMatchObject({
      kind: 'address',
      message: expect.stringMatching(/^Chưa có địa chỉ nhận báo cáo/),
    });
    expect(settingsGap({ intakeUrl: 'https://x.vn', token: ' ', folder: '' })).toMatchObject({ kind: 'enrol', message: expect.stringMatching(/mã đăng ký/) });
    expect(settingsProblem({ intakeUrl: 'https://x.vn', token: 't', folder: '' })).toBeNull();
    // The template's address is used until one is saved.
    expect(effectiveSettings({ intakeUrl: '', token: 't', folder: '' }, 'https://mau.vn').intakeUrl).toBe('https://mau.vn');
    expect(effectiveSettings({ intakeUrl: 'https://luu.vn', token: 't', folder: '' }, 'https://mau.vn').intakeUrl).toBe('https://luu.vn');
  });

  it('names the shared folder in the folder route when it is set', () => {
    expect(folderRoute('\\\\may-chu\\NopBaoCao')).toBe(
      'Hãy lưu tệp vào thư mục nộp báo cáo chung của Phòng Tài chính - Kế hoạch: \\\\may-chu\\NopBaoCao (trong Excel: Tệp › Lưu bản sao, chọn thư mục này).',
    );
    expect(folderRoute('')).toMatch(/^Hãy lưu tệp vào thư mục nộp báo cáo chung của Phòng Tài chính - Kế hoạch \(trong Excel/);
  });
});

describe('receipt formatting', () => {
  const catalog = loadCatalog(2023);
  const base = {
    id: 7,
    receivedAt: '2023-11-20T09:59:58.000Z',
    sha256: 'a'.repeat(56) + '0123beef',
    unit: 'LDTBXH',
    unitName: 'Phòng Lao động - Thương binh và Xã hội',
    period: '2023-uoc',
    fileName: 'PL1.xlsx',
    status: 'accepted' as const,
    late: false,
  };

  it('speaks plainly: “Đã nhận lúc …” only for a valid file, Vietnam time, the period’s header', () => {
    const v = receiptView(base, catalog);
    expect(v).toMatchObject({
      id: '7',
      time: '16:59 ngày 20/11/2023',
      unit: base.unitName,
      period: 'Ước thực hiện năm 2023',
      lateLabel: 'Đúng hạn',
      valid: true,
      fingerprint: base.sha256,
    });
    expect(v.headline).toBe('Đã nhận lúc 16:59 ngày 20/11/2023, mã biên nhận 7.');
    const bad = receiptView({ ...base, late: true, status: 'rejected', period: 'khac', receivedAt: '2023-12-31T17:30:00.000Z' }, catalog, 2);
    expect(bad).toMatchObject({ lateLabel: 'Nộp muộn', valid: false, period: 'khac' });
    expect(bad.headline).toBe('Chưa được chấp nhận: tệp có 2 lỗi cần sửa (nộp lúc 00:30 ngày 01/01/2024, mã biên nhận 7). Hãy sửa, lưu tệp rồi nộp lại.');
    expect(`${v.headline}${bad.headline}`).not.toMatch(/SHA|máy chủ|Biên nhận số/);
  });

  it('shows each submission’s review state, the note, and comments tied to their cells', async () => {
    const host = new MemoryHost();
    host.loadModel(modelFor(catalog, 'LDTBXH'));
    const read = await host.readTemplate();
    const built = read.kind === 'template' ? buildTemplateView(read, paneCatalogs().catalogs) : null;
    if (!built?.ok) throw new Error('no view');
    const viewOf = (e: Parameters<typeof historyItemView>[0]) => historyItemView(e, built.view);
    const entry = { ...base, errors: [], warnings: [{ message: 'w' }], reviewComments: [] };
    expect(viewOf({ ...entry, review: 'awaiting_review' })).toMatchObject({ stateLabel: 'Chờ duyệt', tone: 'pending', counts: '1 cảnh báo' });
    expect(viewOf({ ...entry, review: 'approved' })).toMatchObject({ stateLabel: 'Đã duyệt', tone: 'approved' });
    const hoNgheo = catalog.indicators.find((i) => i.stt === 11)!;
    const viecLam = catalog.indicators.find((i) => i.stt === 14)!;
    const returned = viewOf({
      ...entry,
      review: 'returned',
      reviewNote: 'Bổ sung giải trình.',
      reviewComments: [
        { indicator: viecLam.code, text: 'Số liệu khác báo cáo quý III.' },
        { indicator: hoNgheo.code, cell: 'G5', text: 'Ghi rõ nguồn.' },
      ],
    });
    expect(returned).toMatchObject({ stateLabel: 'Bị trả lại', tone: 'returned', note: 'Bổ sung giải trình.' });
    // Without a cell, the comment points at the indicator's figure on this template (E of its row).
    expect(returned.comments).toEqual([
      { label: `Chỉ tiêu 14. ${viecLam.name}`, text: 'Số liệu khác báo cáo quý III.', address: 'E6' },
      { label: `Chỉ tiêu 11. ${hoNgheo.name}`, text: 'Ghi rõ nguồn.', address: 'G5' },
    ]);
    // An older system without review states: valid or not, nothing more.
    expect(viewOf({ ...entry })).toMatchObject({ stateLabel: 'Hợp lệ' });
    expect(viewOf({ ...entry, status: 'rejected', errors: [{ message: 'e' }] })).toMatchObject({
      stateLabel: 'Không hợp lệ',
      tone: 'invalid',
      counts: '1 lỗi, 1 cảnh báo',
    });
  });

  it('repeats only the errors the checklist above does not show', async () => {
    const host = new MemoryHost();
    host.loadModel(modelFor(catalog, 'LDTBXH'), { E5: 'abc' });
    const read = await host.readTemplate();
    const built = read.kind === 'template' ? buildTemplateView(read, paneCatalogs().catalogs) : null;
    if (!built?.ok) throw new Error('no view');
    const shown = built.view.items[0].problems[0];
    const r = notShownAbove(
      [{ sheet: SHEET_NAME, cell: 'E5', message: shown.message }, { sheet: SHEET_NAME, cell: 'E6', message: 'Khác.' }, { message: 'Chung.' }],
      built.view,
    );
    expect(r).toEqual({
      shown: 1,
      others: [
        { address: 'E6', place: 'Ô E6', message: 'Khác.' },
        { place: '', message: 'Chung.' },
      ],
    });
  });

  it('links a server problem to its cell only on the template sheet', () => {
    expect(linkServerProblem({ sheet: SHEET_NAME, cell: 'G6', message: 'm' })).toEqual({ address: 'G6', place: 'Ô G6', message: 'm' });
    expect(linkServerProblem({ cell: 'e5', message: 'm' })).toEqual({ address: 'E5', place: 'Ô E5', message: 'm' });
    expect(linkServerProblem({ sheet: 'Khác', cell: 'B2', message: 'm' })).toEqual({ place: 'Trang “Khác”, ô B2', message: 'm' });
    expect(linkServerProblem({ message: 'm' })).toEqual({ place: '', message: 'm' });
  });

  it('maps odd answers to Vietnamese refusals', () => {
    expect(outcomeOf({ status: 404, body: { message: 'Route POST:/x not found', error: 'Not Found', statusCode: 404 } })).toMatchObject({
      kind: 'refused',
      fix: 'settings',
      message: expect.stringMatching(/^Địa chỉ nhận báo cáo không đúng/),
    });
    expect(outcomeOf({ status: 502, body: null })).toMatchObject({
      kind: 'refused',
      fix: 'later',
      message: 'Hệ thống nhận báo cáo gặp lỗi (mã HTTP 502); tệp chưa được nhận. Hãy thử lại sau ít phút.',
    });
    expect(outcomeOf({ status: 200, body: {} })).toMatchObject({ kind: 'refused', message: expect.stringMatching(/không có biên nhận/) });
  });
});

describe('postSubmission against the real intake endpoint', () => {
  const TOKEN = 'pl_ldtbxh_submit-test-0123456789';
  const KT_TOKEN = 'pl_kt_submit-test-9876543210';
  let service: WorkerService;
  let api: HttpHandle;
  let good: Uint8Array;
  let bad: Uint8Array;
  let kt: Uint8Array;
  let settings: SubmitSettings;

  beforeAll(async () => {
    const { cfg } = testConfig(tempDir('submit'), {
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'http://127.0.0.1:1', maxUploadBytes: 1024 * 1024, consolidateDelayMs: 50 },
    });
    service = new WorkerService(cfg, createLogger('silent'));
    await service.ledger.addToken('LDTBXH', TOKEN, new Date().toISOString());
    await service.ledger.addToken('KT', KT_TOKEN, new Date().toISOString());
    const unit = findUnit(cfg.catalog, 'LDTBXH')!;
    const template = () => buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    good = await fillTemplate(await template(), realFigures(cfg.catalog, unit, false));
    const figures = realFigures(cfg.catalog, unit, false);
    figures.set(14, { value: 900_000, note: '' });
    bad = await fillTemplate(await template(), figures);
    const ktUnit = findUnit(cfg.catalog, 'KT')!;
    kt = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, ktUnit, cfg.protectionPassword), realFigures(cfg.catalog, ktUnit, false));
    api = await startHttp(service, 0);
    settings = { intakeUrl: api.url, token: TOKEN, folder: '\\\\may-chu\\NopBaoCao' };
  });

  afterAll(async () => {
    await api?.close();
    await service?.stop();
  });

  // The worker answers over plain http on 127.0.0.1: the pane's page would be http too here.
  const opts = { pageProtocol: 'http:' };

  it('sends the bytes read through the adapter and gets a receipt (201)', async () => {
    const { ctx, log } = fakeOfficeFileContext({ bytes: good, sliceSize: 8 * 1024, url: 'https://x/PL1 LĐTBXH.xlsx' });
    const file = await officeSubmitter(ctx).readWorkbookFile();
    expect(file.slices).toBeGreaterThanOrEqual(2);
    expect(log.open).toBe(0);
    const out = await postSubmission(settings, file.bytes, file.name!, opts);
    expect(out.kind).toBe('accepted');
    if (out.kind !== 'accepted') return;
    const hash = createHash('sha256').update(good).digest('hex');
    expect(out.receipt).toMatchObject({
      sha256: hash,
      unit: 'LDTBXH',
      unitName: 'Phòng Lao động - Thương binh và Xã hội',
      period: '2023-uoc',
      fileName: 'PL1 LĐTBXH.xlsx',
      status: 'accepted',
    });
    expect((await service.ledger.bySha(hash))?.status).toBe('accepted');
    const status = (await unitStatuses(service.cfg.catalog, service.cfg.period, service.ledger, new Date())).find((s) => s.code === 'LDTBXH')!;
    expect(status.state).toBe('accepted');
  });

  it('recognises the same file again (200, duplicate) with the original receipt', async () => {
    const first = (await service.ledger.bySha(createHash('sha256').update(good).digest('hex')))!;
    const out = await postSubmission(settings, good, 'lai-lan-nua.xlsx', opts);
    expect(out).toMatchObject({ kind: 'duplicate', accepted: true, receipt: { id: first.id, fileName: 'PL1 LĐTBXH.xlsx' } });
  });

  it('returns the errors with their cells for a workbook that fails the checks (422)', async () => {
    const out = await postSubmission(settings, bad, 'so-qua-lon.xlsx', opts);
    expect(out.kind).toBe('rejected');
    if (out.kind !== 'rejected') return;
    expect(out.errors).toContainEqual(
      expect.objectContaining({ sheet: SHEET_NAME, cell: `E${FIRST_DATA_ROW + 1}`, message: expect.stringMatching(/nằm ngoài khoảng cho phép/) }),
    );
    expect(out.receipt.status).toBe('rejected');
  });

  it('maps 401, 403 and 415 to the server’s Vietnamese message and what to fix', async () => {
    const wrong = await postSubmission({ ...settings, token: 'pl_sai' }, good, 'x.xlsx', opts);
    expect(wrong).toMatchObject({ kind: 'refused', status: 401, fix: 'settings', message: expect.stringMatching(/Mã truy cập không đúng hoặc đã bị thu hồi/) });
    const other = await postSubmission(settings, kt, 'KT.xlsx', opts);
    expect(other).toMatchObject({ kind: 'refused', status: 403, fix: 'file', message: expect.stringMatching(/Phòng Kinh tế/) });
    const notXlsx = await postSubmission(settings, new TextEncoder().encode('không phải Excel'), 'x.xlsx', opts);
    expect(notXlsx).toMatchObject({ kind: 'refused', status: 415, fix: 'file', message: expect.stringMatching(/^Tệp không phải sổ làm việc Excel/) });
    const noToken = await postSubmission({ ...settings, token: '' }, good, 'x.xlsx', opts);
    expect(noToken).toMatchObject({ kind: 'refused', status: 0, fix: 'settings' });
    const wrongPath = await postSubmission({ ...settings, intakeUrl: `${api.url}/khong-co` }, good, 'x.xlsx', opts);
    expect(wrongPath).toMatchObject({ kind: 'refused', status: 404, fix: 'settings' });
  });

  it('lists the unit’s submissions (GET), newest first', async () => {
    const h = await fetchHistory(settings, opts);
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.history).toMatchObject({ unit: 'LDTBXH', period: '2023-uoc', periodHeader: 'Ước thực hiện năm 2023' });
    expect(h.history.submissions.map((s) => [s.status, s.fileName])).toEqual([
      // KT.xlsx, another unit's file, is not a submission of this unit: it was refused and recorded for the planning office.
      ['rejected', 'x.xlsx'],
      ['rejected', 'so-qua-lon.xlsx'],
      ['accepted', 'PL1 LĐTBXH.xlsx'],
    ]);
    // The worker sends where each submission stands in the review.
    expect(h.history.submissions.map((s) => historyItemView(s).stateLabel)).toEqual(['Không hợp lệ', 'Không hợp lệ', 'Chờ duyệt']);
    expect(await fetchHistory({ ...settings, token: 'pl_sai' }, opts)).toMatchObject({
      ok: false,
      fix: 'settings',
      message: expect.stringMatching(/Mã truy cập không đúng/),
    });
  });

  it('answers “unreachable” when nothing listens, and “timed out” when the server never answers', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = await postSubmission({ ...settings, intakeUrl: `http://127.0.0.1:${port}` }, good, 'x.xlsx', opts);
    expect(down).toMatchObject({
      kind: 'unreachable',
      timedOut: false,
      message: expect.stringMatching(/^Không kết nối được tới hệ thống nhận báo cáo \(127\.0\.0\.1:\d+\)/),
    });

    const sockets = new Set<import('node:net').Socket>();
    const silent = http.createServer(() => {
      /* never answers */
    });
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const t0 = Date.now();
      const slow: SubmitOutcome = await postSubmission(
        { ...settings, intakeUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` },
        good,
        'x.xlsx',
        { ...opts, timeoutMs: 300 },
      );
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(slow).toMatchObject({
        kind: 'unreachable',
        timedOut: true,
        message: expect.stringMatching(/không trả lời sau 1 giây; báo cáo có thể chưa được nhận/),
      });
      expect((slow as { message: string }).message).not.toMatch(/không sao|máy chủ/);

      // "Hủy" while it waits: cancelled, not "unreachable".
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const stopped = await postSubmission({ ...settings, intakeUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` }, good, 'x.xlsx', {
        ...opts,
        timeoutMs: 10_000,
        signal: controller.signal,
      });
      expect(stopped).toEqual({ kind: 'cancelled' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe('enrolment against an intake that speaks the shared contract', () => {
  const unit = { code: 'LDTBXH', name: 'Phòng Lao động - Thương binh và Xã hội', token: 'pl_ldtbxh_enrolled-0123' };

  it('exchanges the one-time code for the unit’s token, once', async () => {
    const fake = await startFakeIntake({ origin: 'http://127.0.0.1:1', unit, codes: ['7Q2K-9F4M'] });
    try {
      // The address from a template without a scheme on localhost would get https://, so it is given here as http.
      const ok = await enrol(fake.url, ' 7Q2K-9F4M ', { pageProtocol: 'http:' });
      expect(ok).toEqual({ ok: true, enrolment: { token: unit.token, unit: unit.code, unitName: unit.name, intakeUrl: fake.url } });
      expect(fake.enrolments).toEqual([{ code: '7Q2K-9F4M' }]);
      const again = await enrol(`${fake.url}/api/v1/submissions`, '7Q2K-9F4M', { pageProtocol: 'http:' });
      expect(again).toMatchObject({ ok: false, fix: 'settings', message: expect.stringMatching(/^Mã đăng ký không đúng hoặc đã được dùng/) });
      expect(await enrol(fake.url, '  ', { pageProtocol: 'http:' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Hãy nhập mã đăng ký/) });
      expect(fake.requests).toEqual(['POST /api/v1/enrolments', 'POST /api/v1/enrolments']);
      // The token then opens the history, with review states.
      const h = await fetchHistory({ intakeUrl: fake.url, token: unit.token, folder: '' }, { pageProtocol: 'http:' });
      expect(h.ok && h.history.unitName).toBe(unit.name);
    } finally {
      await fake.close();
    }
  });

  it('says so when the worker at that address has no enrolment yet (404 from the framework)', async () => {
    const fake = await startFakeIntake({ origin: 'http://127.0.0.1:1', unit });
    try {
      const r = await enrol(`${fake.url}/khac`, 'X', { pageProtocol: 'http:' });
      expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/chưa nhận đăng ký bằng mã/) });
    } finally {
      await fake.close();
    }
  });
});
