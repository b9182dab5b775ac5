/**
 * The review cycle of a unit's submission for a period, as data: the states, who may move it from
 * one to the next, and the words the pane, the console and the appendix show for each.
 *
 *   received → rejected                    (the machine: an error in the file)
 *            → awaiting_review             (accepted by the checks, warnings listed)
 *   awaiting_review → returned             (the planning office, with a note and comments)
 *                   → approved             (the planning office; locks the unit's period)
 *                   → superseded           (a newer submission of the same unit and period)
 *   returned → superseded                  (the department submits again)
 *   returned → reopened → awaiting_review  (the planning office takes a return back)
 *   approved → reopened → awaiting_review  (the planning office reopens; the figures are open again)
 *
 * While a unit's period is approved, a later file is kept and recorded as "held" (chờ mở khoá):
 * it changes nothing until the period is reopened; reopening then puts the newest held file up for
 * review in place of the approved one.
 *
 * This module also holds the console's JSON contract (/api/v1/console/…) and the reporting
 * calendar (Decree 09/2019/NĐ-CP), so that the worker and the console's pages share one definition.
 */
import type { SheetModel } from './layout.ts';

export type ReviewState = 'rejected' | 'awaiting_review' | 'returned' | 'approved' | 'superseded' | 'held';

/** What the pane and the console call each state (GLOSSARY: chờ duyệt · bị trả lại · đã duyệt · mở lại). */
export const REVIEW_LABEL: Record<ReviewState, string> = {
  rejected: 'Không hợp lệ',
  awaiting_review: 'Chờ duyệt',
  returned: 'Bị trả lại',
  approved: 'Đã duyệt',
  superseded: 'Đã có bản nộp mới hơn',
  held: 'Chờ mở khoá',
};

export type ReviewAction = 'approve' | 'return' | 'reopen';

export const REVIEW_ACTIONS: readonly ReviewAction[] = ['approve', 'return', 'reopen'];

export const REVIEW_ACTION_LABEL: Record<ReviewAction, string> = {
  approve: 'Duyệt',
  return: 'Trả lại',
  reopen: 'Mở lại',
};

/** The state an action leads to, or undefined when the action is not allowed from `from`. */
export function nextState(from: ReviewState, action: ReviewAction): ReviewState | undefined {
  switch (action) {
    case 'approve': return from === 'awaiting_review' ? 'approved' : undefined;
    case 'return': return from === 'awaiting_review' ? 'returned' : undefined;
    case 'reopen': return from === 'approved' || from === 'returned' ? 'awaiting_review' : undefined;
  }
}

/** The actions allowed from a state (what the console offers). */
export function allowedActions(from: ReviewState | undefined): ReviewAction[] {
  return from ? REVIEW_ACTIONS.filter((a) => nextState(from, a) !== undefined) : [];
}

/** A reviewer's comment on one indicator of a submission (the pane selects its cell). */
export interface ReviewComment {
  indicator: string;
  /** The template cell the comment is about ("E6"), when known. */
  cell?: string;
  text: string;
}

/** The machine's own changes, beside the planning office's actions. */
export type SystemAction = 'received' | 'superseded' | 'held';

/** One change of state, as the console and the pane show it (the ledger keeps the office's actions append-only). */
export interface ReviewEvent {
  submissionId: number;
  unit: string;
  period: string;
  state: ReviewState;
  action: ReviewAction | SystemAction;
  /** A planning-office account name, or "hệ thống" for the machine's own changes. */
  actor: string;
  at: string;
  note?: string;
  comments?: ReviewComment[];
}

/** The actor of the machine's own changes. */
export const SYSTEM_ACTOR = 'hệ thống';

export const EVENT_LABEL: Record<ReviewAction | SystemAction, string> = {
  received: 'Nhận tệp',
  superseded: 'Có bản nộp mới hơn',
  held: 'Nhận tệp khi đã duyệt (chờ mở khoá)',
  approve: 'Duyệt',
  return: 'Trả lại',
  reopen: 'Mở lại',
};

/** The longest note and comment the office may write (characters). */
export const MAX_NOTE = 2000;
export const MAX_COMMENTS = 100;

// ---------------------------------------------------------------------------------------------
// Accounts of the planning office

/** ke-hoach: Phòng Tài chính - Kế hoạch (reviews and acts); lanh-dao: leaders (read only). */
export type ConsoleRole = 'ke-hoach' | 'lanh-dao';
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['ke-hoach', 'lanh-dao'];
export const ROLE_LABEL: Record<ConsoleRole, string> = {
  'ke-hoach': 'Phòng Tài chính - Kế hoạch',
  'lanh-dao': 'Lãnh đạo (chỉ xem)',
};

/** The shortest password an account may have. */
export const MIN_PASSWORD_LENGTH = 10;

// ---------------------------------------------------------------------------------------------
// The reporting calendar

export type PeriodKind = '6t' | '9t' | 'uoc' | 'nam';

/** "2023-9t" → { year: 2023, kind: "9t" }. */
export function periodParts(periodId: string): { year: number; kind: PeriodKind } | undefined {
  const m = /^(\d{4})-(6t|9t|uoc|nam)$/.exec(periodId);
  return m ? { year: Number(m[1]), kind: m[2] as PeriodKind } : undefined;
}

/**
 * The data cutoff window of a period under Decree 09/2019/NĐ-CP (Article 12): reports of a year
 * count from 15 December of the previous year; the 6-month report to 14 June, the 9-month report
 * to 14 September, the year's report (estimate and final) to 14 December. ISO dates.
 */
export function cutoffWindow(periodId: string): { from: string; to: string } | undefined {
  const p = periodParts(periodId);
  if (!p) return undefined;
  const end = p.kind === '6t' ? '06-14' : p.kind === '9t' ? '09-14' : '12-14';
  return { from: `${p.year - 1}-12-15`, to: `${p.year}-${end}` };
}

/** The period whose figures a period's figures should follow on from (6 tháng → 9 tháng → năm). */
export function previousPeriodId(periodId: string, known: readonly string[]): string | undefined {
  const p = periodParts(periodId);
  if (!p) return undefined;
  const chain: Record<PeriodKind, PeriodKind[]> = { '6t': [], '9t': ['6t'], uoc: ['9t', '6t'], nam: ['uoc', '9t', '6t'] };
  for (const kind of chain[p.kind]) {
    const id = `${p.year}-${kind}`;
    if (known.includes(id)) return id;
  }
  return undefined;
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** Days from the Vietnam calendar day of `now` to that of `deadline`: 0 on the day, negative once past. */
export function calendarDaysUntil(deadline: string, now: Date): number {
  const day = (t: number) => Math.floor((t + VN_OFFSET_MS) / 86_400_000);
  return day(Date.parse(deadline)) - day(now.getTime());
}

/** "còn 5 ngày", "hạn nộp là hôm nay", "quá hạn 3 ngày" (the board's line under the deadline). */
export function deadlineLabel(deadline: string, now: Date): string {
  const overdue = now.getTime() > Date.parse(deadline);
  const days = calendarDaysUntil(deadline, now);
  if (overdue) return days === 0 ? 'đã quá hạn (hạn nộp là hôm nay)' : `quá hạn ${-days} ngày`;
  return days === 0 ? 'hạn nộp là hôm nay' : `còn ${days} ngày`;
}

// ---------------------------------------------------------------------------------------------
// The console's JSON contract (/api/v1/console/…)

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
