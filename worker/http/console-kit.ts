/**
 * What the console's route files share: the session on a request, the refusal's shape and words,
 * a download's name, the scopes the routes go in and the context they work with.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CollectedPeriod } from '../../shared/collection.ts';
import type { UserRecord } from '../ledger/contract.ts';
import type { WorkerService } from '../service.ts';

export interface ConsoleAuth {
  user: UserRecord;
  idHash: string;
  expiresAt: string;
}

declare module 'fastify' {
  /** Who is asking the console: the session the cookie names (decorated by the console; null without one, and outside the console). */
  interface FastifyRequest {
    consoleAuth: ConsoleAuth | null;
  }
}

export function err(error: string) {
  return { error };
}

/** The session of a request in the signed-in scope (its hook has answered 401 to anyone without). */
export function signedIn(req: FastifyRequest): ConsoleAuth {
  if (!req.consoleAuth) throw new Error('console route outside the signed-in scope');
  return req.consoleAuth;
}

export const MSG = {
  noSession: 'Chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại.',
  csrf: 'Yêu cầu không kèm mã xác nhận hợp lệ của phiên làm việc. Hãy tải lại trang rồi thao tác lại.',
  badLogin: 'Tên tài khoản hoặc mật khẩu không đúng.',
  tooMany: (after: string) => `Đăng nhập sai quá nhiều lần. Hãy thử lại sau ${after}.`,
  leader: 'Tài khoản lãnh đạo chỉ xem, không thao tác được. Hãy nhờ Phòng Tài chính - Kế hoạch thao tác.',
  admin: 'Chỉ tài khoản quản trị hệ thống quản lý được các tài khoản.',
  mustChange: 'Mật khẩu của tài khoản vừa được đặt lại. Hãy đổi mật khẩu trước khi làm việc tiếp.',
  notFound: 'Không tìm thấy bản nộp này trong các kỳ báo cáo đã mở.',
  noPeriod: 'Chưa có kỳ báo cáo này. Hãy chọn một kỳ đã mở, hoặc mở kỳ báo cáo ở mục “Kỳ báo cáo”.',
  body: 'Nội dung yêu cầu không đọc được.',
  server: 'Hệ thống gặp lỗi khi xử lý yêu cầu. Hãy thử lại sau ít phút; nếu lỗi lặp lại, hãy báo bộ phận kỹ thuật.',
};

/**
 * Content-Disposition for a download with a Vietnamese file name (RFC 6266): the name itself in
 * `filename*` (RFC 5987: UTF-8, percent-encoded, ' ( ) * too), which browsers use, and the same
 * name without its marks in `filename` for a client that knows only that.
 */
export function attachment(name: string): string {
  const nfc = name.normalize('NFC');
  const encoded = encodeURIComponent(nfc).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = nfc
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A route scope of the console, with the zod type provider. */
/**
 * The raw bodies (a file's bare bytes) the office's changes take: the catalogue's uploads (a list
 * or a workbook) and the draft report's check. Added once to that scope (console-catalog.ts and
 * console-leaders.ts share it; Fastify refuses a type added twice); each route sets its own bodyLimit.
 */
export const RAW_BODY_TYPES = [
  'application/octet-stream',
  'text/plain',
  'text/csv',
  'text/tab-separated-values',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
  'application/vnd.ms-excel',
  'application/pdf',
];

export function addRawBodies(scope: Scope): void {
  scope.addContentTypeParser(RAW_BODY_TYPES, { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 }, (_req, body, done) => done(null, body));
}

export type Scope = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What the console's route files share. */
export interface ConsoleContext {
  service: WorkerService;
  /** The period a page asks for (`?period=`), else the current one; a 404 refusal when there is none. */
  periodOf(periodId: string | undefined): Promise<CollectedPeriod>;
  /** Records an event of the office (the audit). */
  event(
    req: FastifyRequest,
    kind: string,
    o: { period?: string | null; unit?: string | null; sha256?: string | null; detail?: Record<string, unknown> },
  ): Promise<void>;
}

/** The scopes the route files add their routes to. */
export interface ConsoleScopes {
  /** Any account. */
  read: Scope;
  /** The planning office's reads (not the leaders'). */
  officeRead: Scope;
  /** The administrator's reads. */
  adminRead: Scope;
  /** The planning office's changes (CSRF token and role). */
  act: Scope;
  /** The administrator's changes. */
  admin: Scope;
}
