/**
 * From what departments submitted to what the appendix prints: per-row reading, assessment and
 * printed figure; the checks a department sees; footnotes and the report's summary sentences.
 */
import { assess, type Assessment, type Status } from './assess.ts';
import { indicatorLabel, type Catalog, type Indicator, type Period } from './catalog.ts';
import { formatPercent, periodRule, type PeriodRule } from './derived.ts';
import { decimalsOf, formatNumberVi, MINUS_SIGN, normalizeSpaces, padCount, roundTo, withUnit } from './numbers.ts';
import { cleanActualText, figureSpaces, readActual, type Actual, type CellInput, type Target } from './target.ts';

/** What one unit submitted for one indicator. */
export interface RowInput {
  /** The "Ước thực hiện" cell as read (number or text). */
  value: CellInput;
  /** The "Giải trình, ghi chú" cell. */
  note?: string | null;
}

export interface RowResult {
  indicator: Indicator;
  /** The target and rule the row is judged by in its period (derived.ts periodRule). */
  rule: PeriodRule;
  input: CellInput;
  actual: Actual;
  assessment: Assessment;
  /** The actual figure as the appendix prints it ("Tăng 6,45 %", "1.721,4"). */
  printed: string;
  note: string;
}

/**
 * The figure rounded and written the Vietnamese way at the indicator's reporting precision, with
 * the real minus ("−2,5"; the sheet's formula reads it back), trailing zeros dropped ("63,4", not
 * "63,40"); float noise reads at that precision (2.78e-17 at 2 decimals is "0").
 */
export function formatFigure(ind: Indicator, value: number): string {
  const d = Math.min(decimalsOf(roundTo(value, ind.decimals)), ind.decimals);
  return formatNumberVi(value, d);
}

/**
 * Nouns that count things or people: an indicator whose unit is one of them (or several joined by
 * "/", “Phường/ xã”) and whose figures have no decimals is a head count, where a fraction is a
 * typing slip (“1,200” typed the English way for 1.200 people) worth a warning.
 */
export const COUNT_NOUNS = [
  'người',
  'lao động',
  'hộ',
  'nhà',
  'trường',
  'đơn vị',
  'tiêu chí',
  'phường',
  'xã',
  'thôn',
  'tổ dân phố',
  'cơ sở',
  'doanh nghiệp',
  'hợp tác xã',
  'công trình',
  'dự án',
  'lớp',
  'học sinh',
  'trạm',
  'xe',
  'chiếc',
  'cái',
  'con',
  'lượt',
];

/** The unit of measure's parts, lower case with plain spaces: “Phường/ xã” → ["phường", "xã"]. */
function unitParts(unit: string): string[] {
  return unit
    .split('/')
    .map((p) => figureSpaces(p.toLowerCase()))
    .filter((p) => p !== '');
}

/** A whole-number indicator of things or people (see COUNT_NOUNS): a figure with a fraction is suspect. */
export function isCountIndicator(ind: Pick<Indicator, 'unit' | 'decimals'>): boolean {
  const parts = unitParts(ind.unit);
  return ind.decimals === 0 && parts.length > 0 && parts.every((p) => COUNT_NOUNS.includes(p));
}

/** The indicator is reported in percent: a percent-formatted cell's fraction is its figure / 100. */
export function isPercentIndicator(ind: Pick<Indicator, 'unit'>): boolean {
  return ind.unit.trim() === '%';
}

/**
 * The words of its unit of measure a typed figure of this indicator may carry (“942 người”,
 * “9 nhà”, “1.200 lao động”, “63,41 triệu đồng”), lower case, longest first; the sheet's formula
 * takes out the same words (formula.ts cleanedFormula). They are: the unit as the catalogue writes
 * it up to its first "/" (a typed figure is cut there: “63,41 tr. đồng/người/năm”), every part of
 * a unit that lists things counted (“Phường/ xã”: “6 xã”), and the catalogue's own `prose.unitWords`
 * (how the report writes the unit after a figure: “lao động” for Người). Not taken: a word with a
 * digit or a "/" (the cut would split it), "%" (already one of ACTUAL_AFFIXES), and a unit word of
 * another indicator (“125.000 triệu đồng” in a row counted in tỷ đồng stays unreadable: it would
 * be a thousand times off).
 */
export function figureUnitWords(ind: Pick<Indicator, 'unit' | 'decimals' | 'prose'>): string[] {
  const words = new Set<string>();
  const add = (w: string) => {
    const s = figureSpaces(w.toLowerCase());
    if (s !== '' && s !== '%' && !/[\d/]/.test(s)) words.add(s);
  };
  const parts = unitParts(ind.unit);
  if (parts.length) add(parts[0]);
  if (isCountIndicator({ ...ind, decimals: 0 })) parts.forEach(add);
  for (const w of ind.prose?.unitWords ?? []) add(w);
  return [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** readActual with the indicator's unit words (and its unit, for the message about another word). */
export function readIndicatorActual(ind: Pick<Indicator, 'unit' | 'decimals' | 'prose'>, input: CellInput): Actual {
  return readActual(input, { unitWords: figureUnitWords(ind), unit: ind.unit });
}

/**
 * How the appendix prints an actual: a number through the indicator's pattern ("Tăng {} %");
 * a printed form as the department wrote it; a bare number typed as text, with or without its
 * unit's words, re-written the Vietnamese way ("1721,4" → "1.721,4", “942 người” → "942": the
 * unit has its own column).
 */
export function printActual(ind: Indicator, input: CellInput, actual: Actual): string {
  if (actual.kind === 'empty') return '';
  if (actual.kind === 'number' && (typeof input === 'number' || (typeof input === 'string' && isBareFigure(ind, input)))) {
    return ind.actualFormat.replace('{}', formatFigure(ind, actual.value));
  }
  return typeof input === 'string' ? normalizeSpaces(input) : String(input ?? '');
}

/**
 * Typed text that is one number and nothing else but "%" signs and its unit's words (“95,8%”,
 * “95,8%%” — LibreOffice's “95,8%” in a percentage cell —, “942 người”, “1.721,4”): the figure
 * alone, printed the appendix's way. Words that say more (“Tăng 6,45 %”, “Giảm còn 2 %”,
 * “80/100 dân”, “9 ⁷⁶”) make a printed form, kept as typed.
 */
export function isBareFigure(ind: Pick<Indicator, 'unit' | 'decimals' | 'prose'>, text: string): boolean {
  const words = figureUnitWords(ind);
  let s = figureSpaces(text.toLowerCase()).split(MINUS_SIGN).join('-');
  for (const w of [...words, '%']) s = s.split(w).join(' ');
  return s.replace(/\s/g, '') === cleanActualText(text, words);
}

/**
 * One row read and judged. With a period, by that period's rule (a mid-year period: its own target,
 * or progress toward the annual plan); without one, against the annual plan.
 */
export function evaluateRow(ind: Indicator, row: RowInput | undefined, period?: Pick<Period, 'id' | 'assessment'>): RowResult {
  const input = row?.value ?? null;
  const actual = readIndicatorActual(ind, input);
  const rule = periodRule(ind, period);
  return {
    indicator: ind,
    rule,
    input,
    actual,
    assessment: assess(rule.target, actual, ind.decimals, rule.basis, rule.measure, ind.bounds),
    printed: printActual(ind, input, actual),
    note: normalizeSpaces(row?.note ?? ''),
  };
}

export type ProblemCode = 'missing' | 'not_a_number' | 'out_of_bounds' | 'explanation_missing' | 'fraction' | 'percent_read';

/**
 * An error rejects a submission (a figure that is not a number or is outside the indicator's
 * bounds); a warning is for a person to look at and never blanks a figure (a blank row, a missing
 * explanation, unless the catalogue makes that explanation "required").
 */
export type Severity = 'error' | 'warning';

export interface RowProblem {
  code: ProblemCode;
  severity: Severity;
  indicator: string;
  /** Which cell to fix: the figure or the explanation. */
  field: 'value' | 'note';
  message: string;
}

/**
 * Two versions of a row say the same figure: equal numbers when both are numbers (2890.4 typed
 * and “2.890,4” printed are one figure), else the same text as typed.
 */
export function sameFigure(a: Pick<RowResult, 'actual' | 'input'>, b: Pick<RowResult, 'actual' | 'input'>): boolean {
  if (a.actual.kind === 'number' && b.actual.kind === 'number') return a.actual.value === b.actual.value;
  return String(a.input ?? '') === String(b.input ?? '');
}

/**
 * A whole-number count (isCountIndicator) whose figure, at its 15 significant digits, has a
 * fraction: 1,2 people. The sheet colours the cell the same way (layout.ts, FRACTION_FORMAT).
 */
export function hasFraction(ind: Pick<Indicator, 'unit' | 'decimals'>, value: number): boolean {
  return isCountIndicator(ind) && decimalsOf(value) > 0;
}

/** What is wrong with one row, in the words a department officer reads. */
export function checkRow(r: RowResult): RowProblem[] {
  const ind = r.indicator;
  const label = indicatorLabel(ind);
  const problems: RowProblem[] = [];
  const p = (code: ProblemCode, severity: Severity, field: 'value' | 'note', message: string) =>
    problems.push({ code, severity, indicator: ind.code, field, message });
  const explanation: Severity = ind.explanation === 'required' ? 'error' : 'warning';
  switch (r.actual.kind) {
    case 'empty':
      p('missing', 'warning', 'value', `${label}: chưa nhập số liệu.`);
      break;
    case 'invalid':
      p('not_a_number', 'error', 'value', `${label}: ${r.actual.error}`);
      break;
    case 'number': {
      // At the reporting precision, like the assessment: float noise never trips a bound.
      const { min, max } = ind.bounds;
      const v = roundTo(r.actual.value, ind.decimals);
      if (v < min || v > max) {
        // The figure as the officer typed it: quoted text, or the number written out in full.
        const typed = typeof r.input === 'string' ? `“${normalizeSpaces(r.input)}”` : withUnit(formatNumberVi(r.actual.value), ind.unit);
        const lo = formatNumberVi(min);
        const hi = formatNumberVi(max);
        const range = ind.unit.trim() === '%' ? `${lo}% đến ${hi}%` : `${lo} đến ${withUnit(hi, ind.unit)}`;
        p(
          'out_of_bounds',
          'error',
          'value',
          `${label}: số liệu ${typed} nằm ngoài khoảng cho phép từ ${range}. Hãy kiểm tra lại đơn vị tính và dấu thập phân.`,
        );
      } else if (hasFraction(ind, r.actual.value)) {
        // “1,200” typed the English way reads 1,2: offer the figure it probably meant.
        const v1000 = r.actual.value * 1000;
        const meant =
          decimalsOf(r.actual.value) <= 3 && Math.abs(v1000) >= 1000
            ? ` Nếu định ghi ${formatNumberVi(v1000, 0)}, hãy dùng dấu chấm để tách hàng nghìn: ${formatNumberVi(v1000, 0)}.`
            : ' Hãy kiểm tra lại dấu chấm, dấu phẩy.';
        p(
          'fraction',
          'warning',
          'value',
          `${label}: số liệu ${formatNumberVi(r.actual.value)} có phần thập phân, nhưng chỉ tiêu đếm theo ${ind.unit.trim().toLowerCase()} (số nguyên).${meant}`,
        );
      }
      break;
    }
    case 'not_assessed':
      break;
  }
  if (r.assessment.status === 'khong_dat' && r.note === '') {
    p('explanation_missing', explanation, 'note', `${label}: không đạt kế hoạch, cần ghi lý do vào cột “Giải trình, ghi chú”.`);
  }
  if (r.actual.kind === 'not_assessed' && r.note === '' && r.actual.reason.length < 20) {
    p('explanation_missing', explanation, 'note', `${label}: chưa đánh giá, cần ghi rõ lý do vào cột “Giải trình, ghi chú”.`);
  }
  return problems;
}

const SUPERSCRIPT = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
export function superscript(n: number): string {
  return String(n)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('');
}

export interface Footnote {
  number: number;
  /** The row the mark is on and where: on the name when unmet, on the figure otherwise (as the report does). */
  indicator: string;
  anchor: 'name' | 'actual';
  text: string;
}

/** Footnotes from departments' explanations and notes, numbered from the catalogue's start. */
export function footnotes(catalog: Catalog, rows: RowResult[]): Footnote[] {
  let n = catalog.appendix.footnoteStart;
  return rows
    .filter((r) => r.note !== '')
    .map((r) => ({
      number: n++,
      indicator: r.indicator.code,
      anchor: r.assessment.status === 'khong_dat' ? 'name' : 'actual',
      text: r.note,
    }));
}

export type Counts = Record<Status, number>;

export interface Summary {
  counts: Counts;
  total: number;
  met: number;
  groups: number;
  /** "có 17/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu không đạt, 01 chỉ tiêu không đánh giá" */
  sentence: string;
  /** The sentence's parts (it is they, joined by ", "), each with the detail a footnote gives it in the report. */
  parts: { text: string; detail?: string }[];
  /** "Có 09 chỉ tiêu đạt, 08 chỉ tiêu vượt kế hoạch." */
  metDetail: string;
  /** "Thu nhập bình quân đầu người ước đạt 63,41/69 triệu đồng/người/năm; …" */
  unmetDetail: string;
  /** "Chỉ tiêu cơ quan công sở đạt chuẩn văn hóa: Áp dụng quy định mới chưa đánh giá." */
  notAssessedDetail: string;
  /** Mid-year: "Thu ngân sách trên địa bàn đạt 54,6% KH năm; …" for the figures on their way to the annual plan. */
  progressDetail: string;
}

function planFigure(ind: Indicator, t: Target): string {
  if (t.kind === 'range') return `${formatNumberVi(t.min)}-${formatNumberVi(t.max)}`;
  if (t.kind === 'none') return ind.plan;
  return formatNumberVi(t.value);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

/** "Có 09 chỉ tiêu đạt, 08 chỉ tiêu vượt kế hoạch."; a count of none is written "không có" (GLOSSARY), never "00". */
function metDetail(dat: number, vuot: number): string {
  if (dat && vuot) return `Có ${padCount(dat)} chỉ tiêu đạt, ${padCount(vuot)} chỉ tiêu vượt kế hoạch.`;
  if (dat) return `Có ${padCount(dat)} chỉ tiêu đạt kế hoạch.`;
  if (vuot) return `Có ${padCount(vuot)} chỉ tiêu vượt kế hoạch.`;
  return 'Không có chỉ tiêu đạt hoặc vượt kế hoạch.';
}

export function summarize(catalog: Catalog, period: Period, rows: RowResult[]): Summary {
  const counts: Counts = { vuot: 0, dat: 0, khong_dat: 0, tien_do: 0, chua_danh_gia: 0, chua_nhap: 0, loi: 0 };
  for (const r of rows) counts[r.assessment.status]++;
  const met = counts.vuot + counts.dat;
  const total = rows.length;
  const missing = counts.chua_nhap + counts.loi;
  const unmet = rows
    .filter((r) => r.assessment.status === 'khong_dat')
    .map((r) => {
      const ind = r.indicator;
      const actual = r.actual.kind === 'number' ? formatFigure(ind, r.actual.value) : r.printed;
      // "6,45%/13%" for a percentage (no space before %), "942/1.200 Người" otherwise.
      const phrase = ind.unmetPhrase ?? (ind.unit.trim() === '%' ? `${ind.name} {verb} {actual}%/{plan}%` : `${ind.name} {verb} {actual}/{plan} ${ind.unit}`);
      return phrase.replace('{verb}', period.verb).replace('{actual}', actual).replace('{plan}', planFigure(ind, r.rule.target));
    });
  const progress = rows
    .filter((r) => r.assessment.status === 'tien_do' && r.assessment.progress !== undefined)
    .map((r) => `${r.indicator.name} ${period.verb} ${formatPercent(r.assessment.progress!)} KH năm`);
  const notAssessed = rows
    .filter((r) => r.assessment.status === 'chua_danh_gia')
    .map((r) => `Chỉ tiêu ${lowerFirst(r.indicator.name)}: ${r.assessment.reason ?? ''}.`);
  const details = {
    metDetail: metDetail(counts.dat, counts.vuot),
    unmetDetail: unmet.join('; '),
    notAssessedDetail: notAssessed.join(' '),
    progressDetail: progress.join('; '),
  };
  const parts: Summary['parts'] = [];
  const part = (text: string, detail: string | undefined) => parts.push({ text, ...(detail ? { detail } : {}) });
  part(`có ${met}/${total} chỉ tiêu (trong ${catalog.groups.length} nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch`, met > 0 ? details.metDetail : undefined);
  if (counts.khong_dat) part(`${padCount(counts.khong_dat)} chỉ tiêu không đạt`, details.unmetDetail && `${details.unmetDetail}.`);
  if (counts.tien_do) part(`${padCount(counts.tien_do)} chỉ tiêu đang thực hiện so với kế hoạch năm`, details.progressDetail && `${details.progressDetail}.`);
  if (counts.chua_danh_gia) part(`${padCount(counts.chua_danh_gia)} chỉ tiêu không đánh giá`, details.notAssessedDetail);
  if (missing) part(`${padCount(missing)} chỉ tiêu chưa có số liệu hợp lệ`, undefined);
  return {
    counts,
    total,
    met,
    groups: catalog.groups.length,
    sentence: parts.map((p) => p.text).join(', '),
    parts,
    ...details,
  };
}
