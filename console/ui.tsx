/**
 * Pieces every page of the console uses: the page frame (its heading takes the focus when the page
 * opens, for keyboard and screen-reader users), state badges in the pane's colours, a loader, the
 * stacked-table style that turns table rows into cards on a phone, messages, the confirmation
 * dialog, a plain labelled <select>, and what is left out when a page is printed.
 */
import { REVIEW_COLORS } from '../shared/palette.ts';
import {
  DefaultButton,
  Dialog,
  DialogFooter,
  DialogType,
  Link,
  MessageBar,
  MessageBarType,
  PrimaryButton,
  Spinner,
  SpinnerSize,
  getTheme,
  mergeStyleSets,
  mergeStyles,
} from '@fluentui/react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
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
    background: theme.palette.white,
    border: `1px solid ${theme.palette.neutralLight}`,
    borderRadius: 4,
    padding: 16,
    display: 'flex',
    flexDirection: 'column',
    gap: 8,
    minWidth: 0,
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'center' },
  hash: { fontFamily: 'Consolas, "Courier New", monospace', overflowWrap: 'anywhere' },
  // A table that is a table on a screen and a list of cards on a phone (each cell labelled by data-label).
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    background: theme.palette.white,
    selectors: {
      'th, td': { textAlign: 'left', verticalAlign: 'top', padding: '8px 10px', borderBottom: `1px solid ${theme.palette.neutralLight}` },
      th: { fontWeight: 600, background: theme.palette.neutralLighterAlt, position: 'sticky', top: 0 },
      [NARROW]: {
        thead: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' },
        tr: { display: 'block', borderBottom: `1px solid ${theme.palette.neutralTertiaryAlt}`, padding: '8px 0' },
        td: { display: 'flex', gap: 8, borderBottom: 'none', padding: '3px 8px' },
        'td::before': { content: 'attr(data-label)', flex: '0 0 38%', fontWeight: 600, color: theme.palette.neutralSecondary },
        'td[data-label=""]::before': { display: 'none' },
      },
    },
  },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  // A table cell with nothing to say on a phone's card (an empty “Chọn” or “Thao tác”).
  phoneHidden: { selectors: { [NARROW]: { display: 'none !important' } } },
  changed: { background: '#FFF4CE', fontWeight: 600 },
  list: { margin: 0, paddingLeft: 20, display: 'flex', flexDirection: 'column', gap: 4 },
  // A form's fields side by side on a screen, one under the other on a phone.
  fields: { display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'flex-end', selectors: { '> *': { flex: '1 1 180px', minWidth: 0 } } },
  // Text that screen readers read and eyes do not see.
  hidden: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  // Left out of the printed page (the header, buttons …): only what is meant for paper prints.
  noPrint: { selectors: { '@media print': { display: 'none !important' } } },
  select: {
    ...theme.fonts.medium,
    height: 32,
    minWidth: 0,
    maxWidth: '100%',
    padding: '0 8px',
    boxSizing: 'border-box',
    borderRadius: 2,
    border: `1px solid ${theme.palette.neutralSecondary}`,
    background: theme.palette.white,
    color: theme.palette.neutralPrimary,
    selectors: { ':focus': { outline: `2px solid ${theme.palette.themePrimary}`, outlineOffset: 1 } },
  },
  label: { display: 'block', fontWeight: 600, padding: '5px 0' },
});

const badge = mergeStyles({
  display: 'inline-block',
  padding: '1px 8px',
  borderRadius: 10,
  fontSize: 12,
  fontWeight: 600,
  lineHeight: '18px',
  whiteSpace: 'nowrap',
});

export function StateBadge({ state, excused = false }: { state: ReviewState | undefined; excused?: boolean }) {
  if (excused && !state)
    return (
      <span className={badge} style={REVIEW_COLORS.superseded} data-state="excused">
        Miễn nộp kỳ này
      </span>
    );
  const key = state ?? 'missing';
  return (
    <span className={badge} style={REVIEW_COLORS[key]} data-state={key}>
      {state ? REVIEW_LABEL[state] : 'Chưa nộp'}
    </span>
  );
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
        <h1 id="page-title" className={css.h1} tabIndex={-1} ref={h1}>
          {title}
        </h1>
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
  return (
    <MessageBar messageBarType={MessageBarType.error} isMultiline>
      {text}
    </MessageBar>
  );
}

export function Notice({ text, kind = 'success', children }: { text?: string; kind?: 'success' | 'info' | 'warning'; children?: ReactNode }) {
  const type = kind === 'success' ? MessageBarType.success : kind === 'warning' ? MessageBarType.warning : MessageBarType.info;
  return (
    <MessageBar messageBarType={type} isMultiline role="status">
      {text}
      {children}
    </MessageBar>
  );
}

/**
 * One confirmation before a change that matters: what will happen, said plainly, and two buttons.
 * `children` can hold more (a list, a note field); the confirming button is off while `busy`.
 */
export function ConfirmDialog({
  open,
  title,
  text,
  confirmText,
  onConfirm,
  onCancel,
  busy = false,
  children,
  error,
}: {
  open: boolean;
  title: string;
  text?: string;
  confirmText: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  children?: ReactNode;
  error?: string;
}) {
  return (
    <Dialog
      hidden={!open}
      onDismiss={busy ? undefined : onCancel}
      dialogContentProps={{ type: DialogType.normal, title, subText: text }}
      modalProps={{ isBlocking: true }}
      minWidth={0}
      maxWidth={560}
      styles={{ main: { width: 'calc(100vw - 32px)', maxWidth: 560 } }}
    >
      {error && <Problem text={error} />}
      {children}
      <DialogFooter>
        <PrimaryButton text={busy ? 'Đang thực hiện…' : confirmText} onClick={onConfirm} disabled={busy} />
        <DefaultButton text="Huỷ" onClick={onCancel} disabled={busy} />
      </DialogFooter>
    </Dialog>
  );
}

/** A plain <select> with its label: native on phones, the keyboard's own behaviour everywhere. */
export function Select({
  label,
  value,
  onChange,
  options,
  hideLabel = false,
  className,
  ...rest
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; text: string }[];
  hideLabel?: boolean;
  className?: string;
} & Record<`data-${string}`, string | undefined>) {
  const id = useId();
  return (
    <div className={className} style={{ minWidth: 0 }}>
      <label htmlFor={id} className={hideLabel ? css.hidden : css.label}>
        {label}
      </label>
      <select id={id} className={css.select} value={value} onChange={(e) => onChange(e.target.value)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** What a page of a period says when no period is opened yet (the office opens one on “Kỳ báo cáo”). */
export function NoPeriod({ canOpen }: { canOpen: boolean }) {
  return (
    <MessageBar messageBarType={MessageBarType.info} isMultiline data-no-period>
      <div>Chưa có kỳ báo cáo nào được mở nên chưa có gì để theo dõi.</div>
      <div>
        {canOpen ? 'Hãy mở kỳ báo cáo ở trang ' : 'Phòng Tài chính - Kế hoạch mở kỳ báo cáo ở trang '}
        <Link underline href="#/ky-bao-cao">
          Kỳ báo cáo
        </Link>
        .
      </div>
    </MessageBar>
  );
}

/** “Đã nhắc 2 lần, lần cuối 09:00 ngày 15/11/2023” (nothing when never reminded). */
export function remindersText(r: { count: number; lastAt?: string }, format: (at: string) => string): string {
  if (!r.count) return '';
  return `Đã nhắc ${r.count} lần${r.lastAt ? `, lần cuối ${format(r.lastAt)}` : ''}`;
}
