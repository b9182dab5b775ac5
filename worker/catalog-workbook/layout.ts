/**
 * The layout of the catalogue as an Excel workbook (`phuluc catalog export` / `phuluc catalog
 * import`; docs/catalog-format.md, “The catalogue as a workbook”), shared by writing it (write.ts)
 * and reading it back (read.ts): one sheet per part of the catalogue, one row per item, each
 * column's header and width, the enumerations' Vietnamese labels for the data-validation lists,
 * the general sheet's fields, and the error a workbook that cannot be read is refused with.
 */
import { ROLLUP_RULES, UNIT_KINDS, type Indicator, type Rollup, type Unit } from '../../shared/catalog.ts';
import type { Target } from '../../shared/target.ts';

/** A workbook that is not a catalogue: each problem names the sheet and cell, and what to do. */
export class WorkbookError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Không đọc được danh mục từ sổ làm việc “${source}”:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorkbookError';
  }
}

// ---------------------------------------------------------------------------------------------
// Enumerations: what the office picks from a list, and the value in the catalogue.

export type Labels<T extends string> = readonly (readonly [T, string])[];

export const KIND: Labels<Target['kind']> = [
  ['threshold', 'Ngưỡng'],
  ['maintain', 'Duy trì'],
  ['range', 'Khoảng'],
  ['none', 'Chưa đánh giá năm nay'],
];
export const DIRECTION: Labels<'higher' | 'lower'> = [
  ['higher', 'Càng cao càng tốt'],
  ['lower', 'Càng thấp càng tốt'],
];
export const EXPLANATION: Labels<Indicator['explanation']> = [
  ['expected', 'Cảnh báo, vẫn nhận số liệu'],
  ['required', 'Bắt buộc, từ chối tệp'],
];
export const MEASURE: Labels<'total' | 'level'> = [
  ['total', 'Cộng dồn trong kỳ'],
  ['level', 'Mức tại một thời điểm'],
];
export const ASSESSMENT: Labels<'plan' | 'progress'> = [
  ['plan', 'So với kế hoạch năm'],
  ['progress', 'Theo tiến độ kế hoạch năm'],
];
export const UNIT_KIND: Labels<Unit['kind']> = [
  ['phong', 'Phòng'],
  ['ban', 'Ban'],
  ['don_vi', 'Đơn vị'],
  ['nganh', 'Ngành'],
  ['phuong', 'Phường'],
  ['xa', 'Xã'],
  ['huyen', 'Huyện'],
  ['thi_xa', 'Thị xã'],
  ['thanh_pho', 'Thành phố'],
  ['tinh', 'Tỉnh'],
];
export const RELATED_KIND: Labels<'level' | 'change'> = [
  ['level', 'Mức'],
  ['change', 'Mức tăng, giảm'],
];
export const RULE: Labels<Rollup['rule']> = [
  ['sum', 'Cộng'],
  ['weighted_average', 'Bình quân gia quyền'],
  ['min', 'Nhỏ nhất'],
  ['max', 'Lớn nhất'],
  ['count_met', 'Đếm đơn vị đạt'],
  ['list', 'Liệt kê, không cộng'],
];
export const LAST_YEAR_KEYS = ['nam', '6t', '9t'] as const;
const LAST_YEAR_VI: Record<(typeof LAST_YEAR_KEYS)[number], string> = { nam: 'cả năm', '6t': '6 tháng', '9t': '9 tháng' };

// Make sure the lists cover the catalogue's own enumerations (a new kind of unit must get a label).
for (const k of UNIT_KINDS) if (!UNIT_KIND.some(([v]) => v === k)) throw new Error(`No label for unit kind ${k}`);
for (const r of ROLLUP_RULES) if (!RULE.some(([v]) => v === r)) throw new Error(`No label for rollup rule ${r}`);

export const LISTS = {
  kind: KIND,
  direction: DIRECTION,
  explanation: EXPLANATION,
  measure: MEASURE,
  assessment: ASSESSMENT,
  unitKind: UNIT_KIND,
  relatedKind: RELATED_KIND,
  rule: RULE,
} as const;
export type ListName = keyof typeof LISTS;

// ---------------------------------------------------------------------------------------------
// Sheets and columns.

export const SHEET = {
  guide: 'Hướng dẫn',
  general: 'Thông tin chung',
  periods: 'Kỳ báo cáo',
  groups: 'Nhóm',
  units: 'Đơn vị',
  indicators: 'Chỉ tiêu',
  prose: 'Cách gọi trong báo cáo',
  periodPlans: 'Kế hoạch theo kỳ',
  rollup: 'Tổng hợp từ cấp dưới',
  lists: 'Danh sách',
} as const;

export interface Column {
  key: string;
  header: string;
  width: number;
  list?: ListName | 'groups' | 'units';
  text?: boolean;
  whole?: boolean;
}

const c = (key: string, header: string, width: number, more: Partial<Column> = {}): Column => ({ key, header, width, ...more });

/** Target columns, shared by the indicators, the periods' own plans and the lower units' plans. */
const TARGET_COLUMNS: Column[] = [
  c('kind', 'Loại kế hoạch', 20, { list: 'kind' }),
  c('direction', 'Chiều đánh giá', 20, { list: 'direction' }),
  c('value', 'Giá trị', 12),
  c('min', 'Từ (khoảng)', 11),
  c('max', 'Đến (khoảng)', 11),
  c('reason', 'Lý do không đánh giá', 28, { text: true }),
];

export const COLUMNS: Record<'periods' | 'groups' | 'units' | 'indicators' | 'prose' | 'periodPlans' | 'rollup', Column[]> = {
  periods: [
    c('id', 'Mã kỳ', 12, { text: true }),
    c('word', 'Từ chỉ kỳ', 16, { text: true }),
    c('header', 'Tiêu đề cột', 34, { text: true }),
    c('verb', 'Động từ', 10, { text: true }),
    c('deadline', 'Hạn nộp', 20, { text: true }),
    c('assessment', 'Cách đánh giá', 26, { list: 'assessment' }),
  ],
  groups: [c('code', 'Mã nhóm', 12, { text: true }), c('name', 'Tên nhóm', 50, { text: true })],
  units: [
    c('code', 'Mã đơn vị', 14, { text: true }),
    c('name', 'Tên đơn vị', 44, { text: true }),
    c('kind', 'Loại đơn vị', 14, { list: 'unitKind' }),
    c('parent', 'Đơn vị cấp trên', 16, { text: true }),
  ],
  indicators: [
    c('stt', 'Số TT', 7, { whole: true }),
    c('code', 'Mã chỉ tiêu', 18, { text: true }),
    c('group', 'Nhóm', 9, { list: 'groups', text: true }),
    c('name', 'Tên chỉ tiêu', 48, { text: true }),
    c('unit', 'Đơn vị tính', 16, { text: true }),
    c('owner', 'Đơn vị phụ trách', 14, { list: 'units', text: true }),
    c('plan', 'Kế hoạch (như in)', 24, { text: true }),
    ...TARGET_COLUMNS,
    c('decimals', 'Số chữ số thập phân', 10, { whole: true }),
    c('boundsMin', 'Giới hạn nhỏ nhất', 14),
    c('boundsMax', 'Giới hạn lớn nhất', 14),
    c('actualFormat', 'Mẫu in số thực hiện', 18, { text: true }),
    c('explanation', 'Giải trình khi không đạt', 24, { list: 'explanation' }),
    c('unmetPhrase', 'Câu tóm tắt khi không đạt', 40, { text: true }),
    c('hint', 'Hướng dẫn nhập', 36, { text: true }),
    c('measure', 'Loại số liệu', 20, { list: 'measure' }),
    ...LAST_YEAR_KEYS.flatMap((k) => [
      c(`ly_${k}`, `Năm trước, ${LAST_YEAR_VI[k]}: số liệu`, 14),
      c(`lys_${k}`, `Năm trước, ${LAST_YEAR_VI[k]}: nguồn`, 30, { text: true }),
    ]),
  ],
  prose: [
    c('code', 'Mã chỉ tiêu', 18, { text: true }),
    c('related', 'Số liệu liên quan (số thứ tự)', 12, { whole: true }),
    c('relatedName', 'Tên số liệu liên quan', 34, { text: true }),
    c('relatedKind', 'Loại số liệu liên quan', 18, { list: 'relatedKind' }),
    c('phrase', 'Cụm từ gọi tên', 44, { text: true }),
    c('unitWord', 'Cách ghi đơn vị tính', 22, { text: true }),
  ],
  periodPlans: [
    c('code', 'Mã chỉ tiêu', 18, { text: true }),
    c('period', 'Mã kỳ', 12, { text: true }),
    c('plan', 'Kế hoạch (như in)', 24, { text: true }),
    ...TARGET_COLUMNS,
  ],
  rollup: [
    c('code', 'Mã chỉ tiêu', 18, { text: true }),
    c('rule', 'Quy tắc', 22, { list: 'rule' }),
    c('weight', 'Quyền số (mã chỉ tiêu)', 16, { text: true }),
    c('plan', 'Kế hoạch của mỗi đơn vị cấp dưới (như in)', 26, { text: true }),
    ...TARGET_COLUMNS,
    c('unit', 'Đơn vị tính cấp dưới', 16, { text: true }),
    c('decimals', 'Số chữ số thập phân cấp dưới', 10, { whole: true }),
    c('boundsMin', 'Giới hạn nhỏ nhất cấp dưới', 14),
    c('boundsMax', 'Giới hạn lớn nhất cấp dưới', 14),
  ],
};

/** The general sheet: one row per field, with the field's path in a hidden column. */
export const GENERAL: { path: string; label: string; kind?: 'number' | 'date' }[] = [
  { path: 'schema', label: 'Phiên bản định dạng' },
  { path: 'id', label: 'Mã danh mục' },
  { path: 'year', label: 'Năm kế hoạch', kind: 'number' },
  { path: 'locality.name', label: 'Địa phương' },
  { path: 'locality.issuer', label: 'Cơ quan ban hành (dòng cuối phụ lục)' },
  { path: 'resolution.number', label: 'Số nghị quyết' },
  { path: 'resolution.date', label: 'Ngày nghị quyết (để trống nếu chưa ban hành)', kind: 'date' },
  { path: 'resolution.body', label: 'Cơ quan ban hành nghị quyết' },
  { path: 'appendix.title', label: 'Tiêu đề phụ lục' },
  { path: 'appendix.subtitle', label: 'Tiêu đề phụ (có {number}, {date}, {body})' },
  { path: 'appendix.footnoteStart', label: 'Số chú thích đầu tiên', kind: 'number' },
  { path: 'organisation.unit', label: 'Cấp hành chính: mã đơn vị' },
  { path: 'organisation.name', label: 'Cấp hành chính: tên' },
  { path: 'organisation.parent', label: 'Cấp hành chính: mã cấp trên' },
];
