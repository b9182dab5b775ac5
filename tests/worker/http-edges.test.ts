/**
 * The HTTP edges of issue 19 through the real server on 127.0.0.1:
 *  - the intake address is built once: the templates' metadata (the configuration) and the
 *    enrolment answer name the same address;
 *  - every route declares its schema, and a request its schema refuses is answered 400 with a
 *    Vietnamese sentence saying what is wrong (never a library's English, never a silent drop);
 *  - the intake takes only workbooks on the submissions route, and only JSON on the enrolment route.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ReviewComment } from '../../shared/review.ts';
import { ENROL_PATH, INTAKE_PATH, XLSX_MEDIA_TYPE } from '../../shared/intake.ts';
import { CONSOLE_API } from '../../shared/console-api.ts';
import type { Config } from '../../worker/config.ts';
import { buildHttp, startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { contract } from '../../worker/http/schemas.ts';
import { validationMessage } from '../../worker/http/validation.ts';
import { hashPassword } from '../../worker/review/accounts.ts';
import { ConsoleClient } from '../helpers/console.ts';
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

/** A sentence in Vietnamese, not a library's English. */
function vietnamese(text: unknown): void {
  expect(typeof text).toBe('string');
  expect(text).toMatch(/[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i);
  expect(text).not.toMatch(/\b(invalid|expected|received|required|undefined|null|must|body|should)\b/i);
}

describe('every route declares its schema', () => {
  it('the health check, the intake and every console route have a reply schema per status; those that take a body, a body schema', async () => {
    const { service } = await serve();
    const app = buildHttp(service);
    const seen: { route: string; schema: Record<string, unknown> | undefined }[] = [];
    app.addHook('onRoute', (r) => {
      const methods = ([] as string[]).concat(r.method as string | string[]).filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
      if (r.url === '/healthz' || r.url.startsWith('/api/'))
        for (const m of methods) seen.push({ route: `${m} ${r.url}`, schema: r.schema as Record<string, unknown> | undefined });
    });
    await app.ready();
    await app.close();
    expect(seen.length).toBeGreaterThanOrEqual(20);
    const missing = seen.filter((s) => !s.schema?.response).map((s) => s.route);
    expect(missing).toEqual([]);
    const withBody = [
      `POST ${ENROL_PATH}`,
      `POST ${INTAKE_PATH}`,
      `POST ${CONSOLE_API}/login`,
      `POST ${CONSOLE_API}/logout`,
      `POST ${CONSOLE_API}/submissions/:id/approve`,
      `POST ${CONSOLE_API}/submissions/:id/return`,
      `POST ${CONSOLE_API}/submissions/:id/reopen`,
    ];
    expect(seen.filter((s) => withBody.includes(s.route) && !s.schema?.body).map((s) => s.route)).toEqual([]);
    const withId = seen.filter((s) => /:(id|n)\b/.test(s.route));
    expect(withId.length).toBeGreaterThanOrEqual(6);
    expect(withId.filter((s) => !s.schema?.params).map((s) => s.route)).toEqual([]);
  });
});

describe('the intake refuses what its schema refuses', () => {
  it('enrolment: a malformed body is 400 with the code-format message, whatever its shape or type', async () => {
    const s = await serve();
    const send = (body: string | undefined, type?: string) =>
      fetch(`${s.http.url}${ENROL_PATH}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, ...(body !== undefined ? { body } : {}) });
    for (const [body, type] of [
      ['{}', 'application/json'],
      ['[]', 'application/json'],
      ['"AAAABBBBCCCC"', 'application/json'],
      ['{"code":12345678}', 'application/json'],
      ['{"code":"<script>"}', 'application/json'],
      ['{"code":null}', 'application/json'],
      [undefined, undefined],
    ] as const) {
      const r = await send(body, type);
      expect([body, r.status]).toEqual([body, 400]);
      const answer = await r.json();
      expect(answer.error).toBe('Mã đăng ký không đúng dạng. Hãy nhập đúng mã do Phòng Tài chính - Kế hoạch cấp.');
    }
    const notJson = await send('{code:', 'application/json');
    expect(notJson.status).toBe(400);
    vietnamese((await notJson.json()).error);
    // Not JSON at all: 415, saying so (before: a workbook's bytes read as a missing code, plain text as “only .xlsx”).
    for (const type of [XLSX_MEDIA_TYPE, 'text/plain']) {
      const other = await send('AAAA-BBBB-CCCC', type);
      expect([type, other.status]).toEqual([type, 415]);
      expect((await other.json()).error).toBe('Yêu cầu đăng ký phải gửi mã đăng ký dạng JSON. Hãy nhập mã trong mục “Cài đặt” của phần bổ trợ.');
    }
  });

  it('enrolment: too many attempts are answered 429 in Vietnamese, saying to wait (not “a system error while receiving the file”)', async () => {
    const s = await serve();
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = await fetch(`${s.http.url}${ENROL_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: `SAI${i}MA-KHONG-DUNG` }),
      });
      if (last.status === 429) break;
      expect(last.status).toBe(401);
      await last.arrayBuffer();
    }
    expect(last!.status).toBe(429);
    const error = (await last!.json()).error;
    vietnamese(error);
    expect(error).toMatch(/^Đã nhập sai mã đăng ký quá nhiều lần\. Hãy đợi \d+ phút rồi thử lại\.$/);
  });

  it('submissions: a JSON body is not a workbook (415), and nothing is kept or recorded', async () => {
    const s = await serve();
    await s.service.ledger.addToken('KT', 'pl_kt_edges-token-0000000000', new Date().toISOString());
    const r = await fetch(`${s.http.url}${INTAKE_PATH}`, {
      method: 'POST',
      headers: { authorization: 'Bearer pl_kt_edges-token-0000000000', 'content-type': 'application/json' },
      body: '{"file":"x"}',
    });
    expect(r.status).toBe(415);
    expect((await r.json()).error).toBe('Chỉ nhận sổ làm việc Excel (.xlsx). Hãy nộp tệp biểu mẫu dạng .xlsx.');
    expect(await s.service.ledger.count()).toBe(0);
    expect(await s.service.ledger.events({})).toEqual([]);
  });

  it('submissions: a file name that cannot be read is refused before anything is kept', async () => {
    const s = await serve();
    await s.service.ledger.addToken('KT', 'pl_kt_edges-token-1111111111', new Date().toISOString());
    const r = await fetch(`${s.http.url}${INTAKE_PATH}`, {
      method: 'POST',
      headers: { authorization: 'Bearer pl_kt_edges-token-1111111111', 'content-type': XLSX_MEDIA_TYPE, 'x-file-name': '%E0%A4%A' },
      body: 'PK',
    });
    expect(r.status).toBe(400);
    expect((await r.json()).error).toBe('Tên tệp gửi kèm không đọc được. Hãy đặt lại tên tệp chỉ gồm chữ, số và dấu gạch rồi nộp lại.');
    expect(await s.service.ledger.count()).toBe(0);
  });
});

describe('the console refuses what its schemas refuse, in Vietnamese', () => {
  it('hostile bodies on every change and on the login: 400 with a Vietnamese sentence, nothing recorded, nothing answered 500', async () => {
    const s = await serve();
    await s.service.ledger.addUser({
      name: 'lan.tckh',
      role: 'ke-hoach',
      passwordHash: await hashPassword('mat-khau-dai-du-12'),
      createdAt: new Date().toISOString(),
      disabledAt: null,
    });
    const c = new ConsoleClient(s.http.url);
    expect((await c.login('lan.tckh', 'mat-khau-dai-du-12')).status).toBe(200);
    const hostile = [
      '0',
      '"x"',
      'true',
      '[]',
      '[{}]',
      '{"note":{}}',
      '{"note":[]}',
      '{"note":1e999}',
      '{"comments":{}}',
      '{"comments":[null]}',
      '{"comments":[[]]}',
      '{"comments":[{"indicator":1,"text":2}]}',
      '{"comments":[{"indicator":"VIEC_LAM","text":"x","y":1}]}',
      '{"a":{"b":{"c":{"d":[1,2,3]}}}}',
      '{"constructor":{"prototype":1}}',
      '{"__proto__":{"isAdmin":true}}',
      '{"note":"x","note2":"y"}',
      '{"name":"lan.tckh"}',
    ];
    const refused: string[] = [];
    for (const p of ['/submissions/999999/return', '/submissions/999999/approve', '/submissions/999999/reopen', '/logout', '/login']) {
      for (const body of hostile) {
        const res = await fetch(`${s.http.url}${CONSOLE_API}${p}`, {
          method: 'POST',
          headers: { cookie: c.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': c.csrf },
          body,
        });
        const answer = await res.json();
        expect([p, body, res.status]).toEqual([p, body, 400]);
        vietnamese(answer.error);
        refused.push(answer.error);
      }
    }
    // The login refuses its own way, and still logs in afterwards.
    expect(refused.slice(-hostile.length)).toContain('Hãy nhập tên tài khoản và mật khẩu.');
    expect(await s.service.ledger.reviews(s.service.cfg.period.id)).toEqual([]);
    expect((await c.request('GET', '/board')).status).toBe(200);
  });

  it('a number in the path that is not a positive integer is refused 400 in Vietnamese, under any spelling', async () => {
    const s = await serve();
    await s.service.ledger.addUser({
      name: 'lan.tckh',
      role: 'ke-hoach',
      passwordHash: await hashPassword('mat-khau-dai-du-12'),
      createdAt: new Date().toISOString(),
      disabledAt: null,
    });
    const c = new ConsoleClient(s.http.url);
    await c.login('lan.tckh', 'mat-khau-dai-du-12');
    for (const id of ['%20', '1%20', '%2D1', '01', '1.0', 'NaN', 'Infinity', '9007199254740993', encodeURIComponent('１')]) {
      for (const p of [`/submissions/${id}`, `/submissions/${id}/file`, `/appendix/versions/${id}/file.xlsx`]) {
        const r = await c.request('GET', p);
        expect([p, r.status]).toEqual([p, 400]);
        vietnamese((r.body as { error: string }).error);
      }
      const act = await c.request('POST', `/submissions/${id}/approve`, {});
      expect([id, act.status]).toEqual([id, 400]);
    }
    expect((await c.request('GET', '/submissions/%31')).status).toBe(404); // “1”, spelled otherwise: a number, not found
  });
});

describe('the messages of a refused request', () => {
  it('a problem a schema wrote no sentence for is described in general Vietnamese words, never zod’s English', () => {
    const issue = (keyword: string, instancePath: string, params: Record<string, unknown>, message: string) => ({
      keyword,
      instancePath,
      schemaPath: '',
      params,
      message,
    });
    expect(validationMessage([issue('invalid_type', '/a/0/b', { expected: 'string' }, 'Invalid input: expected string, received number')], 'body')).toBe(
      'Nội dung yêu cầu không đúng dạng ở “a.0.b”: cần một đoạn chữ. Hãy sửa rồi thử lại.',
    );
    expect(validationMessage([issue('unrecognized_keys', '', { keys: ['x', 'y'] }, 'Unrecognized keys: "x", "y"')], 'querystring')).toBe(
      'Tham số trên đường dẫn không đúng dạng: có trường không dùng đến: “x”, “y”. Hãy sửa rồi thử lại.',
    );
    expect(validationMessage([issue('too_big', '/note', { maximum: 10, origin: 'string' }, 'Too big: expected string to have <=10 characters')], 'body')).toBe(
      'Nội dung yêu cầu không đúng dạng ở “note”: vượt giới hạn (tối đa 10). Hãy sửa rồi thử lại.',
    );
    expect(validationMessage([issue('custom', '/id', {}, 'Invalid input')], 'params')).toBe(
      'Đường dẫn không đúng dạng ở “id”: giá trị không hợp lệ. Hãy sửa rồi thử lại.',
    );
    // A message that only looks like one of ours is not taken as it is.
    expect(validationMessage([issue('custom', '', {}, 'Ý kiến thứ {n} thiếu nội dung (giả)')], 'body')).toMatch(/^Nội dung yêu cầu không đúng dạng/);
  });

  it('contract<T>() holds a schema to its type exactly (tsc checks the lines marked @ts-expect-error)', () => {
    const exact = contract<ReviewComment>()(z.object({ indicator: z.string(), cell: z.string().optional(), text: z.string() }));
    // @ts-expect-error an optional field of the contract missing from the schema
    contract<ReviewComment>()(z.object({ indicator: z.string(), text: z.string() }));
    // @ts-expect-error a field the contract does not have
    contract<ReviewComment>()(z.object({ indicator: z.string(), cell: z.string().optional(), text: z.string(), at: z.string().optional() }));
    // @ts-expect-error optional in the schema, required in the contract
    contract<ReviewComment>()(z.object({ indicator: z.string().optional(), cell: z.string().optional(), text: z.string() }));
    // @ts-expect-error a wider type than the contract's
    contract<ReviewComment>()(z.object({ indicator: z.string(), cell: z.string().nullable().optional(), text: z.string() }));
    expect(exact.parse({ indicator: 'VIEC_LAM', text: 'x' })).toEqual({ indicator: 'VIEC_LAM', text: 'x' });
  });
});
