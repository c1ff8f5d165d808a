/**
 * Faithful pictures: the mosaic on one scale for all filters (so λ's decay shows), the tile under a
 * point and its enlargement, reconstructions on one fixed scale with nothing clipped, and sample
 * examples that show the variety of the data.
 */
import { describe, expect, it } from 'vitest';
import { pickVariedExamples } from '../../src/engine/snapshot';
import {
  cropTile,
  renderFilterMosaic,
  renderReconstructions,
  reconstructionRange,
  tileAt,
} from '../../src/ui/tiles';

function grayAt(image: { width: number; rgba: Uint8ClampedArray }, x: number, y: number): number {
  return image.rgba[(y * image.width + x) * 4];
}

/** Two 2×2 filters, the second half the first: mean 0, so levels are easy to read. */
const filter0 = [1, -1, 0.5, -0.5];
const weights = Float32Array.from([...filter0, ...filter0.map((w) => w / 2)]);

describe('the mosaic’s scale', () => {
  it('each filter to its own max: both filters reach full white', () => {
    const image = renderFilterMosaic(weights, 2, 4);
    expect(grayAt(image, 1, 1)).toBe(255);
    expect(grayAt(image, 4, 1)).toBe(255);
  });

  it('one scale for all: a filter half as strong is half as contrasted', () => {
    const image = renderFilterMosaic(weights, 2, 4, undefined, { sharedScale: 1 });
    expect(grayAt(image, 1, 1)).toBe(255);
    expect(grayAt(image, 4, 1)).toBe(Math.round(0.75 * 255));
    // A scale larger than every weight (the run's peak, weights since decayed): all fade.
    const faded = renderFilterMosaic(weights, 2, 4, undefined, { sharedScale: 4 });
    expect(grayAt(faded, 1, 1)).toBe(Math.round(((1 / 4 + 1) / 2) * 255));
  });
});

describe('tiles under the pointer', () => {
  it('finds the unit of a point of the mosaic and crops its tile', () => {
    const image = renderFilterMosaic(weights, 2, 4); // 7 × 4: tiles at x 1–2 and 4–5
    expect(tileAt(image, { width: 2, height: 2 }, 2, 1.5, 2)).toBe(0);
    expect(tileAt(image, { width: 2, height: 2 }, 4.2, 2.9, 2)).toBe(1);
    expect(tileAt(image, { width: 2, height: 2 }, 7.5, 2, 2)).toBe(null); // outside the mosaic
    const tile = cropTile(image, { width: 2, height: 2 }, 1, 2);
    expect([tile.width, tile.height]).toEqual([2, 2]);
    expect(grayAt(tile, 0, 0)).toBe(grayAt(image, 4, 1));
    expect(grayAt(tile, 1, 1)).toBe(grayAt(image, 5, 2));
  });
});

describe('reconstructions', () => {
  it('share one fixed scale per data set: an output beyond its input’s range is not clipped', () => {
    const inputs = Float64Array.from([0.4, 0.6, 0.5, 0.5]);
    const outputs = Float64Array.from([0.3, 0.7, 0.5, 0.5]);
    const range = reconstructionRange([0.1, 0.9]);
    expect(range).toEqual([0, 1]); // the sigmoid's outputs always fit
    const image = renderReconstructions(inputs, outputs, 1, 4, undefined, range);
    expect(grayAt(image, 1, 1)).toBe(Math.round(0.4 * 255));
    expect(grayAt(image, 1, 4)).toBe(Math.round(0.3 * 255));
    expect(grayAt(image, 2, 4)).toBe(Math.round(0.7 * 255));
    expect(reconstructionRange([-2, 3])).toEqual([-2, 3]);
  });
});

describe('sample examples', () => {
  it('show the variety of a data set ordered by class (every 10th example one class)', () => {
    const m = 10000;
    const data = { visibleSize: 1, exampleCount: m, values: new Float64Array(m) };
    for (let i = 0; i < m; i++) data.values[i] = i % 10; // the "class" of example i
    const picked = pickVariedExamples(data, 8);
    expect(picked.exampleCount).toBe(8);
    expect(new Set(picked.values).size).toBeGreaterThanOrEqual(6);
    expect(pickVariedExamples(data, 8).values).toEqual(picked.values); // the same every time
    // and for classes in blocks (all 0s first, then all 1s, …)
    for (let i = 0; i < m; i++) data.values[i] = Math.floor(i / 1000);
    expect(new Set(pickVariedExamples(data, 8).values).size).toBeGreaterThanOrEqual(6);
  });
});
