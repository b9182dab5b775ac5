/**
 * The late list: units not yet submitted, whose file was rejected, or returned and not submitted
 * again, each with a reminder ready to copy (and one for all of them).
 */
import { DefaultButton, TextField } from '@fluentui/react';
import { useState } from 'react';
import { formatTimeVi } from '../../shared/format.ts';
import { deadlineLabel } from '../../shared/period.ts';
import { type LateResponse } from '../../shared/console-api.ts';
import { call } from '../api.ts';
import { Loading, Page, Problem, css, useLoad } from '../ui.tsx';

/** Copies `text` (the clipboard API where the page may use it, else the selected text field). */
async function copy(text: string, field: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back to selecting the text
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

function Reminder({ id, label, text }: { id: string; label: string; text: string }) {
  const [copied, setCopied] = useState<'' | 'ok' | 'select'>('');
  return (
    <div className={css.card} data-reminder={id}>
      <TextField label={label} multiline readOnly autoAdjustHeight value={text} id={`nhac-${id}`} />
      <div className={css.row}>
        <DefaultButton text="Sao chép nội dung nhắc" onClick={async () => {
          const field = document.getElementById(`nhac-${id}`) as HTMLTextAreaElement | null;
          setCopied((await copy(text, field)) ? 'ok' : 'select');
        }} />
        <span role="status" className={css.muted}>
          {copied === 'ok' ? 'Đã sao chép.' : copied === 'select' ? 'Đã chọn nội dung: nhấn Ctrl+C để sao chép.' : ''}
        </span>
      </div>
    </div>
  );
}

export function LatePage() {
  const { data, error } = useLoad(() => call<LateResponse>('/late'), 'late');
  if (error) return <Page title="Đơn vị chưa nộp, cần nộp lại"><Problem text={error} /></Page>;
  if (!data) return <Page title="Đơn vị chưa nộp, cần nộp lại"><Loading /></Page>;
  return (
    <Page title="Đơn vị chưa nộp, cần nộp lại">
      <div className={css.muted}>
        {data.period.header} — hạn nộp {formatTimeVi(data.period.deadline)} ({deadlineLabel(data.period.deadline, new Date())}).
      </div>
      {data.entries.length === 0 && <div className={css.card}>Mọi đơn vị đã nộp báo cáo hợp lệ; không có đơn vị nào cần nhắc.</div>}
      {data.entries.length > 0 && (
        <>
          <ul className={css.list} aria-label="Các đơn vị cần nhắc" data-late>
            {data.entries.map((e) => <li key={e.code} data-late-unit={e.code}><strong>{e.name}</strong>: {e.detail}.</li>)}
          </ul>
          <Reminder id="tat-ca" label="Nội dung nhắc chung cho các đơn vị" text={data.all} />
          <h2 className={css.h2}>Nội dung nhắc từng đơn vị</h2>
          {data.entries.map((e) => <Reminder key={e.code} id={e.code} label={`Nhắc ${e.name}`} text={e.reminder} />)}
        </>
      )}
    </Page>
  );
}
