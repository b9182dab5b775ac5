import { ActionButton, MessageBar, MessageBarType, Spinner, SpinnerSize, mergeStyleSets } from '@fluentui/react';
import { useCallback, useEffect, useState } from 'react';
import type { Catalog } from '../../shared/catalog.ts';
import { fetchHistory, type HistoryResult, type RequestOptions } from './intake.ts';
import { receiptView } from './receipt-model.ts';
import type { SubmitSettings } from './settings.ts';

const css = mergeStyleSets({
  list: { listStyle: 'none', margin: '4px 0 0', padding: 0, display: 'flex', flexDirection: 'column', gap: 6 },
  item: { border: '1px solid #E1DFDD', borderRadius: 4, padding: '6px 8px', fontSize: 12, minWidth: 0 },
  line: { display: 'flex', flexWrap: 'wrap', gap: '2px 8px', alignItems: 'baseline', minWidth: 0 },
  strong: { fontWeight: 600 },
  muted: { color: '#605E5C', overflowWrap: 'anywhere' },
  hash: { fontFamily: 'Consolas, "Courier New", monospace' },
  ok: { color: '#107C10', fontWeight: 600 },
  bad: { color: '#A4262C', fontWeight: 600 },
  late: { color: '#8A3B00' },
});

export interface SubmissionHistoryProps {
  settings: SubmitSettings;
  catalog: Catalog;
  /** Memoised by the parent: a new object reloads. */
  request: RequestOptions;
  /** Bumped after each answered submission: reload when open. */
  version: number;
}

/** "Lịch sử nộp": the unit's submissions for the period (GET /api/v1/submissions), on demand. */
export function SubmissionHistory({ settings, catalog, request, version }: SubmissionHistoryProps) {
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
      {open && data && !data.ok && <MessageBar messageBarType={MessageBarType.warning} isMultiline>{data.message}</MessageBar>}
      {open && data?.ok && (data.history.submissions.length === 0 ? (
        <div className={css.muted}>Đơn vị chưa nộp báo cáo nào cho kỳ {data.history.periodHeader}.</div>
      ) : (
        <ul className={css.list} aria-label="Lịch sử nộp" data-history>
          {data.history.submissions.map((s) => {
            const v = receiptView(s, catalog);
            return (
              <li key={s.id} className={css.item} data-history-item={s.id} data-status={s.status}>
                <div className={css.line}>
                  <span className={css.strong}>Số {v.id}</span>
                  <span className={s.status === 'accepted' ? css.ok : css.bad}>{v.statusLabel}</span>
                  {s.status === 'accepted' && <span className={s.late ? css.late : css.muted}>{v.lateLabel}</span>}
                </div>
                <div className={css.muted}>{v.time}</div>
                <div className={css.muted}>
                  {v.fileName} · <span className={css.hash} title={v.sha256}>{v.shortSha}</span>
                  {s.status === 'rejected' && s.errors.length > 0 && ` · ${s.errors.length} lỗi`}
                </div>
              </li>
            );
          })}
        </ul>
      ))}
    </div>
  );
}
