/**
 * The charts' colours by Đánh giá: the bars take the dark colour of the status's badge (the sheet's
 * and the pane's palette, shared/palette.ts), each at least 3:1 against white as graphics need
 * (WCAG 1.4.11); a figure on its way to the annual plan (mid-year) has a blue of its own, lighter
 * than Đạt KH's. A status is never told by colour alone: every bar has its label beside it.
 */
import type { Status } from '../../shared/assess.ts';
import { ASSESSMENT_COLORS, type Colors } from '../../shared/palette.ts';

export const BAR_COLOR: Record<Status, string> = {
  vuot: ASSESSMENT_COLORS.vuot.color,
  dat: ASSESSMENT_COLORS.dat.color,
  khong_dat: ASSESSMENT_COLORS.khong_dat.color,
  tien_do: '#2E75B6',
  chua_danh_gia: ASSESSMENT_COLORS.chua_danh_gia.color,
  chua_nhap: ASSESSMENT_COLORS.chua_nhap.color,
  loi: ASSESSMENT_COLORS.loi.color,
};

/** The badge beside a bar: the palette's pair (background and text). */
export function badgeColors(status: Status): Colors {
  return ASSESSMENT_COLORS[status];
}

/** The plan's marker and the plan's range. */
export const PLAN_MARK = '#201F1E';
export const PLAN_RANGE = '#D2D0CE';
/** The track a bar runs along. */
export const TRACK = '#F3F2F1';
