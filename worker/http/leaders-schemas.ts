/**
 * The schemas of the leaders' routes (console-leaders.ts): the overview of a year, an indicator's
 * history, the report's view, the check of a draft report and the dismissals — what each request
 * may carry and what each answer holds, as schemas.ts does for the other routes. Each answer's
 * schema is held to its type in shared/leaders-api.ts by `contract<T>()`.
 */
import { z } from 'zod';
import type { Status } from '../../shared/assess.ts';
import type {
  CheckFinding,
  CheckReading,
  Dismissal,
  DismissRequest,
  DismissResult,
  FigurePoint,
  FigureSource,
  FindingKind,
  HistoryPoint,
  IndicatorHistory,
  OverviewIndicator,
  OverviewResponse,
  OverviewSummary,
  PeriodColumn,
  ReportCheckResponse,
  ReportView,
} from '../../shared/leaders-api.ts';
import { PERIOD_ID } from '../../shared/period.ts';
import { ChangeHeaders, clean, contract, decodable, PERIOD_FORMAT, PeriodInfoSchema, ReviewStateSchema } from './schemas.ts';
import { vi } from './validation.ts';

const StatusSchema = contract<Status>()(z.enum(['vuot', 'dat', 'khong_dat', 'tien_do', 'chua_danh_gia', 'chua_nhap', 'loi']));

const PeriodColumnSchema = contract<PeriodColumn>()(
  z.strictObject({
    id: z.string(),
    year: z.number(),
    kind: z.enum(['6t', '9t', 'uoc', 'nam']),
    label: z.string(),
    header: z.string(),
    final: z.boolean(),
    open: z.boolean(),
    lastYear: z.boolean(),
  }),
);
const FigurePointSchema = contract<FigurePoint>()(
  z.strictObject({
    period: z.string(),
    printed: z.string(),
    plan: z.string(),
    unit: z.string(),
    status: StatusSchema,
    label: z.string(),
    bar: z.strictObject({ value: z.number(), plan: z.number().optional(), planTo: z.number().optional() }).optional(),
    text: z.string().optional(),
    note: z.string(),
  }),
);
/** An indicator as the leaders' pages name it (its points differ: a chart's, a history's). */
const IndicatorFields = { code: z.string(), stt: z.number(), name: z.string(), unit: z.string(), owner: z.string() };
const OverviewIndicatorSchema = contract<OverviewIndicator>()(z.strictObject({ ...IndicatorFields, points: z.array(FigurePointSchema.nullable()) }));
const CountsSchema = z.strictObject({
  vuot: z.number(),
  dat: z.number(),
  khong_dat: z.number(),
  tien_do: z.number(),
  chua_danh_gia: z.number(),
  chua_nhap: z.number(),
  loi: z.number(),
});
const OverviewSummarySchema = contract<OverviewSummary>()(
  z.strictObject({
    period: z.string(),
    header: z.string(),
    final: z.boolean(),
    sentence: z.string(),
    metDetail: z.string(),
    unmetDetail: z.string(),
    notAssessedDetail: z.string(),
    progressDetail: z.string(),
    counts: CountsSchema,
    total: z.number(),
  }),
);
export const OverviewReply = contract<OverviewResponse>()(
  z.strictObject({
    year: z.number(),
    years: z.array(z.number()),
    columns: z.array(PeriodColumnSchema),
    chosen: z.string(),
    summary: OverviewSummarySchema,
    indicators: z.array(OverviewIndicatorSchema),
  }),
);

const FigureSourceSchema = contract<FigureSource>()(
  z.strictObject({
    unit: z.string(),
    fileName: z.string(),
    receivedAt: z.string(),
    submissionId: z.number(),
    state: ReviewStateSchema.optional(),
    approvedBy: z.string().optional(),
    approvedAt: z.string().optional(),
  }),
);
const HistoryPointSchema = contract<HistoryPoint>()(
  z.strictObject({
    column: PeriodColumnSchema,
    name: z.string(),
    unit: z.string(),
    point: FigurePointSchema,
    sources: z.array(FigureSourceSchema),
  }),
);
export const IndicatorHistoryReply = contract<IndicatorHistory>()(z.strictObject({ ...IndicatorFields, points: z.array(HistoryPointSchema) }));

export const FINDING_KINDS = ['figure', 'share', 'plan', 'conflict', 'summary', 'status'] as const satisfies readonly FindingKind[];
const DismissalSchema = contract<Dismissal>()(
  z.strictObject({
    key: z.string(),
    kind: z.enum(FINDING_KINDS),
    indicator: z.string().optional(),
    figure: z.string(),
    said: z.string(),
    appendix: z.string().optional(),
    by: z.string(),
    at: z.string(),
    reason: z.string(),
  }),
);
export const ReportViewReply = contract<ReportView>()(
  z.strictObject({
    period: PeriodInfoSchema,
    final: z.boolean(),
    pdf: z.boolean(),
    summary: z.string(),
    dismissals: z.array(DismissalSchema),
  }),
);
const IndicatorRef = z.strictObject({ code: z.string(), stt: z.number(), name: z.string() });
const PlaceSchema = z.strictObject({ label: z.string(), quote: z.string() });
const CheckFindingSchema = contract<CheckFinding>()(
  z.strictObject({
    key: z.string(),
    kind: z.enum(FINDING_KINDS),
    indicator: IndicatorRef.optional(),
    figure: z.string(),
    place: PlaceSchema,
    said: z.string(),
    appendix: z.string().optional(),
    appendixSource: z.string().optional(),
    others: z.array(z.strictObject({ label: z.string(), said: z.string() })),
    follows: z.array(z.strictObject({ said: z.string(), appendix: z.string() })).optional(),
    message: z.string(),
    dismissed: DismissalSchema.optional(),
  }),
);
const CheckReadingSchema = contract<CheckReading>()(
  z.strictObject({
    status: z.enum(['checked', 'unreadable']),
    kind: z.enum(['figure', 'share', 'plan', 'count', 'status']),
    indicator: IndicatorRef.optional(),
    figure: z.string(),
    place: PlaceSchema,
    said: z.string(),
    appendix: z.string().optional(),
    appendixSource: z.string().optional(),
    agrees: z.boolean().optional(),
    reason: z.string().optional(),
  }),
);
export const ReportCheckReply = contract<ReportCheckResponse>()(
  z.strictObject({
    period: PeriodInfoSchema,
    fileName: z.string(),
    checkedAt: z.string(),
    findings: z.array(CheckFindingSchema),
    readings: z.array(CheckReadingSchema),
    counts: z.strictObject({ findings: z.number(), dismissed: z.number(), checked: z.number(), agreeing: z.number(), unreadable: z.number() }),
  }),
);
export const DismissReply = contract<DismissResult>()(z.strictObject({ dismissals: z.array(DismissalSchema) }));

const UNKNOWN_FIELDS = vi('Nội dung yêu cầu có trường không dùng đến: {keys}. Hãy bỏ đi rồi thử lại.');

export const OverviewQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, { error: vi('Năm không đúng dạng (ví dụ 2023).') })
    .transform(Number)
    .optional(),
  period: z.string().regex(PERIOD_ID, { error: PERIOD_FORMAT }).optional(),
});
export const IndicatorParams = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, { error: vi('Mã chỉ tiêu trong đường dẫn không đúng dạng. Hãy mở chỉ tiêu từ trang tổng quan.') }),
});

const FILE_NAME = vi('Tên tệp dự thảo không đọc được. Hãy đặt lại tên tệp chỉ gồm chữ, số và dấu gạch rồi đối chiếu lại.');
export const DraftHeaders = ChangeHeaders.extend({
  'x-file-name': z.string({ error: FILE_NAME }).max(1000, { error: FILE_NAME }).refine(decodable, { error: FILE_NAME }).optional(),
});
/** The draft's bytes, whatever the content type (the check reads what they are). */
export const DraftBody = z.instanceof(Buffer).nullish();

export const DismissBody = contract<DismissRequest>()(
  z.strictObject(
    {
      period: z.string({ error: vi('Hãy chọn kỳ báo cáo.') }).regex(PERIOD_ID, { error: PERIOD_FORMAT }),
      finding: z.strictObject(
        {
          kind: z.enum(FINDING_KINDS),
          indicator: z.string().max(64).optional(),
          figure: z.string().max(1000),
          said: z.string().max(4000),
          appendix: z.string().max(1000).optional(),
        },
        { error: vi('Chỗ lệch cần bỏ qua không đúng dạng. Hãy tải lại trang rồi đối chiếu lại dự thảo.') },
      ),
      reason: z
        .string({ error: vi('Hãy ghi lý do bỏ qua.') })
        .overwrite(clean)
        .min(1, { error: vi('Hãy ghi lý do bỏ qua chỗ lệch này.') })
        .max(500, { error: vi('Lý do bỏ qua dài quá 500 ký tự; hãy viết ngắn lại.') })
        .nullable(),
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? UNKNOWN_FIELDS : vi('Nội dung yêu cầu không đúng dạng: cần kỳ báo cáo, chỗ lệch và lý do.')) },
  ),
);
