/**
 * Pieces every page of the console uses: the page frame (its heading takes the focus when the page
 * opens, for keyboard and screen-reader users), state badges in the pane's colours, a loader, and
 * the stacked-table style that turns table rows into cards on a phone.
 */
import { REVIEW_COLORS } from '../shared/palette.ts';
import { MessageBar, MessageBarType, Spinner, SpinnerSize, getTheme, mergeStyleSets, mergeStyles } from '@fluentui/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { REVIEW_LABEL, type ReviewState } from '../shared/review.ts';
import type { ApiResult } from './api.ts';

export const theme = getTheme();

/** Below this width, tables become cards. */
export const NARROW = '@media (max-width: 720px)';

export const css = mergeStyleSets({
  page: { display: 'flex', flexDirection: 'column', gap: 16, minWidth: 0 },
  h1: { margin: 0, fontSize: 24, lineHeight: '32px', fontWeight: 600, outline: 'none' },
  h2: { margin: '8px 0 0', fontSize: 18, lineHeight: '24px', fontWeight: 600 },
  muted: { color: theme.palette.neutralSecondary },
  card: {
    background: theme.palette.white, border: `1px solid ${theme.palette.neutralLight}`, borderRadius: 4, padding: 16,
    display: 'flex', flexDirection: 'column', gap: 8, minWidth: 0,
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'center' },
  hash: { fontFamily: 'Consolas, "Courier New", monospace', overflowWrap: 'anywhere' },
  // A table that is a table on a screen and a list of cards on a phone (each cell labelled by data-label).
  table: {
    width: '100%', borderCollapse: 'collapse', background: theme.palette.white,
    selectors: {
      'th, td': { textAlign: 'left', verticalAlign: 'top', padding: '8px 10px', borderBottom: `1px solid ${theme.palette.neutralLight}` },
      th: { fontWeight: 600, background: theme.palette.neutralLighterAlt, position: 'sticky', top: 0 },
      [NARROW]: {
        'thead': { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' },
        'tr': { display: 'block', borderBottom: `1px solid ${theme.palette.neutralTertiaryAlt}`, padding: '8px 0' },
        'td': { display: 'flex', gap: 8, borderBottom: 'none', padding: '3px 8px' },
        'td::before': { content: 'attr(data-label)', flex: '0 0 38%', fontWeight: 600, color: theme.palette.neutralSecondary },
        'td[data-label=""]::before': { display: 'none' },
      },
    },
  },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  changed: { background: '#FFF4CE', fontWeight: 600 },
  list: { margin: 0, paddingLeft: 20, display: 'flex', flexDirection: 'column', gap: 4 },
});


const badge = mergeStyles({
  display: 'inline-block', padding: '1px 8px', borderRadius: 10, fontSize: 12, fontWeight: 600, lineHeight: '18px', whiteSpace: 'nowrap',
});

export function StateBadge({ state }: { state: ReviewState | undefined }) {
  const key = state ?? 'missing';
  return <span className={badge} style={REVIEW_COLORS[key]} data-state={key}>{state ? REVIEW_LABEL[state] : 'Chưa nộp'}</span>;
}

/** A page: its title (focused on arrival) and its content. */
export function Page({ title, children, actions, focusTitle = true }: { title: string; children: ReactNode; actions?: ReactNode; focusTitle?: boolean }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) h1.current?.focus();
    document.title = `${title} — Phụ lục 1`;
  }, [title, focusTitle]);
  return (
    <section className={css.page} aria-labelledby="page-title">
      <div className={css.row} style={{ justifyContent: 'space-between' }}>
        <h1 id="page-title" className={css.h1} tabIndex={-1} ref={h1}>{title}</h1>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Loads `load()` once (and again when `key` changes); shows a spinner, then the content or the error. */
export function useLoad<T>(load: () => Promise<ApiResult<T>>, key: unknown): { data?: T; error?: string; reload: () => void; set: (t: T) => void } {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    void load().then((r) => {
      if (live) setState(r.ok ? { data: r.data } : { error: r.message });
    });
    return () => {
      live = false;
    };
    // Reloads on `key` and on demand only (`load` is a new function at every render).
  }, [key, n]);
  return { ...state, reload: () => setN((x) => x + 1), set: (data: T) => setState({ data }) };
}

export function Loading({ label = 'Đang tải…' }: { label?: string }) {
  return <Spinner size={SpinnerSize.medium} label={label} labelPosition="right" />;
}

export function Problem({ text }: { text: string }) {
  return <MessageBar messageBarType={MessageBarType.error} isMultiline>{text}</MessageBar>;
}
