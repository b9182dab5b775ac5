/**
 * The late list of the period chosen: units not yet submitted, whose file was rejected, or
 * returned and not submitted again, each with a reminder ready to copy (and one for all of them),
 * its e-mail address and the reminders already sent. When the system can send e-mail, the
 * planning office ticks units and sends them the reminder (“Gửi thư nhắc”), then reads who got it,
 * what failed and who has no address yet (set on “Đơn vị và quyền nộp”).
 */
import { Checkbox, DefaultButton, Link, PrimaryButton, TextField } from '@fluentui/react';
import { useState } from 'react';
import { formatTimeVi } from '../../shared/format.ts';
import { deadlineLabel } from '../../shared/period.ts';
import { type LateResponse, type ReminderResult } from '../../shared/console-api.ts';
import { late, sendReminders } from '../api.ts';
import { useFrame } from '../frame.ts';
import { pageHref } from '../route.ts';
import { Loading, NoPeriod, Notice, Page, Problem, css, remindersText, useLoad } from '../ui.tsx';

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
        <DefaultButton
          text="Sao chép nội dung nhắc"
          onClick={async () => {
            const field = document.getElementById(`nhac-${id}`) as HTMLTextAreaElement | null;
            setCopied((await copy(text, field)) ? 'ok' : 'select');
          }}
        />
        <span role="status" className={css.muted}>
          {copied === 'ok' ? 'Đã sao chép.' : copied === 'select' ? 'Đã chọn nội dung: nhấn Ctrl+C để sao chép.' : ''}
        </span>
      </div>
    </div>
  );
}

export function LatePage() {
  const { period, acts } = useFrame();
  if (!period)
    return (
      <Page title="Đơn vị chưa nộp, cần nộp lại">
        <NoPeriod canOpen={acts} />
      </Page>
    );
  return <Late period={period} />;
}

function Late({ period }: { period: string }) {
  const { acts, route } = useFrame();
  const { data, error, reload } = useLoad<LateResponse>(() => late(period), period);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReminderResult | undefined>();
  const [problem, setProblem] = useState('');

  if (error)
    return (
      <Page title="Đơn vị chưa nộp, cần nộp lại">
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title="Đơn vị chưa nộp, cần nộp lại">
        <Loading />
      </Page>
    );
  const mail = acts && data.smtp;
  const chosen = data.entries.filter((e) => picked.has(e.code));
  const unitsHref = pageHref('units', route.ky);

  const send = async () => {
    setBusy(true);
    setProblem('');
    setResult(undefined);
    const r = await sendReminders({ period, units: chosen.map((e) => e.code) });
    setBusy(false);
    if (!r.ok) {
      setProblem(r.message);
      return;
    }
    setResult(r.data);
    setPicked(new Set());
    reload();
  };

  return (
    <Page title="Đơn vị chưa nộp, cần nộp lại">
      <div className={css.muted}>
        {data.period.header} — hạn nộp {formatTimeVi(data.period.deadline)} ({deadlineLabel(data.period.deadline, new Date())}).
      </div>
      {data.entries.length === 0 && <div className={css.card}>Mọi đơn vị đã nộp báo cáo hợp lệ; không có đơn vị nào cần nhắc.</div>}
      {result && <ReminderOutcome result={result} unitsHref={unitsHref} />}
      {problem && <Problem text={problem} />}
      {data.entries.length > 0 && (
        <>
          {mail && (
            <div className={css.card} role="group" aria-label="Nhắc qua thư điện tử" data-mail>
              <div>Đánh dấu các đơn vị cần nhắc rồi bấm “Gửi thư nhắc”: hệ thống gửi nội dung nhắc của từng đơn vị tới địa chỉ thư điện tử của đơn vị.</div>
              <div className={css.row}>
                <Checkbox
                  label={`Chọn tất cả (${data.entries.length})`}
                  checked={chosen.length === data.entries.length}
                  indeterminate={chosen.length > 0 && chosen.length < data.entries.length}
                  onChange={(_e, on) => setPicked(on ? new Set(data.entries.map((e) => e.code)) : new Set())}
                />
                <PrimaryButton
                  text={busy ? 'Đang nhắc qua thư điện tử…' : `Gửi thư nhắc (${chosen.length})`}
                  disabled={busy || chosen.length === 0}
                  onClick={() => void send()}
                />
              </div>
            </div>
          )}
          {acts && !data.smtp && (
            <div className={css.muted}>Hệ thống chưa được cấu hình để gửi thư điện tử; hãy sao chép nội dung nhắc và gửi bằng thư điện tử của cơ quan.</div>
          )}
          <ul className={css.list} aria-label="Các đơn vị cần nhắc" data-late style={mail ? { listStyle: 'none', paddingLeft: 0 } : undefined}>
            {data.entries.map((e) => (
              <li key={e.code} data-late-unit={e.code}>
                {mail ? (
                  <Checkbox
                    checked={picked.has(e.code)}
                    onChange={(_ev, on) =>
                      setPicked((s) => {
                        const next = new Set(s);
                        if (on) next.add(e.code);
                        else next.delete(e.code);
                        return next;
                      })
                    }
                    onRenderLabel={() => (
                      <span style={{ marginLeft: 4 }}>
                        <strong>{e.name}</strong>: {e.detail}.
                      </span>
                    )}
                    ariaLabel={`Chọn ${e.name}`}
                  />
                ) : (
                  <span>
                    <strong>{e.name}</strong>: {e.detail}.
                  </span>
                )}
                <div className={css.muted} style={{ marginLeft: mail ? 28 : 0 }}>
                  {e.email ? `Thư điện tử: ${e.email}` : 'Chưa có địa chỉ thư điện tử'}
                  {e.reminders.count ? `. ${remindersText(e.reminders, formatTimeVi)}` : ''}.
                </div>
              </li>
            ))}
          </ul>
          <Reminder id="tat-ca" label="Nội dung nhắc chung cho các đơn vị" text={data.all} />
          <h2 className={css.h2}>Nội dung nhắc từng đơn vị</h2>
          {data.entries.map((e) => (
            <Reminder key={e.code} id={e.code} label={`Nhắc ${e.name}`} text={e.reminder} />
          ))}
        </>
      )}
    </Page>
  );
}

function ReminderOutcome({ result, unitsHref }: { result: ReminderResult; unitsHref: string }) {
  return (
    <div data-reminder-outcome style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {result.sent.length > 0 && (
        <Notice>
          <div>Đã gửi thư nhắc tới {result.sent.length} đơn vị:</div>
          <ul className={css.list}>
            {result.sent.map((s) => (
              <li key={s.unit}>
                {s.name} ({s.to})
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {result.failed.length > 0 && (
        <Notice kind="warning">
          <div>Không gửi được thư nhắc tới {result.failed.length} đơn vị:</div>
          <ul className={css.list}>
            {result.failed.map((f) => (
              <li key={f.unit}>
                {f.name}: {f.reason.replace(/\.$/, '')}.
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {result.noEmail.length > 0 && (
        <Notice kind="info">
          <div>
            {result.noEmail.length} đơn vị chưa có địa chỉ thư điện tử nên chưa được nhắc qua thư: {result.noEmail.map((n) => n.name).join('; ')}.
          </div>
          <div>
            Hãy sao chép nội dung nhắc bên dưới, hoặc ghi địa chỉ của đơn vị ở trang{' '}
            <Link underline href={unitsHref}>
              Đơn vị và quyền nộp
            </Link>
            .
          </div>
        </Notice>
      )}
    </div>
  );
}
