/**
 * The leaders' part of the console (issue 23) over real HTTP on 127.0.0.1, with a real ledger and
 * real workbooks: the office opens 6 tháng, 9 tháng and ước of 2023 from the browser's API, every
 * department submits (the real 2023 figures for the estimate; invented ones for 6 and 9 months),
 * 6 tháng is approved. The overview's figures are the appendix's, period by period; an indicator's
 * history lists the periods in order with their sources; the same period last year comes from the
 * ledger (2024 against 2023, codes continue across years). The report: Word and PDF (503 without
 * LibreOffice), the check of the real report (the seed) with its four drifts, sentence beside
 * figure, a finding dismissed with why, recorded and shown on the next check; a leader reads and
 * downloads, and cannot check or dismiss.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_WORD } from '../../shared/assess.ts';
import { findPeriod, findUnit, reportingUnits, type Catalog, type Period } from '../../shared/catalog.ts';
import { CONSOLE_API, CSRF_HEADER, type AppendixView, type AuditResponse, type BoardResponse, type BulkApproveResult } from '../../shared/console-api.ts';
import { COL, FIRST_DATA_ROW } from '../../shared/layout.ts';
import type { DismissResult, IndicatorHistory, OverviewResponse, ReportCheckResponse, ReportView } from '../../shared/leaders-api.ts';
import { embeddedCatalogs, type Config } from '../../worker/config.ts';
import { IndicatorHistoryReply, OverviewReply, ReportCheckReply, ReportViewReply } from '../../worker/http/leaders-schemas.ts';
import { buildHttp } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { hashPassword } from '../../worker/review/accounts.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { ConsoleClient, submit } from '../helpers/console.ts';
import { fillTemplate, type FillValue } from '../helpers/fill.ts';
import { periodFigures } from '../helpers/leaders.ts';
import { libreOfficeAvailable } from '../helpers/libreoffice.ts';
import { seedDocx, seedText } from '../helpers/report.ts';
import { tempDir, testConfig, withoutMark } from '../helpers/worker.ts';

const HTTP = { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 50 };
const PLANNER = { name: 'lan.tckh', fullName: 'Trần Thị Lan', password: 'mat-khau-cua-lan-2' };
const LEADER = { name: 'chu-tich', fullName: 'Lê Văn Minh', password: 'mat-khau-lanh-dao-3' };

const catalogs = embeddedCatalogs();
const c2023: Catalog = catalogs.find((c) => c.id === 'hong-linh-2023')!;
const c2024: Catalog = catalogs.find((c) => c.id === 'hong-linh-2024')!;
const units = reportingUnits(c2023);
const PERIODS = ['2023-6t', '2023-9t', '2023-uoc'] as const;
const DEADLINE: Record<string, string> = {
  '2023-6t': '2023-06-20T17:00:00+07:00',
  '2023-9t': '2023-09-20T17:00:00+07:00',
  '2023-uoc': '2023-11-20T17:00:00+07:00',
  '2024-6t': '2024-06-20T17:00:00+07:00',
};

let now = Date.parse('2023-06-10T09:00:00+07:00');
let service: WorkerService;
let cfg: Config;
let app: FastifyInstance;
let url: string;
let office: ConsoleClient;
let leader: ConsoleClient;
const tokens = new Map(units.map((u) => [u.code, `pl_${u.code.toLowerCase()}_leaders-test-0123456789`]));

const figures = (periodId: string, unit: string) => periodFigures(c2023, periodId, unit);

async function workbook(catalog: Catalog, period: Period, unit: string, values: Map<number, FillValue>): Promise<Uint8Array> {
  return fillTemplate(
    await buildTemplate(catalog, period, findUnit(catalog, unit)!, { password: cfg.protectionPassword, generatedAt: new Date(now).toISOString() }),
    values,
  );
}

const errorOf = (r: { body: unknown }) => (r.body as { error: string }).error;

/** Moves the clock (the deadlines are months apart) and logs both accounts in again: a session lasts 8 hours. */
async function at(time: number): Promise<void> {
  now = time;
  office = new ConsoleClient(url);
  expect((await office.login(PLANNER.name, PLANNER.password)).status).toBe(200);
  leader = new ConsoleClient(url);
  expect((await leader.login(LEADER.name, LEADER.password)).status).toBe(200);
}

beforeAll(async () => {
  const made = testConfig(tempDir('leaders'), { http: HTTP });
  cfg = { ...made.cfg, collectConfigured: false };
  service = new WorkerService(cfg, createLogger('silent'), () => new Date(now));
  await service.prepare();
  for (const [u, role] of [
    [PLANNER, 'ke-hoach'],
    [LEADER, 'lanh-dao'],
  ] as const) {
    await service.ledger.addUser({
      name: u.name,
      fullName: u.fullName,
      role,
      passwordHash: await hashPassword(u.password),
      createdAt: new Date(now).toISOString(),
      disabledAt: null,
      mustChangePassword: false,
    });
  }
  for (const [unit, token] of tokens) await service.ledger.addToken(unit, token, new Date(now).toISOString());
  app = buildHttp(service);
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await at(now);
});

afterAll(async () => {
  await app?.close();
  await service?.stop();
});

describe('three periods of 2023 opened from the console, each with every unit’s file', () => {
  it('opens 6 tháng, 9 tháng and ước; every unit submits to each; 6 tháng is approved (final)', async () => {
    for (const id of PERIODS) {
      await at(Date.parse(DEADLINE[id]) - 5 * 86_400_000);
      expect((await office.request('POST', '/periods', { catalogId: c2023.id, periodId: id, deadline: DEADLINE[id] })).status).toBe(200);
      const period = findPeriod(c2023, id)!;
      for (const u of units) {
        const r = await submit(url, tokens.get(u.code)!, await workbook(c2023, period, u.code, figures(id, u.code)), `${u.code}-${id}.xlsx`);
        expect([id, u.code, r.status, (r.body.receipt as { period: string }).period]).toEqual([id, u.code, 201, id]);
      }
    }
    const board = (await office.request('GET', '/board?period=2023-6t')).body as BoardResponse;
    const ids = board.units.map((u) => u.submissionId!);
    const approved = (await office.request('POST', '/approve', { period: '2023-6t', submissionIds: ids })).body as BulkApproveResult;
    expect([approved.approved.length, approved.refused]).toEqual([units.length, []]);
  });
});

describe('the overview of a year', () => {
  let o: OverviewResponse;

  it('has the year’s periods in order, chosen the current one, in the shape its schema declares', async () => {
    const r = await leader.request('GET', '/overview?year=2023');
    expect(r.status).toBe(200);
    o = r.body as OverviewResponse;
    expect(OverviewReply.safeParse(o).error?.issues ?? []).toEqual([]);
    expect(o.columns.map((c) => [c.id, c.label, c.final, c.lastYear])).toEqual([
      ['2023-6t', '6 tháng', true, false],
      ['2023-9t', '9 tháng', false, false],
      ['2023-uoc', 'Ước thực hiện', false, false],
    ]);
    expect([o.year, o.years, o.chosen]).toEqual([2023, [2023], '2023-uoc']);
    expect(o.indicators.map((i) => i.code)).toEqual(c2023.indicators.map((i) => i.code));
  });

  it('the estimate’s summary is the real report’s sentence', () => {
    expect(o.summary.sentence).toBe(
      'có 17/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu không đạt, 01 chỉ tiêu không đánh giá',
    );
    expect(o.summary.metDetail).toBe('Có 09 chỉ tiêu đạt, 08 chỉ tiêu vượt kế hoạch.');
    expect([o.summary.final, o.summary.header]).toEqual([false, 'Ước thực hiện năm 2023']);
  });

  it('every figure, plan and Đánh giá of every period is the appendix’s, row by row', async () => {
    for (const [k, id] of PERIODS.entries()) {
      const v = (await office.request('GET', `/appendix?period=${id}`)).body as AppendixView;
      const cell = (col: string, row: number) => v.model.cells.find((c) => c.address === `${col}${row}`);
      for (const [i, ind] of o.indicators.entries()) {
        const row = FIRST_DATA_ROW + i;
        const p = o.indicators[i].points[k]!;
        const printed = withoutMark(String(cell(COL.actual, row)?.value ?? ''));
        const status = String(cell(COL.status, row)?.result ?? '');
        expect([id, ind.code, p.printed, p.plan, p.label]).toEqual([
          id,
          ind.code,
          printed,
          String(cell(COL.plan, row)?.value),
          status || STATUS_WORD[p.status],
        ]);
      }
    }
  });

  it('bars where the figure is a number; a bound (“Dưới 1”) and a row not assessed are text', () => {
    const point = (code: string, k = 2) => o.indicators.find((i) => i.code === code)!.points[k]!;
    expect(point('THU_NHAP')).toMatchObject({ printed: '63,41', status: 'khong_dat', label: 'Không đạt KH', bar: { value: 63.41, plan: 69 } });
    expect(point('VON_DAU_TU')).toMatchObject({ status: 'vuot', bar: { value: 1721.4, plan: 1400 } });
    expect(point('NHA_VAN_HOA')).toMatchObject({ status: 'dat', bar: { value: 9, plan: 9, planTo: 10 } });
    expect(point('DAN_SO')).toMatchObject({ printed: 'Dưới 1', status: 'dat', text: expect.stringContaining('một mức') });
    expect(point('DAN_SO').bar).toBeUndefined();
    expect(point('CO_QUAN_VH')).toMatchObject({ status: 'chua_danh_gia', label: 'Chưa đánh giá', text: expect.stringContaining('chưa đánh giá') });
    expect(point('CO_QUAN_VH').bar).toBeUndefined();
    // Six months: a total on its way to the annual plan, as the appendix writes it.
    expect(point('VON_DAU_TU', 0)).toMatchObject({ status: 'tien_do', label: 'Đạt 61,48% KH năm', bar: { value: 860.7, plan: 1400 } });
  });

  it('another period of the year is chosen by its id; a period or a year not opened is 404 in words', async () => {
    const six = (await leader.request('GET', '/overview?period=2023-6t')).body as OverviewResponse;
    expect([six.chosen, six.summary.final]).toEqual(['2023-6t', true]);
    expect(six.summary.sentence).toContain('chỉ tiêu đang thực hiện so với kế hoạch năm');
    const none = await leader.request('GET', '/overview?year=2021');
    expect([none.status, errorOf(none)]).toEqual([404, 'Chưa mở kỳ báo cáo nào của năm 2021. Hãy chọn một năm khác.']);
    expect((await leader.request('GET', '/overview?period=2023-nam')).status).toBe(404);
    const bad = await leader.request('GET', '/overview?year=hai-nghin');
    expect([bad.status, errorOf(bad)]).toEqual([400, 'Năm không đúng dạng (ví dụ 2023).']);
  });
});

describe('one indicator across periods, with its sources', () => {
  it('lists the periods in order, each figure with the unit’s file, who approved it and when', async () => {
    const r = await leader.request('GET', '/indicators/THU_NS/history');
    expect(r.status).toBe(200);
    const h = r.body as IndicatorHistory;
    expect(IndicatorHistoryReply.safeParse(h).error?.issues ?? []).toEqual([]);
    const owner = findUnit(c2023, c2023.indicators.find((i) => i.code === 'THU_NS')!.owner)!;
    expect([h.name, h.unit, h.owner]).toEqual(['Thu ngân sách được giao trên địa bàn', 'Tỷ đồng', owner.name]);
    expect(h.points.map((p) => [p.column.id, p.point.printed])).toEqual([
      ['2023-6t', '150,506'],
      ['2023-9t', '225,758'],
      ['2023-uoc', '301,011'],
    ]);
    const [six, , estimate] = h.points;
    expect(six.sources).toEqual([
      expect.objectContaining({ unit: owner.name, fileName: `${owner.code}-2023-6t.xlsx`, state: 'approved', approvedBy: PLANNER.fullName }),
    ]);
    expect(six.sources[0].approvedAt).toMatch(/^2023-/);
    expect(estimate.sources).toEqual([expect.objectContaining({ unit: owner.name, fileName: `${owner.code}-2023-uoc.xlsx`, state: 'awaiting_review' })]);
    expect(estimate.sources[0].approvedBy).toBeUndefined();
  });

  it('an indicator in no opened period is 404; a malformed code is 400', async () => {
    expect((await leader.request('GET', '/indicators/Y_TE_XA/history')).status).toBe(404);
    const bad = await leader.request('GET', '/indicators/thu-ns/history');
    expect([bad.status, errorOf(bad)]).toEqual([400, 'Mã chỉ tiêu trong đường dẫn không đúng dạng. Hãy mở chỉ tiêu từ trang tổng quan.']);
  });
});

describe('the report from the console', () => {
  it('the report page says what there is; the Word report names its period and is a draft until every unit is approved', async () => {
    const v = await leader.request('GET', '/report?period=2023-uoc');
    expect(v.status).toBe(200);
    expect(ReportViewReply.safeParse(v.body).error?.issues ?? []).toEqual([]);
    expect(v.body as ReportView).toMatchObject({ final: false, dismissals: [], summary: expect.stringMatching(/^có 17\/21 chỉ tiêu/) });
    const docx = await leader.request('GET', '/report/file.docx?period=2023-uoc');
    expect(docx.status).toBe(200);
    expect(docx.res.headers.get('content-disposition')).toContain('filename="bao-cao-phu-luc-1-2023-uoc.docx"');
    const xml = strFromU8(unzipSync(docx.body as Uint8Array)['word/document.xml']);
    expect(xml).toContain('Ước thực hiện năm 2023');
    expect(xml).toContain('BẢN DỰ THẢO');
    const final = strFromU8(unzipSync((await leader.request('GET', '/report/file.docx?period=2023-6t')).body as Uint8Array)['word/document.xml']);
    expect(final).toContain('6 tháng');
    expect(final).not.toContain('BẢN DỰ THẢO');
  });

  it('without LibreOffice the PDF is 503 in Vietnamese and the page says so', async () => {
    process.env.PHULUC_SOFFICE = '/khong-co/libreoffice/soffice';
    try {
      const r = await leader.request('GET', '/report/file.pdf?period=2023-uoc');
      expect([r.status, errorOf(r)]).toEqual([503, expect.stringMatching(/^Máy chạy hệ thống chưa cài LibreOffice nên chưa tạo được bản PDF của báo cáo\./)]);
      expect(((await leader.request('GET', '/report?period=2023-uoc')).body as ReportView).pdf).toBe(false);
    } finally {
      delete process.env.PHULUC_SOFFICE;
    }
  });

  it.runIf(libreOfficeAvailable())('with LibreOffice, the PDF of the report', async () => {
    const r = await leader.request('GET', '/report/file.pdf?period=2023-uoc');
    expect(r.status).toBe(200);
    expect(
      Buffer.from(r.body as Uint8Array)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(r.res.headers.get('content-disposition')).toContain('filename="bao-cao-phu-luc-1-2023-uoc.pdf"');
  });
});

describe('the check of a draft report, and findings judged fine', () => {
  let first: ReportCheckResponse;

  /** The draft's bare bytes, its name in X-File-Name, with the session's cookie and CSRF token (as the console sends it). */
  const check = async (c: ConsoleClient, bytes: Uint8Array, name: string, period = '2023-uoc') => {
    const res = await fetch(`${url}${CONSOLE_API}/report/check?period=${period}`, {
      method: 'POST',
      body: bytes as BodyInit,
      headers: { cookie: c.cookieHeader(), [CSRF_HEADER]: c.csrf, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('finds the real report’s four drifts: the draft’s sentence beside the appendix’s figure', async () => {
    const r = await check(office, await seedDocx(), 'Dự thảo báo cáo KT-XH 2023.docx');
    expect(r.status).toBe(200);
    first = r.body as ReportCheckResponse;
    expect(ReportCheckReply.safeParse(first).error?.issues ?? []).toEqual([]);
    expect(first.fileName).toBe('Dự thảo báo cáo KT-XH 2023.docx');
    expect(first.findings.map((f) => [f.kind, f.indicator?.code, f.place.label, f.said, f.appendix])).toEqual([
      ['figure', 'VIEC_LAM', 'chú thích 2', '924/1.200 lao động', '942 người'],
      ['figure', 'GTSX', 'chú thích 6', 'tăng 11,78%', 'tăng 10,2%'],
      ['figure', 'SL_LUONG_THUC', 'đoạn 24', '15.298 tấn', '15.249,1 tấn'],
      ['share', 'VON_DAU_TU', 'đoạn 47', 'tăng 16% kế hoạch', 'tăng 23% so với kế hoạch'],
    ]);
    const rice = first.findings[2];
    expect(rice.place.quote).toBe('sản lượng lúa đạt 15.298 tấn, tăng 21,9% so với kế hoạch, tăng 1,4% so với cùng kỳ.');
    expect(rice.others).toEqual([{ label: 'bảng 1, dòng chỉ tiêu số 6', said: '15.249,1' }]);
    expect(first.findings.every((f) => f.dismissed === undefined && /^[0-9a-f]{16}$/.test(f.key))).toBe(true);
    // Each reading marked: checked (agrees or not) or not comparable, with why.
    const checked = first.readings.filter((x) => x.status === 'checked');
    const unreadable = first.readings.filter((x) => x.status === 'unreadable');
    expect(checked.length).toBeGreaterThan(20);
    expect(checked.every((x) => typeof x.agrees === 'boolean' && x.reason === undefined)).toBe(true);
    expect(unreadable.length).toBeGreaterThan(0);
    expect(unreadable.every((x) => typeof x.reason === 'string' && x.reason.length > 10)).toBe(true);
    expect(first.counts).toEqual({
      findings: 4,
      dismissed: 0,
      checked: checked.length,
      agreeing: checked.filter((x) => x.agrees).length,
      unreadable: unreadable.length,
    });
  });

  it('reads a draft saved as text the same way', async () => {
    const r = await check(office, new TextEncoder().encode(seedText()), 'du-thao.txt');
    expect(r.status).toBe(200);
    expect((r.body as ReportCheckResponse).findings.map((f) => f.indicator?.code)).toEqual(['VIEC_LAM', 'GTSX', 'SL_LUONG_THUC', 'VON_DAU_TU']);
  });

  it('a file of another kind, an empty one or one too large is refused in words', async () => {
    const pdf = await check(office, new TextEncoder().encode('%PDF-1.4 …'), 'bao-cao.pdf');
    expect([pdf.status, errorOf(pdf)]).toEqual([
      415,
      expect.stringMatching(/^Tệp “bao-cao\.pdf” không phải dự thảo báo cáo dạng Word \(\.docx\) hay văn bản \(\.txt\)\./),
    ]);
    const xlsx = await check(office, await workbook(c2023, findPeriod(c2023, '2023-uoc')!, 'KT', figures('2023-uoc', 'KT')), 'du-thao.docx');
    expect(xlsx.status).toBe(415);
    expect(errorOf(xlsx)).toMatch(/[ạ-ỹ]/);
    const binary = await check(office, new Uint8Array([0, 1, 2, 3, 0, 255]), 'du-thao');
    expect([binary.status, errorOf(binary)]).toEqual([415, expect.stringContaining('Word (.docx)')]);
    const empty = await check(office, new Uint8Array(0), 'du-thao.docx');
    expect([empty.status, errorOf(empty)]).toEqual([400, 'Chưa có nội dung tệp dự thảo. Hãy chọn tệp dự thảo báo cáo rồi đối chiếu lại.']);
    const big = await check(office, new Uint8Array(16 * 1024 * 1024 + 1), 'du-thao.txt');
    expect([big.status, errorOf(big)]).toEqual([413, expect.stringMatching(/^Tệp dự thảo quá lớn \(tối đa 16 MB\)/)]);
  });

  it('“Bỏ qua” needs a reason; it is recorded with who and why, and shown as such on the next check of the period only', async () => {
    const rice = first.findings[2];
    const identity = { kind: rice.kind, indicator: rice.indicator!.code, figure: rice.figure, said: rice.said, appendix: rice.appendix };
    const noReason = await office.request('POST', '/report/dismissals', { period: '2023-uoc', finding: identity, reason: '  ' });
    expect([noReason.status, errorOf(noReason)]).toEqual([400, 'Hãy ghi lý do bỏ qua chỗ lệch này.']);
    now += 60_000;
    const reason = 'Số 15.298 tấn là sản lượng lúa cả năm theo Chi cục Thống kê, phụ lục ghi sản lượng lương thực.';
    const r = await office.request('POST', '/report/dismissals', { period: '2023-uoc', finding: identity, reason });
    expect(r.status).toBe(200);
    expect((r.body as DismissResult).dismissals).toEqual([
      {
        key: rice.key,
        kind: 'figure',
        indicator: 'SL_LUONG_THUC',
        figure: rice.figure,
        said: '15.298 tấn',
        appendix: '15.249,1 tấn',
        by: PLANNER.fullName,
        at: new Date(now).toISOString(),
        reason,
      },
    ]);

    const again = (await check(office, await seedDocx(), 'Dự thảo lần 2.docx')).body as ReportCheckResponse;
    expect(again.findings.map((f) => [f.indicator?.code, f.dismissed?.by, f.dismissed?.reason])).toEqual([
      ['VIEC_LAM', undefined, undefined],
      ['GTSX', undefined, undefined],
      ['SL_LUONG_THUC', PLANNER.fullName, reason],
      ['VON_DAU_TU', undefined, undefined],
    ]);
    expect(again.counts.dismissed).toBe(1);
    expect(((await leader.request('GET', '/report?period=2023-uoc')).body as ReportView).dismissals.map((d) => d.key)).toEqual([rice.key]);
    // Another period's check does not carry it.
    const nine = (await check(office, await seedDocx(), 'Dự thảo.docx', '2023-9t')).body as ReportCheckResponse;
    expect(nine.findings.every((f) => f.dismissed === undefined)).toBe(true);

    const audit = (await office.request('GET', '/audit?period=2023-uoc&kind=review')).body as AuditResponse;
    const sentences = audit.entries.map((e) => [e.who, e.what]);
    expect(sentences).toContainEqual([
      PLANNER.fullName,
      `Bỏ qua chỗ lệch trong dự thảo báo cáo (${rice.figure}: dự thảo ghi “15.298 tấn”, số liệu tổng hợp là “15.249,1 tấn”). Lý do: ${reason.replace(/\.$/, '')}.`,
    ]);
    expect(sentences).toContainEqual([
      PLANNER.fullName,
      'Đối chiếu dự thảo báo cáo “Dự thảo lần 2.docx” với số liệu tổng hợp: 04 chỗ cần xem lại, trong đó 01 chỗ đã bỏ qua.',
    ]);

    // Taken back: the finding is one to look at again; taking it back twice is refused.
    expect((await office.request('POST', '/report/dismissals', { period: '2023-uoc', finding: identity, reason: null })).status).toBe(200);
    const third = (await check(office, await seedDocx(), 'Dự thảo lần 3.docx')).body as ReportCheckResponse;
    expect(third.findings.every((f) => f.dismissed === undefined)).toBe(true);
    expect((await office.request('POST', '/report/dismissals', { period: '2023-uoc', finding: identity, reason: null })).status).toBe(409);
    expect((await office.request('POST', '/report/dismissals', { period: '2023-uoc', finding: identity, reason })).status).toBe(200);
  });

  it('a check without the session’s CSRF token is refused (403), as every change', async () => {
    const res = await fetch(`${url}${CONSOLE_API}/report/check?period=2023-uoc`, {
      method: 'POST',
      body: new TextEncoder().encode(seedText()) as BodyInit,
      headers: { cookie: office.cookieHeader(), 'content-type': 'application/octet-stream', 'x-file-name': 'du-thao.txt' },
    });
    expect(res.status).toBe(403);
  });

  it('a leader reads and downloads, and cannot check a draft or dismiss a finding (403)', async () => {
    const r = await check(leader, await seedDocx(), 'du-thao.docx');
    expect([r.status, errorOf(r)]).toEqual([403, 'Tài khoản lãnh đạo chỉ xem, không thao tác được. Hãy nhờ Phòng Tài chính - Kế hoạch thao tác.']);
    const rice = first.findings[2];
    const d = await leader.request('POST', '/report/dismissals', {
      period: '2023-uoc',
      finding: { kind: rice.kind, figure: rice.figure, said: rice.said },
      reason: 'x',
    });
    expect(d.status).toBe(403);
    expect((await leader.request('GET', '/report/file.docx?period=2023-uoc')).status).toBe(200);
  });
});

describe('the same period last year, from the ledger', () => {
  it('2024’s 6 tháng beside 2023’s: codes continue across years; a new indicator has nothing last year', async () => {
    await at(Date.parse('2024-06-10T09:00:00+07:00'));
    expect((await office.request('POST', '/periods', { catalogId: c2024.id, periodId: '2024-6t', deadline: DEADLINE['2024-6t'] })).status).toBe(200);
    const r = await leader.request('GET', '/overview');
    expect(r.status).toBe(200);
    const o = r.body as OverviewResponse;
    expect([o.year, o.years, o.chosen]).toEqual([2024, [2024, 2023], '2024-6t']);
    expect(o.columns.map((c) => [c.id, c.lastYear])).toEqual([
      ['2023-6t', true],
      ['2024-6t', false],
    ]);
    const byCode = (code: string) => o.indicators.find((i) => i.code === code)!;
    expect(byCode('VON_DAU_TU').points[0]).toMatchObject({ period: '2023-6t', printed: '860,7' });
    expect(byCode('VON_DAU_TU').points[1]).toMatchObject({ period: '2024-6t', printed: '', status: 'chua_nhap' });
    expect(byCode('Y_TE_XA').points[0]).toBeNull();
    // Budget revenue changed its unit: the two points say so, and the chart never puts them on one scale.
    expect(byCode('THU_NS').points.map((p) => p?.unit)).toEqual(['Tỷ đồng', c2024.indicators.find((i) => i.code === 'THU_NS')!.unit]);
    const history = (await leader.request('GET', '/indicators/VON_DAU_TU/history')).body as IndicatorHistory;
    expect(history.points.map((p) => p.column.id)).toEqual(['2023-6t', '2023-9t', '2023-uoc', '2024-6t']);
  });
});
