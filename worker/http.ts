/**
 * The intake endpoint: departments POST their workbook from the task pane ("Nộp báo cáo") with
 * their unit's bearer token. The file takes exactly the inbox's path (screen, validate, archive,
 * ledger); the answer is a receipt or the cells to fix. 127.0.0.1 by default; TLS configurable.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import { findUnit } from '../shared/catalog.ts';
import { INTAKE_PATH as API, XLSX_MEDIA_TYPE as XLSX_TYPE, type Receipt } from '../shared/intake.ts';
import type { SubmissionRecord } from './ledger.ts';
import { analyze, record, sha256 } from './ingest/ingest.ts';
import { screenWorkbook } from './ingest/screen.ts';
import type { WorkerService } from './service.ts';

export { INTAKE_PATH as API, XLSX_MEDIA_TYPE as XLSX_TYPE } from '../shared/intake.ts';
export type { Receipt } from '../shared/intake.ts';

function msg(error: string, extra: Record<string, unknown> = {}) {
  return { error, ...extra };
}

declare module 'fastify' {
  interface FastifyRequest { unit?: string }
}

export function buildHttp(service: WorkerService): FastifyInstance {
  const { cfg } = service;
  const h = cfg.http;
  const https = h.tlsCert && h.tlsKey ? { cert: readFileSync(h.tlsCert), key: readFileSync(h.tlsKey) } : null;
  const app = Fastify({
    loggerInstance: service.log.child({ part: 'http' }),
    bodyLimit: h.maxUploadBytes,
    requestTimeout: 60_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 5_000,
    ...(https ? { https } : {}),
  }) as unknown as FastifyInstance;

  const receipt = (r: SubmissionRecord): Receipt => ({
    id: r.id, receivedAt: r.receivedAt, sha256: r.sha256, unit: r.unit,
    unitName: r.unit ? findUnit(cfg.catalog, r.unit)?.name ?? null : null,
    period: r.period, fileName: r.fileName, status: r.status,
    late: Date.parse(r.receivedAt) > Date.parse(cfg.period.deadline),
  });

  app.register(cors, {
    origin: [h.addinOrigin],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-file-name'],
    maxAge: 600,
  });
  // Only workbooks come in: no JSON or text bodies (they get 415).
  app.removeAllContentTypeParsers();
  app.register(multipart, { limits: { fileSize: h.maxUploadBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024 } });
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: h.maxUploadBytes }, (_req, body, done) => done(null, body));

  // Authenticate before the body is read.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'OPTIONS' || !req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    const unit = token ? service.ledger.unitForToken(token) : undefined;
    if (!unit) {
      return reply.code(401).header('www-authenticate', 'Bearer').send(msg(token
        ? 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy kiểm tra mục “Cài đặt” trong phần bổ trợ hoặc xin mã mới từ Phòng Tài chính - Kế hoạch.'
        : 'Thiếu mã truy cập. Hãy nhập mã truy cập của đơn vị trong mục “Cài đặt” của phần bổ trợ.'));
    }
    req.unit = unit;
  });

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, _req, reply) => {
    const limitMb = (h.maxUploadBytes / 1048576).toFixed(0);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT') {
      return reply.code(413).send(msg(`Tệp quá lớn (tối đa ${limitMb} MB) hoặc gửi nhiều tệp cùng lúc. Biểu mẫu Phụ lục 1 chỉ vài chục KB: hãy nộp đúng một tệp biểu mẫu.`));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send(msg('Chỉ nhận sổ làm việc Excel (.xlsx). Hãy gửi tệp biểu mẫu dạng .xlsx.'));
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return reply.code(400).send(msg('Yêu cầu không có nội dung tệp.'));
    }
    service.log.error({ err }, 'http error');
    return reply.code(err.statusCode && err.statusCode < 500 ? err.statusCode : 500).send(msg('Máy chủ gặp lỗi khi nhận tệp; tệp chưa được lưu. Hãy thử lại sau hoặc lưu tệp vào thư mục nộp báo cáo.'));
  });

  async function readUpload(req: FastifyRequest): Promise<{ bytes: Uint8Array; fileName: string } | undefined> {
    if (req.isMultipart()) {
      const file = await req.file();
      if (!file) return undefined;
      const bytes = await file.toBuffer(); // throws when over the limit: a cut upload is never stored
      if (file.file.truncated) throw Object.assign(new Error('truncated'), { code: 'FST_REQ_FILE_TOO_LARGE' });
      return { bytes: new Uint8Array(bytes), fileName: file.filename || 'bao-cao.xlsx' };
    }
    const body = req.body as Buffer | undefined;
    if (!body || body.length === 0) return undefined;
    const header = req.headers['x-file-name'];
    const fileName = typeof header === 'string' && header ? decodeURIComponent(header).replace(/[\\/]/g, '_').slice(0, 200) : 'bao-cao.xlsx';
    return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.length), fileName };
  }

  app.post(API, async (req, reply) => {
    const upload = await readUpload(req);
    if (!upload) return reply.code(400).send(msg('Yêu cầu không có tệp. Hãy gửi tệp biểu mẫu .xlsx.'));
    const { bytes, fileName } = upload;
    const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
    if (!isZip) {
      const screened = screenWorkbook(bytes);
      const why = screened.ok ? '' : ` ${screened.problem.message}`;
      return reply.code(415).send(msg(`Tệp không phải sổ làm việc Excel (.xlsx).${why}`));
    }
    const hash = sha256(bytes);
    const seen = service.ledger.bySha(hash);
    if (seen) {
      if (seen.unit && seen.unit !== req.unit) return reply.code(403).send(msg('Tệp này là báo cáo của đơn vị khác.'));
      return reply.code(200).send({ duplicate: true, accepted: seen.status === 'accepted', receipt: receipt(seen), errors: seen.problems, warnings: seen.warnings });
    }
    const parsed = analyze(bytes, service.cfg.catalog, service.cfg.period, service.cfg.limits.maxFileBytes);
    if (parsed.unit && parsed.unit !== req.unit) {
      const other = findUnit(cfg.catalog, parsed.unit)?.name ?? parsed.unit;
      return reply.code(403).send(msg(`Đây là biểu mẫu của “${other}”; mã truy cập của đơn vị chỉ được nộp biểu mẫu của chính đơn vị mình.`));
    }
    const outcome = await service.mutex.run(async () => record(service.ingestContext, { bytes, fileName, source: 'http', receivedAt: new Date().toISOString() }, hash, parsed));
    if (!outcome.duplicate && outcome.record.status === 'accepted') service.requestConsolidation();
    const r = outcome.record;
    return reply.code(r.status === 'accepted' ? 201 : 422).send({
      duplicate: outcome.duplicate, accepted: r.status === 'accepted', receipt: receipt(r), errors: r.problems, warnings: r.warnings,
    });
  });

  app.get(API, async (req) => {
    const unit = req.unit!;
    const list = service.ledger.history(unit, cfg.period.id);
    return {
      unit, unitName: findUnit(cfg.catalog, unit)?.name ?? unit, period: cfg.period.id, periodHeader: cfg.period.header,
      deadline: cfg.period.deadline,
      submissions: list.map((r) => ({ ...receipt(r), errors: r.problems, warnings: r.warnings })),
    };
  });

  app.get('/healthz', async () => ({ ok: true }));
  return app;
}

export interface HttpHandle { url: string; close(): Promise<void>; app: FastifyInstance }

export async function startHttp(service: WorkerService, port = service.cfg.http.port): Promise<HttpHandle> {
  const app = buildHttp(service);
  await app.listen({ host: service.cfg.http.host, port });
  const addr = app.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const scheme = service.cfg.http.tlsCert ? 'https' : 'http';
  return { url: `${scheme}://${service.cfg.http.host}:${actualPort}`, app, close: () => app.close() };
}
