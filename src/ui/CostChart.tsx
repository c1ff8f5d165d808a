import { useMemo, useState } from 'react';
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
import { useShallow } from 'zustand/react/shallow';
import { thinPoints } from '../state/runs';
import { useStore, type State } from '../state/store';
import type { IterationPoint } from '../worker/protocol';
import { CostTooltip } from './CostTooltip';
import { formatValue } from './format';
import { LiveCurves } from './LiveCurves';
import { useChartAxes } from './useChartAxes';
import { useStoreTransition } from './useStoreTransition';

/** Points per curve the chart's tooltip can land on; the history itself keeps every iteration. */
const MAX_DRAWN_POINTS = 200;

/**
 * Drawn in this order, so the total J lies on top of the term it is closest to. Every curve is one
 * pixel wide: the browser draws such strokes as hairlines, and where it rasterises on the CPU (no
 * GPU) a wider stroke doubled the cost of each redraw of the chart while it trains.
 */
const SERIES = [
  { key: 'reconstruction', name: 'reconstruction', color: '#2563eb' },
  { key: 'decay', name: 'weight decay', color: '#059669' },
  { key: 'sparsity', name: 'sparsity', color: '#c2410c' },
  { key: 'cost', name: 'J (total)', color: '#111827' },
] as const;
/** The legend reads as the formula does: J, then its three terms. */
const LEGEND_ORDER = [SERIES[3], SERIES[0], SERIES[1], SERIES[2]];
const OVERLAY_COLORS = ['#9ca3af', '#a78bfa', '#f472b6', '#fbbf24', '#34d399'];

type Row = { iteration: number } & Partial<Record<(typeof SERIES)[number]['key'], number>>;

/**
 * The history's length for the tooltip's rows, which are left empty while the run trains (0, as
 * before the first iteration, so starting a run does not redraw the chart).
 */
const selectSettledLength = (s: State) => (s.run.status === 'running' ? 0 : s.historyLength);
const NO_ROWS: Row[] = [];

// Props kept the same from render to render, so recharts does not re-register its axes each time.
const CHART_MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };
const TICK_STYLE = { fontSize: 11 };
const formatTick = (v: number) => formatValue(v, 2);
/** The invisible line that carries the live run's rows for the tooltip. */
const LIVE_NAME = 'this run';

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
 * The cost and its three terms per iteration; a dashed mark where ρ, β or λ changed (the last one
 * labelled with the new values); past runs overlaid.
 */
export function CostChart({ height = 280 }: { height?: number }) {
  const [logScale, setLogScale] = useState(true);
  const [curvesHost, setCurvesHost] = useState<HTMLDivElement | null>(null);
  const settledLength = useStoreTransition(selectSettledLength);
  const marks = useStore((s) => s.marks);
  // The overlaid runs only: a run kept at the end of training does not redraw the chart.
  const overlaidRuns = useStore(
    useShallow((s) => s.runs.filter((run) => s.overlaid.includes(run.number))),
  );
  const { x: xAxis, y: yAxis } = useChartAxes(logScale);
  // The rows under the tooltip (one invisible line), once the run is not training.
  const rows = useMemo(
    () =>
      settledLength === 0
        ? NO_ROWS
        : toRows(useStore.getState().history.slice(0, settledLength), logScale),
    [settledLength, logScale],
  );
  const overlays = useMemo(
    () => overlaidRuns.map((run) => ({ number: run.number, rows: toRows(run.points, logScale) })),
    [overlaidRuns, logScale],
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
      <div className="chart-box" style={{ height }}>
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
            />
            <YAxis
              scale={logScale ? 'log' : 'linear'}
              domain={yAxis.domain}
              ticks={yAxis.ticks}
              interval={0}
              allowDataOverflow
              tickFormatter={formatTick}
              width={52}
              tick={TICK_STYLE}
            />
            <Tooltip
              content={<CostTooltip series={LEGEND_ORDER} liveName={LIVE_NAME} />}
              isAnimationActive={false}
            />
            {overlays.map((overlay, i) => (
              <Line
                key={`run-${overlay.number}`}
                data={overlay.rows}
                dataKey="cost"
                name={`run ${overlay.number}`}
                stroke={OVERLAY_COLORS[i % OVERLAY_COLORS.length]}
                strokeDasharray="4 3"
                dot={false}
                isAnimationActive={false}
              />
            ))}
            <Line
              data={rows}
              dataKey="cost"
              name={LIVE_NAME}
              stroke={SERIES[3].color}
              strokeOpacity={0}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <LiveCurves series={SERIES} logScale={logScale} host={curvesHost} />
            {marks.map((mark, i) => (
              <ReferenceLine
                key={`mark-${i}`}
                x={mark.iteration}
                stroke="#c2410c"
                strokeDasharray="2 2"
                label={
                  i === marks.length - 1
                    ? {
                        value: `ρ ${formatValue(mark.rho)} · β ${formatValue(mark.beta)} · λ ${formatValue(mark.lambda)}`,
                        position: 'insideTopLeft',
                        fontSize: 10,
                        fill: '#9a3412',
                      }
                    : undefined
                }
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="legend small" aria-label="Curves">
        {LEGEND_ORDER.map((series) => (
          <li key={series.key}>
            <span className="swatch" style={{ background: series.color }} />
            {series.name}
          </li>
        ))}
        {overlays.map((overlay, i) => (
          <li key={`run-${overlay.number}`}>
            <span
              className="swatch dashed"
              style={{ borderColor: OVERLAY_COLORS[i % OVERLAY_COLORS.length] }}
            />
            run {overlay.number}
          </li>
        ))}
        {marks.length > 0 && (
          <li>
            <span className="swatch dashed" style={{ borderColor: '#c2410c' }} />
            ρ, β or λ changed
          </li>
        )}
      </ul>
    </section>
  );
}
