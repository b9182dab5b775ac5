/**
 * The console's review of a period: the board, the late list, a submission and its file, the
 * appendix and its downloads; the actions on a submission (approve, return, reopen), approval of
 * several units at once, units excused from a period, and the shared folder's files taken now. Every
 * page of a period takes `?period=` (else the current period); a submission is of its own period.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findCollected, type CollectedPeriod } from '../../shared/collection.ts';
import type { ActionResult, AppendixView, BulkApproveResult, InboxWaiting, TakeNowResult } from '../../shared/console-api.ts';
import type { ReviewAction } from '../../shared/review.ts';
import { appendixFileName, appendixInput, buildAppendix, versionFile } from '../consolidate/appendix.ts';
import { unitStatuses } from '../consolidate/statuses.ts';
import { FOREIGN_UPLOAD } from '../ingest/index.ts';
import { scanInbox } from '../ingest/inbox-scan.ts';
import { findSoffice, PdfError } from '../render/pdf.ts';
import { REMINDER_SENT } from '../reminders.ts';
import { ActionRefused } from '../review/actions.ts';
import { attachment, err, MSG, signedIn, type ConsoleContext, type ConsoleScopes } from './console-kit.ts';
import { appendixPdf } from './console-pdf.ts';
import { boardView, foreignUploadNotice, lateView, periodInfo, submissionView, type ReminderCounts } from './console-views.ts';
import {
  ActionBodyOrNone,
  ActionReply,
  AppendixReply,
  BoardReply,
  BulkApproveBody,
  BulkApproveReply,
  ChangeHeaders,
  EmptyBody,
  ExcuseBody,
  FileReply,
  LateReply,
  OkReply,
  PeriodQuery,
  refusals,
  SubmissionParams,
  SubmissionReply,
  TakeNowReply,
  VersionParams,
} from './schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerReview(s: ConsoleScopes, ctx: ConsoleContext): void {
  const { service, periodOf } = ctx;
  const { ledger, cfg } = service;

  /** Reminders sent for a period, per unit. */
  const reminders = async (periodId: string): Promise<ReminderCounts> => {
    const out: ReminderCounts = new Map();
    for (const e of await ledger.events({ period: periodId, kind: REMINDER_SENT, limit: 5000 })) {
      if (!e.unit) continue;
      const r = out.get(e.unit) ?? { count: 0 };
      out.set(e.unit, { count: r.count + 1, lastAt: e.at });
    }
    return out;
  };

  /** The shared folder's files not taken yet, with when the worker first saw each. */
  const inboxWaiting = (): InboxWaiting => {
    const scan = scanInbox(cfg.paths.inbox, cfg.inbox.settleMs);
    const seen = (name: string, mtimeMs: number) => service.firstSeen(name, mtimeMs);
    return {
      settling: scan.settling.map((i) => ({ name: i.name, firstSeenAt: seen(i.name, i.mtimeMs) })),
      ready: scan.ready.map((i) => ({ name: i.name, firstSeenAt: seen(i.name, i.mtimeMs) })),
      skipped: scan.skipped,
    };
  };

  s.read.get('/board', { schema: { querystring: PeriodQuery, response: { 200: BoardReply, ...refusals(400, 401, 403, 404) } } }, async (req) => {
    const { catalog, period, open } = await periodOf(req.query.period);
    const now = service.clock();
    const foreign = await ledger.events({ period: period.id, kind: FOREIGN_UPLOAD, limit: 50 });
    return boardView(period, await unitStatuses(catalog, period, ledger, now), now, {
      notices: foreign.reverse().map((e) => foreignUploadNotice(service.collection, e)),
      reminders: await reminders(period.id),
      inbox: inboxWaiting(),
      open,
      names: new Map((await ledger.users()).map((u) => [u.name, u.fullName])),
    });
  });

  s.read.get('/late', { schema: { querystring: PeriodQuery, response: { 200: LateReply, ...refusals(400, 401, 403, 404) } } }, async (req) => {
    const { catalog, period } = await periodOf(req.query.period);
    const now = service.clock();
    const emails = new Map((await ledger.unitContacts()).map((c) => [c.unit, c.email]));
    return lateView(catalog, period, await unitStatuses(catalog, period, ledger, now), now, {
      emails,
      reminders: await reminders(period.id),
      smtp: Boolean(cfg.smtp),
    });
  });

  /** A submission and its period (any period opened, open or closed). */
  const submissionOf = async (id: number) => {
    await service.prepare();
    const rec = await ledger.byId(id);
    const entry = findCollected(service.collection, rec?.period);
    return rec && rec.unit && entry ? { rec, entry } : undefined;
  };

  s.read.get(
    '/submissions/:id',
    { schema: { params: SubmissionParams, response: { 200: SubmissionReply, ...refusals(400, 401, 403, 404) } } },
    async (req, reply) => {
      const found = await submissionOf(req.params.id);
      const view = found && (await submissionView(ledger, found.entry.catalog, found.entry.period, req.params.id, signedIn(req).user.role, found.entry.open));
      return view ? reply.send(view) : reply.code(404).send(err(MSG.notFound));
    },
  );

  s.read.get(
    '/submissions/:id/file',
    { schema: { params: SubmissionParams, response: { 200: FileReply, ...refusals(400, 401, 403, 404) } } },
    async (req, reply) => {
      const found = await submissionOf(req.params.id);
      if (!found) return reply.code(404).send(err(MSG.notFound));
      const { rec } = found;
      const bytes = await service.store.get(rec.archivePath);
      return reply
        .header('content-type', rec.archivePath.endsWith('.xlsx') ? XLSX : 'application/octet-stream')
        .header('content-disposition', attachment(rec.fileName))
        .send(Buffer.from(bytes));
    },
  );

  const appendixNow = (entry: CollectedPeriod) => buildAppendix(appendixInput(entry, cfg, ledger, service.clock()));

  s.read.get(
    '/appendix',
    { schema: { querystring: PeriodQuery, response: { 200: AppendixReply, ...refusals(400, 401, 403, 404) } } },
    async (req): Promise<AppendixView> => {
      const entry = await periodOf(req.query.period);
      const built = await appendixNow(entry);
      const versions = await ledger.appendixVersions(entry.period.id);
      return {
        period: periodInfo(entry.period, service.clock()),
        final: built.final,
        model: built.content.model,
        summary: built.content.summary.sentence,
        warnings: built.warnings.length,
        versions: versions.map((v, i) => ({ n: versions.length - i, createdAt: v.createdAt, final: v.final ?? false, contentHash: v.contentHash })),
        pdf: findSoffice() !== undefined,
      };
    },
  );

  s.read.get(
    '/appendix/file.xlsx',
    { schema: { querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 403, 404) } } },
    async (req, reply) => {
      const { period } = await periodOf(req.query.period);
      const file = path.join(cfg.paths.out, appendixFileName(period));
      if (!existsSync(file)) return reply.code(404).send(err('Chưa có phụ lục: hệ thống chưa tổng hợp lần nào. Hãy đợi ít phút rồi tải lại.'));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(appendixFileName(period)))
        .send(readFileSync(file));
    },
  );

  s.read.get(
    '/appendix/versions/:n/file.xlsx',
    { schema: { params: VersionParams, querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 403, 404) } } },
    async (req, reply) => {
      const { period } = await periodOf(req.query.period);
      const versions = await ledger.appendixVersions(period.id);
      const n = req.params.n;
      const v = n <= versions.length ? versions[versions.length - n] : undefined;
      const file = v && versionFile(v, cfg.paths.history);
      if (!file) return reply.code(404).send(err('Không tìm thấy phiên bản phụ lục này.'));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(`phu-luc-1-${period.id}-phien-ban-${n}.xlsx`))
        .send(readFileSync(file));
    },
  );

  s.read.get(
    '/appendix/file.pdf',
    { schema: { querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 403, 404, 503) } } },
    async (req, reply) => {
      const entry = await periodOf(req.query.period);
      if (!findSoffice()) {
        return reply
          .code(503)
          .send(
            err(
              'Máy chạy hệ thống chưa cài LibreOffice nên chưa tạo được bản PDF. Hãy tải bản Excel (.xlsx) rồi in hoặc lưu PDF từ Excel, hoặc nhờ bộ phận kỹ thuật cài LibreOffice.',
            ),
          );
      }
      const built = await appendixNow(entry);
      let pdf: Uint8Array;
      try {
        pdf = await appendixPdf(built.content.model, built.contentHash, path.join(cfg.paths.out, 'pdf'));
      } catch (e) {
        if (e instanceof PdfError) return reply.code(503).send(err(e.message));
        throw e;
      }
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachment(appendixFileName(entry.period).replace(/\.xlsx$/, '.pdf')))
        .send(Buffer.from(pdf));
    },
  );

  // The shared folder: what waits there (the board shows it too), and “Nhận ngay”.
  s.act.post(
    '/inbox/take',
    {
      schema: { headers: ChangeHeaders, body: EmptyBody, response: { 200: TakeNowReply, ...refusals(400, 401, 403, 413) } },
      bodyLimit: 4096,
    },
    async (req): Promise<TakeNowResult> => {
      const run = await service.runOnce({ waitForSettle: true });
      const fresh = run.inbox.outcomes.filter((o) => !o.duplicate);
      const accepted = fresh.filter((o) => o.record.status === 'accepted').length;
      const taken = run.inbox.outcomes.length;
      await ctx.event(req, 'inbox_taken', { detail: { taken } });
      return {
        taken,
        accepted,
        rejected: fresh.length - accepted,
        settling: run.inbox.settling,
        message: taken
          ? `Đã nhận ${taken} tệp: ${accepted} hợp lệ, ${fresh.length - accepted} không hợp lệ${taken > fresh.length ? `, ${taken - fresh.length} tệp trùng với tệp đã nhận` : ''}.`
          : 'Không có tệp nào chờ nhận.',
      };
    },
  );

  const act = (name: ReviewAction) =>
    s.act.post(
      `/submissions/:id/${name}`,
      {
        schema: {
          headers: ChangeHeaders,
          params: SubmissionParams,
          body: ActionBodyOrNone,
          response: { 200: ActionReply, ...refusals(400, 401, 403, 404, 409, 413) },
        },
        bodyLimit: 64 * 1024,
      },
      async (req): Promise<ActionResult> => {
        const auth = signedIn(req);
        const { note, comments } = req.body;
        const outcome = await service.review({
          submissionId: req.params.id,
          action: name,
          actor: auth.user.name,
          note: note ?? null,
          ...(comments ? { comments } : {}),
        });
        const entry = service.periodEntry(outcome.submission.period)!;
        const view = await submissionView(ledger, entry.catalog, entry.period, outcome.submission.id, auth.user.role, entry.open);
        return { state: view!.state, submission: view! };
      },
    );
  act('approve');
  act('return');
  act('reopen');

  // Approval at the scale of a period: the units the officer ticked, one confirmation, one note.
  s.act.post(
    '/approve',
    {
      schema: { headers: ChangeHeaders, body: BulkApproveBody, response: { 200: BulkApproveReply, ...refusals(400, 401, 403, 404, 413) } },
      bodyLimit: 64 * 1024,
    },
    async (req): Promise<BulkApproveResult> => {
      const auth = signedIn(req);
      const entry = await periodOf(req.body.period);
      const out: BulkApproveResult = { approved: [], refused: [] };
      for (const id of [...new Set(req.body.submissionIds)]) {
        const rec = await ledger.byId(id);
        const name = rec?.unit ? (entry.catalog.units.find((u) => u.code === rec.unit)?.name ?? rec.unit) : '';
        if (!rec || rec.period !== entry.period.id || !rec.unit) {
          out.refused.push({ unit: rec?.unit ?? '', name, submissionId: id, reason: 'Bản nộp này không thuộc kỳ báo cáo đã chọn.' });
          continue;
        }
        try {
          await service.review({ submissionId: id, action: 'approve', actor: auth.user.name, note: req.body.note ?? null });
          out.approved.push({ unit: rec.unit, name, submissionId: id });
        } catch (e) {
          if (!(e instanceof ActionRefused)) throw e;
          out.refused.push({ unit: rec.unit, name, submissionId: id, reason: e.message });
        }
      }
      return out;
    },
  );

  // A unit excused from a period (“miễn nộp kỳ này”), so that a final appendix is possible.
  s.act.post(
    '/excusals',
    {
      schema: { headers: ChangeHeaders, body: ExcuseBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req) => {
      const entry = await periodOf(req.body.period);
      if (!entry.catalog.units.some((u) => u.code === req.body.unit)) throw new ActionRefused('Đơn vị này không có trong danh mục của kỳ báo cáo.', 404);
      await service.settings.excuse(entry.period.id, req.body.unit, req.body.reason, signedIn(req).user.name);
      service.requestConsolidation(entry.period.id);
      return { ok: true as const };
    },
  );
}
