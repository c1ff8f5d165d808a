import { context2d } from './canvas2d';
import { curveWidth, resolveColor } from './cssValues';
import { useTheme } from './theme';
import { useCallback, useEffect, useRef } from 'react';
import { useStore, type State } from '../state/store';
import { formatValue } from './format';
import { useFramePainter } from './useFramePainter';
import { Explain } from './Explain';

const BAR_COLOR = 'var(--activation-bar, #5b7fa6)';
const TARGET_COLOR = 'var(--curve-sparsity, #c2410c)';
const LABEL_COLOR = 'var(--activation-label, #8a94a3)';
const AXIS_COLOR = 'var(--activation-axis, #d6dbe2)';

/** Draws on a canvas of `cssWidth` × `cssHeight` CSS pixels (measured by the caller). */
function paint(canvas: HTMLCanvasElement, state: State, cssWidth: number, cssHeight: number) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(cssWidth * ratio);
  const height = Math.round(cssHeight * ratio);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = context2d(canvas);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, cssWidth, cssHeight);
  const activations = state.snapshot?.meanActivation;
  const target = state.settings.rho;
  // The canvas's font size and colours come from the page's styles (11 px; larger in classroom mode).
  const style = getComputedStyle(canvas);
  const fontSize = parseFloat(style.fontSize) || 11;
  const em = fontSize / 11;
  // The largest ρ̂ drawn, for the browser tests to read.
  canvas.dataset.maxActivation = activations?.length ? String(Math.max(...activations)) : '';
  let top = target * 1.5;
  if (activations) for (const a of activations) top = Math.max(top, a * 1.1);
  top = Math.min(top, 1);
  const y = (value: number) => cssHeight - 14 * em - (value / top) * (cssHeight - 20 * em);
  context.fillStyle = resolveColor(style, LABEL_COLOR);
  context.font = `${fontSize}px system-ui, sans-serif`;
  const maxLabel = `max ${formatValue(top, 2)}`;
  const targetLabel = `target ρ = ${formatValue(target)}`;
  // The scale's top, where it fits beside the target's label (a narrow panel shows the target only).
  const labelsWidth = context.measureText(`${maxLabel}  ${targetLabel}`).width;
  if (labelsWidth + 4 <= cssWidth) context.fillText(maxLabel, 2, 10 * em);
  context.strokeStyle = resolveColor(style, AXIS_COLOR);
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(0, y(0) + 0.5);
  context.lineTo(cssWidth, y(0) + 0.5);
  context.stroke();
  if (activations && activations.length > 0) {
    const slot = cssWidth / activations.length;
    const barWidth = Math.max(1, slot * 0.75);
    context.fillStyle = resolveColor(style, BAR_COLOR);
    activations.forEach((a, j) => {
      const barTop = y(a);
      context.fillRect(j * slot + (slot - barWidth) / 2, barTop, barWidth, y(0) - barTop);
    });
  }
  const targetColor = resolveColor(style, TARGET_COLOR);
  const targetWidth = curveWidth(style, 1.5);
  context.strokeStyle = targetColor;
  context.setLineDash([(5 * targetWidth) / 1.5, (3 * targetWidth) / 1.5]);
  context.lineWidth = targetWidth;
  context.beginPath();
  context.moveTo(0, y(target));
  context.lineTo(cssWidth, y(target));
  context.stroke();
  context.setLineDash([]);
  context.fillStyle = targetColor;
  context.textAlign = 'right';
  context.fillText(targetLabel, cssWidth - 2, 10 * em);
  context.textAlign = 'left';
}

/** ρ̂ (mean activation over the examples) of each hidden unit as bars, against the target ρ. */
export function MeanActivation() {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  /** The canvas's CSS size as the ResizeObserver last measured it; null before it reports. */
  const size = useRef<{ width: number; height: number } | null>(null);
  const theme = useTheme();
  const paintNow = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    size.current ??= { width: canvas.clientWidth, height: canvas.clientHeight };
    paint(canvas, useStore.getState(), size.current.width, size.current.height);
  }, []);
  const request = useFramePainter(canvasRef, paintNow);
  // Another theme, other colours: painted again at once, even while the run is paused.
  useEffect(() => request(), [theme, request]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => {
      size.current = { width: canvas.clientWidth, height: canvas.clientHeight };
      request();
    });
    observer.observe(canvas);
    const unsubscribe = useStore.subscribe((state, previous) => {
      if (state.snapshot !== previous.snapshot || state.settings.rho !== previous.settings.rho) {
        request();
      }
    });
    return () => {
      observer.disconnect();
      unsubscribe();
    };
  }, [request]);
  return (
    <figure className="view">
      <figcaption>
        Mean activation ρ̂ <span className="muted">· one bar per hidden unit, dashed: target ρ</span>
      </figcaption>
      <Explain topic="activation" />
      <canvas
        ref={canvasRef}
        className="activation-canvas"
        role="img"
        aria-label="Mean activation of each hidden unit against the target ρ"
      />
    </figure>
  );
}
