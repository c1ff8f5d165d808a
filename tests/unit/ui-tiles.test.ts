import { describe, expect, it } from 'vitest';
import {
  mosaicGrid,
  renderFilterMosaic,
  renderReconstructions,
  tileShape,
} from '../../src/ui/tiles';

/** Gray level of pixel (x, y) of an RGBA image. */
function grayAt(image: { width: number; rgba: Uint8ClampedArray }, x: number, y: number): number {
  return image.rgba[(y * image.width + x) * 4];
}

describe('mosaicGrid (display_network)', () => {
  it('is square for square counts', () => {
    expect(mosaicGrid(25)).toEqual({ rows: 5, columns: 5 });
    expect(mosaicGrid(196)).toEqual({ rows: 14, columns: 14 });
    expect(mosaicGrid(1)).toEqual({ rows: 1, columns: 1 });
  });

  it('takes the first divisor from ⌈√n⌉ up to 1.2·√n, else ⌈√n⌉ columns', () => {
    // n = 24: ⌈√24⌉ = 5 does not divide 24 and 5 < 1.2·√24 ≈ 5.88, so try 6, which divides.
    expect(mosaicGrid(24)).toEqual({ rows: 4, columns: 6 });
    // n = 7: 3 does not divide and 3 < 1.2·√7 ≈ 3.17, so 4; 4 > 3.17 stops; rows ⌈7/4⌉ = 2.
    expect(mosaicGrid(7)).toEqual({ rows: 2, columns: 4 });
    expect(mosaicGrid(100)).toEqual({ rows: 10, columns: 10 });
    expect(mosaicGrid(0)).toEqual({ rows: 0, columns: 0 });
  });
});

describe('tileShape', () => {
  it('is square for square sizes and follows a given side otherwise', () => {
    expect(tileShape(64)).toEqual({ width: 8, height: 8 });
    expect(tileShape(784, 28)).toEqual({ width: 28, height: 28 });
    expect(tileShape(10)).toEqual({ width: 4, height: 3 });
  });
});

describe('renderFilterMosaic', () => {
  it('draws each filter row-major, scaled by its own max |w|, with one-pixel black borders', () => {
    // Two 2×2 filters (visible 4). Filter 0 = [0, 1, -1, 0.5]; filter 1 = 100 × filter 0 but negated.
    // Global mean: (0.5 − 50) / 8 = −6.1875; subtracting it keeps the per-filter scaling honest.
    const filter0 = [0, 1, -1, 0.5];
    const weights = Float32Array.from([...filter0, ...filter0.map((w) => -100 * w)]);
    const image = renderFilterMosaic(weights, 2, 4);
    // Grid for 2: ⌈√2⌉ = 2 columns, 1 row → width 2·3 + 1 = 7, height 3 + 1 = 4.
    expect(image.width).toBe(7);
    expect(image.height).toBe(4);
    // Borders black.
    for (let x = 0; x < 7; x++) expect(grayAt(image, x, 0)).toBe(0);
    for (let y = 0; y < 4; y++) expect(grayAt(image, 3, y)).toBe(0);
    const mean = (filter0.reduce((a, b) => a + b, 0) * (1 - 100)) / 8;
    const level = (w: number, largest: number) =>
      Math.round((((w - mean) / largest + 1) / 2) * 255);
    const largest0 = Math.max(...filter0.map((w) => Math.abs(w - mean)));
    // Pixel index r·2 + c sits at row r, column c of the tile (tile 0 starts at (1, 1)).
    expect(grayAt(image, 1, 1)).toBe(level(filter0[0], largest0));
    expect(grayAt(image, 2, 1)).toBe(level(filter0[1], largest0));
    expect(grayAt(image, 1, 2)).toBe(level(filter0[2], largest0));
    expect(grayAt(image, 2, 2)).toBe(level(filter0[3], largest0));
    // The filter with the largest |w − mean| reaches full white or black.
    const filter1 = filter0.map((w) => -100 * w);
    const largest1 = Math.max(...filter1.map((w) => Math.abs(w - mean)));
    expect(grayAt(image, 4, 1)).toBe(level(filter1[0], largest1));
    expect(grayAt(image, 5, 2)).toBe(level(filter1[3], largest1));
    const levels1 = [
      grayAt(image, 4, 1),
      grayAt(image, 5, 1),
      grayAt(image, 4, 2),
      grayAt(image, 5, 2),
    ];
    expect(Math.min(...levels1) === 0 || Math.max(...levels1) === 255).toBe(true);
  });

  it('does not transpose: a horizontal stripe stays horizontal', () => {
    const side = 4;
    const weights = new Float32Array(side * side);
    for (let c = 0; c < side; c++) weights[1 * side + c] = 1; // row 1 bright
    const image = renderFilterMosaic(weights, 1, side * side);
    for (let c = 0; c < side; c++) expect(grayAt(image, 1 + c, 2)).toBe(255);
    expect(grayAt(image, 1, 1)).toBeLessThan(255);
    expect(grayAt(image, 1, 3)).toBeLessThan(255);
  });
});

describe('renderReconstructions', () => {
  it('puts inputs on the top row and reconstructions below, on the range given', () => {
    const inputs = Float32Array.from([0.1, 0.9, 0.5, 0.5]); // one 2×2 example
    const outputs = Float32Array.from([0.9, 0.1, 0.5, 0.5]);
    const image = renderReconstructions(inputs, outputs, 1, 4, undefined, [0.1, 0.9]);
    expect(image.width).toBe(4);
    expect(image.height).toBe(7);
    expect(grayAt(image, 1, 1)).toBe(0);
    expect(grayAt(image, 2, 1)).toBe(255);
    expect(grayAt(image, 1, 4)).toBe(255);
    expect(grayAt(image, 2, 4)).toBe(0);
  });
});
