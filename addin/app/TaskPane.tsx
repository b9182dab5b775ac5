/**
 * The task pane: recognises a template and checks it with the shared rule, or offers to create
 * one. Everything it needs from Excel comes through the `host` prop (a SheetHost), so the same
 * component runs over Office.js and over the in-memory host of the browser tests.
 */
import { DefaultButton, MessageBar, MessageBarType, ProgressIndicator, Spinner, SpinnerSize, Stack, Text, getTheme, mergeStyleSets } from '@fluentui/react';
import { useMemo, type ReactNode } from 'react';
import { templateModel } from '../../shared/layout.ts';
import type { LoadedCatalogs } from '../catalogs.ts';
import type { SheetHost } from '../office/host.ts';
import { CreateTemplate } from './CreateTemplate.tsx';
import { TemplateView } from './TemplateView.tsx';
import { usePane, type PaneMessage } from './usePane.ts';
import { buildTemplateView, type TemplateView as View } from './view-model.ts';

const theme = getTheme();
const css = mergeStyleSets({
  // Fluent styles its own components only; plain elements inherit the theme's font from here.
  root: {
    ...theme.fonts.medium,
    color: theme.palette.neutralPrimary,
    boxSizing: 'border-box', width: '100%', maxWidth: '100%', padding: 12, overflowX: 'hidden',
  },
  header: { display: 'flex', alignItems: 'flex-start', gap: 8 },
  titles: { flex: '1 1 auto', minWidth: 0 },
  title: { margin: 0, fontSize: 20, fontWeight: 600, lineHeight: '26px' },
  progress: { minHeight: 2, marginTop: 4 },
});

const MESSAGE_TYPE: Record<PaneMessage['type'], MessageBarType> = {
  error: MessageBarType.error,
  warning: MessageBarType.warning,
  success: MessageBarType.success,
  info: MessageBarType.info,
};

export interface TaskPaneProps {
  host: SheetHost;
  catalogs: LoadedCatalogs;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Slot for the later "Nộp báo cáo" (submit) button; receives the checked view. */
  renderSubmit?: (view: View) => ReactNode;
  /** Slot for a later settings panel (e.g. an icon button opening a Fluent Panel). */
  settings?: ReactNode;
  /** Refresh debounce after a change on the sheet. */
  debounceMs?: number;
}

export function TaskPane({ host, catalogs, now = () => new Date(), renderSubmit, settings, debounceMs }: TaskPaneProps) {
  const [state, actions] = usePane(host, debounceMs);
  const { read } = state;
  const built = useMemo(() => (read?.kind === 'template' ? buildTemplateView(read, catalogs.catalogs) : null), [read, catalogs]);

  let content: ReactNode;
  if (!read) {
    content = state.readError ? null : <Spinner size={SpinnerSize.medium} label="Đang đọc sổ làm việc…" />;
  } else if (read.kind === 'none') {
    content = (
      <CreateTemplate
        catalogs={catalogs.catalogs}
        now={now()}
        sheetNameTaken={read.sheetNameTaken}
        busy={state.busy !== null}
        onCreate={(catalog, unit, period) => void actions.create(templateModel(catalog, period, unit, { generatedAt: now().toISOString() }), unit.name)}
      />
    );
  } else if (read.kind === 'other') {
    content = <MessageBar messageBarType={MessageBarType.warning} isMultiline>{read.reason}</MessageBar>;
  } else if (built && !built.ok) {
    content = <MessageBar messageBarType={MessageBarType.error} isMultiline>{built.error}</MessageBar>;
  } else if (built && built.ok) {
    content = (
      <TemplateView
        view={built.view}
        refreshing={state.refreshing}
        onSelect={(a) => void actions.select(a)}
        onRefresh={() => void actions.refresh()}
        submit={renderSubmit?.(built.view)}
      />
    );
  }

  return (
    <Stack className={css.root} tokens={{ childrenGap: 12 }}>
      <div>
        <header className={css.header}>
          <div className={css.titles}>
            <Text as="h1" className={css.title} block>Phụ lục 1</Text>
            <Text variant="small" block styles={{ root: { color: theme.palette.neutralSecondary } }}>Kiểm tra số liệu chỉ tiêu kế hoạch</Text>
          </div>
          {settings}
        </header>
        <div className={css.progress} aria-hidden={!state.busy && !state.refreshing}>
          {state.busy ? (
            <ProgressIndicator label={state.busy} ariaValueText={state.busy} />
          ) : state.refreshing && read ? (
            <ProgressIndicator barHeight={2} ariaValueText="Đang cập nhật" styles={{ itemProgress: { padding: 0 } }} />
          ) : null}
        </div>
      </div>
      {catalogs.errors.map((e) => (
        <MessageBar key={e} messageBarType={MessageBarType.error} isMultiline>{e}</MessageBar>
      ))}
      {state.readError && (
        <MessageBar
          messageBarType={MessageBarType.error}
          isMultiline
          actions={<DefaultButton text="Thử lại" onClick={() => void actions.refresh()} />}
        >
          {state.readError}
        </MessageBar>
      )}
      {state.messages.map((m) => (
        <MessageBar key={m.id} messageBarType={MESSAGE_TYPE[m.type]} isMultiline onDismiss={() => actions.dismiss(m.id)} dismissButtonAriaLabel="Đóng">
          {m.text}
        </MessageBar>
      ))}
      {content}
    </Stack>
  );
}
