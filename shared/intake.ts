/**
 * The intake endpoint's contract, shared by the worker (worker/http.ts) and the task pane
 * (addin/app/intake.ts): one definition of the path, the receipt and the problems it returns.
 */

export const INTAKE_PATH = '/api/v1/submissions';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One thing to fix, with the sheet and cell when there is one. */
export interface ServerProblem { sheet?: string; cell?: string; indicator?: string; message: string }

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
