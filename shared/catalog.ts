/**
 * The catalogue: one plan year's indicators, targets, owners and groups, as data the planning
 * office edits (see docs/catalog-format.md). This module owns its types and the plain helpers,
 * levels of government included (which units are the level below, how an indicator looks to them);
 * the schema and every check of a catalogue live in catalog-schema.ts, the roll-up in rollup.ts.
 */
import type { Basis } from './period.ts';
import type { Target } from './target.ts';

/** A figure the report's prose states beside an indicator's own (industry growth beside indicator 1). */
export interface RelatedFigure {
  name: string;
  phrases: string[];
  unitWords: string[];
  /** "change": a growth or decrease ("tăng 10,2%"); "level": the figure itself. */
  kind: 'level' | 'change';
}

/** How the report's prose names an indicator, for the check of a draft report against the figures. */
export interface Prose {
  /** Phrases that name the indicator in a sentence ("sản lượng lúa"); matched ignoring case. */
  phrases: string[];
  /** How a sentence writes the unit after the figure ("lao động", "triệu đồng"); default: the unit. */
  unitWords?: string[];
  related?: RelatedFigure[];
}

/** Last year's figure for one period kind, with where it comes from. */
export interface LastYearFigure {
  value: number;
  source?: string;
}

export const ROLLUP_RULES = ['sum', 'weighted_average', 'min', 'max', 'count_met', 'list'] as const;
export type RollupRule = (typeof ROLLUP_RULES)[number];

/** How an indicator of this level is made from the figures of the level below (see rollup.ts). */
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

export interface Indicator {
  code: string;
  stt: number;
  group: string;
  name: string;
  unit: string;
  owner: string;
  plan: string;
  target: Target;
  decimals: number;
  bounds: { min: number; max: number };
  actualFormat: string;
  /**
   * A row not met (or not assessed) without an explanation: "expected" (default) makes it a warning
   * the planning office sees; "required" makes it an error that rejects the file.
   */
  explanation: 'required' | 'expected';
  unmetPhrase?: string;
  hint?: string;
  prose?: Prose;
  /**
   * "total" (default): a figure summed over the period (revenue, jobs, output), so a mid-year
   * figure is a share of the annual plan; "level": a rate or a stock (coverage, poverty rate,
   * growth), reached or not yet reached.
   */
  measure?: 'total' | 'level';
  /** A mid-year period's own target, by period id ("2024-6t"): assessed against it by today's rule. */
  periodPlans?: Record<string, { plan: string; target: Target }>;
  /** Last year's figure for the same period kind: 6 tháng, 9 tháng, cả năm (the estimate and the final year compare with "nam"). */
  lastYear?: { '6t'?: LastYearFigure; '9t'?: LastYearFigure; nam?: LastYearFigure };
  /** Made from the figures of the level below (see rollup.ts). */
  rollup?: Rollup;
}

export interface Period {
  /** "2024-6t" (period.ts). */
  id: string;
  word: string;
  header: string;
  verb: string;
  /** ISO with offset. */
  deadline: string;
  /**
   * How the period's figures are judged: "plan" (against the annual plan, the rule of the year's
   * estimate and final year) or "progress" (a mid-year period: against its own target where the
   * indicator has one, else as progress toward the annual plan). Default: by the id (period.ts periodBasis).
   */
  assessment?: Basis;
}

export const UNIT_KINDS = ['phong', 'ban', 'don_vi', 'nganh', 'phuong', 'xa', 'huyen', 'thi_xa', 'thanh_pho', 'tinh'] as const;

export interface Unit {
  code: string;
  name: string;
  kind: (typeof UNIT_KINDS)[number];
  /** A unit of the level below: the code of this catalogue's own unit (organisation.unit). */
  parent?: string;
}

export interface Group {
  code: string;
  name: string;
}

/** One plan year's catalogue (docs/catalog-format.md); catalog-schema.ts validates it. */
export interface Catalog {
  schema: 'phuluc-catalog/1';
  id: string;
  year: number;
  locality: { name: string; issuer: string };
  /** `date`: ISO date, or null while the resolution is not yet issued (printed as “…”). */
  resolution: { number: string; date: string | null; body: string };
  appendix: { title: string; subtitle: string; footnoteStart: number };
  periods: Period[];
  groups: Group[];
  units: Unit[];
  indicators: Indicator[];
  /** Which level of government this catalogue's appendix is (written into the appendix for the level above). */
  organisation?: { unit: string; name: string; parent?: string };
  /**
   * The report the appendix is attached to, once its number is known: the Word appendix then prints
   * “(Kèm theo Báo cáo số … ngày … của …)” under its title, as Nghị định 30/2020 appendices do.
   * `date`: ISO date, or null while the report is not yet signed (printed “ngày … tháng … năm …”).
   */
  report?: { number: string; date: string | null };
}

// ---------------------------------------------------------------------------------------------
// Levels of government: communes and wards report to the town, towns to the province (since 2025:
// province → commune), at any depth. A catalogue says which level it is (`organisation`), which of
// its units are the level below (`units[].parent`) and, per indicator, how the figures of the level
// below roll up into its own (`indicators[].rollup`, rollup.ts). A unit of the level below reports
// every rolled-up indicator, by filling this level's template or by sending its own appendix
// (appendix-read.ts).

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
    ...ind,
    plan: c?.plan ?? NO_CHILD_PLAN,
    target: c?.target ?? NO_CHILD_TARGET,
    unmetPhrase: undefined,
    ...(c?.unit ? { unit: c.unit, actualFormat: '{}' } : {}),
    ...(c?.decimals !== undefined ? { decimals: c.decimals } : {}),
    ...(c?.bounds ? { bounds: c.bounds } : {}),
  };
}

// ---------------------------------------------------------------------------------------------

/** A stable content hash (FNV-1a 64, hex) of the catalogue, written into templates. */
const hashes = new WeakMap<Catalog, string>();

/** catalogHash, computed once per catalogue object (every submission read compares with it). */
export function catalogHash(c: Catalog): string {
  let h = hashes.get(c);
  if (h === undefined) {
    h = computeCatalogHash(c);
    hashes.set(c, h);
  }
  return h;
}

function computeCatalogHash(c: Catalog): string {
  const text = JSON.stringify(c);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ ch, 0x811c9dc5 | 1) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

export function findPeriod(c: Catalog, id: string): Period | undefined {
  return c.periods.find((p) => p.id === id);
}

export function findUnit(c: Catalog, code: string): Unit | undefined {
  return c.units.find((u) => u.code === code);
}

/**
 * The indicators a unit reports: those it owns, except those made from the level below (their
 * owner answers for them, the units of the level below report them); a unit of
 * the level below reports each of those, against its own plan.
 */
export function indicatorsOf(c: Catalog, unitCode: string): Indicator[] {
  const lower = c.units.some((u) => u.code === unitCode && u.parent !== undefined);
  return c.indicators.filter((i) => (i.rollup ? lower : i.owner === unitCode)).map((i) => (i.rollup ? childIndicator(i) : i));
}

/** Units that report at least one indicator (see indicatorsOf): the ones a period expects a submission from. */
export function reportingUnits(c: Catalog): Unit[] {
  return c.units.filter((u) => indicatorsOf(c, u.code).length > 0);
}

/** "27/12/2022" from "2022-12-27"; "…" when not known yet. */
export function printedDate(iso: string | null): string {
  if (!iso) return '…';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** The appendix subtitle with the resolution filled in. */
export function appendixSubtitle(c: Catalog): string {
  return c.appendix.subtitle.replace('{number}', c.resolution.number).replace('{date}', printedDate(c.resolution.date)).replace('{body}', c.resolution.body);
}

/**
 * An indicator as people name it: "Chỉ tiêu 6. Tổng sản lượng lương thực (thóc)" — its number in the
 * appendix and its name, never its code (and no parentheses around a name that has its own).
 */
export function indicatorLabel(ind: Pick<Indicator, 'stt' | 'name'>): string {
  return `Chỉ tiêu ${indicatorName(ind)}`;
}

/** "5. Tổng diện tích gieo trồng cả năm": in a column already headed "Chỉ tiêu". */
export function indicatorName(ind: Pick<Indicator, 'stt' | 'name'>): string {
  return `${ind.stt}. ${ind.name}`;
}
