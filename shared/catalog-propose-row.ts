/**
 * One row of a proposed catalogue (catalog-propose.ts puts the rows together): a target of the list,
 * with what it means (catalog-propose-meaning.ts), made a draft row (catalog-draft.ts). A row that
 * continues last year's indicator keeps its code, owner and settings, and its name and unit where
 * the list writes them as last year did (a change between money units is converted); a new row gets
 * them from its words: a code from its name, an owner from its field of work, bounds and decimals
 * from its unit and plan. Last year's figure comes from the ledger (`LastYearFigures`). An item that
 * is, as a whole, last year's name of one indicator stays one row (`wholeItemMatch`, `pickClause`).
 */
import type { Catalog, Indicator, Unit } from './catalog.ts';
import { describeTarget, type DraftContinuation, type DraftRow, type FieldOrigin, type ReviewPoint, type RowField } from './catalog-draft.ts';
import type { ListItem } from './catalog-propose-list.ts';
import type { Match } from './catalog-propose-match.ts';
import { meaningOf, quote } from './catalog-propose-meaning.ts';
import type { TargetRead } from './catalog-propose-read.ts';
import {
  capitalize,
  codeFrom,
  containsPhrase,
  fold,
  isShare,
  moneyUnit,
  nameKey,
  OWNER_TOPICS,
  unitKey,
  unitSpelling,
  withoutParentheses,
} from './catalog-propose-words.ts';
import { formatNumberVi, precisionLimit, roundTo, SIGNIFICANT_DIGITS } from './numbers.ts';
import type { Target } from './target.ts';

/** Last year's figure of one indicator (by last year's code), or why there is none (a Vietnamese clause, without a full stop). */
export type LastYearEntry = { value: number; source: string } | { missing: string };

/** Last year's figures, as the worker read them from the previous year's ledger. */
export interface LastYearFigures {
  /** Where they come from, for the draft (“sổ theo dõi năm 2023, kỳ Ước thực hiện năm 2023”). */
  said: string;
  figures: Record<string, LastYearEntry>;
}

// ---------------------------------------------------------------------------------------------
// Units, bounds, decimals, owner, code.

/** Every spelling of a unit in last year's catalogue, by key: a unit written as last year wrote it. */
export function unitSpellings(previous?: Catalog): Map<string, string> {
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

/** What building a row needs of the whole proposal: the year, last year's catalogue and figures, the units, and the spellings and codes in use. */
export interface Ctx {
  year: number;
  previous?: Catalog;
  lastYear?: LastYearFigures;
  units: Unit[];
  spellings: Map<string, string>;
  codes: Set<string>;
}

export interface Pending {
  item: ListItem;
  itemIndex: number;
  read: TargetRead;
  /** The whole item is last year's name: kept as one row, as last year. */
  wholeItem?: Indicator;
}

/** One draft row: the target read, the indicator of last year it continues (if any), and each field's origin and doubts. */
export function buildRow(p: Pending, match: Match | undefined, contested: { code: string; row?: number }[], ctx: Ctx): DraftRow {
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
      if (unit === undefined && t.unreadUnit && !words.some((w) => unitKey(t.unreadUnit!).startsWith(w))) {
        // “Thu ngân sách 140 tỷ” against last year's “Triệu đồng”: never carried as if nothing were written.
        reasons.push({
          field: 'unit',
          reason: `Sau con số ${t.figure ? `“${t.figure.printed}”` : ''} nghị quyết ghi “${t.unreadUnit}”, chưa đọc được là đơn vị tính; đề xuất giữ đơn vị năm ${py} “${prev.unit}”. Hãy xác nhận đơn vị tính và con số kế hoạch theo đơn vị đó.`,
        });
      }
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
export function wholeItemMatch(item: ListItem, previous?: Catalog): Indicator | undefined {
  if (!previous || item.cells) return undefined;
  const key = nameKey(item.text.replace(/[.;:\s]+$/, ''));
  return previous.indicators.find((i) => nameKey(i.name) === key);
}

/** The target of a whole-item match: the clause with one of the indicator's phrases, or its unit, else the first with a figure. */
export function pickClause(reads: TargetRead[], ind: Indicator): TargetRead {
  const phrases = ind.prose?.phrases ?? [];
  return (
    reads.find((r) => phrases.some((ph) => containsPhrase(r.clause, ph))) ??
    reads.find((r) => r.unit !== undefined && [ind.unit, ...(ind.prose?.unitWords ?? [])].map(unitKey).includes(unitKey(r.unit))) ??
    reads.find((r) => r.figure) ??
    reads[0]
  );
}
