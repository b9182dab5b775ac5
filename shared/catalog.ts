/**
 * The catalogue: one plan year's indicators, targets, owners and groups, as data the planning
 * office edits (see docs/catalog-format.md). This module holds the types and the plain helpers;
 * the schema and its Vietnamese validation live in catalog-schema.ts.
 */
import type { Catalog, Indicator, Period, Unit } from './catalog-schema.ts';
import { childIndicator } from './hierarchy.ts';

export type { Catalog, Group, Indicator, Period, Unit } from './catalog-schema.ts';

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
 * owner answers for them, the units of the level below report them: see hierarchy.ts); a unit of
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
  return c.appendix.subtitle
    .replace('{number}', c.resolution.number)
    .replace('{date}', printedDate(c.resolution.date))
    .replace('{body}', c.resolution.body);
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
