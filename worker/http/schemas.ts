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
  AccountsResponse,
  AccountView,
  ActionResult,
  AppendixVersionView,
  AppendixView,
  AuditEntry,
  AuditResponse,
  BoardCounts,
  BoardResponse,
  BoardUnit,
  BulkApproveRequest,
  BulkApproveResult,
  CatalogChoice,
  ConsoleSession,
  CsrfResponse,
  DeadlineRequest,
  EmailRequest,
  EnrolmentIssued,
  ExcuseRequest,
  FigureRow,
  InboxWaiting,
  LateEntry,
  LateResponse,
  LoginRequest,
  NewAccountRequest,
  OpenPeriodRequest,
  PasswordRequest,
  PeriodInfo,
  PeriodsResponse,
  PeriodSummary,
  ReminderRequest,
  ReminderResult,
  ResetPasswordRequest,
  RevokeResult,
  RoleRequest,
  SetupRequest,
  SubmissionView,
  TakeNowResult,
  UnitAccess,
  UnitsResponse,
} from '../../shared/console-api.ts';
import { MIN_PASSWORD_LENGTH } from '../../shared/accounts.ts';
import type { EnrolRequest, EnrolResponse, HistoryEntry, HistoryResponse, Receipt, ServerProblem } from '../../shared/intake.ts';
import type { Catalog } from '../../shared/catalog.ts';
import type { SheetModel } from '../../shared/layout.ts';
import { MAX_COMMENTS, MAX_NOTE, type ReviewAction, type ReviewComment, type ReviewEvent, type ReviewState, type SystemAction } from '../../shared/review.ts';
import { PERIOD_ID } from '../../shared/period.ts';
import type { BackupStatus } from '../backup.ts';
import { vi } from './validation.ts';

/** True when A and B are the same type (not merely assignable: an optional field missing on one side counts). */
type Same<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

/**
 * `contract<T>()(schema)`: the schema, provided its output is exactly T; else a compile error
 * naming both.
 */
export function contract<T>() {
  return <S extends z.ZodType<T>>(schema: S & (Same<z.output<S>, T> extends true ? unknown : { contractDiffers: { schema: z.output<S>; contract: T } })): S =>
    schema;
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

export const ReviewStateSchema = contract<ReviewState>()(z.enum(['rejected', 'awaiting_review', 'returned', 'approved', 'superseded', 'held']));
const ReviewActionSchema = contract<ReviewAction>()(z.enum(['approve', 'return', 'reopen']));
const SystemActionSchema = contract<SystemAction>()(z.enum(['received', 'superseded', 'held', 'released']));
const RoleSchema = contract<ConsoleRole>()(z.enum(['quan-tri', 'ke-hoach', 'lanh-dao']));

/** A problem of a file, as the ledger keeps it. */
export const ProblemSchema = contract<ServerProblem>()(
  z.object({
    sheet: z.string().optional(),
    cell: z.string().optional(),
    indicator: z.string().optional(),
    message: z.string(),
  }),
);

/** A reviewer's comment, as the ledger keeps it. */
const ReviewCommentSchema = contract<ReviewComment>()(z.object({ indicator: z.string(), cell: z.string().optional(), text: z.string() }));

const ReviewEventSchema = contract<ReviewEvent>()(
  z.strictObject({
    submissionId: z.number(),
    unit: z.string(),
    period: z.string(),
    state: ReviewStateSchema,
    action: z.union([ReviewActionSchema, SystemActionSchema]),
    actor: z.string(),
    at: z.string(),
    source: z.enum(['inbox', 'http']).optional(),
    note: z.string().optional(),
    comments: z.array(ReviewCommentSchema).optional(),
  }),
);

// The intake

export const ReceiptSchema = contract<Receipt>()(
  z.strictObject({
    id: z.number(),
    receivedAt: z.string(),
    sha256: z.string(),
    unit: z.string().nullable(),
    unitName: z.string().nullable(),
    period: z.string().nullable(),
    fileName: z.string(),
    status: z.enum(['accepted', 'rejected']),
    late: z.boolean(),
  }),
);

const HistoryEntrySchema = contract<HistoryEntry>()(
  ReceiptSchema.extend({
    errors: z.array(ProblemSchema),
    warnings: z.array(ProblemSchema),
    review: ReviewStateSchema,
    reviewNote: z.string().optional(),
    reviewComments: z.array(ReviewCommentSchema).optional(),
    reviewedAt: z.string().optional(),
  }),
);

/** The unit's own submissions (GET INTAKE_PATH). shared/intake.ts has no type for it yet: the pane reads it field by field. */
/** A console page of one period: `?period=2024-6t`, else the current period. */
/** A period id that is not one (“2024-6t”): the one message of every route that takes one. */
export const PERIOD_FORMAT = vi('Mã kỳ báo cáo không đúng dạng (ví dụ 2024-6t).');
export const PeriodQuery = z.strictObject({ period: z.string().regex(PERIOD_ID, PERIOD_FORMAT).optional() });

/** GET /api/v1/submissions?period=: the history of one period (the pane's template's), else the current one. */
export const HistoryQuery = z.strictObject({ period: z.string().regex(PERIOD_ID, PERIOD_FORMAT).optional() });

export const HistoryReply = contract<HistoryResponse>()(
  z.strictObject({
    unit: z.string(),
    unitName: z.string(),
    period: z.string(),
    periodHeader: z.string(),
    deadline: z.string(),
    submissions: z.array(HistoryEntrySchema),
  }),
);

/**
 * GET /api/v1/catalogs: the catalogues of the open periods, for the pane's “Tạo biểu mẫu” (it bundles
 * none), and the period collected now. A catalogue goes out as stored (passed through unchanged: its
 * catalogHash is the one templates are checked against).
 */
export interface CatalogsResponse {
  catalogs: Catalog[];
  period: string;
}
export const CatalogsReply = contract<CatalogsResponse>()(
  z.strictObject({
    catalogs: z.array(z.custom<Catalog>((v) => typeof v === 'object' && v !== null && !Array.isArray(v))),
    period: z.string(),
  }),
);

/** The answer to an upload (POST INTAKE_PATH), whatever became of it. Not yet a type of shared/intake.ts either. */
export interface UploadAnswer {
  duplicate: boolean;
  accepted: boolean;
  receipt: Receipt;
  errors: ServerProblem[];
  warnings: ServerProblem[];
}
export const UploadReply = contract<UploadAnswer>()(
  z.strictObject({
    duplicate: z.boolean(),
    accepted: z.boolean(),
    receipt: ReceiptSchema,
    errors: z.array(ProblemSchema),
    warnings: z.array(ProblemSchema),
  }),
);
/** 415: what the file is instead, with the record of it when it was kept; or only the sentence when it never reached the checks. */
export const NotWorkbookReply = z.union([UploadReply.extend({ error: z.string() }), ErrorReply]);

export const EnrolReply = contract<EnrolResponse>()(z.strictObject({ token: z.string(), unit: z.string(), unitName: z.string(), intakeUrl: z.string() }));

// The console

export const PeriodInfoSchema = contract<PeriodInfo>()(
  z.strictObject({
    id: z.string(),
    header: z.string(),
    deadline: z.string(),
    cutoff: z.strictObject({ from: z.string(), to: z.string() }).nullable(),
    daysLeft: z.number(),
    overdue: z.boolean(),
  }),
);

export const SessionReply = contract<ConsoleSession>()(
  z.strictObject({
    user: z.string(),
    fullName: z.string(),
    role: RoleSchema,
    csrfToken: z.string(),
    expiresAt: z.string(),
    mustChangePassword: z.boolean(),
  }),
);

/** GET /csrf: a token for the next change, the session when there is one, and whether the first account is still to be made. */
export const CsrfReply = contract<CsrfResponse>()(z.strictObject({ csrfToken: z.string(), session: SessionReply.nullable(), setupNeeded: z.boolean() }));

export const OkReply = z.strictObject({ ok: z.literal(true) });

const BoardUnitSchema = contract<BoardUnit>()(
  z.strictObject({
    code: z.string(),
    name: z.string(),
    state: ReviewStateSchema.optional(),
    submissionId: z.number().optional(),
    fileName: z.string().optional(),
    receivedAt: z.string().optional(),
    late: z.boolean(),
    overdue: z.boolean(),
    warnings: z.number(),
    errors: z.number(),
    held: z.number(),
    laterRejected: z.boolean(),
    reviewedBy: z.string().optional(),
    reviewedAt: z.string().optional(),
    note: z.string().optional(),
    excused: z.strictObject({ reason: z.string(), at: z.string(), by: z.string() }).optional(),
    reminders: z.strictObject({ count: z.number(), lastAt: z.string().optional() }),
  }),
);
const BoardCountsSchema = contract<BoardCounts>()(
  z.strictObject({
    expected: z.number(),
    submitted: z.number(),
    missing: z.number(),
    awaiting: z.number(),
    returned: z.number(),
    approved: z.number(),
    rejected: z.number(),
    excused: z.number(),
  }),
);
const InboxWaitingSchema = contract<InboxWaiting>()(
  z.strictObject({
    settling: z.array(z.strictObject({ name: z.string(), firstSeenAt: z.string() })),
    ready: z.array(z.strictObject({ name: z.string(), firstSeenAt: z.string() })),
    skipped: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
  }),
);
export const BoardReply = contract<BoardResponse>()(
  z.strictObject({
    period: PeriodInfoSchema,
    generatedAt: z.string(),
    counts: BoardCountsSchema,
    final: z.boolean(),
    units: z.array(BoardUnitSchema),
    notices: z.array(z.string()),
    inbox: InboxWaitingSchema,
    open: z.boolean(),
  }),
);
export const TakeNowReply = contract<TakeNowResult>()(
  z.strictObject({
    taken: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    settling: z.array(z.string()),
    message: z.string(),
  }),
);

const LateEntrySchema = contract<LateEntry>()(
  z.strictObject({
    code: z.string(),
    name: z.string(),
    reason: z.enum(['missing', 'rejected', 'returned']),
    detail: z.string(),
    reminder: z.string(),
    email: z.string().nullable(),
    reminders: z.strictObject({ count: z.number(), lastAt: z.string().optional() }),
  }),
);
export const LateReply = contract<LateResponse>()(
  z.strictObject({ period: PeriodInfoSchema, entries: z.array(LateEntrySchema), all: z.string(), smtp: z.boolean() }),
);

const PeriodSummarySchema = contract<PeriodSummary>()(
  PeriodInfoSchema.extend({
    open: z.boolean(),
    catalogId: z.string(),
    catalogVersion: z.number(),
    year: z.number(),
    openedAt: z.string(),
    openedBy: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    counts: BoardCountsSchema,
    final: z.boolean(),
  }),
);
const CatalogChoiceSchema = contract<CatalogChoice>()(
  z.strictObject({
    id: z.string(),
    year: z.number(),
    locality: z.string(),
    version: z.number(),
    versions: z.number(),
    periods: z.array(z.strictObject({ id: z.string(), header: z.string(), deadline: z.string(), opened: z.boolean() })),
  }),
);
export const PeriodsReply = contract<PeriodsResponse>()(
  z.strictObject({
    current: z.string().nullable(),
    periods: z.array(PeriodSummarySchema),
    catalogs: z.array(CatalogChoiceSchema),
  }),
);

export const BulkApproveReply = contract<BulkApproveResult>()(
  z.strictObject({
    approved: z.array(z.strictObject({ unit: z.string(), name: z.string(), submissionId: z.number() })),
    refused: z.array(z.strictObject({ unit: z.string(), name: z.string(), submissionId: z.number(), reason: z.string() })),
  }),
);

const UnitAccessSchema = contract<UnitAccess>()(
  z.strictObject({
    code: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    addin: z.strictObject({ tokens: z.number(), lastAt: z.string().optional() }),
    pendingEnrolments: z.number(),
    last: z.strictObject({ at: z.string(), source: z.enum(['inbox', 'http']), fileName: z.string() }).optional(),
    reports: z.boolean(),
  }),
);
export const UnitsReply = contract<UnitsResponse>()(z.strictObject({ period: PeriodInfoSchema, intakeUrl: z.string(), units: z.array(UnitAccessSchema) }));
export const EnrolmentReply = contract<EnrolmentIssued>()(
  z.strictObject({
    unit: z.string(),
    unitName: z.string(),
    code: z.string(),
    expiresAt: z.string(),
    intakeUrl: z.string(),
    steps: z.array(z.string()),
  }),
);
export const RevokeReply = contract<RevokeResult>()(z.strictObject({ revoked: z.number() }));
export const ReminderReply = contract<ReminderResult>()(
  z.strictObject({
    sent: z.array(z.strictObject({ unit: z.string(), name: z.string(), to: z.string() })),
    failed: z.array(z.strictObject({ unit: z.string(), name: z.string(), reason: z.string() })),
    noEmail: z.array(z.strictObject({ unit: z.string(), name: z.string() })),
  }),
);

const AccountViewSchema = contract<AccountView>()(
  z.strictObject({
    name: z.string(),
    fullName: z.string(),
    role: RoleSchema,
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
    mustChangePassword: z.boolean(),
  }),
);
export const AccountsReply = contract<AccountsResponse>()(z.strictObject({ accounts: z.array(AccountViewSchema) }));

const AuditEntrySchema = contract<AuditEntry>()(
  z.strictObject({
    at: z.string(),
    who: z.string(),
    what: z.string(),
    period: z.string().optional(),
    unit: z.string().optional(),
    file: z.string().optional(),
    kind: z.string(),
  }),
);
export const AuditReply = contract<AuditResponse>()(z.strictObject({ entries: z.array(AuditEntrySchema), total: z.number() }));

const FigureRowSchema = contract<FigureRow>()(
  z.strictObject({
    indicator: z.string(),
    stt: z.number(),
    name: z.string(),
    unit: z.string(),
    plan: z.string(),
    printed: z.string(),
    status: z.string(),
    note: z.string(),
    previous: z.string().nullable(),
    changed: z.boolean(),
    cell: z.string(),
    problems: z.array(z.string()),
  }),
);
export const SubmissionReply = contract<SubmissionView>()(
  z.strictObject({
    id: z.number(),
    unit: z.string(),
    unitName: z.string(),
    period: z.string(),
    fileName: z.string(),
    receivedAt: z.string(),
    source: z.enum(['inbox', 'http']),
    late: z.boolean(),
    status: z.enum(['accepted', 'rejected']),
    state: ReviewStateSchema,
    sha256: z.string(),
    previousId: z.number().optional(),
    previousReceivedAt: z.string().optional(),
    currentId: z.number().optional(),
    rows: z.array(FigureRowSchema),
    errors: z.array(z.string()),
    warnings: z.array(z.string()),
    actions: z.array(ReviewActionSchema),
    history: z.array(ReviewEventSchema),
    note: z.string().optional(),
    comments: z.array(ReviewCommentSchema).optional(),
  }),
);
export const ActionReply = contract<ActionResult>()(z.strictObject({ state: ReviewStateSchema, submission: SubmissionReply }));

/** The appendix's sheet: the shared layout's model, checked at its top (cells and their addresses) only. */
const SheetModelSchema = z.custom<SheetModel>((v) => typeof v === 'object' && v !== null && Array.isArray((v as { cells?: unknown }).cells));
const AppendixVersionSchema = contract<AppendixVersionView>()(
  z.strictObject({ n: z.number(), createdAt: z.string(), final: z.boolean(), contentHash: z.string() }),
);
export const AppendixReply = contract<AppendixView>()(
  z.strictObject({
    period: PeriodInfoSchema,
    final: z.boolean(),
    model: SheetModelSchema,
    summary: z.string(),
    warnings: z.number(),
    versions: z.array(AppendixVersionSchema),
    pdf: z.boolean(),
  }),
);

// ---------------------------------------------------------------------------------------------
// Requests

const UNKNOWN_FIELDS = vi('Nội dung yêu cầu có trường không dùng đến: {keys}. Hãy bỏ đi rồi thử lại.');

/** A number in a path ("/submissions/12"): digits only, no sign, no leading zero, no exponent. */
function positiveInteger(message: string) {
  const error = vi(message);
  return z
    .string({ error })
    .regex(/^[1-9]\d{0,14}$/, { error })
    .transform(Number);
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

const FILE_NAME = vi('Tên tệp gửi kèm không đọc được. Hãy đặt lại tên tệp chỉ gồm chữ, số và dấu gạch rồi nộp lại.');
/** Whether a percent-encoded header (a file's name) decodes. */
export function decodable(text: string): boolean {
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
export const EnrolBody = contract<EnrolRequest>()(
  z.object(
    {
      code: z
        .string({ error: CODE_FORMAT })
        .trim()
        .regex(/^[A-Za-z0-9-]{6,64}$/, { error: CODE_FORMAT }),
    },
    { error: CODE_FORMAT },
  ),
);

const LOGIN_MISSING = vi('Hãy nhập tên tài khoản và mật khẩu.');
const LOGIN_TYPE = vi('Tên tài khoản và mật khẩu phải là chữ.');
const loginField = z.string({ error: (iss) => (iss.input === undefined ? LOGIN_MISSING : LOGIN_TYPE) });
/** The login form: an account name (any case, spaces around ignored) and its password. */
export const LoginBody = contract<LoginRequest>()(
  z.strictObject(
    { name: loginField, password: loginField },
    {
      error: (iss) => (iss.code === 'unrecognized_keys' ? UNKNOWN_FIELDS : LOGIN_MISSING),
    },
  ),
);

/** A change that carries nothing (logout): no body, or an empty object. */
export const EmptyBody = z
  .strictObject(
    {},
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys' ? UNKNOWN_FIELDS : vi('Nội dung yêu cầu không đúng dạng: cần một đối tượng JSON rỗng ({}) hoặc không gửi gì.'),
    },
  )
  .nullable();

/** As the review's actions clean a note or a comment (worker/review/actions.ts): Windows line ends, spaces around. */
export const clean = (text: string) => text.replace(/\r\n?/g, '\n').trim();

const COMMENT = vi('Ý kiến thứ {n} không đúng dạng: cần chỉ tiêu (“indicator”) và nội dung (“text”).');
const CommentBody = z.strictObject(
  {
    indicator: z
      .string({ error: (iss) => (iss.input === undefined ? vi('Ý kiến thứ {n} chưa nêu chỉ tiêu.') : vi('Ý kiến thứ {n} nêu chỉ tiêu không đúng dạng.')) })
      .min(1, { error: vi('Ý kiến thứ {n} chưa nêu chỉ tiêu.') }),
    text: z
      .string({ error: (iss) => (iss.input === undefined ? vi('Ý kiến thứ {n} thiếu nội dung.') : vi('Nội dung ý kiến thứ {n} phải là một đoạn chữ.')) })
      .overwrite(clean)
      .min(1, { error: vi('Ý kiến thứ {n} thiếu nội dung.') })
      .max(MAX_NOTE, { error: vi(`Ý kiến thứ {n} dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`) }),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? vi('Ý kiến thứ {n} có trường không dùng đến: {keys}. Mỗi ý kiến chỉ gồm chỉ tiêu (“indicator”) và nội dung (“text”).')
        : COMMENT,
  },
);

/** A review action's body: a note, and (returning) comments on the unit's indicators. */
export interface ActionBodyInput {
  note?: string | null;
  comments?: { indicator: string; text: string }[];
}
export const ActionBody = contract<ActionBodyInput>()(
  z.strictObject(
    {
      note: z
        .string({ error: vi('Ghi chú phải là một đoạn chữ.') })
        .overwrite(clean)
        .max(MAX_NOTE, { error: vi(`Ghi chú dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`) })
        .nullable()
        .optional(),
      comments: z
        .array(CommentBody, { error: vi('Ý kiến (“comments”) phải là một danh sách, mỗi ý kiến gồm chỉ tiêu (“indicator”) và nội dung (“text”).') })
        .max(MAX_COMMENTS, { error: vi(`Nhiều nhất ${MAX_COMMENTS} ý kiến mỗi lần trả lại.`) })
        .optional(),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? UNKNOWN_FIELDS
          : vi('Nội dung yêu cầu không đúng dạng: cần một đối tượng JSON, ví dụ {"note": "…", "comments": []}.'),
    },
  ),
);
/** No body at all (approve, reopen) reads as an empty one, as it always did. */
export const ActionBodyOrNone = ActionBody.nullable().transform((b): ActionBodyInput => b ?? {});

// ---------------------------------------------------------------------------------------------
// The planning office's settings in the browser (issue 21)

const strict = (what: string) => ({
  error: (iss: { code?: string }) => (iss.code === 'unrecognized_keys' ? UNKNOWN_FIELDS : vi(`Nội dung yêu cầu không đúng dạng: ${what}.`)),
});
const PERIOD_ID_FIELD = z.string({ error: vi('Hãy chọn kỳ báo cáo.') }).regex(PERIOD_ID, { error: PERIOD_FORMAT });
const DEADLINE = z
  .string({ error: vi('Hãy chọn hạn nộp (ngày và giờ).') })
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
    error: vi('Hạn nộp không đúng dạng thời điểm. Hãy chọn lại ngày và giờ.'),
  });
const UNIT_CODE = z.string({ error: vi('Hãy chọn đơn vị.') }).regex(/^[A-Z][A-Z0-9_]*$/, { error: vi('Mã đơn vị không đúng dạng.') });
const ACCOUNT_NAME = z
  .string({ error: vi('Hãy nhập tên tài khoản.') })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, {
    error: vi('Tên tài khoản dùng 2–40 ký tự gồm chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang (ví dụ “lan.tckh”).'),
  });
const FULL_NAME = z
  .string({ error: vi('Hãy nhập họ và tên.') })
  .trim()
  .min(2, { error: vi('Hãy nhập họ và tên.') })
  .max(80, { error: vi('Họ và tên dài quá 80 ký tự.') });
const NEW_PASSWORD = z
  .string({ error: vi('Hãy nhập mật khẩu.') })
  .refine((p) => [...p].length >= MIN_PASSWORD_LENGTH, { error: vi(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`) })
  .refine((p) => p.length <= 200, { error: vi('Mật khẩu dài quá 200 ký tự.') });
const ROLE = z.enum(['quan-tri', 'ke-hoach', 'lanh-dao'], { error: vi('Hãy chọn vai trò: quản trị, kế hoạch hoặc lãnh đạo.') });

export const SetupBody = contract<SetupRequest>()(
  z.strictObject(
    {
      code: z
        .string({ error: vi('Thiếu mã thiết lập. Hãy mở đúng địa chỉ thiết lập mà lệnh “phuluc start” in ra.') })
        .trim()
        .min(6)
        .max(64),
      name: ACCOUNT_NAME,
      fullName: FULL_NAME,
      password: NEW_PASSWORD,
    },
    strict('cần mã thiết lập, tên tài khoản, họ tên và mật khẩu'),
  ),
);
export const PasswordBody = contract<PasswordRequest>()(
  z.strictObject(
    {
      current: z.string({ error: vi('Hãy nhập mật khẩu đang dùng.') }),
      next: NEW_PASSWORD,
    },
    strict('cần mật khẩu đang dùng và mật khẩu mới'),
  ),
);

export const OpenPeriodBody = contract<OpenPeriodRequest>()(
  z.strictObject(
    {
      catalogId: z.string({ error: vi('Hãy chọn danh mục chỉ tiêu.') }).min(1),
      periodId: PERIOD_ID_FIELD,
      deadline: DEADLINE,
    },
    strict('cần danh mục, kỳ báo cáo và hạn nộp'),
  ),
);
export const DeadlineBody = contract<DeadlineRequest>()(z.strictObject({ deadline: DEADLINE }, strict('cần hạn nộp')));
export const PeriodParams = z.strictObject({ id: PERIOD_ID_FIELD });

export const BulkApproveBody = contract<BulkApproveRequest>()(
  z.strictObject(
    {
      period: PERIOD_ID_FIELD,
      submissionIds: z
        .array(z.number().int().positive(), { error: vi('Hãy chọn các bản nộp cần duyệt.') })
        .min(1, { error: vi('Hãy chọn ít nhất một đơn vị để duyệt.') })
        .max(500),
      note: z
        .string()
        .overwrite(clean)
        .max(MAX_NOTE, { error: vi(`Ghi chú dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`) })
        .optional(),
    },
    strict('cần kỳ báo cáo và danh sách bản nộp'),
  ),
);
export const ExcuseBody = contract<ExcuseRequest>()(
  z.strictObject(
    {
      period: PERIOD_ID_FIELD,
      unit: UNIT_CODE,
      reason: z
        .string()
        .overwrite(clean)
        .max(500, { error: vi('Lý do miễn nộp dài quá 500 ký tự; hãy viết ngắn lại.') })
        .nullable(),
    },
    strict('cần kỳ báo cáo, đơn vị và lý do'),
  ),
);

export const UnitParams = z.strictObject({ code: UNIT_CODE });
export const TemplateParams = z.strictObject({ file: z.string().regex(/^[A-Z][A-Z0-9_]*\.xlsx$/, { error: vi('Tên biểu mẫu không đúng dạng.') }) });
export const EmailBody = contract<EmailRequest>()(
  z.strictObject(
    {
      email: z
        .string()
        .trim()
        .max(200)
        .regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: vi('Địa chỉ thư điện tử không đúng dạng (ví dụ: phongkinhte@honglinh.gov.vn).') })
        .nullable(),
    },
    strict('cần địa chỉ thư điện tử'),
  ),
);
export const ReminderBody = contract<ReminderRequest>()(
  z.strictObject(
    {
      period: PERIOD_ID_FIELD,
      units: z
        .array(UNIT_CODE)
        .min(1, { error: vi('Hãy chọn ít nhất một đơn vị để nhắc.') })
        .max(500),
    },
    strict('cần kỳ báo cáo và danh sách đơn vị'),
  ),
);

export const AccountParams = z.strictObject({ name: ACCOUNT_NAME });
export const NewAccountBody = contract<NewAccountRequest>()(
  z.strictObject(
    { name: ACCOUNT_NAME, fullName: FULL_NAME, role: ROLE, password: NEW_PASSWORD },
    strict('cần tên tài khoản, họ tên, vai trò và mật khẩu ban đầu'),
  ),
);
export const ResetBody = contract<ResetPasswordRequest>()(z.strictObject({ password: NEW_PASSWORD }, strict('cần mật khẩu mới')));
export const RoleBody = contract<RoleRequest>()(z.strictObject({ role: ROLE, fullName: FULL_NAME.optional() }, strict('cần vai trò')));

export const AuditQuery = z.strictObject({
  period: PERIOD_ID_FIELD.optional(),
  unit: UNIT_CODE.optional(),
  kind: z.enum(['submission', 'review', 'period', 'access', 'account', 'reminder', 'settings']).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,5}$/)
    .transform(Number)
    .optional(),
});

// ---------------------------------------------------------------------------------------------
// GET /api/v1/console/backup (backup-route.ts): the last backup, for the console's notice.

export const BackupReply = contract<BackupStatus>()(
  z.strictObject({
    configured: z.boolean(),
    at: z.string().nullable(),
    warnDays: z.number().int().positive(),
    last: z.strictObject({ at: z.string(), bytes: z.number().int().nonnegative() }).nullable(),
    overdue: z.boolean(),
  }),
);
