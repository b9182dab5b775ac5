/**
 * The appendix's side of the check: the figure of each subject the draft may state (an indicator's,
 * from Phụ lục 1; a related figure's, from the indicator's explanation), at the report's precision and
 * with where it comes from; a figure as printed ("trên 97%": its qualifier; a number with the
 * indicator's unit, as a sentence writes it).
 */
import type { Indicator } from '../../shared/catalog.ts';
import type { Footnote, RowResult } from '../../shared/report.ts';
import type { SubjectInfo } from './check-subjects.ts';
import { readStatements, type Figure, type Subject } from './figures.ts';
import { fold } from './text.ts';

export function qualifierOfText(text: string): Figure['qualifier'] {
  const f = fold(text);
  if (/(^|\s)(dưới|không quá)\s/u.test(f) || f.startsWith('dưới')) return 'below';
  if (/(^|\s)(trên|hơn)\s/u.test(f) || f.startsWith('trên')) return 'above';
  return 'exact';
}

/**
 * The indicator's figure in the appendix, when it has one, at the report's precision: the
 * indicator's reporting decimals (a department's 2 of a rate kept at 2 decimals is 2,00, so a draft's
 * “2,2%” disagrees), or more when the department wrote more.
 */
export function appendixFigure(r: RowResult): Figure | undefined {
  if (r.actual.kind !== 'number') return undefined;
  const printedDecimals = /,(\d+)/.exec(r.printed.replace(/[^\d,.]/g, ''))?.[1].length ?? 0;
  return { value: r.actual.value, decimals: Math.max(r.actual.decimals ?? printedDecimals, r.indicator.decimals), qualifier: qualifierOfText(r.printed) };
}

/** The unit as a sentence writes it: "Người" → "người", "Tỷ đồng" → "tỷ đồng"; "ha", "%" as they are. */
function unitInProse(unit: string): string {
  return /^\p{Lu}\p{Ll}/u.test(unit) ? unit.charAt(0).toLocaleLowerCase('vi') + unit.slice(1) : unit;
}

/** A number with the indicator's unit, as a sentence writes it: "1.721,4 tỷ đồng", "97%" (no space before %). */
export function withProseUnit(value: string, ind: Indicator): string {
  const u = ind.unit.trim();
  return u === '%' ? `${value}%` : `${value} ${unitInProse(u)}`;
}

function appendixText(r: RowResult): string {
  const unit = r.indicator.unit;
  const p = r.printed;
  if (unit === '%' ? p.includes('%') : fold(p).includes(fold(unit))) return p;
  if (r.indicator.actualFormat.includes('/')) return p;
  return withProseUnit(p, r.indicator);
}

/** The appendix's figures: each indicator's, and each related figure as its explanation gives it. */
export function appendixFigures(subjects: Subject[], info: Map<string, SubjectInfo>, results: Map<string, RowResult>, notes: Footnote[]) {
  const appendix = new Map<string, { figure: Figure; text: string; source: string }>();
  for (const s of subjects) {
    const i = info.get(s.key)!;
    const r = results.get(i.indicator.code);
    if (!r) continue;
    if (!i.related) {
      const f = appendixFigure(r);
      if (f) appendix.set(s.key, { figure: f, text: appendixText(r), source: `Phụ lục 1 (chỉ tiêu ${i.indicator.stt})` });
      continue;
    }
    if (!r.note) continue;
    const st = readStatements(r.note, [s]).figures.find((x) => !x.part);
    const n = notes.find((x) => x.indicator === i.indicator.code);
    if (st)
      appendix.set(s.key, {
        figure: st.figure,
        text: st.text,
        source: `giải trình của chỉ tiêu ${i.indicator.stt}${n ? ` (chú thích ${n.number} của Phụ lục 1)` : ''}`,
      });
  }
  return appendix;
}
