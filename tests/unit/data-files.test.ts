import { describe, expect, it } from 'vitest';
import { prepareDataset, type PrepareOptions } from '../../src/data/dataset';
import { detectFormat } from '../../src/data/files';
import { readIdxImages, readIdxLabels } from '../../src/data/idx';
import { inflate } from '../../src/data/inflate';
import {
  expectClose,
  expectDataError,
  expected,
  fixture,
  fixtureBytes,
  readBuiltin,
} from './data-fixtures';

const options: PrepareOptions = { patchSize: 28, examples: 4, seed: 1, readBuiltin };
const files = (...names: string[]) => ({
  kind: 'files' as const,
  files: names.map((name) => ({ name, bytes: fixture(name) })),
});

describe('MNIST IDX files', () => {
  it('reads images and labels', () => {
    const images = readIdxImages(fixtureBytes('images-idx3-ubyte'));
    expect([images.count, images.rows, images.columns]).toEqual([6, 28, 28]);
    expect(Array.from(readIdxLabels(fixtureBytes('labels-idx1-ubyte')))).toEqual(
      expected.idx.labels,
    );
  });

  for (const name of ['images-idx3-ubyte', 'images-idx3-ubyte.gz'])
    it(`gives the first N images as columns, pixel/255, from ${name}`, async () => {
      const dataset = await prepareDataset(files(name), options);
      expect(dataset.kind).toBe('images');
      expect(dataset.exampleSide).toBe(28);
      expect(dataset.matrix.visibleSize).toBe(784);
      expect(dataset.matrix.exampleCount).toBe(4);
      expect(dataset.label).toBe(`${name}: first 4 of 6 images, 28×28`);
      expectClose(dataset.matrix.values, expected.idx.firstFour, 1e-7);
    });

  it('keeps a label file given with the images, and refuses one given alone', async () => {
    const dataset = await prepareDataset(files('labels-idx1-ubyte', 'images-idx3-ubyte.gz'), {
      ...options,
      patchSize: 8,
    });
    expect(dataset.label).toMatch(/patch size 8 ignored.*with labels/);
    expect(Array.from(dataset.labels!)).toEqual(expected.idx.labels.slice(0, 4));
    await expectDataError(
      prepareDataset(files('labels-idx1-ubyte'), options),
      [/label file/, /image file/],
      'labels-idx1-ubyte',
    );
  });

  it('refuses a labels file whose count differs from the images, naming both files', async () => {
    await expectDataError(
      prepareDataset(files('labels-5-idx1-ubyte.gz', 'images-idx3-ubyte'), options),
      [/“labels-5-idx1-ubyte.gz” holds 5 labels/, /“images-idx3-ubyte” holds 6 images/],
      'labels-5-idx1-ubyte.gz',
    );
  });

  it('refuses more examples than the file holds, truncated files and a wrong magic', async () => {
    await expectDataError(
      prepareDataset(files('images-idx3-ubyte'), { ...options, examples: 7 }),
      [/holds 6 images, not 7/],
      'images-idx3-ubyte',
    );
    await expectDataError(
      prepareDataset(files('truncated-idx3-ubyte'), options),
      [/truncated/, /4720 bytes/],
      'truncated-idx3-ubyte',
    );
    await expectDataError(
      prepareDataset(files('truncated-idx3-ubyte.gz'), options),
      [/gzip data is truncated or corrupt/],
      'truncated-idx3-ubyte.gz',
    );
    await expectDataError(
      prepareDataset(files('wrong-magic-idx3-ubyte'), options),
      [/not a recognised data file/],
      'wrong-magic-idx3-ubyte',
    );
  });
});

describe('.npy data matrices', () => {
  for (const name of ['matrix-f8-c.npy', 'matrix-f4-fortran.npy', 'matrix-u1.npy'])
    it(`uses ${name} as features × examples`, async () => {
      const want = expected.npy[name];
      const dataset = await prepareDataset(files(name), { ...options, examples: want.shape[1] });
      expect(dataset.kind).toBe('matrix');
      expect([dataset.matrix.visibleSize, dataset.matrix.exampleCount]).toEqual(want.shape);
      expectClose(dataset.matrix.values, want.values, 1e-7);
    });

  it('takes the first columns when asked for fewer examples', async () => {
    const dataset = await prepareDataset(files('matrix-f8-c.npy'), { ...options, examples: 2 });
    const all: number[] = expected.npy['matrix-f8-c.npy'].values;
    const firstTwo = all.filter((_, i) => i % 5 < 2);
    expectClose(dataset.matrix.values, firstTwo, 0);
    expect(dataset.label).toBe('matrix-f8-c.npy: 6 × 2 (first of 5) data matrix (<f8)');
  });

  it('refuses 3-D arrays, NaN values and too many examples', async () => {
    await expectDataError(
      prepareDataset(files('cube.npy'), options),
      [/expected a 2-D data matrix/, /got shape \(2, 3, 4\)/],
      'cube.npy',
    );
    await expectDataError(
      prepareDataset(files('with-nan.npy'), options),
      [/feature 1, example 2\) is NaN/],
      'with-nan.npy',
    );
    await expectDataError(
      prepareDataset(files('matrix-f8-c.npy'), { ...options, examples: 6 }),
      [/5 examples/],
      'matrix-f8-c.npy',
    );
  });
});

describe('clampExamples', () => {
  it('takes everything a file holds when asked for more, instead of refusing', async () => {
    const clamped = { ...options, examples: 10000, clampExamples: true };
    expect((await prepareDataset(files('images-idx3-ubyte.gz'), clamped)).matrix.exampleCount).toBe(
      6,
    );
    expect((await prepareDataset(files('matrix-f8-c.npy'), clamped)).matrix.exampleCount).toBe(5);
    const mnist = await prepareDataset(
      { kind: 'builtin', name: 'mnist' },
      { ...clamped, examples: 60000 },
    );
    expect(mnist.matrix.exampleCount).toBe(10000);
  });
});

describe('format detection and bad input', () => {
  it('detects formats by content', async () => {
    expect(detectFormat(fixtureBytes('images-idx3-ubyte'))).toBe('idx-images');
    expect(detectFormat(fixtureBytes('labels-idx1-ubyte'))).toBe('idx-labels');
    expect(detectFormat(await inflate(fixtureBytes('images-idx3-ubyte.gz'), 'gzip'))).toBe(
      'idx-images',
    );
    expect(detectFormat(fixtureBytes('single-3d.mat'))).toBe('mat');
    expect(detectFormat(fixtureBytes('v73.mat'))).toBe('mat-v7.3');
    expect(detectFormat(fixtureBytes('v4.mat'))).toBe('mat-v4');
    expect(detectFormat(fixtureBytes('matrix-u1.npy'))).toBe('npy');
    expect(detectFormat(fixtureBytes('fake.png'))).toBe('photo');
    expect(detectFormat(fixtureBytes('notes.txt'))).toBe('unknown');
  });

  it('names the file and the problem', async () => {
    await expectDataError(prepareDataset(files('empty.bin'), options), [/is empty/], 'empty.bin');
    await expectDataError(
      prepareDataset(files('notes.txt'), options),
      [/not a recognised data file/],
      'notes.txt',
    );
    await expectDataError(
      prepareDataset(files('fake.png'), options),
      [/photographs can only be read in the browser/],
      'fake.png',
    );
    await expectDataError(
      prepareDataset(
        {
          kind: 'files',
          files: [{ name: 'huge.mat', bytes: { byteLength: 600 * 1048576 } as ArrayBuffer }],
        },
        options,
      ),
      [/600 MB, over the limit of 512 MB per file/],
      'huge.mat',
    );
    await expectDataError(prepareDataset({ kind: 'files', files: [] }, options), [
      /No file was chosen/,
    ]);
    await expectDataError(prepareDataset(files('matrix-u1.npy', 'single-3d.mat'), options), [
      /one kind of data at a time/,
    ]);
    await expectDataError(prepareDataset(files('images-idx3-ubyte'), { ...options, examples: 0 }), [
      /at least 1, got 0/,
    ]);
  });

  it('refuses a patch larger than the images', async () => {
    await expectDataError(
      prepareDataset(files('single-3d.mat'), { ...options, patchSize: 7 }),
      [/7×7 do not fit in images of 6×8/, /at most 6/],
      'single-3d.mat',
    );
  });
});
