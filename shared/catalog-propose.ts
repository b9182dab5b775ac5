/**
 * A new year's catalogue proposed from the resolution's own words (issue 22): the list of targets
 * as the HĐND resolution or a press report prints it (catalog-propose-list.ts) is read target by
 * target (catalog-propose-read.ts) as an officer would read it, each target continues last year's
 * indicator where it is the same (catalog-propose-match.ts), what its words mean is settled
 * (catalog-propose-meaning.ts) and it is made a row (catalog-propose-row.ts), and the result is a
 * draft (catalog-draft.ts): every row beside its sentence, with its target in words and, wherever
 * the machine is not sure, a Vietnamese reason in `needsReview` for a person to decide. Nothing is
 * guessed silently: a default is marked `defaulted`, a value kept from last year `carried`. This
 * module puts the draft together: the catalogue without its indicators (periods a year later, the
 * resolution, the groups) and the points about the whole draft.
 *
 * Pure: last year's figures come in as data (`lastYear`, read by the worker from the previous
 * year's ledger, worker/consolidate/last-year.ts), never typed and never guessed.
 */
import type { Catalog, Period } from './catalog.ts';
import { DRAFT_SCHEMA, type CatalogDraft, type DraftRow } from './catalog-draft.ts';
import { readList, type ListRead } from './catalog-propose-list.ts';
import { assign, type Assignment } from './catalog-propose-match.ts';
import { readItem, type TargetRead } from './catalog-propose-read.ts';
import { buildRow, pickClause, unitSpellings, wholeItemMatch, type Ctx, type LastYearFigures, type Pending } from './catalog-propose-row.ts';
import { capitalize } from './catalog-propose-words.ts';

export { ProposeError } from './catalog-propose-list.ts';
export type { LastYearEntry, LastYearFigures } from './catalog-propose-row.ts';

export interface ProposeInput {
  /** The list of targets as pasted (numbered, bulleted, a paragraph, or a table from Word or Excel). */
  text: string;
  /** The plan year. */
  year: number;
  /** Last year's catalogue: indicators continue from it; units, periods, locality come from it. */
  previous?: Catalog;
  /** Last year's figures (the worker reads them from the ledger); without them `lastYear` stays absent and rows say so. */
  lastYear?: LastYearFigures;
}

const PERIOD_DEFAULTS: Record<string, { word: string; header: string; verb: string; deadline: string }> = {
  '6t': { word: 'Thực hiện', header: 'Thực hiện 6 tháng đầu năm {y}', verb: 'đạt', deadline: '{y}-06-15T17:00:00+07:00' },
  '9t': { word: 'Ước thực hiện', header: 'Ước thực hiện 9 tháng năm {y}', verb: 'ước đạt', deadline: '{y}-09-15T17:00:00+07:00' },
  uoc: { word: 'Ước thực hiện', header: 'Ước thực hiện năm {y}', verb: 'ước đạt', deadline: '{y}-11-20T17:00:00+07:00' },
  nam: { word: 'Thực hiện', header: 'Thực hiện năm {y}', verb: 'đạt', deadline: '{y+1}-01-15T17:00:00+07:00' },
};

/** Last year's periods a year later (ids, headers and deadlines moved by one year), or the usual four. */
function periodsFor(year: number, previous?: Catalog): Period[] {
  if (previous?.periods.length) {
    const shift = year - previous.year;
    return previous.periods.map((p) => ({
      ...p,
      id: p.id.replace(/^\d{4}/, String(year)),
      header: p.header.replace(String(previous.year), String(year)),
      deadline: p.deadline.replace(/^(\d{4})/, (y) => String(Number(y) + shift)),
    }));
  }
  return Object.entries(PERIOD_DEFAULTS).map(([kind, d]) => ({
    id: `${year}-${kind}`,
    word: d.word,
    header: d.header.replace('{y}', String(year)),
    verb: d.verb,
    deadline: d.deadline.replace('{y+1}', String(year + 1)).replace('{y}', String(year)),
    assessment: kind === '6t' || kind === '9t' ? ('progress' as const) : ('plan' as const),
  }));
}

/** Groups: the list's headings when it has several, else one per item (the resolution's numbered items are its groups). */
function groupRows(rows: DraftRow[], pending: Pending[], list: ListRead, previous?: Catalog): Catalog['groups'] {
  const headings = [...new Set(list.items.map((i) => i.heading).filter((h): h is string => Boolean(h)))];
  const byHeading = headings.length >= 2;
  const keys: string[] = [];
  const members = new Map<string, number[]>();
  pending.forEach((p, i) => {
    const key = byHeading ? `h:${p.item.heading ?? ''}` : `i:${p.itemIndex}`;
    if (!members.has(key)) {
      members.set(key, []);
      keys.push(key);
    }
    members.get(key)!.push(i);
  });
  return keys.map((key, g) => {
    const code = `N${String(g + 1).padStart(2, '0')}`;
    const idx = members.get(key)!;
    for (const i of idx) {
      rows[i].indicator.group = code;
      rows[i].fields.group = 'defaulted';
    }
    let name: string;
    if (byHeading && key !== 'h:') name = capitalize(key.slice(2));
    else {
      const prevGroups = [
        ...new Set(
          idx.map((i) => {
            const c = rows[i].continues;
            const ind = c && previous?.indicators.find((x) => x.code === c.code);
            return ind ? previous!.groups.find((gr) => gr.code === ind.group)?.name : undefined;
          }),
        ),
      ];
      name = prevGroups.length && prevGroups.every(Boolean) ? prevGroups.join(', ') : rows[idx[0]].indicator.name;
    }
    return { code, name };
  });
}

/** Proposes a new year's catalogue from the resolution's list of targets (see the module comment). */
export function proposeCatalog(input: ProposeInput): CatalogDraft {
  const { year, previous, lastYear } = input;
  const list = readList(input.text, year);
  const ctx: Ctx = {
    year,
    previous,
    lastYear,
    units: previous ? previous.units.map((u) => ({ ...u })) : [],
    spellings: unitSpellings(previous),
    codes: new Set(previous?.indicators.map((i) => i.code) ?? []),
  };
  const unread: CatalogDraft['unread'] = list.skipped.map((s) => ({ ...s }));
  const pending: Pending[] = [];
  list.items.forEach((item, itemIndex) => {
    const r = readItem(item);
    const whole = r.targets.length > 1 ? wholeItemMatch(item, previous) : undefined;
    if (whole) {
      pending.push({ item, itemIndex, read: pickClause(r.targets, whole), wholeItem: whole });
      return;
    }
    // An item without any figure is still a target the resolution numbered: a row to review, not a line left out.
    const text = item.text.replace(/[\s.;:]+$/, '');
    const targets = r.targets.length
      ? r.targets
      : [{ clause: text, name: capitalize(text), senses: [], qualifier: '', maintain: false, others: [] } as TargetRead];
    if (r.targets.length)
      for (const u of r.unread) unread.push({ line: item.line, text: u, why: `không có con số, trong mục ${item.label || `ở dòng ${item.line}`}` });
    for (const t of targets) pending.push({ item, itemIndex, read: t });
  });
  const fixed = new Map<number, string>();
  pending.forEach((p, i) => {
    if (p.wholeItem) fixed.set(i, p.wholeItem.code);
  });
  const assignments: Assignment[] = previous
    ? assign(
        pending.map((p) => ({ name: p.read.name, clause: p.read.clause })),
        previous.indicators,
        fixed,
      )
    : pending.map(() => ({ contested: [] }));
  // Last year's codes first, so that a new code never takes one of them.
  const rows = pending.map((p, i) => buildRow(p, assignments[i].match, assignments[i].contested, ctx));
  rows.forEach((r, i) => {
    r.indicator.stt = i + 1;
  });
  const groups = groupRows(rows, pending, list, previous);

  const needsReview: string[] = [];
  const notes: string[] = [];
  if (previous) {
    const continued = new Set(rows.map((r) => r.continues?.code).filter(Boolean));
    for (const ind of previous.indicators) {
      if (!continued.has(ind.code)) {
        needsReview.push(
          `Chỉ tiêu “${ind.name}” (mã ${ind.code}) năm ${previous.year} không thấy trong danh sách năm ${year}. Nếu vẫn theo dõi, hãy thêm dòng với mã ${ind.code}; nếu đã bỏ, hãy xóa ý này.`,
        );
      }
    }
  } else {
    needsReview.push(
      'Chưa có danh mục năm trước nên chưa có danh sách đơn vị (“units”), tên địa phương và cơ quan ban hành: hãy điền, rồi chọn đơn vị phụ trách cho từng chỉ tiêu.',
    );
  }
  const resolution = list.resolution
    ? { number: list.resolution.number, date: list.resolution.date, body: previous?.resolution.body ?? 'HĐND' }
    : { number: '…/NQ-HĐND', date: null, body: previous?.resolution.body ?? 'HĐND' };
  if (!list.resolution) notes.push('Chưa có số và ngày của nghị quyết: phụ lục in “…” cho đến khi điền (“resolution”).');
  notes.push(
    previous
      ? `Kỳ báo cáo và hạn nộp lấy theo năm ${previous.year}, lùi một năm: hãy kiểm tra hạn nộp.`
      : 'Kỳ báo cáo và hạn nộp theo mặc định (15/6, 15/9, 20/11 và 15/1 năm sau, 17:00): hãy kiểm tra hạn nộp.',
  );
  if (groups.length)
    notes.push(
      list.items.some((i) => i.heading) && new Set(list.items.map((i) => i.heading)).size >= 2
        ? `Nhóm chỉ tiêu theo các tiêu đề của danh sách (${groups.length} nhóm).`
        : `Mỗi mục của danh sách là một nhóm chỉ tiêu (${groups.length} nhóm, như “trong ${groups.length} nhóm chỉ tiêu chủ yếu” của phần tổng hợp).`,
    );
  if (list.columns) notes.push(`Bảng: ${list.columns}.`);
  const catalog: Omit<Catalog, 'indicators'> = {
    schema: 'phuluc-catalog/1',
    id: previous ? previous.id.replace(/\d{4}/, String(year)) : `danh-muc-${year}`,
    year,
    locality: previous ? { ...previous.locality } : { name: '', issuer: '' },
    resolution,
    appendix: previous
      ? { ...previous.appendix, footnoteStart: 1 }
      : {
          title: 'PHỤ LỤC 1',
          subtitle: 'Đánh giá kết quả thực hiện các chỉ tiêu kế hoạch chủ yếu tại Nghị quyết số {number} ngày {date} của {body}',
          footnoteStart: 1,
        },
    periods: periodsFor(year, previous),
    groups,
    units: ctx.units,
    ...(previous?.organisation ? { organisation: { ...previous.organisation } } : {}),
  };
  return {
    schema: DRAFT_SCHEMA,
    catalog,
    rows,
    needsReview,
    notes,
    unread,
    origin: {
      form: list.form,
      ...(previous ? { previous: { id: previous.id, year: previous.year } } : {}),
      ...(lastYear ? { lastYear: lastYear.said } : {}),
      ...(list.columns ? { columns: list.columns } : {}),
    },
  };
}
