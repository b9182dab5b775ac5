/**
 * The task pane: recognises a template and checks it with the shared read-back and checks, or
 * offers to create one. Everything it needs from Excel comes through the `host` prop (a SheetHost),
 * so the same component runs over Office.js and over the in-memory host of the browser tests; what
 * that Excel cannot do (change events, drawing a template) comes from `host.capabilities`. With a
 * `submission` (a Submitter for the workbook's bytes and a settings store) it also offers
 * "Nộp báo cáo" under the checklist and "Cài đặt" (gear icon) in the header: the address comes
 * from the template, the access token from a one-time enrolment code.
 */
import {
  DefaultButton,
  IconButton,
  MessageBar,
  MessageBarType,
  ProgressIndicator,
  Spinner,
  SpinnerSize,
  Stack,
  Text,
  getTheme,
  mergeStyleSets,
} from '@fluentui/react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { templateModel } from '../../shared/layout.ts';
import { loadCatalogs, type BundledCatalog, type LoadedCatalogs } from '../catalogs.ts';
import type { SheetHost } from '../office/host.ts';
import type { Submitter } from '../office/submitter.ts';
import { CreateTemplate, type CatalogState } from './CreateTemplate.tsx';
import { Message } from './Message.tsx';
import { enrol, fetchCatalogs, type RequestOptions } from './intake.ts';
import { SettingsPanel } from './SettingsPanel.tsx';
import { effectiveSettings, settingsGap, type SettingsStore, type SubmitSettings } from './settings.ts';
import { SubmitSection } from './SubmitSection.tsx';
import { TemplateView } from './TemplateView.tsx';
import { usePane, type PaneMessage } from './usePane.ts';
import { buildTemplateView, templateCatalog, type ViewResult } from './view-model.ts';

const theme = getTheme();
const css = mergeStyleSets({
  // Fluent styles its own components only; plain elements inherit the theme's font from here.
  root: {
    ...theme.fonts.medium,
    color: theme.palette.neutralPrimary,
    boxSizing: 'border-box',
    width: '100%',
    maxWidth: '100%',
    padding: 12,
    overflowX: 'hidden',
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

/** What "Nộp báo cáo" needs; without it the pane only checks. */
export interface SubmissionSetup {
  /** Hands over the workbook's bytes (officeSubmitter() in Excel). */
  submitter: Submitter;
  /** Where "Cài đặt" is kept (browserSettingsStore() in Excel). */
  store: SettingsStore;
  /** The intake request's timeout (default 45 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The pane's own protocol (default: the page's). */
  pageProtocol?: string;
}

export interface TaskPaneProps {
  host: SheetHost;
  /**
   * Catalogues the pane knows beforehand (the tests'); the pane bundles none. A template carries its
   * own; to create one, the pane asks the worker it is enrolled with.
   */
  catalogs?: LoadedCatalogs;
  /** The clock (tests pin it). */
  now?: () => Date;
  submission?: SubmissionSetup;
  /** Refresh debounce after a change on the sheet. */
  debounceMs?: number;
}

/** navigator.onLine, followed. */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine !== false);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine !== false);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

const NOT_ENROLLED =
  'Để tạo biểu mẫu, phần bổ trợ lấy danh mục chỉ tiêu từ hệ thống nhận báo cáo của Phòng Tài chính - Kế hoạch: hãy đăng ký nộp qua mạng bằng mã đăng ký do Phòng cấp. Hoặc mở tệp biểu mẫu do Phòng gửi: biểu mẫu mang theo danh mục chỉ tiêu của nó.';

/** The catalogues known beforehand and those from the worker, one per id (the worker's first). */
function mergeCatalogs(known: BundledCatalog[], fetched: BundledCatalog[]): BundledCatalog[] {
  const ids = new Set(fetched.map((c) => c.catalog.id));
  return [...fetched, ...known.filter((c) => !ids.has(c.catalog.id))].sort((a, b) => a.catalog.year - b.catalog.year);
}

export function TaskPane({ host, catalogs: known, now = () => new Date(), submission, debounceMs }: TaskPaneProps) {
  const [state, actions] = usePane(host, debounceMs);
  const { read } = state;
  const caps = host.capabilities;
  const [fetched, setFetched] = useState<{ key: string; catalogs: BundledCatalog[]; period?: string } | null>(null);
  const [catalogState, setCatalogState] = useState<CatalogState>({ kind: 'ready' });
  const catalogs = useMemo(() => ({ catalogs: mergeCatalogs(known?.catalogs ?? [], fetched?.catalogs ?? []) }), [known, fetched]);
  const built = useMemo(() => (read?.kind === 'template' ? buildTemplateView(read, catalogs.catalogs) : null), [read, catalogs]);

  const store = submission?.store;
  const [settings, setSettings] = useState<SubmitSettings | null>(() => store?.load() ?? null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);
  const online = useOnline();
  const pageProtocol = submission?.pageProtocol ?? (typeof location === 'undefined' ? 'https:' : location.protocol);
  const request: RequestOptions = useMemo(
    () => ({ fetch: submission?.fetch, timeoutMs: submission?.timeoutMs, pageProtocol }),
    [submission?.fetch, submission?.timeoutMs, pageProtocol],
  );
  const { refresh } = actions;
  const check = useCallback(async (): Promise<ViewResult | null> => {
    const r = await refresh();
    if (!r) return null;
    if (r.kind !== 'template') return { ok: false, error: 'Sổ làm việc không còn biểu mẫu Phụ lục 1 nên chưa nộp được.' };
    return buildTemplateView(r, catalogs.catalogs);
  }, [refresh, catalogs]);
  const saveSettings = useCallback(
    (next: SubmitSettings) => {
      try {
        store?.save(next);
      } finally {
        // Even when the browser refuses to store them, the settings work until the pane closes.
        setSettings(next);
      }
    },
    [store],
  );
  const onAnswered = useCallback(() => setHistoryVersion((v) => v + 1), []);

  // The worker's catalogues, only when one is needed: to create a template, or for a template made
  // before templates carried their catalogue (one that carries it is checked offline, with no
  // request). Asked again when the enrolment changes.
  const askWith = settings ? effectiveSettings(settings, read?.kind === 'template' ? read.meta.intakeUrl?.trim() || undefined : undefined) : null;
  const askKey = askWith && !settingsGap(askWith, pageProtocol) ? `${askWith.intakeUrl}|${askWith.token}` : null;
  const needCatalogs = read?.kind === 'none' || (read?.kind === 'template' && !templateCatalog(read, catalogs.catalogs));
  const asking = useRef(askWith);
  asking.current = askWith;
  const loadCatalogsFromWorker = useCallback(async () => {
    const askWith = asking.current;
    if (!askWith || !askKey) {
      setCatalogState({ kind: 'missing', message: NOT_ENROLLED, fix: 'settings' });
      return;
    }
    setCatalogState({ kind: 'loading' });
    const r = await fetchCatalogs(askWith, request);
    if (r.ok) {
      setFetched({ key: askKey, catalogs: loadCatalogs(r.catalogs).catalogs, ...(r.period ? { period: r.period } : {}) });
      setCatalogState({ kind: 'ready' });
    } else {
      setCatalogState({ kind: 'missing', message: r.message, fix: r.fix });
    }
  }, [askKey, request]);
  useEffect(() => {
    if (needCatalogs && fetched?.key !== askKey) void loadCatalogsFromWorker();
  }, [needCatalogs, fetched, askKey, loadCatalogsFromWorker]);
  const { push } = actions;
  const templateUrl = built?.ok ? built.view.intakeUrl : undefined;
  // One object per change, not per render: the history reloads when it changes.
  const inForce = useMemo(() => (settings ? effectiveSettings(settings, templateUrl) : null), [settings, templateUrl]);
  const enrolWith = useCallback(
    async (address: string, code: string, folder: string): Promise<string | null> => {
      const r = await enrol(address, code, request);
      if (!r.ok) return r.message;
      const e = r.enrolment;
      try {
        saveSettings({ intakeUrl: e.intakeUrl || address, token: e.token, folder, unit: e.unit, unitName: e.unitName });
      } catch (err) {
        push('warning', err instanceof Error ? err.message : String(err));
      }
      push('success', `Đã đăng ký nộp qua mạng cho ${e.unitName}. Bấm “Nộp báo cáo” khi đã nhập xong số liệu.`);
      return null;
    },
    [request, saveSettings, push],
  );

  let content: ReactNode;
  if (!read) {
    content = state.readError ? null : <Spinner size={SpinnerSize.medium} label="Đang đọc sổ làm việc…" />;
  } else if (read.kind === 'none') {
    content = (
      <CreateTemplate
        catalogs={catalogs.catalogs}
        catalogState={catalogState}
        period={fetched?.period}
        onOpenSettings={submission ? () => setSettingsOpen(true) : undefined}
        onRetry={() => void loadCatalogsFromWorker()}
        now={now()}
        sheetNameTaken={read.sheetNameTaken}
        canDraw={caps.drawTemplate}
        busy={state.busy !== null}
        onCreate={(catalog, unit, period) =>
          void actions.create(
            templateModel(catalog, period, unit, { generatedAt: now().toISOString(), ...(settings?.intakeUrl ? { intakeUrl: settings.intakeUrl } : {}) }),
            unit.name,
          )
        }
      />
    );
  } else if (read.kind === 'other') {
    content = (
      <MessageBar messageBarType={MessageBarType.warning} isMultiline>
        {read.reason}
      </MessageBar>
    );
  } else if (built && !built.ok) {
    content = (
      <MessageBar messageBarType={MessageBarType.error} isMultiline>
        {built.error}
      </MessageBar>
    );
  } else if (built && built.ok) {
    content = (
      <TemplateView
        view={built.view}
        refreshing={state.refreshing}
        followsChanges={caps.changeEvents}
        onSelect={(a) => void actions.select(a)}
        onRefresh={() => void actions.refresh()}
        submit={
          submission && inForce ? (
            <SubmitSection
              view={built.view}
              submitter={submission.submitter}
              settings={inForce}
              check={check}
              onSelect={(a) => void actions.select(a)}
              onOpenSettings={() => setSettingsOpen(true)}
              request={request}
              online={online}
              busy={state.busy !== null}
              historyVersion={historyVersion}
              onAnswered={onAnswered}
            />
          ) : undefined
        }
      />
    );
  }

  return (
    <Stack as="main" className={css.root} tokens={{ childrenGap: 12 }}>
      <div>
        <header className={css.header}>
          <div className={css.titles}>
            <Text as="h1" className={css.title} block>
              Phụ lục 1
            </Text>
            <Text variant="small" block styles={{ root: { color: theme.palette.neutralSecondary } }}>
              Kiểm tra số liệu chỉ tiêu kế hoạch
            </Text>
          </div>
          {submission && <IconButton iconProps={{ iconName: 'Settings' }} title="Cài đặt" ariaLabel="Cài đặt" onClick={() => setSettingsOpen(true)} />}
        </header>
        <div className={css.progress} aria-hidden={!state.busy && !state.refreshing}>
          {state.busy ? (
            <ProgressIndicator label={state.busy} ariaValueText={state.busy} />
          ) : state.refreshing && read ? (
            <ProgressIndicator barHeight={2} ariaValueText="Đang cập nhật" styles={{ itemProgress: { padding: 0 } }} />
          ) : null}
        </div>
      </div>
      {state.readError && (
        <Message type={MessageBarType.error} action={<DefaultButton text="Thử lại" onClick={() => void actions.refresh()} />}>
          {state.readError}
        </Message>
      )}
      {state.messages.map((m) => (
        <Message key={m.id} type={MESSAGE_TYPE[m.type]} onDismiss={() => actions.dismiss(m.id)}>
          {m.text}
        </Message>
      ))}
      {content}
      {submission && settings && (
        <SettingsPanel
          isOpen={settingsOpen}
          settings={settings}
          templateUrl={templateUrl}
          pageProtocol={pageProtocol}
          onSave={saveSettings}
          onEnrol={enrolWith}
          onDismiss={() => setSettingsOpen(false)}
        />
      )}
    </Stack>
  );
}
