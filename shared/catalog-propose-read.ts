/**
 * One item of a resolution's list read as an officer reads it (catalog-propose.ts puts the rest
 * together): cut into its targets (“;”, sentences, a comma between two figures), and for each the
 * figure (“2.610,4”, “01-02”, “52/52”, “80/100 dân”), the words around it (“đạt trên”, “giảm còn
 * dưới”, “trở lên”, “duy trì”), its unit (“triệu đồng/người/năm”, “%”, “phường, xã”) and the name
 * that is left (“Tổng diện tích gieo trồng cả năm”). What it means (direction, kind) and every
 * doubt about it come out of `meaningOf` (catalog-propose-meaning.ts), in Vietnamese.
 */
import { parseVnNumber } from './numbers.ts';
import { AFTER_QUALIFIERS, capitalize, COUNT_NOUNS, fold, MEASURES, QUALIFIERS, type QualifierSense } from './catalog-propose-words.ts';
import type { ListItem } from './catalog-propose-list.ts';

/** A figure as printed in a target. */
export interface Figure {
  /** As printed: “2.610,4”, “01-02”, “52/52”, “80/100 dân”. */
  printed: string;
  shape: 'single' | 'range' | 'ratio' | 'perCapita';
  /** The figure; for a range its lower end; for a ratio its numerator. */
  value: number;
  /** A range's upper end. */
  max?: number;
  /** A ratio's denominator (“52/52” → 52), or the population of a per-capita figure (“80/100 dân” → 100). */
  denominator?: number;
  /** “100 dân”, “vạn dân”: what a per-capita figure is counted on. */
  per?: string;
  /** Decimals as written (the most of either end). */
  decimals: number;
  /** Followed by “%”. */
  percent: boolean;
  /** Written with a decimal point (“8.5”), not the Vietnamese comma. */
  pointDecimal?: boolean;
  /** Offsets in the clause. */
  start: number;
  end: number;
}

/** One target read from an item. */
export interface TargetRead {
  /** The part of the item it was read from, as printed. */
  clause: string;
  /** The name left when the figure and the words about it are taken out, capitalised (“” when none is left). */
  name: string;
  /** The unit as printed after the figure (“%”, “triệu đồng/người/năm”, “phường, xã”, “/100 dân”). */
  unit?: string;
  /** Whether the unit is a count noun that begins a name (“02 trường …”). */
  unitIsCount?: boolean;
  /** Words right after the figure that are not a unit this reader knows (“tỷ” in “140 tỷ”, “nghìn tỷ đồng”). */
  unreadUnit?: string;
  figure?: Figure;
  /** What the words before and after the figure say, nearest first. */
  senses: QualifierSense[];
  /** Those words as printed (“đạt trên”, “giảm còn dưới”, “trở lên”). */
  qualifier: string;
  /** “Duy trì”, “giữ vững” in the clause. */
  maintain: boolean;
  /** “Hoàn thành …” without a figure (read as 100%). */
  complete?: boolean;
  /** “Không còn …” without a figure (read as 0, a ceiling). */
  noneLeft?: boolean;
  /** A figure in brackets beside the main one (“giảm 15% số hộ nghèo (21 hộ)”). */
  aside?: string;
  /** Words after the figure left out of the name (“chất lượng” in “tăng 10% chất lượng”). */
  tail?: string;
  /** Words between a verb and the figure left out of the name (“tỷ lệ người dùng”). */
  dropped?: string;
  /** “so với …” after the figure. */
  relativeTo?: string;
  /** “/năm”, “mỗi năm”, “bình quân hằng năm”. */
  perYear?: boolean;
  /** Other figures of the clause that were not read. */
  others: string[];
  /** “từ 2,5% xuống 1,8%”: the figure it starts from. */
  from?: string;
  /** A table's plan cell, as pasted (“Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà”). */
  planCell?: string;
}

export interface ItemRead {
  targets: TargetRead[];
  /** Parts of the item with no figure that are not a target (“Nâng cao chất lượng tiêu chí chưa đạt”). */
  unread: string[];
}

// ---------------------------------------------------------------------------------------------
// Figures.

const N = String.raw`\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?`;
const FIGURE = new RegExp(String.raw`(?<![\p{L}\p{N}.,/]|\p{L}-)(?:(${N})\s*(%?)\s*(?:-|–|÷|đến|tới)\s*(${N})|(${N})\s*\/\s*(${N})|(${N}))(?![\p{N}])`, 'gu');
/** Words before a number that make it something else than a figure (“lớp 10”, “năm 2030”, “mức độ 2”). */
const NOT_A_FIGURE_BEFORE = /(?:^|[^\p{L}])(lớp|khóa|kỳ họp|lần thứ|thứ|số|loại|hạng|mức độ|cấp độ|ngày|tháng|quý|đợt|covid|top|điều|khoản|chương)\s*$/u;
/** Words before a year (“năm 2030”, “giai đoạn 2021-2025”). */
const YEAR_BEFORE = /(?:^|[^\p{L}])(năm|giai đoạn|niên độ|niên khóa)\s*$/u;
/** Words after a number that make it a duration or an age (“trong 6 tháng đầu năm”, “dưới 5 tuổi”). */
const NOT_A_FIGURE_AFTER = /^\s*(tháng|năm|tuổi|giờ|ngày|tuần|quý)(?![\p{L}])/u;

function readNumber(text: string): { value: number; decimals: number; pointDecimal: boolean } {
  const r = parseVnNumber(text);
  if (r.ok) return { value: r.value.value, decimals: r.value.decimals, pointDecimal: false };
  // “8.5”: a decimal point (not three digits after it) — read, and said to be doubtful.
  const m = /^(\d+)\.(\d+)$/.exec(text);
  if (m) return { value: Number(text), decimals: m[2].length, pointDecimal: true };
  return { value: Number.NaN, decimals: 0, pointDecimal: false };
}

/** Offsets of the clause inside brackets (not searched for the main figure). */
function bracketMask(text: string): boolean[] {
  const mask = new Array<boolean>(text.length).fill(false);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    mask[i] = depth > 0;
    if (text[i] === ')') depth = Math.max(0, depth - 1);
  }
  return mask;
}

/** The figures of a clause outside brackets, in order; `inBrackets` gets those inside. */
export function findFigures(clause: string, inBrackets: Figure[] = []): Figure[] {
  const mask = bracketMask(clause);
  const folded = fold(clause);
  const out: Figure[] = [];
  for (const m of clause.matchAll(FIGURE)) {
    const start = m.index;
    let end = start + m[0].length;
    const before = folded.slice(0, start);
    const after = clause.slice(end);
    // A document's number or a date (“35/2022/NQ-HĐND”, “27/12/2022”), a year or a span of years.
    if (/^\s*\/\s*[\p{L}\d]/u.test(after)) continue;
    if (/^[\p{L}]{0,3}\s*-\s*\p{Lu}{2}/u.test(after) && /\/$/.test(before)) continue;
    const years = (m[1] && m[3] ? [m[1], m[3]] : m[6] ? [m[6]] : []).filter((y) => /^(19|20)\d\d$/.test(y));
    if (years.length && (years.length === 2 || YEAR_BEFORE.test(before) || /^\s*[-–]\s*(19|20)\d\d/.test(after))) continue;
    if (NOT_A_FIGURE_BEFORE.test(before) && !m[5]) continue;
    if (m[6] !== undefined && NOT_A_FIGURE_AFTER.test(fold(after))) continue;
    let fig: Figure;
    if (m[1] !== undefined) {
      const a = readNumber(m[1]);
      const b = readNumber(m[3]);
      fig = {
        printed: m[0].trim(),
        shape: 'range',
        value: a.value,
        max: b.value,
        decimals: Math.max(a.decimals, b.decimals),
        percent: m[2] === '%',
        start,
        end,
        ...(a.pointDecimal || b.pointDecimal ? { pointDecimal: true } : {}),
      };
    } else if (m[4] !== undefined) {
      const a = readNumber(m[4]);
      const b = readNumber(m[5]);
      fig = {
        printed: m[0].trim(),
        shape: 'ratio',
        value: a.value,
        denominator: b.value,
        decimals: a.decimals,
        percent: false,
        start,
        end,
        ...(a.pointDecimal ? { pointDecimal: true } : {}),
      };
      // “80/100 dân”, “12 bác sĩ/vạn dân” is per capita.
      const per = /^\s*(dân số|người dân|dân)(?![\p{L}])/u.exec(fold(after));
      if (per) {
        fig.shape = 'perCapita';
        fig.per = `${m[5]} ${after.slice(per.index, per.index + per[0].length).trim()}`;
        fig.printed = clause.slice(start, end + per[0].length).trim();
        end += per[0].length;
        fig.end = end;
      }
    } else {
      const a = readNumber(m[6]);
      fig = {
        printed: m[6],
        shape: 'single',
        value: a.value,
        decimals: a.decimals,
        percent: false,
        start,
        end,
        ...(a.pointDecimal ? { pointDecimal: true } : {}),
      };
    }
    if (Number.isNaN(fig.value) || (fig.max !== undefined && Number.isNaN(fig.max))) continue;
    const pct = /^\s*%/.exec(clause.slice(fig.end));
    if (pct) {
      fig.percent = true;
      fig.end += pct[0].length;
    }
    if (fig.shape === 'range' && fig.max! < fig.value) continue;
    (mask[start] ? inBrackets : out).push(fig);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cutting an item into targets.

/** “;”, the end of a sentence, outside brackets. */
function sentences(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    const end =
      (c === '.' || c === '!' || c === '?') &&
      /^\s+[\p{Lu}(“"]/u.test(text.slice(i + 1)) &&
      !/(?:^|\s)(?:Tr|TP|TX|TT|ThS|TS|PGS|St)$/u.test(text.slice(Math.max(0, i - 4), i));
    if (depth === 0 && (c === ';' || end)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => tidy(p)).filter(Boolean);
}

/** Spaces collapsed, punctuation at either end dropped. */
function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:.–-]+/, '')
    .replace(/[\s,;:.]+$/, '')
    .trim();
}

const JOINERS = /,\s*|\s+(?:và|đồng thời|cùng với)\s+/gu;

/** A clause with two figures or more, cut between them at a comma or “và”. */
function splitAtFigures(clause: string): string[] {
  const figs = findFigures(clause);
  if (figs.length < 2) return [clause];
  const mask = bracketMask(clause);
  const figureFirst = tidy(stripQualifiers(clause.slice(0, figs[0].start)).name) === '';
  const cuts: number[] = [];
  for (let i = 0; i + 1 < figs.length; i++) {
    const from = figs[i].end;
    const to = figs[i + 1].start;
    const between = fold(clause.slice(from, to));
    // “từ 2,5% xuống còn 1,8%”, “từ 5 lên 7”: one target, going from one figure to the other.
    if (/^\s*(lên|xuống|xuống còn|giảm xuống|giảm còn|tăng lên)\s*$/.test(between)) continue;
    const joints = [...clause.slice(from, to).matchAll(JOINERS)].filter((j) => !mask[from + j.index]);
    if (!joints.length) continue;
    const j = figureFirst ? joints[joints.length - 1] : joints[0];
    cuts.push(from + j.index, from + j.index + j[0].length);
  }
  if (!cuts.length) return [clause];
  const parts: string[] = [];
  let start = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    parts.push(clause.slice(start, cuts[k]));
    start = cuts[k + 1];
  }
  parts.push(clause.slice(start));
  return parts.map(tidy).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// The words around a figure.

const SORTED_QUALIFIERS = [...QUALIFIERS].sort((a, b) => b[0].length - a[0].length);

/** Qualifier words at the end of `before`, taken off one by one: what is left is the name. */
function stripQualifiers(before: string): { name: string; senses: QualifierSense[]; words: string } {
  let name = before;
  const senses: QualifierSense[] = [];
  let cut = before.length;
  for (;;) {
    const trimmed = name.replace(/[\s:,–-]+$/u, '');
    const f = fold(trimmed);
    const hit = SORTED_QUALIFIERS.find(
      ([q]) => f.endsWith(q) && (f.length === q.length || !/[\p{L}\p{N}]/u.test(f[f.length - q.length - 1]) || /[<>≤≥=]/.test(q)),
    );
    // “trở lên” is part of a name (“sinh con thứ 3 trở lên”), not the figure's verb.
    if (!hit || (hit[0] === 'lên' && /trở\s+lên$/u.test(f))) {
      name = trimmed;
      break;
    }
    senses.push(hit[1]);
    name = trimmed.slice(0, trimmed.length - hit[0].length);
    cut = name.length;
  }
  return { name, senses, words: tidy(before.slice(cut)) };
}

/** A unit of measure at the start of `after`: its printed form and length. */
function unitAt(after: string): { unit: string; length: number; count: boolean } | undefined {
  const f = fold(after);
  const lead = /^\s*/.exec(f)![0].length;
  const rest = f.slice(lead);
  const at = (len: number, count: boolean) => ({ unit: after.slice(lead, lead + len).trim(), length: lead + len, count });
  const money = /^(?:nghìn|ngàn|triệu|tr\.?|tỷ)\s*(?:đồng|đ)(?![\p{L}])(?:\s*\/\s*\p{L}+){0,3}/u.exec(rest);
  if (money) return at(money[0].length, false);
  const wordEnd = (len: number) => !/[\p{L}\p{N}]/u.test(rest[len] ?? ' ');
  for (const m of [...MEASURES].sort((a, b) => b.length - a.length)) {
    if (rest.startsWith(m) && wordEnd(m.length)) {
      const per = /^(?:\s*\/\s*\p{L}+)?/u.exec(rest.slice(m.length))![0];
      return at(m.length + per.length, false);
    }
  }
  for (const c of [...COUNT_NOUNS].sort((a, b) => b.length - a.length)) {
    if (rest.startsWith(c) && wordEnd(c.length)) {
      // “bác sĩ/vạn dân”, “giường bệnh/vạn dân”: per capita.
      const per = /^\s*\/\s*(?:vạn|nghìn|1\.000|10\.000|100)?\s*dân(?![\p{L}])/u.exec(rest.slice(c.length));
      return per ? at(c.length + per[0].length, false) : at(c.length, true);
    }
  }
  return undefined;
}

/** Verbs after which the rest of a name follows (“đạt chuẩn”, “đạt các tiêu chí”): “đạt” there is not the figure's verb. */
const NAME_AFTER_DAT = new Set(['chuẩn', 'tiêu', 'danh', 'bộ', 'các', 'yêu', 'kết', 'giải', 'huy', 'loại', 'đô', 'văn', 'an', 'nông', 'kế']);

const LEADS = /^(?:(?:trong\s+)?năm\s+\d{4},?\s+|(?:tiếp tục\s+)?phấn đấu(?:\s+(?:đạt|để|có))?\s+|trong đó\s+|đồng thời\s+|và\s+|riêng\s+)+/iu;

const TRANSITION = /^\s*%?\s*(lên|xuống|xuống còn|giảm xuống|giảm còn|tăng lên)\s*$/u;

function readClause(clause: string, fig: Figure, others: Figure[], asides: Figure[]): TargetRead {
  // “giảm từ 2,5% xuống còn 1,8%”: the figure is the second; the words between say which way.
  const from = others.find(
    (o) => o.end <= fig.start && /từ\s*$/u.test(fold(clause.slice(0, o.start))) && TRANSITION.test(fold(clause.slice(o.end, fig.start))),
  );
  let rawBefore = clause.slice(0, fig.start);
  const connector = from ? fold(clause.slice(from.end, fig.start)).replace('%', '').trim() : undefined;
  if (from) rawBefore = clause.slice(0, fold(clause.slice(0, from.start)).lastIndexOf('từ'));
  let after = clause.slice(fig.end);
  const q = stripQualifiers(rawBefore);
  let name = q.name.replace(LEADS, '');
  const senses: QualifierSense[] = from ? [/xuống|giảm/u.test(connector!) ? 'downTo' : 'min'] : [...q.senses];
  const words = [from ? `${q.words} từ ${from.printed} ${connector}`.trim() : q.words];
  // “không để xảy ra trên 5 vụ”: a ceiling, not a floor.
  if (!from && /(?:^|[^\p{L}])không để(?![\p{L}])/u.test(fold(rawBefore))) {
    for (let i = 0; i < senses.length; i++) if (senses[i] === 'min') senses[i] = 'max';
  }
  // The unit after the figure.
  let unit: string | undefined = fig.percent ? '%' : undefined;
  let unitIsCount = false;
  if (fig.shape === 'perCapita') unit = `/${fig.per}`;
  else if (!fig.percent) {
    const u = unitAt(after);
    if (u) {
      unit = u.unit;
      unitIsCount = u.count;
      after = after.slice(u.length);
    }
  }
  // Words after the figure that are neither a known unit nor a qualifier: perhaps a unit (“140 tỷ”).
  let unreadUnit: string | undefined;
  if (!unit) {
    const next = /^\s*(\p{L}+(?:\s+\p{L}+){0,2})/u.exec(after);
    const f = fold(after.trimStart());
    if (next && !AFTER_QUALIFIERS.some(([w]) => f.startsWith(w)) && !/^(?:mỗi|hằng|hàng|một|so)(?![\p{L}])/u.test(f)) unreadUnit = next[1];
  }
  // Words after the figure: “trở lên”, “so với …”, “/năm”.
  let rest = after.replace(/^\s+/, '');
  let perYear = false;
  let relativeTo: string | undefined;
  for (;;) {
    const f = fold(rest);
    const aq = AFTER_QUALIFIERS.find(([w]) => f.startsWith(w));
    if (aq) {
      senses.push(aq[1]);
      words.push(rest.slice(0, aq[0].length));
      rest = rest.slice(aq[0].length).replace(/^[\s,]+/, '');
      continue;
    }
    const year = /^(?:\/\s*năm|mỗi năm|hằng năm|hàng năm|một năm|\/năm)(?![\p{L}])/u.exec(f);
    if (year) {
      perYear = true;
      rest = rest.slice(year[0].length).replace(/^[\s,]+/, '');
      continue;
    }
    break;
  }
  const rel = /(?:^|\s)(so với .*)$/u.exec(rest);
  if (rel) {
    relativeTo = tidy(rel[1]);
    rest = rest.slice(0, rel.index);
  }
  rest = tidy(rest);
  const maintain = senses.includes('maintain') || /(?:^|[^\p{L}])(duy trì|giữ vững|giữ ổn định)(?![\p{L}])/u.test(fold(clause));
  const hasQualifier = senses.length > 0;
  let tail: string | undefined;
  let dropped: string | undefined;
  name = tidy(name);
  name = name.replace(/,?\s*không để(?:\s+xảy ra)?$/u, '');
  const fromBefore = name !== '' && !(!hasQualifier && rest);
  if (!name) {
    // Figure first: “02 trường đạt chuẩn quốc gia”, “95,8% gia đình văn hóa”.
    name = [unitIsCount ? unit : '', rest].filter(Boolean).join(' ');
    if (senses.includes('add') && name) name = `${name} tăng thêm`;
    if (maintain && name && !/^(duy trì|giữ)/iu.test(name)) name = `Duy trì ${name}`;
  } else if (!hasQualifier && (rest || (unitIsCount && !fold(name).includes(fold(unit!))))) {
    // The figure inside the name: “nâng cao 55 tiêu chí đô thị loại III đã đạt”, “khởi công 08 nhà văn hóa”.
    name = [name, unitIsCount ? unit : '', rest].filter(Boolean).join(' ');
  } else if (rest) {
    tail = rest;
  }
  // “thuê bao … đạt tỷ lệ người dùng 80/100 dân”: “đạt” is the figure's verb, what follows it up to the figure is dropped.
  if (fromBefore) {
    const f = fold(name);
    const at = [...f.matchAll(/(?:^|\s)đạt\s+(\p{L}+)/gu)].pop();
    if (at && !NAME_AFTER_DAT.has(at[1]) && at.index > 0) {
      const cut = at.index + (f[at.index] === ' ' ? 1 : 0);
      dropped = tidy(name.slice(cut + 'đạt'.length));
      name = tidy(name.slice(0, cut));
      senses.push('reach');
    }
  }
  // A bracket holding only another way of writing the figure (“(21 hộ)”, “(tương đương 1.200 người)”).
  const asideText = asides
    .map((a) => bracketAround(clause, a.start))
    .find(
      (b) =>
        b !== undefined && /^\(\s*(?:tương đương|tức|khoảng|với|gồm|trong đó)?\s*[\d.,/%\s-]+\s*[\p{L}%/. ]{0,24}\)$/u.test(b) && b.split(/\s+/).length <= 5,
    );
  return {
    clause,
    name: capitalize(tidy(name)),
    ...(unit ? { unit } : {}),
    ...(unitIsCount ? { unitIsCount } : {}),
    ...(unreadUnit ? { unreadUnit } : {}),
    figure: fig,
    senses,
    qualifier: tidy(words.filter(Boolean).join(' ')),
    maintain,
    ...(asideText ? { aside: asideText } : {}),
    ...(tail ? { tail } : {}),
    ...(dropped ? { dropped } : {}),
    ...(relativeTo ? { relativeTo } : {}),
    ...(perYear ? { perYear } : {}),
    others: others.filter((o) => o !== from).map((o) => o.printed),
    ...(from ? { from: from.printed } : {}),
  };
}

/** The bracketed text around an offset (“(21 hộ)”). */
function bracketAround(text: string, at: number): string | undefined {
  const open = text.lastIndexOf('(', at);
  const close = text.indexOf(')', at);
  return open >= 0 && close > open ? text.slice(open, close + 1) : undefined;
}

/** A target without a figure: “Hoàn thành …” (100%), “Không còn …” (0), else nothing to read. */
function readFigureless(clause: string): TargetRead | undefined {
  const f = fold(clause).replace(/^(?:tiếp tục\s+)?phấn đấu\s+/u, '');
  const base = { clause, senses: [] as QualifierSense[], qualifier: '', maintain: false, others: [] };
  if (/^(hoàn thành|hoàn thiện)(?![\p{L}])/u.test(f)) return { ...base, name: capitalize(tidy(clause)), unit: '%', complete: true };
  const none = /(?:^|[^\p{L}])(không còn|xóa hết|xóa bỏ hoàn toàn)\s+(.*)$/u.exec(f);
  if (none) {
    const rest = clause.slice(clause.length - none[2].length);
    const u = unitAt(rest);
    return { ...base, name: capitalize(tidy(clause)), ...(u ? { unit: u.unit, unitIsCount: u.count } : {}), noneLeft: true, senses: ['noneLeft'] };
  }
  return undefined;
}

/** Reads one item of the list into its targets. */
export function readItem(item: ListItem): ItemRead {
  if (item.cells) return readTableRow(item.cells);
  const targets: TargetRead[] = [];
  const unread: string[] = [];
  for (const sentence of sentences(item.text)) {
    for (const clause of splitAtFigures(sentence)) {
      const asides: Figure[] = [];
      const figs = findFigures(clause, asides);
      if (!figs.length) {
        const t = readFigureless(clause);
        if (t) targets.push(t);
        else unread.push(clause);
        continue;
      }
      // The figure read: the last of a “từ … xuống …” pair, else the first.
      const main =
        figs.length > 1 && /^\s*%?\s*(lên|xuống|xuống còn|giảm xuống|giảm còn|tăng lên)\s*$/u.test(fold(clause.slice(figs[0].end, figs[1].start)))
          ? figs[1]
          : figs[0];
      targets.push(
        readClause(
          clause,
          main,
          figs.filter((f) => f !== main),
          asides,
        ),
      );
    }
  }
  return { targets, unread };
}

/** A table row: the plan cell is read for the figure; the name and unit cells are the name and unit. */
function readTableRow(cells: NonNullable<ListItem['cells']>): ItemRead {
  const plan = cells.plan;
  const asides: Figure[] = [];
  const figs = findFigures(plan, asides);
  const name = capitalize(tidy(cells.name));
  const unit = cells.unit.trim() || undefined;
  if (!figs.length) {
    const t = readFigureless(plan) ?? readFigureless(cells.name);
    if (t) return { targets: [{ ...t, clause: `${cells.name} ${plan}`.trim(), name, ...(unit ? { unit } : {}) }], unread: [] };
    return {
      targets: [{ clause: `${cells.name} ${plan}`.trim(), name, ...(unit ? { unit } : {}), senses: [], qualifier: '', maintain: false, others: [] }],
      unread: [],
    };
  }
  const main =
    figs.length > 1 && /^\s*%?\s*(lên|xuống|xuống còn|giảm xuống|giảm còn|tăng lên)\s*$/u.test(fold(plan.slice(figs[0].end, figs[1].start)))
      ? figs[1]
      : figs[0];
  const t = readClause(
    plan,
    main,
    figs.filter((f) => f !== main),
    asides,
  );
  // The name cell may end with the qualifier (“Tỷ lệ hộ nghèo giảm còn”) or say “duy trì”; “… đã đạt” is a name.
  let q = stripQualifiers(cells.name);
  if (!q.senses.some((x) => x !== 'reach')) q = { name: cells.name, senses: [], words: '' };
  const senses = t.senses.length ? t.senses : q.senses;
  const maintain = t.maintain || /(?:^|[^\p{L}])(duy trì|giữ vững)(?![\p{L}])/u.test(fold(cells.name));
  return {
    targets: [
      {
        ...t,
        clause: `${cells.name}\t${cells.unit}\t${plan}`.replace(/\t+$/, ''),
        name: q.senses.length && !t.senses.length ? capitalize(tidy(q.name)) : name,
        unit: unit ?? t.unit,
        senses,
        maintain,
        ...(q.words && !t.senses.length ? { qualifier: q.words } : {}),
        tail: undefined,
        planCell: plan,
      },
    ],
    unread: [],
  };
}
