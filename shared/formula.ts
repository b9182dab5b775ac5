/**
 * The assessment rule as Excel formulas, generated per row from the catalogue. Only functions that
 * Excel 2016 and LibreOffice both have (IF, CHOOSE, SIGN, ROUND, LOG10, SUBSTITUTE, TRIM, CHAR,
 * FIND, SEARCH, REPT, EXACT, _xlfn.NUMBERVALUE; no LET, IFS, XLOOKUP). It mirrors readActual() in target.ts and assess() in
 * assess.ts step by step:
 *
 *   cleaned cell  = the typed text cut at "/", lower-cased, FIGURE_SPACES and ACTUAL_AFFIXES
 *                   made spaces, the real minus "−" (U+2212) written "-", TRIM, the space after a
 *                   leading sign dropped; a space left inside is not a number character, so the
 *                   value cell reads it as "ERR" (“942 đạt 78,5%”, never 94.278,5)
 *   value cell    = a number, "" (empty), "NA" (not assessed) or "ERR" (unreadable); blank,
 *                   "chưa đánh giá" and "Giảm" are looked for in the text with FIGURE_SPACES made
 *                   spaces and TRIMmed, as readActual does (a no-break space is not a space to TRIM)
 *   status cell   = the report's label, from the value rounded at the reporting precision
 *
 * Rounding as roundTo() does it (15 significant digits, then half away from zero in decimal), not
 * as ROUND(value, d) alone: LibreOffice rounds ROUND(x; 0) on the binary value (=0,145*100 leaves
 * 14.499999999999998, which it rounds to 14, the worker to 15) and adds its own tolerance for
 * d > 0. So the status formula first takes the value scaled by 10^d to 15 significant digits,
 * ROUND(x, 14 − INT(LOG10(|x|))), and only then rounds to a whole number of 10^−d; that agrees with
 * the worker for every figure of at most 15 digits within the precision limit (the knife edges
 * beyond are in docs/catalog-format.md, "Figures and precision"). Comparisons go through
 * SIGN(r − plan), so the rounded value is written once per comparison. Literals are plain
 * decimals ("1000000000000000000000", "0.000001"), which Excel and LibreOffice both read, never
 * JavaScript's "1e+21".
 *
 * A mid-year period judged as progress toward the annual plan follows the same table of outcomes
 * (assess.ts outcomes()): where the plan rule says “Không đạt KH”, the cell shows the share of the
 * annual plan, “Đạt 54,6% KH năm” (or stays blank for a level), built from the same rounded value.
 *
 * Formulas are written without the leading "=" (the way exceljs and OOXML store them).
 */
import { OUT_OF_BOUNDS_LABEL, outcomes, progressBase, STATUS_LABEL, type Bounds, type Status } from './assess.ts';
import { PERCENT_DECIMALS, type Basis, type Measure } from './derived.ts';
import { decimalsOf, formatVnNumber, MINUS_SIGN, roundTo } from './numbers.ts';
import { ACTUAL_AFFIXES, FIGURE_SPACES, NOT_ASSESSED_MARK, type Target } from './target.ts';

export const VALUE_EMPTY = '';
export const VALUE_NOT_ASSESSED = 'NA';
export const VALUE_ERROR = 'ERR';

function str(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function substituteAll(expr: string, pairs: [string, string][]): string {
  return pairs.reduce((acc, [from, to]) => `SUBSTITUTE(${acc},${str(from)},${str(to)})`, expr);
}

/**
 * A space of FIGURE_SPACES as a formula expression: a string literal, or CHAR() for the control
 * characters (a line break inside a stored formula would not survive the XML as written).
 */
function spaceChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 32 ? `CHAR(${code})` : str(c);
}

/** FIGURE_SPACES made spaces, trimmed and collapsed by TRIM (mirrors figureSpaces). */
function spacedFormula(expr: string): string {
  const subs = FIGURE_SPACES.filter((c) => c !== ' ').reduce((acc, c) => `SUBSTITUTE(${acc},${spaceChar(c)}," ")`, expr);
  return `TRIM(${subs})`;
}

/**
 * Cleaned text of the input cell (mirrors cleanActualText with the row's unit words, report.ts
 * figureUnitWords); "" when the input is a number. The space after a leading sign goes by a
 * marker: no line break is left once the spaces are made spaces, so CHAR(10) put in front can only
 * match at the start ("\n- 5" → "-5"), and whatever is left of it is removed.
 */
export function cleanedFormula(input: string, unitWords: readonly string[] = []): string {
  const cut = `IFERROR(LOWER(LEFT(${input},FIND("/",${input})-1)),LOWER(${input}))`;
  const taken = [...unitWords, ...ACTUAL_AFFIXES].map((a): [string, string] => [a, ' ']);
  const words = `TRIM(${substituteAll(spacedFormula(cut), [...taken, [MINUS_SIGN, '-']])})`;
  const signed = `SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(CHAR(10)&${words},CHAR(10)&"- ","-"),CHAR(10)&"+ ","+"),CHAR(10),"")`;
  return `IF(OR(ISNUMBER(${input}),ISLOGICAL(${input}),ISERROR(${input})),"",${signed})`;
}

/** TRUE when the cleaned text is a number written the Vietnamese way (mirrors parseVnNumber). */
function vnNumberTextOk(c: string): string {
  const onlyNumberChars = `LEN(${substituteAll(
    c,
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', ',', '-', '+'].map((ch): [string, string] => [ch, '']),
  )})=0`;
  const signs = `LEN(${c})-LEN(${substituteAll(c, [
    ['-', ''],
    ['+', ''],
  ])})`;
  const signOk = `${signs}=IF(OR(LEFT(${c},1)="-",LEFT(${c},1)="+"),1,0)`;
  const p = substituteAll(`IFERROR(LEFT(${c},FIND(",",${c})-1),${c})`, [
    ['-', ''],
    ['+', ''],
  ]);
  const d = `(LEN(${p})-LEN(SUBSTITUTE(${p},".","")))`;
  // Any number of groups: with every digit written 0, the integer part must read
  // "0", "00" or "000" followed by ".000" once per dot ("12.554.000" → "00.000.000").
  const shape = substituteAll(
    p,
    ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((ch): [string, string] => [ch, '0']),
  );
  const first = `LEN(${p})-4*${d}`;
  const grouping = `OR(${d}=0,AND(${first}>=1,${first}<=3,EXACT(${shape},REPT("0",MAX(1,${first}))&REPT(".000",${d}))))`;
  return `AND(${onlyNumberChars},${signOk},LEN(${p})>=1,RIGHT(${c},1)<>",",${grouping})`;
}

/**
 * A number cell as the readers take it (template-read.ts readTemplateBack, checkTemplate): by its
 * number format, which CELL("format", …) tells in Excel and LibreOffice alike ("P0", "P1", "P2"
 * for a percentage, "D1" … "D9" for a date or a time, "G", ",1", "F0" … otherwise). A date is not a
 * figure; a percentage is the indicator's figure / 100 when it is reported in percent (0,958 shown
 * 95,8% is 95,8) and a mistake otherwise.
 */
function numberCellFormula(input: string, percent: boolean): string {
  const kind = `LEFT(CELL("format",${input}),1)`;
  return `IF(${kind}="D",${str(VALUE_ERROR)},IF(${kind}="P",${percent ? `${input}*100` : str(VALUE_ERROR)},${input}))`;
}

export interface ValueOptions {
  /** The indicator is reported in percent (report.ts isPercentIndicator). */
  percent?: boolean;
}

/** The value cell: a number, "" (empty), "NA" (not assessed) or "ERR" (mirrors readActual and the readers' number formats). */
export function valueFormula(input: string, cleaned: string, options: ValueOptions = {}): string {
  const spaced = spacedFormula(input);
  const blank = `LEN(${spaced})=0`;
  const lowerTrim = `LOWER(${spaced})`;
  const sign = `IF(AND(LEFT(${lowerTrim},4)="giảm",LEFT(${lowerTrim},8)<>"giảm còn"),-1,1)`;
  return [
    // An error value (“#DIV/0!”, a formula typed into the cell) is no figure, as TRUE and FALSE are not.
    `IF(OR(ISERROR(${input}),ISLOGICAL(${input})),${str(VALUE_ERROR)},`,
    `IF(ISNUMBER(${input}),${numberCellFormula(input, options.percent === true)},`,
    `IF(${blank},${str(VALUE_EMPTY)},`,
    `IF(ISNUMBER(SEARCH(${str(NOT_ASSESSED_MARK)},${spaced})),${str(VALUE_NOT_ASSESSED)},`,
    `IF(${cleaned}="",${str(VALUE_ERROR)},`,
    `IF(NOT(${vnNumberTextOk(cleaned)}),${str(VALUE_ERROR)},`,
    `IFERROR(${sign}*_xlfn.NUMBERVALUE(${cleaned},",","."),${str(VALUE_ERROR)})))))))`,
  ].join('');
}

/**
 * A number as a formula literal: plain decimal digits with "." (formulas are stored in the en-US
 * syntax whatever the user's locale), no exponent, at most 15 significant digits; a negative one in
 * parentheses ("(-5)").
 */
export function lit(x: number, decimals: number): string {
  const v = roundTo(x, decimals);
  const text = formatVnNumber(v, decimalsOf(v)).replace(/\./g, '').replace(',', '.');
  return v < 0 ? `(${text})` : text;
}

/** 10^d as a literal ("1", "100"). */
function pow10(d: number): string {
  return `1${'0'.repeat(d)}`;
}

/** x at 15 significant digits (0 stays 0); `x` is evaluated as written, so keep it short. */
function shown15(x: string): string {
  return `IF(${x}=0,0,ROUND(${x},14-INT(LOG10(ABS(${x})))))`;
}

/** The value rounded at `decimals` exactly as roundTo() does (see the module comment). */
export function roundedFormula(value: string, decimals: number): string {
  if (decimals === 0) return `ROUND(${shown15(value)},0)`;
  const scaled = `${value}*${pow10(decimals)}`;
  // From 10^15 on, a value's 15 digits hold no decimals: nothing to round (and no overflow).
  return `IF(ABS(${value})>=${pow10(15)},${shown15(value)},ROUND(${shown15(scaled)},0)/${pow10(decimals)})`;
}

/**
 * “Đạt 54,6% KH năm” for a figure `r` (already at the reporting precision) below a positive plan
 * `base`: the share r / base × 100 rounded as roundTo(…, PERCENT_DECIMALS) does, written with a
 * decimal comma whatever the user's locale (a number joined to text shows its 15 digits with the
 * locale's separator, "54.6" or "54,6"; the "." becomes ","). Only reached below the plan, so the
 * share is under 100: no thousands separator, no exponent.
 */
function progressLabelFormula(r: string, base: string): string {
  const scale = pow10(PERCENT_DECIMALS);
  const units = `ROUND(${shown15(`${r}/${base}*100*${scale}`)},0)`;
  return `IF(${r}>=0,"Đạt "&SUBSTITUTE(${units}/${scale}&"",".",",")&"% KH năm","")`;
}

/**
 * The Đánh giá cell from the value cell (mirrors assess): what the system refuses first (a value
 * that cannot be read: “Số liệu không hợp lệ”; one outside `bounds` at the reporting precision:
 * “Ngoài giới hạn”), never a status for it; then the position against the plan, and the status of
 * outcomes() for the period's basis and the indicator's measure.
 */
export function statusFormula(value: string, target: Target, decimals: number, basis: Basis = 'plan', measure: Measure = 'total', bounds?: Bounds): string {
  const r = roundedFormula(value, decimals);
  const notNumber = `IF(${value}=${str(VALUE_ERROR)},${str(STATUS_LABEL.loi)},${str(VALUE_EMPTY)})`;
  const guard = (judged: string) => {
    const inBounds = bounds ? `IF(OR(${r}<${lit(bounds.min, decimals)},${r}>${lit(bounds.max, decimals)}),${str(OUT_OF_BOUNDS_LABEL)},${judged})` : judged;
    return `IF(ISNUMBER(${value}),${inBounds},${notNumber})`;
  };
  if (target.kind === 'none') return str(STATUS_LABEL.chua_danh_gia);
  const out = outcomes(target, basis, measure);
  const base = progressBase(target, basis, measure, decimals);
  const label = (s: Status): string => (s === 'tien_do' && base !== undefined ? progressLabelFormula(r, lit(base, decimals)) : str(STATUS_LABEL[s]));
  const [worse, equal, better] = [label(out.worse), label(out.equal), label(out.better)];
  let cmp: string;
  if (target.kind === 'range') {
    // SIGN(r−min) + SIGN(r−max) + 3: 1 below min, 2–4 inside, 5 above max.
    const pos = `SIGN(${r}-${lit(target.min, decimals)})+SIGN(${r}-${lit(target.max, decimals)})+3`;
    cmp = `CHOOSE(${pos},${worse},${equal},${equal},${equal},${better})`;
  } else {
    const t = lit(target.value, decimals);
    // +1 better than the plan, 0 equal, −1 worse.
    const sign = target.direction === 'higher' ? `SIGN(${r}-${t})` : `SIGN(${t}-${r})`;
    cmp = equal === better ? `IF(${sign}>=0,${equal},${worse})` : `CHOOSE(${sign}+2,${worse},${equal},${better})`;
  }
  return guard(cmp);
}

/**
 * TRUE when the value cell holds a figure with a fraction (at its 15 significant digits) — on a
 * whole-number count (report.ts hasFraction) the sheet colours the input cell for it.
 */
export function fractionFormula(value: string): string {
  return `AND(ISNUMBER(${value}),${shown15(value)}<>ROUND(${shown15(value)},0))`;
}

/**
 * The input cell's data validation (Excel refuses what it types with a stop alert): a number
 * (TRUE and FALSE are not) within the bounds at the reporting precision (×100 for an indicator in percent: its cell is
 * formatted as a percentage, so 95,8% is kept as 0,958), or text of at most 120 characters that,
 * when it is a plain number (its "%" signs aside), is within the bounds too (“5.000” against
 * 0–1.000). Other text passes: whether it reads as a figure (“942 người”, “Tăng 6,45 %”, “Áp dụng
 * quy định mới chưa đánh giá”) is left to the Đánh giá formula, which shows “Số liệu không hợp lệ”
 * or “Ngoài giới hạn” for what the system would refuse; Excel's validation formulas cannot hold the
 * whole rule in 255 characters. A paste bypasses validation anyway.
 */
export function validationFormula(address: string, bounds: Bounds, decimals: number, percent: boolean): string {
  const n = `ROUND(${address}${percent ? '*100' : ''},${decimals})`;
  const lo = lit(bounds.min, decimals);
  const hi = lit(bounds.max, decimals);
  const typed = `_xlfn.NUMBERVALUE(SUBSTITUTE(${address},"%",""),",",".")`;
  // IF, not OR: arithmetic on text is an error, which a validation takes for a refusal.
  return `IF(ISNUMBER(${address}),AND(${n}>=${lo},${n}<=${hi}),AND(ISTEXT(${address}),LEN(${address})<=120,IFERROR(AND(${typed}>=${lo},${typed}<=${hi}),TRUE)))`;
}
