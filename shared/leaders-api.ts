/**
 * The leaders' part of the console's JSON contract (/api/v1/console/…): the overview of a year
 * (GET overview), one indicator across periods and years (GET indicators/:code/history), and the
 * report from the console (GET report, its .docx and PDF; POST report/check, report/dismissals).
 * Every figure here is read off the appendix as built (buildAppendix), never derived another way,
 * so the charts and the printed Phụ lục 1 agree.
 */
import type { Status } from './assess.ts';
import type { PeriodInfo } from './console-api.ts';
import type { PeriodKind } from './period.ts';
import type { ReviewState } from './review.ts';

/** One opened period as a row of the charts. */
export interface PeriodColumn {
  id: string;
  year: number;
  kind: PeriodKind;
  /** Short: “6 tháng”, “9 tháng”, “Ước thực hiện”, “Thực hiện năm”. */
  label: string;
  /** As the appendix's column says: “Ước thực hiện năm 2023”. */
  header: string;
  /** Every expected unit is approved (the appendix has no “BẢN DỰ THẢO”). */
  final: boolean;
  open: boolean;
  /** The same period of the year before (the overview's comparison). */
  lastYear: boolean;
}

/** Short labels of the period kinds, in their order in a year. */
export const PERIOD_LABEL: Record<PeriodKind, string> = { '6t': '6 tháng', '9t': '9 tháng', uoc: 'Ước thực hiện', nam: 'Thực hiện năm' };

/** One indicator in one period, as the appendix prints and judges it. */
export interface FigurePoint {
  period: string;
  /** The figure as the appendix prints it (without its footnote mark); "" when none. */
  printed: string;
  /** The Kế hoạch cell as the appendix prints it. */
  plan: string;
  /** The unit of measure in that period's catalogue (bars of different units are never drawn on one scale). */
  unit: string;
  status: Status;
  /** Đánh giá in words: “Vượt KH”, “Đạt 54,6% KH năm”, “Chưa đánh giá”, “Chưa nhập”. */
  label: string;
  /**
   * The bar: the figure and the plan it is judged against, as numbers in the indicator's unit at
   * its reporting precision (a range plan: from `plan` to `planTo`); absent when the figure is
   * shown as text (see `text`).
   */
  bar?: { value: number; plan?: number; planTo?: number };
  /** Why the figure is text and not a bar: a bound (“Dưới 1”), not assessed, no figure yet. */
  text?: string;
  /** The departments' explanation (the footnote of the appendix). */
  note: string;
}

export interface OverviewIndicator {
  code: string;
  stt: number;
  name: string;
  unit: string;
  /** The unit in charge, by name. */
  owner: string;
  /** One per column of the overview (null: not in that period's catalogue). */
  points: (FigurePoint | null)[];
}

/** The chosen period's summary, as the appendix writes it. */
export interface OverviewSummary {
  period: string;
  header: string;
  final: boolean;
  /** “có 17/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu không đạt, …” */
  sentence: string;
  metDetail: string;
  unmetDetail: string;
  notAssessedDetail: string;
  progressDetail: string;
  counts: Record<Status, number>;
  total: number;
}

/** GET /overview?year=&period= */
export interface OverviewResponse {
  year: number;
  /** Years with an opened period, newest first. */
  years: number[];
  /** The chart rows: the same period last year (when its ledger holds it), then the year's periods in order. */
  columns: PeriodColumn[];
  /** The period whose summary is shown. */
  chosen: string;
  summary: OverviewSummary;
  indicators: OverviewIndicator[];
}

/** Where a figure came from: the unit's file in force, who approved it and when. */
export interface FigureSource {
  unit: string;
  fileName: string;
  receivedAt: string;
  submissionId: number;
  /** Where the file stands in the review (undefined: nothing received). */
  state?: ReviewState;
  /** Who approved it (full name) and when, while approved. */
  approvedBy?: string;
  approvedAt?: string;
}

export interface HistoryPoint {
  column: PeriodColumn;
  /** The indicator as that year's catalogue names it. */
  name: string;
  unit: string;
  point: FigurePoint;
  sources: FigureSource[];
}

/** GET /indicators/:code/history: the indicator in every opened period, oldest first. */
export interface IndicatorHistory {
  code: string;
  stt: number;
  name: string;
  unit: string;
  owner: string;
  points: HistoryPoint[];
}

// ---------------------------------------------------------------------------------------------
// The report

/** A finding dismissed by the office (“Bỏ qua”), with who, when and why. */
export interface Dismissal {
  key: string;
  /** What was dismissed (so that it can be taken back from the list). */
  kind: FindingKind;
  indicator?: string;
  figure: string;
  said: string;
  appendix?: string;
  /** Who (full name), when, why. */
  by: string;
  at: string;
  reason: string;
}

/** GET /report?period= */
export interface ReportView {
  period: PeriodInfo;
  final: boolean;
  /** The PDF can be made here (LibreOffice installed). */
  pdf: boolean;
  /** The summary sentence, as the report prints it. */
  summary: string;
  /** Findings dismissed for this period, newest first. */
  dismissals: Dismissal[];
}

/** A place of the draft: “đoạn 24”, “chú thích 2”, “bảng 1, dòng 3”, and its sentence. */
export interface DraftPlace {
  label: string;
  quote: string;
}

export type FindingKind = 'figure' | 'share' | 'plan' | 'conflict' | 'summary' | 'status';

/** A finding's identity, as the office dismisses it (its key is made from these). */
export interface FindingIdentity {
  kind: FindingKind;
  indicator?: string;
  figure: string;
  said: string;
  appendix?: string;
}

export interface CheckFinding {
  /** Stable across checks of the same draft sentence and figure: what a dismissal names. */
  key: string;
  kind: FindingKind;
  indicator?: { code: string; stt: number; name: string };
  figure: string;
  place: DraftPlace;
  said: string;
  appendix?: string;
  appendixSource?: string;
  /** Other places of the draft that state something else for the same figure. */
  others: { label: string; said: string }[];
  follows?: { said: string; appendix: string }[];
  message: string;
  /** The office judged it fine (“Bỏ qua”). */
  dismissed?: Dismissal;
}

export interface CheckReading {
  status: 'checked' | 'unreadable';
  kind: 'figure' | 'share' | 'plan' | 'count' | 'status';
  indicator?: { code: string; stt: number; name: string };
  figure: string;
  place: DraftPlace;
  said: string;
  appendix?: string;
  appendixSource?: string;
  agrees?: boolean;
  /** Why it could not be compared, in Vietnamese. */
  reason?: string;
}

/** POST /report/check?period= (the draft's bytes, its name in X-File-Name). */
export interface ReportCheckResponse {
  period: PeriodInfo;
  fileName: string;
  checkedAt: string;
  findings: CheckFinding[];
  readings: CheckReading[];
  counts: { findings: number; dismissed: number; checked: number; agreeing: number; unreadable: number };
}

/** POST /report/dismissals: a finding judged fine, with why; `reason: null` takes the dismissal back. */
export interface DismissRequest {
  period: string;
  finding: FindingIdentity;
  reason: string | null;
}
export interface DismissResult {
  dismissals: Dismissal[];
}

/** The draft's file name travels in this header (percent-encoded UTF-8), as at the intake. */
export const DRAFT_NAME_HEADER = 'x-file-name';
/** The largest draft the check takes. */
export const MAX_DRAFT_BYTES = 16 * 1024 * 1024;
