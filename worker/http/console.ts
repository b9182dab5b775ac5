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
 *
 * The sessions plugin, as scopes: the API's scope says who is asking (the session cookie, on every
 * request, decorating `consoleAuth`) and holds the public routes (the CSRF token, the login); its
 * child scope's routes require a session; in it, the changes' scope requires the CSRF token, and in
 * that, the actions' scope the planning office's role. Each check is a hook of the route the router
 * matched, so no spelling of a path passes it by; and each runs before the body is read and checked
 * against the route's schema: 401 (session), then 403 (CSRF token), then 403 (role), then 400.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { CONSOLE_API, CSRF_HEADER, type ActionResult, type AppendixView, type ConsoleSession } from '../../shared/console-api.ts';
import { type ReviewAction } from '../../shared/review.ts';
import { canAct } from '../../shared/accounts.ts';
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
import {
  ActionBodyOrNone, ActionReply, AnyParams, AppendixReply, BoardReply, ChangeHeaders, CsrfReply, EmptyBody, FileReply, LateReply, LoginBody,
  OkReply, PeriodQuery, refusals, SessionReply, SubmissionParams, SubmissionReply, VersionParams, type CsrfResponse, type LoginRequest,
} from './schemas.ts';
import { currentPeriod, findCollected, type CollectedPeriod } from '../../shared/collection.ts';
import { validationMessage } from './validation.ts';

/** A session lasts a working day at most. */
export const SESSION_HOURS = 8;
/** Login attempts per address and account name, and per address, in LOGIN_WINDOW. */
export const LOGIN_MAX_PER_NAME = 5;
export const LOGIN_MAX_PER_ADDRESS = 30;
export const LOGIN_WINDOW = '10 minutes';

interface ConsoleAuth { user: UserRecord; idHash: string; expiresAt: string }

declare module 'fastify' {
  /** Who is asking the console: the session the cookie names (decorated by the console; null without one, and outside the console). */
  interface FastifyRequest { consoleAuth: ConsoleAuth | null }
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

/** The session of a request in the signed-in scope (its hook has answered 401 to anyone without). */
function signedIn(req: FastifyRequest): ConsoleAuth {
  if (!req.consoleAuth) throw new Error('console route outside the signed-in scope');
  return req.consoleAuth;
}

const MSG = {
  noSession: 'Chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại.',
  csrf: 'Yêu cầu không kèm mã xác nhận hợp lệ của phiên làm việc. Hãy tải lại trang rồi thao tác lại.',
  badLogin: 'Tên tài khoản hoặc mật khẩu không đúng.',
  tooMany: (after: string) => `Đăng nhập sai quá nhiều lần. Hãy thử lại sau ${after}.`,
  leader: 'Tài khoản lãnh đạo chỉ xem, không duyệt, trả lại hay mở lại được. Hãy nhờ Phòng Tài chính - Kế hoạch thao tác.',
  notFound: 'Không tìm thấy bản nộp này trong các kỳ báo cáo đã mở.',
  noPeriod: 'Chưa có kỳ báo cáo này. Hãy chọn một kỳ đã mở, hoặc mở kỳ báo cáo ở mục “Kỳ báo cáo”.',
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

  await app.register(async (plain) => {
    const api = plain.withTypeProvider<ZodTypeProvider>();
    await api.register(cookie);
    await api.register(csrf, {
      cookieKey: 'phuluc-csrf',
      cookieOpts: { path: CONSOLE_API, sameSite: 'strict', httpOnly: true, secure: tls },
      getToken: (req: FastifyRequest) => req.headers[CSRF_HEADER] as string | undefined,
      getUserInfo: (req: FastifyRequest) => req.consoleAuth?.idHash ?? PRE_LOGIN,
      csrfOpts: { hmacKey: csrfKey(cfg.paths.root) },
    });
    api.decorateRequest('consoleAuth', null);

    api.addHook('onSend', async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('x-content-type-options', 'nosniff');
    });

    api.setErrorHandler((e: Error & { code?: string; statusCode?: number; validationContext?: string }, req, reply) => {
      if (hasZodFastifySchemaValidationErrors(e)) return reply.code(400).send(err(validationMessage(e.validation, e.validationContext)));
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

    const session = (auth: ConsoleAuth, csrfToken: string): ConsoleSession => ({
      user: auth.user.name, role: auth.user.role, expiresAt: auth.expiresAt, csrfToken,
    });
    /**
     * A CSRF token bound to the session (or to "not logged in yet"). Made once per answer: without
     * the secret's cookie, each call would make a new secret and cookie, and only the last token would work.
     */
    const csrfToken = (reply: FastifyReply, auth: ConsoleAuth | null): string => reply.generateCsrf({ userInfo: auth?.idHash ?? PRE_LOGIN } as never);

    // Public: a token for the login form (bound to the session when there is one, else to "not
    // logged in yet": the login route checks it against the same), and the session: the page asks
    // this first, so that a visitor not logged in gets the form without an error.
    api.get('/csrf', { schema: { response: { 200: CsrfReply, ...refusals() } } }, async (req, reply): Promise<CsrfResponse> => {
      const token = csrfToken(reply, req.consoleAuth);
      return { csrfToken: token, session: req.consoleAuth ? session(req.consoleAuth, token) : null };
    });

    const perAddress = api.createRateLimit({ max: LOGIN_MAX_PER_ADDRESS, timeWindow: LOGIN_WINDOW, keyGenerator: (req) => `login|${req.ip}` });
    api.post('/login', {
      schema: { headers: ChangeHeaders, body: LoginBody, response: { 200: SessionReply, ...refusals(400, 401, 403, 413, 429) } },
      onRequest: api.csrfProtection,
      bodyLimit: 4096,
      config: {
        rateLimit: {
          // preHandler: after the body has been checked against the schema.
          max: LOGIN_MAX_PER_NAME, timeWindow: LOGIN_WINDOW, hook: 'preHandler',
          keyGenerator: (req: FastifyRequest) => `login|${req.ip}|${String((req.body as Partial<LoginRequest> | undefined)?.name ?? '').trim().toLowerCase().slice(0, 40)}`,
          errorResponseBuilder: (_req: FastifyRequest, ctx: { ttl: number }) => ({ statusCode: 429, message: MSG.tooMany(minutes(ctx.ttl)) }),
        },
      },
    }, async (req, reply) => {
      const limit = await perAddress(req);
      if (!limit.isAllowed && limit.isExceeded) return reply.code(429).send(err(MSG.tooMany(minutes(limit.ttl))));
      const name = req.body.name.trim().toLowerCase();
      const user = name && name.length <= 40 ? await ledger.user(name) : undefined;
      const ok = await verifyPassword(req.body.password, user && !user.disabledAt ? user.passwordHash : undefined);
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

    /** The period a page asks for (`?period=`), else the current one; a 404 answer when there is none. */
    const periodOf = async (periodId: string | undefined): Promise<CollectedPeriod> => {
      await service.prepare();
      const entry = periodId ? findCollected(service.collection, periodId) : currentPeriod(service.collection);
      if (!entry) throw new ActionRefused(MSG.noPeriod, 404);
      return entry;
    };

    // Everything else needs a session.
    await api.register(async (plainSigned) => {
      const withSession = plainSigned.withTypeProvider<ZodTypeProvider>();
      withSession.addHook('onRequest', async (req, reply) => {
        if (!req.consoleAuth) return reply.code(401).send(err(MSG.noSession));
      });

      withSession.get('/session', { schema: { response: { 200: SessionReply, ...refusals(401) } } }, async (req, reply) => session(signedIn(req), csrfToken(reply, req.consoleAuth)));

      withSession.get('/board', { schema: { querystring: PeriodQuery, response: { 200: BoardReply, ...refusals(400, 401, 404) } } }, async (req) => {
        const { catalog, period } = await periodOf(req.query.period);
        const now = service.clock();
        const foreign = await ledger.events({ period: period.id, kind: FOREIGN_UPLOAD, limit: 50 });
        return boardView(period, await unitStatuses(catalog, period, ledger, now), now, foreign.reverse().map((e) => foreignUploadNotice(service.collection, e)));
      });

      withSession.get('/late', { schema: { querystring: PeriodQuery, response: { 200: LateReply, ...refusals(400, 401, 404) } } }, async (req) => {
        const { catalog, period } = await periodOf(req.query.period);
        const now = service.clock();
        return lateView(catalog, period, await unitStatuses(catalog, period, ledger, now), now);
      });

      /** A submission and its period (any period opened, open or closed). */
      const submissionOf = async (id: number) => {
        await service.prepare();
        const rec = await ledger.byId(id);
        const entry = findCollected(service.collection, rec?.period);
        return rec && rec.unit && entry ? { rec, entry } : undefined;
      };

      withSession.get('/submissions/:id', { schema: { params: SubmissionParams, response: { 200: SubmissionReply, ...refusals(400, 401, 404) } } }, async (req, reply) => {
        const found = await submissionOf(req.params.id);
        const view = found && await submissionView(ledger, found.entry.catalog, found.entry.period, req.params.id, signedIn(req).user.role);
        return view ? reply.send(view) : reply.code(404).send(err(MSG.notFound));
      });

      withSession.get('/submissions/:id/file', { schema: { params: SubmissionParams, response: { 200: FileReply, ...refusals(400, 401, 404) } } }, async (req, reply) => {
        const found = await submissionOf(req.params.id);
        if (!found) return reply.code(404).send(err(MSG.notFound));
        const { rec } = found;
        const bytes = await service.store.get(rec.archivePath);
        const xlsx = rec.archivePath.endsWith('.xlsx');
        return reply.header('content-type', xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/octet-stream')
          .header('content-disposition', attachment(rec.fileName)).send(Buffer.from(bytes));
      });

      const appendixNow = (entry: CollectedPeriod) => buildAppendix(appendixInput(entry, cfg, ledger, service.clock()));

      withSession.get('/appendix', { schema: { querystring: PeriodQuery, response: { 200: AppendixReply, ...refusals(400, 401, 404) } } }, async (req): Promise<AppendixView> => {
        const entry = await periodOf(req.query.period);
        const built = await appendixNow(entry);
        const versions = await ledger.appendixVersions(entry.period.id);
        return {
          period: periodInfo(entry.period, service.clock()), final: built.final, model: built.content.model,
          summary: built.content.summary.sentence, warnings: built.warnings.length,
          versions: versions.map((v, i) => ({ n: versions.length - i, createdAt: v.createdAt, final: v.final ?? false, contentHash: v.contentHash })),
          pdf: findSoffice() !== undefined,
        };
      });

      withSession.get('/appendix/file.xlsx', { schema: { querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 404) } } }, async (req, reply) => {
        const { period } = await periodOf(req.query.period);
        const file = path.join(cfg.paths.out, appendixFileName(period));
        if (!existsSync(file)) return reply.code(404).send(err('Chưa có phụ lục: hệ thống chưa tổng hợp lần nào. Hãy đợi ít phút rồi tải lại.'));
        return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', attachment(appendixFileName(period))).send(readFileSync(file));
      });

      withSession.get('/appendix/versions/:n/file.xlsx', { schema: { params: VersionParams, querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 404) } } }, async (req, reply) => {
        const { period } = await periodOf(req.query.period);
        const versions = await ledger.appendixVersions(period.id);
        const n = req.params.n;
        const v = n <= versions.length ? versions[versions.length - n] : undefined;
        if (!v || !existsSync(v.path)) return reply.code(404).send(err('Không tìm thấy phiên bản phụ lục này.'));
        return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', attachment(`phu-luc-1-${period.id}-phien-ban-${n}.xlsx`)).send(readFileSync(v.path));
      });

      withSession.get('/appendix/file.pdf', { schema: { querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 404, 503) } } }, async (req, reply) => {
        const entry = await periodOf(req.query.period);
        if (!findSoffice()) {
          return reply.code(503).send(err('Máy chạy hệ thống chưa cài LibreOffice nên chưa tạo được bản PDF. Hãy tải bản Excel (.xlsx) rồi in hoặc lưu PDF từ Excel, hoặc nhờ bộ phận kỹ thuật cài LibreOffice.'));
        }
        const built = await appendixNow(entry);
        let pdf: Uint8Array;
        try {
          pdf = await appendixPdf(built.content.model, built.contentHash, path.join(cfg.paths.out, 'pdf'));
        } catch (e) {
          if (e instanceof PdfError) return reply.code(503).send(err(e.message));
          throw e;
        }
        return reply.header('content-type', 'application/pdf')
          .header('content-disposition', attachment(appendixFileName(entry.period).replace(/\.xlsx$/, '.pdf'))).send(Buffer.from(pdf));
      });

      // Anything else under the console's API: not found, but only to someone logged in.
      withSession.all('/*', { schema: { params: AnyParams, response: refusals(401, 404) } }, async (_req, reply) => reply.code(404).send(err('Không có mục này.')));

      // Changes: the session's CSRF token too.
      await withSession.register(async (plainChanges) => {
        const changes = plainChanges.withTypeProvider<ZodTypeProvider>();
        changes.addHook('onRequest', api.csrfProtection);

        changes.post('/logout', {
          schema: { headers: ChangeHeaders, body: EmptyBody, response: { 200: OkReply, ...refusals(400, 401, 403, 413) } },
          bodyLimit: 64 * 1024,
        }, async (req, reply) => {
          await ledger.deleteSession(signedIn(req).idHash);
          reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: tls });
          return { ok: true as const };
        });

        // The review's actions: the planning office's role too (a leader reads and does not act).
        await changes.register(async (plainActions) => {
          const actions = plainActions.withTypeProvider<ZodTypeProvider>();
          actions.addHook('onRequest', async (req, reply) => {
            if (!canAct(signedIn(req).user.role)) return reply.code(403).send(err(MSG.leader));
          });
          const act = (name: ReviewAction) => actions.post(`/submissions/:id/${name}`, {
            schema: {
              headers: ChangeHeaders, params: SubmissionParams, body: ActionBodyOrNone,
              response: { 200: ActionReply, ...refusals(400, 401, 403, 404, 409, 413) },
            },
            bodyLimit: 64 * 1024,
          }, async (req): Promise<ActionResult> => {
            const auth = signedIn(req);
            const { note, comments } = req.body;
            const outcome = await service.review({
              submissionId: req.params.id, action: name, actor: auth.user.name, note: note ?? null, ...(comments ? { comments } : {}),
            });
            const entry = service.periodEntry(outcome.submission.period)!;
            const view = await submissionView(ledger, entry.catalog, entry.period, outcome.submission.id, auth.user.role);
            return { state: view!.state, submission: view! };
          });
          act('approve');
          act('return');
          act('reopen');
        });
      });
    });
  }, { prefix: CONSOLE_API });

  await registerConsolePages(app, service);
}
