import { mergeStyles } from '@fluentui/react';
import type { Status } from '../../shared/assess.ts';

/**
 * What the badge says, in the glossary's words (the sheet's Đánh giá column says the same:
 * Vượt KH · Đạt KH · Không đạt KH · Chưa đánh giá · Chưa nhập). A wrong figure gets no badge.
 */
export const BADGE_LABEL: Record<Exclude<Status, 'loi'>, string> = {
  vuot: 'Vượt KH',
  dat: 'Đạt KH',
  khong_dat: 'Không đạt KH',
  tien_do: 'Đang thực hiện',
  chua_danh_gia: 'Chưa đánh giá',
  chua_nhap: 'Chưa nhập',
};

/** Badge colours: the same pairs as the sheet's conditional formats (shared/layout.ts); grey for blank. */
export const STATUS_COLORS: Record<Status, { background: string; color: string }> = {
  vuot: { background: '#C6EFCE', color: '#006100' },
  dat: { background: '#DDEBF7', color: '#1F4E78' },
  khong_dat: { background: '#FFC7CE', color: '#9C0006' },
  tien_do: { background: '#EEF4FB', color: '#1F4E78' },
  loi: { background: '#FDE7E9', color: '#A4262C' },
  chua_nhap: { background: '#F3F2F1', color: '#484644' },
  chua_danh_gia: { background: '#EDEBE9', color: '#484644' },
};

const badge = mergeStyles({
  display: 'inline-block',
  flexShrink: 0,
  padding: '1px 8px',
  borderRadius: 10,
  fontSize: 12,
  fontWeight: 600,
  lineHeight: '18px',
  whiteSpace: 'nowrap',
});

export function StatusBadge({ status }: { status: Exclude<Status, 'loi'> }) {
  return (
    <span className={badge} style={STATUS_COLORS[status]} data-badge={status}>
      {BADGE_LABEL[status]}
    </span>
  );
}
