/**
 * The planning office without a developer (issue 21), over real HTTP on 127.0.0.1 with a real
 * ledger, a real SMTP server and real workbooks, in the office's order: `phuluc start` in an empty
 * folder → the first administrator from the one-time set-up code → open the period → give the
 * departments access (enrolment codes, templates) → remind the late ones by e-mail → close and
 * reopen → take the shared folder now → excuse a unit and approve the rest at once (final) →
 * accounts (forced change of password, the last administrator kept) → the audit as sentences and
 * as a workbook. Then: login limits that stop guessing and not people, behind a proxy or not; and
 * the shared folder watched, a file saved at night taken without a command.
 */
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPeriod, findUnit, reportingUnits, type Catalog, type Period } from '../../shared/catalog.ts';
import type {
  AccountsResponse,
  AuditResponse,
  BoardResponse,
  BulkApproveResult,
  ConsoleSession,
  CsrfResponse,
  EnrolmentIssued,
  PeriodsResponse,
  ReminderResult,
  TakeNowResult,
  UnitsResponse,
} from '../../shared/console-api.ts';
import { ENROL_PATH } from '../../shared/intake.ts';
import { embeddedCatalogs, type Config } from '../../worker/config.ts';
import { appendixInput, buildAppendix } from '../../worker/consolidate/appendix.ts';
import type { TableSheet } from '../../worker/consolidate/sheets.ts';
import { LOGIN_MAX_PER_ADDRESS, LOGIN_MAX_PER_NAME } from '../../worker/http/console.ts';
import { buildHttp } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { resetTransports } from '../../worker/reminders.ts';
import { WorkerService } from '../../worker/service.ts';
import { newSetupCode } from '../../worker/setup.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { ConsoleClient, submit } from '../helpers/console.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { realFigures, tempDir, testConfig } from '../helpers/worker.ts';

const HTTP = { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 50 };
const ADMIN = { name: 'hoa.tckh', fullName: 'Nguyễn Thị Hoa', password: 'mat-khau-quan-tri-1' };
const PLANNER = { name: 'lan.tckh', fullName: 'Trần Thị Lan', first: 'mat-khau-tam-thoi-1', password: 'mat-khau-cua-lan-2' };
const LEADER = { name: 'chu-tich', fullName: 'Lê Văn Minh', password: 'mat-khau-lanh-dao-3' };
const PERIOD = '2023-uoc';
const DEADLINE = '2023-11-20T17:00:00+07:00';

const catalog: Catalog = embeddedCatalogs().find((c) => c.id === 'hong-linh-2023')!;
const period: Period = findPeriod(catalog, PERIOD)!;
const units = reportingUnits(catalog);
/** The unit that will be excused (it never submits). */
const EXCUSED = units[units.length - 1].code;

const now = Date.parse('2023-11-15T09:00:00+07:00');
let service: WorkerService;
let cfg: Config;
let app: FastifyInstance;
let url: string;
let smtp: SMTPServer;
const mails: { to: string[]; raw: string }[] = [];

/** A unit's template for the period, filled with the real 2023 figures. */
async function workbook(unit: string): Promise<Uint8Array> {
  const u = findUnit(catalog, unit)!;
  return fillTemplate(
    await buildTemplate(catalog, period, u, { password: cfg.protectionPassword, generatedAt: new Date(now).toISOString() }),
    realFigures(catalog, u, false),
  );
}

/** A mail as text: its subject (encoded words, RFC 2047) and its body (quoted-printable), as nodemailer writes them. */
function decodeMail(raw: string): { subject: string; body: string } {
  const bytes = (s: string) =>
    Buffer.from(
      s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = Buffer.concat(
    subjectLine.split(/\s+/).map((w) => {
      const m = /^=\?utf-8\?([QB])\?(.*)\?=$/i.exec(w);
      if (!m) return Buffer.from(`${w} `, 'utf8');
      return m[1].toUpperCase() === 'B' ? Buffer.from(m[2], 'base64') : bytes(m[2].replace(/_/g, ' '));
    }),
  )
    .toString('utf8')
    .trim();
  const body = /quoted-printable/i.test(head) ? bytes(rest.join('\n\n')).toString('utf8') : rest.join('\n\n');
  return { subject, body };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('latin1')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  resetTransports();
  // `phuluc start` in an empty folder: no catalogue or period in a config file, so none is opened.
  const made = testConfig(tempDir('office'), {
    http: HTTP,
    smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'Phòng Tài chính - Kế hoạch <tckh@honglinh.gov.vn>' },
  });
  cfg = { ...made.cfg, collectConfigured: false };
  service = new WorkerService(cfg, createLogger('silent'), () => new Date(now));
  await service.prepare();
  app = buildHttp(service);
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await service?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const admin = () => new ConsoleClient(url);
let a: ConsoleClient;

describe('the first administrator, from the one-time set-up code `phuluc start` prints', () => {
  let code: string;

  it('with no account, the console says set-up is needed and nobody can log in', async () => {
    const c = new ConsoleClient(url);
    const csrf = await c.request('GET', '/csrf');
    expect(csrf.status).toBe(200);
    expect((csrf.body as CsrfResponse).setupNeeded).toBe(true);
    expect((csrf.body as CsrfResponse).session).toBeNull();
    expect((await c.login('admin', 'admin')).status).toBe(401);
    code = (await newSetupCode(service.ledger, new Date(now)))!.code;
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  });

  it('a wrong code is refused; the right one makes a quản trị account and its session, once', async () => {
    a = admin();
    a.csrf = ((await a.request('GET', '/csrf')).body as CsrfResponse).csrfToken;
    const wrong = await a.request('POST', '/setup', { code: 'AAAA-BBBB-CCCC', name: ADMIN.name, fullName: ADMIN.fullName, password: ADMIN.password });
    expect(wrong.status).toBe(403);
    expect((wrong.body as { error: string }).error).toMatch(/^Mã thiết lập không đúng hoặc đã hết hạn/);
    const weak = await a.request('POST', '/setup', { code, name: ADMIN.name, fullName: ADMIN.fullName, password: 'ngan' });
    expect(weak.status).toBe(400);
    const ok = await a.request('POST', '/setup', { code: code.toLowerCase(), name: ADMIN.name, fullName: ADMIN.fullName, password: ADMIN.password });
    expect(ok.status).toBe(200);
    const s = ok.body as ConsoleSession;
    expect([s.user, s.fullName, s.role, s.mustChangePassword]).toEqual([ADMIN.name, ADMIN.fullName, 'quan-tri', false]);
    a.csrf = s.csrfToken;
    expect(ok.res.headers.getSetCookie().join(';')).toMatch(/HttpOnly/i);

    const again = new ConsoleClient(url);
    again.csrf = ((await again.request('GET', '/csrf')).body as CsrfResponse).csrfToken;
    const second = await again.request('POST', '/setup', { code, name: 'ke-gian', fullName: 'Kẻ gian', password: 'mat-khau-ke-gian-1' });
    expect(second.status).toBe(409);
    expect(((await again.request('GET', '/csrf')).body as CsrfResponse).setupNeeded).toBe(false);
    expect(await service.ledger.user('ke-gian')).toBeUndefined();
  });
});

describe('periods: none until the office opens one; deadlines, closing and reopening from the browser', () => {
  it('no period yet: the board says where to open one, and a file sent is refused saying the period is not open', async () => {
    const p = await a.request('GET', '/periods');
    expect(p.status).toBe(200);
    const body = p.body as PeriodsResponse;
    expect(body.periods).toEqual([]);
    expect(body.current).toBeNull();
    const c2023 = body.catalogs.find((c) => c.id === catalog.id)!;
    expect(c2023.periods.map((x) => [x.id, x.opened])).toEqual(catalog.periods.map((x) => [x.id, false]));
    const board = await a.request('GET', '/board');
    expect(board.status).toBe(404);
    expect((board.body as { error: string }).error).toContain('mục “Kỳ báo cáo”');
  });

  it('opens the period with its deadline; the same period twice or an unknown one is refused in words', async () => {
    const bad = await a.request('POST', '/periods', { catalogId: catalog.id, periodId: '2024-6t', deadline: DEADLINE });
    expect(bad.status).toBe(409);
    expect((bad.body as { error: string }).error).toContain(`Các kỳ có: ${catalog.periods.map((x) => x.header).join(', ')}`);
    const opened = await a.request('POST', '/periods', { catalogId: catalog.id, periodId: PERIOD, deadline: DEADLINE });
    expect(opened.status).toBe(200);
    expect((await a.request('POST', '/periods', { catalogId: catalog.id, periodId: PERIOD, deadline: DEADLINE })).status).toBe(409);
    const body = (await a.request('GET', '/periods')).body as PeriodsResponse;
    expect(body.current).toBe(PERIOD);
    expect(body.periods).toHaveLength(1);
    expect(body.periods[0]).toMatchObject({
      id: PERIOD,
      open: true,
      openedBy: ADMIN.fullName,
      deadline: DEADLINE,
      counts: { expected: units.length, submitted: 0 },
    });
  });

  it('moves the deadline (the board and the late list follow); a deadline that is not a time is refused', async () => {
    const moved = await a.request('POST', `/periods/${PERIOD}/deadline`, { deadline: '2023-11-22T17:00:00+07:00' });
    expect(moved.status).toBe(200);
    const board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    expect(Date.parse(board.period.deadline)).toBe(Date.parse('2023-11-22T17:00:00+07:00'));
    expect(board.period.daysLeft).toBe(7);
    const bad = await a.request('POST', `/periods/${PERIOD}/deadline`, { deadline: 'thứ sáu tuần sau' });
    expect([400, 409]).toContain(bad.status);
    expect((bad.body as { error: string }).error).toMatch(/Hạn nộp/);
    expect((await a.request('POST', '/periods/2023-9t/deadline', { deadline: DEADLINE })).status).toBe(404);
  });
});

describe('departments’ access: e-mail addresses, enrolment codes, templates, revoking', () => {
  let token: string;

  it('lists every unit with its access; an enrolment code becomes the unit’s token in the add-in, and its file is filed under the period', async () => {
    const list = await a.request('GET', `/units?period=${PERIOD}`);
    expect(list.status).toBe(200);
    const body = list.body as UnitsResponse;
    expect(body.intakeUrl).toBe(url);
    expect(body.units.filter((u) => u.reports).map((u) => u.code)).toEqual(units.map((u) => u.code));
    expect(body.units.find((u) => u.code === 'LDTBXH')).toMatchObject({ email: null, addin: { tokens: 0 }, pendingEnrolments: 0 });

    const issued = await a.request('POST', '/units/LDTBXH/enrolment', {});
    expect(issued.status).toBe(200);
    const e = issued.body as EnrolmentIssued;
    expect(e.unitName).toBe(findUnit(catalog, 'LDTBXH')!.name);
    expect(e.intakeUrl).toBe(url);
    expect(e.steps).toHaveLength(4);
    expect(e.steps[1]).toContain(e.code);
    expect(((await a.request('GET', `/units?period=${PERIOD}`)).body as UnitsResponse).units.find((u) => u.code === 'LDTBXH')!.pendingEnrolments).toBe(1);

    const enrol = await fetch(`${url}${ENROL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: e.code }),
    });
    expect(enrol.status).toBe(201);
    token = ((await enrol.json()) as { token: string }).token;
    const again = await fetch(`${url}${ENROL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: e.code }),
    });
    expect(again.status).toBe(401);

    const sent = await submit(url, token, await workbook('LDTBXH'), 'LDTBXH.xlsx');
    expect(sent.status).toBe(201);
    expect((sent.body.receipt as { period: string }).period).toBe(PERIOD);
    const after = ((await a.request('GET', `/units?period=${PERIOD}`)).body as UnitsResponse).units.find((u) => u.code === 'LDTBXH')!;
    expect(after).toMatchObject({ addin: { tokens: 1 }, pendingEnrolments: 0, last: { source: 'http', fileName: 'LDTBXH.xlsx' } });
  });

  it('a unit’s template, and every template in one .zip, carry this server’s address', async () => {
    const one = await a.request('GET', `/templates/CCTK.xlsx?period=${PERIOD}`);
    expect(one.status).toBe(200);
    const CTK = `Biểu mẫu Phụ lục 1 - ${period.header} - ${findUnit(catalog, 'CCTK')!.name}.xlsx`;
    expect(one.res.headers.get('content-disposition')).toBe(
      `attachment; filename="${CTK.normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D')}"; filename*=UTF-8''${encodeURIComponent(CTK)}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(one.body as Uint8Array) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.length).toBeGreaterThan(0);
    const zip = await a.request('GET', `/templates.zip?period=${PERIOD}`);
    expect(zip.status).toBe(200);
    expect(zip.res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`Biểu mẫu Phụ lục 1 - ${period.header}.zip`)}`);
    const files = unzipSync(zip.body as Uint8Array);
    // Inside, each unit's template under the name it has when downloaded alone.
    expect(Object.keys(files).sort()).toEqual(units.map((u) => `Biểu mẫu Phụ lục 1 - ${period.header} - ${u.name}.xlsx`).sort());
    expect(Object.keys(files)).toContain(CTK);
    for (const [name, bytes] of Object.entries(files)) {
      expect(name).toMatch(/\.xlsx$/);
      expect(Buffer.from(bytes.subarray(0, 2)).toString('latin1')).toBe('PK');
      const xml = Object.values(unzipSync(bytes))
        .map((b) => Buffer.from(b).toString('utf8'))
        .join('\n');
      expect(xml).toContain(`<t>${url}</t>`);
    }
    expect((await a.request('GET', `/templates/KHONGCO.xlsx?period=${PERIOD}`)).status).toBe(404);
  });

  it('revoking the add-in’s access: its token opens nothing any more', async () => {
    const r = await a.request('POST', '/units/LDTBXH/revoke', {});
    expect(r.status).toBe(200);
    expect((r.body as { revoked: number }).revoked).toBe(1);
    expect((await submit(url, token, await workbook('LDTBXH'), 'LDTBXH.xlsx')).status).toBe(401);
  });

  it('e-mail addresses: a malformed one is refused in words, an unknown unit is 404', async () => {
    const bad = await a.request('POST', '/units/CCTK/email', { email: 'chi-cuc-thong-ke' });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(/không đúng dạng/);
    expect((await a.request('POST', '/units/KHONGCO/email', { email: 'a@b.vn' })).status).toBe(404);
    for (const [unit, email] of [
      ['CCTK', 'ctk@honglinh.gov.vn'],
      ['KT', 'kinhte@honglinh.gov.vn'],
    ]) {
      expect((await a.request('POST', `/units/${unit}/email`, { email })).status).toBe(200);
    }
    const list = ((await a.request('GET', `/units?period=${PERIOD}`)).body as UnitsResponse).units;
    expect(list.find((u) => u.code === 'CCTK')!.email).toBe('ctk@honglinh.gov.vn');
  });
});

describe('reminders by e-mail, through a real SMTP server', () => {
  it('sends each late unit its text, names the ones without an address and the ones that owe nothing; the board counts them', async () => {
    const noEmail = units.find((u) => !['CCTK', 'KT', 'LDTBXH'].includes(u.code))!.code;
    const r = await a.request('POST', '/reminders', { period: PERIOD, units: ['CCTK', 'KT', noEmail, 'LDTBXH'] });
    expect(r.status).toBe(200);
    const res = r.body as ReminderResult;
    expect(res.sent.map((x) => [x.unit, x.to]).sort()).toEqual([
      ['CCTK', 'ctk@honglinh.gov.vn'],
      ['KT', 'kinhte@honglinh.gov.vn'],
    ]);
    expect(res.noEmail.map((x) => x.unit)).toEqual([noEmail]);
    expect(res.failed).toEqual([expect.objectContaining({ unit: 'LDTBXH', reason: expect.stringMatching(/đã nộp hợp lệ/) })]);
    expect(
      mails
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(['ctk@honglinh.gov.vn', 'kinhte@honglinh.gov.vn']);
    const ctk = decodeMail(mails.find((m) => m.to.includes('ctk@honglinh.gov.vn'))!.raw);
    expect(ctk.subject).toBe(`Đề nghị nộp báo cáo Phụ lục 1 — ${period.header}`);
    expect(ctk.body).toContain(`Kính gửi: ${findUnit(catalog, 'CCTK')!.name}.`);
    expect(ctk.body).toContain('Hạn nộp là 17:00 ngày 22/11/2023 (còn 7 ngày).');
    const board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    expect(board.units.find((u) => u.code === 'CCTK')!.reminders).toEqual({ count: 1, lastAt: new Date(now).toISOString() });
    expect(board.units.find((u) => u.code === noEmail)!.reminders).toEqual({ count: 0 });
  });

  it('a mail server that does not answer: each unit’s failure said in words, nothing recorded as sent', async () => {
    const down = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const saved = cfg.smtp;
    (cfg as { smtp: Config['smtp'] }).smtp = { ...saved!, port };
    try {
      const r = await a.request('POST', '/reminders', { period: PERIOD, units: ['CCTK'] });
      expect(r.status).toBe(200);
      const res = r.body as ReminderResult;
      expect(res.sent).toEqual([]);
      expect(res.failed).toEqual([expect.objectContaining({ unit: 'CCTK', reason: expect.stringMatching(/^không kết nối được hộp thư điện tử của cơ quan/) })]);
    } finally {
      (cfg as { smtp: Config['smtp'] }).smtp = saved;
    }
    const board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    expect(board.units.find((u) => u.code === 'CCTK')!.reminders.count).toBe(1);
  });
});

describe('closing a period, reopening it', () => {
  it('closed: a file sent is refused saying so (its original kept); reopened: taken', async () => {
    expect((await a.request('POST', `/periods/${PERIOD}/close`, {})).status).toBe(200);
    expect((await a.request('POST', `/periods/${PERIOD}/close`, {})).status).toBe(409);
    const e = (await a.request('POST', '/units/CCTK/enrolment', {})).body as EnrolmentIssued;
    const enrol = await fetch(`${url}${ENROL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: e.code }),
    });
    const token = ((await enrol.json()) as { token: string }).token;
    const refused = await submit(url, token, await workbook('CCTK'), 'CCTK.xlsx');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain(`Kỳ báo cáo “${period.header}” đã đóng`);
    const board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    expect(board.open).toBe(false);
    expect((await a.request('POST', `/periods/${PERIOD}/reopen`, {})).status).toBe(200);
    const taken = await submit(url, token, await workbook('CCTK'), 'CCTK-lan-2.xlsx');
    expect(taken.status).toBe(201);
    const p = ((await a.request('GET', '/periods')).body as PeriodsResponse).periods[0];
    expect(p).toMatchObject({ open: true, closedAt: null, counts: { submitted: 2 } });
  });
});

describe('the period at its own scale: the shared folder taken now, a unit excused, the rest approved at once', () => {
  it('“Nhận ngay” takes the shared folder’s files and says how many', async () => {
    await service.runOnce(); // the run the last action asked for, done: nothing else takes the folder meanwhile
    for (const u of units) {
      if (u.code === EXCUSED || u.code === 'LDTBXH' || u.code === 'CCTK') continue;
      writeFileSync(path.join(cfg.paths.inbox, `${u.code}.xlsx`), await workbook(u.code));
    }
    const waiting = ((await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse).inbox;
    expect(waiting.ready.length + waiting.settling.length).toBe(units.length - 3);
    const r = await a.request('POST', '/inbox/take', {});
    expect(r.status).toBe(200);
    const t = r.body as TakeNowResult;
    expect([t.taken, t.accepted, t.rejected]).toEqual([units.length - 3, units.length - 3, 0]);
    expect(t.message).toBe(`Đã nhận ${units.length - 3} tệp: ${units.length - 3} hợp lệ, 0 không hợp lệ.`);
  });

  it('excusing needs a reason; excused and all others approved in one action, the appendix is final', async () => {
    expect((await a.request('POST', '/excusals', { period: PERIOD, unit: EXCUSED, reason: '   ' })).status).toBe(409);
    expect((await a.request('POST', '/excusals', { period: PERIOD, unit: 'KHONGCO', reason: 'x' })).status).toBe(404);
    const ex = await a.request('POST', '/excusals', { period: PERIOD, unit: EXCUSED, reason: 'Đơn vị sáp nhập từ tháng 10, số liệu do đơn vị khác báo cáo' });
    expect(ex.status).toBe(200);
    let board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    expect(board.counts.excused).toBe(1);
    expect(board.units.find((u) => u.code === EXCUSED)!.excused).toMatchObject({
      reason: 'Đơn vị sáp nhập từ tháng 10, số liệu do đơn vị khác báo cáo',
      by: ADMIN.fullName,
    });
    expect(board.final).toBe(false);

    const ids = board.units.filter((u) => u.submissionId !== undefined).map((u) => u.submissionId!);
    expect(ids).toHaveLength(units.length - 1);
    const r = await a.request('POST', '/approve', { period: PERIOD, submissionIds: [...ids, 999_999], note: 'Số liệu khớp với báo cáo ngành.' });
    expect(r.status).toBe(200);
    const res = r.body as BulkApproveResult;
    expect(res.approved).toHaveLength(units.length - 1);
    expect(res.refused).toEqual([expect.objectContaining({ submissionId: 999_999, reason: 'Bản nộp này không thuộc kỳ báo cáo đã chọn.' })]);
    board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    expect(board.counts).toMatchObject({ approved: units.length - 1, excused: 1, awaiting: 0 });
    expect(board.final).toBe(true);
    const again = (await a.request('POST', '/approve', { period: PERIOD, submissionIds: [ids[0]] })).body as BulkApproveResult;
    expect(again.approved).toEqual([]);
    expect(again.refused[0].reason).toBe('Chỉ duyệt hoặc trả lại được bản đang chờ duyệt; bản này đang ở trạng thái “đã duyệt”.');
  });

  it('taking the excuse back makes the appendix a draft again', async () => {
    expect((await a.request('POST', '/excusals', { period: PERIOD, unit: EXCUSED, reason: null })).status).toBe(200);
    const board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    expect([board.counts.excused, board.final]).toEqual([0, false]);
    expect(
      (await a.request('POST', '/excusals', { period: PERIOD, unit: EXCUSED, reason: 'Đơn vị sáp nhập từ tháng 10, số liệu do đơn vị khác báo cáo' })).status,
    ).toBe(200);
  });
});

describe('an excused unit in the appendix', () => {
  const built = async () => buildAppendix(appendixInput(service.periodEntry(PERIOD)!, cfg, service.ledger, new Date(now)));
  const rowOf = (sheet: TableSheet, first: unknown) => sheet.rows.find((r) => r[0] === first)!;
  const reason = 'Đơn vị sáp nhập từ tháng 10, số liệu do đơn vị khác báo cáo';

  it('its working sheets say the unit is excused, why and by whom; officers by full name, never a login name', async () => {
    const b = await built();
    expect(b.final).toBe(true);
    const [status, sources] = ['Tình hình nộp', 'Nguồn số liệu'].map((n) => b.sheets.find((x) => x.name === n)!);
    const excused = units.find((u) => u.code === EXCUSED)!;
    const row = rowOf(status, excused.name);
    expect([row[1], row[4]]).toEqual(['Miễn nộp kỳ này', 'Miễn nộp']);
    expect(row[7]).toMatch(new RegExp(`^Miễn nộp kỳ này lúc \\d\\d:\\d\\d ngày \\d\\d/\\d\\d/\\d{4} \\(${ADMIN.fullName}\\): ${reason}$`));
    const theirs = catalog.indicators.filter((i) => i.owner === EXCUSED);
    expect(theirs.length).toBeGreaterThan(0);
    for (const i of theirs) expect(rowOf(sources, i.stt).slice(3).concat(rowOf(sources, i.stt)[6])).toContain(`(miễn nộp kỳ này: ${reason})`);
    expect(rowOf(sources, theirs[0].stt)[6]).toBe('Miễn nộp kỳ này');
    // Approvals name the officer as the console does.
    const approved = rowOf(status, units[0].name)[7] as string;
    expect(approved).toMatch(new RegExp(`^Đã duyệt lúc .+ \\(${ADMIN.fullName}\\): Số liệu khớp với báo cáo ngành\\.$`));
    expect(JSON.stringify(b.sheets)).not.toContain(`(${ADMIN.name})`);
  });

  it('sends a file after all: the appendix is a draft until that file is approved, then final again', async () => {
    writeFileSync(path.join(cfg.paths.inbox, `${EXCUSED}.xlsx`), await workbook(EXCUSED));
    await service.runOnce();
    let board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    const unit = board.units.find((u) => u.code === EXCUSED)!;
    expect([unit.state, board.final, (await built()).final]).toEqual(['awaiting_review', false, false]);
    expect((await a.request('POST', '/approve', { period: PERIOD, submissionIds: [unit.submissionId] })).status).toBe(200);
    board = (await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse;
    expect([board.final, (await built()).final]).toEqual([true, true]);
  });
});

describe('accounts: made by the administrator, a first password changed at the first login, never without an administrator', () => {
  let lan: ConsoleClient;

  it('the administrator makes a planner and a leader; a name taken twice is refused', async () => {
    expect((await a.request('POST', '/accounts', { name: PLANNER.name, fullName: PLANNER.fullName, role: 'ke-hoach', password: PLANNER.first })).status).toBe(
      200,
    );
    expect((await a.request('POST', '/accounts', { name: LEADER.name, fullName: LEADER.fullName, role: 'lanh-dao', password: LEADER.password })).status).toBe(
      200,
    );
    expect((await a.request('POST', '/accounts', { name: PLANNER.name, fullName: 'Ai đó', role: 'ke-hoach', password: 'mat-khau-khac-9' })).status).toBe(409);
    const list = ((await a.request('GET', '/accounts')).body as AccountsResponse).accounts;
    expect(list.map((x) => [x.name, x.fullName, x.role, x.mustChangePassword])).toEqual(
      expect.arrayContaining([
        [ADMIN.name, ADMIN.fullName, 'quan-tri', false],
        [PLANNER.name, PLANNER.fullName, 'ke-hoach', true],
        [LEADER.name, LEADER.fullName, 'lanh-dao', true],
      ]),
    );
  });

  it('the new account can do nothing but change its password; then works as a planner, not as an administrator', async () => {
    lan = new ConsoleClient(url);
    const first = await lan.login(PLANNER.name, PLANNER.first);
    expect(first.status).toBe(200);
    expect((first.body as ConsoleSession).mustChangePassword).toBe(true);
    const blocked = await lan.request('GET', `/board?period=${PERIOD}`);
    expect(blocked.status).toBe(403);
    expect((blocked.body as { error: string }).error).toBe('Mật khẩu của tài khoản vừa được đặt lại. Hãy đổi mật khẩu trước khi làm việc tiếp.');
    expect((await lan.request('POST', '/password', { current: 'sai-mat-khau-1', next: PLANNER.password })).status).toBe(403);
    expect((await lan.request('POST', '/password', { current: PLANNER.first, next: PLANNER.first })).status).toBe(400);
    const changed = await lan.request('POST', '/password', { current: PLANNER.first, next: PLANNER.password });
    expect(changed.status).toBe(200);
    lan.csrf = (changed.body as ConsoleSession).csrfToken;
    expect((changed.body as ConsoleSession).mustChangePassword).toBe(false);
    expect((await lan.request('GET', `/board?period=${PERIOD}`)).status).toBe(200);
    expect((await lan.request('GET', `/units?period=${PERIOD}`)).status).toBe(200);
    const accounts = await lan.request('GET', '/accounts');
    expect(accounts.status).toBe(403);
    expect((accounts.body as { error: string }).error).toBe('Chỉ tài khoản quản trị hệ thống quản lý được các tài khoản.');
    expect((await lan.request('POST', '/accounts', { name: 'x.y', fullName: 'X Y', role: 'quan-tri', password: 'mat-khau-x-y-1' })).status).toBe(403);
  });

  it('a leader sees the board but neither acts nor manages access', async () => {
    const l = new ConsoleClient(url);
    expect((await l.login(LEADER.name, LEADER.password)).status).toBe(200);
    const changed = await l.request('POST', '/password', { current: LEADER.password, next: `${LEADER.password}-moi` });
    expect(changed.status).toBe(200);
    l.csrf = (changed.body as ConsoleSession).csrfToken;
    expect((await l.request('GET', `/board?period=${PERIOD}`)).status).toBe(200);
    expect((await l.request('GET', '/periods')).status).toBe(200);
    for (const [m, p, body] of [
      ['GET', `/units?period=${PERIOD}`, undefined],
      ['GET', '/audit', undefined],
      ['POST', `/periods/${PERIOD}/close`, {}],
      ['POST', '/excusals', { period: PERIOD, unit: EXCUSED, reason: null }],
      ['POST', '/units/CCTK/enrolment', {}],
    ] as const) {
      const r = await l.request(m, p, body);
      expect([p, r.status]).toEqual([p, 403]);
    }
  });

  it('the last administrator can neither lock nor demote itself; a reset ends the account’s sessions and asks for a new password', async () => {
    const self = await a.request('POST', `/accounts/${ADMIN.name}/disable`, {});
    expect(self.status).toBe(409);
    const demote = await a.request('POST', `/accounts/${ADMIN.name}/role`, { role: 'ke-hoach' });
    expect(demote.status).toBe(409);
    expect((demote.body as { error: string }).error).toMatch(/quản trị duy nhất/);
    expect((await a.request('POST', '/accounts/khong-co/reset', { password: 'mat-khau-moi-123' })).status).toBe(404);

    const reset = await a.request('POST', `/accounts/${PLANNER.name}/reset`, { password: 'mat-khau-dat-lai-4' });
    expect(reset.status).toBe(200);
    expect((await lan.request('GET', '/session')).status).toBe(401);
    const back = await lan.login(PLANNER.name, 'mat-khau-dat-lai-4');
    expect((back.body as ConsoleSession).mustChangePassword).toBe(true);
    const changed = await lan.request('POST', '/password', { current: 'mat-khau-dat-lai-4', next: PLANNER.password });
    expect(changed.status).toBe(200);

    // With a second administrator, the first may step down.
    expect((await a.request('POST', `/accounts/${PLANNER.name}/role`, { role: 'quan-tri' })).status).toBe(200);
    expect((await a.request('POST', `/accounts/${PLANNER.name}/role`, { role: 'ke-hoach' })).status).toBe(200);
  });

  it('six correct logins in a row all succeed: the limits count failures only', async () => {
    for (let i = 0; i < LOGIN_MAX_PER_NAME + 1; i++) expect((await new ConsoleClient(url).login(PLANNER.name, PLANNER.password)).status).toBe(200);
  });

  it('after the failures allowed for a name, that name waits (also with the right password); other names do not', async () => {
    const name = LEADER.name;
    for (let i = 0; i < LOGIN_MAX_PER_NAME; i++) expect((await new ConsoleClient(url).login(name, `sai-${i}`)).status).toBe(401);
    const blocked = await new ConsoleClient(url).login(name, `${LEADER.password}-moi`);
    expect(blocked.status).toBe(429);
    expect((blocked.body as { error: string }).error).toMatch(/phút/);
    expect((await new ConsoleClient(url).login(PLANNER.name, PLANNER.password)).status).toBe(200);
  });
});

describe('the audit: every action as a sentence, by full name, with a short file label; the workbook', () => {
  it('lists the office’s actions, the files and the reminders, newest first', async () => {
    const r = await a.request('GET', '/audit');
    expect(r.status).toBe(200);
    const { entries } = r.body as AuditResponse;
    const lines = entries.map((e) => `${e.who} | ${e.what}`);
    const LD = findUnit(catalog, 'LDTBXH')!.name;
    const ldId = ((await a.request('GET', `/board?period=${PERIOD}`)).body as BoardResponse).units.find((u) => u.code === 'LDTBXH')!.submissionId!;
    for (const want of [
      `${ADMIN.fullName} | Tạo tài khoản quản trị đầu tiên “${ADMIN.name}”.`,
      `${ADMIN.fullName} | Mở kỳ báo cáo “${period.header}”, hạn nộp 17:00 ngày 20/11/2023.`,
      `${ADMIN.fullName} | Dời hạn nộp từ 17:00 ngày 20/11/2023 sang 17:00 ngày 22/11/2023.`,
      `${ADMIN.fullName} | Nhắc nộp báo cáo qua thư điện tử tới ctk@honglinh.gov.vn.`,
      `${ADMIN.fullName} | Đóng kỳ báo cáo: không nhận thêm tệp.`,
      `${ADMIN.fullName} | Mở lại kỳ báo cáo đã đóng.`,
      `${ADMIN.fullName} | Miễn nộp kỳ này: Đơn vị sáp nhập từ tháng 10, số liệu do đơn vị khác báo cáo.`,
      `${ADMIN.fullName} | Duyệt báo cáo (bản nộp số ${ldId}, tệp LDTBXH.xlsx): “Số liệu khớp với báo cáo ngành.”`,
      `${ADMIN.fullName} | Tạo tài khoản “${PLANNER.name}” (Phòng Tài chính - Kế hoạch).`,
      `${PLANNER.fullName} | Đổi mật khẩu của chính mình.`,
      `${LD} | Nộp tệp bằng phần bổ trợ: hợp lệ.`,
      `${ADMIN.fullName} | Thu hồi 1 mã truy cập của phần bổ trợ.`,
    ])
      expect(lines).toContain(want);
    expect(lines.some((l) => /Nộp tệp qua thư mục nộp báo cáo chung: hợp lệ\./.test(l))).toBe(true);
    const http = entries.find((e) => e.who === LD && e.what.startsWith('Nộp tệp bằng phần bổ trợ'))!;
    expect(http.file).toMatch(/^LDTBXH\.xlsx \([0-9a-f]{8}\)$/);
    expect(http.period).toBe(period.header);
    // The approval names the same file as its receipt.
    expect(entries.find((e) => e.kind === 'review' && e.what.includes(`bản nộp số ${ldId},`))!.file).toBe(http.file);
    // Two approvals never read alike: each names its own submission.
    const approvals = entries.filter((e) => e.kind === 'review').map((e) => e.what);
    expect(new Set(approvals).size).toBe(approvals.length);
    for (const e of entries) {
      expect(e.what).not.toMatch(/[0-9a-f]{64}/);
      expect(e.what).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    }
    expect([...entries].map((e) => e.at)).toEqual(
      [...entries]
        .map((e) => e.at)
        .sort()
        .reverse(),
    );
  });

  it('filters by kind and unit', async () => {
    const accounts = (await a.request('GET', '/audit?kind=account')).body as AuditResponse;
    expect(accounts.entries.length).toBeGreaterThan(3);
    expect(new Set(accounts.entries.map((e) => e.kind))).toEqual(new Set(['account']));
    const ctk = (await a.request('GET', '/audit?unit=CCTK')).body as AuditResponse;
    expect(ctk.entries.length).toBeGreaterThan(0);
    expect(new Set(ctk.entries.map((e) => e.unit))).toEqual(new Set([findUnit(catalog, 'CCTK')!.name]));
  });

  it('the audit as a workbook holds the same sentences', async () => {
    const { entries } = (await a.request('GET', '/audit')).body as AuditResponse;
    const x = await a.request('GET', '/audit.xlsx');
    expect(x.status).toBe(200);
    expect(x.res.headers.get('content-disposition')).toBe(
      `attachment; filename="Nhat ky thao tac.xlsx"; filename*=UTF-8''${encodeURIComponent('Nhật ký thao tác.xlsx')}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.body as Uint8Array) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Nhật ký thao tác')!;
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value ?? ''))));
    for (const e of entries.slice(0, 20)) expect(texts).toContain(e.what);
    // The file column names the file of a receipt and of a review action alike.
    for (const e of entries.filter((e) => e.kind === 'review').slice(0, 5)) expect(texts).toContain(e.file);
  });
});

describe('login limits behind a reverse proxy', () => {
  async function server(trustProxy: boolean | string | undefined): Promise<{ url: string; close(): Promise<void> }> {
    const made = testConfig(tempDir('office-proxy'), { http: { ...HTTP, ...(trustProxy !== undefined ? { trustProxy } : {}) } });
    const s = new WorkerService({ ...made.cfg, collectConfigured: false }, createLogger('silent'));
    const h = buildHttp(s);
    await h.listen({ host: '127.0.0.1', port: 0 });
    return {
      url: `http://127.0.0.1:${(h.server.address() as AddressInfo).port}`,
      close: async () => {
        await h.close();
        await s.stop();
      },
    };
  }
  const login = async (base: string, name: string, forwarded: string) => {
    const c = new ConsoleClient(base);
    c.csrf = ((await c.request('GET', '/csrf')).body as CsrfResponse).csrfToken;
    return (await c.request('POST', '/login', { name, password: 'doan-mo' }, { headers: { 'x-forwarded-for': forwarded } })).status;
  };

  it('trusted proxy: each client address counts for itself; not trusted: a forged header changes nothing', async () => {
    const proxied = await server('127.0.0.1');
    const direct = await server(undefined);
    try {
      for (let i = 0; i < LOGIN_MAX_PER_ADDRESS; i++) {
        expect(await login(proxied.url, `ten-${i}`, '203.0.113.7')).toBe(401);
        expect(await login(direct.url, `ten-${i}`, `203.0.113.${i + 1}`)).toBe(401);
      }
      expect(await login(proxied.url, 'ten-khac', '203.0.113.7')).toBe(429);
      expect(await login(proxied.url, 'ten-khac', '198.51.100.9')).toBe(401);
      expect(await login(direct.url, 'ten-khac', '198.51.100.9')).toBe(429);
    } finally {
      await proxied.close();
      await direct.close();
    }
  });
});

describe('the shared folder, watched', () => {
  it('a file saved into the folder at night is taken within seconds, with no command and no click, dated when it was first seen', async () => {
    const made = testConfig(tempDir('office-watch'), { http: { ...HTTP, enabled: false }, schedule: { cron: '0 3 1 1 *', timezone: 'Asia/Ho_Chi_Minh' } });
    const night = Date.parse('2023-11-18T23:40:00+07:00');
    const s = new WorkerService(made.cfg, createLogger('silent'), () => new Date(night));
    try {
      await s.start();
      const u = findUnit(made.cfg.catalog, 'CCTK')!;
      const bytes = await fillTemplate(
        await buildTemplate(made.cfg.catalog, made.cfg.period, u, { password: made.cfg.protectionPassword }),
        realFigures(made.cfg.catalog, u, false),
      );
      mkdirSync(made.cfg.paths.inbox, { recursive: true });
      const file = path.join(made.cfg.paths.inbox, 'CCTK - bao cao.xlsx');
      writeFileSync(`${file}.tmp`, bytes);
      writeFileSync(file, bytes);
      unlinkSync(`${file}.tmp`);
      const rec = await until(
        'the file in the ledger',
        async () => (await s.ledger.listSubmissions({ limit: 10 })).find((x) => x.fileName === 'CCTK - bao cao.xlsx'),
        20_000,
      );
      expect(rec).toMatchObject({ unit: 'CCTK', status: 'accepted', source: 'inbox', receivedAt: new Date(night).toISOString() });
    } finally {
      await s.stop();
    }
  });
});
