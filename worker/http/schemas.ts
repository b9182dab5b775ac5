/**
 * The schemas of every HTTP route (zod, through fastify-type-provider-zod): what a request may
 * carry and what each answer holds, status by status.
 *
 * The JSON contracts stay TypeScript types in shared/ (console-api.ts, intake.ts, review.ts): the
 * console's pages and the pane import them without zod in their bundles. Each answer's schema here
 * is held to its type by `contract<T>()`, a compile-time check that the schema's output is exactly
 * T — no field more or less, optional where T's is optional — so the two cannot drift apart.
 *
 * Answers are checked as they leave (the serializer encodes them through these schemas): an answer
 * that does not match is a bug the tests meet as a 500. Objects the worker builds are strict (a
 * field the handler added and the contract lacks is refused, not dropped); objects read back from
 * the ledger's JSON (problems, review comments) are taken as the contract describes them.
 *
 * Requests are refused with a Vietnamese sentence (validation.ts): each schema writes its own
 * with `vi()` where a user may meet it.
 */
import { z } from 'zod';
import type { ConsoleRole } from '../../shared/accounts.ts';
import type {
  ActionResult, AppendixVersionView, AppendixView, BoardCounts, BoardResponse, BoardUnit, ConsoleSession, FigureRow, LateEntry,
  LateResponse, PeriodInfo, SubmissionView,
} from '../../shared/console-api.ts';
import type { EnrolRequest, EnrolResponse, HistoryEntry, Receipt, ServerProblem } from '../../shared/intake.ts';
import type { SheetModel } from '../../shared/layout.ts';
import { MAX_COMMENTS, MAX_NOTE, type ReviewAction, type ReviewComment, type ReviewEvent, type ReviewState, type SystemAction } from '../../shared/review.ts';
import type { BackupStatus } from '../backup.ts';
import { vi } from './validation.ts';

/** True when A and B are the same type (not merely assignable: an optional field missing on one side counts). */
type Same<A, B> = (<G>() => G extends A ? 1 : 2) extends (<G>() => G extends B ? 1 : 2) ? true : false;

/**
 * `contract<T>()(schema)`: the schema, provided its output is exactly T; else a compile error
 * naming both.
 */
export function contract<T>() {
  return <S extends z.ZodType<T>>(schema: S & (Same<z.output<S>, T> extends true ? unknown : { contractDiffers: { schema: z.output<S>; contract: T } })): S => schema;
}

// ---------------------------------------------------------------------------------------------
// Answers

/** Every refusal: a Vietnamese sentence saying what is wrong and what to do. */
export const ErrorReply = z.strictObject({ error: z.string() });

/** The error answer for each status a route may refuse with, and for 500. */
export function refusals<const S extends readonly number[]>(...statuses: S): { [K in S[number] | 500]: typeof ErrorReply } {
  return Object.fromEntries([...statuses, 500].map((s) => [s, ErrorReply])) as { [K in S[number] | 500]: typeof ErrorReply };
}

/** A file sent as it is (a workbook, a PDF): fastify sends bytes without the serializer; declared for the record. */
export const FileReply = z.instanceof(Buffer);

export const HealthReply = z.strictObject({ ok: z.literal(true) });

const ReviewStateSchema = contract<ReviewState>()(z.enum(['rejected', 'awaiting_review', 'returned', 'approved', 'superseded', 'held']));
const ReviewActionSchema = contract<ReviewAction>()(z.enum(['approve', 'return', 'reopen']));
const SystemActionSchema = contract<SystemAction>()(z.enum(['received', 'superseded', 'held']));
const RoleSchema = contract<ConsoleRole>()(z.enum(['ke-hoach', 'lanh-dao']));

/** A problem of a file, as the ledger keeps it. */
export const ProblemSchema = contract<ServerProblem>()(z.object({
  sheet: z.string().optional(), cell: z.string().optional(), indicator: z.string().optional(), message: z.string(),
}));

/** A reviewer's comment, as the ledger keeps it. */
const ReviewCommentSchema = contract<ReviewComment>()(z.object({ indicator: z.string(), cell: z.string().optional(), text: z.string() }));

const ReviewEventSchema = contract<ReviewEvent>()(z.strictObject({
  submissionId: z.number(), unit: z.string(), period: z.string(), state: ReviewStateSchema,
  action: z.union([ReviewActionSchema, SystemActionSchema]), actor: z.string(), at: z.string(),
  note: z.string().optional(), comments: z.array(ReviewCommentSchema).optional(),
}));

// The intake

export const ReceiptSchema = contract<Receipt>()(z.strictObject({
  id: z.number(), receivedAt: z.string(), sha256: z.string(), unit: z.string().nullable(), unitName: z.string().nullable(),
  period: z.string().nullable(), fileName: z.string(), status: z.enum(['accepted', 'rejected']), late: z.boolean(),
}));

const HistoryEntrySchema = contract<HistoryEntry>()(ReceiptSchema.extend({
  errors: z.array(ProblemSchema), warnings: z.array(ProblemSchema), review: ReviewStateSchema,
  reviewNote: z.string().optional(), reviewComments: z.array(ReviewCommentSchema).optional(), reviewedAt: z.string().optional(),
}));

/** The unit's own submissions (GET INTAKE_PATH). shared/intake.ts has no type for it yet: the pane reads it field by field. */
export interface HistoryResponse { unit: string; unitName: string; period: string; periodHeader: string; deadline: string; submissions: HistoryEntry[] }
export const HistoryReply = contract<HistoryResponse>()(z.strictObject({
  unit: z.string(), unitName: z.string(), period: z.string(), periodHeader: z.string(), deadline: z.string(), submissions: z.array(HistoryEntrySchema),
}));

/** The answer to an upload (POST INTAKE_PATH), whatever became of it. Not yet a type of shared/intake.ts either. */
export interface UploadAnswer { duplicate: boolean; accepted: boolean; receipt: Receipt; errors: ServerProblem[]; warnings: ServerProblem[] }
export const UploadReply = contract<UploadAnswer>()(z.strictObject({
  duplicate: z.boolean(), accepted: z.boolean(), receipt: ReceiptSchema, errors: z.array(ProblemSchema), warnings: z.array(ProblemSchema),
}));
/** 415: what the file is instead, with the record of it when it was kept; or only the sentence when it never reached the checks. */
export const NotWorkbookReply = z.union([UploadReply.extend({ error: z.string() }), ErrorReply]);

export const EnrolReply = contract<EnrolResponse>()(z.strictObject({ token: z.string(), unit: z.string(), unitName: z.string(), intakeUrl: z.string() }));

// The console

const PeriodInfoSchema = contract<PeriodInfo>()(z.strictObject({
  id: z.string(), header: z.string(), deadline: z.string(), cutoff: z.strictObject({ from: z.string(), to: z.string() }).nullable(),
  daysLeft: z.number(), overdue: z.boolean(),
}));

export const SessionReply = contract<ConsoleSession>()(z.strictObject({ user: z.string(), role: RoleSchema, csrfToken: z.string(), expiresAt: z.string() }));

/** GET /csrf: a token for the next change, and the session when there is one. */
export interface CsrfResponse { csrfToken: string; session: ConsoleSession | null }
export const CsrfReply = contract<CsrfResponse>()(z.strictObject({ csrfToken: z.string(), session: SessionReply.nullable() }));

export const OkReply = z.strictObject({ ok: z.literal(true) });

const BoardUnitSchema = contract<BoardUnit>()(z.strictObject({
  code: z.string(), name: z.string(), state: ReviewStateSchema.optional(), submissionId: z.number().optional(), fileName: z.string().optional(),
  receivedAt: z.string().optional(), late: z.boolean(), overdue: z.boolean(), warnings: z.number(), errors: z.number(), held: z.number(),
  laterRejected: z.boolean(), reviewedBy: z.string().optional(), reviewedAt: z.string().optional(), note: z.string().optional(),
}));
const BoardCountsSchema = contract<BoardCounts>()(z.strictObject({
  expected: z.number(), submitted: z.number(), missing: z.number(), awaiting: z.number(), returned: z.number(), approved: z.number(), rejected: z.number(),
}));
export const BoardReply = contract<BoardResponse>()(z.strictObject({
  period: PeriodInfoSchema, generatedAt: z.string(), counts: BoardCountsSchema, final: z.boolean(), units: z.array(BoardUnitSchema), notices: z.array(z.string()),
}));

const LateEntrySchema = contract<LateEntry>()(z.strictObject({
  code: z.string(), name: z.string(), reason: z.enum(['missing', 'rejected', 'returned']), detail: z.string(), reminder: z.string(),
}));
export const LateReply = contract<LateResponse>()(z.strictObject({ period: PeriodInfoSchema, entries: z.array(LateEntrySchema), all: z.string() }));

const FigureRowSchema = contract<FigureRow>()(z.strictObject({
  indicator: z.string(), stt: z.number(), name: z.string(), unit: z.string(), plan: z.string(), printed: z.string(), status: z.string(),
  note: z.string(), previous: z.string().nullable(), changed: z.boolean(), cell: z.string(), problems: z.array(z.string()),
}));
export const SubmissionReply = contract<SubmissionView>()(z.strictObject({
  id: z.number(), unit: z.string(), unitName: z.string(), period: z.string(), fileName: z.string(), receivedAt: z.string(),
  source: z.enum(['inbox', 'http']), late: z.boolean(), status: z.enum(['accepted', 'rejected']), state: ReviewStateSchema, sha256: z.string(),
  previousId: z.number().optional(), previousReceivedAt: z.string().optional(), rows: z.array(FigureRowSchema),
  errors: z.array(z.string()), warnings: z.array(z.string()), actions: z.array(ReviewActionSchema), history: z.array(ReviewEventSchema),
  note: z.string().optional(), comments: z.array(ReviewCommentSchema).optional(),
}));
export const ActionReply = contract<ActionResult>()(z.strictObject({ state: ReviewStateSchema, submission: SubmissionReply }));

/** The appendix's sheet: the shared layout's model, checked at its top (cells and their addresses) only. */
const SheetModelSchema = z.custom<SheetModel>((v) => typeof v === 'object' && v !== null && Array.isArray((v as { cells?: unknown }).cells));
const AppendixVersionSchema = contract<AppendixVersionView>()(z.strictObject({ n: z.number(), createdAt: z.string(), final: z.boolean(), contentHash: z.string() }));
export const AppendixReply = contract<AppendixView>()(z.strictObject({
  period: PeriodInfoSchema, final: z.boolean(), model: SheetModelSchema, summary: z.string(), warnings: z.number(),
  versions: z.array(AppendixVersionSchema), pdf: z.boolean(),
}));

// ---------------------------------------------------------------------------------------------
// Requests

const UNKNOWN_FIELDS = vi('Nội dung yêu cầu có trường không dùng đến: {keys}. Hãy bỏ đi rồi thử lại.');

/** A number in a path ("/submissions/12"): digits only, no sign, no leading zero, no exponent. */
function positiveInteger(message: string) {
  const error = vi(message);
  return z.string({ error }).regex(/^[1-9]\d{0,14}$/, { error }).transform(Number);
}

export const SubmissionParams = z.strictObject({
  id: positiveInteger('Số của bản nộp trong đường dẫn không đúng dạng (cần một số nguyên dương). Hãy mở bản nộp từ trang tình hình nộp.'),
});
export const VersionParams = z.strictObject({
  n: positiveInteger('Số phiên bản phụ lục trong đường dẫn không đúng dạng (cần một số nguyên dương). Hãy chọn phiên bản trong trang phụ lục.'),
});
export const AnyParams = z.strictObject({ '*': z.string() });

/** Every change carries the session's CSRF token (checked before the body is read; declared here for the record). */
export const ChangeHeaders = z.looseObject({ 'x-csrf-token': z.string() });
/** The intake's routes carry the unit's access token (checked before the body is read). */
export const TokenHeaders = z.looseObject({ authorization: z.string() });

const FILE_NAME = vi('Tên tệp gửi kèm (X-File-Name) không đọc được. Hãy đặt lại tên tệp chỉ gồm chữ, số và dấu gạch rồi nộp lại.');
function decodable(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
/** An upload's headers: the token, and the file's name (percent-encoded UTF-8) when the body is the bare workbook. */
export const UploadHeaders = TokenHeaders.extend({ 'x-file-name': z.string({ error: FILE_NAME }).refine(decodable, { error: FILE_NAME }).optional() });

/**
 * An upload's body: the workbook's bytes (an .xlsx or octet-stream body), or nothing here when it
 * is multipart (the handler reads the one file part as a stream, under the size limit).
 */
export const UploadBody = z.instanceof(Buffer).nullable();

const CODE_FORMAT = vi('Mã đăng ký không đúng dạng. Hãy nhập đúng mã do Phòng Tài chính - Kế hoạch cấp.');
/**
 * The pane's enrolment: `{ code }`. Other fields are let through unread, as they always were: a
 * pane of another version may send more, and its enrolment must not fail for it.
 */
export const EnrolBody = contract<EnrolRequest>()(z.object({
  code: z.string({ error: CODE_FORMAT }).trim().regex(/^[A-Za-z0-9-]{6,64}$/, { error: CODE_FORMAT }),
}, { error: CODE_FORMAT }));

const LOGIN_MISSING = vi('Hãy nhập tên tài khoản và mật khẩu.');
const LOGIN_TYPE = vi('Tên tài khoản và mật khẩu phải là chữ.');
const loginField = z.string({ error: (iss) => (iss.input === undefined ? LOGIN_MISSING : LOGIN_TYPE) });
/** The login form: an account name (any case, spaces around ignored) and its password. */
export interface LoginRequest { name: string; password: string }
export const LoginBody = contract<LoginRequest>()(z.strictObject({ name: loginField, password: loginField }, {
  error: (iss) => (iss.code === 'unrecognized_keys' ? UNKNOWN_FIELDS : LOGIN_MISSING),
}));

/** A change that carries nothing (logout): no body, or an empty object. */
export const EmptyBody = z.strictObject({}, {
  error: (iss) => (iss.code === 'unrecognized_keys' ? UNKNOWN_FIELDS : vi('Nội dung yêu cầu không đúng dạng: cần một đối tượng JSON rỗng ({}) hoặc không gửi gì.')),
}).nullable();

/** As the review's actions clean a note or a comment (worker/review/actions.ts): Windows line ends, spaces around. */
const clean = (text: string) => text.replace(/\r\n?/g, '\n').trim();

const COMMENT = vi('Ý kiến thứ {n} không đúng dạng: cần chỉ tiêu (“indicator”) và nội dung (“text”).');
const CommentBody = z.strictObject({
  indicator: z.string({ error: (iss) => (iss.input === undefined ? vi('Ý kiến thứ {n} chưa nêu chỉ tiêu.') : vi('Ý kiến thứ {n} nêu chỉ tiêu không đúng dạng.')) })
    .min(1, { error: vi('Ý kiến thứ {n} chưa nêu chỉ tiêu.') }),
  text: z.string({ error: (iss) => (iss.input === undefined ? vi('Ý kiến thứ {n} thiếu nội dung.') : vi('Nội dung ý kiến thứ {n} phải là một đoạn chữ.')) })
    .overwrite(clean)
    .min(1, { error: vi('Ý kiến thứ {n} thiếu nội dung.') })
    .max(MAX_NOTE, { error: vi(`Ý kiến thứ {n} dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`) }),
}, {
  error: (iss) => (iss.code === 'unrecognized_keys'
    ? vi('Ý kiến thứ {n} có trường không dùng đến: {keys}. Mỗi ý kiến chỉ gồm chỉ tiêu (“indicator”) và nội dung (“text”).')
    : COMMENT),
});

/** A review action's body: a note, and (returning) comments on the unit's indicators. */
export interface ActionBodyInput { note?: string | null; comments?: { indicator: string; text: string }[] }
export const ActionBody = contract<ActionBodyInput>()(z.strictObject({
  note: z.string({ error: vi('Ghi chú phải là một đoạn chữ.') })
    .overwrite(clean)
    .max(MAX_NOTE, { error: vi(`Ghi chú dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`) })
    .nullable().optional(),
  comments: z.array(CommentBody, { error: vi('Ý kiến (“comments”) phải là một danh sách, mỗi ý kiến gồm chỉ tiêu (“indicator”) và nội dung (“text”).') })
    .max(MAX_COMMENTS, { error: vi(`Nhiều nhất ${MAX_COMMENTS} ý kiến mỗi lần trả lại.`) })
    .optional(),
}, {
  error: (iss) => (iss.code === 'unrecognized_keys'
    ? UNKNOWN_FIELDS
    : vi('Nội dung yêu cầu không đúng dạng: cần một đối tượng JSON, ví dụ {"note": "…", "comments": []}.')),
}));
/** No body at all (approve, reopen) reads as an empty one, as it always did. */
export const ActionBodyOrNone = ActionBody.nullable().transform((b): ActionBodyInput => b ?? {});

// ---------------------------------------------------------------------------------------------
// GET /api/v1/console/backup (backup-route.ts): the last backup, for the console's notice.

export const BackupReply = contract<BackupStatus>()(z.strictObject({
  configured: z.boolean(), at: z.string().nullable(), warnDays: z.number().int().positive(),
  last: z.strictObject({ at: z.string(), bytes: z.number().int().nonnegative() }).nullable(), overdue: z.boolean(),
}));
