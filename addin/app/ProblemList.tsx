import { FontIcon, Link, mergeStyleSets } from '@fluentui/react';
import type { LinkedProblem } from './receipt-model.ts';

const css = mergeStyleSets({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6 },
  problem: { display: 'flex', gap: 6, alignItems: 'flex-start', fontSize: 13, minWidth: 0 },
  icon: { color: '#A4262C', marginTop: 2, flexShrink: 0 },
  text: { minWidth: 0, overflowWrap: 'anywhere' },
  link: { textAlign: 'left', overflowWrap: 'anywhere', whiteSpace: 'normal' },
  place: { fontWeight: 600 },
});

export interface ProblemListProps {
  problems: LinkedProblem[];
  label: string;
  onSelect(address: string): void;
}

/** Problems to fix; those with a cell on the template sheet select it when clicked. */
export function ProblemList({ problems, label, onSelect }: ProblemListProps) {
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
          <li key={i} className={css.problem} data-server-problem={p.place}>
            <FontIcon iconName="Warning" className={css.icon} aria-hidden />
            {address ? (
              <Link className={css.link} onClick={() => onSelect(address)} title={`Chọn ô ${address} để sửa`} data-address={address}>{body}</Link>
            ) : (
              <span className={css.text}>{body}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
