import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_FILES, decodePackedImages } from '../../src/data/builtin';
import { BUILTIN_MNIST_COUNT, prepareDataset } from '../../src/data/dataset';
import { whitenImages } from '../../src/data/whiten';
import { MNIST_FILES, ensureBuiltinData, mnistDataFile } from '../../scripts/build-datasets';
import { expectDataError, expected, publicDataDir, readBuiltin } from './data-fixtures';

const committed = (file: string) => new Uint8Array(readFileSync(publicDataDir + file));

/** numpy's own reading of an IDX images file and its labels: labels, per-image sums, image 13. */
const NUMPY_READ = `
import json, sys, numpy as np
n = int(sys.argv[3])
images = np.fromfile(sys.argv[1], dtype=np.uint8, offset=16).reshape(-1, 784)[:n]
labels = np.fromfile(sys.argv[2], dtype=np.uint8, offset=8)[:n]
print(json.dumps({"labels": labels.tolist(), "sums": images.sum(axis=1, dtype=np.int64).tolist(), "image13": images[13].tolist()}))
`;

describe('built-in data files in public/data', () => {
  it('are built, not kept in git, and the small ones stay small', () => {
    const ignored = execFileSync('git', ['check-ignore', 'public/data/' + BUILTIN_FILES.mnist], {
      encoding: 'utf8',
    });
    expect(ignored.trim()).toBe('public/data/' + BUILTIN_FILES.mnist);
    const small = committed(BUILTIN_FILES.mnist).length + committed(BUILTIN_FILES.natural).length;
    expect(small).toBeLessThan(4 * 1048576);
  });

  it('MNIST digits: the first 10,000 images of the training file in file order, as numpy reads them', async () => {
    const packed = await decodePackedImages(committed(BUILTIN_FILES.mnist), BUILTIN_FILES.mnist);
    expect([packed.count, packed.height, packed.width, packed.trainCount]).toEqual([
      10000,
      28,
      28,
      undefined,
    ]);
    const numpy = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          NUMPY_READ,
          mnistDataFile(MNIST_FILES.trainImages),
          mnistDataFile(MNIST_FILES.trainLabels),
          '10000',
        ],
        { encoding: 'utf8' },
      ),
    ) as { labels: number[]; sums: number[]; image13: number[] };
    expect(Array.from(packed.labels!)).toEqual(numpy.labels);
    expect(Array.from(packed.labels!.subarray(0, 12))).toEqual([
      5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5,
    ]);
    expect(Array.from(packed.pixels.subarray(13 * 784, 14 * 784))).toEqual(numpy.image13);
    const sums = Array.from({ length: 10000 }, (_, n) =>
      packed.pixels.subarray(n * 784, (n + 1) * 784).reduce((a, b) => a + b, 0),
    );
    expect(sums).toEqual(numpy.sums);
  });

  it('MNIST with labels: 60,000 training then 10,000 test digits, as numpy reads them', async () => {
    const packed = await decodePackedImages(committed(BUILTIN_FILES.mnistLabeled));
    expect([packed.count, packed.trainCount]).toEqual([70000, 60000]);
    const small = await decodePackedImages(committed(BUILTIN_FILES.mnist));
    expect(Buffer.compare(packed.pixels.subarray(0, 7840000), small.pixels)).toBe(0);
    const numpy = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          NUMPY_READ,
          mnistDataFile(MNIST_FILES.testImages),
          mnistDataFile(MNIST_FILES.testLabels),
          '10000',
        ],
        { encoding: 'utf8', maxBuffer: 1 << 26 },
      ),
    ) as { labels: number[]; sums: number[]; image13: number[] };
    expect(Array.from(packed.labels!.subarray(60000))).toEqual(numpy.labels);
    expect(Array.from(packed.pixels.subarray(60013 * 784, 60014 * 784))).toEqual(numpy.image13);
  });

  it('the builder writes only what is missing or stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'builtin-'));
    try {
      const small = [BUILTIN_FILES.mnist, BUILTIN_FILES.natural];
      const build = () => ensureBuiltinData(dir, () => {}, small);
      expect(build()).toEqual(small);
      expect(build()).toEqual([]);
      rmSync(join(dir, BUILTIN_FILES.mnist));
      expect(build()).toEqual([BUILTIN_FILES.mnist]);
      writeFileSync(join(dir, '.built-from'), 'built by another version');
      expect(build()).toEqual(small);
      expect(
        Buffer.compare(
          readFileSync(join(dir, BUILTIN_FILES.mnist)),
          Buffer.from(committed(BUILTIN_FILES.mnist)),
        ),
      ).toBe(0);
    } finally {
      rmSync(dir, { recursive: true });
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
    const first = (await decodePackedImages(committed(BUILTIN_FILES.mnist))).pixels.subarray(
      0,
      784,
    );
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
