/**
 * “Kỳ báo cáo” (#/ky-bao-cao): the periods opened — open or closed, the deadline and the days
 * left, the counts, final or draft, who opened and closed each — and, for the planning office and
 * the administrator, opening a period of a stored catalogue (its deadline as a date and a time,
 * defaulting to the catalogue's, in Vietnam time), moving a deadline, closing (after saying what
 * closing means) and reopening. Leaders read.
 */
import { DefaultButton, Link, PrimaryButton } from '@fluentui/react';
import { useEffect, useMemo, useState } from 'react';
import type { CatalogChoice, PeriodSummary } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { deadlineLabel } from '../../shared/period.ts';
import { closePeriod, moveDeadline, openPeriod, reopenPeriod } from '../api.ts';
import { DeadlineFields } from '../components/DeadlineFields.tsx';
import { useFrame } from '../frame.ts';
import { pageHref, routeHash } from '../route.ts';
import { vnFields, vnIso, type DateTimeFields } from '../time.ts';
import { ConfirmDialog, Notice, Page, Problem, Select, css } from '../ui.tsx';

const EMPTY: DateTimeFields = { date: '', time: '' };

export function PeriodsPage() {
  const { periods, acts, reloadPeriods } = useFrame();
  const [done, setDone] = useState('');
  const changed = (message: string) => {
    setDone(message);
    reloadPeriods();
  };
  return (
    <Page title="Kỳ báo cáo">
      <p className={css.muted} style={{ margin: 0 }}>
        Mỗi kỳ báo cáo nhận báo cáo của các đơn vị đến khi đóng. Chọn kỳ đang xem ở đầu trang; mọi trang theo kỳ đã chọn.
      </p>
      {done && <Notice text={done} />}
      {periods.periods.length === 0 && (
        <div className={css.card} data-no-period>
          {acts
            ? 'Chưa mở kỳ báo cáo nào. Hãy mở kỳ đầu tiên ở mục “Mở kỳ báo cáo” bên dưới.'
            : 'Chưa mở kỳ báo cáo nào. Phòng Tài chính - Kế hoạch mở kỳ báo cáo trên trang này.'}
        </div>
      )}
      {periods.periods.map((p) => (
        <PeriodCard key={p.id} p={p} current={p.id === periods.current} acts={acts} onChanged={changed} />
      ))}
      {acts && <OpenPeriod catalogs={periods.catalogs} onOpened={changed} />}
    </Page>
  );
}

function PeriodCard({ p, current, acts, onChanged }: { p: PeriodSummary; current: boolean; acts: boolean; onChanged: (message: string) => void }) {
  const [moving, setMoving] = useState(false);
  const [deadline, setDeadline] = useState<DateTimeFields>(() => vnFields(p.deadline) ?? EMPTY);
  const [confirm, setConfirm] = useState<'close' | 'reopen' | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => setDeadline(vnFields(p.deadline) ?? EMPTY), [p.deadline]);

  const move = async () => {
    const iso = vnIso(deadline.date, deadline.time);
    if (!iso) {
      setError('Hãy chọn ngày và giờ của hạn nộp mới.');
      return;
    }
    setBusy(true);
    setError('');
    const r = await moveDeadline(p.id, iso);
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    setMoving(false);
    onChanged(`Đã dời hạn nộp của kỳ “${p.header}” sang ${formatTimeVi(iso)}.`);
  };

  const toggle = async () => {
    const what = confirm;
    setBusy(true);
    setError('');
    const r = what === 'close' ? await closePeriod(p.id) : await reopenPeriod(p.id);
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    setConfirm(undefined);
    onChanged(
      what === 'close' ? `Đã đóng kỳ “${p.header}”: hệ thống không nhận thêm tệp của kỳ này.` : `Đã mở lại kỳ “${p.header}”: các đơn vị nộp được như trước.`,
    );
  };

  const c = p.counts;
  return (
    <article className={css.card} aria-labelledby={`ky-${p.id}`} data-period={p.id} data-open={p.open}>
      <div className={css.row}>
        <h2 className={css.h2} style={{ margin: 0 }} id={`ky-${p.id}`}>
          {p.header}
        </h2>
        <strong data-period-state>{p.open ? 'Đang nhận báo cáo' : 'Đã đóng'}</strong>
        {current && <span className={css.muted}>(kỳ hiện tại)</span>}
      </div>
      <div>
        Hạn nộp: <strong>{formatTimeVi(p.deadline)}</strong> — {deadlineLabel(p.deadline, new Date())}
      </div>
      <div>
        Đã nộp {c.submitted}/{c.expected} đơn vị · chờ duyệt {c.awaiting} · bị trả lại {c.returned} · đã duyệt {c.approved}
        {c.rejected ? ` · không hợp lệ ${c.rejected}` : ''}
        {c.excused ? ` · miễn nộp ${c.excused}` : ''}.
      </div>
      <div data-final={p.final}>Phụ lục: {p.final ? <strong>bản chính thức</strong> : 'bản dự thảo'}.</div>
      <div className={css.muted}>
        Mở lúc {formatTimeVi(p.openedAt)}
        {p.openedBy ? ` (${p.openedBy})` : ''}
        {p.closedAt ? `; đóng lúc ${formatTimeVi(p.closedAt)}${p.closedBy ? ` (${p.closedBy})` : ''}` : ''}. Danh mục chỉ tiêu năm {p.year}, phiên bản{' '}
        {p.catalogVersion}.
      </div>
      <div className={css.row}>
        <Link href={pageHref('board', p.id)}>Xem tình hình nộp</Link>
        <Link href={pageHref('appendix', p.id)}>Xem phụ lục</Link>
      </div>
      {error && !confirm && <Problem text={error} />}
      {acts && !moving && (
        <div className={css.row} role="group" aria-label={`Thao tác với kỳ ${p.header}`}>
          <DefaultButton
            text="Dời hạn nộp…"
            onClick={() => {
              setError('');
              setMoving(true);
            }}
          />
          {p.open ? (
            <DefaultButton
              text="Đóng kỳ báo cáo…"
              onClick={() => {
                setError('');
                setConfirm('close');
              }}
            />
          ) : (
            <DefaultButton
              text="Mở lại kỳ báo cáo…"
              onClick={() => {
                setError('');
                setConfirm('reopen');
              }}
            />
          )}
        </div>
      )}
      {acts && moving && (
        <form
          className={css.card}
          aria-label={`Dời hạn nộp kỳ ${p.header}`}
          onSubmit={(e) => {
            e.preventDefault();
            void move();
          }}
        >
          <DeadlineFields value={deadline} onChange={setDeadline} label="Hạn nộp mới" />
          <div className={css.row}>
            <PrimaryButton type="submit" text={busy ? 'Đang lưu…' : 'Lưu hạn nộp mới'} disabled={busy} />
            <DefaultButton
              text="Huỷ"
              disabled={busy}
              onClick={() => {
                setMoving(false);
                setError('');
                setDeadline(vnFields(p.deadline) ?? EMPTY);
              }}
            />
          </div>
        </form>
      )}
      <ConfirmDialog
        open={confirm === 'close'}
        title={`Đóng kỳ “${p.header}”?`}
        confirmText="Đóng kỳ báo cáo"
        busy={busy}
        error={error}
        text="Khi kỳ đã đóng, hệ thống không nhận thêm tệp nào của kỳ này: tệp các đơn vị nộp bằng phần bổ trợ hay lưu vào thư mục nộp báo cáo chung đều bị từ chối, kèm lời báo kỳ đã đóng. Các báo cáo đã nhận, việc duyệt và phụ lục vẫn giữ nguyên; có thể mở lại kỳ khi cần."
        onConfirm={() => void toggle()}
        onCancel={() => {
          setConfirm(undefined);
          setError('');
        }}
      />
      <ConfirmDialog
        open={confirm === 'reopen'}
        title={`Mở lại kỳ “${p.header}”?`}
        confirmText="Mở lại kỳ báo cáo"
        busy={busy}
        error={error}
        text={`Các đơn vị lại nộp được báo cáo của kỳ này, theo hạn nộp ${formatTimeVi(p.deadline)}. Nếu hạn nộp đã qua, tệp nộp sau đó được ghi là nộp muộn; có thể dời hạn nộp.`}
        onConfirm={() => void toggle()}
        onCancel={() => {
          setConfirm(undefined);
          setError('');
        }}
      />
    </article>
  );
}

function OpenPeriod({ catalogs, onOpened }: { catalogs: CatalogChoice[]; onOpened: (message: string) => void }) {
  const choices = useMemo(() => catalogs.filter((c) => c.periods.some((p) => !p.opened)), [catalogs]);
  const [catalogId, setCatalogId] = useState('');
  const [periodId, setPeriodId] = useState('');
  const [deadline, setDeadline] = useState<DateTimeFields>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const catalog = choices.find((c) => c.id === catalogId) ?? choices[0];
  const open = catalog?.periods.filter((p) => !p.opened) ?? [];
  const period = open.find((p) => p.id === periodId) ?? open[0];
  // The catalogue's own deadline, until the office types another one.
  useEffect(() => setDeadline(period ? (vnFields(period.deadline) ?? EMPTY) : EMPTY), [period?.id, period?.deadline]);

  const submit = async () => {
    if (!catalog || !period) return;
    const iso = vnIso(deadline.date, deadline.time);
    if (!iso) {
      setError('Hãy chọn ngày và giờ của hạn nộp.');
      return;
    }
    setBusy(true);
    setError('');
    const r = await openPeriod({ catalogId: catalog.id, periodId: period.id, deadline: iso });
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    onOpened(
      `Đã mở kỳ báo cáo “${period.header}”, hạn nộp ${formatTimeVi(iso)}. Hãy cấp quyền nộp và gửi biểu mẫu cho các đơn vị ở trang “Đơn vị và quyền nộp”.`,
    );
    window.location.hash = routeHash({ page: 'periods', ky: period.id });
  };

  return (
    <section className={css.card} aria-labelledby="mo-ky" data-open-period>
      <h2 className={css.h2} style={{ margin: 0 }} id="mo-ky">
        Mở kỳ báo cáo
      </h2>
      {choices.length === 0 ? (
        <div className={css.muted}>Mọi kỳ báo cáo của các danh mục chỉ tiêu đã có trong hệ thống đều đã được mở.</div>
      ) : (
        <form
          aria-label="Mở kỳ báo cáo"
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className={css.fields}>
            <Select
              label="Danh mục chỉ tiêu"
              value={catalog?.id ?? ''}
              onChange={(v) => {
                setCatalogId(v);
                setPeriodId('');
              }}
              options={choices.map((c) => ({ value: c.id, text: `Năm ${c.year} — ${c.locality} (phiên bản ${c.version})` }))}
            />
            <Select label="Kỳ báo cáo cần mở" value={period?.id ?? ''} onChange={setPeriodId} options={open.map((p) => ({ value: p.id, text: p.header }))} />
          </div>
          {period && <div className={css.muted}>Hạn nộp theo danh mục: {formatTimeVi(period.deadline)}. Có thể đổi trước khi mở, hoặc dời sau.</div>}
          <DeadlineFields value={deadline} onChange={setDeadline} />
          {error && <Problem text={error} />}
          <div className={css.row}>
            <PrimaryButton type="submit" text={busy ? 'Đang mở kỳ…' : 'Mở kỳ báo cáo'} disabled={busy || !period} />
          </div>
        </form>
      )}
    </section>
  );
}
