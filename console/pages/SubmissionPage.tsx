/**
 * A submission: its figures beside the plan and the unit's previous version (changed cells
 * marked), its errors, warnings and explanations, the original file, the unit's history; and for
 * the planning office the actions — approve, return with a note and a comment on any indicator,
 * reopen.
 */
import { DefaultButton, Link, MessageBar, MessageBarType, PrimaryButton, TextField } from '@fluentui/react';
import { useEffect, useRef, useState } from 'react';
import { formatTimeVi } from '../../shared/format.ts';
import { canAct } from '../../shared/accounts.ts';
import { type ConsoleSession, type SubmissionView } from '../../shared/console-api.ts';
import { historyLine, REVIEW_ACTION_LABEL, type ReviewAction } from '../../shared/review.ts';
import { downloads, review, submission } from '../api.ts';
import { useFrame } from '../frame.ts';
import { pageHref, submissionHref } from '../route.ts';
import { Loading, Page, Problem, StateBadge, css } from '../ui.tsx';

function Lines({ items, label }: { items: string[]; label: string }) {
  return (
    <ul className={css.list} aria-label={label}>
      {items.map((t, i) => (
        <li key={i}>{t}</li>
      ))}
    </ul>
  );
}

export function SubmissionPage({ id, session }: { id: number; session: ConsoleSession }) {
  const { route } = useFrame();
  const back = pageHref('board', route.ky);
  const [view, setView] = useState<SubmissionView | undefined>();
  const [error, setError] = useState('');
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const [comments, setComments] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  /** The message to show on the page an action moved to (reopening puts a newer file up for review). */
  const arriving = useRef<{ id: number; text: string } | undefined>(undefined);

  useEffect(() => {
    let live = true;
    setView(undefined);
    setError('');
    setDone(arriving.current?.id === id ? arriving.current.text : '');
    arriving.current = undefined;
    setReturning(false);
    void submission(id).then((r) => {
      if (!live) return;
      if (r.ok) setView(r.data);
      else setError(r.message);
    });
    return () => {
      live = false;
    };
  }, [id]);

  const act = async (action: ReviewAction) => {
    if (!view) return;
    setBusy(true);
    setError('');
    const body =
      action === 'return'
        ? {
            note,
            comments: Object.entries(comments)
              .filter(([, t]) => t.trim())
              .map(([indicator, text]) => ({ indicator, text })),
          }
        : {};
    const r = await review(view.id, action, body);
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    setReturning(false);
    setNote('');
    setComments({});
    const next = r.data.submission.currentId;
    if (action === 'reopen' && r.data.submission.state === 'superseded' && next !== undefined) {
      // A newer file was held while this one was approved: it is the one awaiting review now.
      arriving.current = { id: next, text: `Đã mở lại. Bản nộp mới hơn (số ${next}) của ${view.unitName} đang chờ duyệt.` };
      window.location.hash = submissionHref(next, route.ky);
      return;
    }
    setView(r.data.submission);
    setDone(
      action === 'approve'
        ? 'Đã duyệt. Phụ lục được tổng hợp lại trong giây lát.'
        : action === 'return'
          ? 'Đã trả lại. Đơn vị thấy ghi chú và ý kiến trong phần bổ trợ (hoặc trong tệp phản hồi bên cạnh tệp đã nộp).'
          : 'Đã mở lại. Báo cáo trở về trạng thái chờ duyệt.',
    );
  };

  if (!view) {
    return (
      <Page title="Bản nộp">
        {error ? <Problem text={error} /> : <Loading />}
        <Link href={back}>Về trang tình hình nộp</Link>
      </Page>
    );
  }
  // Leaders read; the planning office and the administrator act (the system refuses anyone else).
  const leader = !canAct(session.role);
  return (
    <Page title={view.unitName} actions={<Link href={back}>← Tình hình nộp</Link>}>
      <div className={css.card} data-submission={view.id}>
        <div className={css.row}>
          <StateBadge state={view.state} />
          <span>
            Nộp lúc <strong>{formatTimeVi(view.receivedAt)}</strong> ({view.late ? 'nộp muộn' : 'đúng hạn'})
          </span>
          <span className={css.muted}>{view.source === 'http' ? 'Nộp bằng phần bổ trợ' : 'Nộp vào thư mục nộp báo cáo chung'}</span>
        </div>
        {view.state === 'superseded' && view.currentId !== undefined && (
          <div className={css.row} data-newer={view.currentId}>
            <Link href={submissionHref(view.currentId, route.ky)}>Xem bản nộp mới nhất (số {view.currentId})</Link>
          </div>
        )}
        <div className={css.row}>
          <span>Bản nộp số {view.id}</span>
          <span>Tệp: {view.fileName}</span>
          <Link href={downloads.submissionFile(view.id)} download>
            Tải tệp gốc
          </Link>
        </div>
        {view.previousReceivedAt && (
          <div className={css.muted}>So sánh với bản nộp trước lúc {formatTimeVi(view.previousReceivedAt)}; ô thay đổi được đánh dấu.</div>
        )}
        <details>
          <summary>Chi tiết</summary>
          <div className={css.muted}>
            Mã nhận dạng tệp: <span className={css.hash}>{view.sha256}</span>
          </div>
        </details>
      </div>

      {done && (
        <MessageBar messageBarType={MessageBarType.success} isMultiline role="status">
          {done}
        </MessageBar>
      )}
      {error && <Problem text={error} />}
      {(view.note || view.comments?.length) && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline data-return-note>
          <div>
            {view.state === 'returned' ? 'Đã trả lại' : 'Bản này đã bị trả lại'}
            {view.note ? `: ${view.note}` : '.'}
          </div>
          {view.comments?.map((c, i) => {
            const row = view.rows.find((r) => r.indicator === c.indicator);
            return (
              <div key={i}>
                Chỉ tiêu {row?.stt} ({row?.name}){c.cell ? `, ô ${c.cell}` : ''}: {c.text}
              </div>
            );
          })}
        </MessageBar>
      )}
      {view.errors.length > 0 && (
        <div className={css.card}>
          <h2 className={css.h2}>Lỗi (tệp bị từ chối)</h2>
          <Lines items={view.errors} label="Lỗi" />
        </div>
      )}
      {view.warnings.length > 0 && (
        <div className={css.card} data-warnings={view.warnings.length}>
          <h2 className={css.h2}>Cảnh báo cần xem lại ({view.warnings.length})</h2>
          <Lines items={view.warnings} label="Cảnh báo" />
        </div>
      )}

      {!leader && view.actions.length > 0 && !returning && (
        <div className={css.row} role="group" aria-label="Thao tác">
          {view.actions.includes('approve') && <PrimaryButton text={REVIEW_ACTION_LABEL.approve} onClick={() => void act('approve')} disabled={busy} />}
          {view.actions.includes('return') && <DefaultButton text={`${REVIEW_ACTION_LABEL.return}…`} onClick={() => setReturning(true)} disabled={busy} />}
          {view.actions.includes('reopen') && <DefaultButton text={REVIEW_ACTION_LABEL.reopen} onClick={() => void act('reopen')} disabled={busy} />}
        </div>
      )}
      {leader && <div className={css.muted}>Tài khoản lãnh đạo chỉ xem; Phòng Tài chính - Kế hoạch duyệt hoặc trả lại báo cáo.</div>}
      {returning && (
        <form
          className={css.card}
          aria-label="Trả lại báo cáo"
          onSubmit={(e) => {
            e.preventDefault();
            void act('return');
          }}
        >
          <h2 className={css.h2}>Trả lại báo cáo cho đơn vị</h2>
          <TextField label="Ghi chú chung gửi đơn vị" multiline rows={3} value={note} onChange={(_e, v) => setNote(v ?? '')} />
          <div className={css.muted}>Có thể ghi ý kiến cho từng chỉ tiêu ở cột “Ý kiến” của bảng số liệu bên dưới; đơn vị bấm vào ý kiến để chọn đúng ô.</div>
          <div className={css.row}>
            <PrimaryButton type="submit" text="Gửi trả lại" disabled={busy} />
            <DefaultButton text="Huỷ" onClick={() => setReturning(false)} disabled={busy} />
          </div>
        </form>
      )}

      <h2 className={css.h2}>Số liệu</h2>
      <div className={css.scroll}>
        <table className={css.table} aria-label="Số liệu của đơn vị" data-figures>
          <thead>
            <tr>
              <th scope="col">Số TT</th>
              <th scope="col">Chỉ tiêu</th>
              <th scope="col">Kế hoạch</th>
              <th scope="col">Số liệu</th>
              <th scope="col">Đánh giá</th>
              <th scope="col">Bản nộp trước</th>
              <th scope="col">Giải trình, ghi chú</th>
              {returning && <th scope="col">Ý kiến</th>}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr key={r.indicator} data-indicator={r.indicator} data-changed={r.changed || undefined}>
                <td data-label="Số TT">{r.stt}</td>
                {/* One child per cell: on a phone a cell is a flex row (its label, then this), and a second child became a third column. */}
                <td data-label="Chỉ tiêu">
                  <span>
                    {r.name} <span className={css.muted}>({r.unit})</span>
                  </span>
                </td>
                <td data-label="Kế hoạch">{r.plan}</td>
                <td data-label="Số liệu" className={r.changed ? css.changed : undefined}>
                  <div>
                    {r.printed || '—'}
                    {r.changed && <span> (đã thay đổi)</span>}
                    {r.problems.map((p, i) => (
                      <div key={i} className={css.muted} style={{ fontWeight: 400 }}>
                        {p}
                      </div>
                    ))}
                  </div>
                </td>
                <td data-label="Đánh giá">{r.status || '—'}</td>
                <td data-label="Bản nộp trước">{r.previous ?? '—'}</td>
                <td data-label="Giải trình">{r.note || '—'}</td>
                {returning && (
                  <td data-label="Ý kiến">
                    <TextField
                      ariaLabel={`Ý kiến cho chỉ tiêu ${r.stt}${r.cell ? `, ô ${r.cell}` : ''}`}
                      placeholder={r.cell ? `Ô ${r.cell}` : ''}
                      value={comments[r.indicator] ?? ''}
                      onChange={(_e, v) => setComments((c) => ({ ...c, [r.indicator]: v ?? '' }))}
                      multiline
                      autoAdjustHeight
                      rows={1}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className={css.h2}>Lịch sử của đơn vị trong kỳ</h2>
      <ol className={css.list} aria-label="Lịch sử" data-history>
        {view.history.map((e, i) => (
          <li key={i} data-event={e.action}>
            {historyLine(e, view.id, view.unitName).map((p, k) =>
              typeof p === 'string' ? (
                p
              ) : (
                // Underlined: a link inside a sentence must not read by its colour alone.
                <Link key={k} underline href={submissionHref(p.submissionId, route.ky)}>
                  {p.text}
                </Link>
              ),
            )}
            {e.note && <div>Ghi chú: {e.note}</div>}
            {e.comments?.map((c, k) => (
              <div key={k}>
                Ý kiến{c.cell ? ` ô ${c.cell}` : ''} ({view.rows.find((r) => r.indicator === c.indicator)?.name}): {c.text}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </Page>
  );
}
