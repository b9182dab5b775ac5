/**
 * The roll-up: an indicator of this level made from the figures of the level below (sum, weighted
 * average, min, max, how many met their plan, or a list), with the lines of the appendix's second
 * sheet naming each lower unit. Pure: the same figures give the same row in any order.
 */
import { isMet, STATUS_WORD, type Status } from './assess.ts';
import { childIndicator, NO_CHILD_PLAN, type Catalog, type Indicator, type Unit } from './catalog.ts';
import { roundTo } from './numbers.ts';
import { evaluateRow, type RowInput } from './report.ts';
import { readActual } from './target.ts';

/** A lower unit's row as the level above keeps it: its figure, and, from its appendix, its own plan and assessment. */
export interface LevelRow extends RowInput {
  plan?: string;
  status?: Status;
}

/** "Cộng", "Bình quân gia quyền theo Dân số trung bình" … (the second sheet's words). */
export function ruleLabel(c: Catalog, ind: Indicator): string {
  const r = ind.rollup;
  if (!r) return 'Thu thập trực tiếp';
  switch (r.rule) {
    case 'sum':
      return 'Cộng số liệu các đơn vị';
    case 'weighted_average':
      return `Bình quân gia quyền theo “${c.indicators.find((i) => i.code === r.weight)?.name ?? r.weight}”`;
    case 'min':
      return 'Nhỏ nhất trong các đơn vị';
    case 'max':
      return 'Lớn nhất trong các đơn vị';
    case 'count_met':
      return `Đếm số đơn vị đạt kế hoạch của đơn vị (${r.child?.plan ?? NO_CHILD_PLAN})`;
    case 'list':
      return 'Không cộng dồn: liệt kê từng đơn vị';
  }
}

/** The assessment as a person reads it, with the GLOSSARY's words for the blank ones. */
export function statusText(s: Status | undefined): string {
  return STATUS_WORD[s ?? 'chua_nhap'];
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
    const status: Status | undefined = row ? (row.status ?? r.assessment.status) : undefined;
    return { ch, row, r, value, status, weight: weightOf(ch) };
  });
  const counts = (f: (typeof figures)[number]): boolean => {
    switch (rule.rule) {
      case 'weighted_average':
        return f.value !== undefined && f.weight !== undefined;
      case 'count_met':
      case 'list':
        return f.row !== undefined && f.r.actual.kind !== 'empty';
      default:
        return f.value !== undefined;
    }
  };
  const lines: ChildLine[] = figures.map((f) => ({
    unit: f.ch.unit,
    state: f.ch.state,
    plan: f.row?.plan ?? view.plan,
    // A lower level's appendix figure as it printed it; a typed one as this level prints it.
    printed: !f.row ? '' : f.row.plan !== undefined && typeof f.row.value === 'string' ? f.row.value : f.r.printed,
    status: f.status,
    note: f.r.note,
    counted: counts(f),
  }));
  // Summed in one order whatever the order of the units, so the same figures give the same total to the last bit.
  const used = figures.filter(counts);
  const sorted = [...used].sort((a, b) => (a.value ?? 0) - (b.value ?? 0) || (a.weight ?? 0) - (b.weight ?? 0));
  const nums = sorted.map((f) => f.value!);
  let value: number | string | null = null;
  let what = 'số liệu';
  switch (rule.rule) {
    case 'sum':
      value = nums.length
        ? roundTo(
            nums.reduce((a, b) => a + b, 0),
            EXACT,
          )
        : null;
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
  const byCatalogue = [...lines].sort(
    (a, b) => (order.get(a.unit.code) ?? Infinity) - (order.get(b.unit.code) ?? Infinity) || (a.unit.code < b.unit.code ? -1 : 1),
  );
  return { indicator: ind, row: { value, note: missingNote(used.length, byCatalogue, what) }, lines, counted: used.length };
}
