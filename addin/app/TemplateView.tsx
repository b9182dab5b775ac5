import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Stack, Text, mergeStyleSets } from '@fluentui/react';
import type { ReactNode } from 'react';
import { CAPABILITY_WARNINGS } from '../office/capabilities.ts';
import { Checklist, ProblemLine } from './Checklist.tsx';
import type { TemplateView as View, Tone } from './view-model.ts';

const css = mergeStyleSets({
  facts: { display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr)', columnGap: 8, rowGap: 2, margin: 0, fontSize: 13 },
  term: { color: '#605E5C' },
  value: { margin: 0, overflowWrap: 'break-word' },
  summary: { fontSize: 14, fontWeight: 600, padding: '8px 10px', borderRadius: 4, borderLeft: '4px solid transparent' },
  notices: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 4 },
});

/** Summary colours: red only for real mistakes, amber for warnings, grey while figures are missing. */
const SUMMARY_TONE: Record<Tone, { background: string; borderLeftColor: string; color: string }> = {
  error: { background: '#FDE7E9', borderLeftColor: '#A4262C', color: '#323130' },
  warning: { background: '#FFF4CE', borderLeftColor: '#8A6100', color: '#323130' },
  empty: { background: '#F3F2F1', borderLeftColor: '#A19F9D', color: '#323130' },
  ok: { background: '#DFF6DD', borderLeftColor: '#107C10', color: '#323130' },
};

export interface TemplateViewProps {
  view: View;
  refreshing: boolean;
  /** The host tells the pane when the sheet changes (ExcelApi 1.7); else "Kiểm tra" is the way. */
  followsChanges: boolean;
  onSelect(address: string): void;
  onRefresh(): void;
  /** The "Nộp báo cáo" section (SubmitSection), under the checklist. */
  submit?: ReactNode;
}

export function TemplateView({ view, refreshing, followsChanges, onSelect, onRefresh, submit }: TemplateViewProps) {
  const s = view.summary;
  const check = followsChanges ? (
    <Stack tokens={{ childrenGap: 4 }} horizontalAlign="start">
      <DefaultButton
        text="Kiểm tra lại"
        iconProps={{ iconName: 'Refresh' }}
        onClick={onRefresh}
        disabled={refreshing}
        styles={{ root: { whiteSpace: 'nowrap' } }}
      />
      <Text variant="small" styles={{ root: { color: '#605E5C' } }}>
        Danh sách tự cập nhật sau mỗi lần sửa trang tính.
      </Text>
    </Stack>
  ) : (
    <div data-manual-check>
      <MessageBar messageBarType={MessageBarType.info} isMultiline>
        {CAPABILITY_WARNINGS.changeEvents}
      </MessageBar>
      <PrimaryButton text="Kiểm tra" iconProps={{ iconName: 'Refresh' }} onClick={onRefresh} disabled={refreshing} styles={{ root: { marginTop: 8 } }} />
    </div>
  );
  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <dl className={css.facts} aria-label="Thông tin biểu mẫu">
        <dt className={css.term}>Đơn vị</dt>
        <dd className={css.value} data-fact="unit">
          {view.unitName}
        </dd>
        <dt className={css.term}>Kỳ báo cáo</dt>
        <dd className={css.value} data-fact="period">
          {view.periodHeader}
        </dd>
        <dt className={css.term}>Hạn nộp</dt>
        <dd className={css.value} data-fact="deadline">
          {view.deadline} (giờ Việt Nam)
        </dd>
        <dt className={css.term}>Danh mục</dt>
        <dd className={css.value} data-fact="catalog">
          {view.catalogLabel}
        </dd>
      </dl>
      {view.notices.length > 0 && (
        <ul className={css.notices} aria-label="Lưu ý về biểu mẫu" data-notices>
          {view.notices.map((n, i) => (
            <ProblemLine key={i} problem={n} text={n.message} onSelect={onSelect} />
          ))}
        </ul>
      )}
      {!followsChanges && check}
      <div role="status" aria-live="polite" className={css.summary} style={SUMMARY_TONE[s.tone]} data-summary data-tone={s.tone}>
        {s.text}
      </div>
      <Checklist items={view.items} onSelect={onSelect} />
      {submit && (
        <section aria-label="Nộp báo cáo" data-slot="submit">
          {submit}
        </section>
      )}
      {followsChanges && check}
    </Stack>
  );
}
