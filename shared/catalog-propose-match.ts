/**
 * Which of last year's indicators a target of the new list continues (catalog-propose.ts): by its
 * name (the same up to case, spacing, “hoá/hóa” or a part in brackets), by one of the indicator's
 * phrases (`prose.phrases`, or its name) found in the sentence, or, only as a suggestion to be
 * reviewed, by a similar name. Each of last year's indicators continues in one row at most: the
 * best match wins, and a row that also matched an indicator taken by another row says so.
 */
import type { Indicator } from './catalog.ts';
import { containsPhrase, nameKey, similarity, syllables, withoutParentheses } from './catalog-propose-words.ts';

export interface Match {
  code: string;
  by: 'name' | 'phrase' | 'similar';
  /** Higher is better: 100 same name, 95 same but for brackets, 60–90 a phrase (longer is better), under 40 similar. */
  score: number;
  phrase?: string;
  similarity?: number;
}

/** Below this share of common word pairs, two names are not taken as the same indicator. */
export const SIMILAR_AT = 0.45;

/** Every indicator of last year a target may continue, best first. */
export function candidates(target: { name: string; clause: string }, previous: readonly Indicator[]): Match[] {
  const out: Match[] = [];
  const key = nameKey(target.name);
  const keyBare = nameKey(withoutParentheses(target.name));
  for (const ind of previous) {
    if (key && key === nameKey(ind.name)) {
      out.push({ code: ind.code, by: 'name', score: 100 });
      continue;
    }
    if (keyBare && keyBare === nameKey(withoutParentheses(ind.name))) {
      out.push({ code: ind.code, by: 'name', score: 95 });
      continue;
    }
    const phrases = [ind.name, withoutParentheses(ind.name), ...(ind.prose?.phrases ?? [])].filter((p) => syllables(p).length >= 2);
    const found = phrases.filter((p) => containsPhrase(target.clause, p)).sort((a, b) => syllables(b).length - syllables(a).length)[0];
    if (found) {
      out.push({ code: ind.code, by: 'phrase', score: 60 + Math.min(30, syllables(found).length), phrase: found });
      continue;
    }
    const sim = Math.max(...[ind.name, ...(ind.prose?.phrases ?? [])].map((p) => similarity(target.name, p)));
    if (sim >= SIMILAR_AT) out.push({ code: ind.code, by: 'similar', score: 40 * sim, similarity: Math.round(sim * 100) / 100 });
  }
  return out.sort((a, b) => b.score - a.score);
}

export interface Assignment {
  match?: Match;
  /** Indicators this target also matched (by name or phrase) that went to another row, or a tie. */
  contested: { code: string; row?: number }[];
}

/**
 * One indicator of last year per row at most, best matches first (ties: the earlier row). `fixed`
 * are rows already decided (an item that is last year's whole name).
 */
export function assign(targets: { name: string; clause: string }[], previous: readonly Indicator[], fixed: Map<number, string> = new Map()): Assignment[] {
  const all = targets.map((t, i) => (fixed.has(i) ? [] : candidates(t, previous)));
  const taken = new Map<string, number>(); // code → row
  for (const [row, code] of fixed) taken.set(code, row);
  const result: Assignment[] = targets.map(() => ({ contested: [] }));
  const pairs = all.flatMap((cands, row) => cands.map((m) => ({ row, m }))).sort((a, b) => b.m.score - a.m.score || a.row - b.row);
  for (const { row, m } of pairs) {
    if (result[row].match || taken.has(m.code)) continue;
    result[row].match = m;
    taken.set(m.code, row);
  }
  all.forEach((cands, row) => {
    const mine = result[row].match;
    for (const m of cands) {
      if (m === mine || m.by === 'similar') continue;
      // Another strong match of this row: given to another row, or as strong as the one it got.
      const other = taken.get(m.code);
      if (other !== undefined && other !== row && (!mine || m.score >= mine.score - 5)) result[row].contested.push({ code: m.code, row: other });
      else if (other === undefined && mine && m.score === mine.score) result[row].contested.push({ code: m.code });
    }
  });
  return result;
}
