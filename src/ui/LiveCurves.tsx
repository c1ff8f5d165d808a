/**
 * The live layer of the cost chart: the current run's curves on a canvas laid over the chart's
 * plot area.
 *
 * Why: while training the curves change a few times a second. Redrawing them on a canvas costs a
 * few milliseconds; re-rendering the recharts SVG took tens of milliseconds of script and a large
 * repaint per update. So the SVG chart (axes, grid, marks, past runs, tooltip) stays still while
 * training, and only this canvas is repainted, in the page's animation frame (useFramePainter).
 *
 * How: render `<LiveCurves>` as a child of a recharts chart. It places the canvas with recharts'
 * public hooks only — `usePlotArea` (since 3.1) for the plot's box and `useXAxisScale` /
 * `useYAxisScale` (since 3.8) for the chart's own scales, so the canvas and the SVG agree to the
 * pixel, log axis included. The canvas itself goes into `host`, an element stacked with the chart
 * (a canvas inside the SVG would be repainted with all of it). It reads the history straight from
 * the store on each publication: no React render while training.
 */
import { useCallback, useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { IterationPoint } from '../engine/types';
import { thinPoints } from '../state/runs';
import { useStore } from '../state/store';
import { context2d } from './canvas2d';
import { curveWidth, resolveColor } from './cssValues';
import { useTheme } from './theme';
import { useFramePainter } from './useFramePainter';

export interface CurveSeries {
  key: keyof Pick<IterationPoint, 'cost' | 'reconstruction' | 'decay' | 'sparsity'>;
  color: string;
}

/**
 * `series` in the legend's order; drawn from last to first, so the first (J) lies on top. A point
 * a scale cannot place (≤ 0 on the log axis) leaves a gap, as the SVG chart does.
 */
export function LiveCurves({
  series,
  logScale,
  host,
}: {
  series: readonly CurveSeries[];
  logScale: boolean;
  host: HTMLElement | null;
}) {
  const plot = usePlotArea();
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const theme = useTheme();

  /** The stroke width and colours, read from the page's styles once per theme and plot size. */
  const strokes = useRef<{ width: number; colors: string[] } | null>(null);
  const paint = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas || !plot || !xScale || !yScale) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(plot.width * ratio);
    const height = Math.round(plot.height * ratio);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = context2d(canvas);
    context.setTransform(ratio, 0, 0, ratio, -plot.x * ratio, -plot.y * ratio);
    context.clearRect(plot.x, plot.y, plot.width, plot.height);
    const { history, historyLength } = useStore.getState();
    // About two points per pixel of width: a long run is drawn at the screen's resolution.
    const points = thinPoints(
      history.slice(0, historyLength),
      Math.max(2, Math.ceil(plot.width * 2)),
    );
    // A hairline by default (wider strokes doubled each redraw where the CPU rasterises); classroom
    // mode asks for curves a room can see (`--curve-width`), and the theme sets their colours. Read
    // once, not on every publication (reading styles can force the page to recompute them).
    if (!strokes.current) {
      const style = getComputedStyle(canvas);
      const colors = series.map(({ color }) => resolveColor(style, color));
      strokes.current = { width: curveWidth(style), colors };
    }
    context.lineWidth = strokes.current.width;
    context.lineJoin = 'round';
    for (let s = series.length - 1; s >= 0; s--) {
      const { key } = series[s];
      context.strokeStyle = strokes.current.colors[s];
      context.beginPath();
      let drawing = false;
      for (const point of points) {
        const x = xScale(point.iteration);
        const y = logScale && !(point[key] > 0) ? undefined : yScale(point[key]);
        if (x === undefined || y === undefined || !Number.isFinite(y)) drawing = false;
        else if (drawing) context.lineTo(x, y);
        else {
          context.moveTo(x, y);
          drawing = true;
        }
      }
      context.stroke();
    }
  }, [plot, xScale, yScale, series, logScale]);
  // Another theme or another plot (classroom mode, a resize): the styles are read again.
  useEffect(() => {
    strokes.current = null;
  }, [theme, plot, series]);

  const request = useFramePainter(canvasRef, paint);
  // Another theme, other colours: painted again at once, even while the run is paused.
  useEffect(() => request(), [theme, request]);
  useEffect(
    () =>
      useStore.subscribe((state, previous) => {
        if (state.historyLength !== previous.historyLength || state.history !== previous.history)
          request();
      }),
    [request],
  );

  if (!plot || !host) return null;
  return createPortal(
    <canvas
      ref={canvasRef}
      className="live-curves"
      aria-hidden="true"
      style={{ left: plot.x, top: plot.y, width: plot.width, height: plot.height }}
    />,
    host,
  );
}
