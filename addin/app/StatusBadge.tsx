import { mergeStyles } from '@fluentui/react';
import { STATUS_WORD, type Status } from '../../shared/assess.ts';

/** What the badge says: the shared words (the sheet's Đánh giá label, or what a blank one means). A wrong figure gets no badge. */
export const BADGE_LABEL: Record<Exclude<Status, 'loi'>, string> = STATUS_WORD;

/**
 * Badge colours: for the assessed statuses the same pairs as the sheet's conditional formats
 * (shared/layout.ts); grey for blank; a wrong figure red here (the pane keeps amber for warnings),
 * where the sheet marks it amber.
 */
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
