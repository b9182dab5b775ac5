import { FontIcon, Link, mergeStyleSets } from '@fluentui/react';
import type { CheckItem, CheckProblem } from './view-model.ts';
import { STATUS_COLORS, StatusBadge } from './StatusBadge.tsx';

const css = mergeStyleSets({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 },
  item: {
    border: '1px solid #E1DFDD',
    borderLeftWidth: 4,
    borderRadius: 4,
    padding: '8px 10px',
    background: '#FFFFFF',
    minWidth: 0,
  },
  head: { display: 'flex', alignItems: 'flex-start', gap: 8 },
  name: { flex: '1 1 auto', minWidth: 0, fontWeight: 600, overflowWrap: 'anywhere' },
  details: { marginTop: 4, color: '#605E5C', fontSize: 12, overflowWrap: 'anywhere' },
  problems: { listStyle: 'none', margin: '6px 0 0', padding: 0, display: 'flex', flexDirection: 'column', gap: 4 },
  problem: { display: 'flex', gap: 6, alignItems: 'flex-start', fontSize: 13 },
  icon: { color: '#A4262C', marginTop: 2, flexShrink: 0 },
  link: { textAlign: 'left', overflowWrap: 'anywhere', whiteSpace: 'normal' },
  cell: { fontWeight: 600 },
});

/** checkRow's messages start with "Chỉ tiêu N (name): "; inside the item the name is already shown. */
function shortMessage(item: CheckItem, p: CheckProblem): string {
  const prefix = `Chỉ tiêu ${item.stt} (${item.name}): `;
  const text = p.message.startsWith(prefix) ? p.message.slice(prefix.length) : p.message;
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

export interface ChecklistProps {
  items: CheckItem[];
  onSelect(address: string): void;
}

export function Checklist({ items, onSelect }: ChecklistProps) {
  return (
    <ul className={css.list} aria-label="Danh sách chỉ tiêu">
      {items.map((item) => (
        <li key={item.indicator} className={css.item} style={{ borderLeftColor: STATUS_COLORS[item.status].color }} data-indicator={item.indicator} data-status={item.status}>
          <div className={css.head}>
            <span className={css.name}>{item.stt}. {item.name}</span>
            <StatusBadge status={item.status} />
          </div>
          <div className={css.details}>
            Kế hoạch: {item.plan} · Số liệu: {item.printed || '(trống)'} · ĐVT: {item.unit}
          </div>
          {item.problems.length > 0 && (
            <ul className={css.problems} aria-label={`Lỗi của chỉ tiêu ${item.stt}`}>
              {item.problems.map((p, i) => {
                const text = shortMessage(item, p);
                const address = p.address;
                return (
                  <li key={i} className={css.problem} data-problem={p.code}>
                    <FontIcon iconName="Warning" className={css.icon} aria-hidden />
                    {address ? (
                      <Link className={css.link} onClick={() => onSelect(address)} title={`Chọn ô ${address} để sửa`} data-address={address}>
                        <span className={css.cell}>Ô {address}:</span> {text}
                      </Link>
                    ) : (
                      <span>{text}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
