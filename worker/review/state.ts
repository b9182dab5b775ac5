/**
 * Where each submission of a unit stands in the review, derived — never stored — from two
 * append-only records: the unit's submissions for the period (ledger order) and the planning
 * office's actions (each placed after the submission that was the unit's latest when it was taken,
 * named by content). The same derivation serves the live check of an action, the appendix, the
 * board, the pane's history and a rebuilt ledger, so they cannot disagree.
 */
import { nextState, SYSTEM_ACTOR, type ReviewComment, type ReviewEvent, type ReviewState } from '../../shared/review.ts';
import type { ReviewRecord, SubmissionStub } from '../ledger/contract.ts';

export interface SubmissionReview {
  state: ReviewState;
  /**
   * The office's latest action on this submission (return, approve, reopen), kept when the machine
   * changes its state afterwards: a returned file superseded by the unit's new one still shows the
   * note and comments it was returned with.
   */
  by?: ReviewRecord;
}

export interface UnitReview {
  unit: string;
  /** Each submission's state, by ledger id. */
  states: Map<number, SubmissionReview>;
  /** The submission the appendix uses: the approved one while locked, else the latest accepted. */
  current?: SubmissionStub;
  /** The unit's state: the current submission's, "rejected" when it sent only invalid files, undefined when nothing. */
  state?: ReviewState;
  /** The latest submission received, valid or not. */
  latest?: SubmissionStub;
  /** Files received while approved, oldest first: they wait for the period to be reopened. */
  held: SubmissionStub[];
  /** Newest first, the machine's changes and the office's actions. */
  timeline: ReviewEvent[];
  /** Actions that did not apply when replayed (a race lost, or a journal line about another ledger). */
  ignored: ReviewRecord[];
}

/** Derives one unit's review for a period. `subs` in ledger order; `actions` in seq order. */
export function deriveUnitReview(unit: string, period: string, subs: SubmissionStub[], actions: ReviewRecord[]): UnitReview {
  const index = new Map(subs.map((s, i) => [s.sha256, i]));
  const placed: ReviewRecord[][] = subs.map(() => []);
  const ignored: ReviewRecord[] = [];
  for (const a of [...actions].sort((x, y) => x.seq - y.seq)) {
    const at = index.get(a.afterSha256);
    const subject = index.get(a.sha256);
    if (at === undefined || subject === undefined || subject > at) ignored.push(a);
    else placed[at].push(a);
  }
  const states = new Map<number, SubmissionReview>();
  const timeline: ReviewEvent[] = [];
  const event = (s: SubmissionStub, state: ReviewState, action: ReviewEvent['action'], at: string, r?: ReviewRecord) => {
    timeline.push({
      submissionId: s.id,
      unit,
      period,
      state,
      action,
      actor: r?.actor ?? SYSTEM_ACTOR,
      at,
      ...(action === 'received' || action === 'held' ? { source: s.source } : {}),
      ...(r?.note ? { note: r.note } : {}),
      ...(r?.comments.length ? { comments: r.comments } : {}),
    });
  };
  const set = (s: SubmissionStub, state: ReviewState, action?: ReviewRecord) => {
    const by = action ?? states.get(s.id)?.by;
    states.set(s.id, by ? { state, by } : { state });
  };

  let current: SubmissionStub | undefined;
  let approved: SubmissionStub | undefined;
  let held: SubmissionStub[] = [];
  subs.forEach((s, i) => {
    if (s.status === 'rejected') {
      set(s, 'rejected');
      event(s, 'rejected', 'received', s.receivedAt);
    } else if (approved) {
      set(s, 'held');
      held.push(s);
      event(s, 'held', 'held', s.receivedAt);
    } else {
      if (current) {
        set(current, 'superseded');
        event(current, 'superseded', 'superseded', s.receivedAt);
      }
      set(s, 'awaiting_review');
      event(s, 'awaiting_review', 'received', s.receivedAt);
      current = s;
    }
    for (const a of placed[i]) {
      const t = subs[index.get(a.sha256)!];
      const from = states.get(t.id)!.state;
      const to = nextState(from, a.action);
      if (!to) {
        ignored.push(a);
        continue;
      }
      if (a.action === 'approve') {
        set(t, 'approved', a);
        approved = t;
        event(t, 'approved', 'approve', a.at, a);
      } else if (a.action === 'return') {
        set(t, 'returned', a);
        event(t, 'returned', 'return', a.at, a);
      } else if (from === 'approved' && held.length) {
        // Reopened with files waiting: the newest one takes the approved one's place.
        const newest = held[held.length - 1];
        approved = undefined;
        set(t, 'superseded', a);
        event(t, 'superseded', 'reopen', a.at, a);
        for (const h of held.slice(0, -1)) set(h, 'superseded');
        set(newest, 'awaiting_review');
        event(newest, 'awaiting_review', 'released', a.at);
        current = newest;
        held = [];
      } else {
        if (from === 'approved') approved = undefined;
        set(t, 'awaiting_review', a);
        event(t, 'awaiting_review', 'reopen', a.at, a);
      }
    }
  });
  const latest = subs[subs.length - 1];
  const state = current ? states.get(current.id)!.state : latest ? 'rejected' : undefined;
  timeline.reverse();
  return { unit, states, current, state, latest, held, timeline, ignored };
}

/** Every unit's review for a period, from the ledger's stubs and actions (any order). */
export function derivePeriodReview(period: string, subs: SubmissionStub[], actions: ReviewRecord[]): Map<string, UnitReview> {
  const byUnit = new Map<string, { subs: SubmissionStub[]; actions: ReviewRecord[] }>();
  const slot = (u: string) => {
    let v = byUnit.get(u);
    if (!v) byUnit.set(u, (v = { subs: [], actions: [] }));
    return v;
  };
  for (const s of [...subs].sort((a, b) => a.id - b.id)) slot(s.unit).subs.push(s);
  for (const a of actions) slot(a.unit).actions.push(a);
  const out = new Map<string, UnitReview>();
  for (const [unit, v] of byUnit) out.set(unit, deriveUnitReview(unit, period, v.subs, v.actions));
  return out;
}

/** The note and comments of the office's latest action on a submission (a return's), for the pane and the console. */
export function reviewDetails(r: SubmissionReview | undefined): {
  action?: ReviewRecord['action'];
  note?: string;
  comments?: ReviewComment[];
  at?: string;
  actor?: string;
} {
  if (!r?.by) return {};
  return {
    action: r.by.action,
    ...(r.by.note ? { note: r.by.note } : {}),
    ...(r.by.comments.length ? { comments: r.by.comments } : {}),
    at: r.by.at,
    actor: r.by.actor,
  };
}
