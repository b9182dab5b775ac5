/**
 * "Nộp báo cáo" under the checklist: the button, its progress and "Hủy", and what came of it
 * (receipt, the errors the receiving side found, or how to send the file instead). Where submitting
 * cannot work (not enrolled yet, offline, an Excel that cannot hand over the file) it says so,
 * briefly, before the officer tries.
 */
import { DefaultButton, Link, MessageBar, MessageBarType, PrimaryButton, ProgressIndicator, Stack, Text, mergeStyleSets } from '@fluentui/react';
import { Fragment, type ReactNode } from 'react';
import { formatTimeVi } from '../../shared/format.ts';
import { READ_ERRORS, type Submitter } from '../office/submitter.ts';
import { Message } from './Message.tsx';
import { ProblemList } from './ProblemList.tsx';
import { folderRoute, type RequestOptions, type ServerProblem } from './intake.ts';
import { ReceiptCard } from './ReceiptCard.tsx';
import { linkServerProblem, notShownAbove, receiptView } from './receipt-model.ts';
import { settingsGap, type SubmitSettings } from './settings.ts';
import { SubmissionHistory } from './SubmissionHistory.tsx';
import { STEP_LABELS, useSubmit, type SubmitResult } from './useSubmit.ts';
import type { TemplateView, ViewResult } from './view-model.ts';

const css = mergeStyleSets({
  root: { borderTop: '1px solid #E1DFDD', paddingTop: 12 },
  title: { margin: 0, fontSize: 16, fontWeight: 600 },
  folder: { marginTop: 4, overflowWrap: 'break-word' },
  path: { fontWeight: 600, userSelect: 'all' },
  block: { display: 'flex', flexDirection: 'column', gap: 8, minWidth: 0 },
  listTitle: { fontWeight: 600, fontSize: 13, margin: 0 },
  inline: { fontSize: 'inherit' },
});

export interface SubmitSectionProps {
  view: TemplateView;
  submitter: Submitter;
  /** The settings in force (saved ones, with the template's address when none was saved). */
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

/** A path that breaks after its separators, never in the middle of a folder's name. */
function BreakablePath({ path }: { path: string }) {
  // (No look-behind in the pattern: older Safari webviews on the Mac cannot parse it.)
  const parts = path
    .replace(/([\\/]+)/g, '$1\u0000')
    .split('\u0000')
    .filter((p) => p !== '');
  return (
    <strong className={css.path} data-folder-path>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </strong>
  );
}

function Folder({ folder, lead }: { folder: string; lead?: string }) {
  const text = folderRoute(folder);
  const path = folder.trim();
  const at = path ? text.indexOf(path) : -1;
  return (
    <div className={css.folder} data-folder-route>
      {lead ? `${lead} ` : ''}
      {at < 0 ? (
        text
      ) : (
        <>
          {text.slice(0, at)}
          <BreakablePath path={path} />
          {text.slice(at + path.length)}
        </>
      )}
    </div>
  );
}

function SettingsLink({ onClick, children }: { onClick(): void; children: ReactNode }) {
  return (
    <Link onClick={onClick} className={css.inline} data-open-settings>
      {children}
    </Link>
  );
}

function Warnings({ list, onSelect }: { list: ServerProblem[]; onSelect(a: string): void }) {
  if (list.length === 0) return null;
  return (
    <div className={css.block} data-warnings>
      <p className={css.listTitle}>Cảnh báo (không chặn việc nộp, Phòng Tài chính - Kế hoạch sẽ xem)</p>
      <ProblemList problems={list.map(linkServerProblem)} severity="warning" label="Cảnh báo" onSelect={onSelect} />
    </div>
  );
}

/** The receiving side's errors: those already shown above are not repeated. */
function ServerErrors({ errors, view, onSelect }: { errors: ServerProblem[]; view: TemplateView; onSelect(a: string): void }) {
  const { shown, others } = notShownAbove(errors, view);
  return (
    <>
      {shown > 0 && (
        <Text block data-errors-above={shown}>
          Sửa {shown} lỗi ở trên, lưu tệp rồi nộp lại.
        </Text>
      )}
      {others.length > 0 && (
        <div className={css.block}>
          <p className={css.listTitle}>Lỗi hệ thống thấy trong tệp</p>
          <ProblemList problems={others} severity="error" label="Lỗi hệ thống thấy trong tệp" onSelect={onSelect} />
        </div>
      )}
    </>
  );
}

function Outcome({
  result,
  view,
  folder,
  onSelect,
  onOpenSettings,
  onRetry,
}: {
  result: SubmitResult;
  view: TemplateView;
  folder: string;
  onSelect(a: string): void;
  onOpenSettings(): void;
  onRetry(): void;
}): ReactNode {
  switch (result.kind) {
    case 'checks':
      return (
        <div className={css.block} data-outcome="checks">
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {result.errors > 0 ? `Chưa nộp: Sửa ${result.errors} lỗi ở trên trước khi nộp.` : `Chưa nộp: ${result.message ?? 'biểu mẫu chưa có số liệu nào.'}`}
            {result.first && (
              <>
                {' '}
                <Link onClick={() => onSelect(result.first!)} data-address={result.first}>
                  Chọn ô {result.first}
                </Link>
              </>
            )}
          </MessageBar>
        </div>
      );
    case 'blocked':
      return (
        <div className={css.block} data-outcome="blocked">
          <MessageBar messageBarType={MessageBarType.warning} isMultiline>
            {result.message}
            {result.fix === 'settings' && (
              <>
                {' '}
                <SettingsLink onClick={onOpenSettings}>Mở cài đặt</SettingsLink>
              </>
            )}
          </MessageBar>
        </div>
      );
    case 'read-failed':
      return (
        <div className={css.block} data-outcome="read-failed">
          <MessageBar messageBarType={MessageBarType.warning} isMultiline>
            Chưa nộp được: {result.message}
            <Folder folder={folder} />
          </MessageBar>
        </div>
      );
    case 'stopped':
      return (
        <div className={css.block} data-outcome="stopped">
          <MessageBar messageBarType={MessageBarType.info} isMultiline>
            {result.sent
              ? 'Đã dừng. Tệp có thể đã tới hệ thống: hãy xem “Lịch sử nộp” trước khi nộp lại (hệ thống nhận ra tệp đã nhận và không tính hai lần).'
              : 'Đã dừng; báo cáo chưa được nộp.'}
          </MessageBar>
        </div>
      );
    case 'accepted':
      return (
        <div className={css.block} data-outcome="accepted">
          <MessageBar messageBarType={MessageBarType.success} isMultiline>
            Đã nộp báo cáo. Số liệu sẽ có trong bản tổng hợp Phụ lục 1 lần tới.
          </MessageBar>
          <ReceiptCard label="Biên nhận" receipt={receiptView(result.receipt, view.catalog)} />
          <Warnings list={result.warnings} onSelect={onSelect} />
        </div>
      );
    case 'duplicate': {
      const when = formatTimeVi(result.receipt.receivedAt);
      return (
        <div className={css.block} data-outcome="duplicate">
          {result.accepted ? (
            <MessageBar messageBarType={MessageBarType.info} isMultiline>
              Hệ thống đã nhận đúng tệp này lúc {when} (mã biên nhận {result.receipt.id}); không cần nộp lại.
            </MessageBar>
          ) : (
            <MessageBar messageBarType={MessageBarType.error} isMultiline>
              Tệp này đã được nộp lúc {when} (mã biên nhận {result.receipt.id}) và chưa được chấp nhận.
            </MessageBar>
          )}
          {!result.accepted && <ServerErrors errors={result.errors} view={view} onSelect={onSelect} />}
          <ReceiptCard label="Biên nhận gốc" receipt={receiptView(result.receipt, view.catalog, result.errors.length)} />
        </div>
      );
    }
    case 'rejected':
      return (
        <div className={css.block} data-outcome="rejected">
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {receiptView(result.receipt, view.catalog, result.errors.length).headline}
          </MessageBar>
          <ServerErrors errors={result.errors} view={view} onSelect={onSelect} />
          <Warnings list={result.warnings} onSelect={onSelect} />
        </div>
      );
    case 'refused':
      return (
        <div className={css.block} data-outcome="refused" data-status={result.status}>
          <Message type={MessageBarType.error} action={result.fix === 'later' ? <DefaultButton text="Thử lại" onClick={onRetry} /> : undefined}>
            Chưa nộp được: {result.message}
            {result.fix === 'settings' && (
              <>
                {' '}
                <SettingsLink onClick={onOpenSettings}>Mở cài đặt</SettingsLink>
              </>
            )}
            {result.fix === 'later' && <Folder folder={folder} lead="Nếu cần gấp:" />}
          </Message>
        </div>
      );
    case 'unreachable':
      return (
        <div className={css.block} data-outcome="unreachable">
          <Message type={MessageBarType.warning} action={<DefaultButton text="Thử lại" onClick={onRetry} />}>
            Chưa nộp được: {result.message}
            <Folder folder={folder} />
          </Message>
        </div>
      );
  }
}

/** The short box shown before the officer tries: at most three lines, with the way forward. */
function Notice({
  kind,
  view,
  settings,
  gapMessage,
  onOpenSettings,
}: {
  kind: string;
  view: TemplateView;
  settings: SubmitSettings;
  gapMessage?: string;
  onOpenSettings(): void;
}) {
  switch (kind) {
    case 'no-compressed':
      return (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          {READ_ERRORS.web}
        </MessageBar>
      );
    case 'no-file':
      return (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          {READ_ERRORS.unsupported}
          <Folder folder={settings.folder} />
        </MessageBar>
      );
    case 'enrol':
      return (
        <MessageBar messageBarType={MessageBarType.info} isMultiline>
          Lần đầu nộp qua mạng: <SettingsLink onClick={onOpenSettings}>nhập mã đăng ký</SettingsLink> do Phòng Tài chính - Kế hoạch cấp.
        </MessageBar>
      );
    case 'address':
      return (
        <MessageBar messageBarType={MessageBarType.info} isMultiline>
          Chưa có địa chỉ nhận báo cáo: <SettingsLink onClick={onOpenSettings}>mở cài đặt</SettingsLink>, hoặc lưu tệp vào thư mục nộp báo cáo chung.
        </MessageBar>
      );
    case 'invalid':
      return (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          {gapMessage} <SettingsLink onClick={onOpenSettings}>Mở cài đặt</SettingsLink>
        </MessageBar>
      );
    case 'other-unit':
      return (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          Mã truy cập đã lưu là của {settings.unitName ?? 'đơn vị khác'}, biểu mẫu này của {view.unitName}:{' '}
          <SettingsLink onClick={onOpenSettings}>đăng ký lại</SettingsLink> bằng mã của đơn vị.
        </MessageBar>
      );
    case 'offline':
      return (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          Máy tính đang mất kết nối mạng nên chưa nộp qua mạng được.
          <Folder folder={settings.folder} />
        </MessageBar>
      );
    default:
      return null;
  }
}

export function SubmitSection(props: SubmitSectionProps) {
  const { view, submitter, settings, onSelect, onOpenSettings, request, online, busy } = props;
  const state = useSubmit({
    submitter,
    settings,
    check: props.check,
    fetch: request.fetch,
    timeoutMs: request.timeoutMs,
    pageProtocol: request.pageProtocol,
    onAnswered: props.onAnswered,
  });
  const gap = settingsGap(settings, request.pageProtocol);
  const otherUnit = !gap && settings.unit !== undefined && settings.unit !== view.unitCode;

  const notice = !submitter.canReadFile ? submitter.support : gap ? gap.kind : !online ? 'offline' : otherUnit ? 'other-unit' : null;
  const cannot = !submitter.canReadFile || Boolean(gap) || !online;
  // Answered for what the sheet holds now: the button waits for a change in the sheet.
  const answered = state.answeredFor !== null && state.answeredFor === view.signature;
  return (
    <Stack className={css.root} tokens={{ childrenGap: 8 }}>
      <Text as="h2" className={css.title} block>
        Nộp báo cáo
      </Text>
      {notice && (
        <div data-notice={notice}>
          <Notice kind={notice} view={view} settings={settings} gapMessage={gap?.message} onOpenSettings={onOpenSettings} />
        </div>
      )}
      <Stack horizontal wrap tokens={{ childrenGap: 8 }} verticalAlign="center">
        <PrimaryButton
          text="Nộp báo cáo"
          iconProps={{ iconName: 'Send' }}
          disabled={cannot || busy || answered || state.step !== null}
          onClick={() => void state.submit()}
        />
        {state.step && state.step !== 'checking' && <DefaultButton text="Hủy" onClick={state.cancel} data-cancel />}
      </Stack>
      {answered && state.step === null && (
        <Text variant="small" block data-submitted>
          Đã nộp nội dung này. Khi sửa số liệu hoặc giải trình trong biểu mẫu, nút “Nộp báo cáo” sẽ bật lại để nộp lại.
        </Text>
      )}
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
          <Outcome
            result={state.result}
            view={view}
            folder={settings.folder}
            onSelect={onSelect}
            onOpenSettings={onOpenSettings}
            onRetry={() => void state.submit()}
          />
        )}
      </div>
      {!gap && <SubmissionHistory settings={settings} view={view} request={request} version={props.historyVersion} onSelect={onSelect} />}
    </Stack>
  );
}
