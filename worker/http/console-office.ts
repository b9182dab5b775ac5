/**
 * What the planning office runs from the browser besides the review (issue 21): the periods (open,
 * move a deadline, close, reopen), the departments' access (their e-mail addresses, enrolment codes
 * with a printable sheet, revoking the add-in's tokens, the templates one by one or all in a .zip),
 * reminders by e-mail, the accounts (the administrator's), and the audit of every action, as a page
 * and as a workbook. Every change is recorded (worker/settings.ts, the events).
 */
import type { FastifyRequest } from 'fastify';
import { zipSync } from 'fflate';
import { findUnit, reportingUnits } from '../../shared/catalog.ts';
import { currentPeriod } from '../../shared/collection.ts';
import type {
  AccountsResponse,
  AuditResponse,
  CatalogChoice,
  EnrolmentIssued,
  PeriodsResponse,
  PeriodSummary,
  ReminderResult,
  UnitAccess,
  UnitsResponse,
} from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { auditEntries, auditSheet } from '../audit.ts';
import { intakeAddress } from '../config.ts';
import { unitStatuses } from '../consolidate/statuses.ts';
import type { UserRecord } from '../ledger/contract.ts';
import { sendReminders } from '../reminders.ts';
import { renderTablesWorkbook } from '../render/exceljs.ts';
import { ActionRefused } from '../review/actions.ts';
import { hashPassword } from '../review/accounts.ts';
import { buildTemplate, templateDownloadName, templatesZipName } from '../templates.ts';
import { attachment, err, signedIn, type ConsoleContext, type ConsoleScopes } from './console-kit.ts';
import { boardView, lateView, periodInfo } from './console-views.ts';
import {
  AccountParams,
  AccountsReply,
  AuditQuery,
  AuditReply,
  ChangeHeaders,
  DeadlineBody,
  EmailBody,
  EmptyBody,
  EnrolmentReply,
  FileReply,
  NewAccountBody,
  OkReply,
  OpenPeriodBody,
  PeriodParams,
  PeriodQuery,
  PeriodsReply,
  refusals,
  ReminderBody,
  ReminderReply,
  ResetBody,
  RevokeReply,
  RoleBody,
  TemplateParams,
  UnitParams,
  UnitsReply,
} from './schemas.ts';
import { ENROLMENT_DAYS, newEnrolmentCode, normalizeCode } from './tokens.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The port the server listens on (the configured one until it listens). */
function listeningPort(req: FastifyRequest, configured: number): number {
  const addr = req.server.server.address();
  return addr && typeof addr === 'object' ? addr.port : configured;
}

export function registerOffice(s: ConsoleScopes, ctx: ConsoleContext): void {
  const { service, periodOf } = ctx;
  const { ledger, cfg } = service;
  const actor = (req: FastifyRequest) => signedIn(req).user.name;
  const address = (req: FastifyRequest) => intakeAddress(cfg.http, listeningPort(req, cfg.http.port));

  // ---------------------------------------------------------------------------------------------
  // Periods

  s.read.get('/periods', { schema: { response: { 200: PeriodsReply, ...refusals(401, 403) } } }, async (): Promise<PeriodsResponse> => {
    await service.prepare();
    const collection = await service.refresh();
    const now = service.clock();
    const records = new Map((await ledger.periods()).map((r) => [r.id, r]));
    const names = new Map((await ledger.users()).map((u) => [u.name, u.fullName || u.name]));
    const name = (n: string | null | undefined) => (n ? (names.get(n) ?? n) : null);
    const periods: PeriodSummary[] = [];
    for (const p of [...collection.periods].reverse()) {
      const board = boardView(p.period, await unitStatuses(p.catalog, p.period, ledger, now), now);
      const r = records.get(p.period.id);
      periods.push({
        ...periodInfo(p.period, now),
        open: p.open,
        catalogId: p.catalog.id,
        catalogVersion: p.catalogVersion,
        year: p.catalog.year,
        openedAt: p.openedAt,
        openedBy: name(r?.openedBy),
        closedAt: p.closedAt ?? null,
        closedBy: name(r?.closedBy),
        counts: board.counts,
        final: board.final,
      });
    }
    const versions = await service.settings.catalogVersions();
    const latest = new Map<string, (typeof versions)[number]>();
    for (const v of versions) if (!latest.has(v.id) || latest.get(v.id)!.version < v.version) latest.set(v.id, v);
    const opened = new Set(collection.periods.map((p) => p.period.id));
    const catalogs: CatalogChoice[] = [...latest.values()]
      .sort((a, b) => b.content.year - a.content.year)
      .map((v) => ({
        id: v.id,
        year: v.content.year,
        locality: v.content.locality.name,
        version: v.version,
        versions: versions.filter((x) => x.id === v.id).length,
        periods: v.content.periods.map((p) => ({ id: p.id, header: p.header, deadline: p.deadline, opened: opened.has(p.id) })),
      }));
    return { current: currentPeriod(collection)?.period.id ?? null, periods, catalogs };
  });

  s.act.post(
    '/periods',
    { schema: { headers: ChangeHeaders, body: OpenPeriodBody, response: { 200: OkReply, ...refusals(400, 401, 403, 409, 413) } }, bodyLimit: 4096 },
    async (req) => {
      await service.prepare();
      await service.settings.openPeriod({ catalogId: req.body.catalogId, periodId: req.body.periodId, deadline: req.body.deadline, actor: actor(req) });
      await service.refresh();
      service.requestConsolidation(req.body.periodId);
      return { ok: true as const };
    },
  );

  s.act.post(
    '/periods/:id/deadline',
    {
      schema: { headers: ChangeHeaders, params: PeriodParams, body: DeadlineBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req) => {
      await periodOf(req.params.id);
      await service.settings.moveDeadline(req.params.id, req.body.deadline, actor(req));
      await service.refresh();
      service.requestConsolidation(req.params.id);
      return { ok: true as const };
    },
  );

  for (const [what, change] of [
    ['close', 'closePeriod'],
    ['reopen', 'reopenPeriod'],
  ] as const) {
    s.act.post(
      `/periods/:id/${what}`,
      {
        schema: { headers: ChangeHeaders, params: PeriodParams, body: EmptyBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 409, 413) } },
        bodyLimit: 4096,
      },
      async (req) => {
        await periodOf(req.params.id);
        await service.settings[change](req.params.id, actor(req));
        await service.refresh();
        service.requestConsolidation(req.params.id);
        return { ok: true as const };
      },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // The departments' access

  s.officeRead.get(
    '/units',
    { schema: { querystring: PeriodQuery, response: { 200: UnitsReply, ...refusals(400, 401, 403, 404) } } },
    async (req): Promise<UnitsResponse> => {
      const { catalog, period } = await periodOf(req.query.period);
      const now = service.clock();
      const [access, contacts, submissions] = await Promise.all([
        ledger.accessOverview(now.toISOString()),
        ledger.unitContacts(),
        ledger.listSubmissions({ period: period.id, limit: 5000 }),
      ]);
      const email = new Map(contacts.map((c) => [c.unit, c.email]));
      const reporting = new Set(reportingUnits(catalog).map((u) => u.code));
      const units: UnitAccess[] = catalog.units.map((u) => {
        const mine = submissions.filter((x) => x.unit === u.code);
        const last = mine[0];
        const lastHttp = mine.find((x) => x.source === 'http');
        const a = access.get(u.code) ?? { tokens: 0, pendingEnrolments: 0 };
        return {
          code: u.code,
          name: u.name,
          email: email.get(u.code) ?? null,
          addin: { tokens: a.tokens, ...(lastHttp ? { lastAt: lastHttp.receivedAt } : {}) },
          pendingEnrolments: a.pendingEnrolments,
          ...(last ? { last: { at: last.receivedAt, source: last.source, fileName: last.fileName } } : {}),
          reports: reporting.has(u.code),
        };
      });
      return { period: periodInfo(period, now), intakeUrl: address(req), units };
    },
  );

  s.act.post(
    '/units/:code/email',
    {
      schema: { headers: ChangeHeaders, params: UnitParams, body: EmailBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req) => {
      await service.prepare();
      if (!service.collection.periods.some((p) => findUnit(p.catalog, req.params.code))) throw new ActionRefused('Không có đơn vị này trong danh mục.', 404);
      await service.settings.setUnitEmail(req.params.code, req.body.email || null, actor(req));
      return { ok: true as const };
    },
  );

  s.act.post(
    '/units/:code/enrolment',
    {
      schema: { headers: ChangeHeaders, params: UnitParams, body: EmptyBody, response: { 200: EnrolmentReply, ...refusals(400, 401, 403, 404, 413) } },
      bodyLimit: 4096,
    },
    async (req): Promise<EnrolmentIssued> => {
      await service.prepare();
      const unit = service.collection.periods.map((p) => findUnit(p.catalog, req.params.code)).find(Boolean);
      if (!unit) throw new ActionRefused('Không có đơn vị này trong danh mục.', 404);
      const now = service.clock();
      const code = newEnrolmentCode();
      const expiresAt = new Date(now.getTime() + ENROLMENT_DAYS * 86_400_000).toISOString();
      await ledger.addEnrolment(unit.code, normalizeCode(code), now.toISOString(), expiresAt);
      await ctx.event(req, 'enrolment_issued', { unit: unit.code, detail: { expiresAt } });
      const intakeUrl = address(req);
      return {
        unit: unit.code,
        unitName: unit.name,
        code,
        expiresAt,
        intakeUrl,
        steps: [
          'Mở tệp biểu mẫu Phụ lục 1 của đơn vị bằng Excel; phần bổ trợ tự mở bên phải (nếu không, bấm nút “Phụ lục 1” trên thẻ Trang đầu).',
          `Trong phần bổ trợ, bấm “Cài đặt”, nhập mã đăng ký ${code} (chỉ dùng một lần, hết hạn lúc ${formatTimeVi(expiresAt)}); nếu được hỏi địa chỉ hệ thống, nhập ${intakeUrl}.`,
          'Nhập số liệu vào các ô màu vàng; sửa các ô phần bổ trợ báo lỗi; ghi giải trình cho chỉ tiêu không đạt.',
          'Bấm “Nộp báo cáo” và giữ lại biên nhận. Nếu không nộp được, lưu tệp vào thư mục nộp báo cáo chung.',
        ],
      };
    },
  );

  s.act.post(
    '/units/:code/revoke',
    {
      schema: { headers: ChangeHeaders, params: UnitParams, body: EmptyBody, response: { 200: RevokeReply, ...refusals(400, 401, 403, 413) } },
      bodyLimit: 4096,
    },
    async (req) => {
      const revoked = await ledger.revokeTokens(req.params.code, service.clock().toISOString());
      await ctx.event(req, 'tokens_revoked', { unit: req.params.code, detail: { revoked } });
      return { revoked };
    },
  );

  s.officeRead.get(
    '/templates/:file',
    { schema: { params: TemplateParams, querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 403, 404) } } },
    async (req, reply) => {
      const { catalog, period, catalogVersion } = await periodOf(req.query.period);
      const unit = findUnit(catalog, req.params.file.replace(/\.xlsx$/, ''));
      if (!unit || !reportingUnits(catalog).includes(unit))
        return reply.code(404).send(err('Đơn vị này không có chỉ tiêu nào trong kỳ báo cáo nên không có biểu mẫu.'));
      const bytes = await buildTemplate(catalog, period, unit, { password: cfg.protectionPassword, intakeUrl: address(req), catalogVersion });
      await ctx.event(req, 'templates_downloaded', { period: period.id, unit: unit.code, detail: {} });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(templateDownloadName(period, unit)))
        .send(Buffer.from(bytes));
    },
  );

  s.officeRead.get(
    '/templates.zip',
    { schema: { querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 403, 404) } } },
    async (req, reply) => {
      const { catalog, period, catalogVersion } = await periodOf(req.query.period);
      const files: Record<string, Uint8Array> = {};
      const units = reportingUnits(catalog);
      for (const unit of units) {
        // Two units of the same name (never seen) would otherwise keep one file.
        let name = templateDownloadName(period, unit);
        for (let n = 2; files[name]; n++) name = templateDownloadName(period, unit).replace(/\.xlsx$/, ` (${n}).xlsx`);
        files[name] = await buildTemplate(catalog, period, unit, { password: cfg.protectionPassword, intakeUrl: address(req), catalogVersion });
      }
      await ctx.event(req, 'templates_downloaded', { period: period.id, detail: { units: units.length } });
      const zip = zipSync(files, { level: 6 });
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', attachment(templatesZipName(period)))
        .send(Buffer.from(zip));
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Reminders

  s.act.post(
    '/reminders',
    {
      schema: { headers: ChangeHeaders, body: ReminderBody, response: { 200: ReminderReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 64 * 1024,
    },
    async (req): Promise<ReminderResult> => {
      const { catalog, period } = await periodOf(req.body.period);
      if (!cfg.smtp)
        throw new ActionRefused(
          'Hệ thống chưa được cấu hình để gửi thư điện tử (mục “smtp” trong tệp cấu hình), nên chưa nhắc qua thư được. Hãy sao chép nội dung nhắc và gửi bằng thư điện tử của cơ quan.',
          409,
        );
      const now = service.clock();
      const emails = new Map((await ledger.unitContacts()).map((c) => [c.unit, c.email]));
      const late = lateView(catalog, period, await unitStatuses(catalog, period, ledger, now), now, { emails });
      const wanted = new Set(req.body.units);
      const chosen = late.entries.filter((e) => wanted.has(e.code));
      const noEmail = chosen.filter((e) => !e.email).map((e) => ({ unit: e.code, name: e.name }));
      const mails = chosen
        .filter((e) => e.email)
        .map((e) => ({
          unit: e.code,
          name: e.name,
          to: e.email!,
          subject: `Đề nghị nộp báo cáo Phụ lục 1 — ${period.header}`,
          text: e.reminder,
        }));
      const outcome = await sendReminders(cfg.smtp, mails, { events: ledger, period: period.id, actor: actor(req), now: service.clock, log: service.log });
      // Units asked for that owe nothing (they submitted meanwhile): said so, not sent.
      const owing = new Set(chosen.map((e) => e.code));
      const failed = [
        ...outcome.failed,
        ...req.body.units
          .filter((u) => !owing.has(u))
          .map((u) => ({
            unit: u,
            name: findUnit(catalog, u)?.name ?? u,
            reason: 'đơn vị đã nộp hợp lệ hoặc không phải nộp kỳ này, không cần nhắc',
          })),
      ];
      return { sent: outcome.sent, failed, noEmail };
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Accounts (the administrator)

  const accountView = (u: UserRecord) => ({
    name: u.name,
    fullName: u.fullName,
    role: u.role,
    createdAt: u.createdAt,
    disabledAt: u.disabledAt,
    mustChangePassword: u.mustChangePassword,
  });

  s.adminRead.get('/accounts', { schema: { response: { 200: AccountsReply, ...refusals(401, 403) } } }, async (): Promise<AccountsResponse> => ({
    accounts: (await ledger.users()).map(accountView),
  }));

  /** No change may leave the system without an administrator who can log in. */
  const lastAdmin = async (name: string): Promise<boolean> => {
    const admins = (await ledger.users()).filter((u) => u.role === 'quan-tri' && !u.disabledAt);
    return admins.length === 1 && admins[0].name === name;
  };

  s.admin.post(
    '/accounts',
    { schema: { headers: ChangeHeaders, body: NewAccountBody, response: { 200: OkReply, ...refusals(400, 401, 403, 409, 413) } }, bodyLimit: 4096 },
    async (req, reply) => {
      const b = req.body;
      const added = await ledger.addUser({
        name: b.name,
        fullName: b.fullName,
        role: b.role,
        passwordHash: await hashPassword(b.password),
        createdAt: service.clock().toISOString(),
        disabledAt: null,
        mustChangePassword: true,
      });
      if (!added) return reply.code(409).send(err(`Đã có tài khoản “${b.name}”. Hãy chọn tên khác, hoặc đặt lại mật khẩu của tài khoản đó.`));
      await ctx.event(req, 'account_added', { detail: { name: b.name, role: b.role } });
      return { ok: true as const };
    },
  );

  s.admin.post(
    '/accounts/:name/reset',
    {
      schema: { headers: ChangeHeaders, params: AccountParams, body: ResetBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 413) } },
      bodyLimit: 4096,
    },
    async (req, reply) => {
      if (!(await ledger.setPassword(req.params.name, await hashPassword(req.body.password), { mustChange: true })))
        return reply.code(404).send(err('Không có tài khoản này.'));
      await ledger.deleteSessions(req.params.name);
      await ctx.event(req, 'password_reset', { detail: { name: req.params.name } });
      return { ok: true as const };
    },
  );

  s.admin.post(
    '/accounts/:name/disable',
    {
      schema: { headers: ChangeHeaders, params: AccountParams, body: EmptyBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req, reply) => {
      if (req.params.name === actor(req)) return reply.code(409).send(err('Không khoá được chính tài khoản đang dùng.'));
      if (await lastAdmin(req.params.name))
        return reply.code(409).send(err('Đây là tài khoản quản trị duy nhất còn dùng được; hãy tạo hoặc cấp quyền quản trị cho tài khoản khác trước.'));
      if (!(await ledger.disableUser(req.params.name, service.clock().toISOString()))) return reply.code(404).send(err('Không có tài khoản này.'));
      await ctx.event(req, 'account_disabled', { detail: { name: req.params.name } });
      return { ok: true as const };
    },
  );

  s.admin.post(
    '/accounts/:name/role',
    {
      schema: { headers: ChangeHeaders, params: AccountParams, body: RoleBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req, reply) => {
      if (req.body.role !== 'quan-tri' && (await lastAdmin(req.params.name)))
        return reply.code(409).send(err('Đây là tài khoản quản trị duy nhất còn dùng được; hãy cấp quyền quản trị cho tài khoản khác trước.'));
      if (!(await ledger.updateUser(req.params.name, { role: req.body.role, ...(req.body.fullName ? { fullName: req.body.fullName } : {}) })))
        return reply.code(404).send(err('Không có tài khoản này.'));
      await ctx.event(req, 'role_changed', { detail: { name: req.params.name, role: req.body.role } });
      return { ok: true as const };
    },
  );

  // ---------------------------------------------------------------------------------------------
  // The audit

  s.officeRead.get(
    '/audit',
    { schema: { querystring: AuditQuery, response: { 200: AuditReply, ...refusals(400, 401, 403) } } },
    async (req): Promise<AuditResponse> => {
      await service.prepare();
      return auditEntries(ledger, await service.refresh(), req.query);
    },
  );

  s.officeRead.get('/audit.xlsx', { schema: { querystring: AuditQuery, response: { 200: FileReply, ...refusals(400, 401, 403) } } }, async (req, reply) => {
    await service.prepare();
    const { entries } = await auditEntries(ledger, await service.refresh(), { ...req.query, limit: req.query.limit ?? 5000 });
    const bytes = await renderTablesWorkbook([auditSheet(entries, `NHẬT KÝ THAO TÁC — xuất lúc ${formatTimeVi(service.clock())}`)]);
    return reply.header('content-type', XLSX).header('content-disposition', attachment('Nhật ký thao tác.xlsx')).send(Buffer.from(bytes));
  });
}
