import { useEffect, useRef } from 'react';
import { context2d } from '../canvas2d';

const SCALE = 5;

/** A side × side pad to draw a digit on (white strokes on black, like MNIST); values in [0, 1]. */
export function DrawPad({ side, onDrawn }: { side: number; onDrawn(values: Float32Array): void }) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const values = useRef(new Float32Array(side * side));
  const drawing = useRef(false);

  const paint = () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const context = context2d(canvas);
    const image = context.createImageData(side, side);
    values.current.forEach((v, i) => {
      const level = Math.round(v * 255);
      image.data.set([level, level, level, 255], i * 4);
    });
    context.putImageData(image, 0, 0);
  };
  useEffect(paint);

  /** A soft round brush of radius 1.4 pixels at (x, y) in pad pixels. */
  const stroke = (x: number, y: number) => {
    for (let r = Math.floor(y - 2); r <= y + 2; r++)
      for (let c = Math.floor(x - 2); c <= x + 2; c++) {
        if (r < 0 || c < 0 || r >= side || c >= side) continue;
        const d = Math.hypot(r + 0.5 - y, c + 0.5 - x);
        const ink = Math.max(0, Math.min(1, 1.6 - d));
        values.current[r * side + c] = Math.max(values.current[r * side + c], ink);
      }
    paint();
  };
  const at = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return [
      ((event.clientX - box.left) / box.width) * side,
      ((event.clientY - box.top) / box.height) * side,
    ];
  };

  return (
    <div className="draw-pad">
      <canvas
        ref={canvasRef}
        width={side}
        height={side}
        style={{ width: side * SCALE, height: side * SCALE }}
        className="pixelated"
        aria-label="Draw a digit"
        onPointerDown={(e) => {
          drawing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          stroke(...(at(e) as [number, number]));
        }}
        onPointerMove={(e) => drawing.current && stroke(...(at(e) as [number, number]))}
        onPointerUp={() => {
          drawing.current = false;
          onDrawn(values.current.slice());
        }}
      />
      <span className="small muted">Draw a digit; releasing probes it.</span>
      <button
        type="button"
        onClick={() => {
          values.current.fill(0);
          paint();
        }}
      >
        Clear
      </button>
    </div>
  );
}
