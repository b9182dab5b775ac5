/**
 * The assessment rule (Đánh giá), as the 2023 report applies it. Its twin, the Excel formula in
 * the sheet, is generated in formula.ts; tests recalculate that formula in LibreOffice and keep
 * the two equal.
 */
import { roundTo } from './numbers.ts';
import type { Actual, Target } from './target.ts';

export type Status = 'vuot' | 'dat' | 'khong_dat' | 'chua_danh_gia' | 'chua_nhap' | 'loi';

/** What the sheet's Đánh giá cell shows for each status (the report's wording). */
export const STATUS_LABEL: Record<Status, string> = {
  vuot: 'Vượt KH',
  dat: 'Đạt KH',
  khong_dat: 'Không đạt KH',
  chua_danh_gia: '',
  chua_nhap: '',
  loi: 'Số liệu không hợp lệ',
};

/** Short badge text for the task pane. */
export const STATUS_BADGE: Record<Status, string> = {
  vuot: 'Vượt',
  dat: 'Đạt',
  khong_dat: 'Không đạt',
  chua_danh_gia: 'Không đánh giá',
  chua_nhap: 'Chưa nhập',
  loi: 'Sai số liệu',
};

export interface Assessment {
  status: Status;
  /** Why not assessed, or what is wrong with the figure. */
  reason?: string;
}

/**
 * Assesses one actual figure against a target at the reporting precision `decimals`
 * (equal means equal once both are rounded the way the report writes them: roundTo, 15
 * significant digits then half away from zero, so float noise from a cell formula reads as the
 * figure it stands for). Any finite double is judged; the catalogue's bounds keep the figures
 * that are accepted within the precision limit where the sheet's formula judges alike.
 */
export function assess(target: Target, actual: Actual, decimals: number): Assessment {
  if (target.kind === 'none') return { status: 'chua_danh_gia', reason: target.reason };
  switch (actual.kind) {
    case 'empty':
      return { status: 'chua_nhap' };
    case 'invalid':
      return { status: 'loi', reason: actual.error };
    case 'not_assessed':
      return { status: 'chua_danh_gia', reason: actual.reason };
    case 'number':
      return { status: compare(target, roundTo(actual.value, decimals), decimals) };
  }
}

function compare(target: Exclude<Target, { kind: 'none' }>, r: number, decimals: number): Status {
  if (target.kind === 'range') {
    const min = roundTo(target.min, decimals);
    const max = roundTo(target.max, decimals);
    if (r < min) return 'khong_dat';
    return r > max ? 'vuot' : 'dat';
  }
  const t = roundTo(target.value, decimals);
  const better = target.direction === 'higher' ? r > t : r < t;
  if (target.kind === 'maintain') return better || r === t ? 'dat' : 'khong_dat';
  if (better) return 'vuot';
  return r === t ? 'dat' : 'khong_dat';
}

/** Met or exceeded: counts toward "đạt và vượt kế hoạch". */
export function isMet(status: Status): boolean {
  return status === 'vuot' || status === 'dat';
}
