/**
 * Sizes claimed by a file's header are refused before anything of that size is allocated or
 * inflated; data outside [0, 1] is flagged and can be rescaled. Files: scripts/make_limit_fixtures.py
 * (numpy.save, gzip, scipy.io.savemat, IDX headers via struct).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIMITS, prepareDataset, type DataSource } from '../../src/data/dataset';
import { expectDataError, fixture, readBuiltin } from './data-fixtures';

const limitsDir = fileURLToPath(new URL('../fixtures/limits/', import.meta.url));

function limitFile(name: string): ArrayBuffer {
  const bytes = readFileSync(limitsDir + name);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

const source = (name: string, variable?: string): DataSource => ({
  kind: 'files',
  files: [{ name, bytes: limitFile(name) }],
  variable,
});
const options = { patchSize: 8, examples: 10, seed: 1, readBuiltin, clampExamples: true };

describe('limits before allocation (LIMITS in src/data/limits.ts)', () => {
  it('documents its limits in one table', () => {
    expect(LIMITS).toMatchObject({
      fileBytes: 512 * 1048576,
      inflatedBytes: 512 * 1048576,
      values: 64 * 1048576,
      imageSide: 8192,
    });
  });

  const cases: [string, RegExp, string][] = [
    [
      'idx-16384.gz',
      /1 image of 16,384×16,384, over the limit of 8,192 pixels per side/,
      'imageSide',
    ],
    ['idx-2x4096-idx3-ubyte', /over the limit of 65,536 features per example/, 'features'],
    ['idx-claims-10x.gz', /\(5,120 MB\), over the limit of 512 MB once inflated/, 'inflatedBytes'],
    ['npy-1e10.npy', /100,000 × 100,000, over the limit of 67,108,864 values/, 'values'],
    ['npy-100000-features.npy', /over the limit of 65,536 features per example/, 'features'],
    [
      'mat-huge-compressed.mat',
      /“IMAGES” is 100000×100000 .*over the limit of 67,108,864/,
      'values',
    ],
    ['mat-huge.mat', /“IMAGES” is 100000×100000 .*over the limit of 67,108,864/, 'values'],
    [
      'mat-side-9000.mat',
      /images of 9000×16, over the limit of 8,192 pixels per side/,
      'imageSide',
    ],
  ];
  for (const [name, pattern, limit] of cases)
    it(`refuses ${name} from its header, naming the file and the limit`, async () => {
      const error = await expectDataError(prepareDataset(source(name), options), [pattern], name);
      expect(error.limit?.name).toBe(limit);
      expect(error.message).toMatch(/; (use|downscale)/); // and says what to do
    });

  it('refuses a file over 512 MB from its size, before reading it', async () => {
    const bytes = { byteLength: 3 * 1024 * 1048576 } as ArrayBuffer; // a 3 GB file, never read
    const error = await expectDataError(
      prepareDataset({ kind: 'files', files: [{ name: 'big.idx', bytes }] }, options),
      [/the file is 3,072 MB, over the limit of 512 MB per file/],
      'big.idx',
    );
    expect(error.limit).toEqual({
      name: 'fileBytes',
      limit: LIMITS.fileBytes,
      claimed: 3 * 1024 ** 3,
    });
  });

  it('refuses more patch values than the limit before sampling them', async () => {
    const error = await expectDataError(
      prepareDataset(
        { kind: 'builtin', name: 'natural' },
        { ...options, patchSize: 64, examples: 60000 },
      ),
      [/60,000 patches of 64×64 hold 245,760,000 values, over the limit of 67,108,864 values/],
    );
    expect(error.limit?.name).toBe('values');
  });

  it('says how many examples a file holds as a value (available), not only in words', async () => {
    const error = await expectDataError(
      prepareDataset(
        { kind: 'files', files: [{ name: 'six.idx', bytes: fixture('images-idx3-ubyte') }] },
        { ...options, examples: 100, clampExamples: false },
      ),
      [/holds 6 images/],
      'six.idx',
    );
    expect(error.available).toBe(6);
  });
});

describe('data outside [0, 1]', () => {
  for (const [name, max] of [
    ['int32-0-90.npy', 90],
    ['float32-1e30.npy', 1e30],
  ] as const)
    it(`${name}: a warning with the range when it loads, and rescale to [0.1, 0.9]`, async () => {
      const plain = await prepareDataset(source(name), options);
      expect(plain.warnings).toHaveLength(1);
      const [warning] = plain.warnings;
      expect(warning.kind).toBe('outside-unit-range');
      expect(warning.range[1] / max).toBeGreaterThan(0.9);
      expect(plain.rescaled).toBe(false);

      const rescaled = await prepareDataset(source(name), { ...options, rescale: true });
      expect(rescaled.warnings).toEqual([]);
      expect(rescaled.rescaled).toBe(true);
      expect(rescaled.valueRange[0]).toBeGreaterThanOrEqual(0.1 - 1e-6);
      expect(rescaled.valueRange[1]).toBeLessThanOrEqual(0.9 + 1e-6);
      // The original program's normalize_data: the mean maps to 0.5.
      const values = rescaled.matrix.values;
      const mean = Array.from(values).reduce((a, b) => a + b, 0) / values.length;
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    });

  it('data inside [0, 1] has no warning', async () => {
    const mnist = await prepareDataset({ kind: 'builtin', name: 'mnist' }, options);
    expect(mnist.warnings).toEqual([]);
  });
});

describe('a MAT-file with several image arrays', () => {
  it('lists them (candidates) when none is picked, and loads the one picked', async () => {
    const bytes = fixture('ambiguous.mat');
    const refused = await expectDataError(
      prepareDataset({ kind: 'files', files: [{ name: 'ambiguous.mat', bytes }] }, options),
      [/pick one of/],
      'ambiguous.mat',
    );
    expect(refused.candidates!.length).toBeGreaterThan(1);
    const picked = refused.candidates![1];
    const loaded = await prepareDataset(
      { kind: 'files', files: [{ name: 'ambiguous.mat', bytes }], variable: picked },
      { ...options, patchSize: 2 },
    );
    expect(loaded.variable).toBe(picked);
    expect(loaded.variables).toEqual(refused.candidates);
  });
});
