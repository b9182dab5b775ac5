/** Who has submitted, who was rejected, who is late, where each stands in the review: for the board, `phuluc status` and the appendix. */
import { reportingUnits, type Catalog, type Period } from '../../shared/catalog.ts';
import type { ReviewState } from '../../shared/review.ts';
import type { ExcusalRecord, ReviewStore, SettingsStore, SubmissionRecord, SubmissionStore, SubmissionStub } from '../ledger/contract.ts';
import { describeProblem } from '../../shared/problem.ts';
import { periodReview, reviewDetails, type UnitReview } from '../review/index.ts';

export interface UnitStatus {
  code: string;
  name: string;
  state: 'accepted' | 'rejected' | 'missing';
  /**
   * The submission the appendix uses: the approved one while the unit's period is approved, else the
   * latest accepted; with no valid file, the latest received.
   */
  record?: SubmissionRecord;
  /** Where the unit stands in the review (undefined: nothing received). */
  review?: ReviewState;
  /** The office's latest action behind that state (a return's note, an approval's time). */
  reviewedBy?: string;
  reviewedAt?: string;
  reviewNote?: string;
  /** Files received while approved: kept, waiting for the period to be reopened (chờ mở khoá). */
  held: SubmissionStub[];
  /** The latest file received, when it is not `record` (a later rejected file, a held one). */
  latest?: SubmissionStub;
  late: boolean;
  overdue: boolean;
  /** What is wrong with the latest file when the unit has no valid one (Vietnamese lines). */
  problems: string[];
  /** The derivation, for the console. */
  unitReview?: UnitReview;
  /** Excused from the period (“miễn nộp kỳ này”): not expected; the appendix says so. */
  excused?: ExcusalRecord;
}

export async function unitStatuses(
  catalog: Catalog,
  period: Period,
  ledger: SubmissionStore & ReviewStore & Pick<SettingsStore, 'excusals'>,
  now: Date,
): Promise<UnitStatus[]> {
  const [reviews, excusals] = await Promise.all([periodReview(ledger, period.id), ledger.excusals(period.id)]);
  const excusedOf = new Map(excusals.map((e) => [e.unit, e]));
  const deadline = Date.parse(period.deadline);
  return Promise.all(
    reportingUnits(catalog).map(async (u): Promise<UnitStatus> => {
      const r = reviews.get(u.code);
      const pick = r?.current ?? r?.latest;
      const record = pick ? await ledger.byId(pick.id) : undefined;
      const state = r?.current ? 'accepted' : r?.latest ? 'rejected' : 'missing';
      // The office's action behind the unit's state: an approval or a return of the file in force.
      const details = r?.current && (r.state === 'approved' || r.state === 'returned') ? reviewDetails(r.states.get(r.current.id)) : {};
      return {
        code: u.code,
        name: u.name,
        state,
        record,
        ...(r?.state ? { review: r.state } : {}),
        ...(details.actor ? { reviewedBy: details.actor, reviewedAt: details.at } : {}),
        ...(details.note ? { reviewNote: details.note } : {}),
        held: r?.held ?? [],
        ...(r?.latest && r.latest.id !== pick?.id ? { latest: r.latest } : {}),
        late: state === 'accepted' && record ? Date.parse(record.receivedAt) > deadline : false,
        overdue: state !== 'accepted' && !excusedOf.has(u.code) && now.getTime() > deadline,
        problems: state === 'rejected' && record ? record.problems.map(describeProblem) : [],
        ...(r ? { unitReview: r } : {}),
        ...(excusedOf.has(u.code) ? { excused: excusedOf.get(u.code)! } : {}),
      };
    }),
  );
}

/**
 * Every expected unit is approved, or excused from the period and has no valid file in force: the
 * appendix is final (no "BẢN DỰ THẢO"). An excused unit that sends a file after all puts figures in
 * the appendix that nobody approved: the appendix is a draft again until that file is approved.
 */
export function allApproved(statuses: UnitStatus[]): boolean {
  return statuses.some((s) => s.review === 'approved') && statuses.every((s) => s.review === 'approved' || (s.excused !== undefined && s.state !== 'accepted'));
}
