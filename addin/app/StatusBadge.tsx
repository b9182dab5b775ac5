import { mergeStyles } from '@fluentui/react';
import { STATUS_WORD, type Status } from '../../shared/assess.ts';
import { ASSESSMENT_COLORS, ERROR_COLORS, type Colors } from '../../shared/palette.ts';

/** What the badge says: the shared words (the sheet's Đánh giá label, or what a blank one means). A wrong figure gets no badge. */
export const BADGE_LABEL: Record<Exclude<Status, 'loi'>, string> = STATUS_WORD;

/**
 * Badge colours: for the assessed statuses the same pairs as the sheet's conditional formats
 * (shared/layout.ts); grey for blank; a wrong figure red here (the pane keeps amber for warnings),
 * where the sheet marks it amber.
 */
export const STATUS_COLORS: Record<Status, Colors> = { ...ASSESSMENT_COLORS, loi: ERROR_COLORS };

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
