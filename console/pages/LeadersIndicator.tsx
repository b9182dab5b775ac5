/**
 * One indicator across periods and years (#/chi-tieu/<mã>): its figure against its plan in every
 * opened period, oldest first, as a bullet chart (one per unit of measure, when a year changed it),
 * and a table of each period's figure, plan, Đánh giá, explanation and sources — the unit that
 * reported it, the file, when it came, who approved it and when.
 */
import { Link, mergeStyleSets } from '@fluentui/react';
import type { ReactNode } from 'react';
import { formatTimeVi } from '../../shared/format.ts';
import type { FigureSource, HistoryPoint, IndicatorHistory } from '../../shared/leaders-api.ts';
import { REVIEW_LABEL } from '../../shared/review.ts';
import { BulletChart, ChartLegend, StatusBadge } from '../charts/BulletChart.tsx';
import { fetchHistory } from '../leaders-api.ts';
import { Loading, Page, Problem, css, theme, useLoad } from '../ui.tsx';
import { overviewHref } from './LeadersRoutes.ts';

const local = mergeStyleSets({
  meta: { margin: 0, color: theme.palette.neutralSecondary, overflowWrap: 'anywhere' },
  sources: { margin: 0, paddingLeft: 18, display: 'flex', flexDirection: 'column', gap: 4 },
  chart: { maxWidth: 720 },
});

function sourceText(s: FigureSource): string {
  const review = s.approvedBy
    ? `duyệt bởi ${s.approvedBy}${s.approvedAt ? ` lúc ${formatTimeVi(s.approvedAt)}` : ''}`
    : s.state
      ? REVIEW_LABEL[s.state].toLocaleLowerCase('vi')
      : 'chưa duyệt';
  return `${s.unit}: tệp “${s.fileName}”, nộp lúc ${formatTimeVi(s.receivedAt)}; ${review}.`;
}

/** The points grouped by unit of measure, in order of first appearance. */
function byUnit(points: HistoryPoint[]): [string, HistoryPoint[]][] {
  const groups = new Map<string, HistoryPoint[]>();
  for (const p of points) groups.set(p.unit, [...(groups.get(p.unit) ?? []), p]);
  return [...groups];
}

export function LeadersIndicator({ code }: { code: string }) {
  const { data, error } = useLoad(() => fetchHistory(code), code);
  const back = (
    <Link href={overviewHref()} data-noprint>
      Về trang tổng quan
    </Link>
  );
  if (error)
    return (
      <Page title="Chỉ tiêu qua các kỳ" actions={back}>
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title="Chỉ tiêu qua các kỳ" actions={back}>
        <Loading />
      </Page>
    );
  return <History data={data} back={back} />;
}

function History({ data, back }: { data: IndicatorHistory; back: ReactNode }) {
  const groups = byUnit(data.points);
  return (
    <Page title={`${data.stt}. ${data.name}`} actions={back}>
      <p className={local.meta} data-history={data.code}>
        Đơn vị tính: {data.unit}
        {data.owner ? ` · Đơn vị phụ trách: ${data.owner}` : ''}
      </p>
      <ChartLegend />
      {groups.map(([unit, points]) => (
        <section key={unit} className={`${css.card} ${local.chart}`} aria-label={`Biểu đồ qua các kỳ, đơn vị tính ${unit}`} data-indicator={data.code}>
          {groups.length > 1 && (
            <h2 className={css.h2} style={{ margin: 0 }}>
              Đơn vị tính: {unit}
            </h2>
          )}
          <BulletChart
            unit={unit}
            label={`Chỉ tiêu ${data.stt} qua các kỳ báo cáo`}
            rows={points.map((p) => ({
              key: p.column.id,
              label: p.column.label,
              sub: `năm ${p.column.year}${p.column.final ? '' : ', dự thảo'}`,
              point: p.point,
            }))}
          />
        </section>
      ))}
      <h2 className={css.h2}>Số liệu và nguồn qua các kỳ</h2>
      <table className={css.table} aria-label="Số liệu và nguồn qua các kỳ" data-history-table>
        <thead>
          <tr>
            <th scope="col">Kỳ báo cáo</th>
            <th scope="col">Số liệu</th>
            <th scope="col">Kế hoạch</th>
            <th scope="col">Đánh giá</th>
            <th scope="col">Giải trình</th>
            <th scope="col">Nguồn số liệu</th>
          </tr>
        </thead>
        <tbody>
          {data.points.map((p) => (
            <tr key={p.column.id} data-period={p.column.id}>
              <td data-label="Kỳ báo cáo">
                {p.column.header}
                {p.column.final ? '' : ' (dự thảo)'}
              </td>
              <td data-label="Số liệu">
                {p.point.printed ? `${p.point.printed}` : 'Chưa có số liệu'}
                {p.unit !== data.unit ? ` (${p.unit})` : ''}
              </td>
              <td data-label="Kế hoạch">{p.point.plan}</td>
              <td data-label="Đánh giá">
                <StatusBadge point={p.point} />
              </td>
              <td data-label="Giải trình">{p.point.note || '—'}</td>
              <td data-label="Nguồn số liệu">
                {p.sources.length === 0 ? (
                  'Chưa có đơn vị nào nộp số liệu hợp lệ.'
                ) : (
                  <ul className={local.sources}>
                    {p.sources.map((s) => (
                      <li key={s.submissionId} data-source>
                        {sourceText(s)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
