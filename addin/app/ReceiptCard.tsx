import { IconButton, mergeStyleSets } from '@fluentui/react';
import { useEffect, useRef, useState } from 'react';
import type { ReceiptView } from './receipt-model.ts';

const css = mergeStyleSets({
  card: { border: '1px solid #E1DFDD', borderRadius: 4, padding: '8px 10px', background: '#FFFFFF', minWidth: 0 },
  title: { margin: '0 0 6px', fontSize: 14, fontWeight: 600 },
  facts: { display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr)', columnGap: 8, rowGap: 3, margin: 0, fontSize: 13, alignItems: 'baseline' },
  term: { color: '#605E5C', whiteSpace: 'nowrap' },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  hashRow: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 2, minWidth: 0 },
  hash: { fontFamily: 'Consolas, "Courier New", monospace', fontSize: 12, whiteSpace: 'nowrap' },
  fallback: { display: 'block', marginTop: 4, fontSize: 12, color: '#605E5C' },
  full: { display: 'block', marginTop: 4, fontFamily: 'Consolas, "Courier New", monospace', fontSize: 11, overflowWrap: 'anywhere', userSelect: 'all' },
  copied: { fontSize: 12, color: '#107C10' },
  badge: { display: 'inline-block', padding: '1px 8px', borderRadius: 10, fontSize: 12, fontWeight: 600, lineHeight: '18px', whiteSpace: 'nowrap' },
});

const LATE_COLORS = {
  false: { background: '#DFF6DD', color: '#0B5A08' },
  true: { background: '#FFF4CE', color: '#8A3B00' },
};

/** Copies through the Clipboard API, else the old execCommand route; false when both fail. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea route (the webview may refuse the Clipboard API)
  }
  try {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  } catch {
    return false;
  }
}

export interface ReceiptCardProps {
  title: string;
  receipt: ReceiptView;
}

export function ReceiptCard({ title, receipt: r }: ReceiptCardProps) {
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onCopy = async () => {
    const ok = await copyText(r.sha256);
    setCopy(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setCopy('idle'), 4000);
  };
  return (
    <section className={css.card} aria-label={title} data-receipt={r.id}>
      <h3 className={css.title}>{title}</h3>
      <dl className={css.facts}>
        <dt className={css.term}>Số biên nhận</dt><dd className={css.value} data-receipt-field="id">{r.id}</dd>
        <dt className={css.term}>Thời điểm nhận</dt><dd className={css.value} data-receipt-field="time">{r.time}</dd>
        <dt className={css.term}>Đơn vị</dt><dd className={css.value} data-receipt-field="unit">{r.unit}</dd>
        <dt className={css.term}>Kỳ báo cáo</dt><dd className={css.value} data-receipt-field="period">{r.period}</dd>
        <dt className={css.term}>Tệp</dt><dd className={css.value} data-receipt-field="file">{r.fileName}</dd>
        <dt className={css.term}>Thời hạn</dt>
        <dd className={css.value}>
          <span className={css.badge} style={LATE_COLORS[String(r.late) as 'true' | 'false']} data-receipt-field="late">{r.lateLabel}</span>
        </dd>
        <dt className={css.term}>SHA-256</dt>
        <dd className={css.value}>
          <span className={css.hashRow}>
            <span className={css.hash} title={r.sha256} data-receipt-field="sha256" data-sha256={r.sha256}>{r.shortSha}</span>
            <IconButton
              iconProps={{ iconName: 'Copy' }}
              title="Sao chép mã SHA-256 đầy đủ"
              ariaLabel="Sao chép mã SHA-256 đầy đủ"
              onClick={() => void onCopy()}
              styles={{ root: { width: 28, height: 24, flexShrink: 0 } }}
            />
            {copy === 'copied' && <span className={css.copied} role="status">Đã sao chép</span>}
          </span>
          {copy === 'failed' && (
            <span className={css.fallback}>
              Không sao chép tự động được; hãy bôi đen mã dưới đây để sao chép:
              <code className={css.full} data-receipt-field="sha256-full">{r.sha256}</code>
            </span>
          )}
        </dd>
      </dl>
    </section>
  );
}
