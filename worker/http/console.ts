/**
 * The planning office's console: the pages (console/, built into dist/console) at the root path,
 * over a JSON API under /api/v1/console/ that can be scripted.
 *
 * Security, all of it here:
 *  - accounts of the office, passwords checked with scrypt (review/accounts.ts); the first account
 *    is made in the browser with a one-time set-up code `phuluc start` prints (setup.ts);
 *  - a session is a random 256-bit value in an HttpOnly, SameSite=Strict cookie (Secure and
 *    `__Host-` under TLS), kept server-side in the ledger as its SHA-256, 8 hours at most;
 *  - every change (POST) carries a CSRF token (@fastify/csrf-protection over @fastify/cookie: a
 *    secret in its own HttpOnly cookie, the token in the X-CSRF-Token header, bound to the session
 *    through an HMAC so that a cookie planted by someone else is no use);
 *  - logins are limited on failures only, per account name and per address (login-limits.ts);
 *  - a department's access token opens nothing here: only the session cookie counts;
 *  - roles: leaders (lanh-dao) read; the planning office (ke-hoach) acts; the administrator
 *    (quan-tri) acts and manages accounts; an account whose password an administrator reset can
 *    only change it until it does.
 *
 * The sessions plugin, as scopes: the API's scope says who is asking (the session cookie, on every
 * request, decorating `consoleAuth`) and holds the public routes (the CSRF token, the login, the
 * set-up); its child scope's routes require a session; under it, the planning office's reads, the
 * administrator's, and the changes' scope (the CSRF token), and under that the actions' (the role)
 * and the administrator's. Each check is a hook of the route the router matched, so no spelling of
 * a path passes it by; and each runs before the body is read and checked against the route's
 * schema: 401 (session), then 403 (CSRF token), then 403 (role), then 400.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { canAct, canManageAccounts } from '../../shared/accounts.ts';
import { currentPeriod, findCollected } from '../../shared/collection.ts';
import { CONSOLE_API, CSRF_HEADER, type ConsoleSession, type CsrfResponse } from '../../shared/console-api.ts';
import { UserError } from '../errors.ts';
import type { UserRecord } from '../ledger/contract.ts';
import { ActionRefused } from '../review/actions.ts';
import { hashPassword, verifyPassword } from '../review/accounts.ts';
import type { WorkerService } from '../service.ts';
import { redeemSetupCode, setupNeeded } from '../setup.ts';
import { addRawBodies, err, MSG, signedIn, type ConsoleAuth, type ConsoleContext, type ConsoleScopes } from './console-kit.ts';
import { registerLeaders } from './console-leaders.ts';
import { registerCatalog } from './console-catalog.ts';
import { registerOffice } from './console-office.ts';
import { registerReview } from './console-review.ts';
import { registerConsolePages } from './console-static.ts';
import { LoginLimits } from './login-limits.ts';
import { AnyParams, ChangeHeaders, CsrfReply, EmptyBody, LoginBody, OkReply, PasswordBody, refusals, SessionReply, SetupBody } from './schemas.ts';
import { validationMessage } from './validation.ts';

/** A session lasts a working day at most. */
export const SESSION_HOURS = 8;
/** Failed logins per account name, and per address, in LOGIN_WINDOW_MS. */
export const LOGIN_MAX_PER_NAME = 5;
export const LOGIN_MAX_PER_ADDRESS = 30;
export const LOGIN_WINDOW_MS = 10 * 60_000;

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

/** "5 phút" from milliseconds. */
function minutes(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))} phút`;
}

export async function registerConsole(app: FastifyInstance, service: WorkerService): Promise<void> {
  const tls = Boolean(service.cfg.http.tlsCert);
  const SESSION_COOKIE = tls ? '__Host-phuluc-phien' : 'phuluc-phien';
  const { cfg, ledger } = service;
  const limits = new LoginLimits({ perName: LOGIN_MAX_PER_NAME, perAddress: LOGIN_MAX_PER_ADDRESS, windowMs: LOGIN_WINDOW_MS });

  const ctx: ConsoleContext = {
    service,
    periodOf: async (periodId) => {
      await service.prepare();
      await service.refresh();
      const entry = periodId ? findCollected(service.collection, periodId) : currentPeriod(service.collection);
      if (!entry) throw new ActionRefused(MSG.noPeriod, 404);
      return entry;
    },
    event: async (req, kind, o) => {
      await ledger.addEvent({
        at: service.clock().toISOString(),
        kind,
        period: o.period ?? null,
        unit: o.unit ?? null,
        actor: req.consoleAuth?.user.name ?? null,
        sha256: o.sha256 ?? null,
        detail: o.detail ?? {},
      });
    },
  };

  await app.register(
    async (plain) => {
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
        // A refusal of the office's settings (settings.ts): a conflict with what stands, said in its words.
        if (e instanceof UserError) return reply.code(409).send(err(e.message));
        if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
          return reply.code(e.statusCode).send(err(e.statusCode === 413 ? 'Nội dung gửi lên quá lớn.' : MSG.body));
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
        user: auth.user.name,
        fullName: auth.user.fullName,
        role: auth.user.role,
        expiresAt: auth.expiresAt,
        csrfToken,
        mustChangePassword: auth.user.mustChangePassword,
      });
      /**
       * A CSRF token bound to the session (or to "not logged in yet"). Made once per answer: without
       * the secret's cookie, each call would make a new secret and cookie, and only the last token would work.
       */
      const csrfToken = (reply: FastifyReply, auth: ConsoleAuth | null): string => reply.generateCsrf({ userInfo: auth?.idHash ?? PRE_LOGIN } as never);

      /** Starts a session for an account: the cookie, the ledger's record, the answer. */
      const startSession = async (req: FastifyRequest, reply: FastifyReply, user: UserRecord): Promise<ConsoleSession> => {
        const value = randomBytes(32).toString('base64url');
        const now = service.clock();
        const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
        const auth: ConsoleAuth = { user, idHash: sha256(value), expiresAt };
        if (req.consoleAuth) await ledger.deleteSession(req.consoleAuth.idHash);
        await ledger.addSession({ idHash: auth.idHash, user: user.name, createdAt: now.toISOString(), expiresAt }, now.toISOString());
        reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: tls, maxAge: SESSION_HOURS * 3600 });
        return session(auth, csrfToken(reply, auth));
      };

      // Public: a token for the forms (bound to the session when there is one, else to "not logged
      // in yet": the login and set-up routes check it against the same), the session, and whether
      // the first account is still to be made: the page asks this first.
      api.get('/csrf', { schema: { response: { 200: CsrfReply, ...refusals() } } }, async (req, reply): Promise<CsrfResponse> => {
        const token = csrfToken(reply, req.consoleAuth);
        return { csrfToken: token, session: req.consoleAuth ? session(req.consoleAuth, token) : null, setupNeeded: await setupNeeded(ledger) };
      });

      api.post(
        '/login',
        {
          schema: { headers: ChangeHeaders, body: LoginBody, response: { 200: SessionReply, ...refusals(400, 401, 403, 413, 429) } },
          onRequest: api.csrfProtection,
          bodyLimit: 4096,
        },
        async (req, reply) => {
          const name = req.body.name.trim().toLowerCase().slice(0, 40);
          const allowed = limits.check(name, req.ip);
          if (!allowed.ok) return reply.code(429).send(err(MSG.tooMany(minutes(allowed.retryMs))));
          const user = name ? await ledger.user(name) : undefined;
          const ok = await verifyPassword(req.body.password, user && !user.disabledAt ? user.passwordHash : undefined);
          if (!ok || !user) {
            limits.failed(name, req.ip);
            return reply.code(401).send(err(MSG.badLogin));
          }
          limits.succeeded(name);
          service.log.info({ user: user.name }, 'console login');
          return reply.code(200).send(await startSession(req, reply, user));
        },
      );

      // The first account, an administrator, made with the one-time code `phuluc start` printed.
      api.post(
        '/setup',
        {
          schema: { headers: ChangeHeaders, body: SetupBody, response: { 200: SessionReply, ...refusals(400, 403, 409, 413, 429) } },
          onRequest: api.csrfProtection,
          bodyLimit: 4096,
        },
        async (req, reply) => {
          const allowed = limits.check('(thiet-lap)', req.ip);
          if (!allowed.ok) return reply.code(429).send(err(MSG.tooMany(minutes(allowed.retryMs))));
          if (!(await setupNeeded(ledger)))
            return reply.code(409).send(err('Hệ thống đã có tài khoản. Hãy đăng nhập; nếu quên mật khẩu, hãy nhờ người quản trị đặt lại.'));
          if (!(await redeemSetupCode(ledger, req.body.code, service.clock()))) {
            limits.failed('(thiet-lap)', req.ip);
            return reply
              .code(403)
              .send(err('Mã thiết lập không đúng hoặc đã hết hạn. Hãy khởi động lại hệ thống (phuluc start) để nhận địa chỉ thiết lập mới.'));
          }
          const now = service.clock().toISOString();
          const user: UserRecord = {
            name: req.body.name,
            role: 'quan-tri',
            passwordHash: await hashPassword(req.body.password),
            createdAt: now,
            disabledAt: null,
            fullName: req.body.fullName,
            mustChangePassword: false,
          };
          if (!(await ledger.addUser(user))) return reply.code(409).send(err('Tên tài khoản này đã có. Hãy chọn tên khác.'));
          await ledger.addEvent({ at: now, kind: 'setup_done', period: null, unit: null, actor: user.name, sha256: null, detail: { name: user.name } });
          service.log.info({ user: user.name }, 'first account made');
          return reply.code(200).send(await startSession(req, reply, user));
        },
      );

      // Everything else needs a session.
      await api.register(async (plainSigned) => {
        const withSession = plainSigned.withTypeProvider<ZodTypeProvider>();
        withSession.addHook('onRequest', async (req, reply) => {
          if (!req.consoleAuth) return reply.code(401).send(err(MSG.noSession));
          // A reset password: only the session, the change of password and the logout until it is changed.
          const open = new Set([`${CONSOLE_API}/session`, `${CONSOLE_API}/password`, `${CONSOLE_API}/logout`]);
          if (req.consoleAuth.user.mustChangePassword && !open.has(req.routeOptions.url ?? '')) return reply.code(403).send(err(MSG.mustChange));
        });

        withSession.get('/session', { schema: { response: { 200: SessionReply, ...refusals(401) } } }, async (req, reply) =>
          session(signedIn(req), csrfToken(reply, req.consoleAuth)),
        );

        const gate = (allowed: (auth: ConsoleAuth) => boolean, message: string) => async (req: FastifyRequest, reply: FastifyReply) => {
          if (!allowed(signedIn(req))) return reply.code(403).send(err(message));
        };
        const actorGate = gate((a) => canAct(a.user.role), MSG.leader);
        const adminGate = gate((a) => canManageAccounts(a.user.role), MSG.admin);

        const scopes: Partial<ConsoleScopes> = { read: withSession };
        await withSession.register(async (p) => {
          const s = p.withTypeProvider<ZodTypeProvider>();
          s.addHook('onRequest', actorGate);
          scopes.officeRead = s;
        });
        await withSession.register(async (p) => {
          const s = p.withTypeProvider<ZodTypeProvider>();
          s.addHook('onRequest', adminGate);
          scopes.adminRead = s;
        });

        // Changes: the session's CSRF token too.
        await withSession.register(async (plainChanges) => {
          const changes = plainChanges.withTypeProvider<ZodTypeProvider>();
          changes.addHook('onRequest', api.csrfProtection);

          changes.post(
            '/logout',
            {
              schema: { headers: ChangeHeaders, body: EmptyBody, response: { 200: OkReply, ...refusals(400, 401, 403, 413) } },
              bodyLimit: 64 * 1024,
            },
            async (req, reply) => {
              await ledger.deleteSession(signedIn(req).idHash);
              reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: tls });
              return { ok: true as const };
            },
          );

          // An account changes its own password (also when an administrator reset it): its other sessions end.
          changes.post(
            '/password',
            {
              schema: { headers: ChangeHeaders, body: PasswordBody, response: { 200: SessionReply, ...refusals(400, 401, 403, 413, 429) } },
              bodyLimit: 4096,
            },
            async (req, reply) => {
              const auth = signedIn(req);
              const allowed = limits.check(auth.user.name, req.ip);
              if (!allowed.ok) return reply.code(429).send(err(MSG.tooMany(minutes(allowed.retryMs))));
              if (!(await verifyPassword(req.body.current, auth.user.passwordHash))) {
                limits.failed(auth.user.name, req.ip);
                return reply.code(403).send(err('Mật khẩu đang dùng không đúng.'));
              }
              if (req.body.current === req.body.next) return reply.code(400).send(err('Mật khẩu mới phải khác mật khẩu đang dùng.'));
              await ledger.setPassword(auth.user.name, await hashPassword(req.body.next));
              await ledger.deleteSessions(auth.user.name);
              await ctx.event(req, 'password_changed', { detail: { name: auth.user.name } });
              const user = (await ledger.user(auth.user.name))!;
              req.consoleAuth = null;
              return reply.code(200).send(await startSession(req, reply, user));
            },
          );

          await changes.register(async (p) => {
            const s = p.withTypeProvider<ZodTypeProvider>();
            s.addHook('onRequest', actorGate);
            scopes.act = s;
          });
          await changes.register(async (p) => {
            const s = p.withTypeProvider<ZodTypeProvider>();
            s.addHook('onRequest', adminGate);
            scopes.admin = s;
          });
        });

        // The route files, once every scope exists (a plugin's routes are added when it runs).
        await withSession.register(async () => {
          const all = scopes as ConsoleScopes;
          addRawBodies(all.act);
          registerReview(all, ctx);
          registerOffice(all, ctx);
          registerLeaders(all, ctx);
          registerCatalog(all, ctx);
        });

        // Anything else under the console's API: not found, but only to someone logged in.
        withSession.all('/*', { schema: { params: AnyParams, response: refusals(401, 403, 404) } }, async (_req, reply) =>
          reply.code(404).send(err('Không có mục này.')),
        );
      });
    },
    { prefix: CONSOLE_API },
  );

  await registerConsolePages(app, service);
}
