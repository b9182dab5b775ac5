/**
 * The assessment rule as Excel formulas, generated per row from the catalogue. Nested IF only, so
 * it works in Excel 2016 and LibreOffice (no LET, IFS, XLOOKUP). It mirrors readActual() in
 * target.ts and assess() in assess.ts step by step:
 *
 *   cleaned cell  = the typed text lower-cased, cut at "/", ACTUAL_AFFIXES and spaces removed
 *   value cell    = a number, "" (empty), "NA" (not assessed) or "ERR" (unreadable)
 *   status cell   = the report's label, from the value rounded at the reporting precision
 *
 * Formulas are written without the leading "=" (the way exceljs and OOXML store them).
 */
import { STATUS_LABEL } from './assess.ts';
import { roundTo } from './numbers.ts';
import { ACTUAL_AFFIXES, NOT_ASSESSED_MARK, type Target } from './target.ts';

export const VALUE_EMPTY = '';
export const VALUE_NOT_ASSESSED = 'NA';
export const VALUE_ERROR = 'ERR';

const NBSP = '\u00a0';

function str(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function substituteAll(expr: string, pairs: [string, string][]): string {
  return pairs.reduce((acc, [from, to]) => `SUBSTITUTE(${acc},${str(from)},${str(to)})`, expr);
}

/** Cleaned text of the input cell (mirrors cleanActualText); "" when the input is a number. */
export function cleanedFormula(input: string): string {
  const lower = `LOWER(${input})`;
  const cut = `IFERROR(LEFT(${lower},FIND("/",${input})-1),${lower})`;
  const stripped = substituteAll(cut, [...ACTUAL_AFFIXES.map((a): [string, string] => [a, '']), [' ', ''], [NBSP, '']]);
  return `IF(OR(ISNUMBER(${input}),ISLOGICAL(${input})),"",${stripped})`;
}

/** TRUE when the cleaned text is a number written the Vietnamese way (mirrors parseVnNumber). */
function vnNumberTextOk(c: string): string {
  const onlyNumberChars = `LEN(${substituteAll(c, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', ',', '-', '+'].map((ch): [string, string] => [ch, '']))})=0`;
  const signs = `LEN(${c})-LEN(${substituteAll(c, [['-', ''], ['+', '']])})`;
  const signOk = `${signs}=IF(OR(LEFT(${c},1)="-",LEFT(${c},1)="+"),1,0)`;
  const p = substituteAll(`IFERROR(LEFT(${c},FIND(",",${c})-1),${c})`, [['-', ''], ['+', '']]);
  const d = `(LEN(${p})-LEN(SUBSTITUTE(${p},".","")))`;
  const dotAt = (k: number) => `MID(${p},MAX(1,LEN(${p})-${4 * k - 1}),1)="."`;
  const grouping = `OR(${d}=0,AND(${d}<=3,LEN(${p})-4*${d}>=1,LEN(${p})-4*${d}<=3,${dotAt(1)},OR(${d}<2,${dotAt(2)}),OR(${d}<3,${dotAt(3)})))`;
  return `AND(${onlyNumberChars},${signOk},LEN(${p})>=1,RIGHT(${c},1)<>",",${grouping})`;
}

/** The value cell: a number, "" (empty), "NA" (not assessed) or "ERR" (mirrors readActual). */
export function valueFormula(input: string, cleaned: string): string {
  const blank = `LEN(TRIM(SUBSTITUTE(${input},${str(NBSP)}," ")))=0`;
  const lowerTrim = `LOWER(TRIM(${input}))`;
  const sign = `IF(AND(LEFT(${lowerTrim},4)="giảm",LEFT(${lowerTrim},8)<>"giảm còn"),-1,1)`;
  return [
    `IF(ISLOGICAL(${input}),${str(VALUE_ERROR)},`,
    `IF(ISNUMBER(${input}),${input},`,
    `IF(${blank},${str(VALUE_EMPTY)},`,
    `IF(ISNUMBER(SEARCH(${str(NOT_ASSESSED_MARK)},${input})),${str(VALUE_NOT_ASSESSED)},`,
    `IF(${cleaned}="",${str(VALUE_ERROR)},`,
    `IF(NOT(${vnNumberTextOk(cleaned)}),${str(VALUE_ERROR)},`,
    `IFERROR(${sign}*_xlfn.NUMBERVALUE(${cleaned},",","."),${str(VALUE_ERROR)})))))))`,
  ].join('');
}

function lit(x: number, decimals: number): string {
  return String(roundTo(x, decimals));
}

/** The Đánh giá cell from the value cell (mirrors assess). */
export function statusFormula(value: string, target: Target, decimals: number): string {
  const L = STATUS_LABEL;
  if (target.kind === 'none') return str(L.chua_danh_gia);
  const r = `ROUND(${value},${decimals})`;
  let cmp: string;
  if (target.kind === 'range') {
    cmp = `IF(${r}<${lit(target.min, decimals)},${str(L.khong_dat)},IF(${r}>${lit(target.max, decimals)},${str(L.vuot)},${str(L.dat)}))`;
  } else {
    const t = lit(target.value, decimals);
    const better = target.direction === 'higher' ? '>' : '<';
    cmp = target.kind === 'maintain'
      ? `IF(${r}${better}=${t},${str(L.dat)},${str(L.khong_dat)})`
      : `IF(${r}${better}${t},${str(L.vuot)},IF(${r}=${t},${str(L.dat)},${str(L.khong_dat)}))`;
  }
  const notNumber = `IF(${value}=${str(VALUE_ERROR)},${str(L.loi)},${str(VALUE_EMPTY)})`;
  return `IF(ISNUMBER(${value}),${cmp},${notNumber})`;
}
