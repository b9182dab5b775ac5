/**
 * The board of the period chosen in the header: the calendar (deadline, days left or overdue, the
 * Decree 09/2019 cutoff window), whether the appendix is final, the counts, the shared folder's
 * files waiting (“Nhận ngay”), and each expected unit with its state, time received, on time or
 * late, warnings, who reviewed, reminders sent, and units excused (“Miễn nộp kỳ này”) — filtered by
 * state or name. The planning office ticks the units awaiting review and approves them at once
 * (one confirmation, an optional note), and excuses a unit that will not submit (a reason) or
 * takes the excuse back. With no period opened, it says where to open one.
 */
import { Checkbox, DefaultButton, Link, Pivot, PivotItem, PrimaryButton, SearchBox, TextField } from '@fluentui/react';
import { useMemo, useState } from 'react';
import { formatDateVi, formatTimeVi } from '../../shared/format.ts';
import { deadlineLabel } from '../../shared/period.ts';
import { type BoardResponse, type BoardUnit, type BulkApproveResult } from '../../shared/console-api.ts';
import { approveMany, board, excuse } from '../api.ts';
import { InboxCard } from '../components/InboxCard.tsx';
import { useFrame } from '../frame.ts';
import { pageHref, submissionHref } from '../route.ts';
import { ConfirmDialog, Loading, NoPeriod, Notice, Page, Problem, StateBadge, css, remindersText, useLoad } from '../ui.tsx';

type Filter = 'all' | 'awaiting' | 'returned' | 'approved' | 'missing' | 'late' | 'excused';

const FILTERS: { key: Filter; label: string; test: (u: BoardUnit) => boolean }[] = [
  { key: 'all', label: 'Tất cả', test: () => true },
  { key: 'awaiting', label: 'Chờ duyệt', test: (u) => u.state === 'awaiting_review' },
  { key: 'returned', label: 'Bị trả lại', test: (u) => u.state === 'returned' },
  { key: 'approved', label: 'Đã duyệt', test: (u) => u.state === 'approved' },
  { key: 'missing', label: 'Chưa nộp, không hợp lệ', test: (u) => (u.state === undefined && !u.excused) || u.state === 'rejected' },
  { key: 'late', label: 'Nộp muộn, quá hạn', test: (u) => u.late || (u.overdue && !u.excused) },
  { key: 'excused', label: 'Miễn nộp', test: (u) => u.excused !== undefined },
];

function isoDateVi(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function timing(u: BoardUnit): string {
  if (u.receivedAt && u.state !== 'rejected') return u.late ? 'Nộp muộn' : 'Đúng hạn';
  if (u.excused) return 'Miễn nộp';
  return u.overdue ? 'Quá hạn' : 'Chưa đến hạn';
}

function notes(u: BoardUnit): string[] {
  return [
    u.excused ? `Miễn nộp kỳ này: ${u.excused.reason} (${u.excused.by}, ${formatTimeVi(u.excused.at)})` : '',
    u.state === 'approved' && u.reviewedAt ? `Duyệt lúc ${formatTimeVi(u.reviewedAt)}${u.reviewedBy ? ` (${u.reviewedBy})` : ''}` : '',
    u.state === 'returned' && u.reviewedAt
      ? `Trả lại ngày ${formatDateVi(u.reviewedAt)}${u.reviewedBy ? ` (${u.reviewedBy})` : ''}${u.note ? `: ${u.note}` : ''}`
      : '',
    u.held ? `${u.held} bản nộp chờ mở khoá` : '',
    u.laterRejected ? 'Bản nộp sau không hợp lệ' : '',
    remindersText(u.reminders, formatTimeVi),
  ].filter(Boolean);
}

export function BoardPage() {
  const { period, acts } = useFrame();
  if (!period)
    return (
      <Page title="Tình hình nộp báo cáo">
        <NoPeriod canOpen={acts} />
      </Page>
    );
  return <Board period={period} />;
}

function Board({ period }: { period: string }) {
  const { acts, route } = useFrame();
  const { data, error, reload } = useLoad<BoardResponse>(() => board(period), period);
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [dialog, setDialog] = useState<{ kind: 'approve' } | { kind: 'excuse'; unit: BoardUnit } | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState('');
  const [outcome, setOutcome] = useState<BulkApproveResult | undefined>();
  const [done, setDone] = useState('');
  const [problem, setProblem] = useState('');

  const shown = useMemo(() => {
    if (!data) return [];
    const f = FILTERS.find((x) => x.key === filter)!;
    const q = query.trim().toLocaleLowerCase('vi');
    return data.units.filter((u) => f.test(u) && (!q || u.name.toLocaleLowerCase('vi').includes(q)));
  }, [data, filter, query]);

  if (error)
    return (
      <Page title="Tình hình nộp báo cáo">
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title="Tình hình nộp báo cáo">
        <Loading />
      </Page>
    );
  const { counts } = data;
  const now = new Date(data.generatedAt);
  const awaiting = data.units.filter((u) => u.state === 'awaiting_review' && u.submissionId !== undefined);
  // Only what can still be approved stays ticked (the board is reloaded after every action).
  const chosen = awaiting.filter((u) => picked.has(u.submissionId!));
  const missing = data.units.filter((u) => u.state === undefined && !u.excused).length;

  const toggle = (id: number, on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const close = () => {
    setDialog(undefined);
    setDialogError('');
    setNote('');
  };
  const start = () => {
    setDone('');
    setProblem('');
    setOutcome(undefined);
    setDialogError('');
  };

  const approve = async () => {
    setBusy(true);
    setDialogError('');
    const r = await approveMany({ period, submissionIds: chosen.map((u) => u.submissionId!), ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (!r.ok) {
      setDialogError(r.message);
      return;
    }
    setOutcome(r.data);
    setPicked(new Set());
    close();
    reload();
  };

  const setExcuse = async (unit: BoardUnit, reason: string | null) => {
    if (reason !== null && !reason.trim()) {
      setDialogError('Hãy ghi lý do miễn nộp để các bên cùng biết.');
      return;
    }
    setBusy(true);
    const r = await excuse({ period, unit: unit.code, reason: reason === null ? null : reason.trim() });
    setBusy(false);
    if (!r.ok) {
      if (reason === null) setProblem(r.message);
      else setDialogError(r.message);
      return;
    }
    setDone(reason === null ? `Đã bỏ miễn nộp: ${unit.name} lại phải nộp báo cáo kỳ này.` : `Đã miễn nộp kỳ này cho ${unit.name}.`);
    close();
    reload();
  };

  return (
    <Page title={`Tình hình nộp báo cáo — ${data.period.header}`}>
      {!data.open && (
        <Notice kind="warning">
          Kỳ báo cáo này đã đóng: hệ thống không nhận thêm tệp của các đơn vị. {acts ? 'Có thể mở lại ở trang ' : 'Xem ở trang '}
          <Link underline href={pageHref('periods', route.ky)}>
            Kỳ báo cáo
          </Link>
          .
        </Notice>
      )}
      <div className={css.row} style={{ alignItems: 'stretch' }}>
        <div className={css.card} style={{ flex: '1 1 280px' }} data-calendar>
          <h2 className={css.h2} style={{ margin: 0 }}>
            Lịch báo cáo
          </h2>
          <div>
            Hạn nộp: <strong>{formatTimeVi(data.period.deadline)}</strong> —{' '}
            <strong data-days-left={data.period.daysLeft}>{deadlineLabel(data.period.deadline, now)}</strong>
          </div>
          {data.period.cutoff && (
            <div className={css.muted}>
              Thời gian chốt số liệu (Nghị định 09/2019/NĐ-CP): từ ngày {isoDateVi(data.period.cutoff.from)} đến ngày {isoDateVi(data.period.cutoff.to)}.
            </div>
          )}
          <div className={css.muted}>Cập nhật lúc {formatTimeVi(data.generatedAt)}.</div>
        </div>
        <div className={css.card} style={{ flex: '1 1 280px' }}>
          <h2 className={css.h2} style={{ margin: 0 }}>
            Phụ lục
          </h2>
          <div data-final={data.final}>
            {data.final ? (
              <strong>Bản chính thức: mọi đơn vị đã được duyệt{counts.excused ? ' hoặc được miễn nộp' : ''}.</strong>
            ) : (
              <span>
                <strong>BẢN DỰ THẢO</strong>: đã duyệt {counts.approved}/{counts.expected} đơn vị{counts.excused ? `, ${counts.excused} đơn vị miễn nộp` : ''}.
              </span>
            )}
          </div>
          <Link href={pageHref('appendix', route.ky)}>Xem và tải phụ lục</Link>
        </div>
      </div>
      {data.notices.length > 0 && (
        <div className={css.card} data-notices role="region" aria-label="Cần lưu ý">
          <h2 className={css.h2} style={{ margin: 0 }}>
            Cần lưu ý
          </h2>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {data.notices.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className={css.row} aria-label="Số đơn vị theo trạng thái" style={{ margin: 0 }}>
        {(
          [
            ['submitted', 'Đã nộp', `${counts.submitted}/${counts.expected}`],
            ['missing', 'Chưa nộp', missing],
            ['awaiting', 'Chờ duyệt', counts.awaiting],
            ['returned', 'Bị trả lại', counts.returned],
            ['approved', 'Đã duyệt', counts.approved],
            ['rejected', 'Không hợp lệ', counts.rejected],
            ['excused', 'Miễn nộp', counts.excused],
          ] as const
        ).map(([key, label, value]) => (
          <div key={key} className={css.card} style={{ padding: '8px 12px', gap: 0, flexDirection: 'column-reverse' }} data-count={key}>
            <dt className={css.muted}>{label}</dt>
            <dd style={{ margin: 0, fontSize: 20, fontWeight: 600 }}>{value}</dd>
          </div>
        ))}
      </dl>
      <InboxCard inbox={data.inbox} acts={acts} open={data.open} onTaken={reload} />

      {done && <Notice text={done} />}
      {problem && <Problem text={problem} />}
      {outcome && <ApprovalOutcome outcome={outcome} />}

      <div className={css.row}>
        <Pivot
          headersOnly
          selectedKey={filter}
          onLinkClick={(item) => item?.props.itemKey && setFilter(item.props.itemKey as Filter)}
          aria-label="Lọc theo trạng thái"
          overflowBehavior="menu"
          overflowAriaLabel="Các bộ lọc khác"
          style={{ flex: '1 1 auto', minWidth: 0 }}
        >
          {FILTERS.filter((f) => f.key !== 'excused' || counts.excused > 0).map((f) => (
            <PivotItem key={f.key} itemKey={f.key} headerText={`${f.label} (${data.units.filter(f.test).length})`} />
          ))}
        </Pivot>
        <SearchBox
          placeholder="Tìm đơn vị"
          ariaLabel="Tìm đơn vị theo tên"
          value={query}
          onChange={(_e, v) => setQuery(v ?? '')}
          styles={{ root: { width: 220, maxWidth: '100%' } }}
        />
      </div>

      {acts && awaiting.length > 0 && (
        <div className={css.card} role="group" aria-label="Duyệt nhiều đơn vị" data-bulk>
          <div className={css.row}>
            <Checkbox
              label={`Chọn tất cả đơn vị chờ duyệt (${awaiting.length})`}
              checked={chosen.length === awaiting.length}
              indeterminate={chosen.length > 0 && chosen.length < awaiting.length}
              onChange={(_e, on) => setPicked(on ? new Set(awaiting.map((u) => u.submissionId!)) : new Set())}
            />
            <PrimaryButton
              text={`Duyệt các đơn vị đã chọn (${chosen.length})`}
              disabled={chosen.length === 0}
              onClick={() => {
                start();
                setDialog({ kind: 'approve' });
              }}
            />
          </div>
          <div className={css.muted}>Đánh dấu ở cột “Chọn” các đơn vị chờ duyệt đã xem, rồi duyệt một lần.</div>
        </div>
      )}

      <table className={css.table} aria-label="Các đơn vị báo cáo" data-board>
        <thead>
          <tr>
            {acts && <th scope="col">Chọn</th>}
            <th scope="col">Đơn vị báo cáo</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Nộp lúc</th>
            <th scope="col">So với hạn nộp</th>
            <th scope="col">Cảnh báo</th>
            <th scope="col">Ghi chú</th>
            {acts && <th scope="col">Thao tác</th>}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={acts ? 8 : 6} data-label="">
                Không có đơn vị nào theo bộ lọc này.
              </td>
            </tr>
          )}
          {shown.map((u) => {
            const canPick = acts && u.state === 'awaiting_review' && u.submissionId !== undefined;
            const lines = notes(u);
            return (
              <tr key={u.code} data-unit={u.code} data-state={u.state ?? (u.excused ? 'excused' : 'missing')}>
                {acts && (
                  <td data-label="Chọn" className={canPick ? undefined : css.phoneHidden}>
                    {canPick ? (
                      <Checkbox
                        ariaLabel={`Chọn ${u.name}`}
                        checked={picked.has(u.submissionId!)}
                        onChange={(_e, on) => toggle(u.submissionId!, Boolean(on))}
                      />
                    ) : (
                      <span className={css.muted} aria-hidden>
                        —
                      </span>
                    )}
                  </td>
                )}
                <td data-label="Đơn vị">{u.submissionId ? <Link href={submissionHref(u.submissionId, route.ky)}>{u.name}</Link> : u.name}</td>
                <td data-label="Trạng thái">
                  <StateBadge state={u.state} excused={u.excused !== undefined} />
                </td>
                <td data-label="Nộp lúc">{u.receivedAt ? formatTimeVi(u.receivedAt) : '—'}</td>
                <td data-label="So với hạn">{timing(u)}</td>
                <td data-label="Cảnh báo">{u.state === 'rejected' ? `${u.errors} lỗi` : u.warnings ? `${u.warnings} cảnh báo` : '—'}</td>
                <td data-label="Ghi chú" data-notes>
                  {lines.length ? (
                    <div>
                      {lines.map((l, i) => (
                        <div key={i}>{l}.</div>
                      ))}
                    </div>
                  ) : (
                    '—'
                  )}
                </td>
                {acts && (
                  <td data-label="Thao tác" className={u.excused || u.state === undefined ? undefined : css.phoneHidden}>
                    {u.excused ? (
                      <DefaultButton
                        text="Bỏ miễn nộp"
                        styles={{ label: { whiteSpace: 'nowrap' } }}
                        ariaLabel={`Bỏ miễn nộp cho ${u.name}`}
                        disabled={busy}
                        onClick={() => {
                          start();
                          void setExcuse(u, null);
                        }}
                      />
                    ) : u.state === undefined ? (
                      <DefaultButton
                        text="Miễn nộp…"
                        ariaLabel={`Miễn nộp kỳ này cho ${u.name}`}
                        onClick={() => {
                          start();
                          setNote('');
                          setDialog({ kind: 'excuse', unit: u });
                        }}
                      />
                    ) : (
                      <span className={css.muted} aria-hidden>
                        —
                      </span>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>

      <ConfirmDialog
        open={dialog?.kind === 'approve'}
        title={`Duyệt ${chosen.length} đơn vị`}
        confirmText={`Duyệt ${chosen.length} đơn vị`}
        text="Báo cáo của các đơn vị sau được duyệt và khoá; phụ lục dùng số liệu này. Muốn sửa, Phòng Tài chính - Kế hoạch mở lại từng báo cáo."
        onConfirm={() => void approve()}
        onCancel={close}
        busy={busy}
        error={dialogError}
      >
        <ul className={css.list} data-approve-list>
          {chosen.map((u) => (
            <li key={u.code}>{u.name}</li>
          ))}
        </ul>
        <TextField label="Ghi chú (không bắt buộc)" multiline rows={2} value={note} onChange={(_e, v) => setNote(v ?? '')} />
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog?.kind === 'excuse'}
        title={dialog?.kind === 'excuse' ? `Miễn nộp kỳ này — ${dialog.unit.name}` : ''}
        confirmText="Miễn nộp"
        text="Đơn vị được miễn nộp không còn được chờ trong kỳ này và không bị nhắc; phụ lục thành bản chính thức khi mọi đơn vị còn lại đã được duyệt. Lý do được ghi vào nhật ký."
        onConfirm={() => dialog?.kind === 'excuse' && void setExcuse(dialog.unit, note)}
        onCancel={close}
        busy={busy}
        error={dialogError}
      >
        <TextField label="Lý do miễn nộp" required multiline rows={2} value={note} onChange={(_e, v) => setNote(v ?? '')} />
      </ConfirmDialog>
    </Page>
  );
}

function ApprovalOutcome({ outcome }: { outcome: BulkApproveResult }) {
  return (
    <div data-approve-outcome>
      {outcome.approved.length > 0 && (
        <Notice>
          <div>
            Đã duyệt {outcome.approved.length} đơn vị: {outcome.approved.map((a) => a.name).join('; ')}. Phụ lục được tổng hợp lại trong giây lát.
          </div>
        </Notice>
      )}
      {outcome.refused.length > 0 && (
        <Notice kind="warning">
          <div>Không duyệt được {outcome.refused.length} đơn vị:</div>
          <ul className={css.list}>
            {outcome.refused.map((r) => (
              <li key={r.submissionId}>
                {r.name || `Bản nộp số ${r.submissionId}`}: {r.reason}
              </li>
            ))}
          </ul>
        </Notice>
      )}
    </div>
  );
}
