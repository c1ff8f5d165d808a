import { useCallback, useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { useStore } from '../state/store';
import type { IterationPoint } from '../worker/protocol';
import { context2d } from './canvas2d';
import { useFramePainter } from './useFramePainter';

export interface CurveSeries {
  key: 'cost' | 'reconstruction' | 'decay' | 'sparsity';
  color: string;
}

/**
 * The current run's curves, drawn on a canvas over the chart's plot area with the chart's own
 * scales. While training they change a few times a second; redrawing them here costs a few
 * milliseconds, where re-rendering the SVG chart took tens of milliseconds of script and a large
 * repaint per update. The chart itself (axes, grid, marks, past runs, tooltip) stays still.
 * Rendered inside the recharts chart (for its plot area and scales); the canvas itself goes into
 * `host`, an element over the chart (a canvas inside the SVG would be repainted with all of it).
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

  const paint = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas || !plot || !xScale || !yScale) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(plot.width * ratio);
    const height = Math.round(plot.height * ratio);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = context2d(canvas);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, plot.width, plot.height);
    const { history, historyLength } = useStore.getState();
    const points = sampleForWidth(history, historyLength, plot.width);
    context.lineWidth = 1;
    context.lineJoin = 'round';
    for (const { key, color } of series) {
      context.strokeStyle = color;
      context.beginPath();
      let drawing = false;
      for (const point of points) {
        const value = point[key];
        const x = xScale(point.iteration);
        const y = logScale && !(value > 0) ? undefined : yScale(value);
        if (x === undefined || y === undefined || !Number.isFinite(y)) {
          drawing = false; // a gap, as the chart leaves one for a value it cannot place
          continue;
        }
        if (drawing) context.lineTo(x - plot.x, y - plot.y);
        else context.moveTo(x - plot.x, y - plot.y);
        drawing = true;
      }
      context.stroke();
    }
  }, [plot, xScale, yScale, series, logScale]);

  const request = useFramePainter(canvasRef, paint);

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

/**
 * The first `length` points, at most about two per pixel of width (always the first and the last):
 * a long run is drawn at the screen's resolution, not point by point.
 */
export function sampleForWidth(
  points: readonly IterationPoint[],
  length: number,
  width: number,
): IterationPoint[] {
  const limit = Math.max(2, Math.ceil(width * 2));
  if (length <= limit) return points.slice(0, length);
  const sampled: IterationPoint[] = [];
  const stride = (length - 1) / (limit - 1);
  for (let i = 0; i < limit; i++) sampled.push(points[Math.round(i * stride)]);
  return sampled;
}
