import { useEffect } from 'react';
import { exampleRanges, fillStretched, layoutTiles, tileShape, type RgbaImage } from '../tiles';
import { useCrispCanvas } from '../useCrispCanvas';

/**
 * A small image drawn crisp (whole pixels per weight), e.g. a filter or a strip of examples; a
 * click reports the fraction of the width where it landed (to pick a tile of a strip).
 */
export function PixelImage({
  image,
  label,
  maxHeight,
  onPick,
}: {
  image: RgbaImage | null;
  label: string;
  maxHeight: number;
  onPick?: (fractionX: number, fractionY: number) => void;
}) {
  const { canvasRef, draw } = useCrispCanvas(maxHeight);
  useEffect(() => draw(image), [draw, image]);
  return (
    <div className="pixel-frame">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={label}
        className="pixelated"
        onClick={
          onPick &&
          ((event) => {
            const box = event.currentTarget.getBoundingClientRect();
            onPick((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
          })
        }
      />
    </div>
  );
}

/** The tile of a grid of `count` tiles, `columns` wide, under a click at (fx, fy) of its size. */
export function tileUnder(fx: number, fy: number, count: number, columns: number): number {
  const rows = Math.ceil(count / columns);
  const column = Math.max(0, Math.min(columns - 1, Math.floor(fx * columns)));
  const row = Math.max(0, Math.min(rows - 1, Math.floor(fy * rows)));
  return Math.min(count - 1, row * columns + column);
}

/** Examples (count × size, row-major) on a grid `columns` wide, each stretched by its own range. */
export function renderExampleGrid(
  values: ArrayLike<number>,
  count: number,
  size: number,
  side: number,
  columns: number,
): RgbaImage {
  const ranges = exampleRanges(values, count, size);
  const grid = { rows: Math.ceil(count / columns), columns };
  return layoutTiles(count, tileShape(size, side), grid, (k, levels) =>
    fillStretched(levels, values, k * size, size, ranges[2 * k], ranges[2 * k + 1]),
  );
}
