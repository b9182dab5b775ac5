/**
 * Levels of government as data: communes and wards report to the town, towns and districts to the
 * province, provinces to the ministry (since 2025: province → commune), at any depth. Each level
 * has its own catalogue and its own appendix; a catalogue says which level it is
 * (`organisation`), which of its units are the level below (`units[].parent`), and, per
 * indicator, how the figures of the level below roll up into its own (`indicators[].rollup`).
 * Indicators without a rule are collected by the level itself, from its departments, as before.
 *
 * A unit of the level below reports every rolled-up indicator: by filling this level's template
 * (its rows show the plan set for each lower unit, `rollup.childPlan`, or none), or by sending its
 * own appendix (a town's Phụ lục 1 sent to the province: see appendix-read.ts). Pure TypeScript.
 */
import { isMet, STATUS_WORD, type Status } from './assess.ts';
import type { Catalog, Indicator, Unit } from './catalog-schema.ts';
import { roundTo } from './numbers.ts';
import { evaluateRow, type RowInput } from './report.ts';
import { parseTarget, readActual, type Target } from './target.ts';

export const ROLLUP_RULES = ['sum', 'weighted_average', 'min', 'max', 'count_met', 'list'] as const;
export type RollupRule = (typeof ROLLUP_RULES)[number];

/** How an indicator of this level is made from the figures of the level below. */
export interface Rollup {
  /**
   * sum; weighted_average (by `weight`, another indicator the lower units report, e.g. population);
   * min; max; count_met (how many lower units met their own plan); list (not aggregated: each
   * lower unit's figure is listed on the second sheet, the row is not assessed).
   */
  rule: RollupRule;
  weight?: string;
  /**
   * The indicator as each lower unit reports it, where it differs from the total: the plan it is
   * assessed against (printed, and its meaning), and, when the total counts something else (how
   * many towns met a rate), the lower figure's unit of measure, precision and bounds.
   */
  child?: { plan: string; target: Target; unit?: string; decimals?: number; bounds?: { min: number; max: number } };
}

/** A lower unit's row as the level above keeps it: its figure, and, from its appendix, its own plan and assessment. */
export interface LevelRow extends RowInput {
  plan?: string;
  status?: Status;
}

/** What a lower unit's template shows where no plan is set for each lower unit. */
export const NO_CHILD_PLAN = '—';
const NO_CHILD_TARGET: Target = { kind: 'none', reason: 'Số liệu của đơn vị để tổng hợp lên cấp trên, không đánh giá riêng.' };

/** The units of the level below (those with a parent). */
export function childUnits(c: Catalog): Unit[] {
  return c.units.filter((u) => u.parent !== undefined);
}

/** Indicators made from the level below. */
export function rolledUp(c: Catalog): Indicator[] {
  return c.indicators.filter((i) => i.rollup);
}

/** A rolled-up indicator as a lower unit reports it: its own plan (or none) instead of the total's. */
export function childIndicator(ind: Indicator): Indicator {
  const c = ind.rollup?.child;
  if (!ind.rollup) return ind;
  return {
    ...ind, plan: c?.plan ?? NO_CHILD_PLAN, target: c?.target ?? NO_CHILD_TARGET, unmetPhrase: undefined,
    ...(c?.unit ? { unit: c.unit, actualFormat: '{}' } : {}), ...(c?.decimals !== undefined ? { decimals: c.decimals } : {}), ...(c?.bounds ? { bounds: c.bounds } : {}),
  };
}

/** "Cộng", "Bình quân gia quyền theo Dân số trung bình" … (the second sheet's words). */
export function ruleLabel(c: Catalog, ind: Indicator): string {
  const r = ind.rollup;
  if (!r) return 'Thu thập trực tiếp';
  switch (r.rule) {
    case 'sum': return 'Cộng số liệu các đơn vị';
    case 'weighted_average': return `Bình quân gia quyền theo “${c.indicators.find((i) => i.code === r.weight)?.name ?? r.weight}”`;
    case 'min': return 'Nhỏ nhất trong các đơn vị';
    case 'max': return 'Lớn nhất trong các đơn vị';
    case 'count_met': return `Đếm số đơn vị đạt kế hoạch của đơn vị (${r.child?.plan ?? NO_CHILD_PLAN})`;
    case 'list': return 'Không cộng dồn: liệt kê từng đơn vị';
  }
}

/** The assessment as a person reads it, with the GLOSSARY's words for the blank ones. */
export function statusText(s: Status | undefined): string {
  return STATUS_WORD[s ?? 'chua_nhap'];
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
  if (rolled.length && !children.length) problems.push('Có chỉ tiêu tổng hợp từ cấp dưới (“rollup”) nhưng danh sách “units” không có đơn vị cấp dưới nào (đơn vị có “parent”).');
  for (const ind of rolled) {
    const r = ind.rollup!;
    const where = `Chỉ tiêu số ${ind.stt} (mã ${ind.code}), “rollup”`;
    if (children.some((u) => u.code === ind.owner)) problems.push(`${where}: đơn vị phụ trách “${ind.owner}” phải là một đơn vị của cấp này (phòng, ban), không phải đơn vị cấp dưới.`);
    if (r.rule === 'weighted_average') {
      const w = r.weight === undefined ? undefined : codes.get(r.weight);
      if (!r.weight) problems.push(`${where}: bình quân gia quyền cần “weight”, mã chỉ tiêu dùng làm quyền số (ví dụ dân số).`);
      else if (!w) problems.push(`${where}: quyền số “${r.weight}” không có trong danh sách chỉ tiêu.`);
      else if (w.code === ind.code) problems.push(`${where}: quyền số phải là một chỉ tiêu khác.`);
      else if (!w.rollup || w.rollup.rule === 'list') problems.push(`${where}: quyền số “${r.weight}” phải là chỉ tiêu các đơn vị cấp dưới báo cáo và được cộng dồn (có “rollup”, không phải “list”).`);
    } else if (r.weight !== undefined) {
      problems.push(`${where}: “weight” chỉ dùng cho quy tắc “weighted_average”.`);
    }
    if (r.rule === 'list' && ind.target.kind !== 'none') problems.push(`${where}: chỉ tiêu không cộng dồn (“list”) không đánh giá được chung, “target” phải là loại “none”.`);
    if (r.rule === 'count_met' && (!r.child || r.child.target.kind === 'none')) problems.push(`${where}: quy tắc “count_met” cần “child” với kế hoạch của mỗi đơn vị cấp dưới (“plan”, “target”), để đếm số đơn vị đạt.`);
    if (r.child?.bounds && r.child.bounds.min >= r.child.bounds.max) problems.push(`${where} › “child”: “bounds.min” phải nhỏ hơn “bounds.max”.`);
    if (r.child && r.child.target.kind !== 'none') {
      const t = r.child.target;
      const parsed = parseTarget(r.child.plan, { maintain: t.kind === 'maintain', direction: 'direction' in t ? t.direction : undefined });
      if (!parsed.ok) problems.push(`${where} › “child”: ${parsed.error}`);
      else if (JSON.stringify(parsed.value) !== JSON.stringify(t)) problems.push(`${where} › “child”: kế hoạch “${r.child.plan}” được đọc là ${JSON.stringify(parsed.value)}, khác với “target” ${JSON.stringify(t)}. Hãy sửa một trong hai cho khớp.`);
    }
  }
  return problems;
}

/** A lower unit and what the level above has from it for the period. */
export interface ChildFigures {
  unit: Unit;
  /** Its latest accepted submission's rows (today; its approved ones once the review cycle is in). */
  rows?: Record<string, LevelRow>;
  /** Its submission state, as the appendix's "Tình hình nộp" says it. */
  state: string;
}

/** One lower unit's line for one rolled-up indicator, for the second sheet. */
export interface ChildLine {
  unit: Unit;
  state: string;
  /** The figure as the lower unit printed (or typed) it; "" when none. */
  printed: string;
  /** The plan the lower unit was assessed against. */
  plan: string;
  status?: Status;
  note: string;
  /** Whether the figure went into the total. */
  counted: boolean;
}

export interface RolledUpRow {
  indicator: Indicator;
  /** The figure of this level (the appendix row), with a note naming the units missing from it. */
  row: RowInput;
  lines: ChildLine[];
  counted: number;
}

/** How many lower units a note names before "và N đơn vị khác". */
const NAMED = 8;

function missingNote(counted: number, lines: ChildLine[], what: string): string | null {
  if (counted === lines.length) return null;
  const missing = lines.filter((l) => !l.counted).map((l) => l.unit.name);
  const named = missing.slice(0, NAMED).join(', ') + (missing.length > NAMED ? ` và ${missing.length - NAMED} đơn vị khác` : '');
  return `Tổng hợp từ ${counted}/${lines.length} đơn vị cấp dưới; chưa có ${what} của ${named}.`;
}

/** Totals are kept to this many decimals (the catalogue's precision is at most 6): no float noise. */
const EXACT = 9;

/** The text of a "list" row: its figures are on the second sheet. */
export const LIST_ROW_TEXT = 'Theo từng đơn vị cấp dưới (xem trang “Số liệu cấp dưới”)';

/** Rolls one indicator up from the level below. Pure: the same children give the same row, in any order. */
export function rollupIndicator(c: Catalog, ind: Indicator, children: ChildFigures[]): RolledUpRow {
  const rule = ind.rollup;
  if (!rule) throw new Error(`indicator ${ind.code} has no rollup rule`);
  const view = childIndicator(ind);
  const weightOf = (ch: ChildFigures): number | undefined => {
    if (!rule.weight) return undefined;
    const a = readActual(ch.rows?.[rule.weight]?.value ?? null);
    return a.kind === 'number' && a.value > 0 ? a.value : undefined;
  };
  const figures = children.map((ch) => {
    const row = ch.rows?.[ind.code];
    const r = evaluateRow(view, row);
    const value = r.actual.kind === 'number' ? r.actual.value : undefined;
    const status: Status | undefined = row ? row.status ?? r.assessment.status : undefined;
    return { ch, row, r, value, status, weight: weightOf(ch) };
  });
  const counts = (f: (typeof figures)[number]): boolean => {
    switch (rule.rule) {
      case 'weighted_average': return f.value !== undefined && f.weight !== undefined;
      case 'count_met':
      case 'list': return f.row !== undefined && f.r.actual.kind !== 'empty';
      default: return f.value !== undefined;
    }
  };
  const lines: ChildLine[] = figures.map((f) => ({
    unit: f.ch.unit, state: f.ch.state, plan: f.row?.plan ?? view.plan,
    // A lower level's appendix figure as it printed it; a typed one as this level prints it.
    printed: !f.row ? '' : f.row.plan !== undefined && typeof f.row.value === 'string' ? f.row.value : f.r.printed,
    status: f.status, note: f.r.note, counted: counts(f),
  }));
  // Summed in one order whatever the order of the units, so the same figures give the same total to the last bit.
  const used = figures.filter(counts);
  const sorted = [...used].sort((a, b) => (a.value ?? 0) - (b.value ?? 0) || (a.weight ?? 0) - (b.weight ?? 0));
  const nums = sorted.map((f) => f.value!);
  let value: number | string | null = null;
  let what = 'số liệu';
  switch (rule.rule) {
    case 'sum':
      value = nums.length ? roundTo(nums.reduce((a, b) => a + b, 0), EXACT) : null;
      break;
    case 'min':
      value = nums.length ? Math.min(...nums) : null;
      break;
    case 'max':
      value = nums.length ? Math.max(...nums) : null;
      break;
    case 'weighted_average': {
      const total = sorted.reduce((a, f) => a + f.weight!, 0);
      value = total > 0 ? roundTo(sorted.reduce((a, f) => a + f.value! * f.weight!, 0) / total, EXACT) : null;
      what = `số liệu hoặc quyền số (${c.indicators.find((i) => i.code === rule.weight)?.name ?? rule.weight})`;
      break;
    }
    case 'count_met':
      value = used.length ? used.filter((f) => f.status !== undefined && isMet(f.status)).length : null;
      break;
    case 'list':
      value = used.length ? LIST_ROW_TEXT : null;
      break;
  }
  // Missing units named in the catalogue's order, whatever the order they came in.
  const order = new Map(c.units.map((u, i) => [u.code, i]));
  const byCatalogue = [...lines].sort((a, b) => (order.get(a.unit.code) ?? Infinity) - (order.get(b.unit.code) ?? Infinity) || (a.unit.code < b.unit.code ? -1 : 1));
  return { indicator: ind, row: { value, note: missingNote(used.length, byCatalogue, what) }, lines, counted: used.length };
}

/** One unit of the whole hierarchy, at any depth. */
export interface HierarchyUnit {
  code: string;
  name: string;
  parent?: string;
  /** 0 for the top level. */
  depth: number;
  /** The catalogue of its own level, when it is a level (has lower units or sends an appendix). */
  catalogId?: string;
}

/**
 * The hierarchy from the catalogues of its levels (any depth): each level's unit, with its parent,
 * and each lower unit a level lists. Problems: a level whose parent lists it under another code,
 * a unit with two parents, a cycle.
 */
export function hierarchyOf(levels: Catalog[]): { units: HierarchyUnit[]; problems: string[] } {
  const problems: string[] = [];
  const byCode = new Map<string, Omit<HierarchyUnit, 'depth'>>();
  const put = (u: Omit<HierarchyUnit, 'depth'>) => {
    const known = byCode.get(u.code);
    if (known?.parent !== undefined && u.parent !== undefined && known.parent !== u.parent) {
      problems.push(`Đơn vị “${u.code}” có hai đơn vị cấp trên: “${known.parent}” và “${u.parent}”.`);
    }
    byCode.set(u.code, { ...known, ...Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined)) } as Omit<HierarchyUnit, 'depth'>);
  };
  for (const c of levels) {
    if (!c.organisation) continue;
    put({ code: c.organisation.unit, name: c.organisation.name, parent: c.organisation.parent, catalogId: c.id });
    for (const u of childUnits(c)) put({ code: u.code, name: u.name, parent: u.parent });
  }
  const depth = (code: string, seen: Set<string>): number => {
    const p = byCode.get(code)?.parent;
    if (p === undefined || !byCode.has(p)) return 0;
    if (seen.has(p)) {
      problems.push(`Vòng lặp trong cấp hành chính tại “${code}”.`);
      return 0;
    }
    return 1 + depth(p, new Set([...seen, code]));
  };
  const units = [...byCode.values()].map((u) => ({ ...u, depth: depth(u.code, new Set([u.code])) }));
  units.sort((a, b) => a.depth - b.depth || (a.code < b.code ? -1 : 1));
  return { units, problems };
}
