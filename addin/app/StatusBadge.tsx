import { mergeStyles } from '@fluentui/react';
import { STATUS_BADGE, type Status } from '../../shared/assess.ts';

/** Badge colours: the same pairs as the sheet's conditional formats (shared/layout.ts). */
export const STATUS_COLORS: Record<Status, { background: string; color: string }> = {
  vuot: { background: '#C6EFCE', color: '#006100' },
  dat: { background: '#DDEBF7', color: '#1F4E78' },
  khong_dat: { background: '#FFC7CE', color: '#9C0006' },
  tien_do: { background: '#EEF4FB', color: '#1F4E78' },
  loi: { background: '#FFEB9C', color: '#9C5700' },
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

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={badge} style={STATUS_COLORS[status]} data-badge={status}>
      {STATUS_BADGE[status]}
    </span>
  );
}
