/**
 * A bullet chart of one indicator (visx: SVG, offline): one row per period, the figure as a bar
 * coloured by its Đánh giá, the plan as a dark marker (a range plan as a grey band between two
 * markers), all rows on one scale with an axis under them. Each row says in words what the bar
 * shows — the figure as the appendix prints it and its Đánh giá — so nothing is told by colour
 * alone. A figure that is a bound (“Dưới 1”), not assessed, missing, or in another unit of measure
 * than the chart's is text, not a bar. The bars are drawn at the width measured (ResizeObserver)
 * and scale down with the page when printed.
 */
import { mergeStyleSets } from '@fluentui/react';
import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar, Line } from '@visx/shape';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { FigurePoint } from '../../shared/leaders-api.ts';
import { formatNumberVi } from '../../shared/numbers.ts';
import { BAR_COLOR, PLAN_MARK, PLAN_RANGE, TRACK, badgeColors } from './palette.ts';

export interface BulletRow {
  key: string;
  /** “6 tháng” */
  label: string;
  /** Under the label: “2023”, “cùng kỳ năm trước”. */
  sub?: string;
  point: FigurePoint | null;
  /** The same period last year: drawn lighter. */
  faded?: boolean;
}

const ROW_HEIGHT = 22;
const AXIS_HEIGHT = 24;
/** Room at both ends for the first and last tick labels. */
const PAD = 22;

const css = mergeStyleSets({
  chart: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8, minWidth: 0 },
  row: { display: 'grid', gridTemplateColumns: '6.25rem minmax(0, 1fr)', columnGap: 10, alignItems: 'start', minWidth: 0 },
  label: { fontSize: 13, lineHeight: '18px', fontWeight: 600, overflowWrap: 'anywhere' },
  sub: { display: 'block', fontWeight: 400, fontSize: 12, color: '#605E5C' },
  body: { display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 },
  svg: { display: 'block', maxWidth: '100%', height: 'auto', overflow: 'visible' },
  value: { display: 'flex', flexWrap: 'wrap', gap: '2px 8px', alignItems: 'baseline', fontSize: 13, lineHeight: '18px' },
  figure: { fontWeight: 600, overflowWrap: 'anywhere' },
  badge: { display: 'inline-block', padding: '0 6px', borderRadius: 8, fontSize: 12, fontWeight: 600, lineHeight: '18px', whiteSpace: 'nowrap' },
  text: { fontSize: 12, lineHeight: '16px', color: '#605E5C', fontStyle: 'italic', padding: '3px 0' },
});

/** The width of an element, followed as it changes. */
function useWidth<T extends HTMLElement>(initial: number): [RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** A point drawn as a bar on a chart of `unit`. */
function drawn(p: FigurePoint | null, unit: string): p is FigurePoint & { bar: NonNullable<FigurePoint['bar']> } {
  return Boolean(p?.bar) && p!.unit === unit;
}

/** Why a point is words and not a bar. */
function textOf(p: FigurePoint | null, unit: string): string {
  if (!p) return 'Không có trong danh mục chỉ tiêu của kỳ này.';
  if (p.bar && p.unit !== unit) return `Không vẽ cột: đơn vị tính của kỳ này là “${p.unit}”.`;
  return p.text ?? '';
}

export function StatusBadge({ point }: { point: FigurePoint }) {
  const c = badgeColors(point.status);
  return (
    <span className={css.badge} style={{ background: c.background, color: c.color }} data-status={point.status}>
      {point.label}
    </span>
  );
}

export function BulletChart({ rows, unit, label }: { rows: BulletRow[]; unit: string; label: string }) {
  const [ref, measured] = useWidth<HTMLDivElement>(240);
  const width = Math.max(120, measured);
  const bars = rows.map((r) => r.point).filter((p) => drawn(p, unit));
  const numbers = bars.flatMap((p) => [p.bar.value, p.bar.plan, p.bar.planTo].filter((v): v is number => v !== undefined));
  let lo = Math.min(0, ...numbers);
  let hi = Math.max(0, ...numbers);
  if (hi === lo) hi = lo + 1;
  const x = scaleLinear<number>({ domain: [lo, hi], range: [PAD, width - PAD], nice: 4 });
  [lo, hi] = x.domain() as [number, number];
  const zero = x(0);
  // Why some rows are words and not bars: said once under the chart (a missing figure says so in its row).
  const notes = [
    ...new Set(
      rows
        .filter((r) => r.point && r.point.status !== 'chua_nhap' && !drawn(r.point, unit))
        .map((r) => textOf(r.point, unit))
        .filter(Boolean),
    ),
  ];

  return (
    <div aria-label={label} role="group" data-chart>
      <ul className={css.chart}>
        {rows.map((r) => {
          const p = r.point;
          return (
            <li key={r.key} className={css.row} data-period={r.key} data-status={p?.status ?? 'none'}>
              <span className={css.label}>
                {r.label}
                {r.sub && <span className={css.sub}>{r.sub}</span>}
              </span>
              <div className={css.body}>
                {drawn(p, unit) && <BarRow point={p} x={x} zero={zero} width={width} faded={r.faded} />}
                {!p && <div className={css.text}>{textOf(p, unit)}</div>}
                {p && (
                  // Under a bar, the words start where the bar does (the track is inset by PAD for the axis's end labels).
                  <div className={css.value} style={drawn(p, unit) ? { paddingLeft: PAD } : undefined}>
                    <span className={css.figure}>{p.printed || 'Chưa có số liệu'}</span>
                    <StatusBadge point={p} />
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <div className={css.row} aria-hidden="true">
        <span />
        <div ref={ref} style={{ minWidth: 0 }}>
          {bars.length > 0 && (
            <svg className={css.svg} width={width} height={AXIS_HEIGHT} viewBox={`0 0 ${width} ${AXIS_HEIGHT}`}>
              <AxisBottom
                scale={x}
                top={1}
                numTicks={width < 260 ? 3 : 5}
                stroke="#8A8886"
                tickStroke="#8A8886"
                tickLength={4}
                tickFormat={(v) => formatNumberVi(Number(v))}
                tickLabelProps={{ fontSize: 11, fill: '#484644', fontFamily: 'inherit', textAnchor: 'middle' }}
              />
            </svg>
          )}
        </div>
      </div>
      {notes.length > 0 && (
        <div className={css.text} data-chart-note>
          {notes.join(' ')}
        </div>
      )}
    </div>
  );
}

function BarRow({
  point,
  x,
  zero,
  width,
  faded,
}: {
  point: FigurePoint & { bar: NonNullable<FigurePoint['bar']> };
  x: (v: number) => number;
  zero: number;
  width: number;
  faded?: boolean;
}) {
  const { value, plan, planTo } = point.bar;
  const end = x(value);
  const mid = ROW_HEIGHT / 2;
  return (
    <svg className={css.svg} width={width} height={ROW_HEIGHT} viewBox={`0 0 ${width} ${ROW_HEIGHT}`} aria-hidden="true" data-bar={value}>
      <Group>
        <Bar x={PAD} y={mid - 7} width={Math.max(0, width - 2 * PAD)} height={14} fill={TRACK} />
        {plan !== undefined && planTo !== undefined && (
          <Bar x={x(plan)} y={1} width={Math.max(2, x(planTo) - x(plan))} height={ROW_HEIGHT - 2} fill={PLAN_RANGE} />
        )}
        <Bar
          x={Math.min(zero, end)}
          y={mid - 6}
          width={Math.max(2, Math.abs(end - zero))}
          height={12}
          fill={BAR_COLOR[point.status]}
          opacity={faded ? 0.55 : 1}
        />
        {plan !== undefined && <Line from={{ x: x(plan), y: 0 }} to={{ x: x(plan), y: ROW_HEIGHT }} stroke={PLAN_MARK} strokeWidth={3} data-plan={plan} />}
        {planTo !== undefined && <Line from={{ x: x(planTo), y: 0 }} to={{ x: x(planTo), y: ROW_HEIGHT }} stroke={PLAN_MARK} strokeWidth={3} />}
      </Group>
    </svg>
  );
}

/** The legend: each colour with its words, the plan's marker and range. */
export function ChartLegend() {
  const item = (key: string, swatch: ReactNode, text: string) => (
    <li key={key} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <svg width={22} height={14} aria-hidden="true">
        {swatch}
      </svg>
      {text}
    </li>
  );
  const bar = (status: keyof typeof BAR_COLOR) => <rect x={0} y={2} width={22} height={10} fill={BAR_COLOR[status]} />;
  return (
    <ul
      aria-label="Chú giải"
      style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: '6px 16px', fontSize: 13 }}
      data-legend
    >
      {item('vuot', bar('vuot'), 'Vượt KH')}
      {item('dat', bar('dat'), 'Đạt KH')}
      {item('khong_dat', bar('khong_dat'), 'Không đạt KH')}
      {item('tien_do', bar('tien_do'), 'Đang thực hiện (6, 9 tháng)')}
      {item('plan', <line x1={11} x2={11} y1={0} y2={14} stroke={PLAN_MARK} strokeWidth={3} />, 'Kế hoạch')}
      {item('range', <rect x={2} y={0} width={18} height={14} fill={PLAN_RANGE} />, 'Khoảng kế hoạch')}
      <li style={{ color: '#605E5C' }}>Chưa đánh giá, số liệu ghi dưới dạng một mức: ghi bằng chữ, không vẽ cột.</li>
    </ul>
  );
}
