/**
 * "Nộp báo cáo" under the checklist: the button, its progress, and what came of it (receipt,
 * the server's errors, or how to send the file instead). Where submitting cannot work (no address,
 * offline, an Excel that cannot hand over the file) it says so before the officer tries.
 */
import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, ProgressIndicator, Stack, Text, mergeStyleSets } from '@fluentui/react';
import type { ReactNode } from 'react';
import { READ_ERRORS, type Submitter } from '../office/submitter.ts';
import { folderRoute, type RequestOptions } from './intake.ts';
import { ProblemList } from './ProblemList.tsx';
import { ReceiptCard } from './ReceiptCard.tsx';
import { linkServerProblem, receiptView, timeVi } from './receipt-model.ts';
import { settingsProblem, type SubmitSettings } from './settings.ts';
import { SubmissionHistory } from './SubmissionHistory.tsx';
import { STEP_LABELS, useSubmit, type SubmitResult } from './useSubmit.ts';
import type { TemplateView, ViewResult } from './view-model.ts';

const css = mergeStyleSets({
  root: { borderTop: '1px solid #E1DFDD', paddingTop: 12 },
  title: { margin: 0, fontSize: 16, fontWeight: 600 },
  hint: { color: '#605E5C', fontSize: 12 },
  folder: { marginTop: 4, overflowWrap: 'anywhere' },
  path: { fontWeight: 600, userSelect: 'all' },
  block: { display: 'flex', flexDirection: 'column', gap: 8, minWidth: 0 },
  warnTitle: { fontWeight: 600, fontSize: 13, margin: 0 },
});

export interface SubmitSectionProps {
  view: TemplateView;
  submitter: Submitter;
  settings: SubmitSettings;
  /** Re-reads the sheet and checks it (the same checklist). */
  check(): Promise<ViewResult | null>;
  onSelect(address: string): void;
  onOpenSettings(): void;
  /** fetch, timeout, page protocol; memoised by the parent. */
  request: RequestOptions;
  online: boolean;
  /** Another long action of the pane is running. */
  busy: boolean;
  /** Bumped by the parent to reload the history. */
  historyVersion: number;
  onAnswered(): void;
}

function Folder({ folder, lead }: { folder: string; lead?: string }) {
  const text = folderRoute(folder);
  const path = folder.trim();
  const at = path ? text.indexOf(path) : -1;
  return (
    <div className={css.folder} data-folder-route>
      {lead ? `${lead} ` : ''}
      {at < 0 ? text : <>{text.slice(0, at)}<strong className={css.path}>{path}</strong>{text.slice(at + path.length)}</>}
    </div>
  );
}

function SettingsButton({ onClick }: { onClick(): void }) {
  return <DefaultButton text="Mở cài đặt" iconProps={{ iconName: 'Settings' }} onClick={onClick} />;
}

function Outcome({ result, view, folder, onSelect, onOpenSettings, onRetry }: {
  result: SubmitResult; view: TemplateView; folder: string; onSelect(a: string): void; onOpenSettings(): void; onRetry(): void;
}): ReactNode {
  const warnings = (list: { sheet?: string; cell?: string; message: string }[]) =>
    list.length > 0 && (
      <div className={css.block}>
        <p className={css.warnTitle}>Lưu ý từ máy chủ</p>
        <ProblemList problems={list.map(linkServerProblem)} label="Lưu ý từ máy chủ" onSelect={onSelect} />
      </div>
    );
  switch (result.kind) {
    case 'checks':
      return (
        <div className={css.block} data-outcome="checks">
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            Chưa nộp: biểu mẫu còn {result.problems.length} lỗi cần sửa. Hãy sửa các ô dưới đây rồi bấm “Nộp báo cáo” lại.
          </MessageBar>
          <ProblemList problems={result.problems} label="Lỗi cần sửa trước khi nộp" onSelect={onSelect} />
        </div>
      );
    case 'blocked':
      return (
        <div className={css.block} data-outcome="blocked">
          <MessageBar messageBarType={MessageBarType.warning} isMultiline actions={result.fix === 'settings' ? <SettingsButton onClick={onOpenSettings} /> : undefined}>
            {result.message}
          </MessageBar>
        </div>
      );
    case 'read-failed':
      return (
        <div className={css.block} data-outcome="read-failed">
          <MessageBar messageBarType={MessageBarType.warning} isMultiline>
            Chưa gửi được: {result.message}
            <Folder folder={folder} />
          </MessageBar>
        </div>
      );
    case 'accepted':
      return (
        <div className={css.block} data-outcome="accepted">
          <MessageBar messageBarType={MessageBarType.success} isMultiline>
            Đã nộp báo cáo. Số liệu sẽ có trong bản tổng hợp Phụ lục 1 lần tới.
          </MessageBar>
          <ReceiptCard title="Biên nhận" receipt={receiptView(result.receipt, view.catalog)} />
          {warnings(result.warnings)}
        </div>
      );
    case 'duplicate': {
      const when = timeVi(result.receipt.receivedAt);
      return (
        <div className={css.block} data-outcome="duplicate">
          {result.accepted ? (
            <MessageBar messageBarType={MessageBarType.info} isMultiline>
              Máy chủ đã nhận đúng tệp này lúc {when} (biên nhận số {result.receipt.id}); không cần nộp lại. Biên nhận gốc ở dưới.
            </MessageBar>
          ) : (
            <MessageBar messageBarType={MessageBarType.error} isMultiline>
              Tệp này đã được gửi lúc {when} (biên nhận số {result.receipt.id}) và bị từ chối vì các lỗi dưới đây. Hãy sửa rồi nộp lại.
            </MessageBar>
          )}
          {!result.accepted && <ProblemList problems={result.errors.map(linkServerProblem)} label="Lỗi máy chủ báo" onSelect={onSelect} />}
          <ReceiptCard title="Biên nhận gốc" receipt={receiptView(result.receipt, view.catalog)} />
        </div>
      );
    }
    case 'rejected':
      return (
        <div className={css.block} data-outcome="rejected">
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            Máy chủ không nhận báo cáo: {result.errors.length} lỗi cần sửa (lần gửi này được ghi với biên nhận số {result.receipt.id}). Hãy sửa các ô dưới đây rồi nộp lại.
          </MessageBar>
          <ProblemList problems={result.errors.map(linkServerProblem)} label="Lỗi máy chủ báo" onSelect={onSelect} />
          {warnings(result.warnings)}
        </div>
      );
    case 'refused':
      return (
        <div className={css.block} data-outcome="refused" data-status={result.status}>
          <MessageBar
            messageBarType={MessageBarType.error}
            isMultiline
            actions={result.fix === 'settings' ? <SettingsButton onClick={onOpenSettings} /> : result.fix === 'later' ? <DefaultButton text="Thử lại" onClick={onRetry} /> : undefined}
          >
            Chưa nộp được: {result.message}
            {result.fix === 'settings' && <div data-settings-hint>Kiểm tra địa chỉ nhận báo cáo và mã truy cập của đơn vị trong mục “Cài đặt”.</div>}
            {result.fix === 'later' && <Folder folder={folder} lead="Nếu cần gấp:" />}
          </MessageBar>
        </div>
      );
    case 'unreachable':
      return (
        <div className={css.block} data-outcome="unreachable">
          <MessageBar messageBarType={MessageBarType.warning} isMultiline actions={<DefaultButton text="Thử lại" onClick={onRetry} />}>
            Chưa nộp được: {result.message}
            <Folder folder={folder} />
          </MessageBar>
        </div>
      );
  }
}

export function SubmitSection(props: SubmitSectionProps) {
  const { view, submitter, settings, onSelect, onOpenSettings, request, online, busy } = props;
  const state = useSubmit({
    submitter, settings, check: props.check, fetch: request.fetch, timeoutMs: request.timeoutMs, pageProtocol: request.pageProtocol, onAnswered: props.onAnswered,
  });
  const missing = settingsProblem(settings, request.pageProtocol);

  let notice: ReactNode = null;
  if (!submitter.canReadFile) {
    notice = (
      <MessageBar messageBarType={MessageBarType.warning} isMultiline>
        {READ_ERRORS.unsupported} Chưa nộp qua phần bổ trợ được.
        <Folder folder={settings.folder} />
      </MessageBar>
    );
  } else if (missing) {
    notice = (
      <MessageBar messageBarType={MessageBarType.info} isMultiline actions={<SettingsButton onClick={onOpenSettings} />}>
        {missing}
        <Folder folder={settings.folder} lead="Nếu chưa có địa chỉ và mã:" />
      </MessageBar>
    );
  } else if (!online) {
    notice = (
      <MessageBar messageBarType={MessageBarType.warning} isMultiline>
        Máy tính đang mất kết nối mạng nên chưa nộp qua mạng được.
        <Folder folder={settings.folder} />
      </MessageBar>
    );
  }

  const cannot = !submitter.canReadFile || Boolean(missing) || !online;
  return (
    <Stack className={css.root} tokens={{ childrenGap: 8 }}>
      <Text as="h2" className={css.title} block>Nộp báo cáo</Text>
      <Text className={css.hint} block>Phần bổ trợ kiểm tra lại biểu mẫu rồi gửi tệp tới Phòng Tài chính - Kế hoạch.</Text>
      {notice && <div data-notice={!submitter.canReadFile ? 'unsupported' : missing ? 'settings' : 'offline'}>{notice}</div>}
      <PrimaryButton
        text="Nộp báo cáo"
        iconProps={{ iconName: 'Send' }}
        disabled={cannot || busy || state.step !== null}
        onClick={() => void state.submit()}
        styles={{ root: { alignSelf: 'flex-start' } }}
      />
      {state.step && (
        <div data-submit-step={state.step}>
          <ProgressIndicator
            label={STEP_LABELS[state.step]}
            ariaValueText={STEP_LABELS[state.step]}
            percentComplete={state.step === 'reading' ? state.progress : undefined}
          />
        </div>
      )}
      <div aria-live="polite">
        {state.result && (
          <Outcome result={state.result} view={view} folder={settings.folder} onSelect={onSelect} onOpenSettings={onOpenSettings} onRetry={() => void state.submit()} />
        )}
      </div>
      {!missing && <SubmissionHistory settings={settings} catalog={view.catalog} request={request} version={props.historyVersion} />}
    </Stack>
  );
}
