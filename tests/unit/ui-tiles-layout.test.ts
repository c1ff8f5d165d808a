/**
 * The tile painter writes each tile's rows itself (one fill per tile, not a call per pixel): its
 * pictures stay the same, byte for byte, as a plain per-pixel layout of the same formulas.
 */
import { describe, expect, it } from 'vitest';
import { renderExampleGrid } from '../../src/ui/inspector/PixelImage';
import {
  exampleRanges,
  filterMosaicLayout,
  mosaicGrid,
  renderExampleStrip,
  renderFilterMosaic,
  renderReconstructions,
  tileShape,
  type RgbaImage,
  type TileGrid,
  type TileShape,
} from '../../src/ui/tiles';

/** The picture by its definition: every pixel of every tile placed one at a time. */
function perPixel(
  count: number,
  shape: TileShape,
  grid: TileGrid,
  gray: (tile: number, pixel: number) => number,
): RgbaImage {
  const width = grid.columns * (shape.width + 1) + 1;
  const height = grid.rows * (shape.height + 1) + 1;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  for (let tile = 0; tile < count; tile++) {
    const top = 1 + Math.floor(tile / grid.columns) * (shape.height + 1);
    const left = 1 + (tile % grid.columns) * (shape.width + 1);
    for (let pixel = 0; pixel < shape.width * shape.height; pixel++) {
      const row = Math.floor(pixel / shape.width);
      const column = pixel % shape.width;
      const level = Math.round(Math.min(Math.max(gray(tile, pixel), 0), 1) * 255);
      rgba.fill(
        level,
        ((top + row) * width + left + column) * 4,
        ((top + row) * width + left + column) * 4 + 3,
      );
    }
  }
  return { width, height, rgba };
}

/** The first byte where two pictures differ (-1: none), or -2 when their sizes differ. */
function firstDifference(a: RgbaImage, b: RgbaImage): number {
  if (a.width !== b.width || a.height !== b.height) return -2;
  return a.rgba.findIndex((v, i) => v !== b.rgba[i]);
}

const stretch = (v: number, low: number, high: number) =>
  high > low ? (v - low) / (high - low) : 0.5;

/** Deterministic values in [−1, 1) (a linear congruential sequence). */
function values(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = (x / 2147483648) * 2 - 1;
  }
  return out;
}

describe('tile pictures, one fill per tile', () => {
  // 196 filters of 28×28 (MNIST), 25 of 8×8 (natural), 7 of 10 values (tiles 4×3, two pixels of padding).
  for (const [hidden, visible, side] of [
    [196, 784, 28],
    [25, 64, 8],
    [7, 10, undefined],
  ] as const) {
    it(`the filter mosaic of ${hidden} filters of ${visible} values, each to its max and shared`, () => {
      const weights = values(hidden * visible, hidden);
      const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
      for (const sharedScale of [undefined, 0.8]) {
        const largest = Array.from({ length: hidden }, (_, k) => {
          let top = sharedScale ?? 0;
          if (sharedScale === undefined)
            for (let j = 0; j < visible; j++)
              top = Math.max(top, Math.abs(weights[k * visible + j] - mean));
          return top;
        });
        const expected = perPixel(hidden, tileShape(visible, side), mosaicGrid(hidden), (k, i) =>
          i < visible ? ((weights[k * visible + i] - mean) * (1 / largest[k]) + 1) / 2 : 0,
        );
        const image = renderFilterMosaic(weights, hidden, visible, side, { sharedScale });
        expect(firstDifference(image, expected)).toBe(-1);
        // The same picture laid out one tile per step, as the page does between its tasks.
        const layout = filterMosaicLayout(weights, hidden, visible, side, { sharedScale });
        let steps = 1;
        while (!layout.step(() => true)) steps++;
        expect(steps).toBe(hidden);
        expect(firstDifference(layout.image, expected)).toBe(-1);
      }
    });
  }

  it('a strip of examples, each stretched, one of them flat', () => {
    const size = 10;
    const examples = values(4 * size, 5);
    examples.fill(0.25, 2 * size, 3 * size); // example 2 is flat: gray 0.5
    const ranges = exampleRanges(examples, 4, size);
    const expected = perPixel(4, tileShape(size), { rows: 1, columns: 4 }, (k, i) =>
      i < size ? stretch(examples[k * size + i], ranges[2 * k], ranges[2 * k + 1]) : 0,
    );
    expect(firstDifference(renderExampleStrip(examples, 4, size), expected)).toBe(-1);
    const grid = perPixel(4, tileShape(size, 5), { rows: 2, columns: 3 }, (k, i) =>
      stretch(examples[k * size + i], ranges[2 * k], ranges[2 * k + 1]),
    );
    expect(firstDifference(renderExampleGrid(examples, 4, size, 5, 3), grid)).toBe(-1);
  });

  it('inputs over their reconstructions on one scale, values beyond it clipped', () => {
    const size = 64;
    const inputs = values(3 * size, 9);
    const outputs = values(3 * size, 11).map((v) => v * 1.5);
    const expected = perPixel(6, tileShape(size), { rows: 2, columns: 3 }, (t, i) =>
      stretch((t < 3 ? inputs : outputs)[(t % 3) * size + i], -1, 1),
    );
    const image = renderReconstructions(inputs, outputs, 3, size, undefined, [-1, 1]);
    expect(firstDifference(image, expected)).toBe(-1);
  });
});
