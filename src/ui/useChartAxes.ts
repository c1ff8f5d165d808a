import { useCallback } from 'react';
import type { PastRun } from '../state/runs';
import type { State } from '../state/store';
import type { IterationPoint } from '../worker/protocol';
import {
  chartAxes,
  EMPTY_EXTENT,
  extendExtent,
  mergeExtents,
  type Axis,
  type Extent,
} from './chartAxes';
import { useStoreTransition } from './useStoreTransition';

/** The live history's extent, scanning only the points published since the last call. */
let scanned = {
  history: null as readonly IterationPoint[] | null,
  length: 0,
  extent: EMPTY_EXTENT,
};
function liveExtent(s: State): Extent {
  if (scanned.history !== s.history || s.historyLength < scanned.length)
    scanned = { history: s.history, length: 0, extent: EMPTY_EXTENT };
  if (s.historyLength > scanned.length)
    scanned = {
      history: s.history,
      length: s.historyLength,
      extent: extendExtent(scanned.extent, s.history, scanned.length, s.historyLength),
    };
  return scanned.extent;
}

const runExtents = new WeakMap<PastRun, Extent>();
function runExtent(run: PastRun): Extent {
  if (!runExtents.has(run)) runExtents.set(run, extendExtent(EMPTY_EXTENT, run.points));
  return runExtents.get(run)!;
}

/** One object per distinct axis, so an unchanged axis is the same prop and recharts leaves it. */
const axes = new Map<string, Axis>();
function interned(axis: Axis): Axis {
  const key = `${axis.domain.join()}|${axis.ticks.join()}`;
  if (!axes.has(key)) {
    if (axes.size > 64) axes.clear();
    axes.set(key, axis);
  }
  return axes.get(key)!;
}

interface ChartAxes {
  x: Axis;
  y: Axis;
}
const sameAxes = (a: ChartAxes, b: ChartAxes) => a.x === b.x && a.y === b.y;

/**
 * The cost chart's axes over the live run and the overlaid past runs: read from the store at each
 * publication, but a new value (a re-render of the chart) only when a curve leaves them, and then
 * as a transition.
 */
export function useChartAxes(logScale: boolean): ChartAxes {
  const select = useCallback(
    (s: State): ChartAxes => {
      let extent = liveExtent(s);
      for (const run of s.runs)
        if (s.overlaid.includes(run.number)) extent = mergeExtents(extent, runExtent(run));
      const { x, y } = chartAxes(extent, s.settings.iterations, logScale);
      return { x: interned(x), y: interned(y) };
    },
    [logScale],
  );
  return useStoreTransition(select, sameAxes);
}
