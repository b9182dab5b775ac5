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
 * The calendar is in period.ts, the accounts in accounts.ts, the console's JSON contract in
 * console-api.ts.
 */

import { formatTimeVi } from './format.ts';

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
    case 'approve':
      return from === 'awaiting_review' ? 'approved' : undefined;
    case 'return':
      return from === 'awaiting_review' ? 'returned' : undefined;
    case 'reopen':
      return from === 'approved' || from === 'returned' ? 'awaiting_review' : undefined;
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

/**
 * The machine's own changes, beside the planning office's actions: a file received (or held, while
 * the unit's period is approved), a submission superseded by a newer one, and a held file put up for
 * review when the approved one is reopened ("released").
 */
export type SystemAction = 'received' | 'superseded' | 'held' | 'released';

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
  /** How the file came, on the events of a file received (received, held). */
  source?: 'inbox' | 'http';
  note?: string;
  comments?: ReviewComment[];
}

/** The actor of the machine's own changes. */
export const SYSTEM_ACTOR = 'hệ thống';

/** A piece of a history line: words, or a submission named by a link to it. */
export type HistoryPart = string | { submissionId: number; text: string };

/** How a file came (GLOSSARY: phần bổ trợ; thư mục nộp báo cáo chung). */
const SOURCE_WORDS: Record<NonNullable<ReviewEvent['source']>, string> = {
  http: 'qua phần bổ trợ',
  inbox: 'qua thư mục nộp báo cáo chung',
};

/**
 * One event of a unit's history as one plain sentence: who (the officer by full name, the unit by
 * its name for a file, the file itself for the machine's changes), what, and when — “Trần Thị Lan
 * duyệt bản số 5 lúc 17:00 ngày 20/11/2023.” The submission the page shows is “bản này”; another is
 * a link, “bản số 16”. `e.actor` is already a person's name (worker/http/console-views.ts).
 */
export function historyLine(e: ReviewEvent, shownId: number, unitName: string): HistoryPart[] {
  const here = e.submissionId === shownId;
  const file = (first: boolean): HistoryPart =>
    here ? (first ? 'Bản này' : 'bản này') : { submissionId: e.submissionId, text: `${first ? 'Bản' : 'bản'} số ${e.submissionId}` };
  const when = `lúc ${formatTimeVi(e.at)}`;
  const way = e.source ? ` ${SOURCE_WORDS[e.source]}` : '';
  switch (e.action) {
    case 'received':
      return [`${unitName} nộp `, file(false), `${way} ${when}${e.state === 'rejected' ? '; tệp không hợp lệ.' : '.'}`];
    case 'held':
      return [`${unitName} nộp `, file(false), `${way} ${when} khi báo cáo đã được duyệt, nên phải chờ mở khoá.`];
    case 'released':
      return [file(true), ` chuyển sang chờ duyệt ${when} vì báo cáo được mở lại.`];
    case 'superseded':
      return [file(true), ` được thay thế ${when} vì ${unitName} đã nộp lại.`];
    case 'approve':
      return [`${e.actor} duyệt `, file(false), ` ${when}.`];
    case 'return':
      return [`${e.actor} trả lại `, file(false), ` ${when}.`];
    case 'reopen':
      // Reopened with a newer file held: that file's own line says it is up for review.
      return [`${e.actor} mở lại `, file(false), ` ${when}${e.state === 'awaiting_review' ? '; báo cáo trở về chờ duyệt.' : '.'}`];
  }
}

/** A history line as text (what the page reads out, without its links). */
export function historyText(parts: readonly HistoryPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

/** The longest note and comment the office may write (characters). */
export const MAX_NOTE = 2000;
export const MAX_COMMENTS = 100;
