/**
 * The status colours, one palette for every place a status is coloured: the sheet's conditional
 * formats (Đánh giá), the pane's badges and history, the console's badges. Pairs of background
 * and text colour, each pair readable (WCAG AA contrast, checked by the pages' axe tests).
 */
import type { Status } from './assess.ts';
import type { ReviewState } from './review.ts';

export interface Colors {
  background: string;
  color: string;
}

/** Đánh giá: the sheet's conditional formats and the pane's badges (a wrong figure: amber on the sheet). */
export const ASSESSMENT_COLORS: Record<Status, Colors> = {
  vuot: { background: '#C6EFCE', color: '#006100' },
  dat: { background: '#DDEBF7', color: '#1F4E78' },
  khong_dat: { background: '#FFC7CE', color: '#9C0006' },
  tien_do: { background: '#EEF4FB', color: '#1F4E78' },
  loi: { background: '#FFEB9C', color: '#9C5700' },
  chua_nhap: { background: '#F3F2F1', color: '#484644' },
  chua_danh_gia: { background: '#EDEBE9', color: '#484644' },
};

/** An error beside a warning in the pane's lists (red), and a warning (amber). */
export const ERROR_COLORS: Colors = { background: '#FDE7E9', color: '#A4262C' };
export const WARNING_COLORS: Colors = { background: '#FFF4CE', color: '#8A3B00' };

/** Where a submission stands in the review: the console's badges and the pane's history. */
export const REVIEW_COLORS: Record<ReviewState | 'missing', Colors> = {
  awaiting_review: { background: '#DDEBF7', color: '#1F4E78' },
  returned: { background: '#FFEB9C', color: '#7A4300' },
  approved: { background: '#C6EFCE', color: '#005A00' },
  rejected: { background: '#FFC7CE', color: '#9C0006' },
  superseded: { background: '#EDEBE9', color: '#3B3A39' },
  held: { background: '#F3E0FF', color: '#5C2E91' },
  missing: { background: '#F3F2F1', color: '#3B3A39' },
};

/** "#C6EFCE" → "FFC6EFCE", the ARGB a workbook's styles take. */
export function argb(hex: string): string {
  return `FF${hex.replace(/^#/, '').toUpperCase()}`;
}
