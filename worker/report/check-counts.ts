/**
 * The summary's counts as a draft writes them ("có 17/21 chỉ tiêu … đạt và vượt kế hoạch", "03 chỉ
 * tiêu không đạt"): what each count is (CountKey), its name for a person, and where a text states one.
 */
import { maskNoteMarks } from './figures.ts';
import { fold } from './text.ts';

export type CountKey = 'met' | 'total' | 'khong_dat' | 'chua_danh_gia' | 'dat' | 'vuot' | 'groups';

export interface CountStatement {
  key: CountKey;
  value: number;
  start: number;
  end: number;
  text: string;
}

export const COUNT_LABEL: Record<CountKey, string> = {
  met: 'Số chỉ tiêu đạt và vượt kế hoạch',
  total: 'Tổng số chỉ tiêu',
  khong_dat: 'Số chỉ tiêu không đạt',
  chua_danh_gia: 'Số chỉ tiêu chưa đánh giá',
  dat: 'Số chỉ tiêu đạt',
  vuot: 'Số chỉ tiêu vượt kế hoạch',
  groups: 'Số nhóm chỉ tiêu chủ yếu',
};

/** The summary's counts as a draft writes them ("có 17/21 chỉ tiêu … đạt và vượt kế hoạch", "03 chỉ tiêu không đạt"). */
export function countStatements(text: string): CountStatement[] {
  const f = fold(maskNoteMarks(text));
  const out: CountStatement[] = [];
  const push = (key: CountStatement['key'], m: RegExpMatchArray, group: number) => {
    const value = Number(m[group]);
    const start = m.index! + m[0].indexOf(m[group]);
    out.push({ key, value, start, end: m.index! + m[0].length, text: text.slice(m.index!, m.index! + m[0].length) });
  };
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s*\/\s*(\d{1,3})\s+chỉ tiêu\s*(?:\([^)]{0,80}\))?[^.;\d()]{0,40}?đạt và vượt/gu)) {
    push('met', m, 1);
    push('total', m, 2);
  }
  for (const m of f.matchAll(/trong\s+(\d{1,3})\s+nhóm chỉ tiêu/gu)) push('groups', m, 1);
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s+chỉ tiêu\s+(?:[^\d.;]{0,60}?\s)?không\s+đạt/gu)) push('khong_dat', m, 1);
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s+chỉ tiêu\s+(?:không|chưa)\s+(?:được\s+)?đánh giá/gu)) push('chua_danh_gia', m, 1);
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s+chỉ tiêu\s+đạt(?!\s+và)(?![\p{L}])/gu)) push('dat', m, 1);
  for (const m of f.matchAll(/(?<![\d/.,])(\d{1,3})\s+chỉ tiêu\s+vượt(?![\p{L}])/gu)) push('vuot', m, 1);
  return out;
}
