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
import { thinPoints } from '../state/runs';
import { useStore, type State } from '../state/store';
import type { IterationPoint } from '../worker/protocol';
import { formatValue } from './format';
import { useThrottled } from './useThrottled';

/** Points drawn per curve at most; the history itself keeps every iteration. */
const MAX_DRAWN_POINTS = 200;
/**
 * The chart redraws (a whole SVG) at most this often; the store publishes the history at most
 * every STREAM_INTERVAL_MS (250 ms), and a shorter interval here keeps the chart in that frame.
 */
const CHART_INTERVAL_MS = 200;

/** Drawn in this order, so the total J lies on top of the term it is closest to. */
const SERIES = [
  { key: 'reconstruction', name: 'reconstruction', color: '#2563eb', width: 1.5 },
  { key: 'weightDecay', name: 'weight decay', color: '#059669', width: 1.5 },
  { key: 'sparsity', name: 'sparsity', color: '#c2410c', width: 1.5 },
  { key: 'cost', name: 'J (total)', color: '#111827', width: 2.25 },
] as const;
/** The legend reads as the formula does: J, then its three terms. */
const LEGEND_ORDER = [SERIES[3], SERIES[0], SERIES[1], SERIES[2]];
const OVERLAY_COLORS = ['#9ca3af', '#a78bfa', '#f472b6', '#fbbf24', '#34d399'];

type Row = { iteration: number } & Partial<Record<(typeof SERIES)[number]['key'], number>>;

const selectHistoryLength = (s: State) => s.historyLength;

// Props kept the same from render to render, so recharts does not re-register its axes each time.
const CHART_MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };
const TICK_STYLE = { fontSize: 11 };
const X_DOMAIN: [number, string] = [0, 'dataMax'];
const LINEAR_DOMAIN: [number, string] = [0, 'auto'];
const formatTick = (v: number) => formatValue(v, 2);
const formatTooltipValue = (v: unknown) => (typeof v === 'number' ? formatValue(v, 4) : String(v));
const formatTooltipLabel = (label: unknown) => `Iteration ${String(label)}`;

function toRows(points: readonly IterationPoint[], logScale: boolean): Row[] {
  const positive = (v: number) => (logScale && !(v > 0) ? undefined : v);
  return thinPoints(points, MAX_DRAWN_POINTS).map((p) => ({
    iteration: p.iteration,
    cost: positive(p.cost),
    reconstruction: positive(p.reconstruction),
    weightDecay: positive(p.weightDecay),
    sparsity: positive(p.sparsity),
  }));
}

function logDomain(rows: Row[][]): [number, number] {
  let low = Infinity;
  let high = 0;
  for (const series of rows) {
    for (const row of series) {
      for (const { key } of SERIES) {
        const v = row[key];
        if (v !== undefined && v > 0) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
    }
  }
  if (!(high > 0)) return [0.01, 100];
  return [10 ** Math.floor(Math.log10(low)), 10 ** Math.ceil(Math.log10(high))];
}

/**
 * The cost and its three terms per iteration; a dashed mark where ρ, β or λ changed (the last one
 * labelled with the new values); past runs overlaid.
 */
export function CostChart({ height = 280 }: { height?: number }) {
  const [logScale, setLogScale] = useState(true);
  const historyLength = useThrottled(selectHistoryLength, CHART_INTERVAL_MS);
  const marks = useStore((s) => s.marks);
  const runs = useStore((s) => s.runs);
  const overlaid = useStore((s) => s.overlaid);

  const rows = useMemo(
    () => toRows(useStore.getState().history.slice(0, historyLength), logScale),
    [historyLength, logScale],
  );
  const overlays = useMemo(
    () =>
      runs
        .filter((run) => overlaid.includes(run.number))
        .map((run) => ({ number: run.number, rows: toRows(run.points, logScale) })),
    [runs, overlaid, logScale],
  );
  const domain = useMemo(
    () => (logScale ? logDomain([rows, ...overlays.map((o) => o.rows)]) : LINEAR_DOMAIN),
    [logScale, rows, overlays],
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
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={CHART_MARGIN}>
            <CartesianGrid stroke="#e5e7eb" />
            <XAxis
              type="number"
              dataKey="iteration"
              domain={X_DOMAIN}
              allowDecimals={false}
              tick={TICK_STYLE}
            />
            <YAxis
              scale={logScale ? 'log' : 'linear'}
              domain={domain}
              allowDataOverflow={logScale}
              tickFormatter={formatTick}
              width={52}
              tick={TICK_STYLE}
            />
            <Tooltip
              formatter={formatTooltipValue}
              labelFormatter={formatTooltipLabel}
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
            {SERIES.map((series) => (
              <Line
                key={series.key}
                data={rows}
                dataKey={series.key}
                name={series.name}
                stroke={series.color}
                strokeWidth={series.width}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
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
