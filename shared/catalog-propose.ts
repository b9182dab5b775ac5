/**
 * A new year's catalogue proposed from the resolution's own words (issue 22): the list of targets
 * as the HĐND resolution or a press report prints it (catalog-propose-list.ts) is read target by
 * target (catalog-propose-read.ts) as an officer would read it, each target continues last year's
 * indicator where it is the same (catalog-propose-match.ts), and the result is a draft
 * (catalog-draft.ts): every row beside its sentence, with its target in words and, wherever the
 * machine is not sure, a Vietnamese reason in `needsReview` for a person to decide. Nothing is
 * guessed silently: a default is marked `defaulted`, a value kept from last year `carried`.
 *
 * Pure: last year's figures come in as data (`lastYear`, read by the worker from the previous
 * year's ledger, worker/consolidate/last-year.ts), never typed and never guessed.
 */
import type { Catalog, Indicator, Period, Unit } from './catalog.ts';
import {
  DRAFT_SCHEMA,
  describeTarget,
  type CatalogDraft,
  type DraftContinuation,
  type DraftRow,
  type FieldOrigin,
  type ReviewPoint,
  type RowField,
} from './catalog-draft.ts';
import { readList, type ListItem, type ListRead } from './catalog-propose-list.ts';
import { assign, type Assignment, type Match } from './catalog-propose-match.ts';
import { readItem, type TargetRead } from './catalog-propose-read.ts';
import {
  capitalize,
  codeFrom,
  containsPhrase,
  fold,
  isShare,
  lowerIsBetterSubject,
  moneyUnit,
  nameKey,
  OWNER_TOPICS,
  unitKey,
  unitSpelling,
  withoutParentheses,
} from './catalog-propose-words.ts';
import { formatNumberVi, precisionLimit, roundTo, SIGNIFICANT_DIGITS } from './numbers.ts';
import { parseTarget, type Direction, type Target } from './target.ts';

export { ProposeError } from './catalog-propose-list.ts';

/** Last year's figure of one indicator (by last year's code), or why there is none (a Vietnamese clause, without a full stop). */
export type LastYearEntry = { value: number; source: string } | { missing: string };

/** Last year's figures, as the worker read them from the previous year's ledger. */
export interface LastYearFigures {
  /** Where they come from, for the draft (“sổ theo dõi năm 2023, kỳ Ước thực hiện năm 2023”). */
  said: string;
  figures: Record<string, LastYearEntry>;
}

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

// ---------------------------------------------------------------------------------------------
// One target's meaning.

interface Meaning {
  target: Target;
  /** The plan printed as the appendix prints plans (“Trên 70”, “> 97”, “Giảm còn dưới 1,8%”, “52/52”). */
  plan: string;
  unit?: string;
  actualFormat?: string;
  measure: 'total' | 'level';
  /** A growth or decrease figure (bounds −100…1000 for a percentage). */
  change: boolean;
  reasons: ReviewPoint[];
  notes: string[];
}

const same = (a: Target, b: Target) => JSON.stringify(a) === JSON.stringify(b);

function quote(t: TargetRead): string {
  return `“${t.clause.replace(/\t+/g, ' · ')}”`;
}

/** The number as the plan prints it: as written (“02”, “1.600”), or the Vietnamese way if written with a decimal point. */
function printed(t: TargetRead): string {
  const f = t.figure!;
  if (f.shape === 'single') return f.pointDecimal ? formatNumberVi(f.value) : f.printed;
  return f.printed
    .replace(/\s+/g, '')
    .replace(/đến|tới/, '-')
    .replace(/%/g, '')
    .replace(/dân$/, ' dân');
}

function meaningOf(read: TargetRead, prev: Indicator | undefined, year: number): Meaning {
  let t = read;
  const reasons: ReviewPoint[] = [];
  const notes: string[] = [];
  const s = new Set(t.senses);
  const fig = t.figure;
  if (t.complete) {
    reasons.push({
      field: 'target',
      reason: `Nghị quyết không ghi con số (${quote(t)}): đề xuất hiểu “hoàn thành” là 100%. Hãy xác nhận, hoặc ghi con số cụ thể và đơn vị tính.`,
    });
    return { target: { kind: 'threshold', direction: 'higher', value: 100 }, plan: '100', unit: '%', measure: 'total', change: false, reasons, notes };
  }
  if (t.noneLeft) {
    if (!t.unit) reasons.push({ field: 'unit', reason: `Chưa rõ đơn vị tính của ${quote(t)}: hãy ghi đơn vị (ví dụ Hộ, Nhà).` });
    return { target: { kind: 'threshold', direction: 'lower', value: 0 }, plan: '0', measure: 'level', change: false, reasons, notes };
  }
  if (!fig) {
    reasons.push({
      field: 'target',
      reason: `Nghị quyết không ghi con số cho ${quote(t)}: hãy ghi kế hoạch (con số) và đơn vị tính, hoặc bỏ dòng (“omit”) nếu không theo dõi.`,
    });
    return {
      target: { kind: 'none', reason: 'Nghị quyết không ghi con số để đánh giá.' },
      plan: t.clause.slice(0, 200) || '—',
      measure: 'total',
      change: false,
      reasons,
      notes,
    };
  }
  const hasMin = s.has('min');
  const hasMax = s.has('max') || s.has('downTo');
  const pctShown = fig.percent || t.unit === '%' ? '%' : '';
  // A name that is itself a decrease or an increase (“Giảm tỷ lệ sinh con thứ 3 …”, “Mức tăng thu ngân sách”), with nothing else said.
  const verbName =
    !hasMin && !hasMax && !s.has('up') && !s.has('down') && !s.has('add') ? /^(?:mức\s+)?(giảm|tăng)(?![\p{L}])/u.exec(fold(t.name))?.[1] : undefined;
  // “Tăng tỷ lệ che phủ rừng lên 45%”: the level to reach, not a growth of 45%.
  const upTo = verbName === 'tăng' && /(?:^|\s)lên(?: mức| tới)?$/u.test(fold(t.qualifier));
  const down = (s.has('down') && !s.has('downTo')) || verbName === 'giảm';
  const up = s.has('up') || (verbName === 'tăng' && !upTo);
  const add = s.has('add');
  let direction: Direction | undefined;
  let explicit = false;
  if (hasMin && hasMax) {
    reasons.push({
      field: 'target',
      reason: `${quote(t)} có cả từ chỉ mức sàn và mức trần (“${t.qualifier}”): hãy chọn chiều đánh giá (càng cao càng tốt hay càng thấp càng tốt).`,
    });
  } else if (up) {
    direction = hasMax ? 'lower' : 'higher';
    explicit = true;
  } else if (add || hasMin || upTo) {
    direction = 'higher';
    explicit = true;
  } else if (hasMax) {
    direction = 'lower';
    explicit = true;
  }
  if (down) {
    direction = 'higher';
    explicit = true;
    const aside = t.aside ? ` Nghị quyết ghi thêm ${t.aside}: có thể theo dõi con số đó (càng nhiều càng tốt) thay cho tỷ lệ.` : '';
    reasons.push({
      field: 'target',
      reason: `${quote(t)} là mức giảm so với năm trước, không phải mức cần đạt: đề xuất theo dõi mức giảm ${fig.shape === 'range' ? `từ ${formatNumberVi(fig.value)} đến ${formatNumberVi(fig.max!)}` : formatNumberVi(fig.value)}${pctShown} (số liệu nhập là mức đã giảm, càng lớn càng tốt). Nếu nghị quyết muốn mức còn lại, hãy ghi “Giảm còn …”.${aside}`,
    });
  } else if (t.aside) {
    reasons.push({
      field: 'target',
      reason: `Trong ngoặc có thêm con số ${t.aside} bên cạnh ${printed(t)}${pctShown}: hãy chọn con số theo dõi (và đơn vị tính tương ứng).`,
    });
  }
  const subject = lowerIsBetterSubject(t.name || t.clause);
  if (!explicit && fig.shape !== 'range') {
    const prevDir = prev && 'direction' in prev.target ? prev.target.direction : undefined;
    if (prevDir) {
      direction = prevDir;
      if (prev!.target.kind === 'maintain' && !t.maintain) {
        t = { ...t, maintain: true };
        notes.push(`Chỉ tiêu năm ${year - 1} là chỉ tiêu duy trì (“${prev!.plan}”): giữ cách đánh giá đó (đạt hoặc không đạt, không tính vượt).`);
      }
      notes.push(
        `Nghị quyết chỉ ghi con số; chiều đánh giá (${prevDir === 'higher' ? 'càng cao càng tốt' : 'càng thấp càng tốt'}) theo chỉ tiêu năm ${year - 1}.`,
      );
    } else if (subject) {
      direction = 'lower';
      reasons.push({
        field: 'target',
        reason: `Nghị quyết chỉ ghi con số ${printed(t)}${pctShown}, không ghi “trên”, “dưới”; “${subject}” thường càng thấp càng tốt nên đề xuất là mức trần (vượt kế hoạch khi thấp hơn). Hãy xác nhận chiều đánh giá.`,
      });
    } else {
      direction = 'higher';
      if (!prev && (fig.percent || !t.unit || isShare(t.unit))) {
        reasons.push({
          field: 'target',
          reason: `Nghị quyết chỉ ghi con số ${printed(t)}${pctShown}, không ghi “trên”, “dưới”: đề xuất càng cao càng tốt (vượt kế hoạch khi cao hơn). Hãy xác nhận chiều đánh giá.`,
        });
      }
    }
  } else if (explicit && direction) {
    const prevDir = prev && 'direction' in prev.target ? prev.target.direction : undefined;
    if (prevDir && prevDir !== direction && !down) {
      reasons.push({
        field: 'target',
        reason: `Năm ${year - 1} chỉ tiêu này càng ${prevDir === 'higher' ? 'cao' : 'thấp'} càng tốt, năm nay nghị quyết ghi “${t.qualifier}” (càng ${direction === 'higher' ? 'cao' : 'thấp'} càng tốt): hãy xác nhận chiều đánh giá.`,
      });
    } else if (subject && direction === 'higher' && !down && !up && !add) {
      reasons.push({
        field: 'target',
        reason: `“${subject}” thường càng thấp càng tốt, nhưng nghị quyết ghi “${t.qualifier}” trước con số: hãy xác nhận chiều đánh giá.`,
      });
    }
  }
  if (s.has('approx'))
    reasons.push({
      field: 'target',
      reason: `${quote(t)} ghi “${t.qualifier}” (con số gần đúng): đề xuất coi ${printed(t)} là mức ${direction === 'lower' ? 'trần' : 'sàn'}. Hãy xác nhận.`,
    });
  if (s.has('relative'))
    reasons.push({
      field: 'target',
      reason: `${quote(t)} so với một con số khác (“${t.qualifier}”${t.relativeTo ? `, “${t.relativeTo}”` : ''}): hãy ghi kế hoạch là con số cần đạt, hoặc xác nhận cách đánh giá.`,
    });
  else if (t.relativeTo && !up)
    reasons.push({ field: 'target', reason: `${quote(t)} ghi “${t.relativeTo}”: con số là mức so sánh, hãy xác nhận cách đánh giá.` });
  else if (t.relativeTo) notes.push(`Mức tăng “${t.relativeTo}”.`);
  if (fig.pointDecimal)
    reasons.push({
      field: 'target',
      reason: `Con số “${fig.printed}” viết dấu chấm trước phần thập phân; đã đọc là ${formatNumberVi(fig.value)}. Nếu là số hàng nghìn, hãy sửa.`,
    });
  // “1,200 người”: a decimal comma (1,2) or thousands written the English way (1.200)? Never a count, rarely “…,x00”.
  if (!fig.pointDecimal && fig.shape === 'single' && /^\d{1,3},\d{3}$/.test(fig.printed) && (t.unitIsCount || fig.printed.endsWith('0'))) {
    reasons.push({
      field: 'target',
      reason: `Con số “${fig.printed}” đọc là ${formatNumberVi(fig.value)} (dấu phẩy là dấu thập phân)${t.unitIsCount ? `, nhưng số ${t.unit} thường là số nguyên` : ''}: nếu là ${fig.printed.replace(',', '.')} (hàng nghìn), hãy sửa kế hoạch thành ${fig.printed.replace(',', '.')}.`,
    });
  }
  // A table's plan cell with several parts (“Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà”) reads as their sum, as a catalogue's plan does.
  const summed = t.others.length && t.planCell ? parseTarget(t.planCell, { maintain: t.maintain }) : undefined;
  if (summed?.ok)
    reasons.push({
      field: 'target',
      reason: `Kế hoạch “${t.planCell}” có nhiều con số: đọc là tổng các phần (${describeSum(summed.value)}), như danh mục vẫn đọc kế hoạch. Hãy xác nhận, hoặc tách thành nhiều dòng.`,
    });
  else if (t.others.length)
    reasons.push({
      field: 'target',
      reason: `${quote(t)} còn có con số ${t.others.map((o) => `“${o}”`).join(', ')} chưa được đọc thành chỉ tiêu: hãy kiểm tra, và thêm dòng nếu cần.`,
    });
  if (t.from) notes.push(`Nghị quyết ghi mức xuất phát “${t.from}”; kế hoạch là mức cần đạt.`);
  if (t.tail) notes.push(`Phần sau con số “${t.tail}” không đưa vào tên chỉ tiêu.`);
  if (t.dropped) notes.push(`Phần “${t.dropped}” giữa tên và con số không đưa vào tên chỉ tiêu.`);
  if (t.perYear) notes.push('Nghị quyết ghi mức cho mỗi năm; kế hoạch năm nay dùng đúng con số đó.');

  // The target.
  const maintain = t.maintain && !up && !down && !add;
  let target: Target;
  if (summed?.ok) {
    target = summed.value;
  } else if (fig.shape === 'range') {
    target = { kind: 'range', min: fig.value, max: fig.max! };
    if (maintain) notes.push('“Duy trì” với một khoảng: đánh giá như một khoảng (trong khoảng là đạt).');
  } else {
    target = { kind: maintain ? 'maintain' : 'threshold', direction: direction ?? 'higher', value: fig.value };
  }
  const percent = fig.percent || t.unit === '%';
  const num = printed(t);
  const pct = fig.percent ? '%' : '';
  // The plan, as the appendix prints plans; the first that reads back as the target is kept.
  const word = t.qualifier.split(' ').find((w) => ['trên', 'hơn', 'dưới'].includes(fold(w)));
  const orMore = /trở lên$/u.test(fold(t.qualifier));
  const candidatesText: string[] = [];
  if (fig.shape === 'range') candidatesText.push(up ? `Tăng ${num}${pct}` : num);
  else if (fig.shape !== 'single') candidatesText.push(num);
  else if (up) candidatesText.push(orMore && !word ? `Tăng ${num}${pct} trở lên` : `Tăng ${hasMin ? 'trên ' : hasMax ? 'dưới ' : ''}${num}${pct}`);
  else if (s.has('downTo')) candidatesText.push(`Giảm còn ${s.has('max') ? 'dưới ' : ''}${num}${pct}`);
  else if (maintain) {
    const bare = prev?.target.kind === 'maintain' && !/duy trì/i.test(prev.plan);
    const cmp = hasMin ? 'trên ' : hasMax ? 'dưới ' : '';
    candidatesText.push(bare && cmp ? `${capitalize(cmp)}${num}` : `Duy trì ${cmp}${num}`);
  } else if (hasMin && !add) {
    // “trên 97%” → “> 97”, “trên 70 triệu” → “Trên 70” (as the appendix prints plans); “95% trở lên” → “Từ 95 trở lên”; “tối thiểu 50” as written.
    if (word && fold(word) !== 'dưới') candidatesText.push(percent ? `> ${num}` : `Trên ${num}`);
    else if (orMore) candidatesText.push(`Từ ${num} trở lên`);
    else if (/tối thiểu|ít nhất|≥|>/u.test(fold(t.qualifier))) candidatesText.push(capitalize(`${stripSign(t.qualifier)} ${num}`));
  } else if (hasMax) {
    if (fold(word ?? '') === 'dưới') candidatesText.push(`Dưới ${num}`);
    else if (/không quá|tối đa|không vượt quá|≤|</u.test(fold(t.qualifier))) candidatesText.push(capitalize(`${stripSign(t.qualifier)} ${num}`));
    candidatesText.push(`Không quá ${num}`);
  }
  candidatesText.push(num);
  if (summed?.ok) candidatesText.unshift(t.planCell!.replace(/\s+/g, ' ').trim());
  const hints = { maintain: target.kind === 'maintain', direction: 'direction' in target ? target.direction : undefined };
  let plan = candidatesText.find((c) => {
    const r = parseTarget(c, hints);
    return r.ok && same(r.value, target);
  });
  if (!plan) {
    plan = num;
    reasons.push({ field: 'plan', reason: `Kế hoạch “${num}” không đọc lại được đúng ý nghĩa đề xuất: hãy sửa “plan” hoặc “target” cho khớp.` });
  }
  let actualFormat: string | undefined;
  if (fig.shape === 'ratio' && fig.denominator !== undefined) actualFormat = `{}/${fig.printed.split('/')[1].trim()}`;
  else if (fig.shape === 'perCapita') actualFormat = `{}/${fig.per}`;
  else if (up && percent) actualFormat = 'Tăng {}%';
  else if (down && percent) actualFormat = 'Giảm {}%';
  else if (s.has('downTo') && percent) actualFormat = 'Giảm còn {}%';
  const level = percent || fig.shape === 'ratio' || fig.shape === 'perCapita' || maintain || up || s.has('downTo') || (t.unit !== undefined && isShare(t.unit));
  // A growth rate may be negative (“Tốc độ tăng trưởng 10-11%”): its bounds are those of a change.
  const growth = percent && /tốc độ tăng|tăng trưởng/u.test(fold(t.name));
  return {
    target,
    plan,
    unit: percent ? '%' : (t.unit ?? (fig.shape === 'perCapita' ? `/${fig.per}` : undefined)),
    ...(actualFormat ? { actualFormat } : {}),
    measure: level && !add ? 'level' : 'total',
    change: up || down || growth,
    reasons,
    notes,
  };
}

function describeSum(t: Target): string {
  return t.kind === 'range' ? `từ ${formatNumberVi(t.min)} đến ${formatNumberVi(t.max)}` : t.kind === 'none' ? '' : formatNumberVi(t.value);
}

/** “không quá”, “tối thiểu” as printed, without a leading “đạt”. */
function stripSign(q: string): string {
  return q.replace(/^(đạt|là|ở mức|phấn đấu)\s+/iu, '').replace(/\s+(trở lên|trở xuống)$/u, '');
}

// ---------------------------------------------------------------------------------------------
// Units, bounds, decimals, owner, code.

/** Every spelling of a unit in last year's catalogue, by key: a unit written as last year wrote it. */
function unitSpellings(previous?: Catalog): Map<string, string> {
  const m = new Map<string, string>();
  for (const ind of previous?.indicators ?? []) if (!m.has(unitKey(ind.unit))) m.set(unitKey(ind.unit), ind.unit);
  return m;
}

/** How many units of the catalogue a count of “phường”, “xã”, “phường, xã” can reach. */
function unitsOfKind(unit: string, units: readonly Unit[]): number | undefined {
  const k = unitKey(unit);
  const kinds = k === 'phường' ? ['phuong'] : k === 'xã' ? ['xa'] : k === 'phường/xã' || k === 'xã/phường' ? ['phuong', 'xa'] : undefined;
  if (!kinds) return undefined;
  const n = units.filter((u) => kinds.includes(u.kind)).length;
  return n || undefined;
}

/** A round upper bound well above a figure: 10^(digits + 2), within the precision limit. */
function roomy(value: number, decimals: number): number {
  const digits = Math.max(1, Math.ceil(Math.log10(Math.abs(value) + 1)));
  return Math.min(10 ** (digits + 2), precisionLimit(decimals));
}

/** Bounds that hold the plan (a range's ends), widened if needed. */
function holding(bounds: { min: number; max: number }, t: Target): { min: number; max: number } {
  const values = t.kind === 'range' ? [t.min, t.max] : t.kind === 'none' ? [] : [t.value];
  let { min, max } = bounds;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= max) max = min + 1;
  return { min, max };
}

function topicOwner(name: string, units: readonly Unit[]): { code: string; name: string; topic: string } | undefined {
  const own = units.filter((u) => !u.parent);
  for (const [topics, words] of OWNER_TOPICS) {
    const topic = topics.find((t) => containsPhrase(name, t));
    if (!topic) continue;
    for (const w of words) {
      const hit = own.filter((u) => fold(u.name).includes(w));
      if (hit.length) return { code: hit[0].code, name: hit[0].name, topic };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  year: number;
  previous?: Catalog;
  lastYear?: LastYearFigures;
  units: Unit[];
  spellings: Map<string, string>;
  codes: Set<string>;
}

interface Pending {
  item: ListItem;
  itemIndex: number;
  read: TargetRead;
  /** The whole item is last year's name: kept as one row, as last year. */
  wholeItem?: Indicator;
}

function buildRow(p: Pending, match: Match | undefined, contested: { code: string; row?: number }[], ctx: Ctx): DraftRow {
  const { read: t } = p;
  const prev = p.wholeItem ?? (match ? ctx.previous!.indicators.find((i) => i.code === match.code) : undefined);
  const py = ctx.year - 1;
  const fields: Partial<Record<RowField, FieldOrigin>> = {};
  const m = meaningOf(t, prev, ctx.year);
  const reasons: ReviewPoint[] = [...m.reasons];
  const notes = [...m.notes];

  // Name.
  let name = t.name;
  fields.name = 'proposed';
  if (prev) {
    if (p.wholeItem || nameKey(name) === nameKey(prev.name)) {
      name = prev.name;
      fields.name = 'carried';
    } else if (nameKey(withoutParentheses(name)) === nameKey(withoutParentheses(prev.name))) {
      notes.push(`Nghị quyết viết “${name}”; giữ tên năm ${py} “${prev.name}” (chỉ khác phần trong ngoặc).`);
      name = prev.name;
      fields.name = 'carried';
    } else {
      notes.push(`Tên năm ${py}: “${prev.name}”; tên đề xuất theo nghị quyết năm nay.`);
    }
  }
  if (!name) {
    name = capitalize(t.clause.replace(/\t+/g, ' '));
    reasons.push({ field: 'name', reason: `Chưa rõ tên chỉ tiêu trong ${quote(t)}: hãy ghi tên chỉ tiêu.` });
  }

  // Unit (and a change of unit from last year).
  let unit = m.unit;
  let scale = 1;
  let unitChanged = false;
  if (prev) {
    const words = [prev.unit, ...(prev.prose?.unitWords ?? [])].map(unitKey);
    if (unit === undefined || words.includes(unitKey(unit))) {
      unit = prev.unit;
      fields.unit = 'carried';
    } else {
      const from = moneyUnit(prev.unit);
      const to = moneyUnit(unit);
      unit = ctx.spellings.get(unitKey(unit)) ?? unitSpelling(unit);
      fields.unit = 'proposed';
      if (from && to && from.per === to.per) {
        scale = from.scale / to.scale;
        notes.push(
          `Đơn vị tính đổi từ “${prev.unit}” (năm ${py}) sang “${unit}”: số liệu năm trước, giới hạn và số chữ số thập phân đã đổi theo đơn vị mới (nhân ${formatNumberVi(scale)}).`,
        );
      } else {
        unitChanged = true;
        reasons.push({
          field: 'unit',
          reason: `Đơn vị tính đổi từ “${prev.unit}” (năm ${py}) sang “${unit}”: số liệu hai năm không so sánh trực tiếp được. Hãy xác nhận đơn vị, giới hạn và số chữ số thập phân; số liệu năm trước không được chép sang.`,
        });
      }
    }
  } else if (m.target.kind === 'none') {
    unit = unit ?? '—';
    fields.unit = 'defaulted';
  } else if (unit !== undefined) {
    unit = unit.startsWith('/') ? `Số${unit}` : (ctx.spellings.get(unitKey(unit)) ?? unitSpelling(unit));
    fields.unit = 'proposed';
  } else {
    unit = '';
    fields.unit = 'proposed';
    reasons.push({ field: 'unit', reason: `Chưa rõ đơn vị tính: nghị quyết không ghi đơn vị sau con số trong ${quote(t)}. Hãy ghi đơn vị tính.` });
  }
  const carry = prev && !unitChanged;

  // Decimals.
  const fig = t.figure;
  const planDecimals = fig ? fig.decimals : 0;
  let decimals: number;
  if (carry) {
    decimals = Math.max(0, prev.decimals - Math.round(Math.log10(scale)));
    fields.decimals = 'carried';
    if (planDecimals > decimals) {
      notes.push(`Kế hoạch có ${planDecimals} chữ số thập phân, nhiều hơn năm ${py} (${decimals}): đã tăng “decimals”.`);
      decimals = planDecimals;
    }
  } else {
    const k = unitKey(unit);
    const money = moneyUnit(unit);
    const least =
      t.complete || m.target.kind === 'none'
        ? 0
        : k === '%'
          ? 1
          : money?.per
            ? 2
            : money && money.scale >= 1000
              ? 1
              : ['ha', 'tấn', 'km', 'km2'].includes(k)
                ? 1
                : 0;
    decimals = Math.min(6, Math.max(planDecimals, least));
    fields.decimals = 'defaulted';
  }

  // Bounds.
  let bounds: { min: number; max: number };
  const whole = fig?.shape === 'ratio' ? fig.denominator : undefined;
  if (whole !== undefined && whole >= (fig?.value ?? 0) && whole > 0) {
    bounds = { min: 0, max: whole };
    fields.bounds = 'defaulted';
    if (carry && (prev.bounds.min !== 0 || prev.bounds.max !== whole))
      notes.push(
        `Giới hạn lấy theo mẫu số ${formatNumberVi(whole)} (năm ${py}: từ ${formatNumberVi(prev.bounds.min)} đến ${formatNumberVi(prev.bounds.max)}).`,
      );
  } else if (carry) {
    bounds =
      scale === 1 ? { ...prev.bounds } : { min: shown15(prev.bounds.min * scale), max: Math.min(shown15(prev.bounds.max * scale), precisionLimit(decimals)) };
    fields.bounds = 'carried';
  } else {
    const value = m.target.kind === 'range' ? m.target.max : m.target.kind === 'none' ? 0 : m.target.value;
    const count = unitsOfKind(unit, ctx.units);
    if (m.change && unitKey(unit) === '%') bounds = { min: -100, max: 1000 };
    else if (fig?.shape === 'perCapita') bounds = { min: 0, max: Math.max(1000, roomy(value, decimals)) };
    else if (isShare(unit)) bounds = { min: 0, max: 100 };
    else if (count !== undefined && count >= value) {
      bounds = { min: 0, max: count };
      notes.push(`Giới hạn trên là số ${unit.toLowerCase()} trong danh sách đơn vị (${count}).`);
    } else bounds = { min: 0, max: roomy(value, decimals) };
    fields.bounds = 'defaulted';
  }
  const held = holding(bounds, m.target);
  if (held.min !== bounds.min || held.max !== bounds.max) {
    notes.push(
      `Giới hạn (từ ${formatNumberVi(bounds.min)} đến ${formatNumberVi(bounds.max)}) không chứa kế hoạch: đã mở rộng thành từ ${formatNumberVi(held.min)} đến ${formatNumberVi(held.max)}.`,
    );
    bounds = held;
  }

  // Owner.
  let owner = '';
  if (prev) {
    owner = prev.owner;
    fields.owner = 'carried';
    if (!ctx.units.some((u) => u.code === owner))
      reasons.push({ field: 'owner', reason: `Đơn vị phụ trách năm ${py} (mã ${owner}) không có trong danh sách đơn vị: hãy chọn đơn vị phụ trách.` });
  } else {
    const suggested = topicOwner(name, ctx.units);
    fields.owner = 'proposed';
    if (suggested) {
      owner = suggested.code;
      reasons.push({
        field: 'owner',
        reason: `Chỉ tiêu mới: đề xuất đơn vị phụ trách là ${suggested.name} (theo lĩnh vực “${suggested.topic}”). Hãy xác nhận hoặc chọn đơn vị khác.`,
      });
    } else {
      reasons.push({ field: 'owner', reason: 'Chỉ tiêu mới, chưa có đơn vị phụ trách: hãy chọn đơn vị báo cáo chỉ tiêu này.' });
    }
  }

  // Code and what else carries over.
  const code = prev ? prev.code : codeFrom(name, ctx.codes);
  fields.code = prev ? 'carried' : 'defaulted';
  if (prev) ctx.codes.add(prev.code);
  const ind: Indicator = {
    code,
    stt: 0,
    group: '',
    name,
    unit,
    owner,
    plan: m.plan,
    target: m.target,
    decimals,
    bounds,
    actualFormat: '{}',
    explanation: prev?.explanation ?? 'expected',
  };
  fields.plan = 'proposed';
  fields.target = 'proposed';
  fields.explanation = prev ? 'carried' : 'defaulted';
  if (m.actualFormat && !(carry && prev.actualFormat !== '{}' && fig?.shape === 'single')) {
    ind.actualFormat = m.actualFormat;
    fields.actualFormat = 'proposed';
  } else if (carry && prev.actualFormat) {
    ind.actualFormat = prev.actualFormat;
    fields.actualFormat = 'carried';
  } else fields.actualFormat = 'defaulted';
  if (carry && prev.unmetPhrase) {
    ind.unmetPhrase = prev.unmetPhrase;
    fields.unmetPhrase = 'carried';
  }
  if (prev?.prose) {
    ind.prose = prev.prose;
    fields.prose = 'carried';
  }
  if (carry && prev.measure) {
    ind.measure = prev.measure;
    fields.measure = 'carried';
  } else {
    ind.measure = m.measure;
    fields.measure = 'defaulted';
  }
  if (prev?.rollup) {
    ind.rollup = prev.rollup;
    fields.rollup = 'carried';
  }
  if (prev?.hint) notes.push(`Năm ${py} có hướng dẫn nhập “${prev.hint}”: không chép sang; hãy thêm (“hint”) nếu vẫn đúng.`);
  if (prev?.periodPlans) notes.push(`Năm ${py} có kế hoạch riêng cho kỳ giữa năm: không chép sang; hãy ghi lại (“periodPlans”) nếu nghị quyết năm nay có.`);

  // Last year's figure, from the ledger.
  if (prev && !unitChanged) {
    const entry = ctx.lastYear?.figures[prev.code];
    if (!ctx.lastYear)
      notes.push(
        `Chưa có số liệu năm ${py}: không có sổ theo dõi của năm ${py} (chạy “phuluc catalog propose” với --config của hệ thống năm ${py} để lấy), nên “lastYear” để trống.`,
      );
    else if (!entry) notes.push(`Sổ theo dõi năm ${py} không có số liệu của chỉ tiêu này: “lastYear” để trống.`);
    else if ('missing' in entry) notes.push(`${entry.missing}: “lastYear” để trống.`);
    else {
      const value = scale === 1 ? entry.value : shown15(entry.value * scale);
      if (roundTo(value, decimals) !== value || Math.abs(value) > precisionLimit(decimals)) {
        notes.push(`Số liệu năm ${py} ${formatNumberVi(value)} không viết được với ${decimals} chữ số thập phân: “lastYear” để trống, hãy kiểm tra.`);
      } else {
        const converted = scale === 1 ? '' : `: ${formatNumberVi(entry.value)} ${prev.unit.toLowerCase()}, tức ${formatNumberVi(value)} ${unit.toLowerCase()}`;
        ind.lastYear = { nam: { value, source: `${entry.source}${converted}` } };
        fields.lastYear = 'ledger';
      }
    }
  }

  // How it continues last year's indicator.
  let continues: DraftContinuation | undefined;
  if (prev) {
    const by = p.wholeItem ? 'item' : match!.by;
    continues = {
      code: prev.code,
      name: prev.name,
      year: py,
      by,
      ...(match?.phrase ? { phrase: match.phrase } : {}),
      ...(match?.similarity !== undefined ? { similarity: match.similarity } : {}),
    };
    if (by === 'similar') {
      reasons.push({
        field: 'code',
        reason: `Có thể là chỉ tiêu “${prev.name}” năm ${py} (mã ${prev.code}; tên giống ${Math.round((match!.similarity ?? 0) * 100)}%): đã chép mã, đơn vị phụ trách và các thiết lập của chỉ tiêu đó. Nếu không phải cùng một chỉ tiêu, hãy đổi mã và đơn vị phụ trách.`,
      });
    }
  }
  for (const c of contested) {
    const other = ctx.previous?.indicators.find((i) => i.code === c.code);
    if (!other) continue;
    reasons.push({
      field: 'code',
      reason:
        c.row === undefined
          ? `Câu này khớp như nhau với hai chỉ tiêu năm ${py}: “${prev?.name ?? ''}” và “${other.name}” (mã ${other.code}): hãy chọn đúng chỉ tiêu (mã và đơn vị phụ trách).`
          : `Câu này cũng khớp chỉ tiêu “${other.name}” năm ${py} (mã ${other.code}), đã gán cho dòng đề xuất ${c.row + 1}: hãy kiểm tra hai dòng có đúng chỉ tiêu không.`,
    });
  }
  const source = {
    label: p.item.label,
    line: p.item.line,
    sentence: p.item.cells ? [p.item.cells.name, p.item.cells.unit, p.item.cells.plan].filter(Boolean).join(' · ') : p.item.text,
    clause: t.clause.replace(/\t+/g, ' · '),
  };
  return { indicator: ind, source, reading: describeTarget(ind), ...(continues ? { continues } : {}), fields, needsReview: reasons, notes };
}

function shown15(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(SIGNIFICANT_DIGITS));
}

/** Whether an item as a whole is last year's name of one indicator (kept as one row, as last year). */
function wholeItemMatch(item: ListItem, previous?: Catalog): Indicator | undefined {
  if (!previous || item.cells) return undefined;
  const key = nameKey(item.text.replace(/[.;:\s]+$/, ''));
  return previous.indicators.find((i) => nameKey(i.name) === key);
}

/** The target of a whole-item match: the clause with one of the indicator's phrases, or its unit, else the first with a figure. */
function pickClause(reads: TargetRead[], ind: Indicator): TargetRead {
  const phrases = ind.prose?.phrases ?? [];
  return (
    reads.find((r) => phrases.some((ph) => containsPhrase(r.clause, ph))) ??
    reads.find((r) => r.unit !== undefined && [ind.unit, ...(ind.prose?.unitWords ?? [])].map(unitKey).includes(unitKey(r.unit))) ??
    reads.find((r) => r.figure) ??
    reads[0]
  );
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
