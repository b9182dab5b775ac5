/**
 * The HTTP edges of issue 19 through the real server on 127.0.0.1:
 *  - the intake address is built once: the templates' metadata (the configuration) and the
 *    enrolment answer name the same address;
 *  - a request its route's schema refuses is answered 400 with a Vietnamese sentence saying what
 *    is wrong (never a library's English, never a silent drop);
 *  - the intake takes only workbooks on the submissions route, and only JSON on the enrolment route.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ReviewComment } from '../../shared/review.ts';
import { ENROL_PATH, INTAKE_PATH, XLSX_MEDIA_TYPE } from '../../shared/intake.ts';
import type { Config } from '../../worker/config.ts';
import { startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { contract } from '../../worker/http/schemas.ts';
import { validationMessage } from '../../worker/http/validation.ts';
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

describe('the intake refuses what its schema refuses', () => {
  it('enrolment: a malformed body is 400 with the code-format message, whatever its shape or type', async () => {
    const s = await serve();
    const send = (body: string | undefined, type?: string) => fetch(`${s.http.url}${ENROL_PATH}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, ...(body !== undefined ? { body } : {}) });
    for (const [body, type] of [['{}', 'application/json'], ['[]', 'application/json'], ['"AAAABBBBCCCC"', 'application/json'], ['{"code":12345678}', 'application/json'],
      ['{"code":"<script>"}', 'application/json'], ['{"code":null}', 'application/json'], [undefined, undefined]] as const) {
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
      last = await fetch(`${s.http.url}${ENROL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `SAI${i}MA-KHONG-DUNG` }) });
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
    const r = await fetch(`${s.http.url}${INTAKE_PATH}`, { method: 'POST', headers: { authorization: 'Bearer pl_kt_edges-token-0000000000', 'content-type': 'application/json' }, body: '{"file":"x"}' });
    expect(r.status).toBe(415);
    expect((await r.json()).error).toBe('Chỉ nhận sổ làm việc Excel (.xlsx). Hãy nộp tệp biểu mẫu dạng .xlsx.');
    expect(await s.service.ledger.count()).toBe(0);
    expect(await s.service.ledger.events({})).toEqual([]);
  });

  it('submissions: a file name that cannot be read is refused before anything is kept', async () => {
    const s = await serve();
    await s.service.ledger.addToken('KT', 'pl_kt_edges-token-1111111111', new Date().toISOString());
    const r = await fetch(`${s.http.url}${INTAKE_PATH}`, { method: 'POST', headers: { authorization: 'Bearer pl_kt_edges-token-1111111111', 'content-type': XLSX_MEDIA_TYPE, 'x-file-name': '%E0%A4%A' }, body: 'PK' });
    expect(r.status).toBe(400);
    expect((await r.json()).error).toBe('Tên tệp gửi kèm (X-File-Name) không đọc được. Hãy đặt lại tên tệp chỉ gồm chữ, số và dấu gạch rồi nộp lại.');
    expect(await s.service.ledger.count()).toBe(0);
  });
});

describe('the messages of a refused request', () => {
  it('a problem a schema wrote no sentence for is described in general Vietnamese words, never zod’s English', () => {
    const issue = (keyword: string, instancePath: string, params: Record<string, unknown>, message: string) => ({ keyword, instancePath, schemaPath: '', params, message });
    expect(validationMessage([issue('invalid_type', '/a/0/b', { expected: 'string' }, 'Invalid input: expected string, received number')], 'body'))
      .toBe('Nội dung yêu cầu không đúng dạng ở “a.0.b”: cần một đoạn chữ. Hãy sửa lại rồi gửi lại.');
    expect(validationMessage([issue('unrecognized_keys', '', { keys: ['x', 'y'] }, 'Unrecognized keys: "x", "y"')], 'querystring'))
      .toBe('Tham số trên đường dẫn không đúng dạng: có trường không dùng đến: “x”, “y”. Hãy sửa lại rồi gửi lại.');
    expect(validationMessage([issue('too_big', '/note', { maximum: 10, origin: 'string' }, 'Too big: expected string to have <=10 characters')], 'body'))
      .toBe('Nội dung yêu cầu không đúng dạng ở “note”: vượt giới hạn (tối đa 10). Hãy sửa lại rồi gửi lại.');
    expect(validationMessage([issue('custom', '/id', {}, 'Invalid input')], 'params')).toBe('Đường dẫn không đúng dạng ở “id”: giá trị không hợp lệ. Hãy sửa lại rồi gửi lại.');
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
