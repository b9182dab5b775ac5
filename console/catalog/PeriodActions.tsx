/**
 * What the office does with a published catalogue's periods from the catalogue page: open a period
 * of it with a deadline, download the period's templates, and move a period to a newer version of
 * its catalogue (an explicit act, recorded: the files already received are then assessed against
 * the new version).
 */
import { DefaultButton, PrimaryButton } from '@fluentui/react';
import { useState } from 'react';
import { moveToVersion, openPeriod } from '../catalog-api.ts';
import { css } from '../ui.tsx';
import { Select } from './cells.tsx';
import { cat } from './styles.ts';
import { NO_TIME, vnFields, vnIso } from '../time.ts';
import { DeadlineWords } from '../components/DeadlineWords.tsx';

export function MovePeriod({
  period,
  header,
  from,
  to,
  files,
  onMoved,
}: {
  period: string;
  header: string;
  from: number;
  to: number;
  files: number;
  onMoved: (text: string) => void;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const label = `Chuyển kỳ “${header}” sang phiên bản ${to}`;
  return (
    <div className={cat.cellStack} data-move={period}>
      <span>
        Kỳ “{header}” đang dùng phiên bản {from}
        {files ? ` (đã nhận ${files} tệp theo phiên bản này)` : ''}.
      </span>
      {!asking && <DefaultButton text={`${label}…`} onClick={() => setAsking(true)} styles={{ root: { alignSelf: 'flex-start' } }} />}
      {asking && (
        <div className={cat.point} role="group" aria-label={label}>
          <span>
            Từ nay kỳ này thu và đánh giá theo phiên bản {to}
            {files ? `; ${files} tệp đã nhận được đánh giá lại theo phiên bản ${to} (biểu mẫu cũ vẫn được nhận nếu các dòng không đổi)` : ''}. Việc chuyển được
            ghi vào nhật ký thao tác.
          </span>
          <div className={cat.inline}>
            <PrimaryButton
              text={`Xác nhận: ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                const r = await moveToVersion(period, to);
                setBusy(false);
                if (r.ok) onMoved(`Đã chuyển kỳ “${header}” sang phiên bản ${to}.`);
                else setError(r.message);
              }}
            />
            <DefaultButton text="Huỷ" onClick={() => setAsking(false)} />
          </div>
        </div>
      )}
      {error && (
        <div className={cat.message} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** Opens a period of a published catalogue (its newest version) with a deadline, the catalogue's by default. */
export function OpenPeriod({
  catalogId,
  periods,
  onOpened,
}: {
  catalogId: string;
  periods: { id: string; header: string; deadline: string }[];
  onOpened: (text: string) => void;
}) {
  const [periodId, setPeriodId] = useState(periods[0]?.id ?? '');
  const chosen = periods.find((p) => p.id === periodId) ?? periods[0];
  const initial = vnFields(chosen?.deadline ?? '') ?? NO_TIME;
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time || '17:00');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!periods.length) return null;
  const deadline = vnIso(date, time);
  return (
    <form
      className={css.card}
      aria-label={`Mở kỳ báo cáo, ${catalogId}`}
      data-open-period={catalogId}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!deadline || !chosen) return;
        setBusy(true);
        setError('');
        const r = await openPeriod({ catalogId, periodId: chosen.id, deadline });
        setBusy(false);
        if (r.ok) onOpened(`Đã mở kỳ “${chosen.header}”. Các đơn vị nộp theo phiên bản mới nhất của danh mục.`);
        else setError(r.message);
      }}
    >
      <strong>Mở kỳ báo cáo theo danh mục này</strong>
      <div className={cat.formGrid}>
        <Select
          label="Kỳ báo cáo"
          showLabel
          value={chosen?.id ?? ''}
          options={periods.map((p) => ({ value: p.id, label: p.header }))}
          field="open-period"
          onChange={(id) => {
            setPeriodId(id);
            const p = vnFields(periods.find((x) => x.id === id)?.deadline ?? '') ?? NO_TIME;
            setDate(p.date);
            setTime(p.time || '17:00');
          }}
        />
        <label className={cat.field}>
          <span className={cat.mini}>Ngày hạn nộp</span>
          <input
            type="date"
            className={cat.input}
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={!deadline || undefined}
            data-field="open-date"
          />
        </label>
        <label className={cat.field}>
          <span className={cat.mini}>Giờ hạn nộp</span>
          <input
            type="time"
            className={cat.input}
            value={time}
            onChange={(e) => setTime(e.target.value)}
            aria-invalid={!deadline || undefined}
            data-field="open-time"
          />
        </label>
      </div>
      <DeadlineWords date={date} time={time} className={cat.mini} />
      {!deadline && <div className={cat.message}>Hãy chọn ngày và giờ hạn nộp.</div>}
      {error && (
        <div className={cat.message} role="alert">
          {error}
        </div>
      )}
      <PrimaryButton type="submit" text="Mở kỳ báo cáo" disabled={busy || !deadline} styles={{ root: { alignSelf: 'flex-start' } }} />
    </form>
  );
}
