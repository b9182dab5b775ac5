/**
 * The console's JSON contract (/api/v1/console/…): what the worker answers and the console's pages
 * read, in one definition for both.
 */
import type { ConsoleRole } from './accounts.ts';
import type { SheetModel } from './layout.ts';
import type { ReviewAction, ReviewComment, ReviewEvent, ReviewState } from './review.ts';

export const CONSOLE_API = '/api/v1/console';
/** The header that carries the CSRF token on every change. */
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSession {
  user: string;
  /** How people call the account's owner ("" when not given). */
  fullName: string;
  role: ConsoleRole;
  /** Send it back in CSRF_HEADER with every change. */
  csrfToken: string;
  expiresAt: string;
  /** An administrator reset the password: nothing but changing it works until it is changed (POST /password). */
  mustChangePassword: boolean;
}

/** GET /csrf (public): a token for the forms, the session when there is one, and whether the first account is still to be made. */
export interface CsrfResponse {
  csrfToken: string;
  session: ConsoleSession | null;
  setupNeeded: boolean;
}

/** POST /login (public). */
export interface LoginRequest {
  name: string;
  password: string;
}

/**
 * POST /setup (public, once): the first account, an administrator, made with the one-time code
 * `phuluc start` printed (it is in the set-up address: #/thiet-lap?ma=CODE).
 */
export interface SetupRequest {
  code: string;
  name: string;
  fullName: string;
  password: string;
}

/** POST /password: an account changes its own password. */
export interface PasswordRequest {
  current: string;
  next: string;
}

export interface PeriodInfo {
  id: string;
  header: string;
  deadline: string;
  /** Decree 09/2019/NĐ-CP cutoff window (ISO dates). */
  cutoff: { from: string; to: string } | null;
  /** Vietnam calendar days left until the deadline (negative: overdue). */
  daysLeft: number;
  overdue: boolean;
}

/** A unit's line on the board. */
export interface BoardUnit {
  code: string;
  name: string;
  /** undefined: nothing received yet. */
  state?: ReviewState;
  /** The submission the appendix uses, else the latest received. */
  submissionId?: number;
  fileName?: string;
  receivedAt?: string;
  /** Received after the deadline. */
  late: boolean;
  /** Nothing valid yet and the deadline has passed. */
  overdue: boolean;
  warnings: number;
  errors: number;
  /** Files received while approved, waiting for the period to be reopened. */
  held: number;
  /** A later file was rejected (the unit's valid one still stands). */
  laterRejected: boolean;
  /** Who reviewed, by full name (the account name when it has none). */
  reviewedBy?: string;
  reviewedAt?: string;
  note?: string;
  /** Excused from the period (“miễn nộp kỳ này”): not expected, shown as such in the appendix's source sheet. */
  excused?: { reason: string; at: string; by: string };
  /** Reminders sent for this period. */
  reminders: { count: number; lastAt?: string };
}

export interface BoardCounts {
  expected: number;
  submitted: number;
  missing: number;
  awaiting: number;
  returned: number;
  approved: number;
  rejected: number;
  excused: number;
}

export interface BoardResponse {
  period: PeriodInfo;
  generatedAt: string;
  counts: BoardCounts;
  /** Every expected unit has an approved submission (or is excused): the appendix is final. */
  final: boolean;
  units: BoardUnit[];
  /** What the planning office should know that is not a unit's state (a unit sent another unit's file), as sentences. */
  notices: string[];
  /** The shared folder: files still being written, and files settled waiting for the next run. */
  inbox: InboxWaiting;
  /** The period takes files (false: closed). */
  open: boolean;
}

/** Files in the shared folder not taken yet (“Nhận ngay” takes them). */
export interface InboxWaiting {
  settling: { name: string; firstSeenAt: string }[];
  ready: { name: string; firstSeenAt: string }[];
  /** Left there, with why (Excel's lock files, sub-folders …). */
  skipped: { name: string; reason: string }[];
}

/** POST /inbox/take: what a run taking the shared folder's files now did. */
export interface TakeNowResult {
  taken: number;
  accepted: number;
  rejected: number;
  settling: string[];
  message: string;
}

/** One indicator row of a submission beside the plan and the unit's previous version. */
export interface FigureRow {
  indicator: string;
  stt: number;
  name: string;
  unit: string;
  plan: string;
  /** As the appendix prints it. */
  printed: string;
  status: string;
  note: string;
  /** The same indicator in the unit's previous accepted submission ("" when none). */
  previous: string | null;
  changed: boolean;
  /** The template cell of the figure, for comments ("E6"). */
  cell: string;
  problems: string[];
}

export interface SubmissionView {
  id: number;
  unit: string;
  unitName: string;
  period: string;
  fileName: string;
  receivedAt: string;
  source: 'inbox' | 'http';
  late: boolean;
  status: 'accepted' | 'rejected';
  state: ReviewState;
  sha256: string;
  previousId?: number;
  previousReceivedAt?: string;
  /**
   * The unit's submission in force now (the one the board opens and the appendix uses), when it is
   * not this one: after “Mở lại” put a held file up for review, the reopen answer names it here.
   */
  currentId?: number;
  rows: FigureRow[];
  errors: string[];
  warnings: string[];
  /** What the account may do now. */
  actions: ReviewAction[];
  /** The unit's whole review history for the period, newest first. */
  history: ReviewEvent[];
  note?: string;
  comments?: ReviewComment[];
}

export interface AppendixVersionView {
  n: number;
  createdAt: string;
  final: boolean;
  contentHash: string;
}

export interface AppendixView {
  period: PeriodInfo;
  final: boolean;
  model: SheetModel;
  summary: string;
  warnings: number;
  versions: AppendixVersionView[];
  /** PDF can be made here (LibreOffice installed). */
  pdf: boolean;
}

export interface LateEntry {
  code: string;
  name: string;
  reason: 'missing' | 'rejected' | 'returned';
  /** Vietnamese: "Chưa nộp", "Tệp nộp lúc … không hợp lệ", "Bị trả lại lúc …: …". */
  detail: string;
  reminder: string;
  /** The unit's e-mail address for reminders, when the office gave one. */
  email: string | null;
  reminders: { count: number; lastAt?: string };
}

/** `smtp`: reminders can be sent by e-mail from here (an SMTP server is configured); else the texts are to copy. */
export interface LateResponse {
  period: PeriodInfo;
  entries: LateEntry[];
  all: string;
  smtp: boolean;
}

/** The answer of a review action. */
export interface ActionResult {
  state: ReviewState;
  submission: SubmissionView;
}

// ---------------------------------------------------------------------------------------------
// Periods (GET /periods; POST /periods, /periods/:id/deadline, /close, /reopen)

/** A period opened, with where it stands. */
export interface PeriodSummary extends PeriodInfo {
  open: boolean;
  catalogId: string;
  catalogVersion: number;
  year: number;
  openedAt: string;
  /** Full names (or account names) of who opened and closed it. */
  openedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  counts: BoardCounts;
  final: boolean;
}

/** A stored catalogue the office can open periods of. */
export interface CatalogChoice {
  id: string;
  year: number;
  locality: string;
  /** The newest version's number; the number of versions. */
  version: number;
  versions: number;
  /** Its periods, each with the catalogue's own deadline and whether it was opened already. */
  periods: { id: string; header: string; deadline: string; opened: boolean }[];
}

export interface PeriodsResponse {
  current: string | null;
  periods: PeriodSummary[];
  catalogs: CatalogChoice[];
}

export interface OpenPeriodRequest {
  catalogId: string;
  periodId: string;
  deadline: string;
}
export interface DeadlineRequest {
  deadline: string;
}

// ---------------------------------------------------------------------------------------------
// The review at a period's scale

/** POST /approve: several units at once, one confirmation; an optional note. */
export interface BulkApproveRequest {
  period: string;
  submissionIds: number[];
  note?: string;
}
export interface BulkApproveResult {
  approved: { unit: string; name: string; submissionId: number }[];
  refused: { unit: string; name: string; submissionId: number; reason: string }[];
}

/** POST /excusals: a unit excused from a period with a reason (“miễn nộp kỳ này”), or the excuse taken back (reason null). */
export interface ExcuseRequest {
  period: string;
  unit: string;
  reason: string | null;
}

// ---------------------------------------------------------------------------------------------
// Departments' access (GET /units; POST /units/:code/email, /units/:code/enrolment, /units/:code/revoke;
// GET /templates/:code.xlsx, /templates.zip)

export interface UnitAccess {
  code: string;
  name: string;
  email: string | null;
  /** The add-in: active access tokens (enrolled), and when one was last used to submit. */
  addin: { tokens: number; lastAt?: string };
  /** Enrolment codes issued and not used yet (not expired). */
  pendingEnrolments: number;
  /** The unit's latest file of the period, and how it came. */
  last?: { at: string; source: 'inbox' | 'http'; fileName: string };
  /** The unit has indicators in the period's catalogue (a template to send). */
  reports: boolean;
}

export interface UnitsResponse {
  period: PeriodInfo;
  intakeUrl: string;
  units: UnitAccess[];
}

export interface EmailRequest {
  email: string | null;
}

/** A one-time enrolment code, shown once, and what the printable “phiếu hướng dẫn” says. */
export interface EnrolmentIssued {
  unit: string;
  unitName: string;
  /** "7KQ4-M9XP-2RTA". */
  code: string;
  expiresAt: string;
  /** Where the add-in sends (typed in the add-in's “Cài đặt” when it does not know it already). */
  intakeUrl: string;
  /** The four steps, as the sheet prints them. */
  steps: string[];
}

export interface RevokeResult {
  revoked: number;
}

// ---------------------------------------------------------------------------------------------
// Reminders (POST /reminders)

export interface ReminderRequest {
  period: string;
  units: string[];
}
export interface ReminderResult {
  sent: { unit: string; name: string; to: string }[];
  failed: { unit: string; name: string; reason: string }[];
  /** Units without an e-mail address: their texts are to copy. */
  noEmail: { unit: string; name: string }[];
}

// ---------------------------------------------------------------------------------------------
// Accounts (quản trị: GET /accounts; POST /accounts, /accounts/:name/reset, /disable, /enable, /role)

export interface AccountView {
  name: string;
  fullName: string;
  role: ConsoleRole;
  createdAt: string;
  disabledAt: string | null;
  mustChangePassword: boolean;
}

export interface AccountsResponse {
  accounts: AccountView[];
}
/** A new account, with a first password it must change at its first login. */
export interface NewAccountRequest {
  name: string;
  fullName: string;
  role: ConsoleRole;
  password: string;
}
/** A reset: a new password to be changed at the next login. */
export interface ResetPasswordRequest {
  password: string;
}
export interface RoleRequest {
  role: ConsoleRole;
  fullName?: string;
}

// ---------------------------------------------------------------------------------------------
// The audit (GET /audit, /audit.xlsx)

export interface AuditEntry {
  at: string;
  /** Who, by full name (an account), the unit's name (a file it sent), or “Hệ thống”. */
  who: string;
  /** What, as a sentence. */
  what: string;
  /** The period's header and the unit's name, when the action is about them. */
  period?: string;
  unit?: string;
  /** A short label of the file (its name and a 8-character fingerprint), when the action is about one. */
  file?: string;
  /** The kind, for filtering: "submission", "review", "period", "access", "account", "reminder", "settings". */
  kind: string;
}

/** The audit's filter (GET /audit, /audit.xlsx): the console's query and the worker's selection. */
export interface AuditFilter {
  period?: string;
  unit?: string;
  kind?: string;
  from?: string;
  to?: string;
  /** The newest this many (the worker's default when absent). */
  limit?: number;
}

export interface AuditResponse {
  entries: AuditEntry[];
  total: number;
}
