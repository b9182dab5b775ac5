/**
 * The board of the period: the calendar (deadline, days left or overdue, the Decree 09/2019
 * cutoff window), the counts, and each expected unit with its state, time received, on time or
 * late, warnings — filtered by state or name.
 */
import { Link, Pivot, PivotItem, SearchBox } from '@fluentui/react';
import { useMemo, useState } from 'react';
import { formatDateVi, formatTimeVi } from '../../shared/format.ts';
import { deadlineLabel } from '../../shared/period.ts';
import { type BoardResponse, type BoardUnit } from '../../shared/console-api.ts';
import { call } from '../api.ts';
import { Loading, Page, Problem, StateBadge, css, useLoad } from '../ui.tsx';

type Filter = 'all' | 'awaiting' | 'returned' | 'approved' | 'missing' | 'late';

const FILTERS: { key: Filter; label: string; test: (u: BoardUnit) => boolean }[] = [
  { key: 'all', label: 'Tất cả', test: () => true },
  { key: 'awaiting', label: 'Chờ duyệt', test: (u) => u.state === 'awaiting_review' },
  { key: 'returned', label: 'Bị trả lại', test: (u) => u.state === 'returned' },
  { key: 'approved', label: 'Đã duyệt', test: (u) => u.state === 'approved' },
  { key: 'missing', label: 'Chưa nộp, không hợp lệ', test: (u) => u.state === undefined || u.state === 'rejected' },
  { key: 'late', label: 'Nộp muộn, quá hạn', test: (u) => u.late || u.overdue },
];

function isoDateVi(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function timing(u: BoardUnit): string {
  if (u.receivedAt && u.state !== 'rejected') return u.late ? 'Nộp muộn' : 'Đúng hạn';
  return u.overdue ? 'Quá hạn' : 'Chưa đến hạn';
}

export function BoardPage() {
  const { data, error } = useLoad(() => call<BoardResponse>('/board'), 'board');
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    if (!data) return [];
    const f = FILTERS.find((x) => x.key === filter)!;
    const q = query.trim().toLocaleLowerCase('vi');
    return data.units.filter((u) => f.test(u) && (!q || u.name.toLocaleLowerCase('vi').includes(q)));
  }, [data, filter, query]);

  if (error) return <Page title="Tình hình nộp báo cáo"><Problem text={error} /></Page>;
  if (!data) return <Page title="Tình hình nộp báo cáo"><Loading /></Page>;
  const { period, counts } = data;
  const now = new Date(data.generatedAt);
  return (
    <Page title={`Tình hình nộp báo cáo — ${period.header}`}>
      <div className={css.row} style={{ alignItems: 'stretch' }}>
        <div className={css.card} style={{ flex: '1 1 280px' }} data-calendar>
          <h2 className={css.h2} style={{ margin: 0 }}>Lịch báo cáo</h2>
          <div>Hạn nộp: <strong>{formatTimeVi(period.deadline)}</strong> — <strong data-days-left={period.daysLeft}>{deadlineLabel(period.deadline, now)}</strong></div>
          {period.cutoff && (
            <div className={css.muted}>
              Thời gian chốt số liệu (Nghị định 09/2019/NĐ-CP): từ ngày {isoDateVi(period.cutoff.from)} đến ngày {isoDateVi(period.cutoff.to)}.
            </div>
          )}
          <div className={css.muted}>Cập nhật lúc {formatTimeVi(data.generatedAt)}.</div>
        </div>
        <div className={css.card} style={{ flex: '1 1 280px' }}>
          <h2 className={css.h2} style={{ margin: 0 }}>Phụ lục</h2>
          <div data-final={data.final}>
            {data.final
              ? <strong>Bản chính thức: mọi đơn vị đã được duyệt.</strong>
              : <span><strong>BẢN DỰ THẢO</strong>: đã duyệt {counts.approved}/{counts.expected} đơn vị.</span>}
          </div>
          <Link href="#/phu-luc">Xem và tải phụ lục</Link>
        </div>
      </div>
      {data.notices.length > 0 && (
        <div className={css.card} data-notices role="region" aria-label="Cần lưu ý">
          <h2 className={css.h2} style={{ margin: 0 }}>Cần lưu ý</h2>
          <ul style={{ margin: 0, paddingLeft: 20 }}>{data.notices.map((n, i) => <li key={i}>{n}</li>)}</ul>
        </div>
      )}
      <dl className={css.row} aria-label="Số đơn vị theo trạng thái" style={{ margin: 0 }}>
        {([
          ['submitted', `Đã nộp`, `${counts.submitted}/${counts.expected}`],
          ['missing', 'Chưa nộp', counts.missing],
          ['awaiting', 'Chờ duyệt', counts.awaiting],
          ['returned', 'Bị trả lại', counts.returned],
          ['approved', 'Đã duyệt', counts.approved],
          ['rejected', 'Không hợp lệ', counts.rejected],
        ] as const).map(([key, label, value]) => (
          <div key={key} className={css.card} style={{ padding: '8px 12px', gap: 0, flexDirection: 'column-reverse' }} data-count={key}>
            <dt className={css.muted}>{label}</dt>
            <dd style={{ margin: 0, fontSize: 20, fontWeight: 600 }}>{value}</dd>
          </div>
        ))}
      </dl>
      <div className={css.row}>
        <Pivot
          headersOnly selectedKey={filter} onLinkClick={(item) => item?.props.itemKey && setFilter(item.props.itemKey as Filter)}
          aria-label="Lọc theo trạng thái" overflowBehavior="menu" overflowAriaLabel="Các bộ lọc khác" style={{ flex: '1 1 auto', minWidth: 0 }}
        >
          {FILTERS.map((f) => <PivotItem key={f.key} itemKey={f.key} headerText={`${f.label} (${data.units.filter(f.test).length})`} />)}
        </Pivot>
        <SearchBox placeholder="Tìm đơn vị" ariaLabel="Tìm đơn vị theo tên" value={query} onChange={(_e, v) => setQuery(v ?? '')} styles={{ root: { width: 220 } }} />
      </div>
      <table className={css.table} aria-label="Các đơn vị báo cáo" data-board>
        <thead>
          <tr><th scope="col">Đơn vị báo cáo</th><th scope="col">Trạng thái</th><th scope="col">Nộp lúc</th><th scope="col">So với hạn nộp</th><th scope="col">Cảnh báo</th><th scope="col">Ghi chú</th></tr>
        </thead>
        <tbody>
          {shown.length === 0 && <tr><td colSpan={6} data-label="">Không có đơn vị nào theo bộ lọc này.</td></tr>}
          {shown.map((u) => (
            <tr key={u.code} data-unit={u.code} data-state={u.state ?? 'missing'}>
              <td data-label="Đơn vị">{u.submissionId ? <Link href={`#/ban-nop/${u.submissionId}`}>{u.name}</Link> : u.name}</td>
              <td data-label="Trạng thái"><StateBadge state={u.state} /></td>
              <td data-label="Nộp lúc">{u.receivedAt ? formatTimeVi(u.receivedAt) : '—'}</td>
              <td data-label="So với hạn">{timing(u)}</td>
              <td data-label="Cảnh báo">{u.state === 'rejected' ? `${u.errors} lỗi` : u.warnings ? `${u.warnings} cảnh báo` : '—'}</td>
              <td data-label="Ghi chú">
                {[
                  u.state === 'approved' && u.reviewedAt ? `Duyệt lúc ${formatTimeVi(u.reviewedAt)} (${u.reviewedBy})` : '',
                  u.state === 'returned' && u.reviewedAt ? `Trả lại ngày ${formatDateVi(u.reviewedAt)}${u.note ? `: ${u.note}` : ''}` : '',
                  u.held ? `${u.held} bản nộp chờ mở khoá` : '',
                  u.laterRejected ? 'Bản nộp sau không hợp lệ' : '',
                ].filter(Boolean).join('. ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
