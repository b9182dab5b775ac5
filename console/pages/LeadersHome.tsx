/**
 * The leaders' home (“Tổng quan”): the chosen period's summary sentence as the appendix writes it;
 * then each indicator as a bullet chart of its figure against its plan in the year's periods
 * (6 tháng → 9 tháng → ước → năm, those opened) and the same period last year when the ledger
 * holds it; a click on an indicator opens its history. A year and a period are chosen from the
 * page (#/tong-quan?nam=2023&ky=2023-uoc).
 */
import { Link, MessageBar, MessageBarType, mergeStyleSets } from '@fluentui/react';
import { STATUS_WORD, type Status } from '../../shared/assess.ts';
import type { OverviewIndicator, OverviewResponse, PeriodColumn } from '../../shared/leaders-api.ts';
import { padCount } from '../../shared/numbers.ts';
import { BulletChart, ChartLegend, type BulletRow } from '../charts/BulletChart.tsx';
import { badgeColors } from '../charts/palette.ts';
import { fetchOverview } from '../leaders-api.ts';
import { Loading, Page, Problem, css, theme, useLoad } from '../ui.tsx';
import { indicatorHref, overviewHref } from './LeadersRoutes.ts';

const local = mergeStyleSets({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 340px), 1fr))',
    gap: 16,
    selectors: { '@media print': { gridTemplateColumns: '1fr 1fr', gap: 8 } },
  },
  h3: { margin: 0, fontSize: 15, lineHeight: '20px', fontWeight: 600 },
  meta: { fontSize: 13, color: theme.palette.neutralSecondary, overflowWrap: 'anywhere' },
  periods: { display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' },
  pill: {
    display: 'inline-block',
    padding: '4px 12px',
    borderRadius: 16,
    border: `1px solid ${theme.palette.neutralTertiary}`,
    color: theme.palette.neutralPrimary,
    textDecoration: 'none',
    fontSize: 14,
    selectors: {
      ':hover, :focus': { textDecoration: 'underline', color: theme.palette.neutralPrimary },
      '&[aria-current="true"]': { background: theme.palette.themeDarker, borderColor: theme.palette.themeDarker, color: theme.palette.white, fontWeight: 600 },
    },
  },
  counts: { display: 'flex', flexWrap: 'wrap', gap: 8, margin: 0, padding: 0, listStyle: 'none' },
  count: { padding: '2px 10px', borderRadius: 10, fontSize: 13, fontWeight: 600 },
  select: { font: 'inherit', padding: '4px 8px', minHeight: 32 },
  p: { margin: 0 },
});

/** The counts the summary names, in its order, each with its word and colours. */
const COUNTED: Status[] = ['vuot', 'dat', 'khong_dat', 'tien_do', 'chua_danh_gia', 'chua_nhap', 'loi'];

export function LeadersHome({ year, period }: { year?: number; period?: string }) {
  const { data, error } = useLoad(() => fetchOverview({ year, period }), `${year ?? ''}|${period ?? ''}`);
  const title = data ? `Tổng quan năm ${data.year}` : year ? `Tổng quan năm ${year}` : 'Tổng quan';
  if (error)
    return (
      <Page title={title}>
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title={title}>
        <Loading label="Đang tổng hợp số liệu…" />
      </Page>
    );
  return (
    <Page title={title} actions={<YearChoice data={data} />}>
      <PeriodChoice data={data} />
      <Summary data={data} />
      <ChartLegend />
      <div className={local.grid} data-charts>
        {data.indicators.map((ind) => (
          <IndicatorCard key={ind.code} ind={ind} columns={data.columns} chosen={data.chosen} />
        ))}
      </div>
    </Page>
  );
}

function YearChoice({ data }: { data: OverviewResponse }) {
  if (data.years.length < 2) return null;
  return (
    <label className={css.row} style={{ gap: 8 }} data-noprint>
      <span>Năm</span>
      <select
        className={local.select}
        value={data.year}
        onChange={(e) => {
          window.location.hash = overviewHref({ year: Number(e.target.value) });
        }}
      >
        {data.years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </label>
  );
}

function PeriodChoice({ data }: { data: OverviewResponse }) {
  const own = data.columns.filter((c) => !c.lastYear);
  if (own.length < 2) return null;
  return (
    <nav className={local.periods} aria-label="Kỳ báo cáo" data-noprint>
      <span>Kỳ báo cáo:</span>
      {own.map((c) => (
        <a key={c.id} className={local.pill} href={overviewHref({ year: data.year, period: c.id })} aria-current={c.id === data.chosen ? 'true' : undefined}>
          {c.label}
        </a>
      ))}
    </nav>
  );
}

function Summary({ data }: { data: OverviewResponse }) {
  const s = data.summary;
  return (
    <section className={css.card} aria-labelledby="tong-hop" data-summary>
      <h2 id="tong-hop" className={css.h2} style={{ margin: 0 }}>
        {s.header} — {s.final ? 'bản chính thức' : 'bản dự thảo'}
      </h2>
      {!s.final && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          Còn đơn vị chưa được duyệt: số liệu có thể còn thay đổi.
        </MessageBar>
      )}
      <p className={local.p} data-sentence>
        <strong>Tổng hợp:</strong> {s.sentence}.
      </p>
      <p className={local.p}>{s.metDetail}</p>
      {s.progressDetail && <p className={local.p}>Tiến độ so với kế hoạch năm: {s.progressDetail}.</p>}
      {s.unmetDetail && <p className={local.p}>Chỉ tiêu không đạt: {s.unmetDetail}.</p>}
      {s.notAssessedDetail && <p className={local.p}>{s.notAssessedDetail}</p>}
      <ul className={local.counts} aria-label="Số chỉ tiêu theo đánh giá">
        {COUNTED.filter((k) => s.counts[k] > 0).map((k) => {
          const c = badgeColors(k);
          return (
            <li key={k} className={local.count} style={{ background: c.background, color: c.color }} data-count={k}>
              {STATUS_WORD[k]}: {padCount(s.counts[k])}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The chart's rows: last year's period first, then the year's in order. */
function rowsOf(ind: OverviewIndicator, columns: PeriodColumn[]): BulletRow[] {
  return columns.map((c, i) => ({
    key: c.id,
    label: c.label,
    sub: c.lastYear ? `năm ${c.year} (cùng kỳ)` : c.final ? undefined : 'dự thảo',
    point: ind.points[i],
    faded: c.lastYear,
  }));
}

function IndicatorCard({ ind, columns, chosen }: { ind: OverviewIndicator; columns: PeriodColumn[]; chosen: string }) {
  const point = ind.points[columns.findIndex((c) => c.id === chosen)];
  const id = `chi-tieu-${ind.code}`;
  return (
    <article className={css.card} aria-labelledby={id} data-indicator={ind.code}>
      <h3 id={id} className={local.h3}>
        <Link href={indicatorHref(ind.code)}>
          {ind.stt}. {ind.name}
        </Link>
      </h3>
      <div className={local.meta}>
        Đơn vị tính: {ind.unit}
        {point ? ` · Kế hoạch: ${point.plan}` : ''}
      </div>
      <BulletChart rows={rowsOf(ind, columns)} unit={ind.unit} label={`Chỉ tiêu ${ind.stt}: số liệu so với kế hoạch qua các kỳ`} />
    </article>
  );
}
