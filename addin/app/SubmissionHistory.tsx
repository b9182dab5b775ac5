import { ActionButton, Link, MessageBar, MessageBarType, Spinner, SpinnerSize, mergeStyleSets } from '@fluentui/react';
import { useCallback, useEffect, useState } from 'react';
import { REVIEW_COLORS, type Colors } from '../../shared/palette.ts';
import { fetchHistory, type HistoryResult, type RequestOptions } from './intake.ts';
import { historyItemView, type ReviewTone } from './receipt-model.ts';
import type { SubmitSettings } from './settings.ts';
import type { TemplateView } from './view-model.ts';

const css = mergeStyleSets({
  list: { listStyle: 'none', margin: '4px 0 0', padding: 0, display: 'flex', flexDirection: 'column', gap: 6 },
  item: { border: '1px solid #E1DFDD', borderRadius: 4, padding: '6px 8px', fontSize: 12, minWidth: 0 },
  line: { display: 'flex', flexWrap: 'wrap', gap: '2px 8px', alignItems: 'baseline', minWidth: 0 },
  strong: { fontWeight: 600 },
  muted: { color: '#605E5C', overflowWrap: 'anywhere' },
  state: { display: 'inline-block', padding: '0 6px', borderRadius: 8, fontWeight: 600, whiteSpace: 'nowrap' },
  note: { margin: '4px 0 0', padding: '4px 6px', background: '#FFF4CE', borderRadius: 2, overflowWrap: 'break-word' },
  comments: { listStyle: 'none', margin: '4px 0 0', padding: 0, display: 'flex', flexDirection: 'column', gap: 2 },
  link: { textAlign: 'left', whiteSpace: 'normal', overflowWrap: 'break-word', fontSize: 12 },
});

/** The console's colours for the same states (shared/palette.ts). */
const TONE: Record<ReviewTone, Colors> = {
  pending: REVIEW_COLORS.awaiting_review,
  returned: REVIEW_COLORS.returned,
  approved: REVIEW_COLORS.approved,
  invalid: REVIEW_COLORS.rejected,
  neutral: REVIEW_COLORS.superseded,
};

export interface SubmissionHistoryProps {
  settings: SubmitSettings;
  view: TemplateView;
  /** Memoised by the parent: a new object reloads. */
  request: RequestOptions;
  /** Bumped after each answered submission: reload when open. */
  version: number;
  onSelect(address: string): void;
}

/**
 * "Lịch sử nộp": the unit's submissions for the period (GET /api/v1/submissions), on demand, each
 * with where it stands: chờ duyệt, bị trả lại (the planning office's note and comments; a comment
 * selects its cell), đã duyệt.
 */
export function SubmissionHistory({ settings, view, request, version, onSelect }: SubmissionHistoryProps) {
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const [data, setData] = useState<HistoryResult | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    const r = await fetchHistory(settings, request);
    setData(r);
    setLoading(false);
  }, [settings, request]);

  useEffect(() => {
    if (open) void load();
  }, [open, load, version]);

  return (
    <div>
      <ActionButton
        iconProps={{ iconName: open ? 'ChevronDown' : 'ChevronRight' }}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        styles={{ root: { height: 28, paddingLeft: 0 } }}
      >
        Lịch sử nộp
      </ActionButton>
      {open && loading && !data && <Spinner size={SpinnerSize.small} label="Đang tải lịch sử nộp…" labelPosition="right" />}
      {open && data && !data.ok && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          {data.message}
        </MessageBar>
      )}
      {open &&
        data?.ok &&
        (data.history.submissions.length === 0 ? (
          <div className={css.muted}>Đơn vị chưa nộp báo cáo nào cho kỳ {data.history.periodHeader}.</div>
        ) : (
          <ul className={css.list} aria-label="Lịch sử nộp" data-history>
            {data.history.submissions.map((s) => {
              const v = historyItemView(s, view);
              return (
                <li key={s.id} className={css.item} data-history-item={s.id} data-status={s.status} data-review={v.review ?? ''}>
                  <div className={css.line}>
                    <span className={css.strong}>Mã biên nhận {v.receipt.id}</span>
                    <span className={css.state} style={TONE[v.tone]} data-review-label>
                      {v.stateLabel}
                    </span>
                    {s.status === 'accepted' && <span className={css.muted}>{v.receipt.lateLabel}</span>}
                  </div>
                  <div className={css.muted}>
                    Nộp lúc {v.receipt.time}
                    {v.counts && ` · ${v.counts}`}
                  </div>
                  <div className={css.muted}>{v.receipt.fileName}</div>
                  {v.note && (
                    <p className={css.note} data-review-note>
                      Ý kiến của Phòng Tài chính - Kế hoạch: {v.note}
                    </p>
                  )}
                  {v.comments.length > 0 && (
                    <ul className={css.comments} aria-label={`Ý kiến về từng chỉ tiêu, mã biên nhận ${v.receipt.id}`}>
                      {v.comments.map((c, i) => {
                        const address = c.address;
                        return (
                          <li key={i} data-review-comment={address ?? ''}>
                            {address ? (
                              <Link className={css.link} onClick={() => onSelect(address)} title={`Chọn ô ${address}`}>
                                <strong>
                                  {c.label} (ô {address}):
                                </strong>{' '}
                                {c.text}
                              </Link>
                            ) : (
                              <span>
                                <strong>{c.label}:</strong> {c.text}
                              </span>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        ))}
    </div>
  );
}
