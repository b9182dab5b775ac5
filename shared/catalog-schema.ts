/**
 * The catalogue's schema and validation (zod): every error is Vietnamese and names the field.
 * Only the worker and the build load this module; the task pane gets catalogues validated at build
 * time and uses the plain helpers of catalog.ts, so zod stays out of its bundle.
 */
import { z } from 'zod';
import { hierarchyProblems, ROLLUP_RULES } from './hierarchy.ts';
import { parseTarget, type Target } from './target.ts';

const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('threshold'), direction: z.enum(['higher', 'lower']), value: z.number() }).strict(),
  z.object({ kind: z.literal('maintain'), direction: z.enum(['higher', 'lower']), value: z.number() }).strict(),
  z.object({ kind: z.literal('range'), min: z.number(), max: z.number() }).strict(),
  z.object({ kind: z.literal('none'), reason: z.string().min(1) }).strict(),
]);

const CODE = /^[A-Z][A-Z0-9_]*$/;

/** Levels of government (optional; see hierarchy.ts and docs/catalog-format.md). */
const RollupSchema = z.object({
  rule: z.enum(ROLLUP_RULES),
  weight: z.string().regex(CODE).optional(),
  child: z.object({
    plan: z.string().min(1),
    target: TargetSchema,
    unit: z.string().min(1).optional(),
    decimals: z.number().int().min(0).max(6).optional(),
    bounds: z.object({ min: z.number(), max: z.number() }).strict().optional(),
  }).strict().optional(),
}).strict();

const IndicatorSchema = z.object({
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
  /** Made from the figures of the level below (see hierarchy.ts). */
  rollup: RollupSchema.optional(),
}).strict();

const PeriodSchema = z.object({
  id: z.string().regex(/^\d{4}-(uoc|6t|9t|nam)$/),
  word: z.string().min(1),
  header: z.string().min(1),
  verb: z.string().min(1),
  deadline: z.iso.datetime({ offset: true }),
}).strict();

const UnitSchema = z.object({
  code: z.string().regex(CODE),
  name: z.string().min(1),
  kind: z.enum(['phong', 'ban', 'don_vi', 'nganh', 'phuong', 'xa', 'huyen', 'thi_xa', 'thanh_pho', 'tinh']),
  /** A unit of the level below: the code of this catalogue's own unit (organisation.unit). */
  parent: z.string().regex(CODE).optional(),
}).strict();

export const CatalogSchema = z.object({
  schema: z.literal('phuluc-catalog/1'),
  id: z.string().regex(/^[a-z0-9-]+$/),
  year: z.number().int().min(2000).max(2100),
  locality: z.object({ name: z.string().min(1), issuer: z.string().min(1) }).strict(),
  resolution: z.object({
    number: z.string().min(1),
    /** ISO date, or null while the resolution is not yet issued (printed as “…”). */
    date: z.iso.date().nullable(),
    body: z.string().min(1),
  }).strict(),
  appendix: z.object({
    title: z.string().min(1),
    subtitle: z.string().min(1),
    footnoteStart: z.number().int().positive().default(1),
  }).strict(),
  periods: z.array(PeriodSchema).min(1),
  groups: z.array(z.object({ code: z.string().regex(CODE), name: z.string().min(1) }).strict()).min(1),
  units: z.array(UnitSchema).min(1),
  indicators: z.array(IndicatorSchema).min(1),
  /** Which level of government this catalogue's appendix is (written into the appendix for the level above). */
  organisation: z.object({ unit: z.string().regex(CODE), name: z.string().min(1), parent: z.string().regex(CODE).optional() }).strict().optional(),
}).strict();

export type Catalog = z.infer<typeof CatalogSchema>;
export type Indicator = Catalog['indicators'][number];
export type Unit = Catalog['units'][number];
export type Period = Catalog['periods'][number];
export type Group = Catalog['groups'][number];

const FIELD_VI: Record<string, string> = {
  schema: 'phiên bản định dạng', id: 'mã danh mục', year: 'năm kế hoạch', locality: 'địa phương',
  issuer: 'cơ quan ban hành', resolution: 'nghị quyết', number: 'số', date: 'ngày', body: 'cơ quan',
  appendix: 'phụ lục', title: 'tiêu đề', subtitle: 'tiêu đề phụ', footnoteStart: 'số chú thích đầu tiên',
  periods: 'kỳ báo cáo', word: 'từ chỉ kỳ', header: 'tiêu đề cột', verb: 'động từ', deadline: 'hạn nộp',
  groups: 'nhóm chỉ tiêu', units: 'đơn vị', kind: 'loại', indicators: 'chỉ tiêu', code: 'mã',
  stt: 'số TT', group: 'nhóm', name: 'tên', unit: 'đơn vị tính', owner: 'đơn vị phụ trách',
  plan: 'kế hoạch', target: 'ý nghĩa kế hoạch', decimals: 'số chữ số thập phân', bounds: 'giới hạn',
  min: 'nhỏ nhất', max: 'lớn nhất', value: 'giá trị', direction: 'chiều', reason: 'lý do',
  actualFormat: 'mẫu in số thực hiện', explanation: 'giải trình', unmetPhrase: 'câu tóm tắt khi không đạt',
  hint: 'hướng dẫn',
  rollup: 'cách tổng hợp từ cấp dưới', rule: 'quy tắc', weight: 'quyền số', child: 'chỉ tiêu của mỗi đơn vị cấp dưới',
  organisation: 'cấp hành chính', parent: 'đơn vị cấp trên',
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
  return ({ string: 'văn bản', number: 'số', boolean: 'true/false', object: 'đối tượng', array: 'danh sách', undefined: 'không có' } as Record<string, string>)[t] ?? t;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': return `cần ${typeVi(issue.expected)}${issue.input === undefined ? ' nhưng đang thiếu' : ''}`;
    case 'too_small': return issue.origin === 'array' ? `cần ít nhất ${issue.minimum} phần tử` : issue.origin === 'string' ? 'không được để trống' : `phải từ ${issue.minimum} trở lên`;
    case 'too_big': return `không được vượt quá ${issue.maximum}`;
    case 'invalid_value': return `phải là một trong: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format': return issue.format === 'regex' ? 'sai định dạng (mã viết hoa, không dấu, ví dụ “TCKH”)' : issue.format === 'includes' ? `phải chứa “${(issue as { includes?: string }).includes ?? ''}”` : `sai định dạng ${issue.format === 'date' ? 'ngày (YYYY-MM-DD)' : issue.format === 'datetime' ? 'thời điểm (YYYY-MM-DDTHH:mm:ss+07:00)' : issue.format}`;
    case 'unrecognized_keys': return `có trường không được hỗ trợ: ${issue.keys.join(', ')}`;
    case 'invalid_union': return 'không đúng dạng nào được hỗ trợ (threshold, maintain, range, none)';
    default: return issue.message;
  }
}

export class CatalogError extends Error {
  constructor(public readonly source: string, public readonly problems: string[]) {
    super(`Danh mục chỉ tiêu “${source}” không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

function sameTarget(a: Target, b: Target): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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
    if (ind.target.kind !== 'none') {
      const hints = { maintain: ind.target.kind === 'maintain', direction: 'direction' in ind.target ? ind.target.direction : undefined };
      const parsed = parseTarget(ind.plan, hints);
      if (!parsed.ok) problems.push(`${where}: ${parsed.error}`);
      else if (!sameTarget(parsed.value, ind.target)) {
        problems.push(`${where}: kế hoạch in “${ind.plan}” được đọc là ${JSON.stringify(parsed.value)}, khác với “target” ${JSON.stringify(ind.target)}. Hãy sửa một trong hai cho khớp.`);
      }
    }
  }
  for (const g of c.groups) {
    if (!c.indicators.some((i) => i.group === g.code)) problems.push(`Nhóm “${g.code}” không có chỉ tiêu nào.`);
  }
  for (const p of c.periods) {
    if (!p.id.startsWith(String(c.year))) problems.push(`Kỳ báo cáo “${p.id}” không thuộc năm ${c.year}.`);
  }
  problems.push(...hierarchyProblems(c));
  return problems;
}

/** Validates parsed JSON as a catalogue. Throws CatalogError listing every problem in Vietnamese. */
export function parseCatalog(json: unknown, source = 'danh mục'): Catalog {
  const r = CatalogSchema.safeParse(json, { reportInput: true });
  if (!r.success) {
    throw new CatalogError(source, r.error.issues.map((i) => `${describePath(i.path)}: ${issueMessage(i)}.`));
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
    throw new CatalogError(source, [`Tệp không phải JSON hợp lệ (${(e as Error).message}). Hãy kiểm tra dấu phẩy, ngoặc và dấu nháy.`]);
  }
  return parseCatalog(json, source);
}

