/**
 * “Nhật ký” (#/nhat-ky, the planning office and the administrator): every action as a sentence —
 * who (by full name, or the unit that sent the file), when, what, on which unit and file — newest
 * first, filtered by period (the one chosen in the header, or all), unit, kind and days; and the
 * same list as a workbook (“Tải về Excel”).
 */
import { Link, TextField } from '@fluentui/react';
import { useEffect, useState } from 'react';
import type { AuditFilter, AuditResponse, UnitsResponse } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { audit, downloads, units } from '../api.ts';
import { useFrame } from '../frame.ts';
import { Loading, Page, Problem, Select, css, useLoad } from '../ui.tsx';

/** The kinds the system files actions under, as the office calls them. */
export const AUDIT_KINDS: { value: string; text: string }[] = [
  { value: 'submission', text: 'Nộp tệp' },
  { value: 'review', text: 'Duyệt, trả lại, mở lại' },
  { value: 'period', text: 'Kỳ báo cáo, hạn nộp' },
  { value: 'access', text: 'Quyền nộp, biểu mẫu' },
  { value: 'account', text: 'Tài khoản' },
  { value: 'reminder', text: 'Nhắc nộp' },
  { value: 'settings', text: 'Miễn nộp, nhận tệp' },
];

const ALL = '';

export function AuditPage() {
  const { acts } = useFrame();
  if (!acts)
    return (
      <Page title="Nhật ký thao tác">
        <Problem text="Tài khoản lãnh đạo chỉ xem, không xem được nhật ký thao tác. Hãy nhờ Phòng Tài chính - Kế hoạch." />
      </Page>
    );
  return <Audit />;
}

function Audit() {
  const { period, periods } = useFrame();
  const [filter, setFilter] = useState<AuditFilter>({ period });
  // The header's period is the filter's until the person picks another (or all).
  useEffect(() => setFilter((f) => ({ ...f, period, unit: undefined })), [period]);
  const unitsOf = filter.period ?? period;
  const unitList = useLoad<UnitsResponse | undefined>(async () => (unitsOf ? units(unitsOf) : { ok: true, data: undefined }), unitsOf ?? '');
  const bad = filter.from && filter.to && filter.from > filter.to ? 'Ngày bắt đầu ở sau ngày kết thúc. Hãy chọn lại.' : '';
  const key = JSON.stringify(filter);
  const { data, error } = useLoad<AuditResponse>(async () => (bad ? { ok: true, data: { entries: [], total: 0 } } : audit(filter)), key);
  const set = (change: Partial<AuditFilter>) =>
    setFilter((f) => {
      const next = { ...f, ...change };
      for (const k of Object.keys(next) as (keyof AuditFilter)[]) if (!next[k]) delete next[k];
      return next;
    });

  return (
    <Page title="Nhật ký thao tác">
      <form className={css.card} aria-label="Lọc nhật ký" onSubmit={(e) => e.preventDefault()} data-audit-filter>
        <div className={css.fields}>
          <Select
            label="Kỳ báo cáo"
            value={filter.period ?? ALL}
            onChange={(v) => set({ period: v || undefined, unit: undefined })}
            options={[{ value: ALL, text: 'Mọi kỳ báo cáo' }, ...periods.periods.map((p) => ({ value: p.id, text: p.header }))]}
          />
          <Select
            label="Đơn vị"
            value={filter.unit ?? ALL}
            onChange={(v) => set({ unit: v || undefined })}
            options={[{ value: ALL, text: 'Mọi đơn vị' }, ...(unitList.data?.units ?? []).map((u) => ({ value: u.code, text: u.name }))]}
          />
          <Select
            label="Loại thao tác"
            value={filter.kind ?? ALL}
            onChange={(v) => set({ kind: v || undefined })}
            options={[{ value: ALL, text: 'Mọi loại' }, ...AUDIT_KINDS]}
          />
        </div>
        <div className={css.fields}>
          <TextField label="Từ ngày" type="date" value={filter.from ?? ''} onChange={(_e, v) => set({ from: v || undefined })} />
          <TextField label="Đến ngày" type="date" value={filter.to ?? ''} onChange={(_e, v) => set({ to: v || undefined })} />
        </div>
        <div className={css.row}>
          <Link href={downloads.auditXlsx(filter)} download>
            Tải về Excel (theo bộ lọc này)
          </Link>
        </div>
      </form>
      {filter.period && (
        <div className={css.muted} data-audit-scope>
          Đang xem thao tác của kỳ “{periods.periods.find((p) => p.id === filter.period)?.header ?? filter.period}”. Các thao tác không thuộc kỳ nào (tài khoản,
          địa chỉ thư điện tử, mã đăng ký, thu hồi quyền nộp) chỉ hiện khi chọn “Mọi kỳ báo cáo”.
        </div>
      )}
      {bad && <Problem text={bad} />}
      {error && <Problem text={error} />}
      {!data && !error && <Loading />}
      {data && !bad && (
        <>
          <div className={css.muted} role="status">
            {data.total === 0
              ? 'Không có thao tác nào theo bộ lọc này.'
              : data.total > data.entries.length
                ? `${data.total} thao tác; hiện ${data.entries.length} thao tác mới nhất (tải về Excel để xem đủ).`
                : `${data.total} thao tác, mới nhất ở trên.`}
          </div>
          {data.entries.length > 0 && (
            <table className={css.table} aria-label="Nhật ký thao tác" data-audit>
              <thead>
                <tr>
                  <th scope="col">Lúc</th>
                  <th scope="col">Người thực hiện</th>
                  <th scope="col">Nội dung</th>
                  <th scope="col">Đơn vị</th>
                  <th scope="col">Tệp</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e, i) => (
                  <tr key={i} data-kind={e.kind}>
                    <td data-label="Lúc" style={{ whiteSpace: 'nowrap' }}>
                      {formatTimeVi(e.at)}
                    </td>
                    <td data-label="Người thực hiện" data-who>
                      {e.who}
                    </td>
                    <td data-label="Nội dung">
                      <div>
                        <div data-what>{e.what}</div>
                        {e.period && !filter.period && <div className={css.muted}>{e.period}</div>}
                      </div>
                    </td>
                    <td data-label="Đơn vị">{e.unit ?? '—'}</td>
                    <td data-label="Tệp" style={{ overflowWrap: 'anywhere' }}>
                      {e.file ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Page>
  );
}
