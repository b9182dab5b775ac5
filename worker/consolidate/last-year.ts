/**
 * Last year's figures for a new year's catalogue (catalog-propose.ts `lastYear`), read from the
 * ledger, never typed: for each indicator of last year's catalogue, the figure of last year's
 * final appendix (`<year>-nam`, “Thực hiện năm”), else of its estimate (`<year>-uoc`), as the
 * appendix builds it from the submissions in force (buildAppendix, which writes nothing). A figure
 * the appendix printed as a bound (“Dưới 1”), a row not assessed (“Áp dụng quy định mới chưa đánh
 * giá”) or a row without a figure gives no value, and says why.
 */
import { findPeriod, type Catalog, type Period } from '../../shared/catalog.ts';
import type { LastYearEntry, LastYearFigures } from '../../shared/catalog-propose.ts';
import { normalizeSpaces, roundTo } from '../../shared/numbers.ts';
import type { Ledger } from '../ledger/contract.ts';
import { buildAppendix } from './appendix.ts';

/** Texts that state a bound or an estimate, not a figure (“Dưới 1”, “Trên 99”, “khoảng 50”). */
export const BOUND = /(^|[^\p{L}])(dưới|trên|hơn|khoảng|gần|xấp xỉ|tối thiểu|tối đa|không quá)(?![\p{L}])/iu;

/** The period of last year's catalogue, or the usual one when the catalogue does not list it. */
function periodOf(previous: Catalog, kind: 'nam' | 'uoc'): Period {
  const id = `${previous.year}-${kind}`;
  return (
    findPeriod(previous, id) ??
    (kind === 'nam'
      ? { id, word: 'Thực hiện', header: `Thực hiện năm ${previous.year}`, verb: 'đạt', deadline: `${previous.year + 1}-01-15T17:00:00+07:00` }
      : { id, word: 'Ước thực hiện', header: `Ước thực hiện năm ${previous.year}`, verb: 'ước đạt', deadline: `${previous.year}-11-20T17:00:00+07:00` })
  );
}

/** Last year's figures, by last year's indicator codes (read only: the ledger is not written). */
export async function lastYearFromLedger(ledger: Ledger, previous: Catalog, now = new Date()): Promise<LastYearFigures> {
  const y = previous.year;
  const figures: Record<string, LastYearEntry> = {};
  const used: string[] = [];
  for (const kind of ['nam', 'uoc'] as const) {
    const period = periodOf(previous, kind);
    const { content } = await buildAppendix({ catalog: previous, period, ledger, now });
    const source = `Phụ lục 1 năm ${y} (${period.header.charAt(0).toLowerCase()}${period.header.slice(1)})`;
    let any = false;
    for (const r of content.results) {
      const code = r.indicator.code;
      if (code in figures || r.actual.kind === 'empty') continue;
      any = true;
      const shown = typeof r.input === 'string' ? normalizeSpaces(r.input) : String(r.input);
      if (r.actual.kind === 'not_assessed') figures[code] = { missing: `${source} không đánh giá chỉ tiêu này (“${shown}”)` };
      else if (r.actual.kind === 'invalid') figures[code] = { missing: `${source} có số liệu không đọc được (“${shown}”)` };
      else if (typeof r.input === 'string' && BOUND.test(r.input))
        figures[code] = { missing: `${source} ghi “${shown}”, là một mức chứ không phải con số cụ thể` };
      else figures[code] = { value: roundTo(r.actual.value, r.indicator.decimals), source };
    }
    if (any) used.push(period.header.toLowerCase());
  }
  for (const ind of previous.indicators) {
    if (!(ind.code in figures))
      figures[ind.code] = { missing: `Sổ theo dõi năm ${y} chưa có số liệu của chỉ tiêu này (kỳ thực hiện năm và ước thực hiện năm)` };
  }
  return {
    said: used.length
      ? `sổ theo dõi năm ${y}: phụ lục ${used.join(', nơi chưa có thì ')}`
      : `sổ theo dõi năm ${y}: chưa có số liệu kỳ thực hiện năm hay ước thực hiện năm`,
    figures,
  };
}
