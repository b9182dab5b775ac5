/** The chain of levels read from the catalogues of each level (used by the tests of levels). */
import { childUnits, type Catalog } from '../../shared/catalog.ts';

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
