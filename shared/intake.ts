import type { Problem } from './problem.ts';
import type { ReviewComment, ReviewState } from './review.ts';

/**
 * The intake endpoint's contract, shared by the worker (worker/http/intake.ts) and the task pane
 * (addin/app/intake.ts): one definition of the path, the receipt and the problems it returns.
 */

export const INTAKE_PATH = '/api/v1/submissions';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One thing to fix, with the sheet and cell when there is one (the one shape of problem.ts). */
export type ServerProblem = Problem;

/** What the worker answers for a received workbook. */
export interface Receipt {
  id: number;
  receivedAt: string;
  sha256: string;
  unit: string | null;
  unitName: string | null;
  period: string | null;
  fileName: string;
  status: 'accepted' | 'rejected';
  late: boolean;
}

/** A submission in the unit's history (GET INTAKE_PATH), with where it stands in the review. */
export interface HistoryEntry extends Receipt {
  errors: ServerProblem[];
  warnings: ServerProblem[];
  review: ReviewState;
  /** The planning office's note and comments when it returned the submission. */
  reviewNote?: string;
  reviewComments?: ReviewComment[];
  reviewedAt?: string;
}

/** GET INTAKE_PATH: the unit's history in one period (its template's, else the one collected now). */
export interface HistoryResponse<Entry = HistoryEntry> {
  unit: string;
  unitName: string;
  period: string;
  periodHeader: string;
  deadline: string;
  submissions: Entry[];
}

/**
 * Enrolment: the planning office gives a unit a one-time code (`phuluc token --unit X --enrol`, or
 * the console); the pane sends it once and receives the unit's access token, which it keeps in its
 * own settings. No token travels inside a workbook.
 */
export const ENROL_PATH = '/api/v1/enrolments';

/** The catalogues of the open periods, for the pane's “Tạo biểu mẫu” (GET, behind the unit's access token). */
export const CATALOGS_PATH = '/api/v1/catalogs';
export interface EnrolRequest {
  code: string;
}
export interface EnrolResponse {
  token: string;
  unit: string;
  unitName: string;
  intakeUrl: string;
}
