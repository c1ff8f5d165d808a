import { describe, expect, it } from 'vitest';
import {
  EMPTY_EXTENT,
  axesSelector,
  chartAxes,
  extendExtent,
  iterationSpan,
  linearAxis,
  logAxis,
  mergeExtents,
  niceStep,
} from '../../src/ui/chartAxes';
import type { IterationPoint } from '../../src/engine/types';
import { thinPoints } from '../../src/state/runs';
import type { PastRun } from '../../src/state/runs';

const point = (iteration: number, cost: number, reconstruction = cost / 2): IterationPoint => ({
  iteration,
  rho: 0.01,
  beta: 3,
  lambda: 1e-4,
  cost,
  reconstruction,
  decay: 0.001,
  sparsity: cost / 4,
  evaluations: iteration,
  elapsedMs: 0,
  gradientNorm: 1,
});

describe('chart axes', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(400, 5)).toBe(100);
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(150, 5)).toBe(50);
    expect(niceStep(0.37, 5)).toBeCloseTo(0.1, 12);
  });

  it('gives a linear axis from 0 past the maximum, ticks on the step, read as written', () => {
    expect(linearAxis(400)).toEqual({ domain: [0, 400], ticks: [0, 100, 200, 300, 400] });
    expect(linearAxis(27.96)).toEqual({ domain: [0, 30], ticks: [0, 10, 20, 30] });
    expect(linearAxis(0.3)).toEqual({ domain: [0, 0.3], ticks: [0, 0.1, 0.2, 0.3] });
    expect(linearAxis(0).domain).toEqual([0, 1]);
  });

  it('gives a log axis of six whole decades below the top, thinning the ticks when there are many', () => {
    expect(logAxis(0.0123, 45)).toEqual({
      domain: [1e-4, 100],
      ticks: [1e-4, 1e-3, 0.01, 0.1, 1, 10, 100],
    });
    // The bottom follows the top only: a new low inside the window does not move the axis.
    expect(logAxis(2e-4, 45)).toEqual(logAxis(0.0123, 45));
    const wide = logAxis(1e-9, 1e3, 4);
    expect(wide.domain).toEqual([1e-3, 1e3]); // six decades below the top, lower values cut off
    expect(wide.ticks).toEqual([1e-3, 1e-1, 10, 1e3].slice(0, wide.ticks.length));
    expect(wide.ticks.length).toBeLessThanOrEqual(4);
    expect(logAxis(Infinity, 0).domain).toEqual([1e-4, 100]); // no positive value yet
  });

  it('spans the iteration limit, growing in 1-2-5 steps towards a long one', () => {
    expect(iterationSpan(0, 400)).toBe(400);
    expect(iterationSpan(399, 400)).toBe(400);
    expect(iterationSpan(30, 50)).toBe(50);
    expect(iterationSpan(0, 100_000)).toBe(100);
    expect(iterationSpan(150, 100_000)).toBe(200);
    expect(iterationSpan(1234, 100_000)).toBe(2000);
    expect(iterationSpan(4000, 4500)).toBe(4500);
    expect(iterationSpan(450, 400)).toBe(500); // past the limit (stepped after the end)
  });

  it('widens an extent with new points only, and merges extents', () => {
    const points = [point(0, 40), point(1, 2), point(2, 0.5)];
    const first = extendExtent(EMPTY_EXTENT, points, 0, 2);
    expect(first).toEqual({ low: 0.001, high: 40, last: 1 });
    const all = extendExtent(first, points, 2, 3);
    expect(all).toEqual({ low: 0.001, high: 40, last: 2 });
    expect(mergeExtents(all, { low: 1e-5, high: 3, last: 900 })).toEqual({
      low: 1e-5,
      high: 40,
      last: 900,
    });
    const axes = chartAxes(all, 400, true);
    expect(axes.x.domain).toEqual([0, 400]);
    expect(axes.y.domain).toEqual([1e-4, 100]);
    expect(chartAxes(all, 400, false).y.domain).toEqual([0, 40]);
  });

  it('samples a long history down to about two points per pixel, keeping both ends', () => {
    // As the live canvas does: the first `length` points, two per pixel of a 300-pixel plot.
    const history = Array.from({ length: 5000 }, (_, i) => point(i, 1 / (i + 1)));
    const drawn = thinPoints(history.slice(0, 4000), 600);
    expect(drawn.length).toBe(600);
    expect(drawn[0].iteration).toBe(0);
    expect(drawn[drawn.length - 1].iteration).toBe(3999);
    expect(thinPoints(history.slice(0, 10), 600).map((p) => p.iteration)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('keeps the same axis objects until a curve leaves them, then moves only that axis', () => {
    const history = [point(0, 40), point(1, 20)];
    const source = { history, historyLength: 2, runs: [] as PastRun[], overlaid: [] as number[] };
    const state = { ...source, settings: { iterations: 400 } };
    const select = axesSelector(true);
    const first = select(state);
    expect(first.y.domain).toEqual([1e-4, 100]);
    // New points inside the axes: the very same object, so the chart does not re-render.
    history.push(point(2, 10), point(3, 5));
    expect(select({ ...state, historyLength: 4 })).toBe(first);
    // A value above the top decade moves the y axis; the x axis stays the same object.
    history.push(point(4, 500));
    const moved = select({ ...state, historyLength: 5 });
    expect(moved.y.domain).toEqual([1e-3, 1000]);
    expect(moved.x).toBe(first.x);
    // An overlaid run that ran further moves the x axis.
    const run = { number: 1, points: [point(0, 1), point(900, 0.5)] } as PastRun;
    const overlaid = select({ ...state, historyLength: 5, runs: [run], overlaid: [1] });
    expect(overlaid.x.domain).toEqual([0, 1000]);
    expect(overlaid.y).toBe(moved.y);
  });
});
