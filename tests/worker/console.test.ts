/**
 * The console's API over real HTTP on 127.0.0.1, with a real ledger and an account made by the real
 * `phuluc user add` (password on standard input): every route needs a session (a department's
 * access token opens nothing), every change needs the session's CSRF token, a leader cannot act,
 * logins are rate-limited, sessions end (logout, expiry); the actions reach the department's
 * history; downloads (original, .xlsx, PDF through LibreOffice) and the pages' security headers.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_PATH, type HistoryEntry } from '../../shared/intake.ts';
import { DRAFT_MARK } from '../../shared/layout.ts';
import { CONSOLE_API, type AppendixView, type BoardResponse, type LateResponse, type SubmissionView } from '../../shared/console-api.ts';
import { MAX_COMMENTS, MAX_NOTE } from '../../shared/review.ts';
import { AppendixReply, BoardReply, CsrfReply, LateReply, SessionReply, SubmissionReply } from '../../worker/http/schemas.ts';
import { LOGIN_MAX_PER_NAME } from '../../worker/http/console.ts';
import { CONSOLE_CSP } from '../../worker/http/console-static.ts';
import { buildHttp, startHttp } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { hashPassword } from '../../worker/review/accounts.ts';
import { WorkerService } from '../../worker/service.ts';
import { ConsoleClient, phuluc, realWorkbook, submit } from '../helpers/console.ts';
import { libreOfficeAvailable } from '../helpers/libreoffice.ts';
import { selfSignedCertificate, tempDir, testConfig } from '../helpers/worker.ts';

const HTTP = { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 50 };
const TOKEN = 'pl_ldtbxh_console-test-0123456789';
const PLANNER = { name: 'lan.tckh', password: 'mat-khau-rat-dai-1' };
const LEADER = { name: 'chu-tich', password: 'mat-khau-lanh-dao-2' };

let now = Date.parse('2023-11-15T09:00:00+07:00');
const { file: configFile, cfg } = testConfig(tempDir('console'), { http: HTTP });
let service: WorkerService;
let app: FastifyInstance;
let url: string;
const routes: { method: string; url: string }[] = [];
let ldtbxhId: number;
let ldtbxhSha: string;
const pagesDir = tempDir('console-pages');
let made: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  // The account made the way the office makes it: the command, the password on standard input.
  made = await phuluc(['user', 'add', PLANNER.name.toUpperCase(), '--role', 'ke-hoach', '--full-name', ' Trần  Thị Lan ', '--config', configFile], {
    input: `${PLANNER.password}\n`,
  });
  expect(made.stderr).toBe('');
  expect(made.stdout).toContain(`Đã tạo tài khoản “${PLANNER.name}” của Trần Thị Lan (Phòng Tài chính - Kế hoạch)`);
  // Stand-in pages: serving and headers are what is tested here (the real build: console.browser.test.ts).
  writeFileSync(path.join(pagesDir, 'index.html'), '<!doctype html><html lang="vi"><title>Phụ lục 1</title><script defer src="console.js"></script></html>');
  writeFileSync(path.join(pagesDir, 'console.js'), 'document.title = "ok";');
  process.env.PHULUC_CONSOLE_DIR = pagesDir;
  service = new WorkerService(cfg, createLogger('silent'), () => new Date(now));
  await service.ledger.addUser({
    name: LEADER.name,
    role: 'lanh-dao',
    passwordHash: await hashPassword(LEADER.password),
    createdAt: new Date(now).toISOString(),
    disabledAt: null,
  });
  await service.ledger.addToken('LDTBXH', TOKEN, new Date(now).toISOString());
  app = buildHttp(service);
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (r.url.startsWith(CONSOLE_API) && m !== 'HEAD') routes.push({ method: m, url: r.url });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address() as { port: number };
  url = `http://127.0.0.1:${addr.port}`;
  const sent = await submit(url, TOKEN, await realWorkbook(cfg.catalog, cfg.period, 'LDTBXH', { 14: { value: 942, note: null } }), 'LDTBXH.xlsx');
  expect(sent.status).toBe(201);
  ldtbxhId = (sent.body.receipt as { id: number }).id;
  ldtbxhSha = (sent.body.receipt as { sha256: string }).sha256;
});

afterAll(async () => {
  delete process.env.PHULUC_CONSOLE_DIR;
  await app?.close();
  await service?.stop();
});

const PUBLIC = new Set(['GET /api/v1/console/csrf', 'POST /api/v1/console/login', 'POST /api/v1/console/setup']);

function concrete(u: string): string {
  return u.replace(':id', String(ldtbxhId)).replace(':n', '1').replace('*', 'nothing-here');
}

describe('without a session', () => {
  it('registers the routes this test knows of', () => {
    expect(routes.length).toBeGreaterThanOrEqual(16);
  });

  it('every console route answers 401, also with a department’s access token', async () => {
    const seen: string[] = [];
    for (const r of routes) {
      if (PUBLIC.has(`${r.method} ${r.url}`) || !['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(r.method)) continue;
      for (const auth of [undefined, `Bearer ${TOKEN}`]) {
        const res = await fetch(`${url}${concrete(r.url)}`, {
          method: r.method,
          headers: { ...(auth ? { authorization: auth } : {}), ...(r.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          ...(r.method === 'GET' ? {} : { body: '{}' }),
        });
        expect([r.method, r.url, auth ? 'token' : 'none', res.status]).toEqual([r.method, r.url, auth ? 'token' : 'none', 401]);
        expect((await res.json()).error).toBe('Chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại.');
      }
      seen.push(`${r.method} ${r.url}`);
    }
    expect(seen).toEqual(
      expect.arrayContaining([
        'GET /api/v1/console/board',
        'GET /api/v1/console/submissions/:id',
        'GET /api/v1/console/submissions/:id/file',
        'POST /api/v1/console/submissions/:id/approve',
        'POST /api/v1/console/submissions/:id/return',
        'POST /api/v1/console/submissions/:id/reopen',
        'GET /api/v1/console/appendix',
        'GET /api/v1/console/appendix/file.xlsx',
        'GET /api/v1/console/appendix/file.pdf',
        'GET /api/v1/console/late',
        'GET /api/v1/console/session',
        'POST /api/v1/console/logout',
      ]),
    );
  });

  it('the login itself needs the form’s CSRF token', async () => {
    const c = new ConsoleClient(url);
    const r = await c.request('POST', '/login', PLANNER);
    expect(r.status).toBe(403);
  });
});

describe('a planning-office session', () => {
  let c: ConsoleClient;

  it('logs in with the account made by `phuluc user add`; the password is kept only as a scrypt hash', async () => {
    c = new ConsoleClient(url);
    const r = await c.login(PLANNER.name, PLANNER.password);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ user: PLANNER.name, role: 'ke-hoach' });
    const stored = (await service.ledger.user(PLANNER.name))!.passwordHash;
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(stored).not.toContain(PLANNER.password);
    const cookie = (await c.request('GET', '/csrf')).res; // no new session cookie on a read
    expect(cookie.headers.getSetCookie().some((s) => s.startsWith('phuluc-phien='))).toBe(false);
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, for the whole site, and keeps only its hash', async () => {
    const fresh = new ConsoleClient(url);
    const pre = await fresh.request('GET', '/csrf');
    fresh.csrf = (pre.body as { csrfToken: string }).csrfToken;
    const r = await fresh.request('POST', '/login', LEADER);
    const set = r.res.headers.getSetCookie().find((s) => s.startsWith('phuluc-phien='))!;
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Strict/);
    expect(set).toMatch(/; Path=\//);
    expect(set).not.toMatch(/Secure/);
    const value = set.split(';')[0].split('=')[1];
    expect(await service.ledger.session(value, new Date(now).toISOString())).toBeUndefined();
    expect(await service.ledger.session(createHash('sha256').update(value).digest('hex'), new Date(now).toISOString())).toBeDefined();
  });

  it('shows the board: 13 expected units, one submitted and awaiting review, the calendar', async () => {
    const r = await c.request('GET', '/board');
    expect(r.status).toBe(200);
    const b = r.body as BoardResponse;
    expect(b.counts).toEqual({ expected: 13, submitted: 1, missing: 12, awaiting: 1, returned: 0, approved: 0, rejected: 0, excused: 0 });
    expect(b.period).toMatchObject({ id: '2023-uoc', cutoff: { from: '2022-12-15', to: '2023-12-14' }, daysLeft: 5, overdue: false });
    expect(b.units.find((u) => u.code === 'LDTBXH')).toMatchObject({ state: 'awaiting_review', warnings: 1, late: false });
    expect(b.final).toBe(false);
  });

  it('answers every read in the shape its schema declares (an answer that does not match would be a 500)', async () => {
    const reads = [
      ['/csrf', CsrfReply],
      ['/session', SessionReply],
      ['/board', BoardReply],
      ['/late', LateReply],
      [`/submissions/${ldtbxhId}`, SubmissionReply],
      ['/appendix', AppendixReply],
    ] as const;
    for (const [p, schema] of reads) {
      const r = await c.request('GET', p);
      expect([p, r.status]).toEqual([p, 200]);
      expect([p, schema.safeParse(r.body).error?.issues ?? []]).toEqual([p, []]);
    }
    expect(((await c.request('GET', '/session')).body as { user: string }).user).toBe(PLANNER.name);
  });

  it('refuses a change without the CSRF token, with the login form’s token, or with another session’s token (403)', async () => {
    const path_ = `/submissions/${ldtbxhId}/approve`;
    expect((await c.request('POST', path_, {}, { csrf: false })).status).toBe(403);
    const pre = new ConsoleClient(url);
    const preToken = ((await pre.request('GET', '/csrf')).body as { csrfToken: string }).csrfToken;
    expect((await c.request('POST', path_, {}, { csrf: false, headers: { 'x-csrf-token': preToken } })).status).toBe(403);
    const other = new ConsoleClient(url);
    await other.login(PLANNER.name, PLANNER.password);
    const res = await c.request('POST', path_, {}, { csrf: false, headers: { 'x-csrf-token': other.csrf } });
    expect(res.status).toBe(403);
    expect((res.body as { error: string }).error).toMatch(/mã xác nhận/);
    expect(await service.ledger.reviews(cfg.period.id)).toEqual([]);
  });

  it('shows a submission beside the plan, with its warning and what the office may do', async () => {
    const r = await c.request('GET', `/submissions/${ldtbxhId}`);
    const v = r.body as SubmissionView;
    expect(v).toMatchObject({ unitName: 'Phòng Lao động - Thương binh và Xã hội', state: 'awaiting_review', actions: ['approve', 'return'] });
    expect(v.rows.map((x) => [x.stt, x.plan, x.printed, x.status, x.cell])).toEqual([
      [11, 'Giảm còn dưới 2,32%', 'Giảm còn 2 %', 'Vượt KH', 'E5'],
      [14, '1.200', '942', 'Không đạt KH', 'E6'],
    ]);
    expect(v.warnings).toEqual([expect.stringMatching(/^Ô G6: Chỉ tiêu 14\. Giải quyết việc làm mới: .*cần ghi lý do/)]);
    const file = await c.request('GET', `/submissions/${ldtbxhId}/file`);
    expect(file.res.headers.get('content-disposition')).toContain('filename="LDTBXH.xlsx"');
    expect(
      createHash('sha256')
        .update(file.body as Uint8Array)
        .digest('hex'),
    ).toBe(ldtbxhSha);
  });

  it('a leader reads but cannot approve, return or reopen (403)', async () => {
    const leader = new ConsoleClient(url);
    expect((await leader.login(LEADER.name, LEADER.password)).status).toBe(200);
    expect((await leader.request('GET', '/board')).status).toBe(200);
    expect(((await leader.request('GET', `/submissions/${ldtbxhId}`)).body as SubmissionView).actions).toEqual([]);
    for (const a of ['approve', 'return', 'reopen']) {
      const r = await leader.request('POST', `/submissions/${ldtbxhId}/${a}`, { note: 'x' });
      expect(r.status).toBe(403);
      expect((r.body as { error: string }).error).toMatch(/chỉ xem/);
    }
    expect(await service.ledger.reviews(cfg.period.id)).toEqual([]);
  });

  it('refuses a malformed review with 400 saying in Vietnamese what is wrong; nothing is recorded, no comment dropped', async () => {
    const p = `/submissions/${ldtbxhId}/return`;
    const comment = { indicator: 'VIEC_LAM', text: 'Ghi lý do không đạt vào cột giải trình.' };
    const cases: [unknown, string][] = [
      // Before issue 19 the second comment was dropped and the return recorded with the first alone.
      [{ note: 'Đề nghị bổ sung.', comments: [comment, { indicator: 'VIEC_LAM' }] }, 'Ý kiến thứ 2 thiếu nội dung.'],
      [{ note: 'Đề nghị bổ sung.', comments: [comment, { indicator: 'VIEC_LAM', text: '   ' }] }, 'Ý kiến thứ 2 thiếu nội dung.'],
      [{ comments: [{ text: 'Ghi lý do.' }] }, 'Ý kiến thứ 1 chưa nêu chỉ tiêu.'],
      [{ comments: [comment, comment, { ...comment, text: 42 }] }, 'Nội dung ý kiến thứ 3 phải là một đoạn chữ.'],
      [
        { comments: [{ ...comment, cell: 'E6' }] },
        'Ý kiến thứ 1 có trường không dùng đến: “cell”. Mỗi ý kiến chỉ gồm chỉ tiêu (“indicator”) và nội dung (“text”).',
      ],
      [{ comments: ['Ghi lý do.'] }, 'Ý kiến thứ 1 không đúng dạng: cần chỉ tiêu (“indicator”) và nội dung (“text”).'],
      [{ comments: 'Ghi lý do.' }, 'Ý kiến (“comments”) phải là một danh sách, mỗi ý kiến gồm chỉ tiêu (“indicator”) và nội dung (“text”).'],
      [{ note: 42, comments: [comment] }, 'Ghi chú phải là một đoạn chữ.'],
      [{ notes: 'Đề nghị bổ sung.' }, 'Nội dung yêu cầu có trường không dùng đến: “notes”. Hãy bỏ đi rồi thử lại.'],
      [['Đề nghị bổ sung.'], 'Nội dung yêu cầu không đúng dạng: cần một đối tượng JSON, ví dụ {"note": "…", "comments": []}.'],
      // The limits of shared/review.ts, with the messages they had.
      [{ note: 'x'.repeat(MAX_NOTE + 1) }, `Ghi chú dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`],
      [{ comments: Array.from({ length: MAX_COMMENTS + 1 }, () => comment) }, `Nhiều nhất ${MAX_COMMENTS} ý kiến mỗi lần trả lại.`],
      [{ comments: [comment, { ...comment, text: 'x'.repeat(MAX_NOTE + 1) }] }, `Ý kiến thứ 2 dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`],
    ];
    const answers = [];
    for (const [body] of cases) {
      const r = await c.request('POST', p, body);
      answers.push([r.status, (r.body as { error?: string }).error]);
    }
    expect(answers).toEqual(cases.map(([, error]) => [400, error]));
    expect(await service.ledger.reviews(cfg.period.id)).toEqual([]);
    // The order stays: no session 401, then the CSRF token 403, then the role 403, then the body 400.
    expect((await fetch(`${url}${CONSOLE_API}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' })).status).toBe(401);
    expect((await c.request('POST', p, [1], { csrf: false })).status).toBe(403);
    const leader = new ConsoleClient(url);
    await leader.login(LEADER.name, LEADER.password);
    const refused = await leader.request('POST', p, [1]);
    expect([refused.status, (refused.body as { error: string }).error]).toEqual([403, expect.stringMatching(/chỉ xem/)]);
  });

  it('refuses a malformed address or login with 400 in Vietnamese (a submission number, a version, the account fields)', async () => {
    const notId = await c.request('GET', '/submissions/abc');
    expect([notId.status, (notId.body as { error: string }).error]).toEqual([
      400,
      'Số của bản nộp trong đường dẫn không đúng dạng (cần một số nguyên dương). Hãy mở bản nộp từ trang tình hình nộp.',
    ]);
    for (const spelled of ['0', '-1', '1.5', '0x10', '1e3', '99999999999999999999']) {
      expect([spelled, (await c.request('GET', `/submissions/${spelled}/file`)).status]).toEqual([spelled, 400]);
    }
    expect((await c.request('POST', '/submissions/abc/approve', {})).status).toBe(400);
    expect((await c.request('GET', `/submissions/${ldtbxhId + 1000}`)).status).toBe(404);
    const version = await c.request('GET', '/appendix/versions/moi-nhat/file.xlsx');
    expect([version.status, (version.body as { error: string }).error]).toEqual([
      400,
      'Số phiên bản phụ lục trong đường dẫn không đúng dạng (cần một số nguyên dương). Hãy chọn phiên bản trong trang phụ lục.',
    ]);
    expect((await c.request('GET', '/appendix/versions/999/file.xlsx')).status).toBe(404);
    const fresh = new ConsoleClient(url);
    fresh.csrf = ((await fresh.request('GET', '/csrf')).body as { csrfToken: string }).csrfToken;
    const typed = await fresh.request('POST', '/login', { name: 5, password: PLANNER.password });
    expect([typed.status, (typed.body as { error: string }).error]).toEqual([400, 'Tên tài khoản và mật khẩu phải là chữ.']);
    const none = await fresh.request('POST', '/login', { name: PLANNER.name });
    expect([none.status, (none.body as { error: string }).error]).toEqual([400, 'Hãy nhập tên tài khoản và mật khẩu.']);
    // A wrong password is still 401 with the message it had.
    const wrong = await fresh.request('POST', '/login', { name: PLANNER.name, password: 'sai-mat-khau-roi' });
    expect([wrong.status, (wrong.body as { error: string }).error]).toEqual([401, 'Tên tài khoản hoặc mật khẩu không đúng.']);
  });

  it('returns with a note and a comment on a cell: the department’s history shows both', async () => {
    expect((await c.request('POST', `/submissions/${ldtbxhId}/return`, {})).status).toBe(400);
    now += 60_000;
    const r = await c.request('POST', `/submissions/${ldtbxhId}/return`, {
      note: 'Đề nghị bổ sung giải trình.',
      comments: [{ indicator: 'VIEC_LAM', text: 'Ghi lý do không đạt vào cột giải trình.' }],
    });
    expect(r.status).toBe(200);
    expect((r.body as { state: string }).state).toBe('returned');
    expect((await c.request('POST', `/submissions/${ldtbxhId}/approve`, {})).status).toBe(409);
    const h = await fetch(`${url}${INTAKE_PATH}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const entry = ((await h.json()).submissions as HistoryEntry[])[0];
    expect(entry).toMatchObject({
      id: ldtbxhId,
      review: 'returned',
      reviewNote: 'Đề nghị bổ sung giải trình.',
      reviewedAt: new Date(now).toISOString(),
      reviewComments: [{ indicator: 'VIEC_LAM', cell: 'E6', text: 'Ghi lý do không đạt vào cột giải trình.' }],
    });
  });

  it('the resubmission supersedes; approving it is journaled; the late list names the 12 others with a reminder', async () => {
    now += 60_000;
    const sent = await submit(url, TOKEN, await realWorkbook(cfg.catalog, cfg.period, 'LDTBXH'), 'LDTBXH-nop-lai.xlsx');
    const id = (sent.body.receipt as { id: number }).id;
    expect((await c.request('POST', `/submissions/${ldtbxhId}/approve`, {})).status).toBe(409);
    const ok = await c.request('POST', `/submissions/${id}/approve`, {});
    expect(ok.status).toBe(200);
    expect(
      readFileSync(service.journal, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).action),
    ).toEqual(['return', 'approve']);
    const late = (await c.request('GET', '/late')).body as LateResponse;
    expect(late.entries).toHaveLength(12);
    expect(late.entries.every((e) => e.reason === 'missing' && e.reminder.startsWith(`Kính gửi: ${e.name}.`))).toBe(true);
    expect(late.all).toContain('Hạn nộp là 17:00 ngày 20/11/2023');
  });

  it('previews the appendix in its printed layout (a draft), downloads it as .xlsx and as PDF', async () => {
    const v = (await c.request('GET', '/appendix')).body as AppendixView;
    expect(v.final).toBe(false);
    expect(v.model.cells.find((x) => x.address === 'A3')?.value).toBe(DRAFT_MARK);
    expect(v.model.cells.find((x) => x.address === 'E18')?.value).toBe('942');
    await service.mutex.idle();
    await service.consolidateNow();
    const xlsx = await c.request('GET', '/appendix/file.xlsx');
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(xlsx.body as Uint8Array)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const version = await c.request('GET', '/appendix/versions/1/file.xlsx');
    expect(version.status).toBe(200);
    // The data folder moved (or restored elsewhere, a PostgreSQL ledger untouched): the ledger still
    // names the old folder, and the version is found under its own name in today's history folder.
    const db = new Database(cfg.paths.ledger);
    try {
      db.prepare("UPDATE appendix_versions SET path = '/thu-muc-cu/out/history/' || replace(path, rtrim(path, replace(path, '/', '')), '')").run();
      expect((db.prepare('SELECT path FROM appendix_versions').get() as { path: string }).path).toMatch(/^\/thu-muc-cu\/out\/history\/phu-luc-1-.+\.xlsx$/);
    } finally {
      db.close();
    }
    const moved = await c.request('GET', '/appendix/versions/1/file.xlsx');
    expect([moved.status, Buffer.from(moved.body as Uint8Array).equals(Buffer.from(version.body as Uint8Array))]).toEqual([200, true]);
    const pdf = await c.request('GET', '/appendix/file.pdf');
    if (libreOfficeAvailable()) {
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(pdf.body as Uint8Array)
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    } else {
      expect(pdf.status).toBe(503);
    }
  });

  it('ends the session on logout: the same cookie opens nothing afterwards', async () => {
    const cookie = c.cookieHeader();
    expect((await c.request('POST', '/logout', {})).status).toBe(200);
    const replay = await fetch(`${url}${CONSOLE_API}/board`, { headers: { cookie } });
    expect(replay.status).toBe(401);
  });

  it('ends a session after 8 hours', async () => {
    const s = new ConsoleClient(url);
    await s.login(PLANNER.name, PLANNER.password);
    expect((await s.request('GET', '/board')).status).toBe(200);
    now += 8 * 3_600_000 + 1000;
    expect((await s.request('GET', '/board')).status).toBe(401);
  });

  it(`answers 429 after ${LOGIN_MAX_PER_NAME} attempts for an account, in Vietnamese`, async () => {
    const s = new ConsoleClient(url);
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_MAX_PER_NAME + 2; i++) statuses.push((await s.login('nguoi-la', `sai-${i}`)).status);
    expect(statuses).toEqual([...Array(LOGIN_MAX_PER_NAME).fill(401), 429, 429]);
    expect(((await s.login('nguoi-la', 'sai')).body as { error: string }).error).toMatch(/^Đăng nhập sai quá nhiều lần\. Hãy thử lại sau \d+ phút\.$/);
  });
});

describe('phuluc user', () => {
  it('never shows the password, refuses a short one, a taken name and a missing role', async () => {
    expect(made.stdout + made.stderr).not.toContain(PLANNER.password);
    const short = await phuluc(['user', 'add', 'hoa', '--role', 'ke-hoach', '--config', configFile], { input: 'ngan\n' });
    expect([short.code, short.stderr.trim()]).toEqual([2, 'Mật khẩu cần ít nhất 10 ký tự. Hãy chạy lại lệnh và nhập mật khẩu dài hơn.']);
    const taken = await phuluc(['user', 'add', PLANNER.name, '--role', 'lanh-dao', '--config', configFile], { input: 'mot-mat-khau-khac\n' });
    expect([taken.code, taken.stderr.trim()]).toEqual([1, `Đã có tài khoản “${PLANNER.name}”. Để đặt lại mật khẩu: phuluc user password ${PLANNER.name}`]);
    const role = await phuluc(['user', 'add', 'hoa', '--config', configFile], { input: 'mot-mat-khau-khac\n' });
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role ke-hoach');
    expect(await service.ledger.user('hoa')).toBeUndefined();
  });

  it('a new password ends the account’s sessions; a disabled account cannot log in', async () => {
    const s = new ConsoleClient(url);
    expect((await s.login(LEADER.name, LEADER.password)).status).toBe(200);
    const reset = await phuluc(['user', 'password', LEADER.name, '--config', configFile], { input: 'mat-khau-moi-cua-lanh-dao\n' });
    expect(reset.code).toBe(0);
    expect((await s.request('GET', '/board')).status).toBe(401);
    expect((await s.login(LEADER.name, 'mat-khau-moi-cua-lanh-dao')).status).toBe(200);
    const off = await phuluc(['user', 'disable', LEADER.name, '--config', configFile]);
    expect(off.stdout).toContain(`Đã khoá tài khoản “${LEADER.name}”`);
    expect((await s.request('GET', '/board')).status).toBe(401);
    const list = await phuluc(['user', 'list', '--config', configFile]);
    expect(list.stdout).toMatch(new RegExp(`^${PLANNER.name}  Phòng Tài chính - Kế hoạch  tạo lúc .*  — Trần Thị Lan$`, 'm'));
    expect(list.stdout).toMatch(new RegExp(`^${LEADER.name}  Lãnh đạo \\(chỉ xem\\)  tạo lúc .*\\(đã khoá lúc `, 'm'));
  });
});

describe('the pages', () => {
  it('serves the built pages at the root path with a strict Content-Security-Policy', async () => {
    const r = await fetch(`${url}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(await r.text()).toContain('<title>Phụ lục 1</title>');
    expect((await fetch(`${url}/console.js`)).status).toBe(200);
  });

  it('says in Vietnamese how to build the pages when the build is missing', async () => {
    process.env.PHULUC_CONSOLE_DIR = path.join(pagesDir, 'khong-co');
    const h = await startHttp(service, 0);
    try {
      const r = await fetch(`${h.url}/`);
      expect(r.status).toBe(503);
      const text = await r.text();
      expect(text).toContain('chưa được dựng');
      expect(text).toContain('npm run build');
    } finally {
      process.env.PHULUC_CONSOLE_DIR = pagesDir;
      await h.close();
    }
  });

  it('under TLS, the session cookie is Secure and __Host-', async () => {
    const dir = tempDir('console-tls');
    const { cert, key } = selfSignedCertificate(dir);
    const { cfg: tlsCfg } = testConfig(path.join(dir, 'w'), { http: { ...HTTP, tlsCert: cert, tlsKey: key } });
    const svc = new WorkerService(tlsCfg, createLogger('silent'));
    await svc.ledger.addUser({
      name: 'lan',
      role: 'ke-hoach',
      passwordHash: await hashPassword(PLANNER.password),
      createdAt: new Date().toISOString(),
      disabledAt: null,
    });
    const h = await startHttp(svc, 0);
    const ca = readFileSync(cert);
    const req = (method: string, p: string, headers: Record<string, string>, body?: string) =>
      new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
        const r = https.request(`${h.url}${CONSOLE_API}${p}`, { method, headers, ca }, (res) => {
          let data = '';
          res.on('data', (d) => (data += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: ([] as string[]).concat(res.headers['set-cookie'] ?? []), body: data }));
        });
        r.on('error', reject);
        r.end(body);
      });
    try {
      const pre = await req('GET', '/csrf', {});
      expect(pre.cookies[0]).toMatch(/; Secure/);
      const jar = pre.cookies.map((s) => s.split(';')[0]).join('; ');
      const login = await req(
        'POST',
        '/login',
        { cookie: jar, 'content-type': 'application/json', 'x-csrf-token': JSON.parse(pre.body).csrfToken },
        JSON.stringify({ name: 'lan', password: PLANNER.password }),
      );
      expect(login.status).toBe(200);
      const set = login.cookies.find((s) => s.startsWith('__Host-phuluc-phien='))!;
      expect(set).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    } finally {
      await h.close();
      await svc.stop();
    }
  });
});
