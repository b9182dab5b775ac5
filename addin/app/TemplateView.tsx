import { DefaultButton, MessageBar, MessageBarType, Stack, Text, mergeStyleSets } from '@fluentui/react';
import type { ReactNode } from 'react';
import { Checklist } from './Checklist.tsx';
import type { TemplateView as View } from './view-model.ts';

const css = mergeStyleSets({
  facts: { display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr)', columnGap: 8, rowGap: 2, margin: 0, fontSize: 13 },
  term: { color: '#605E5C' },
  value: { margin: 0, overflowWrap: 'anywhere' },
  summary: { fontSize: 14, fontWeight: 600, padding: '8px 10px', background: '#F3F2F1', borderRadius: 4 },
  summaryBad: { background: '#FDE7E9' },
  summaryGood: { background: '#DFF6DD' },
});

export interface TemplateViewProps {
  view: View;
  refreshing: boolean;
  onSelect(address: string): void;
  onRefresh(): void;
  /** The "Nộp báo cáo" section (SubmitSection), under the checklist. */
  submit?: ReactNode;
}

export function TemplateView({ view, refreshing, onSelect, onRefresh, submit }: TemplateViewProps) {
  const s = view.summary;
  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <dl className={css.facts} aria-label="Thông tin biểu mẫu">
        <dt className={css.term}>Đơn vị</dt><dd className={css.value} data-fact="unit">{view.unitName}</dd>
        <dt className={css.term}>Kỳ báo cáo</dt><dd className={css.value} data-fact="period">{view.periodHeader}</dd>
        <dt className={css.term}>Hạn nộp</dt><dd className={css.value} data-fact="deadline">{view.deadline} (giờ Việt Nam)</dd>
        <dt className={css.term}>Danh mục</dt><dd className={css.value} data-fact="catalog">{view.catalogLabel}</dd>
      </dl>
      {view.warnings.map((w) => (
        <MessageBar key={w} messageBarType={MessageBarType.warning} isMultiline>{w}</MessageBar>
      ))}
      <div role="status" aria-live="polite" className={`${css.summary} ${s.problems > 0 ? css.summaryBad : css.summaryGood}`} data-summary>
        {s.text}
      </div>
      <Checklist items={view.items} onSelect={onSelect} />
      {submit && <section aria-label="Nộp báo cáo" data-slot="submit">{submit}</section>}
      <Stack tokens={{ childrenGap: 4 }} horizontalAlign="start">
        <DefaultButton text="Kiểm tra lại" iconProps={{ iconName: 'Refresh' }} onClick={onRefresh} disabled={refreshing} styles={{ root: { whiteSpace: 'nowrap' } }} />
        <Text variant="small" styles={{ root: { color: '#605E5C' } }}>Danh sách tự cập nhật khi bạn sửa trang tính.</Text>
      </Stack>
    </Stack>
  );
}
