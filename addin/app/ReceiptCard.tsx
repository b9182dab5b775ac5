import { ActionButton, DefaultButton, mergeStyleSets } from '@fluentui/react';
import { useEffect, useId, useRef, useState } from 'react';
import type { ReceiptView } from './receipt-model.ts';

const css = mergeStyleSets({
  card: { border: '1px solid #E1DFDD', borderRadius: 4, padding: '8px 10px', background: '#FFFFFF', minWidth: 0 },
  headline: { margin: '0 0 6px', fontSize: 14, fontWeight: 600, overflowWrap: 'break-word' },
  facts: { display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr)', columnGap: 8, rowGap: 3, margin: 0, fontSize: 13, alignItems: 'baseline' },
  term: { color: '#605E5C', whiteSpace: 'nowrap' },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  details: { marginTop: 6, fontSize: 12, color: '#323130' },
  fingerprint: {
    display: 'block',
    margin: '2px 0 4px',
    fontFamily: 'Consolas, "Courier New", monospace',
    fontSize: 12,
    overflowWrap: 'anywhere',
    userSelect: 'all',
  },
  copied: { fontSize: 12, color: '#107C10', marginLeft: 8 },
  failed: { display: 'block', fontSize: 12, color: '#605E5C', marginTop: 4 },
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
  /** The card's accessible name ("Biên nhận", "Biên nhận gốc"). */
  label: string;
  receipt: ReceiptView;
}

/**
 * The receipt in plain words: "Đã nhận lúc …, mã biên nhận …" (or "Chưa được chấp nhận: …"), the
 * unit, period, file and whether it came on time. The file's fingerprint, which only matters when
 * someone compares files with the planning office, waits behind "Chi tiết".
 */
export function ReceiptCard({ label, receipt: r }: ReceiptCardProps) {
  const [open, setOpen] = useState(false);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const detailsId = useId();
  useEffect(() => () => clearTimeout(timer.current), []);
  const onCopy = async () => {
    const ok = await copyText(r.fingerprint);
    setCopy(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setCopy('idle'), 4000);
  };
  return (
    <section className={css.card} aria-label={label} data-receipt={r.id} data-valid={r.valid}>
      <p className={css.headline} data-receipt-field="headline">
        {r.headline}
      </p>
      <dl className={css.facts}>
        <dt className={css.term}>Đơn vị</dt>
        <dd className={css.value} data-receipt-field="unit">
          {r.unit}
        </dd>
        <dt className={css.term}>Kỳ báo cáo</dt>
        <dd className={css.value} data-receipt-field="period">
          {r.period}
        </dd>
        <dt className={css.term}>Tệp</dt>
        <dd className={css.value} data-receipt-field="file">
          {r.fileName}
        </dd>
        <dt className={css.term}>Thời hạn</dt>
        <dd className={css.value}>
          <span className={css.badge} style={LATE_COLORS[String(r.late) as 'true' | 'false']} data-receipt-field="late">
            {r.lateLabel}
          </span>
        </dd>
      </dl>
      <ActionButton
        iconProps={{ iconName: open ? 'ChevronDown' : 'ChevronRight' }}
        aria-expanded={open}
        aria-controls={detailsId}
        onClick={() => setOpen((o) => !o)}
        styles={{ root: { height: 28, paddingLeft: 0, marginTop: 4 } }}
      >
        Chi tiết
      </ActionButton>
      {open && (
        <div id={detailsId} className={css.details}>
          Mã nhận dạng tệp (để đối chiếu với Phòng Tài chính - Kế hoạch khi cần):
          <code className={css.fingerprint} data-receipt-field="fingerprint">
            {r.fingerprint}
          </code>
          <DefaultButton text="Sao chép mã" onClick={() => void onCopy()} styles={{ root: { height: 28, minWidth: 0, padding: '0 10px' } }} />
          {copy === 'copied' && (
            <span className={css.copied} role="status">
              Đã sao chép
            </span>
          )}
          {copy === 'failed' && (
            <span className={css.failed} role="status">
              Không sao chép tự động được; hãy bôi đen mã ở trên để sao chép.
            </span>
          )}
        </div>
      )}
    </section>
  );
}
