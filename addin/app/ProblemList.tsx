import { FontIcon, Link, mergeStyleSets } from '@fluentui/react';
import type { Severity } from '../../shared/report.ts';
import { SEVERITY_WORD, TONE_COLORS, visuallyHidden } from './Checklist.tsx';
import type { LinkedProblem } from './receipt-model.ts';

const css = mergeStyleSets({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6 },
  problem: { display: 'flex', gap: 6, alignItems: 'flex-start', fontSize: 13, minWidth: 0 },
  icon: { marginTop: 2, flexShrink: 0 },
  text: { minWidth: 0, overflowWrap: 'break-word' },
  link: { textAlign: 'left', overflowWrap: 'break-word', whiteSpace: 'normal' },
  place: { fontWeight: 600 },
  hidden: visuallyHidden,
});

export interface ProblemListProps {
  problems: LinkedProblem[];
  severity: Severity;
  label: string;
  onSelect(address: string): void;
}

/** Problems the receiving side reported; those with a cell on the template sheet select it when clicked. */
export function ProblemList({ problems, severity, label, onSelect }: ProblemListProps) {
  return (
    <ul className={css.list} aria-label={label}>
      {problems.map((p, i) => {
        const address = p.address;
        const body = (
          <>
            {p.place && <span className={css.place}>{p.place}:</span>} {p.message}
          </>
        );
        return (
          <li key={i} className={css.problem} data-server-problem={p.place} data-severity={severity}>
            <FontIcon iconName={severity === 'error' ? 'ErrorBadge' : 'Warning'} className={css.icon} style={{ color: TONE_COLORS[severity] }} aria-hidden />
            <span className={css.hidden}>{SEVERITY_WORD[severity]}: </span>
            {address ? (
              <Link className={css.link} onClick={() => onSelect(address)} title={`Chọn ô ${address} để sửa`} data-address={address}>
                {body}
              </Link>
            ) : (
              <span className={css.text}>{body}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
