import { FontIcon, Link, mergeStyleSets } from '@fluentui/react';
import { indicatorLabel } from '../../shared/catalog.ts';
import type { CheckItem, CheckProblem, Tone } from './view-model.ts';
import { STATUS_COLORS, StatusBadge } from './StatusBadge.tsx';

/** Left border and problem colours by tone: red for mistakes, amber for warnings, grey for blank. */
export const TONE_COLORS: Record<Tone, string> = {
  error: '#A4262C',
  warning: '#8A6100',
  empty: '#A19F9D',
  ok: '#107C10',
};

export const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

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
  name: { flex: '1 1 auto', minWidth: 0, fontWeight: 600, overflowWrap: 'break-word' },
  details: { marginTop: 4, color: '#605E5C', fontSize: 12, overflowWrap: 'break-word' },
  problems: { listStyle: 'none', margin: '6px 0 0', padding: 0, display: 'flex', flexDirection: 'column', gap: 4 },
  problem: { display: 'flex', gap: 6, alignItems: 'flex-start', fontSize: 13 },
  icon: { marginTop: 2, flexShrink: 0 },
  link: { textAlign: 'left', overflowWrap: 'break-word', whiteSpace: 'normal' },
  cell: { fontWeight: 600 },
  hidden: visuallyHidden,
});

/** checkRow's messages start with "Chỉ tiêu N. name: " (indicatorLabel); inside the item the name is already shown. */
function shortMessage(item: CheckItem, p: CheckProblem): string {
  const prefix = `${indicatorLabel(item)}: `;
  const text = p.message.startsWith(prefix) ? p.message.slice(prefix.length) : p.message;
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

export const SEVERITY_WORD = { error: 'Lỗi', warning: 'Cảnh báo' } as const;

/** One problem: red error badge or amber warning sign; with a cell, a link that selects it. */
export function ProblemLine({ problem, text, onSelect }: { problem: CheckProblem; text: string; onSelect(address: string): void }) {
  const address = problem.address;
  const color = TONE_COLORS[problem.severity];
  return (
    <li className={css.problem} data-problem={problem.code} data-severity={problem.severity}>
      <FontIcon iconName={problem.severity === 'error' ? 'ErrorBadge' : 'Warning'} className={css.icon} style={{ color }} aria-hidden />
      <span className={css.hidden}>{SEVERITY_WORD[problem.severity]}: </span>
      {address ? (
        <Link className={css.link} onClick={() => onSelect(address)} title={`Chọn ô ${address} để sửa`} data-address={address}>
          <span className={css.cell}>Ô {address}:</span> {text}
        </Link>
      ) : (
        <span>{text}</span>
      )}
    </li>
  );
}

export interface ChecklistProps {
  items: CheckItem[];
  onSelect(address: string): void;
}

export function Checklist({ items, onSelect }: ChecklistProps) {
  return (
    <ul className={css.list} aria-label="Danh sách chỉ tiêu">
      {items.map((item) => (
        <li
          key={item.indicator}
          className={css.item}
          style={{ borderLeftColor: item.tone === 'ok' ? STATUS_COLORS[item.status].color : TONE_COLORS[item.tone] }}
          data-indicator={item.indicator}
          data-status={item.status}
          data-tone={item.tone}
        >
          <div className={css.head}>
            <span className={css.name}>
              {item.stt}. {item.name}
            </span>
            {item.badge && <StatusBadge status={item.badge} />}
          </div>
          <div className={css.details}>
            Kế hoạch: {item.plan} · Số liệu: {item.printed || 'chưa nhập'} · ĐVT: {item.unit}
          </div>
          {item.problems.length > 0 && (
            <ul className={css.problems} aria-label={`Lỗi và cảnh báo của chỉ tiêu ${item.stt}`}>
              {item.problems.map((p, i) => (
                <ProblemLine key={i} problem={p} text={shortMessage(item, p)} onSelect={onSelect} />
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
