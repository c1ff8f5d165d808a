import { describe, expect, it } from 'vitest';
import { fft, fft2 } from '../../src/data/fft';
import {
  areaResample,
  centerCropSquare,
  photographsToStack,
  rgbaToGray,
} from '../../src/data/images';
import { whitenImages } from '../../src/data/whiten';
import { expectClose, expected } from './data-fixtures';

interface FftCase {
  n: number;
  re: number[];
  im: number[];
  outRe: number[];
  outIm: number[];
}

describe('FFT against numpy.fft', () => {
  for (const c of expected.fft as FftCase[])
    it(`length ${c.n} (${(c.n & (c.n - 1)) === 0 ? 'radix-2' : 'Bluestein'}), forward and back`, () => {
      const re = Float64Array.from(c.re);
      const im = Float64Array.from(c.im);
      fft(re, im);
      expectClose(re, c.outRe, 1e-11 * c.n);
      expectClose(im, c.outIm, 1e-11 * c.n);
      fft(re, im, true);
      expectClose(re, c.re, 1e-12 * c.n);
      expectClose(im, c.im, 1e-12 * c.n);
    });

  it('2-D: a single frequency lands in one bin', () => {
    const rows = 6;
    const columns = 8;
    const re = new Float64Array(rows * columns);
    const im = new Float64Array(rows * columns);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++)
        re[r * columns + c] = Math.cos(2 * Math.PI * ((2 * r) / rows + (3 * c) / columns));
    fft2(re, im, rows, columns);
    const magnitude = Array.from(re, (v, i) => Math.hypot(v, im[i]));
    const big = magnitude
      .map((m, i) => [m, i])
      .filter(([m]) => m > 1e-9)
      .map(([m, i]) => [Math.round(m), Math.floor(i / columns), i % columns]);
    expect(big).toEqual([
      [24, 2, 3],
      [24, 4, 5],
    ]);
  });
});

interface WhiteningCase {
  side: number;
  input: number[];
  output: number[];
}

describe('whitening as IMAGES.mat, against numpy', () => {
  for (const c of expected.whitening as WhiteningCase[])
    it(`${c.side}×${c.side}`, () => {
      const white = whitenImages({
        width: c.side,
        height: c.side,
        count: 1,
        pixels: Float32Array.from(c.input),
      });
      // Float32 input and output: agreement to float32 precision.
      expectClose(white.pixels, c.output, 2e-6);
      let variance = 0;
      for (const v of white.pixels) variance += v * v;
      expect(variance / white.pixels.length).toBeCloseTo(0.1, 5);
    });
});

describe('photographs to grayscale squares', () => {
  it('luma of RGBA', () => {
    const gray = rgbaToGray({
      width: 2,
      height: 1,
      rgba: Uint8ClampedArray.from([255, 0, 0, 255, 10, 20, 30, 0]),
    });
    expectClose(gray, [0.299, (0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255], 1e-7);
  });

  it('centre crop keeps the middle square', () => {
    const pixels = Float32Array.from({ length: 12 }, (_, i) => i); // 4 wide, 3 high
    const { side, pixels: square } = centerCropSquare(pixels, 4, 3);
    expect(side).toBe(3);
    expect(Array.from(square)).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10]);
  });

  it('area resample: block means, fractional overlaps, upsampling', () => {
    const four = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expectClose(areaResample(four, 4, 4, 2, 2), [3.5, 5.5, 11.5, 13.5], 1e-6);
    // 3 → 2: output 0 covers pixel 0 and half of pixel 1.
    expectClose(
      areaResample(Float32Array.from([0, 3, 6]), 3, 1, 2, 1),
      [(0 + 1.5) / 1.5, (1.5 + 6) / 1.5],
      1e-6,
    );
    expectClose(areaResample(Float32Array.from([2, 4]), 2, 1, 4, 1), [2, 2, 4, 4], 1e-6);
    const constant = areaResample(new Float32Array(37 * 23).fill(0.25), 37, 23, 16, 11);
    expectClose(constant, new Array(16 * 11).fill(0.25), 1e-6);
  });

  it('several photographs share the smallest side, at most 512', () => {
    const image = (width: number, height: number) => ({
      width,
      height,
      rgba: new Uint8ClampedArray(width * height * 4).fill(128),
    });
    const stack = photographsToStack([
      { name: 'a.png', image: image(40, 30) },
      { name: 'b.png', image: image(20, 50) },
    ]);
    expect([stack.width, stack.height, stack.count]).toEqual([20, 20, 2]);
    expect(photographsToStack([{ name: 'c.png', image: image(700, 600) }]).width).toBe(512);
  });
});
