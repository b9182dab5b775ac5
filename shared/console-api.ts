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
  role: ConsoleRole;
  /** Send it back in CSRF_HEADER with every change. */
  csrfToken: string;
  expiresAt: string;
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
  reviewedBy?: string;
  reviewedAt?: string;
  note?: string;
}

export interface BoardCounts {
  expected: number;
  submitted: number;
  missing: number;
  awaiting: number;
  returned: number;
  approved: number;
  rejected: number;
}

export interface BoardResponse {
  period: PeriodInfo;
  generatedAt: string;
  counts: BoardCounts;
  /** Every expected unit has an approved submission: the appendix is final. */
  final: boolean;
  units: BoardUnit[];
  /** What the planning office should know that is not a unit's state (a unit sent another unit's file), as sentences. */
  notices: string[];
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

export interface AppendixVersionView { n: number; createdAt: string; final: boolean; contentHash: string }

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
}

export interface LateResponse { period: PeriodInfo; entries: LateEntry[]; all: string }

/** The answer of a review action. */
export interface ActionResult { state: ReviewState; submission: SubmissionView }
