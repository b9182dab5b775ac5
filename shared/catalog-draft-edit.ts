/**
 * Editing a draft of the year's catalogue (catalog-draft.ts) the way the console's page does it:
 * the checks a person sees beside a cell while typing, the units edited on the same page (added,
 * renamed, merged — a unit's code stays across years), review points marked as reviewed (kept
 * with who and when), rows added, moved and left out, and a stored catalogue opened again as a
 * draft for a correction (published as a new version, never changed in place).
 *
 * No zod: the page's code stays small. The checks here follow the catalogue's own
 * (catalog-schema.ts) field by field; the worker checks every draft again with the schema itself
 * before it is published (catalog-draft-check.ts), and tests/shared/catalog-draft-edit.test.ts
 * holds the two to the same rows and fields.
 */
import type { Catalog, Indicator, Unit } from './catalog.ts';
import { DRAFT_SCHEMA, type CatalogDraft, type DraftRow, type FieldOrigin, type RowField } from './catalog-draft.ts';
import { codeFrom } from './catalog-propose-words.ts';
import { decimalsOf, formatNumberVi, MAX_DIGITS_AT_PRECISION, precisionLimit, roundTo, SIGNIFICANT_DIGITS, withUnit } from './numbers.ts';
import { parseTarget, type Target } from './target.ts';

/** What each field of a row is called on the page and in messages. */
export const FIELD_LABEL: Record<RowField, string> = {
  code: 'Mã chỉ tiêu',
  name: 'Tên chỉ tiêu',
  unit: 'Đơn vị tính',
  owner: 'Đơn vị phụ trách',
  group: 'Nhóm',
  plan: 'Kế hoạch (như in)',
  target: 'Cách đánh giá',
  decimals: 'Số chữ số thập phân',
  bounds: 'Giới hạn số liệu',
  actualFormat: 'Mẫu in số thực hiện',
  explanation: 'Giải trình khi không đạt',
  unmetPhrase: 'Câu tóm tắt khi không đạt',
  hint: 'Hướng dẫn nhập',
  prose: 'Cách gọi trong báo cáo',
  measure: 'Loại số liệu',
  periodPlans: 'Kế hoạch theo kỳ',
  lastYear: 'Số liệu năm trước',
  rollup: 'Tổng hợp từ cấp dưới',
};

/** Where a field's value came from, as the page says it. */
export const ORIGIN_LABEL: Record<FieldOrigin, string> = {
  carried: 'giữ theo năm trước',
  proposed: 'đọc từ nghị quyết',
  defaulted: 'đặt theo quy tắc',
  ledger: 'lấy từ số liệu đã nộp',
};

/** A code of an indicator, a unit or a group: capitals, digits and “_”, a letter first. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

export interface FieldProblem {
  field: RowField;
  message: string;
}
export interface RowProblem extends FieldProblem {
  row: number;
}

/** A draft checked as publishing checks it (the worker's catalog-draft-check.ts makes it). */
export interface DraftCheck {
  /** Nothing stands in the way of publishing. */
  ok: boolean;
  /** Problems of a row (its index in `rows`), on a field when the problem is about one. */
  rows: { row: number; field?: RowField; message: string }[];
  /** Problems of the draft as a whole (its common part, or its shape). */
  draft: string[];
  /** Points still to review: the row's index (absent for the draft's own) and how the row is named. */
  review: { row?: number; label: string; reason: string }[];
}

/** A target in a few words: “trên 70 Tr. đồng/ người/ năm”, “duy trì dưới 1%”, “từ 9 đến 10 Nhà”. */
export function targetWords(t: Target, unit: string): string {
  const v = (x: number) => withUnit(formatNumberVi(x), unit);
  switch (t.kind) {
    case 'threshold':
      return `${t.direction === 'higher' ? 'trên' : 'dưới'} ${v(t.value)} (càng ${t.direction === 'higher' ? 'cao' : 'thấp'} càng tốt)`;
    case 'maintain':
      return `duy trì ${t.direction === 'higher' ? 'từ' : 'không quá'} ${v(t.value)}${t.direction === 'higher' ? ' trở lên' : ''}`;
    case 'range':
      return `từ ${formatNumberVi(t.min)} đến ${v(t.max)}`;
    case 'none':
      return 'chưa đánh giá năm nay';
  }
}

/** The figures of a plan: the threshold, or both ends of a range. */
function planValues(t: Target): { value: number; what: string }[] {
  if (t.kind === 'range')
    return [
      { value: t.min, what: 'Cận dưới của kế hoạch' },
      { value: t.max, what: 'Cận trên của kế hoạch' },
    ];
  if (t.kind === 'none') return [];
  return [{ value: t.value, what: 'Kế hoạch' }];
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Whether a number can be written at `decimals` (catalog-schema.ts checks the same); the problem when not. */
function precisionProblem(value: number, decimals: number, what: string): string | undefined {
  if (Number(value.toPrecision(SIGNIFICANT_DIGITS)) !== value)
    return `${what} có hơn ${SIGNIFICANT_DIGITS} chữ số có nghĩa, Excel không giữ được. Hãy viết gọn lại.`;
  if (roundTo(value, decimals) === value) return undefined;
  const needed = decimalsOf(value);
  const fix = needed <= 6 ? `Hãy tăng số chữ số thập phân lên ${needed}.` : 'Hãy làm tròn số này (nhiều nhất 6 chữ số thập phân).';
  return `${what} ${formatNumberVi(value)} có ${needed} chữ số thập phân, nhiều hơn số chữ số thập phân của chỉ tiêu (${decimals}), nên sẽ bị làm tròn thành ${formatNumberVi(roundTo(value, decimals), decimals)}. ${fix}`;
}

const same = (a: Target, b: Target) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The problems of one row, field by field, as a person types (a row left out has none): the
 * catalogue's checks (catalog-schema.ts) in the page's words.
 */
export function rowProblems(draft: CatalogDraft, index: number): FieldProblem[] {
  const row = draft.rows[index];
  if (!row || row.omit) return [];
  const ind = row.indicator;
  const out: FieldProblem[] = [];
  const add = (field: RowField, message: string) => out.push({ field, message });

  if (!CODE_PATTERN.test(ind.code ?? '')) add('code', 'Mã chỉ tiêu viết hoa, không dấu, gồm chữ, số và dấu gạch dưới, bắt đầu bằng chữ (ví dụ THU_NS).');
  else {
    const other = draft.rows.findIndex((r, k) => k !== index && !r.omit && r.indicator.code === ind.code);
    if (other >= 0) add('code', `Mã “${ind.code}” trùng với dòng đề xuất ${other + 1} (“${draft.rows[other].indicator.name}”). Mỗi chỉ tiêu một mã riêng.`);
  }
  if (!ind.name?.trim()) add('name', 'Hãy nhập tên chỉ tiêu.');
  if (!ind.unit?.trim()) add('unit', 'Hãy nhập đơn vị tính (ví dụ %, Triệu đồng, Người).');
  if (!ind.owner) add('owner', 'Hãy chọn đơn vị phụ trách.');
  else if (!draft.catalog.units.some((u) => u.code === ind.owner))
    add('owner', `Đơn vị phụ trách “${ind.owner}” không còn trong danh sách đơn vị. Hãy chọn lại.`);
  if (!ind.group) add('group', 'Hãy chọn nhóm chỉ tiêu.');
  else if (!draft.catalog.groups.some((g) => g.code === ind.group)) add('group', `Nhóm “${ind.group}” không có trong danh sách nhóm. Hãy chọn lại.`);

  const t = ind.target as Target | undefined;
  let targetOk = Boolean(t);
  if (!t) {
    add('target', 'Hãy chọn cách đánh giá.');
  } else if (t.kind === 'threshold' || t.kind === 'maintain') {
    if (!finite(t.value)) {
      add('target', 'Hãy nhập con số của kế hoạch.');
      targetOk = false;
    }
  } else if (t.kind === 'range') {
    if (!finite(t.min) || !finite(t.max)) {
      add('target', 'Hãy nhập cận dưới và cận trên của khoảng.');
      targetOk = false;
    } else if (t.min > t.max) {
      add('target', 'Cận dưới của khoảng phải không lớn hơn cận trên.');
      targetOk = false;
    }
  } else if (!t.reason?.trim()) add('target', 'Hãy ghi lý do chưa đánh giá năm nay.');

  if (!ind.plan?.trim()) add('plan', 'Hãy nhập kế hoạch như in trong phụ lục (ví dụ “Trên 70”).');
  else if (t && targetOk && t.kind !== 'none') {
    const parsed = parseTarget(ind.plan, { maintain: t.kind === 'maintain', direction: 'direction' in t ? t.direction : undefined });
    if (!parsed.ok) add('plan', parsed.error);
    else if (!same(parsed.value, t)) {
      add(
        'plan',
        `Kế hoạch “${ind.plan}” được hiểu là ${targetWords(parsed.value, ind.unit)}, khác với cách đánh giá đã chọn (${targetWords(t, ind.unit)}). Hãy sửa một trong hai cho khớp.`,
      );
    }
  }

  const d = ind.decimals;
  const decimalsOk = Number.isInteger(d) && d >= 0 && d <= 6;
  if (!decimalsOk) add('decimals', 'Số chữ số thập phân là số nguyên từ 0 đến 6.');
  const b = ind.bounds;
  if (!b || !finite(b.min) || !finite(b.max)) add('bounds', 'Hãy nhập giới hạn nhỏ nhất và lớn nhất của số liệu.');
  else {
    if (b.min >= b.max) add('bounds', 'Giới hạn nhỏ nhất phải nhỏ hơn giới hạn lớn nhất.');
    if (decimalsOk) {
      const limit = precisionLimit(d);
      for (const [what, v] of [
        ['Giới hạn nhỏ nhất', b.min],
        ['Giới hạn lớn nhất', b.max],
      ] as const) {
        if (Math.abs(v) > limit) {
          add(
            'bounds',
            `${what} ${formatNumberVi(v)} quá lớn để biểu mẫu và hệ thống đánh giá giống nhau: với ${d} chữ số thập phân, số liệu có nhiều nhất ${MAX_DIGITS_AT_PRECISION} chữ số, tức trong khoảng từ ${formatNumberVi(-limit)} đến ${formatNumberVi(limit)}. Hãy thu hẹp giới hạn (hoặc giảm số chữ số thập phân).`,
          );
        } else {
          const p = precisionProblem(v, d, what);
          if (p) add('decimals', p);
        }
      }
    }
    if (t && targetOk) {
      for (const { value, what } of planValues(t)) {
        if (decimalsOk) {
          const p = precisionProblem(value, d, what);
          if (p) add('decimals', p);
        }
        if (b.min < b.max && (value < b.min || value > b.max)) {
          const fix =
            value > b.max
              ? `Hãy tăng giới hạn lớn nhất lên ít nhất ${formatNumberVi(value)}.`
              : `Hãy giảm giới hạn nhỏ nhất xuống ${formatNumberVi(value)} hoặc thấp hơn.`;
          add(
            'bounds',
            `${what} ${formatNumberVi(value)} nằm ngoài giới hạn số liệu (từ ${formatNumberVi(b.min)} đến ${formatNumberVi(b.max)}), nên biểu mẫu sẽ từ chối cả số liệu đạt kế hoạch. ${fix}`,
          );
        }
      }
    }
  }
  if (decimalsOk) {
    for (const [kind, fig] of Object.entries(ind.lastYear ?? {})) {
      if (!fig) continue;
      const what = `Số liệu năm trước (${kind === 'nam' ? 'cả năm' : kind === '6t' ? '6 tháng' : '9 tháng'})`;
      if (!finite(fig.value)) add('lastYear', `${what}: hãy nhập một số, hoặc để trống.`);
      else if (Math.abs(fig.value) > precisionLimit(d))
        add(
          'lastYear',
          `${what} ${formatNumberVi(fig.value)} vượt quá giới hạn chính xác: với ${d} chữ số thập phân, số liệu có nhiều nhất ${MAX_DIGITS_AT_PRECISION} chữ số.`,
        );
      else {
        const p = precisionProblem(fig.value, d, what);
        if (p) add('lastYear', p);
      }
    }
  }
  return out;
}

/** Every row's problems (rows left out have none). */
export function draftRowProblems(draft: CatalogDraft): RowProblem[] {
  return draft.rows.flatMap((_r, i) => rowProblems(draft, i).map((p) => ({ ...p, row: i })));
}

/** Problems of the draft's common part a person fixes on the page (the worker checks the rest). */
export function commonProblems(draft: CatalogDraft): string[] {
  const c = draft.catalog;
  const out: string[] = [];
  if (!c.locality?.name?.trim()) out.push('Hãy nhập tên địa phương (ví dụ thị xã Hồng Lĩnh) ở mục “Thông tin chung”.');
  if (!c.locality?.issuer?.trim()) out.push('Hãy nhập dòng cơ quan ban hành in cuối phụ lục (ví dụ UBND THỊ XÃ HỒNG LĨNH) ở mục “Thông tin chung”.');
  if (!c.resolution?.number?.trim()) out.push('Hãy nhập số nghị quyết ở mục “Thông tin chung”.');
  if (!c.units.length) out.push('Chưa có đơn vị nào: hãy thêm các đơn vị báo cáo ở mục “Đơn vị”.');
  const seen = new Set<string>();
  for (const u of c.units) {
    if (seen.has(u.code)) out.push(`Mã đơn vị “${u.code}” bị trùng: mỗi đơn vị một mã.`);
    seen.add(u.code);
  }
  for (const p of c.periods) if (Number.isNaN(Date.parse(p.deadline))) out.push(`Hạn nộp của kỳ “${p.header}” chưa đúng: hãy chọn ngày và giờ.`);
  if (!draft.rows.some((r) => !r.omit)) out.push('Danh mục chưa có chỉ tiêu nào: hãy thêm hoặc giữ lại ít nhất một dòng.');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Editing a row.

/**
 * The indicator with a new printed plan; when the text reads as a target (the way the sheet and
 * the worker read it), the target follows it, keeping a “duy trì” and the direction as chosen.
 */
export function withPlanText(ind: Indicator, plan: string): Indicator {
  const t = ind.target as Target;
  const parsed = parseTarget(plan, { maintain: t?.kind === 'maintain', direction: t && 'direction' in t ? t.direction : undefined });
  if (!parsed.ok || t?.kind === 'none') return { ...ind, plan };
  return { ...ind, plan, target: parsed.value };
}

/** A changed row, the rest of the draft shared. */
export function updateRow(draft: CatalogDraft, index: number, change: (row: DraftRow) => DraftRow): CatalogDraft {
  return { ...draft, rows: draft.rows.map((r, i) => (i === index ? change(r) : r)) };
}

/** Points still to review: the rows' (rows left out aside) and the draft's own. */
export function openPoints(draft: CatalogDraft): number {
  return draft.rows.reduce((n, r) => n + (r.omit ? 0 : r.needsReview.length), 0) + draft.needsReview.length;
}

/** Marks a row's point as reviewed: it leaves `needsReview` and is kept in `resolved` with who and when. */
export function resolvePoint(draft: CatalogDraft, index: number, point: number, by: string, at: string): CatalogDraft {
  return updateRow(draft, index, (r) => {
    const p = r.needsReview[point];
    if (!p) return r;
    return { ...r, needsReview: r.needsReview.filter((_x, k) => k !== point), resolved: [...(r.resolved ?? []), { ...p, by, at }] };
  });
}

/** Puts a reviewed point back to review. */
export function reopenPoint(draft: CatalogDraft, index: number, resolved: number): CatalogDraft {
  return updateRow(draft, index, (r) => {
    const p = r.resolved?.[resolved];
    if (!p) return r;
    return { ...r, needsReview: [...r.needsReview, { field: p.field, reason: p.reason }], resolved: r.resolved!.filter((_x, k) => k !== resolved) };
  });
}

/** Marks a point of the whole draft as reviewed. */
export function resolveDraftPoint(draft: CatalogDraft, point: number, by: string, at: string): CatalogDraft {
  const reason = draft.needsReview[point];
  if (reason === undefined) return draft;
  return { ...draft, needsReview: draft.needsReview.filter((_x, k) => k !== point), resolved: [...(draft.resolved ?? []), { reason, by, at }] };
}

/**
 * The order rows are shown in for review: rows with points to review first (in their order), then
 * the others. The page keeps this order while a person works, so a row does not jump away once
 * its last point is marked.
 */
export function reviewOrder(draft: CatalogDraft): number[] {
  const all = draft.rows.map((_r, i) => i);
  const open = (i: number) => !draft.rows[i].omit && draft.rows[i].needsReview.length > 0;
  return [...all.filter(open), ...all.filter((i) => !open(i))];
}

/** A new, empty row after `after` (at the end by default), to be filled in. */
export function addRow(draft: CatalogDraft, after = draft.rows.length - 1): CatalogDraft {
  const taken = new Set(draft.rows.map((r) => r.indicator.code));
  const indicator: Indicator = {
    code: codeFrom('Chỉ tiêu mới', taken),
    stt: 0,
    group: draft.catalog.groups[0]?.code ?? '',
    name: '',
    unit: '',
    owner: '',
    plan: '',
    target: { kind: 'threshold', direction: 'higher', value: 0 },
    decimals: 0,
    bounds: { min: 0, max: 1_000_000 },
    actualFormat: '{}',
    explanation: 'expected',
  };
  const row: DraftRow = {
    indicator,
    source: { label: '', line: 0, sentence: '', clause: '' },
    reading: '',
    fields: {},
    needsReview: [],
    notes: ['Dòng thêm trên trang quản lý.'],
  };
  const rows = [...draft.rows];
  rows.splice(after + 1, 0, row);
  return { ...draft, rows };
}

/** Moves a row up (−1) or down (+1): the order is the appendix's (Số TT). */
export function moveRow(draft: CatalogDraft, index: number, delta: -1 | 1): CatalogDraft {
  const to = index + delta;
  if (to < 0 || to >= draft.rows.length) return draft;
  const rows = [...draft.rows];
  [rows[index], rows[to]] = [rows[to], rows[index]];
  return { ...draft, rows };
}

/** Each row's place in the appendix (Số TT), rows left out aside: undefined for those. */
export function printedNumbers(draft: CatalogDraft): (number | undefined)[] {
  let n = 0;
  return draft.rows.map((r) => (r.omit ? undefined : ++n));
}

// ---------------------------------------------------------------------------------------------
// Units: added, renamed, merged, removed. A unit's code stays: what it reported in earlier years
// stays its own, and a merged unit's indicators go to the unit that takes it over.

export type EditResult = { ok: true; draft: CatalogDraft } | { ok: false; error: string };

const KIND_WORDS = /^(ubnd|phòng|phường|xã|ban|trung tâm|chi cục|công an|bảo hiểm xã hội|thị xã|thành phố|huyện|tỉnh)\s+/iu;

/** A code for a new unit: the words of its name after “UBND”, “phường” …, or their initials when there are many. */
export function suggestUnitCode(name: string, taken: Iterable<string>): string {
  let rest = name.trim();
  for (let i = 0; i < 3; i++) rest = rest.replace(KIND_WORDS, '');
  const ascii = rest
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
  const words = ascii.split(' ').filter((w) => w && w !== 'VA');
  let base = words.length <= 3 ? words.join('_') : words.map((w) => w[0]).join('');
  if (!base || !/^[A-Z]/.test(base)) base = `DON_VI${base ? `_${base}` : ''}`;
  const used = new Set(taken);
  let code = base;
  for (let i = 2; used.has(code); i++) code = `${base}_${i}`;
  return code;
}

function withUnits(draft: CatalogDraft, units: Unit[], rows = draft.rows, notes = draft.notes): CatalogDraft {
  return { ...draft, catalog: { ...draft.catalog, units }, rows, notes };
}

/** Adds a unit (its code new, in capitals; its name not empty). */
export function addUnit(draft: CatalogDraft, unit: Unit): EditResult {
  const name = unit.name.trim();
  if (!name) return { ok: false, error: 'Hãy nhập tên đơn vị.' };
  if (!CODE_PATTERN.test(unit.code))
    return { ok: false, error: 'Mã đơn vị viết hoa, không dấu, gồm chữ, số và dấu gạch dưới, bắt đầu bằng chữ (ví dụ BAC_HONG).' };
  if (draft.catalog.units.some((u) => u.code === unit.code))
    return { ok: false, error: `Mã “${unit.code}” đã là mã của ${draft.catalog.units.find((u) => u.code === unit.code)!.name}. Hãy chọn mã khác.` };
  if (draft.catalog.units.some((u) => u.name.trim().toLowerCase() === name.toLowerCase())) return { ok: false, error: `Đã có đơn vị “${name}”.` };
  return { ok: true, draft: withUnits(draft, [...draft.catalog.units, { ...unit, name }]) };
}

/** Renames a unit; its code stays. */
export function renameUnit(draft: CatalogDraft, code: string, name: string): EditResult {
  const clean = name.trim();
  if (!clean) return { ok: false, error: 'Tên đơn vị không được để trống.' };
  if (!draft.catalog.units.some((u) => u.code === code)) return { ok: false, error: 'Không có đơn vị này trong danh sách.' };
  if (draft.catalog.units.some((u) => u.code !== code && u.name.trim().toLowerCase() === clean.toLowerCase()))
    return { ok: false, error: `Đã có đơn vị khác tên “${clean}”.` };
  return {
    ok: true,
    draft: withUnits(
      draft,
      draft.catalog.units.map((u) => (u.code === code ? { ...u, name: clean } : u)),
    ),
  };
}

/** Changes a unit's kind (phòng, phường …). */
export function setUnitKind(draft: CatalogDraft, code: string, kind: Unit['kind']): CatalogDraft {
  return withUnits(
    draft,
    draft.catalog.units.map((u) => (u.code === code ? { ...u, kind } : u)),
  );
}

/**
 * Merges unit `from` into unit `into` (two wards become one): every indicator `from` reported is
 * reported by `into`, which keeps its code; `from` leaves the list. Said in the draft's notes.
 */
export function mergeUnits(draft: CatalogDraft, from: string, into: string): EditResult {
  const a = draft.catalog.units.find((u) => u.code === from);
  const b = draft.catalog.units.find((u) => u.code === into);
  if (!a || !b) return { ok: false, error: 'Hãy chọn hai đơn vị có trong danh sách.' };
  if (from === into) return { ok: false, error: 'Hãy chọn hai đơn vị khác nhau.' };
  const moved = draft.rows.filter((r) => r.indicator.owner === from).length;
  const rows = draft.rows.map((r) =>
    r.indicator.owner === from
      ? { ...r, indicator: { ...r.indicator, owner: into }, notes: [...r.notes, `Đơn vị phụ trách chuyển từ ${a.name} sang ${b.name} (gộp đơn vị).`] }
      : r,
  );
  const units = draft.catalog.units.filter((u) => u.code !== from).map((u) => (u.parent === from ? { ...u, parent: into } : u));
  const note = `Gộp ${a.name} vào ${b.name}${moved ? `: ${moved} chỉ tiêu chuyển sang ${b.name}` : ''}.`;
  return { ok: true, draft: withUnits(draft, units, rows, [...draft.notes, note]) };
}

/** Removes a unit that reports nothing. */
export function removeUnit(draft: CatalogDraft, code: string): EditResult {
  const unit = draft.catalog.units.find((u) => u.code === code);
  if (!unit) return { ok: false, error: 'Không có đơn vị này trong danh sách.' };
  const owned = draft.rows.filter((r) => !r.omit && r.indicator.owner === code);
  if (owned.length)
    return {
      ok: false,
      error: `${unit.name} còn phụ trách ${owned.length} chỉ tiêu (${owned.map((r) => `“${r.indicator.name}”`).join(', ')}). Hãy chuyển các chỉ tiêu đó cho đơn vị khác, hoặc gộp đơn vị.`,
    };
  return {
    ok: true,
    draft: withUnits(
      draft,
      draft.catalog.units.filter((u) => u.code !== code),
    ),
  };
}

/** Adds a group of indicators (its code made from the next free number). */
export function addGroup(draft: CatalogDraft, name: string): EditResult {
  const clean = name.trim();
  if (!clean) return { ok: false, error: 'Hãy nhập tên nhóm.' };
  const taken = new Set(draft.catalog.groups.map((g) => g.code));
  let n = draft.catalog.groups.length + 1;
  let code = `N${String(n).padStart(2, '0')}`;
  while (taken.has(code)) code = `N${String(++n).padStart(2, '0')}`;
  return { ok: true, draft: { ...draft, catalog: { ...draft.catalog, groups: [...draft.catalog.groups, { code, name: clean }] } } };
}

// ---------------------------------------------------------------------------------------------

/**
 * A catalogue opened as a draft: a stored version, for a correction (`form` "version"), or one
 * read from a workbook (`form` "workbook"). Each indicator is a row with nothing to review and
 * every field kept; published, the draft becomes the catalogue's next version (the one it started
 * from stays as it was).
 */
export function draftFromCatalog(
  catalog: Catalog,
  origin: { form: 'version' | 'workbook'; base?: { id: string; version: number } },
  note?: string,
): CatalogDraft {
  const { indicators, ...rest } = catalog;
  const fields = (ind: Indicator) =>
    Object.fromEntries(
      Object.keys(ind)
        .filter((k) => k !== 'stt')
        .map((k) => [k, 'carried']),
    ) as DraftRow['fields'];
  const said = origin.base
    ? `Sửa danh mục chỉ tiêu năm ${catalog.year} từ phiên bản ${origin.base.version}: khi công bố, danh mục thành phiên bản mới; phiên bản ${origin.base.version} giữ nguyên.`
    : `Danh mục chỉ tiêu năm ${catalog.year} mới: khi công bố, danh mục thành phiên bản 1.`;
  return {
    schema: DRAFT_SCHEMA,
    catalog: rest,
    rows: indicators.map((ind) => ({
      indicator: { ...ind },
      source: { label: String(ind.stt), line: 0, sentence: '', clause: '' },
      reading: '',
      fields: fields(ind),
      needsReview: [],
      notes: [],
    })),
    needsReview: [],
    notes: [...(note ? [note] : []), said],
    unread: [],
    origin: { form: origin.form, ...(origin.base ? { base: origin.base } : {}) },
  };
}
