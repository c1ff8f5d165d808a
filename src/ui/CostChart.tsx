import { useEffect, useMemo, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { shallow } from 'zustand/shallow';
import type { IterationPoint } from '../engine/types';
import { thinPoints } from '../state/runs';
import { useStore, type HyperparameterMark, type State } from '../state/store';
import { axesSelector } from './chartAxes';
import { formatValue } from './format';
import { LiveCurves, type CurveSeries } from './LiveCurves';
import { termsTooltip } from './CostTooltip';
import { Explain } from './Explain';
import { useStoreTransition } from './useStoreTransition';

/** Points per curve the chart's tooltip can land on; the history itself keeps every iteration. */
const MAX_DRAWN_POINTS = 200;

/** J and its three terms, in the formula's order (the legend's and the tooltip's); the theme sets the colours. */
const SERIES: readonly (CurveSeries & { name: string })[] = [
  { key: 'cost', name: 'J (total)', color: 'var(--curve-cost, #111827)' },
  { key: 'reconstruction', name: 'reconstruction', color: 'var(--curve-reconstruction, #2563eb)' },
  { key: 'decay', name: 'weight decay', color: 'var(--curve-decay, #059669)' },
  { key: 'sparsity', name: 'sparsity', color: 'var(--curve-sparsity, #c2410c)' },
];
const OVERLAY_COLORS = ['#9ca3af', '#a78bfa', '#f472b6', '#fbbf24', '#34d399'];
const MARK_COLOR = '#c2410c';

type Row = { iteration: number } & Partial<Record<CurveSeries['key'], number>>;

function toRows(points: readonly IterationPoint[], logScale: boolean): Row[] {
  const positive = (v: number) => (logScale && !(v > 0) ? undefined : v);
  return thinPoints(points, MAX_DRAWN_POINTS).map((p) => ({
    iteration: p.iteration,
    cost: positive(p.cost),
    reconstruction: positive(p.reconstruction),
    decay: positive(p.decay),
    sparsity: positive(p.sparsity),
  }));
}

/**
 * While training, the history's length for the tooltip's rows, refreshed every LIVE_TOOLTIP_MS
 * while the pointer (or focus) rests on the chart; 0 otherwise, so the SVG chart stays still while
 * nobody reads it.
 */
function useLiveLength(active: boolean): number {
  const [length, setLength] = useState(0);
  useEffect(() => {
    const refresh = () => {
      const { run, historyLength } = useStore.getState();
      setLength(active && run.status === 'running' ? historyLength : 0);
    };
    const first = setTimeout(refresh, 0);
    const timer = active ? setInterval(refresh, LIVE_TOOLTIP_MS) : undefined;
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active]);
  return length;
}

/**
 * The history's length for the tooltip's rows, which stay empty while the run trains (0, as
 * before the first iteration, so starting a run does not redraw the chart).
 */
const selectSettledLength = (s: State) => (s.run.status === 'running' ? 0 : s.historyLength);
const NO_ROWS: Row[] = [];
const selectMarks = (s: State) => s.marks;
/**
 * The overlaid runs only (a run kept at the end of training does not redraw the chart); the run
 * shown is drawn already, it is not overlaid on itself.
 */
const selectOverlaidRuns = (s: State) =>
  s.runs.filter((run) => s.overlaid.includes(run.number) && run.number !== s.shownRun);
const selectOverlayPart = (s: State) => s.overlayPart;

// Props kept the same from render to render, so recharts does not re-register its parts each time.
const CHART_MARGIN = { top: 8, right: 16, bottom: 18, left: 8 };
const TICK_STYLE = { fontSize: 11 };
/**
 * The axes' room, fixed (what recharts measured for the log scale's labels, 1e-4 … 1000, and the
 * titles): measured at each redraw ("auto"), it cost a layout and a second render whenever an
 * axis moved while training.
 */
const Y_AXIS_WIDTH = 59;
const X_AXIS_HEIGHT = 40;
const X_LABEL = {
  value: 'Iteration',
  position: 'insideBottom' as const,
  offset: -12,
  fontSize: 12,
};
const yLabel = (logScale: boolean) => ({
  value: logScale ? 'Cost (log scale)' : 'Cost',
  angle: -90,
  position: 'insideLeft' as const,
  offset: 0,
  fontSize: 12,
  className: 'y-axis-title',
  style: { textAnchor: 'middle' as const },
});
/** While training, how often the rows under a pointer resting on the chart are refreshed. */
const LIVE_TOOLTIP_MS = 1000;
const formatTick = (v: number) => formatValue(v, 2);
/** The run's own line carries the tooltip's rows only: no path is built or drawn for it. */
const NO_SHAPE = () => null;
const RUN_SERIES = SERIES[0];

/** The tooltip reads the run's one line as J and its three terms. */
const RunTooltip = termsTooltip(SERIES);
const TOOLTIP_STYLE = {
  border: '1px solid #d6dbe2',
  borderRadius: 4,
  padding: '0.35rem 0.55rem',
  fontSize: '0.8rem',
};
const TOOLTIP_LABEL_STYLE = { fontWeight: 600, marginBottom: '0.2rem' };
const formatTooltipValue = (v: unknown) => (typeof v === 'number' ? formatValue(v, 4) : '—');
const formatTooltipLabel = (label: unknown) => `Iteration ${String(label)}`;
/** The tooltip lists J and its terms in the formula's order, then the overlaid runs. */
const tooltipOrder = (item: { name?: unknown }) => {
  const index = SERIES.findIndex((s) => s.name === item.name);
  return index < 0 ? SERIES.length : index;
};

/** The last mark's label: the values ρ, β and λ took there. */
const markLabel = (mark: HyperparameterMark) => ({
  value: `ρ ${formatValue(mark.rho)} · β ${formatValue(mark.beta)} · λ ${formatValue(mark.lambda)}`,
  position: 'insideTopLeft' as const,
  fontSize: 10,
  fill: '#9a3412',
});

/**
 * The cost and its three terms per iteration; a dashed mark where ρ, β or λ changed (the last one
 * labelled with the new values); past runs overlaid. While the run trains its curves are drawn by
 * LiveCurves on a canvas and this SVG stays still: it re-renders only when an axis moves (a curve
 * left it), when runs are overlaid, ρ, β or λ change, or the run stops — then invisible lines carry
 * the run's values for the tooltip.
 */
export function CostChart({ height = 280 }: { height?: number | 'fill' }) {
  const [logScale, setLogScale] = useState(true);
  const [curvesHost, setCurvesHost] = useState<HTMLDivElement | null>(null);
  const [pointerOver, setPointerOver] = useState(false);
  const settledLength = useStoreTransition(selectSettledLength);
  const { x: xAxis, y: yAxis } = useStoreTransition(
    useMemo(() => axesSelector(logScale), [logScale]),
  );
  const marks = useStoreTransition(selectMarks);
  const liveLength = useLiveLength(pointerOver);
  const overlaidRuns = useStoreTransition(selectOverlaidRuns, shallow);
  const overlayPart = useStoreTransition(selectOverlayPart);
  const length = Math.max(settledLength, liveLength);
  const rows = useMemo(
    () => (length === 0 ? NO_ROWS : toRows(useStore.getState().history.slice(0, length), logScale)),
    [length, logScale],
  );
  const overlays = useMemo(
    () =>
      overlaidRuns.map((run, i) => ({
        name:
          overlayPart === 'cost'
            ? `run ${run.number}`
            : `run ${run.number} · ${SERIES.find((s) => s.key === overlayPart)?.name}`,
        color: OVERLAY_COLORS[i % OVERLAY_COLORS.length],
        rows: toRows(run.points, logScale),
      })),
    [overlaidRuns, logScale, overlayPart],
  );
  return (
    <section className="panel chart" aria-labelledby="chart-title">
      <div className="panel-head">
        <h2 id="chart-title">Cost per iteration</h2>
        <label className="check small">
          <input
            type="checkbox"
            checked={logScale}
            onChange={(e) => setLogScale(e.target.checked)}
          />{' '}
          log scale
        </label>
      </div>
      <Explain topic="chart" />
      <div
        className={height === 'fill' ? 'chart-box fill' : 'chart-box'}
        style={height === 'fill' ? undefined : { height }}
        onPointerEnter={() => setPointerOver(true)}
        onPointerLeave={() => setPointerOver(false)}
        onFocus={() => setPointerOver(true)}
        onBlur={() => setPointerOver(false)}
      >
        {/* Under the chart's SVG (which is transparent): the tooltip stays on top of the curves. */}
        <div ref={setCurvesHost} className="live-curves-host" />
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={CHART_MARGIN}>
            <CartesianGrid stroke="#e5e7eb" />
            <XAxis
              type="number"
              dataKey="iteration"
              domain={xAxis.domain}
              ticks={xAxis.ticks}
              interval={0}
              allowDataOverflow
              tick={TICK_STYLE}
              height={X_AXIS_HEIGHT}
              label={X_LABEL}
            />
            <YAxis
              scale={logScale ? 'log' : 'linear'}
              domain={yAxis.domain}
              ticks={yAxis.ticks}
              interval={0}
              allowDataOverflow
              tickFormatter={formatTick}
              width={Y_AXIS_WIDTH}
              tick={TICK_STYLE}
              label={yLabel(logScale)}
            />
            {/* Only while someone reads the chart: the tooltip measures itself in the page at each
                redraw of the chart (a forced layout), as training starts or an axis moves. */}
            {pointerOver && (
              <Tooltip
                formatter={formatTooltipValue}
                labelFormatter={formatTooltipLabel}
                itemSorter={tooltipOrder}
                contentStyle={TOOLTIP_STYLE}
                labelStyle={TOOLTIP_LABEL_STYLE}
                isAnimationActive={false}
                content={RunTooltip}
              />
            )}
            {overlays.map((overlay) => (
              <Line
                key={overlay.name}
                data={overlay.rows}
                dataKey={overlayPart}
                name={overlay.name}
                stroke={overlay.color}
                strokeDasharray="4 3"
                dot={false}
                isAnimationActive={false}
              />
            ))}
            {/* One invisible line carries the run's rows; the tooltip lists J and its terms from them.
                None while the run trains (it has no rows then): each redraw of the chart, as an
                axis moves, would have one more part of recharts to work out. */}
            {rows.length > 0 && (
              <Line
                data={rows}
                dataKey={RUN_SERIES.key}
                name={RUN_SERIES.name}
                stroke={RUN_SERIES.color}
                strokeOpacity={0}
                shape={NO_SHAPE}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                connectNulls
              />
            )}
            <LiveCurves series={SERIES} logScale={logScale} host={curvesHost} />
            {marks.map((mark, i) => (
              <ReferenceLine
                key={`mark-${i}`}
                x={mark.iteration}
                stroke={MARK_COLOR}
                strokeDasharray="2 2"
                label={i === marks.length - 1 ? markLabel(mark) : undefined}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="legend small" aria-label="Curves">
        {SERIES.map((series) => (
          <li key={series.key}>
            <span className="swatch" style={{ background: series.color }} />
            {series.name}
          </li>
        ))}
        {overlays.map((overlay) => (
          <li key={overlay.name}>
            <span className="swatch dashed" style={{ borderColor: overlay.color }} />
            {overlay.name}
          </li>
        ))}
        {marks.length > 0 && (
          <li>
            <span className="swatch dashed" style={{ borderColor: MARK_COLOR }} />
            ρ, β or λ changed
          </li>
        )}
      </ul>
    </section>
  );
}
