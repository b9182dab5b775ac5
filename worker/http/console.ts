/**
 * The planning office's console: the pages (console/, built into dist/console) at the root path,
 * over a JSON API under /api/v1/console/ that can be scripted.
 *
 * Security, all of it here:
 *  - accounts of the office (`phuluc user add`), passwords checked with scrypt (review/accounts.ts);
 *  - a session is a random 256-bit value in an HttpOnly, SameSite=Strict cookie (Secure and
 *    `__Host-` under TLS), kept server-side in the ledger as its SHA-256, 8 hours at most;
 *  - every change (POST) carries a CSRF token (@fastify/csrf-protection over @fastify/cookie: a
 *    secret in its own HttpOnly cookie, the token in the X-CSRF-Token header, bound to the session
 *    through an HMAC so that a cookie planted by someone else is no use);
 *  - logins are rate-limited per address and account name, and per address;
 *  - a department's access token opens nothing here: only the session cookie counts;
 *  - leaders (lanh-dao) read; only the planning office (ke-hoach) acts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_API, CSRF_HEADER, type ActionResult, type AppendixView, type ConsoleSession } from '../../shared/console-api.ts';
import { type ReviewAction } from '../../shared/review.ts';
import { appendixFileName, appendixInput, buildAppendix } from '../consolidate/appendix.ts';
import { unitStatuses } from '../consolidate/statuses.ts';
import { FOREIGN_UPLOAD } from '../ingest/index.ts';
import type { UserRecord } from '../ledger/contract.ts';
import { findSoffice, PdfError } from '../render/pdf.ts';
import { ActionRefused } from '../review/actions.ts';
import { verifyPassword } from '../review/accounts.ts';
import type { WorkerService } from '../service.ts';
import { appendixPdf } from './console-pdf.ts';
import { registerConsolePages } from './console-static.ts';
import { boardView, foreignUploadNotice, lateView, periodInfo, submissionView } from './console-views.ts';

/** A session lasts a working day at most. */
export const SESSION_HOURS = 8;
/** Login attempts per address and account name, and per address, in LOGIN_WINDOW. */
export const LOGIN_MAX_PER_NAME = 5;
export const LOGIN_MAX_PER_ADDRESS = 30;
export const LOGIN_WINDOW = '10 minutes';

interface ConsoleAuth { user: UserRecord; idHash: string; expiresAt: string }

declare module 'fastify' {
  interface FastifyRequest { consoleAuth?: ConsoleAuth }
}

const PRE_LOGIN = 'dang-nhap';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The key of the CSRF tokens' HMAC, kept in the data folder so that every process sharing it agrees. */
function csrfKey(dataRoot: string): string {
  const file = path.join(dataRoot, '.console-key');
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

function err(error: string) {
  return { error };
}

const MSG = {
  noSession: 'Chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại.',
  csrf: 'Yêu cầu không kèm mã xác nhận hợp lệ của phiên làm việc. Hãy tải lại trang rồi thao tác lại.',
  badLogin: 'Tên tài khoản hoặc mật khẩu không đúng.',
  tooMany: (after: string) => `Đăng nhập sai quá nhiều lần. Hãy thử lại sau ${after}.`,
  leader: 'Tài khoản lãnh đạo chỉ xem, không duyệt, trả lại hay mở lại được. Hãy nhờ Phòng Tài chính - Kế hoạch thao tác.',
  notFound: 'Không tìm thấy bản nộp này trong kỳ báo cáo đang tổng hợp.',
  body: 'Nội dung yêu cầu không đọc được.',
  server: 'Hệ thống gặp lỗi khi xử lý yêu cầu. Hãy thử lại sau ít phút; nếu lỗi lặp lại, hãy báo bộ phận kỹ thuật.',
};

/** "5 phút" from a rate-limit's milliseconds. */
function minutes(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))} phút`;
}

/** Content-Disposition for a download with a Vietnamese file name. */
function attachment(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function registerConsole(app: FastifyInstance, service: WorkerService): Promise<void> {
  const tls = Boolean(service.cfg.http.tlsCert);
  const SESSION_COOKIE = tls ? '__Host-phuluc-phien' : 'phuluc-phien';
  const { cfg, ledger } = service;

  await app.register(async (api) => {
    await api.register(cookie);
    await api.register(csrf, {
      cookieKey: 'phuluc-csrf',
      cookieOpts: { path: CONSOLE_API, sameSite: 'strict', httpOnly: true, secure: tls },
      getToken: (req: FastifyRequest) => req.headers[CSRF_HEADER] as string | undefined,
      getUserInfo: (req: FastifyRequest) => req.consoleAuth?.idHash ?? PRE_LOGIN,
      csrfOpts: { hmacKey: csrfKey(cfg.paths.root) },
    });

    api.addHook('onSend', async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('x-content-type-options', 'nosniff');
    });

    api.setErrorHandler((e: Error & { code?: string; statusCode?: number }, req, reply) => {
      if (e.code === 'FST_CSRF_MISSING_SECRET' || e.code === 'FST_CSRF_INVALID_TOKEN') return reply.code(403).send(err(MSG.csrf));
      if (e.statusCode === 429) return reply.code(429).send(err(e.message));
      if (e instanceof ActionRefused) return reply.code(e.status).send(err(e.message));
      if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return reply.code(e.statusCode).send(err(e.statusCode === 413 ? 'Nội dung gửi lên quá lớn.' : MSG.body));
      req.log.error({ err: e }, 'console error');
      return reply.code(500).send(err(MSG.server));
    });

    // Who is asking: the session cookie, and nothing else (a department's bearer token counts for nothing here).
    api.addHook('onRequest', async (req) => {
      const value = req.cookies[SESSION_COOKIE];
      if (!value || value.length > 100) return;
      const found = await ledger.session(sha256(value), service.clock().toISOString());
      if (found) req.consoleAuth = { user: found.user, idHash: found.session.idHash, expiresAt: found.session.expiresAt };
    });

    const needSession = async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.consoleAuth) return reply.code(401).send(err(MSG.noSession));
    };
    const needPlanner = async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.consoleAuth) return reply.code(401).send(err(MSG.noSession));
      if (req.consoleAuth.user.role !== 'ke-hoach') return reply.code(403).send(err(MSG.leader));
    };
    const read = { onRequest: needSession };
    // The session first (401), then the CSRF token (403), then the role (403).
    const change = { onRequest: [needSession, api.csrfProtection], bodyLimit: 64 * 1024 };
    const act = { onRequest: [needSession, api.csrfProtection], preHandler: needPlanner, bodyLimit: 64 * 1024 };

    const session = (auth: ConsoleAuth, csrfToken: string): ConsoleSession => ({
      user: auth.user.name, role: auth.user.role, expiresAt: auth.expiresAt, csrfToken,
    });
    /**
     * A CSRF token bound to the session (or to "not logged in yet"). Made once per answer: without
     * the secret's cookie, each call would make a new secret and cookie, and only the last token would work.
     */
    const csrfToken = (reply: FastifyReply, auth: ConsoleAuth | null | undefined): string => reply.generateCsrf({ userInfo: auth?.idHash ?? PRE_LOGIN } as never);

    // A token for the login form (bound to the session when there is one, else to "not logged in
    // yet": the login route checks it against the same), and the session: the page asks this first,
    // so that a visitor not logged in gets the form without an error.
    api.get('/csrf', async (req, reply) => {
      const token = csrfToken(reply, req.consoleAuth);
      return { csrfToken: token, session: req.consoleAuth ? session(req.consoleAuth, token) : null };
    });

    const perAddress = api.createRateLimit({ max: LOGIN_MAX_PER_ADDRESS, timeWindow: LOGIN_WINDOW, keyGenerator: (req) => `login|${req.ip}` });
    api.post('/login', {
      onRequest: api.csrfProtection,
      bodyLimit: 4096,
      config: {
        rateLimit: {
          max: LOGIN_MAX_PER_NAME, timeWindow: LOGIN_WINDOW, hook: 'preHandler',
          keyGenerator: (req: FastifyRequest) => `login|${req.ip}|${String((req.body as { name?: unknown } | undefined)?.name ?? '').trim().toLowerCase().slice(0, 40)}`,
          errorResponseBuilder: (_req: FastifyRequest, ctx: { ttl: number }) => ({ statusCode: 429, message: MSG.tooMany(minutes(ctx.ttl)) }),
        },
      },
    }, async (req, reply) => {
      const limit = await perAddress(req);
      if (!limit.isAllowed && limit.isExceeded) return reply.code(429).send(err(MSG.tooMany(minutes(limit.ttl))));
      const body = req.body as { name?: unknown; password?: unknown } | undefined;
      const name = typeof body?.name === 'string' ? body.name.trim().toLowerCase() : '';
      const password = typeof body?.password === 'string' ? body.password : '';
      const user = name && name.length <= 40 ? await ledger.user(name) : undefined;
      const ok = await verifyPassword(password, user && !user.disabledAt ? user.passwordHash : undefined);
      if (!ok || !user) return reply.code(401).send(err(MSG.badLogin));
      const value = randomBytes(32).toString('base64url');
      const now = service.clock();
      const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
      const auth: ConsoleAuth = { user, idHash: sha256(value), expiresAt };
      if (req.consoleAuth) await ledger.deleteSession(req.consoleAuth.idHash);
      await ledger.addSession({ idHash: auth.idHash, user: user.name, createdAt: now.toISOString(), expiresAt }, now.toISOString());
      reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: tls, maxAge: SESSION_HOURS * 3600 });
      service.log.info({ user: user.name }, 'console login');
      return reply.code(200).send(session(auth, csrfToken(reply, auth)));
    });

    api.post('/logout', change, async (req, reply) => {
      await ledger.deleteSession(req.consoleAuth!.idHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: tls });
      return { ok: true };
    });

    api.get('/session', read, async (req, reply) => session(req.consoleAuth!, csrfToken(reply, req.consoleAuth)));

    api.get('/board', read, async () => {
      const now = service.clock();
      const foreign = await ledger.events({ period: cfg.period.id, kind: FOREIGN_UPLOAD, limit: 50 });
      return boardView(cfg.period, await unitStatuses(cfg.catalog, cfg.period, ledger, now), now, foreign.reverse().map((e) => foreignUploadNotice(cfg.catalog, e)));
    });

    api.get('/late', read, async () => {
      const now = service.clock();
      return lateView(cfg.catalog, cfg.period, await unitStatuses(cfg.catalog, cfg.period, ledger, now), now);
    });

    const idOf = (req: FastifyRequest): number => {
      const n = Number((req.params as { id: string }).id);
      if (!Number.isSafeInteger(n) || n <= 0) throw new ActionRefused(MSG.notFound, 404);
      return n;
    };

    api.get('/submissions/:id', read, async (req, reply) => {
      const view = await submissionView(ledger, cfg.catalog, cfg.period, idOf(req), req.consoleAuth!.user.role);
      return view ?? reply.code(404).send(err(MSG.notFound));
    });

    api.get('/submissions/:id/file', read, async (req, reply) => {
      const rec = await ledger.byId(idOf(req));
      if (!rec || !rec.unit || rec.period !== cfg.period.id) return reply.code(404).send(err(MSG.notFound));
      const bytes = await service.store.get(rec.archivePath);
      const xlsx = rec.archivePath.endsWith('.xlsx');
      return reply.header('content-type', xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/octet-stream')
        .header('content-disposition', attachment(rec.fileName)).send(Buffer.from(bytes));
    });

    const action = (name: ReviewAction) => async (req: FastifyRequest): Promise<ActionResult> => {
      const body = (req.body ?? {}) as { note?: unknown; comments?: unknown };
      const comments = Array.isArray(body.comments)
        ? body.comments.filter((c): c is { indicator: string; text: string } => typeof c?.indicator === 'string' && typeof c?.text === 'string')
        : undefined;
      const outcome = await service.review({
        submissionId: idOf(req), action: name, actor: req.consoleAuth!.user.name,
        note: typeof body.note === 'string' ? body.note : null, ...(comments ? { comments } : {}),
      });
      const view = await submissionView(ledger, cfg.catalog, cfg.period, outcome.submission.id, req.consoleAuth!.user.role);
      return { state: view!.state, submission: view! };
    };
    api.post('/submissions/:id/approve', act, action('approve'));
    api.post('/submissions/:id/return', act, action('return'));
    api.post('/submissions/:id/reopen', act, action('reopen'));

    const appendixNow = () => buildAppendix(appendixInput(cfg, ledger, service.clock()));

    api.get('/appendix', read, async (): Promise<AppendixView> => {
      const built = await appendixNow();
      const versions = await ledger.appendixVersions(cfg.period.id);
      return {
        period: periodInfo(cfg.period, service.clock()), final: built.final, model: built.content.model,
        summary: built.content.summary.sentence, warnings: built.warnings.length,
        versions: versions.map((v, i) => ({ n: versions.length - i, createdAt: v.createdAt, final: v.final ?? false, contentHash: v.contentHash })),
        pdf: findSoffice() !== undefined,
      };
    });

    api.get('/appendix/file.xlsx', read, async (_req, reply) => {
      const file = path.join(cfg.paths.out, appendixFileName(cfg.period));
      if (!existsSync(file)) return reply.code(404).send(err('Chưa có phụ lục: hệ thống chưa tổng hợp lần nào. Hãy đợi ít phút rồi tải lại.'));
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(appendixFileName(cfg.period))).send(readFileSync(file));
    });

    api.get('/appendix/versions/:n/file.xlsx', read, async (req, reply) => {
      const versions = await ledger.appendixVersions(cfg.period.id);
      const n = Number((req.params as { n: string }).n);
      const v = Number.isSafeInteger(n) && n >= 1 && n <= versions.length ? versions[versions.length - n] : undefined;
      if (!v || !existsSync(v.path)) return reply.code(404).send(err('Không tìm thấy phiên bản phụ lục này.'));
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(`phu-luc-1-${cfg.period.id}-phien-ban-${n}.xlsx`)).send(readFileSync(v.path));
    });

    api.get('/appendix/file.pdf', read, async (_req, reply) => {
      if (!findSoffice()) {
        return reply.code(503).send(err('Máy chạy hệ thống chưa cài LibreOffice nên chưa tạo được bản PDF. Hãy tải bản Excel (.xlsx) rồi in hoặc lưu PDF từ Excel, hoặc nhờ bộ phận kỹ thuật cài LibreOffice.'));
      }
      const built = await appendixNow();
      let pdf: Uint8Array;
      try {
        pdf = await appendixPdf(built.content.model, built.contentHash, path.join(cfg.paths.out, 'pdf'));
      } catch (e) {
        if (e instanceof PdfError) return reply.code(503).send(err(e.message));
        throw e;
      }
      return reply.header('content-type', 'application/pdf')
        .header('content-disposition', attachment(appendixFileName(cfg.period).replace(/\.xlsx$/, '.pdf'))).send(Buffer.from(pdf));
    });

    // Anything else under the console's API: not found, but only to someone logged in.
    api.all('/*', read, async (_req, reply) => reply.code(404).send(err('Không có mục này.')));
  }, { prefix: CONSOLE_API });

  await registerConsolePages(app, service);
}
