/**
 * The report from the console (#/bao-cao?ky=…): the Word report (.docx) and its PDF for the
 * period's appendix, draft or final, with the time elapsed while LibreOffice converts; for the
 * planning office, the check of a draft report (.docx or .txt): each finding with the draft's
 * sentence beside the appendix's figure, what was checked and what could not be compared with why,
 * and “Bỏ qua” for a finding the office judges fine (with a reason, recorded, shown again on later
 * checks of the period). Leaders download; they do not check or dismiss.
 */
import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Spinner, SpinnerSize, TextField, mergeStyleSets } from '@fluentui/react';
import { useEffect, useRef, useState } from 'react';
import { canAct } from '../../shared/accounts.ts';
import type { ConsoleSession, PeriodsResponse } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import type { CheckFinding, CheckReading, Dismissal, FindingIdentity, FindingKind, ReportCheckResponse, ReportView } from '../../shared/leaders-api.ts';
import { padCount } from '../../shared/numbers.ts';
import { call } from '../api.ts';
import { checkDraft, dismissFinding, downloadFile, fetchReport, type Downloaded } from '../leaders-api.ts';
import { Loading, Page, Problem, css, theme, useLoad } from '../ui.tsx';
import { reportHref } from './LeadersRoutes.ts';

const local = mergeStyleSets({
  p: { margin: 0 },
  select: { font: 'inherit', padding: '4px 8px', minHeight: 32, maxWidth: '100%' },
  side: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    gap: 12,
    selectors: { '@media (max-width: 720px)': { gridTemplateColumns: 'minmax(0, 1fr)' } },
  },
  said: { margin: 0, padding: '8px 12px', borderLeft: `4px solid ${theme.palette.redDark}`, background: '#FDF6F6', overflowWrap: 'anywhere' },
  appendix: { margin: 0, padding: '8px 12px', borderLeft: `4px solid ${theme.palette.green}`, background: '#F3F9F1', overflowWrap: 'anywhere' },
  caption: { display: 'block', fontSize: 12, fontWeight: 600, color: theme.palette.neutralSecondary, marginBottom: 2 },
  mark: { background: '#FFE58F', color: '#000000', padding: '0 2px' },
  tag: { display: 'inline-block', padding: '0 8px', borderRadius: 8, fontSize: 12, fontWeight: 600, lineHeight: '18px' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 12 },
  summary: { cursor: 'pointer', fontWeight: 600, padding: '4px 0' },
  file: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

const KIND: Record<FindingKind, string> = {
  figure: 'Số liệu khác phụ lục',
  share: 'Tỷ lệ khác số tính từ phụ lục',
  plan: 'Kế hoạch khác danh mục',
  conflict: 'Hai chỗ trong dự thảo ghi khác nhau',
  summary: 'Câu tổng hợp khác số liệu',
  status: 'Đánh giá khác quy tắc',
};
const READING_KIND: Record<CheckReading['kind'], string> = { figure: 'Số liệu', share: 'Tỷ lệ', plan: 'Kế hoạch', count: 'Số chỉ tiêu', status: 'Đánh giá' };

const seconds = (ms: number) => `${Math.floor(ms / 1000)} giây`;
const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN')} KB`;

export function ReportPage({ period, session }: { period?: string; session: ConsoleSession }) {
  const { data, error, set } = useLoad(() => fetchReport(period), period ?? '');
  const periods = useLoad(() => call<PeriodsResponse>('/periods'), 'periods');
  const title = data ? `Báo cáo — ${data.period.header}` : 'Báo cáo';
  if (error)
    return (
      <Page title={title}>
        <PeriodChoice periods={periods.data} current={period} />
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  const office = canAct(session.role);
  return (
    <Page title={title}>
      <PeriodChoice periods={periods.data} current={data.period.id} />
      <Downloads view={data} />
      {office ? (
        <DraftCheck view={data} onDismissals={(dismissals) => set({ ...data, dismissals })} />
      ) : (
        <p className={`${local.p} ${css.muted}`}>Phòng Tài chính - Kế hoạch đối chiếu dự thảo báo cáo với số liệu tổng hợp trước khi trình lãnh đạo.</p>
      )}
      <Dismissals view={data} office={office} onDismissals={(dismissals) => set({ ...data, dismissals })} />
    </Page>
  );
}

function PeriodChoice({ periods, current }: { periods?: PeriodsResponse; current?: string }) {
  if (!periods || periods.periods.length < 2) return null;
  return (
    <label className={css.row} style={{ gap: 8 }} data-noprint>
      <span>Kỳ báo cáo</span>
      <select
        className={local.select}
        value={current ?? periods.current ?? ''}
        onChange={(e) => {
          window.location.hash = reportHref(e.target.value);
        }}
      >
        {periods.periods.map((p) => (
          <option key={p.id} value={p.id}>
            {p.header}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Milliseconds since `since` (null: not running), ticking every second. */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return undefined;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [since]);
  return since === null ? 0 : Math.max(0, now - since);
}

function Downloads({ view }: { view: ReportView }) {
  const [busy, setBusy] = useState<{ format: 'docx' | 'pdf'; since: number } | null>(null);
  const [done, setDone] = useState<Downloaded | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const elapsed = useElapsed(busy?.since ?? null);
  const q = `?period=${encodeURIComponent(view.period.id)}`;
  const get = async (format: 'docx' | 'pdf') => {
    setBusy({ format, since: Date.now() });
    setDone(null);
    setFailed(null);
    const r = await downloadFile(`/report/file.${format}${q}`, `bao-cao-phu-luc-1-${view.period.id}.${format}`);
    setBusy(null);
    if (r.ok) setDone(r.data);
    else setFailed(r.message);
  };
  return (
    <section className={css.card} aria-labelledby="tai-bao-cao" data-downloads>
      <h2 id="tai-bao-cao" className={css.h2} style={{ margin: 0 }}>
        Tải báo cáo
      </h2>
      <p className={local.p}>
        Phụ lục 1 và phần tổng hợp của {view.period.header},{' '}
        {view.final ? 'bản chính thức (mọi đơn vị đã được duyệt)' : 'bản dự thảo (còn đơn vị chưa được duyệt: trên báo cáo in dòng “BẢN DỰ THẢO”)'}.
      </p>
      <p className={local.p}>
        <strong>Tổng hợp:</strong> {view.summary}.
      </p>
      <div className={css.row}>
        <PrimaryButton text="Tải tài liệu Word (.docx)" onClick={() => void get('docx')} disabled={busy !== null} data-download="docx" />
        <DefaultButton text="Tải bản PDF" onClick={() => void get('pdf')} disabled={busy !== null || !view.pdf} data-download="pdf" />
      </div>
      {!view.pdf && (
        <p className={`${local.p} ${css.muted}`}>
          Máy chạy hệ thống chưa cài LibreOffice nên chưa tạo được bản PDF; hãy tải tài liệu Word rồi lưu thành PDF từ Word.
        </p>
      )}
      <div role="status" aria-live="polite" data-progress>
        {busy && (
          <Spinner
            size={SpinnerSize.small}
            labelPosition="right"
            label={
              busy.format === 'pdf' ? `Đang tạo bản PDF… ${seconds(elapsed)} (thường mất vài giây đến nửa phút)` : `Đang tạo tài liệu Word… ${seconds(elapsed)}`
            }
          />
        )}
        {done && (
          <span data-downloaded={done.fileName}>
            Đã tải “{done.fileName}” ({kb(done.bytes)}).
          </span>
        )}
      </div>
      {done?.warnings.map((w) => (
        <MessageBar key={w} messageBarType={MessageBarType.warning} isMultiline>
          {w}
        </MessageBar>
      ))}
      {failed && <Problem text={failed} />}
    </section>
  );
}

/** The sentence with what the draft said marked in it. */
function Quote({ quote, said }: { quote: string; said: string }) {
  const at = said ? quote.indexOf(said) : -1;
  if (at < 0) return <>“{quote}”</>;
  return (
    <>
      “{quote.slice(0, at)}
      <mark className={local.mark}>{said}</mark>
      {quote.slice(at + said.length)}”
    </>
  );
}

const identity = (f: CheckFinding | Dismissal): FindingIdentity => ({
  kind: f.kind,
  ...(typeof f.indicator === 'string' ? { indicator: f.indicator } : f.indicator ? { indicator: f.indicator.code } : {}),
  figure: f.figure,
  said: f.said,
  ...(f.appendix !== undefined ? { appendix: f.appendix } : {}),
});

function DraftCheck({ view, onDismissals }: { view: ReportView; onDismissals: (d: Dismissal[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<ReportCheckResponse | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const run = async () => {
    if (!file) return;
    setChecking(true);
    setFailed(null);
    const r = await checkDraft(file, view.period.id);
    setChecking(false);
    if (r.ok) setResult(r.data);
    else {
      setResult(null);
      setFailed(r.message);
    }
  };
  /** After a dismissal or its taking back: the findings marked again, the list below too. */
  const changed = (dismissals: Dismissal[]) => {
    onDismissals(dismissals);
    if (!result) return;
    const by = new Map(dismissals.map((d) => [d.key, d]));
    const findings = result.findings.map((f): CheckFinding => {
      const { dismissed: _old, ...rest } = f;
      const d = by.get(f.key);
      return d ? { ...rest, dismissed: d } : rest;
    });
    setResult({ ...result, findings, counts: { ...result.counts, dismissed: findings.filter((f) => f.dismissed).length } });
  };

  return (
    <section className={css.card} aria-labelledby="doi-chieu" data-check>
      <h2 id="doi-chieu" className={css.h2} style={{ margin: 0 }}>
        Đối chiếu dự thảo báo cáo
      </h2>
      <p className={local.p}>
        Chọn dự thảo báo cáo (Word .docx hoặc văn bản .txt). Hệ thống đọc từng câu, chú thích và bảng có số liệu của các chỉ tiêu, rồi đối chiếu với phụ lục của{' '}
        {view.period.header}.
      </p>
      <div className={css.row}>
        {/* The browser's own file button speaks the browser's language: ours says it in Vietnamese. */}
        <input
          ref={input}
          className={local.file}
          type="file"
          tabIndex={-1}
          aria-hidden="true"
          data-draft-file
          accept=".docx,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setFailed(null);
          }}
        />
        <DefaultButton text="Chọn tệp dự thảo…" onClick={() => input.current?.click()} disabled={checking} />
        <span data-draft-name>{file ? `Đã chọn: ${file.name}` : 'Chưa chọn tệp.'}</span>
        <PrimaryButton text="Đối chiếu" onClick={() => void run()} disabled={!file || checking} />
      </div>
      <div role="status" aria-live="polite">
        {checking && <Spinner size={SpinnerSize.small} label="Đang đối chiếu dự thảo…" labelPosition="right" />}
      </div>
      {failed && <Problem text={failed} />}
      {result && <CheckResult result={result} period={view.period.id} onChanged={changed} />}
    </section>
  );
}

function CheckResult({ result, period, onChanged }: { result: ReportCheckResponse; period: string; onChanged: (d: Dismissal[]) => void }) {
  const { counts } = result;
  const open = result.findings.length - counts.dismissed;
  const checked = result.readings.filter((r) => r.status === 'checked');
  const unreadable = result.readings.filter((r) => r.status === 'unreadable');
  return (
    <div className={css.page} data-result>
      <MessageBar messageBarType={open ? MessageBarType.warning : MessageBarType.success} isMultiline data-result-summary>
        Dự thảo “{result.fileName}” (đối chiếu lúc {formatTimeVi(result.checkedAt)}):{' '}
        {counts.findings ? `${padCount(counts.findings)} chỗ cần xem lại` : 'không có chỗ nào lệch với số liệu tổng hợp'}
        {counts.dismissed ? `, trong đó ${padCount(counts.dismissed)} chỗ đã bỏ qua` : ''}; đã đối chiếu {counts.checked} chỗ ({counts.agreeing} chỗ khớp),{' '}
        {counts.unreadable} chỗ chưa đối chiếu được.
      </MessageBar>
      {result.findings.length > 0 && (
        <>
          <h3 className={css.h2} style={{ fontSize: 16 }}>
            Các chỗ cần xem lại
          </h3>
          <ol className={local.list}>
            {result.findings.map((f) => (
              <FindingCard key={f.key} f={f} period={period} onChanged={onChanged} />
            ))}
          </ol>
        </>
      )}
      <details data-readings="checked">
        <summary className={local.summary}>
          Đã đối chiếu {checked.length} chỗ ({checked.filter((r) => r.agrees).length} chỗ khớp)
        </summary>
        <ReadingTable readings={checked} last="Kết quả" cell={(r) => (r.agrees ? 'Khớp' : 'Lệch')} />
      </details>
      <details data-readings="unreadable">
        <summary className={local.summary}>{unreadable.length} chỗ chưa đối chiếu được, và vì sao</summary>
        <ReadingTable readings={unreadable} last="Vì sao chưa đối chiếu được" cell={(r) => r.reason ?? ''} />
      </details>
    </div>
  );
}

function FindingCard({ f, period, onChanged }: { f: CheckFinding; period: string; onChanged: (d: Dismissal[]) => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const send = async (why: string | null) => {
    setBusy(true);
    setFailed(null);
    const r = await dismissFinding({ period, finding: identity(f), reason: why });
    setBusy(false);
    if (!r.ok) return setFailed(r.message);
    setAsking(false);
    setReason('');
    onChanged(r.data.dismissals);
  };
  const who = f.indicator ? `Chỉ tiêu ${f.indicator.stt}. ${f.indicator.name}` : f.figure;
  return (
    <li
      className={css.card}
      data-finding={f.key}
      data-dismissed={f.dismissed ? 'true' : 'false'}
      style={f.dismissed ? { background: theme.palette.neutralLighterAlt } : undefined}
    >
      <div className={css.row}>
        <span className={local.tag} style={{ background: '#FFF4CE', color: '#8A3B00' }}>
          {KIND[f.kind]}
        </span>
        {f.dismissed && (
          <span className={local.tag} style={{ background: '#EDEBE9', color: '#3B3A39' }}>
            Đã bỏ qua
          </span>
        )}
        <strong>{who}</strong>
      </div>
      <div className={local.side}>
        <blockquote className={local.said} data-said>
          <span className={local.caption}>Dự thảo ghi ({f.place.label})</span>
          <Quote quote={f.place.quote} said={f.said} />
        </blockquote>
        <div className={local.appendix} data-appendix>
          <span className={local.caption}>Số liệu tổng hợp</span>
          {f.appendix ? <strong>{f.appendix}</strong> : <span>Phụ lục không có số liệu để phân định.</span>}
          {f.appendixSource && (
            <div className={css.muted} style={{ fontSize: 13 }}>
              Theo {f.appendixSource}
            </div>
          )}
        </div>
      </div>
      {f.others.length > 0 && <div className={css.muted}>Chỗ khác trong dự thảo: {f.others.map((o) => `${o.label} ghi “${o.said}”`).join('; ')}.</div>}
      {f.follows?.map((x) => (
        <div key={x.said} className={css.muted}>
          Sửa kèm trong cùng câu: “{x.said}” thành “{x.appendix}”.
        </div>
      ))}
      {f.dismissed ? (
        <div className={css.row}>
          <span>
            Bỏ qua: {f.dismissed.by}, lúc {formatTimeVi(f.dismissed.at)}. Lý do: {f.dismissed.reason}
          </span>
          <DefaultButton text="Xem lại chỗ này" onClick={() => void send(null)} disabled={busy} />
        </div>
      ) : asking ? (
        <div className={css.page} style={{ gap: 8 }}>
          <TextField
            label="Lý do bỏ qua (ghi vào nhật ký thao tác)"
            multiline
            rows={2}
            value={reason}
            onChange={(_e, v) => setReason(v ?? '')}
            maxLength={500}
          />
          <div className={css.row}>
            <PrimaryButton text="Xác nhận bỏ qua" onClick={() => void send(reason)} disabled={busy || reason.trim() === ''} />
            <DefaultButton text="Thôi" onClick={() => setAsking(false)} disabled={busy} />
          </div>
        </div>
      ) : (
        <div className={css.row}>
          <DefaultButton text="Bỏ qua…" onClick={() => setAsking(true)} />
        </div>
      )}
      {failed && <Problem text={failed} />}
    </li>
  );
}

function ReadingTable({ readings, last, cell }: { readings: CheckReading[]; last: string; cell: (r: CheckReading) => string }) {
  if (!readings.length) return <p className={`${local.p} ${css.muted}`}>Không có.</p>;
  return (
    <table className={css.table} aria-label={last}>
      <thead>
        <tr>
          <th scope="col">Chỗ trong dự thảo</th>
          <th scope="col">Nội dung</th>
          <th scope="col">Dự thảo ghi</th>
          <th scope="col">Số liệu tổng hợp</th>
          <th scope="col">{last}</th>
        </tr>
      </thead>
      <tbody>
        {readings.map((r, i) => (
          <tr key={`${r.place.label}-${i}`} data-reading={r.status}>
            <td data-label="Chỗ trong dự thảo">{r.place.label}</td>
            <td data-label="Nội dung">
              {READING_KIND[r.kind]}: {r.indicator ? `chỉ tiêu ${r.indicator.stt}. ${r.indicator.name}` : r.figure}
            </td>
            <td data-label="Dự thảo ghi">{r.said}</td>
            <td data-label="Số liệu tổng hợp">{r.appendix ?? '—'}</td>
            <td data-label={last}>{cell(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Dismissals({ view, office, onDismissals }: { view: ReportView; office: boolean; onDismissals: (d: Dismissal[]) => void }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (view.dismissals.length === 0) return null;
  const restore = async (d: Dismissal) => {
    const r = await dismissFinding({ period: view.period.id, finding: identity(d), reason: null });
    if (r.ok) onDismissals(r.data.dismissals);
    else setFailed(r.message);
  };
  return (
    <section className={css.card} aria-labelledby="da-bo-qua" data-dismissals>
      <h2 id="da-bo-qua" className={css.h2} style={{ margin: 0 }}>
        Các chỗ lệch đã bỏ qua trong kỳ này
      </h2>
      <ul className={css.list}>
        {view.dismissals.map((d) => (
          <li key={d.key} data-dismissal={d.key}>
            <div>
              {d.figure}: dự thảo ghi “{d.said}”{d.appendix ? `, số liệu tổng hợp là “${d.appendix}”` : ''}. Bỏ qua: {d.by}, lúc {formatTimeVi(d.at)}. Lý do:{' '}
              {d.reason}
            </div>
            {/* On a line of its own: inline, the button rode up over the reason's last line at 390 px. */}
            {office && <DefaultButton text="Xem lại chỗ này" onClick={() => void restore(d)} styles={{ root: { marginTop: 6, height: 28 } }} />}
          </li>
        ))}
      </ul>
      {failed && <Problem text={failed} />}
    </section>
  );
}
