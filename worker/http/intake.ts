/**
 * The intake endpoint: departments POST their workbook from the task pane ("Nộp báo cáo") with
 * their unit's access token. Every upload that reaches the server after authentication takes the
 * one ingest path (kept, screened, read, checked, recorded) on an analysis thread, so a large sheet
 * never holds up other requests; the answer is a receipt, or the cells to fix.
 */
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findUnit } from '../../shared/catalog.ts';
import {
  ENROL_PATH, INTAKE_PATH as API, XLSX_MEDIA_TYPE as XLSX_TYPE, type EnrolResponse, type HistoryEntry, type Receipt,
} from '../../shared/intake.ts';
import { foreignUploadMessage, ingest } from '../ingest/index.ts';
import { periodReview, reviewDetails } from '../review/index.ts';
import type { SubmissionRecord } from '../ledger/contract.ts';
import { intakeAddress } from '../config.ts';
import type { WorkerService } from '../service.ts';
import { newToken } from './tokens.ts';

export { INTAKE_PATH as API, XLSX_MEDIA_TYPE as XLSX_TYPE } from '../../shared/intake.ts';

function msg(error: string, extra: Record<string, unknown> = {}) {
  return { error, ...extra };
}

declare module 'fastify' {
  /** The unit whose access token the request carries (set by the intake's authentication, '' elsewhere). */
  interface FastifyRequest { unit: string }
}

/** Screening verdicts that mean "this is not an .xlsx workbook" (answered 415). */
const NOT_XLSX = new Set(['empty', 'not_zip', 'not_xlsx', 'cfb_xls', 'cfb_encrypted', 'cfb_unknown']);

class BadRequest extends Error {
  readonly statusCode = 400;
}

export async function registerIntake(app: FastifyInstance, service: WorkerService): Promise<void> {
  const { cfg } = service;
  const h = cfg.http;

  const receipt = (r: SubmissionRecord): Receipt => ({
    id: r.id, receivedAt: r.receivedAt, sha256: r.sha256, unit: r.unit,
    unitName: r.unit ? findUnit(cfg.catalog, r.unit)?.name ?? null : null,
    period: r.period, fileName: r.fileName, status: r.status,
    late: Date.parse(r.receivedAt) > Date.parse(cfg.period.deadline),
  });

  await app.register(cors, {
    origin: [h.addinOrigin],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-file-name'],
    maxAge: 600,
  });
  // Only workbooks come in (and the small JSON of an enrolment).
  app.removeAllContentTypeParsers();
  await app.register(multipart, { limits: { fileSize: h.maxUploadBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024 } });
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: h.maxUploadBytes }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(new BadRequest('Nội dung yêu cầu không đọc được.'), undefined);
    }
  });

  app.decorateRequest('unit', '');

  /**
   * A department's access token, checked before the body is read, on the routes of the plugin that
   * adds it (authentication belongs to the route the router matched, however its path was spelled).
   */
  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    const unit = token ? await service.ledger.unitForToken(token) : undefined;
    if (!unit) {
      return reply.code(401).header('www-authenticate', 'Bearer').send(msg(token
        ? 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy nhập lại mã đăng ký do Phòng Tài chính - Kế hoạch cấp trong mục “Cài đặt” của phần bổ trợ.'
        : 'Chưa có mã truy cập của đơn vị. Hãy nhập mã đăng ký do Phòng Tài chính - Kế hoạch cấp trong mục “Cài đặt” của phần bổ trợ.'));
    }
    req.unit = unit;
  };

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, _req, reply) => {
    const limitMb = (h.maxUploadBytes / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
    if (err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FIELDS_LIMIT') {
      return reply.code(400).send(msg('Mỗi lần chỉ nộp một tệp biểu mẫu. Hãy nộp từng tệp một.'));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.code(413).send(msg(`Tệp quá lớn (tối đa ${limitMb} MB). Biểu mẫu Phụ lục 1 chỉ vài chục KB: hãy nộp đúng tệp biểu mẫu, không chèn ảnh hay dữ liệu khác.`));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send(msg('Chỉ nhận sổ làm việc Excel (.xlsx). Hãy nộp tệp biểu mẫu dạng .xlsx.'));
    }
    if (err instanceof BadRequest || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || err.statusCode === 400) {
      return reply.code(400).send(msg(err instanceof BadRequest ? err.message : 'Yêu cầu không có nội dung tệp hoặc không đọc được. Hãy nộp lại.'));
    }
    service.log.error({ err }, 'http error');
    return reply.code(err.statusCode && err.statusCode < 500 ? err.statusCode : 500)
      .send(msg('Hệ thống gặp lỗi khi nhận tệp; tệp chưa được lưu. Hãy nộp lại sau ít phút, hoặc lưu tệp vào thư mục nộp báo cáo chung.'));
  });

  async function readUpload(req: FastifyRequest): Promise<{ bytes: Uint8Array; fileName: string } | undefined> {
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
    const body = req.body as Buffer | undefined;
    if (!body || body.length === 0) return undefined;
    const header = req.headers['x-file-name'];
    let fileName = 'bao-cao.xlsx';
    if (typeof header === 'string' && header) {
      try {
        fileName = safeName(decodeURIComponent(header));
      } catch {
        throw new BadRequest('Tên tệp gửi kèm (X-File-Name) không đọc được. Hãy đặt lại tên tệp chỉ gồm chữ, số và dấu gạch rồi nộp lại.');
      }
    }
    return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.length), fileName };
  }

  await app.register(async (authed) => {
    authed.addHook('onRequest', authenticate);

    authed.post(API, async (req, reply) => {
      const upload = await readUpload(req);
      if (!upload) return reply.code(400).send(msg('Yêu cầu không có tệp. Hãy nộp tệp biểu mẫu .xlsx.'));
      const receivedAt = service.clock().toISOString();
      const outcome = await ingest(service.ingestContext(service.uploadAnalyzer()), {
        bytes: upload.bytes, fileName: upload.fileName, source: 'http', receivedAt, unit: req.unit,
      });
      // Another unit's file: refused and recorded for the planning office; nothing of that unit's submission is told.
      if ('foreign' in outcome) return reply.code(403).send(msg(foreignUploadMessage(cfg.catalog, outcome.foreign.fileUnit)));
      const r = outcome.record;
      if (outcome.duplicate) {
        // The same bytes from this unit: its own receipt. Bytes that reached the shared folder unreadable
        // (no unit): what is wrong with them, under this upload's own name and time.
        const own = r.unit === req.unit;
        const shown = own ? receipt(r) : { ...receipt(r), unit: req.unit, unitName: findUnit(cfg.catalog, req.unit)?.name ?? null, fileName: upload.fileName, receivedAt, late: Date.parse(receivedAt) > Date.parse(cfg.period.deadline) };
        return reply.code(own ? 200 : 422).send({ duplicate: true, accepted: r.status === 'accepted', receipt: shown, errors: r.problems, warnings: r.warnings });
      }
      const body = { duplicate: false, accepted: r.status === 'accepted', receipt: receipt(r), errors: r.problems, warnings: r.warnings };
      if (r.status === 'accepted') service.requestConsolidation();
      if (outcome.screen && NOT_XLSX.has(outcome.screen)) return reply.code(415).send({ ...msg(r.problems[0]?.message ?? 'Chỉ nhận sổ làm việc Excel (.xlsx).'), ...body });
      return reply.code(r.status === 'accepted' ? 201 : 422).send(body);
    });

    authed.get(API, async (req) => {
      const unit = req.unit;
      const [list, reviews] = await Promise.all([service.ledger.history(unit, cfg.period.id), periodReview(service.ledger, cfg.period.id)]);
      const states = reviews.get(unit)?.states;
      const submissions: HistoryEntry[] = list.map((r) => {
        const s = states?.get(r.id);
        const d = reviewDetails(s);
        return {
          ...receipt(r), errors: r.problems, warnings: r.warnings, review: s?.state ?? (r.status === 'rejected' ? 'rejected' : 'awaiting_review'),
          ...(d.note ? { reviewNote: d.note } : {}), ...(d.comments ? { reviewComments: d.comments } : {}), ...(d.at ? { reviewedAt: d.at } : {}),
        };
      });
      return {
        unit, unitName: findUnit(cfg.catalog, unit)?.name ?? unit, period: cfg.period.id, periodHeader: cfg.period.header,
        deadline: cfg.period.deadline, submissions,
      };
    });
  });

  // Enrolment: a one-time code, typed once in the pane, exchanged for the unit's access token.
  app.post(ENROL_PATH, { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const code = (req.body as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !/^[A-Za-z0-9-]{6,64}$/.test(code.trim())) {
      return reply.code(400).send(msg('Mã đăng ký không đúng dạng. Hãy nhập đúng mã do Phòng Tài chính - Kế hoạch cấp.'));
    }
    const at = service.clock().toISOString();
    const unit = await service.ledger.redeemEnrolment(normalizeCode(code), at);
    if (!unit) return reply.code(401).send(msg('Mã đăng ký không đúng, đã dùng hoặc đã hết hạn. Hãy xin mã mới từ Phòng Tài chính - Kế hoạch.'));
    const token = newToken(unit);
    await service.ledger.addToken(unit, token, at);
    const answer: EnrolResponse = { token, unit, unitName: findUnit(cfg.catalog, unit)?.name ?? unit, intakeUrl: intakeAddress(h, listeningPort(app, h.port)) };
    return reply.code(201).send(answer);
  });
}

/** The port the server listens on (the configured one until it listens; port 0 in tests). */
function listeningPort(app: FastifyInstance, configured: number): number {
  const addr = app.server.address();
  return addr && typeof addr === 'object' ? addr.port : configured;
}

/** Enrolment codes are typed by hand: case and dashes do not matter. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase().replace(/-/g, '');
}

/** A file name as the worker keeps it: no folders, no control characters, at most 200 characters. */
function safeName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = (name ?? '').replace(/[\\/]/g, '_').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean || 'bao-cao.xlsx';
}
