/**
 * The cost chart's axes, computed here rather than by the chart: a domain and its tick values that
 * change only when the curve leaves them. The chart then draws the given ticks as they are, without
 * measuring their labels in the page (a forced layout on every redraw while training).
 */
import type { PastRun } from '../state/runs';
import type { State } from '../state/store';

export interface Axis {
  domain: [number, number];
  ticks: number[];
}

/** The step among 1, 2, 5 × 10^k nearest above `span / count`: ticks a person reads at a glance. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const decade = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * decade).find((s) => s >= raw * (1 - 1e-9));
  return step ?? 10 * decade;
}

/** [0, top] with top the first multiple of a nice step at or above `max`, ticks every step. */
export function linearAxis(max: number, count = 5): Axis {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const step = niceStep(top, count);
  const end = Math.ceil(top / step - 1e-9) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals, so 0.1 × 3 reads 0.3 and not 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let i = 0; i * step <= end * (1 + 1e-9); i++)
    ticks.push(Number((i * step).toFixed(decimals)));
  return { domain: [0, ticks[ticks.length - 1]], ticks };
}

/** Decades a log axis shows below its top: lower values (a term near 0) are cut off. */
export const MAX_DECADES = 6;

/**
 * MAX_DECADES whole decades below 10^⌈log high⌉, a tick at each decade (every second or third one
 * when there are many). The bottom follows the top, not the smallest value: a sparse autoencoder's
 * terms span about six decades by the end of a run, and an axis that followed each new low would
 * move (and the chart redraw) every time a term fell past a decade while the run trains. `low`
 * only says whether there is a positive value at all.
 */
export function logAxis(low: number, high: number, maxTicks = 7): Axis {
  if (!(high > 0) || !(low > 0) || !Number.isFinite(high)) return logAxis(0.01, 100, maxTicks);
  const to = Math.ceil(Math.log10(high));
  const from = to - MAX_DECADES;
  const every = Math.ceil((to - from + 1) / maxTicks);
  const ticks: number[] = [];
  for (let k = from; k <= to; k += every) ticks.push(Number(`1e${k}`));
  return { domain: [Number(`1e${from}`), Number(`1e${to}`)], ticks };
}

/** What the axes must hold: the smallest positive value, the largest value, the last iteration. */
export interface Extent {
  low: number;
  high: number;
  last: number;
}

export const EMPTY_EXTENT: Extent = { low: Infinity, high: 0, last: 0 };

type CurvePoint = { iteration: number } & Partial<
  Record<'cost' | 'reconstruction' | 'decay' | 'sparsity', number>
>;
const CURVE_KEYS = ['cost', 'reconstruction', 'decay', 'sparsity'] as const;

/** `extent` widened by points[from, to) over the four curves. */
export function extendExtent(
  extent: Extent,
  points: readonly CurvePoint[],
  from = 0,
  to = points.length,
): Extent {
  let { low, high, last } = extent;
  for (let i = from; i < to; i++) {
    const point = points[i];
    last = Math.max(last, point.iteration);
    for (const key of CURVE_KEYS) {
      const v = point[key];
      if (v !== undefined && v > 0 && Number.isFinite(v)) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
  }
  return { low, high, last };
}

/** Both extents in one. */
export function mergeExtents(a: Extent, b: Extent): Extent {
  return {
    low: Math.min(a.low, b.low),
    high: Math.max(a.high, b.high),
    last: Math.max(a.last, b.last),
  };
}

/**
 * The iterations the x axis spans: the run's iteration limit when it is at most 1,000; for longer
 * runs the first of 100, 200, 500, 1000, 2000, … that reaches `last` (or the limit when that comes
 * first), so a long limit does not squeeze the first iterations against the left edge. Either way
 * the axis moves a few times in a run at most, not at every update.
 */
export function iterationSpan(last: number, limit: number): number {
  // A usual limit (the original program's 400) is spanned from the start: the axis never moves in such a run.
  if (limit > 0 && limit <= 1000 && last <= limit) return limit;
  let growth = 100;
  for (let k = 2; growth < last; k++) {
    growth = [1, 2, 5, 10].map((m) => m * 10 ** k).find((v) => v >= last) ?? 10 ** (k + 1);
  }
  return limit >= last && limit > 0 ? Math.min(limit, growth) : growth;
}

/** The x axis over `iterationSpan`; the y axis over whole decades (log) or a nice range. */
export function chartAxes(
  extent: Extent,
  iterationLimit: number,
  logScale: boolean,
): { x: Axis; y: Axis } {
  return {
    x: linearAxis(iterationSpan(extent.last, iterationLimit)),
    y: logScale ? logAxis(extent.low, extent.high) : linearAxis(extent.high),
  };
}

export interface ChartAxes {
  x: Axis;
  y: Axis;
}

const sameAxis = (a: Axis, b: Axis) =>
  a.domain.join() === b.domain.join() && a.ticks.join() === b.ticks.join();

/** What the axes are read from: the live history, the kept runs and which are overlaid. */
export type AxesSource = Pick<State, 'history' | 'historyLength' | 'runs' | 'overlaid'> & {
  settings: Pick<State['settings'], 'iterations'>;
};

/**
 * A selector of the chart's axes over the live run and the overlaid past runs. It scans only the
 * points published since its last call, and returns the very same objects until a curve leaves
 * them (an unchanged axis stays the same prop, so recharts leaves it alone).
 */
export function axesSelector(logScale: boolean): (s: AxesSource) => ChartAxes {
  let scanned = { history: null as AxesSource['history'] | null, length: 0, extent: EMPTY_EXTENT };
  const runExtents = new WeakMap<PastRun, Extent>();
  let last: ChartAxes | null = null;
  return (s) => {
    if (scanned.history !== s.history || s.historyLength < scanned.length)
      scanned = { history: s.history, length: 0, extent: EMPTY_EXTENT };
    const live = extendExtent(scanned.extent, s.history, scanned.length, s.historyLength);
    scanned = { history: s.history, length: s.historyLength, extent: live };
    let extent = live;
    for (const run of s.runs) {
      if (!s.overlaid.includes(run.number)) continue;
      if (!runExtents.has(run)) runExtents.set(run, extendExtent(EMPTY_EXTENT, run.points));
      extent = mergeExtents(extent, runExtents.get(run)!);
    }
    const { x, y } = chartAxes(extent, s.settings.iterations, logScale);
    if (last && sameAxis(x, last.x) && sameAxis(y, last.y)) return last;
    last = {
      x: last && sameAxis(x, last.x) ? last.x : x,
      y: last && sameAxis(y, last.y) ? last.y : y,
    };
    return last;
  };
}
