/**
 * The subjects a draft may state a figure of, as figures.ts matches them in a sentence: each
 * indicator of the catalogue (its phrases, `prose` in the catalogue) and each of its related figures,
 * with what each is (SubjectInfo); and which indicators are changes (a growth, "tăng x%").
 */
import type { Catalog, Indicator } from '../../shared/catalog.ts';
import type { Subject } from './figures.ts';
import { fold } from './text.ts';

export interface SubjectInfo {
  indicator: Indicator;
  name: string;
  related?: string;
}

/** A change indicator: the appendix prints a growth ("Tăng {} %"); the prose then gives "tăng x%". */
export function isChangeIndicator(ind: Indicator): boolean {
  const f = fold(ind.actualFormat === '{}' ? ind.plan : ind.actualFormat).trim();
  return f.startsWith('tăng') || (f.startsWith('giảm') && !f.startsWith('giảm còn'));
}

/** The subjects a draft may state a figure of: each indicator, and each related figure. */
export function subjectsOf(catalog: Catalog): { subjects: Subject[]; info: Map<string, SubjectInfo> } {
  const subjects: Subject[] = [];
  const info = new Map<string, SubjectInfo>();
  for (const ind of catalog.indicators) {
    const prose = ind.prose;
    subjects.push({
      key: ind.code,
      phrases: prose?.phrases ?? [ind.name],
      unitWords: [...(prose?.unitWords ?? []), ind.unit],
      kind: isChangeIndicator(ind) ? 'change' : 'level',
    });
    info.set(ind.code, { indicator: ind, name: ind.name });
    prose?.related?.forEach((r, k) => {
      const key = `${ind.code}#${k + 1}`;
      subjects.push({ key, phrases: r.phrases, unitWords: r.unitWords, kind: r.kind });
      info.set(key, { indicator: ind, name: r.name, related: r.name });
    });
  }
  return { subjects, info };
}
