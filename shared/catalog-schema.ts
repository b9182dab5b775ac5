/**
 * The catalogue's schema and validation (zod): every error is Vietnamese and names the field.
 * Only the worker and the build load this module; the task pane gets catalogues validated at build
 * time and uses the plain helpers of catalog.ts, so zod stays out of its bundle.
 */
import { z } from 'zod';
import { childUnits, rolledUp, ROLLUP_RULES, UNIT_KINDS, type Catalog } from './catalog.ts';
import { jsonErrorPlace } from './json-text.ts';
import { decimalsOf, formatNumberVi, MAX_DIGITS_AT_PRECISION, precisionLimit, roundTo, SIGNIFICANT_DIGITS } from './numbers.ts';
import { MID_YEAR_ID, PERIOD_ID, PERIOD_KIND_WORD, periodBasis, periodParts } from './period.ts';
import { parseTarget, targetWords, type Target } from './target.ts';

const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('threshold'), direction: z.enum(['higher', 'lower']), value: z.number() }).strict(),
  z.object({ kind: z.literal('maintain'), direction: z.enum(['higher', 'lower']), value: z.number() }).strict(),
  z.object({ kind: z.literal('range'), min: z.number(), max: z.number() }).strict(),
  z.object({ kind: z.literal('none'), reason: z.string().min(1) }).strict(),
]);

const CODE = /^[A-Z][A-Z0-9_]*$/;

const PHRASES = z.array(z.string().trim().min(1)).min(1);

/**
 * A figure the report's prose states beside an indicator's own (industry growth beside indicator 1):
 * the appendix's value is the one the department gives in its explanation of the indicator.
 */
const RelatedFigureSchema = z
  .object({
    name: z.string().min(1),
    phrases: PHRASES,
    unitWords: PHRASES,
    /** "change": a growth or decrease ("tăng 10,2%"); "level": the figure itself. */
    kind: z.enum(['level', 'change']).default('level'),
  })
  .strict();

/** How the report's prose names an indicator, for the check of a draft report against the figures. */
const ProseSchema = z
  .object({
    /** Phrases that name the indicator in a sentence ("sản lượng lúa"); matched ignoring case. */
    phrases: PHRASES,
    /** How a sentence writes the unit after the figure ("lao động", "triệu đồng"); default: the unit. */
    unitWords: PHRASES.optional(),
    related: z.array(RelatedFigureSchema).optional(),
  })
  .strict();

/** Last year's figure for one period kind, with where it comes from. */
const LastYearFigureSchema = z.object({ value: z.number(), source: z.string().min(1).optional() }).strict();

/** Levels of government (optional; see catalog.ts, rollup.ts and docs/catalog-format.md). */
const RollupSchema = z
  .object({
    rule: z.enum(ROLLUP_RULES),
    weight: z.string().regex(CODE).optional(),
    child: z
      .object({
        plan: z.string().min(1),
        target: TargetSchema,
        unit: z.string().min(1).optional(),
        decimals: z.number().int().min(0).max(6).optional(),
        bounds: z.object({ min: z.number(), max: z.number() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const IndicatorSchema = z
  .object({
    code: z.string().regex(CODE),
    stt: z.number().int().positive(),
    group: z.string().min(1),
    name: z.string().min(1),
    unit: z.string().min(1),
    owner: z.string().min(1),
    plan: z.string().min(1),
    target: TargetSchema,
    decimals: z.number().int().min(0).max(6),
    bounds: z.object({ min: z.number(), max: z.number() }).strict(),
    actualFormat: z.string().includes('{}').default('{}'),
    /**
     * A row not met (or not assessed) without an explanation: "expected" (default) makes it a warning
     * the planning office sees; "required" makes it an error that rejects the file.
     */
    explanation: z.enum(['required', 'expected']).default('expected'),
    unmetPhrase: z.string().includes('{actual}').optional(),
    hint: z.string().optional(),
    prose: ProseSchema.optional(),

    /**
     * "total" (default): a figure summed over the period (revenue, jobs, output), so a mid-year
     * figure is a share of the annual plan; "level": a rate or a stock (coverage, poverty rate,
     * growth), reached or not yet reached.
     */
    measure: z.enum(['total', 'level']).optional(),
    /** A mid-year period's own target, by period id ("2024-6t"): assessed against it by today's rule. */
    periodPlans: z.record(z.string().regex(MID_YEAR_ID), z.object({ plan: z.string().min(1), target: TargetSchema }).strict()).optional(),
    /** Last year's figure for the same period kind: 6 tháng, 9 tháng, cả năm (the estimate and the final year compare with "nam"). */
    lastYear: z.object({ '6t': LastYearFigureSchema, '9t': LastYearFigureSchema, nam: LastYearFigureSchema }).partial().strict().optional(),
    /** Made from the figures of the level below (see rollup.ts). */
    rollup: RollupSchema.optional(),
  })
  .strict();

const PeriodSchema = z
  .object({
    id: z.string().regex(PERIOD_ID),
    word: z.string().min(1),
    header: z.string().min(1),
    verb: z.string().min(1),
    deadline: z.iso.datetime({ offset: true }),
    /**
     * How the period's figures are judged: "plan" (against the annual plan, the rule of the year's
     * estimate and final year) or "progress" (a mid-year period: against its own target where the
     * indicator has one, else as progress toward the annual plan). Default: by the id (6t, 9t →
     * progress; uoc, nam → plan).
     */
    assessment: z.enum(['plan', 'progress']).optional(),
  })
  .strict();

const UnitSchema = z
  .object({
    code: z.string().regex(CODE),
    name: z.string().min(1),
    kind: z.enum(UNIT_KINDS),
    /** A unit of the level below: the code of this catalogue's own unit (organisation.unit). */
    parent: z.string().regex(CODE).optional(),
  })
  .strict();

export const CatalogSchema = z
  .object({
    schema: z.literal('phuluc-catalog/1'),
    id: z.string().regex(/^[a-z0-9-]+$/),
    year: z.number().int().min(2000).max(2100),
    locality: z.object({ name: z.string().min(1), issuer: z.string().min(1) }).strict(),
    resolution: z
      .object({
        number: z.string().min(1),
        /** ISO date, or null while the resolution is not yet issued (printed as “…”). */
        date: z.iso.date().nullable(),
        body: z.string().min(1),
      })
      .strict(),
    appendix: z
      .object({
        title: z.string().min(1),
        subtitle: z.string().min(1),
        footnoteStart: z.number().int().positive().default(1),
      })
      .strict(),
    periods: z.array(PeriodSchema).min(1),
    groups: z.array(z.object({ code: z.string().regex(CODE), name: z.string().min(1) }).strict()).min(1),
    units: z.array(UnitSchema).min(1),
    indicators: z.array(IndicatorSchema).min(1),
    /** Which level of government this catalogue's appendix is (written into the appendix for the level above). */
    organisation: z
      .object({ unit: z.string().regex(CODE), name: z.string().min(1), parent: z.string().regex(CODE).optional() })
      .strict()
      .optional(),
    /** The report the appendix is attached to: “(Kèm theo Báo cáo số …)” under the Word appendix's title. */
    report: z
      .object({ number: z.string().min(1), date: z.iso.date().nullable() })
      .strict()
      .optional(),
  })
  .strict();

/**
 * The schema describes exactly the types of catalog.ts (which own them): a change to one without
 * the other fails to compile here.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<z.infer<typeof CatalogSchema>, Catalog> = true;
void schemaMatchesTypes;

const FIELD_VI: Record<string, string> = {
  schema: 'phiên bản định dạng',
  id: 'mã danh mục',
  year: 'năm kế hoạch',
  locality: 'địa phương',
  issuer: 'cơ quan ban hành',
  resolution: 'nghị quyết',
  number: 'số',
  date: 'ngày',
  body: 'cơ quan',
  appendix: 'phụ lục',
  title: 'tiêu đề',
  subtitle: 'tiêu đề phụ',
  footnoteStart: 'số chú thích đầu tiên',
  periods: 'kỳ báo cáo',
  word: 'từ chỉ kỳ',
  header: 'tiêu đề cột',
  verb: 'động từ',
  deadline: 'hạn nộp',
  groups: 'nhóm chỉ tiêu',
  units: 'đơn vị',
  kind: 'loại',
  indicators: 'chỉ tiêu',
  code: 'mã',
  stt: 'số TT',
  group: 'nhóm',
  name: 'tên',
  unit: 'đơn vị tính',
  owner: 'đơn vị phụ trách',
  plan: 'kế hoạch',
  target: 'ý nghĩa kế hoạch',
  decimals: 'số chữ số thập phân',
  bounds: 'giới hạn',
  min: 'nhỏ nhất',
  max: 'lớn nhất',
  value: 'giá trị',
  direction: 'chiều',
  reason: 'lý do',
  actualFormat: 'mẫu in số thực hiện',
  explanation: 'giải trình',
  unmetPhrase: 'câu tóm tắt khi không đạt',
  hint: 'hướng dẫn',
  prose: 'cách gọi trong báo cáo',
  phrases: 'cụm từ gọi tên',
  unitWords: 'cách ghi đơn vị tính',
  related: 'số liệu liên quan',
  measure: 'loại số liệu',
  periodPlans: 'kế hoạch riêng của kỳ',
  lastYear: 'số liệu cùng kỳ năm trước',
  source: 'nguồn',
  assessment: 'cách đánh giá',
  '6t': '6 tháng',
  '9t': '9 tháng',
  nam: 'cả năm',
  rollup: 'cách tổng hợp từ cấp dưới',
  rule: 'quy tắc',
  weight: 'quyền số',
  child: 'chỉ tiêu của mỗi đơn vị cấp dưới',
  organisation: 'cấp hành chính',
  parent: 'đơn vị cấp trên',
  report: 'báo cáo kèm theo',
};

function describePath(path: PropertyKey[]): string {
  const parts: string[] = [];
  for (const key of path) {
    if (typeof key === 'number') parts.push(`thứ ${key + 1}`);
    else parts.push(`“${String(key)}” (${FIELD_VI[String(key)] ?? String(key)})`);
  }
  return parts.join(' › ') || 'toàn bộ tệp';
}

function typeVi(t: string): string {
  return (
    (
      {
        string: 'chữ đặt trong dấu nháy kép',
        number: 'một số',
        boolean: 'true hoặc false',
        object: 'một nhóm trường trong ngoặc { }',
        array: 'một danh sách trong ngoặc [ ]',
        undefined: 'không có',
      } as Record<string, string>
    )[t] ?? t
  );
}

/** A zod issue in Vietnamese, for a person editing the file. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `bắt buộc nhưng đang thiếu (phải là ${typeVi(issue.expected)})` : `phải là ${typeVi(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `cần ít nhất ${issue.minimum} phần tử`
        : issue.origin === 'string'
          ? 'không được để trống'
          : `phải từ ${issue.minimum} trở lên`;
    case 'too_big':
      return `không được vượt quá ${issue.maximum}`;
    case 'invalid_value':
      return `phải là một trong: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? 'sai định dạng (mã viết hoa, không dấu, ví dụ “TCKH”)'
        : issue.format === 'includes'
          ? `phải chứa “${(issue as { includes?: string }).includes ?? ''}”`
          : `sai định dạng ${issue.format === 'date' ? 'ngày (YYYY-MM-DD)' : issue.format === 'datetime' ? 'thời điểm (YYYY-MM-DDTHH:mm:ss+07:00)' : issue.format}`;
    case 'unrecognized_keys':
      return `có trường không được hỗ trợ: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'không đúng dạng nào được hỗ trợ (threshold, maintain, range, none)';
    default:
      return 'không hợp lệ';
  }
}

export class CatalogError extends Error {
  constructor(
    public readonly source: string,
    public readonly problems: string[],
  ) {
    super(`Danh mục chỉ tiêu “${source}” không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

function sameTarget(a: Target, b: Target): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The one check of a printed plan against its meaning (`target`): the text must read as exactly
 * that target, reading it as the sheet and the worker do. `where`: “Chỉ tiêu số 3 (mã X)”, then the
 * field in words (“kế hoạch in”, “kế hoạch riêng của kỳ “2024-6t” in”). A problem sentence, or undefined.
 */
function planTextProblem(plan: string, target: Target, where: string, what = 'kế hoạch in', unreadableWhere = where): string | undefined {
  if (target.kind === 'none') return undefined;
  const parsed = parseTarget(plan, { maintain: target.kind === 'maintain', direction: 'direction' in target ? target.direction : undefined });
  if (!parsed.ok) return `${unreadableWhere}: ${parsed.error}`;
  if (sameTarget(parsed.value, target)) return undefined;
  return `${where}: ${what} “${plan}” được đọc là ${targetWords(parsed.value)}, khác với cách đánh giá đã chọn (“target”): ${targetWords(target)}. Hãy sửa một trong hai cho khớp.`;
}

/** The plan's figures: the threshold, or both ends of a range. */
function planValues(t: Target): { value: number; what: string }[] {
  if (t.kind === 'range')
    return [
      { value: t.min, what: 'cận dưới của kế hoạch' },
      { value: t.max, what: 'cận trên của kế hoạch' },
    ];
  if (t.kind === 'none') return [];
  return [{ value: t.value, what: 'kế hoạch' }];
}

/**
 * Whether `value` can be written at `decimals` (the precision every figure is compared and printed
 * at); a problem sentence when not. `what` names the number ("kế hoạch", "giới hạn “bounds.max”").
 */
function precisionProblem(value: number, decimals: number, what: string): string | undefined {
  if (Number(value.toPrecision(SIGNIFICANT_DIGITS)) !== value) {
    // Shown as written in the file: at 15 digits it would look fine.
    return `${what} ${JSON.stringify(value)} (như viết trong tệp) có hơn ${SIGNIFICANT_DIGITS} chữ số có nghĩa, Excel không giữ được. Hãy viết gọn lại.`;
  }
  const shown = formatNumberVi(value);
  const needed = decimalsOf(value);
  if (roundTo(value, decimals) === value) return undefined;
  const fix = needed <= 6 ? `Hãy đặt “decimals” là ${needed} hoặc hơn.` : 'Hãy làm tròn số này (nhiều nhất 6 chữ số thập phân).';
  return `${what} ${shown} có ${needed} chữ số thập phân nhưng “decimals” (số chữ số thập phân) là ${decimals}, nên sẽ bị làm tròn thành ${formatNumberVi(roundTo(value, decimals), decimals)}. ${fix}`;
}

/** Plan and bounds against each other and against the reporting precision. */
function figureChecks(ind: Catalog['indicators'][number], where: string): string[] {
  const problems: string[] = [];
  const { min, max } = ind.bounds;
  const d = ind.decimals;
  const limit = precisionLimit(d);
  for (const [key, b] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (Math.abs(b) > limit) {
      problems.push(
        `${where}: giới hạn “bounds.${key}” ${formatNumberVi(b)} quá lớn để biểu mẫu và hệ thống đánh giá giống nhau: với ${d} chữ số thập phân, số liệu có nhiều nhất ${MAX_DIGITS_AT_PRECISION} chữ số, tức trong khoảng từ ${formatNumberVi(-limit)} đến ${formatNumberVi(limit)}. Hãy thu hẹp giới hạn (hoặc giảm “decimals”).`,
      );
      continue;
    }
    const p = precisionProblem(b, d, `giới hạn “bounds.${key}”`);
    if (p) problems.push(`${where}: ${p}`);
  }
  for (const { value, what } of planValues(ind.target as Target)) {
    const p = precisionProblem(value, d, what);
    if (p) problems.push(`${where}: ${p}`);
    if (min < max && (value < min || value > max)) {
      const fix =
        value > max ? `Hãy tăng “bounds.max” lên ít nhất ${formatNumberVi(value)}.` : `Hãy giảm “bounds.min” xuống ${formatNumberVi(value)} hoặc thấp hơn.`;
      problems.push(
        `${where}: ${what} ${formatNumberVi(value)} nằm ngoài giới hạn “bounds” (từ ${formatNumberVi(min)} đến ${formatNumberVi(max)}), nên biểu mẫu sẽ từ chối cả số liệu đạt kế hoạch. ${fix}`,
      );
    }
  }
  return problems;
}

/** The periods' assessment, the indicators' own mid-year targets and last year's figures. */
function midYearChecks(c: Catalog): string[] {
  const problems: string[] = [];
  for (const p of c.periods) {
    if (p.assessment === 'progress' && !MID_YEAR_ID.test(p.id)) {
      problems.push(
        `Kỳ báo cáo “${p.id}” (${PERIOD_KIND_WORD[periodParts(p.id)!.kind]}) là kỳ cả năm, được đánh giá so với kế hoạch năm: “assessment” (cách đánh giá) phải là "plan" hoặc bỏ trống.`,
      );
    }
  }
  for (const ind of c.indicators) {
    const where = `Chỉ tiêu số ${ind.stt} (mã ${ind.code})`;
    for (const [id, own] of Object.entries(ind.periodPlans ?? {})) {
      const period = c.periods.find((p) => p.id === id);
      const label = `kế hoạch riêng của kỳ “${id}”`;
      if (!period) {
        problems.push(`${where}: ${label} nhưng danh mục không có kỳ báo cáo này.`);
        continue;
      }
      if (periodBasis(period) !== 'progress') {
        problems.push(
          `${where}: ${label} không được dùng vì kỳ này được đánh giá so với kế hoạch năm (“assessment” là "plan"). Hãy bỏ kế hoạch riêng hoặc bỏ “assessment” của kỳ.`,
        );
      }
      const target = own.target as Target;
      const text = planTextProblem(own.plan, target, where, `${label} in`, `${where}, ${label}`);
      if (text) problems.push(text);
      const { min, max } = ind.bounds;
      for (const { value, what } of planValues(target)) {
        const p = precisionProblem(value, ind.decimals, `${what} của kỳ “${id}”`);
        if (p) problems.push(`${where}: ${p}`);
        if (min < max && (value < min || value > max)) {
          problems.push(
            `${where}: ${what} của kỳ “${id}” ${formatNumberVi(value)} nằm ngoài giới hạn “bounds” (từ ${formatNumberVi(min)} đến ${formatNumberVi(max)}), nên biểu mẫu sẽ từ chối cả số liệu đạt kế hoạch.`,
          );
        }
      }
    }
    for (const [kind, figure] of Object.entries(ind.lastYear ?? {})) {
      const what = `số liệu cùng kỳ năm trước (“lastYear.${kind}”)`;
      if (Math.abs(figure.value) > precisionLimit(ind.decimals)) {
        problems.push(
          `${where}: ${what} ${formatNumberVi(figure.value)} vượt quá giới hạn chính xác: với ${ind.decimals} chữ số thập phân, số liệu có nhiều nhất ${MAX_DIGITS_AT_PRECISION} chữ số.`,
        );
        continue;
      }
      const p = precisionProblem(figure.value, ind.decimals, what);
      if (p) problems.push(`${where}: ${p}`);
    }
  }
  return problems;
}

/** Checks that need the whole catalogue: references, uniqueness, plan text vs parsed meaning. */
function crossCheck(c: Catalog): string[] {
  const problems: string[] = [];
  const dup = <T>(items: T[], key: (t: T) => string | number, what: string) => {
    const seen = new Set<string | number>();
    for (const it of items) {
      const k = key(it);
      if (seen.has(k)) problems.push(`${what} “${k}” bị trùng.`);
      seen.add(k);
    }
  };
  dup(c.units, (u) => u.code, 'Mã đơn vị');
  dup(c.groups, (g) => g.code, 'Mã nhóm chỉ tiêu');
  dup(c.indicators, (i) => i.code, 'Mã chỉ tiêu');
  dup(c.indicators, (i) => i.stt, 'Số TT');
  dup(c.periods, (p) => p.id, 'Mã kỳ báo cáo');
  const units = new Set(c.units.map((u) => u.code));
  const groups = new Set(c.groups.map((g) => g.code));
  const sorted = [...c.indicators].sort((a, b) => a.stt - b.stt);
  sorted.forEach((ind, i) => {
    if (ind.stt !== i + 1) problems.push(`Số TT phải liên tục từ 1: chỉ tiêu “${ind.code}” có số TT ${ind.stt}, cần ${i + 1}.`);
  });
  for (const ind of c.indicators) {
    const where = `Chỉ tiêu số ${ind.stt} (mã ${ind.code})`;
    if (!units.has(ind.owner)) problems.push(`${where}: đơn vị phụ trách “${ind.owner}” không có trong danh sách “units”.`);
    if (!groups.has(ind.group)) problems.push(`${where}: nhóm “${ind.group}” không có trong danh sách “groups”.`);
    if (ind.bounds.min >= ind.bounds.max) problems.push(`${where}: giới hạn “bounds.min” phải nhỏ hơn “bounds.max”.`);
    problems.push(...figureChecks(ind, where));
    const text = planTextProblem(ind.plan, ind.target, where);
    if (text) problems.push(text);
  }
  for (const g of c.groups) {
    if (!c.indicators.some((i) => i.group === g.code)) problems.push(`Nhóm “${g.code}” không có chỉ tiêu nào.`);
  }
  for (const p of c.periods) {
    if (!p.id.startsWith(String(c.year))) problems.push(`Kỳ báo cáo “${p.id}” không thuộc năm ${c.year}.`);
  }
  problems.push(...midYearChecks(c));
  problems.push(...hierarchyProblems(c));
  return problems;
}

/** Checks of the hierarchy fields that need the whole catalogue (Vietnamese, naming the field). */
export function hierarchyProblems(c: Catalog): string[] {
  const problems: string[] = [];
  const org = c.organisation;
  const children = childUnits(c);
  const codes = new Map(c.indicators.map((i) => [i.code, i]));
  if (org?.parent !== undefined && org.parent === org.unit) problems.push(`“organisation.parent” phải khác “organisation.unit” (${org.unit}).`);
  for (const u of children) {
    if (!org) problems.push(`Đơn vị “${u.code}” ghi đơn vị cấp trên “${u.parent}” nhưng danh mục chưa khai báo cấp hành chính của mình (“organisation”).`);
    else if (u.parent !== org.unit) problems.push(`Đơn vị “${u.code}”: “parent” phải là đơn vị lập phụ lục này (“${org.unit}”), đang ghi “${u.parent}”.`);
    if (org && u.code === org.unit) problems.push(`Đơn vị “${u.code}” không thể là đơn vị cấp dưới của chính mình.`);
  }
  const rolled = rolledUp(c);
  if (rolled.length && !children.length)
    problems.push('Có chỉ tiêu tổng hợp từ cấp dưới (“rollup”) nhưng danh sách “units” không có đơn vị cấp dưới nào (đơn vị có “parent”).');
  for (const ind of rolled) {
    const r = ind.rollup!;
    const where = `Chỉ tiêu số ${ind.stt} (mã ${ind.code}), “rollup”`;
    if (children.some((u) => u.code === ind.owner))
      problems.push(`${where}: đơn vị phụ trách “${ind.owner}” phải là một đơn vị của cấp này (phòng, ban), không phải đơn vị cấp dưới.`);
    if (r.rule === 'weighted_average') {
      const w = r.weight === undefined ? undefined : codes.get(r.weight);
      if (!r.weight) problems.push(`${where}: bình quân gia quyền cần “weight”, mã chỉ tiêu dùng làm quyền số (ví dụ dân số).`);
      else if (!w) problems.push(`${where}: quyền số “${r.weight}” không có trong danh sách chỉ tiêu.`);
      else if (w.code === ind.code) problems.push(`${where}: quyền số phải là một chỉ tiêu khác.`);
      else if (!w.rollup || w.rollup.rule === 'list')
        problems.push(`${where}: quyền số “${r.weight}” phải là chỉ tiêu các đơn vị cấp dưới báo cáo và được cộng dồn (có “rollup”, không phải “list”).`);
    } else if (r.weight !== undefined) {
      problems.push(`${where}: “weight” chỉ dùng cho quy tắc “weighted_average”.`);
    }
    if (r.rule === 'list' && ind.target.kind !== 'none')
      problems.push(`${where}: chỉ tiêu không cộng dồn (“list”) không đánh giá được chung, “target” phải là loại “none”.`);
    if (r.rule === 'count_met' && (!r.child || r.child.target.kind === 'none'))
      problems.push(`${where}: quy tắc “count_met” cần “child” với kế hoạch của mỗi đơn vị cấp dưới (“plan”, “target”), để đếm số đơn vị đạt.`);
    if (r.child?.bounds && r.child.bounds.min >= r.child.bounds.max) problems.push(`${where} › “child”: “bounds.min” phải nhỏ hơn “bounds.max”.`);
    const text = r.child && planTextProblem(r.child.plan, r.child.target, `${where} › “child”`, 'kế hoạch');
    if (text) problems.push(text);
  }
  return problems;
}

/** Validates parsed JSON as a catalogue. Throws CatalogError listing every problem in Vietnamese. */
export function parseCatalog(json: unknown, source = 'danh mục'): Catalog {
  const r = CatalogSchema.safeParse(json, { reportInput: true });
  if (!r.success) {
    throw new CatalogError(
      source,
      r.error.issues.map((i) => `${describePath(i.path)}: ${issueMessage(i)}.`),
    );
  }
  const problems = crossCheck(r.data);
  if (problems.length) throw new CatalogError(source, problems);
  return { ...r.data, indicators: [...r.data.indicators].sort((a, b) => a.stt - b.stt) };
}

/** Parses catalogue text (JSON). Bad JSON is reported in Vietnamese too. */
export function parseCatalogText(text: string, source = 'danh mục'): Catalog {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CatalogError(source, [`Tệp sai cú pháp JSON ở ${jsonErrorPlace(text, e)}. Hãy kiểm tra dấu phẩy, ngoặc và dấu nháy kép quanh tên trường.`]);
  }
  return parseCatalog(json, source);
}
