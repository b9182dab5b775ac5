/**
 * The intake endpoint: departments POST their workbook from the task pane ("Nộp báo cáo") with
 * their unit's access token. Every upload that reaches the server after authentication takes the
 * one ingest path (kept, screened, read, checked, recorded) on an analysis thread, so a large sheet
 * never holds up other requests; the answer is a receipt, or the cells to fix.
 *
 * Two scopes: the departments' (the token plugin: every route needs a unit's access token, checked
 * before the body is read; workbooks only) and the enrolment (public, rate-limited, JSON only).
 * Every route declares its schema (schemas.ts).
 */
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentPeriod, findCollected, openPeriods, unitOf } from '../../shared/collection.ts';
import {
  CATALOGS_PATH,
  ENROL_PATH,
  INTAKE_PATH as API,
  XLSX_MEDIA_TYPE as XLSX_TYPE,
  type EnrolResponse,
  type HistoryEntry,
  type HistoryResponse,
  type Receipt,
} from '../../shared/intake.ts';
import { foreignUploadMessage, ingest } from '../ingest/index.ts';
import { periodReview, reviewDetails } from '../review/index.ts';
import type { SubmissionRecord } from '../ledger/contract.ts';
import { intakeAddress } from '../config.ts';
import type { WorkerService } from '../service.ts';
import {
  CatalogsReply,
  EnrolBody,
  EnrolReply,
  HistoryQuery,
  HistoryReply,
  NotWorkbookReply,
  refusals,
  TokenHeaders,
  UploadBody,
  UploadHeaders,
  UploadReply,
  type UploadAnswer,
} from './schemas.ts';
import { validationMessage } from './validation.ts';
import { newToken, normalizeCode } from './tokens.ts';

export { INTAKE_PATH as API, XLSX_MEDIA_TYPE as XLSX_TYPE } from '../../shared/intake.ts';

function msg(error: string, extra: Record<string, unknown> = {}) {
  return { error, ...extra };
}

declare module 'fastify' {
  /** The unit whose access token the request carries (decorated by the intake; set by its token plugin, '' elsewhere). */
  interface FastifyRequest {
    unit: string;
  }
}

/** Screening verdicts that mean "this is not an .xlsx workbook" (answered 415). */
const NOT_XLSX = new Set(['empty', 'not_zip', 'not_xlsx', 'cfb_xls', 'cfb_encrypted', 'cfb_unknown']);

class BadRequest extends Error {
  readonly statusCode = 400;
}

export async function registerIntake(app: FastifyInstance, service: WorkerService): Promise<void> {
  const { cfg } = service;
  const h = cfg.http;

  /** Late: received after its own period's deadline (a file of no period opened is not late). */
  const late = (periodId: string | null, at: string): boolean => {
    const p = findCollected(service.collection, periodId);
    return p ? Date.parse(at) > Date.parse(p.period.deadline) : false;
  };
  const unitName = (code: string | null, periodId: string | null): string | null => (code ? (unitOf(service.collection, code, periodId)?.name ?? null) : null);
  const receipt = (r: SubmissionRecord): Receipt => ({
    id: r.id,
    receivedAt: r.receivedAt,
    sha256: r.sha256,
    unit: r.unit,
    unitName: unitName(r.unit, r.period),
    period: r.period,
    fileName: r.fileName,
    status: r.status,
    late: late(r.period, r.receivedAt),
  });

  await app.register(cors, {
    origin: [h.addinOrigin],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-file-name'],
    maxAge: 600,
  });
  // Each scope below adds the only bodies it takes: workbooks for the departments, JSON for the enrolment.
  app.removeAllContentTypeParsers();
  app.decorateRequest('unit', '');

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number; validationContext?: string }, req, reply) => {
    const limitMb = (h.maxUploadBytes / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
    if (hasZodFastifySchemaValidationErrors(err)) return reply.code(400).send(msg(validationMessage(err.validation, err.validationContext)));
    if (err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FIELDS_LIMIT') {
      return reply.code(400).send(msg('Mỗi lần chỉ nộp một tệp biểu mẫu. Hãy nộp từng tệp một.'));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply
        .code(413)
        .send(msg(`Tệp quá lớn (tối đa ${limitMb} MB). Biểu mẫu Phụ lục 1 chỉ vài chục KB: hãy nộp đúng tệp biểu mẫu, không chèn ảnh hay dữ liệu khác.`));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .code(415)
        .send(
          msg(
            req.routeOptions.url === ENROL_PATH
              ? 'Yêu cầu đăng ký phải gửi mã đăng ký dạng JSON. Hãy nhập mã trong mục “Cài đặt” của phần bổ trợ.'
              : 'Chỉ nhận sổ làm việc Excel (.xlsx). Hãy nộp tệp biểu mẫu dạng .xlsx.',
          ),
        );
    }
    if (err.statusCode === 429) return reply.code(429).send(msg(err.message));
    if (
      err instanceof BadRequest ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' ||
      err.statusCode === 400
    ) {
      return reply.code(400).send(msg(err instanceof BadRequest ? err.message : 'Yêu cầu không có nội dung tệp hoặc không đọc được. Hãy nộp lại.'));
    }
    service.log.error({ err }, 'http error');
    return reply
      .code(err.statusCode && err.statusCode < 500 ? err.statusCode : 500)
      .send(msg('Hệ thống gặp lỗi khi nhận tệp; tệp chưa được lưu. Hãy nộp lại sau ít phút, hoặc lưu tệp vào thư mục nộp báo cáo chung.'));
  });

  /**
   * The departments' token plugin: a unit's access token, checked before the body is read, on the
   * routes of this scope (authentication belongs to the route the router matched, however its path
   * was spelled); the unit it names decorates the request.
   */
  await app.register(async (plain) => {
    const departments = plain.withTypeProvider<ZodTypeProvider>();
    departments.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const auth = req.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
      const unit = token ? await service.ledger.unitForToken(token) : undefined;
      if (!unit) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send(
            msg(
              token
                ? 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy nhập lại mã đăng ký do Phòng Tài chính - Kế hoạch cấp trong mục “Cài đặt” của phần bổ trợ.'
                : 'Chưa có mã truy cập của đơn vị. Hãy nhập mã đăng ký do Phòng Tài chính - Kế hoạch cấp trong mục “Cài đặt” của phần bổ trợ.',
            ),
          );
      }
      req.unit = unit;
    });
    // Only workbooks come in: the bare .xlsx (or octet-stream) body, or one file part of a multipart form.
    await departments.register(multipart, { limits: { fileSize: h.maxUploadBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024 } });
    departments.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: h.maxUploadBytes }, (_req, body, done) =>
      done(null, body),
    );

    async function readUpload(
      req: FastifyRequest,
      body: Buffer | null,
      header: string | undefined,
    ): Promise<{ bytes: Uint8Array; fileName: string } | undefined> {
      if (req.isMultipart()) {
        let found: { bytes: Uint8Array; fileName: string } | undefined;
        for await (const part of req.parts()) {
          if (part.type !== 'file') continue;
          if (found) throw new BadRequest('Mỗi lần chỉ nộp một tệp biểu mẫu. Hãy nộp từng tệp một.');
          const bytes = await part.toBuffer(); // throws when over the limit: a cut upload is never stored
          if (part.file.truncated) throw Object.assign(new Error('truncated'), { code: 'FST_REQ_FILE_TOO_LARGE' });
          found = { bytes: new Uint8Array(bytes), fileName: safeName(part.filename) };
        }
        return found;
      }
      if (!body || body.length === 0) return undefined;
      // The schema has checked that the name decodes.
      const fileName = header ? safeName(decodeURIComponent(header)) : 'bao-cao.xlsx';
      return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.length), fileName };
    }

    departments.post(
      API,
      {
        schema: {
          headers: UploadHeaders,
          body: UploadBody,
          response: { 200: UploadReply, 201: UploadReply, 415: NotWorkbookReply, 422: UploadReply, ...refusals(400, 401, 403, 413) },
        },
      },
      async (req, reply) => {
        const upload = await readUpload(req, req.body, req.headers['x-file-name']);
        if (!upload) return reply.code(400).send(msg('Yêu cầu không có tệp. Hãy nộp tệp biểu mẫu .xlsx.'));
        const receivedAt = service.clock().toISOString();
        await service.prepare();
        const outcome = await ingest(await service.ingestContext(service.uploadAnalyzer()), {
          bytes: upload.bytes,
          fileName: upload.fileName,
          source: 'http',
          receivedAt,
          unit: req.unit,
        });
        // Another unit's file: refused and recorded for the planning office; nothing of that unit's submission is told.
        if ('foreign' in outcome) return reply.code(403).send(msg(foreignUploadMessage(service.collection, outcome.foreign.fileUnit)));
        const r = outcome.record;
        if (outcome.duplicate) {
          // The same bytes from this unit: its own receipt. Bytes that reached the shared folder unreadable
          // (no unit): what is wrong with them, under this upload's own name and time.
          const own = r.unit === req.unit;
          const shown = own
            ? receipt(r)
            : {
                ...receipt(r),
                unit: req.unit,
                unitName: unitName(req.unit, r.period),
                fileName: upload.fileName,
                receivedAt,
                late: late(r.period, receivedAt),
              };
          const answer: UploadAnswer = { duplicate: true, accepted: r.status === 'accepted', receipt: shown, errors: r.problems, warnings: r.warnings };
          return own ? reply.code(200).send(answer) : reply.code(422).send(answer);
        }
        const answer: UploadAnswer = { duplicate: false, accepted: r.status === 'accepted', receipt: receipt(r), errors: r.problems, warnings: r.warnings };
        if (r.status === 'accepted') service.requestConsolidation();
        if (outcome.screen && NOT_XLSX.has(outcome.screen))
          return reply.code(415).send({ ...msg(r.problems[0]?.message ?? 'Chỉ nhận sổ làm việc Excel (.xlsx).'), ...answer });
        return r.status === 'accepted' ? reply.code(201).send(answer) : reply.code(422).send(answer);
      },
    );

    departments.get(
      API,
      { schema: { headers: TokenHeaders, querystring: HistoryQuery, response: { 200: HistoryReply, ...refusals(401, 404) } } },
      async (req, reply) => {
        const unit = req.unit;
        await service.prepare();
        // The period asked for (the pane's template's), else the one collected now.
        const entry = req.query.period ? findCollected(service.collection, req.query.period) : currentPeriod(service.collection);
        if (!entry) return reply.code(404).send(msg('Chưa có kỳ báo cáo này trong hệ thống. Hãy hỏi Phòng Tài chính - Kế hoạch kỳ nào đang thu.'));
        const { period } = entry;
        const [list, reviews] = await Promise.all([service.ledger.history(unit, period.id), periodReview(service.ledger, period.id)]);
        const states = reviews.get(unit)?.states;
        const submissions: HistoryEntry[] = list.map((r) => {
          const s = states?.get(r.id);
          const d = reviewDetails(s);
          return {
            ...receipt(r),
            errors: r.problems,
            warnings: r.warnings,
            review: s?.state ?? (r.status === 'rejected' ? 'rejected' : 'awaiting_review'),
            ...(d.note ? { reviewNote: d.note } : {}),
            ...(d.comments ? { reviewComments: d.comments } : {}),
            ...(d.at ? { reviewedAt: d.at } : {}),
          };
        });
        const answer: HistoryResponse = {
          unit,
          unitName: unitName(unit, period.id) ?? unit,
          period: period.id,
          periodHeader: period.header,
          deadline: period.deadline,
          submissions,
        };
        return answer;
      },
    );

    // The catalogues of the open periods, for the pane's “Tạo biểu mẫu” (it bundles none), and the period collected now.
    departments.get(CATALOGS_PATH, { schema: { headers: TokenHeaders, response: { 200: CatalogsReply, ...refusals(401, 404) } } }, async (_req, reply) => {
      await service.prepare();
      reply.header('cache-control', 'no-store');
      const open = openPeriods(service.collection);
      const now = currentPeriod(service.collection);
      if (!open.length || !now) return reply.code(404).send(msg('Chưa có kỳ báo cáo nào đang thu. Hãy hỏi Phòng Tài chính - Kế hoạch.'));
      const catalogs = [...new Map(open.map((p) => [p.catalog.id, p.catalog])).values()];
      return { catalogs, period: now.period.id };
    });
  });

  // Enrolment: a one-time code, typed once in the pane, exchanged for the unit's access token. Public, rate-limited, JSON only.
  await app.register(async (plain) => {
    const enrolment = plain.withTypeProvider<ZodTypeProvider>();
    enrolment.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch {
        done(new BadRequest('Nội dung yêu cầu không đọc được.'), undefined);
      }
    });
    enrolment.post(
      ENROL_PATH,
      {
        schema: { body: EnrolBody, response: { 201: EnrolReply, ...refusals(400, 401, 413, 415, 429) } },
        config: {
          rateLimit: {
            max: 10,
            timeWindow: '1 minute',
            errorResponseBuilder: (_req: FastifyRequest, ctx: { ttl: number }) => ({
              statusCode: 429,
              message: `Đã nhập sai mã đăng ký quá nhiều lần. Hãy đợi ${Math.max(1, Math.ceil(ctx.ttl / 60_000))} phút rồi thử lại.`,
            }),
          },
        },
      },
      async (req, reply) => {
        const at = service.clock().toISOString();
        const unit = await service.ledger.redeemEnrolment(normalizeCode(req.body.code), at);
        if (!unit) return reply.code(401).send(msg('Mã đăng ký không đúng, đã dùng hoặc đã hết hạn. Hãy xin mã mới từ Phòng Tài chính - Kế hoạch.'));
        const token = newToken(unit);
        await service.ledger.addToken(unit, token, at);
        await service.prepare();
        const answer: EnrolResponse = {
          token,
          unit,
          unitName: unitOf(service.collection, unit)?.name ?? unit,
          intakeUrl: intakeAddress(h, listeningPort(app, h.port)),
        };
        return reply.code(201).send(answer);
      },
    );
  });
}

/** The port the server listens on (the configured one until it listens; port 0 in tests). */
function listeningPort(app: FastifyInstance, configured: number): number {
  const addr = app.server.address();
  return addr && typeof addr === 'object' ? addr.port : configured;
}

/** A file name as the worker keeps it: no folders, no control characters, at most 200 characters. */
function safeName(name: string | undefined): string {
  const clean = (name ?? '')
    .replace(/[\\/]/g, '_')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return clean || 'bao-cao.xlsx';
}
