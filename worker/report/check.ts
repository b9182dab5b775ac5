/**
 * The check of a draft report against the consolidated figures (phuluc check-report): every place
 * where the draft states a figure of an indicator of the catalogue (its phrases, `prose` in the
 * catalogue) that disagrees with the appendix; every share it states against the plan or last year
 * ("tăng 16% kế hoạch", "đạt 78,5% kế hoạch", "bằng 85% so với cùng kỳ") that disagrees with the one
 * computed from the appendix's figure, plan and last year's figure; every plan it states ("942/1.200",
 * the Kế hoạch column of its own copy of Phụ lục 1) that is not the catalogue's; figures related to an
 * indicator that disagree with the department's explanation; the Đánh giá column of its copy of Phụ
 * lục 1; the summary counts ("17/21 chỉ tiêu … đạt và vượt kế hoạch"); and two places of the draft
 * that state different figures for one indicator when the appendix has none to settle it.
 *
 * Besides the findings, the check lists what it read (checkDraft's `readings`): each statement,
 * with the draft's words and the appendix's side by side, "checked" (compared: agrees or not) or
 * "unreadable" (read, but not comparable, and why: a sector's figure, a share of a growth rate,
 * last year's figure not in the catalogue, a table without a header row, a number written the
 * English way). Nothing is guessed silently.
 *
 * How the draft is read is in check-statements.ts (which part of it: check-scope.ts; its tables:
 * check-tables.ts; the summary's counts: check-counts.ts), the appendix's side in check-appendix.ts
 * and check-shares.ts, the types in check-types.ts, and the terminal's wording in check-format.ts.
 */
import { statusLabel } from '../../shared/assess.ts';
import { indicatorLabel, type Catalog, type Indicator } from '../../shared/catalog.ts';
import { percentOf } from '../../shared/derived.ts';
import type { AppendixContent } from '../../shared/layout.ts';
import { formatNumberVi, padCount } from '../../shared/numbers.ts';
import { footnotes as appendixFootnotes } from '../../shared/report.ts';
import { readActual, type Target } from '../../shared/target.ts';
import { appendixFigure, appendixFigures, withProseUnit } from './check-appendix.ts';
import { COUNT_LABEL, type CountKey } from './check-counts.ts';
import { shareBasis, shareFits, sharePhrase, shareRange } from './check-shares.ts';
import { draftStatements } from './check-statements.ts';
import { subjectsOf, type SubjectInfo } from './check-subjects.ts';
import type { CheckOptions, DraftCheck, DraftFigure, DraftShare, Finding, Reading } from './check-types.ts';
import { agrees, halfUnit, maskNoteMarks } from './figures.ts';
import type { ReadDocx } from './read-docx.ts';
import { fold } from './text.ts';

export { formatFindings, formatUnreadable } from './check-format.ts';
export { draftStatements } from './check-statements.ts';
export { isChangeIndicator, subjectsOf } from './check-subjects.ts';
export type { CountKey } from './check-counts.ts';
export type {
  CheckOptions,
  DraftCheck,
  DraftCount,
  DraftFigure,
  DraftPlan,
  DraftRow,
  DraftShare,
  DraftStatements,
  DraftUnread,
  Finding,
  FindingKind,
  Place,
  Reading,
} from './check-types.ts';

function indicatorRef(ind: Indicator): Finding['indicator'] {
  return { code: ind.code, stt: ind.stt, name: ind.name };
}

function subjectTitle(info: SubjectInfo): string {
  const ind = info.indicator;
  return info.related ? `${info.related} (liên quan chỉ tiêu ${ind.stt})` : indicatorLabel(ind);
}

/**
 * Checks a draft report (read with readDocx or readText) against the consolidated appendix: the
 * findings in the draft's order (none when every stated figure agrees), and every reading.
 */
export function checkDraft(draft: ReadDocx, catalog: Catalog, content: AppendixContent, opts: CheckOptions = {}): DraftCheck {
  const { subjects, info } = subjectsOf(catalog);
  const results = new Map(content.results.map((r) => [r.indicator.code, r]));
  const appendix = appendixFigures(subjects, info, results, appendixFootnotes(catalog, content.results));

  const stated = draftStatements(draft, catalog);
  const findings: (Finding & { pos: [number, number] })[] = [];
  const readings: (Reading & { pos: [number, number] })[] = [];
  const checked = (x: Omit<Reading, 'status'> & { pos: [number, number] }, ok: boolean) => readings.push({ status: 'checked', ...x, agrees: ok });
  const unreadable = (x: Omit<Reading, 'status'> & { pos: [number, number] }, reason: string) => readings.push({ status: 'unreadable', ...x, reason });

  // The Đánh giá column of the draft's copy of Phụ lục 1.
  for (const row of stated.rows) {
    const r = results.get(row.indicator);
    if (!r) continue;
    const ind = r.indicator;
    const expected = statusLabel(r.assessment);
    const ok = fold(row.status) === fold(expected);
    checked(
      {
        kind: 'status',
        indicator: indicatorRef(ind),
        figure: 'Đánh giá',
        place: row.place,
        said: row.status,
        appendix: expected,
        appendixSource: `Phụ lục 1 (chỉ tiêu ${ind.stt})`,
        pos: row.pos,
      },
      ok,
    );
    if (ok) continue;
    const why =
      expected === '' ? (r.assessment.status === 'chua_danh_gia' ? 'để trống (chỉ tiêu chưa đánh giá)' : 'để trống (chưa có số liệu hợp lệ)') : `“${expected}”`;
    findings.push({
      kind: 'status',
      indicator: indicatorRef(ind),
      figure: 'Đánh giá',
      place: row.place,
      said: row.status,
      appendix: expected,
      appendixSource: `Phụ lục 1 (chỉ tiêu ${ind.stt})`,
      others: [],
      message: `${indicatorLabel(ind)}, ${row.place.label}: cột “Đánh giá” ghi “${row.status}”, theo số liệu tổng hợp là ${why}.`,
      pos: row.pos,
    });
  }

  // Figures: each statement against the appendix; among themselves when the appendix has none.
  const figureFinding = new Map<DraftFigure, Finding>();
  const bySubject = new Map<string, DraftFigure[]>();
  for (const l of stated.figures) {
    const i = info.get(l.subject)!;
    if (l.part) {
      unreadable(
        { kind: 'figure', indicator: indicatorRef(i.indicator), figure: i.name, place: l.place, said: l.said, pos: l.pos },
        `câu nói về một bộ phận (“${l.part}”), không phải số liệu chung của chỉ tiêu ${i.indicator.stt}`,
      );
      continue;
    }
    bySubject.set(l.subject, [...(bySubject.get(l.subject) ?? []), l]);
  }
  for (const [key, list] of bySubject) {
    const i = info.get(key)!;
    const ref = appendix.get(key);
    const differ = (a: DraftFigure, b: DraftFigure) => !agrees(a.figure, b.figure) && !agrees(b.figure, a.figure);
    if (ref) {
      for (const s of list) {
        const ok = agrees(s.figure, ref.figure);
        checked(
          {
            kind: 'figure',
            indicator: indicatorRef(i.indicator),
            figure: i.name,
            place: s.place,
            said: s.said,
            appendix: ref.text,
            appendixSource: ref.source,
            pos: s.pos,
          },
          ok,
        );
        if (ok) continue;
        const others = list.filter((o) => o !== s && differ(o, s)).map((o) => ({ place: o.place, said: o.said, value: o.figure.value }));
        const f: Finding & { pos: [number, number] } = {
          kind: 'figure',
          indicator: indicatorRef(i.indicator),
          figure: i.name,
          place: s.place,
          said: s.said,
          saidValue: s.figure.value,
          appendix: ref.text,
          appendixValue: ref.figure.value,
          appendixSource: ref.source,
          others,
          message: `${subjectTitle(i)}, ${s.place.label}: dự thảo ghi “${s.said}”, ${ref.source} ghi “${ref.text}”.`,
          pos: s.pos,
        };
        figureFinding.set(s, f);
        findings.push(f);
      }
      continue;
    }
    const none = i.related ? `Giải trình của chỉ tiêu ${i.indicator.stt} không nêu số liệu này` : `Phụ lục 1 chưa có số liệu của chỉ tiêu ${i.indicator.stt}`;
    for (const s of list)
      unreadable({ kind: 'figure', indicator: indicatorRef(i.indicator), figure: i.name, place: s.place, said: s.said, pos: s.pos }, `${none} để đối chiếu`);
    const first = list[0];
    const others = list.filter((o) => differ(o, first)).map((o) => ({ place: o.place, said: o.said, value: o.figure.value }));
    if (others.length === 0) continue;
    findings.push({
      kind: 'conflict',
      indicator: indicatorRef(i.indicator),
      figure: i.name,
      place: first.place,
      said: first.said,
      saidValue: first.figure.value,
      others,
      message: `${subjectTitle(i)}: dự thảo ghi số liệu khác nhau ở ${padCount(others.length + 1)} chỗ, ${first.place.label} ghi “${first.said}”, ${others.map((o) => `${o.place.label} ghi “${o.said}”`).join(', ')}. ${none} để đối chiếu; hãy thống nhất một số liệu.`,
      pos: first.pos,
    });
  }

  // Shares of the plan and of last year, computed from the appendix's figure at the draft's precision.
  // Those with no base to compute from are still compared with each other (below).
  const uncomputed = new Map<string, DraftShare[]>();
  for (const s of stated.shares) {
    const i = info.get(s.subject)!;
    const r = results.get(i.indicator.code);
    const what = `${i.name} (${s.base === 'plan' ? 'so với kế hoạch' : s.base === 'lastYear' ? 'so với cùng kỳ' : `so với ${s.baseText}`})`;
    const base = { kind: 'share' as const, indicator: indicatorRef(i.indicator), figure: what, place: s.place, said: s.said, pos: s.pos };
    const a = r && appendixFigure(r);
    if (!r || !a) {
      unreadable(base, `Phụ lục 1 chưa có số liệu của chỉ tiêu ${i.indicator.stt} để tính`);
      continue;
    }
    const basis = shareBasis(r, i.indicator, s, opts);
    if (!basis.ok) {
      unreadable(base, basis.reason);
      // “so với cùng kỳ” and “so với cùng kỳ năm trước” are one base; another base is its words.
      const key = `${s.subject}|${s.base}|${s.base === 'lastYear' || s.base === 'plan' ? '' : s.baseText}|${s.part ?? ''}`;
      uncomputed.set(key, [...(uncomputed.get(key) ?? []), s]);
      continue;
    }
    const p = percentOf(a.value, basis.value)!;
    const phrase = sharePhrase(p, s);
    const source = `Phụ lục 1 (${withProseUnit(r.printed.match(/[\d.,]+/)?.[0] ?? formatNumberVi(a.value), i.indicator)} so với ${basis.label}, bằng ${formatNumberVi(p)}%)`;
    const ok = shareFits(s.percent, s.decimals, shareRange(a.value, a.decimals, basis.value, basis.half));
    checked({ ...base, appendix: phrase, appendixSource: source }, ok);
    if (ok) continue;
    // A share computed from the draft's own figure of the sentence goes with that figure's finding.
    const own = s.figure && figureFinding.get(s.figure);
    if (own && shareFits(s.percent, s.decimals, shareRange(s.figure!.figure.value, s.figure!.figure.decimals, basis.value, basis.half))) {
      own.follows = [...(own.follows ?? []), { said: s.said, appendix: phrase }];
      continue;
    }
    findings.push({
      kind: 'share',
      indicator: indicatorRef(i.indicator),
      figure: what,
      place: s.place,
      said: s.said,
      saidValue: s.percent,
      appendix: phrase,
      appendixValue: p,
      appendixSource: source,
      others: [],
      message: `${indicatorLabel(i.indicator)}, ${s.place.label}: dự thảo ghi “${s.said}”, tính từ ${source} là “${phrase}”.`,
      pos: s.pos,
    });
  }

  // The same share stated twice, differently (“tăng 10,13% so với cùng kỳ” in the text, “tăng 1,13%” in
  // its footnote), where no base is there to compute it: the draft disagrees with itself.
  for (const list of uncomputed.values()) {
    const [first, ...rest] = list;
    const differ = (o: DraftShare) => Math.abs(o.percent - first.percent) > 0.5 * 10 ** -Math.min(o.decimals, first.decimals) + 1e-9;
    const others = rest.filter(differ).map((o) => ({ place: o.place, said: o.said, value: o.percent }));
    if (others.length === 0) continue;
    const i = info.get(first.subject)!;
    findings.push({
      kind: 'conflict',
      indicator: indicatorRef(i.indicator),
      figure: `${i.name} (${first.base === 'plan' ? 'so với kế hoạch' : first.base === 'lastYear' ? 'so với cùng kỳ' : `so với ${first.baseText}`})`,
      place: first.place,
      said: first.said,
      saidValue: first.percent,
      others,
      message: `${subjectTitle(i)}: dự thảo ghi khác nhau ở ${padCount(others.length + 1)} chỗ, ${first.place.label} ghi “${first.said}”, ${others.map((o) => `${o.place.label} ghi “${o.said}”`).join(', ')}. Không có số liệu để tính lại; hãy thống nhất một số liệu.`,
      pos: first.pos,
    });
  }

  // Plans the draft states.
  for (const pl of stated.plans) {
    const r = results.get(pl.indicator);
    if (!r) continue;
    const ind = r.indicator;
    const printed = r.rule.own?.plan ?? ind.plan;
    const base = {
      kind: 'plan' as const,
      indicator: indicatorRef(ind),
      figure: `${ind.name} (kế hoạch)`,
      place: pl.place,
      said: pl.source === 'column' ? pl.text : pl.said,
      pos: pl.pos,
    };
    const src = `danh mục chỉ tiêu (kế hoạch chỉ tiêu ${ind.stt})`;
    let ok: boolean;
    if (pl.source === 'column') {
      const norm = (t: string) => fold(maskNoteMarks(t)).replace(/\s+/g, '');
      const num = (t: string) => {
        const a = readActual(t);
        return a.kind === 'number' && /^[\d.,\s]+$/u.test(t) ? a.value : undefined;
      };
      ok = norm(pl.text) === norm(printed) || (num(pl.text) !== undefined && num(pl.text) === num(printed));
    } else {
      const t = r.rule.target as Target;
      const refs = t.kind === 'range' ? [t.min, t.max] : t.kind === 'none' ? [] : [t.value];
      if (pl.part || refs.length === 0) {
        unreadable(base, pl.part ? `câu nói về một bộ phận (“${pl.part}”)` : `chỉ tiêu ${ind.stt} không có kế hoạch là một con số`);
        continue;
      }
      ok = refs.some((v) => Math.abs(v - pl.value!) <= halfUnit(pl.decimals ?? 0) + 1e-9 * Math.max(1, v));
      if (!ok && pl.whole) {
        unreadable(
          { ...base, appendix: printed, appendixSource: src },
          `“${pl.said}” đếm trên một tổng số (${pl.text}), không phải kế hoạch (${printed}); không đối chiếu`,
        );
        continue;
      }
    }
    checked({ ...base, appendix: printed, appendixSource: src }, ok);
    if (ok) continue;
    findings.push({
      kind: 'plan',
      indicator: indicatorRef(ind),
      figure: `${ind.name} (kế hoạch)`,
      place: pl.place,
      said: pl.source === 'column' ? pl.text : pl.said,
      saidValue: pl.value,
      appendix: printed,
      appendixSource: src,
      others: [],
      message:
        pl.source === 'column'
          ? `${indicatorLabel(ind)}, ${pl.place.label}: cột “Kế hoạch” ghi “${pl.text}”, kế hoạch trong danh mục là “${printed}”.`
          : `${indicatorLabel(ind)}, ${pl.place.label}: dự thảo ghi kế hoạch ${pl.text} (“${pl.said}”), kế hoạch trong danh mục là “${printed}”.`,
      pos: pl.pos,
    });
  }

  for (const u of stated.unread) {
    const ind = u.indicator ? results.get(u.indicator)?.indicator : undefined;
    unreadable(
      { kind: 'figure', ...(ind ? { indicator: indicatorRef(ind) } : {}), figure: ind?.name ?? 'Dòng bảng', place: u.place, said: u.said, pos: u.pos },
      u.reason,
    );
  }

  // The summary's counts.
  const s = content.summary;
  const actualCount: Record<CountKey, number> = {
    met: s.met,
    total: s.total,
    khong_dat: s.counts.khong_dat,
    chua_danh_gia: s.counts.chua_danh_gia,
    dat: s.counts.dat,
    vuot: s.counts.vuot,
    groups: s.groups,
  };
  for (const c of stated.counts) {
    const ok = c.value === actualCount[c.key];
    checked(
      {
        kind: 'count',
        figure: COUNT_LABEL[c.key],
        place: c.place,
        said: padCount(c.value),
        appendix: padCount(actualCount[c.key]),
        appendixSource: 'số liệu tổng hợp của Phụ lục 1',
        pos: c.pos,
      },
      ok,
    );
    if (ok) continue;
    findings.push({
      kind: 'summary',
      figure: COUNT_LABEL[c.key],
      place: c.place,
      said: padCount(c.value),
      saidValue: c.value,
      appendix: padCount(actualCount[c.key]),
      appendixValue: actualCount[c.key],
      appendixSource: 'số liệu tổng hợp của Phụ lục 1',
      others: [],
      message: `${COUNT_LABEL[c.key]}, ${c.place.label}: dự thảo ghi ${padCount(c.value)}, theo số liệu tổng hợp của Phụ lục 1 là ${padCount(actualCount[c.key])}.`,
      pos: c.pos,
    });
  }

  const byPos = (a: { pos: [number, number] }, b: { pos: [number, number] }) => a.pos[0] - b.pos[0] || a.pos[1] - b.pos[1];
  findings.sort(byPos);
  readings.sort(byPos);
  return { findings: findings.map(({ pos: _pos, ...f }) => f), readings: readings.map(({ pos: _pos, ...r }) => r) };
}

/** Checks a draft report against the consolidated appendix: the findings only (checkDraft has the readings too). */
export function checkReport(draft: ReadDocx, catalog: Catalog, content: AppendixContent, opts: CheckOptions = {}): Finding[] {
  return checkDraft(draft, catalog, content, opts).findings;
}
