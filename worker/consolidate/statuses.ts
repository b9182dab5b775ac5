/** Who has submitted, who was rejected, who is late: for the board, `phuluc status` and the appendix. */
import { reportingUnits, type Catalog, type Period } from '../../shared/catalog.ts';
import type { Ledger, SubmissionRecord } from '../ledger/contract.ts';
import { describeProblem } from '../ingest/report.ts';

export interface UnitStatus {
  code: string;
  name: string;
  state: 'accepted' | 'rejected' | 'missing';
  /** The submission the appendix uses (latest accepted), else the latest received. */
  record?: SubmissionRecord;
  late: boolean;
  overdue: boolean;
  /** What is wrong with the latest file when the unit has no valid one (Vietnamese lines). */
  problems: string[];
}

export async function unitStatuses(catalog: Catalog, period: Period, ledger: Ledger, now: Date): Promise<UnitStatus[]> {
  const [accepted, any] = await Promise.all([ledger.latestAccepted(period.id), ledger.latestAny(period.id)]);
  const deadline = Date.parse(period.deadline);
  return reportingUnits(catalog).map((u) => {
    const acc = accepted.get(u.code);
    const last = any.get(u.code);
    const record = acc ?? last;
    const state = acc ? 'accepted' : last ? 'rejected' : 'missing';
    return {
      code: u.code, name: u.name, state, record,
      late: acc ? Date.parse(acc.receivedAt) > deadline : false,
      overdue: !acc && now.getTime() > deadline,
      problems: state === 'rejected' && last ? last.problems.map(describeProblem) : [],
    };
  });
}
