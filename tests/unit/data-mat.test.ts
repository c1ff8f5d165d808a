import { describe, expect, it } from 'vitest';
import { matKind, readMatImages, readMatVariables } from '../../src/data/mat';
import { prepareDataset } from '../../src/data/dataset';
import {
  expectClose,
  expectDataError,
  expected,
  fixture,
  fixtureBytes,
  readBuiltin,
  type ExpectedStack,
} from './data-fixtures';

const stackFiles = [
  'images-double.mat',
  'images-double-compressed.mat',
  'single-3d.mat',
  'uint8-2d.mat',
  'int16-3d-compressed.mat',
  'handmade-le.mat',
  'handmade-be.mat',
];

describe('MATLAB level-5 reader', () => {
  for (const file of stackFiles)
    it(`reads ${file} (scipy.io.savemat or hand-made) into row-major images`, async () => {
      const want = expected[file] as ExpectedStack;
      const { name, stack } = await readMatImages(fixtureBytes(file), file);
      expect(name).toBe(want.variable);
      expect([stack.height, stack.width, stack.count]).toEqual([
        want.height,
        want.width,
        want.count,
      ]);
      // Float32 storage of the values; exact for the integer classes.
      expectClose(stack.pixels, want.pixels, 1e-6 * Math.max(...want.pixels.map(Math.abs)));
    });

  it('lists every variable with its class and dimensions', async () => {
    const variables = await readMatVariables(fixtureBytes('single-3d.mat'));
    const summary = Object.fromEntries(
      variables.map((v) => [v.name, [v.className, v.dimensions.join('×')]]),
    );
    expect(summary).toEqual({
      stack: ['single', '8×6×2'],
      note: ['char', '1×8'],
      scalar: ['double', '1×1'],
    });
  });

  it('asks the user to pick when there is no IMAGES and several 3-D arrays, and takes the one picked', async () => {
    const error = await expectDataError(
      readMatImages(fixtureBytes('ambiguous.mat'), 'ambiguous.mat'),
      [/pick one of a \(4×4×2 double\), b \(6×5×3 double\)/],
      'ambiguous.mat',
    );
    expect(error.candidates).toEqual(expected['ambiguous.mat'].candidates);
    const { name, stack } = await readMatImages(
      fixtureBytes('ambiguous.mat'),
      'ambiguous.mat',
      'b',
    );
    expect(name).toBe('b');
    expectClose(stack.pixels, expected['ambiguous.mat'].b.pixels, 1e-6);
    await expectDataError(readMatImages(fixtureBytes('ambiguous.mat'), 'ambiguous.mat', 'label'), [
      /“label” is not a real numeric/,
    ]);
    await expectDataError(readMatImages(fixtureBytes('single-3d.mat'), 'single-3d.mat', 'scalar'), [
      /“scalar” is not a real numeric 2-D or 3-D array of at least 2×2/,
    ]);
    await expectDataError(readMatImages(fixtureBytes('ambiguous.mat'), 'ambiguous.mat', 'zz'), [
      /no variable “zz”/,
    ]);
  });

  it('refuses v7.3 (HDF5) and v4 files, saying to re-save with save -v7', async () => {
    expect(matKind(fixtureBytes('v73.mat'))).toBe('v7.3');
    expect(matKind(fixtureBytes('v4.mat'))).toBe('v4');
    expect(matKind(fixtureBytes('images-double.mat'))).toBe('v5');
    await expectDataError(
      readMatImages(fixtureBytes('v73.mat'), 'v73.mat'),
      [/v7\.3 \(HDF5\)/, /save -v7/],
      'v73.mat',
    );
    await expectDataError(
      readMatImages(fixtureBytes('v4.mat'), 'v4.mat'),
      [/v4/, /save -v7/],
      'v4.mat',
    );
  });

  it('reports truncated files, plain and compressed', async () => {
    await expectDataError(
      readMatImages(fixtureBytes('truncated.mat'), 'truncated.mat'),
      [/truncated or corrupt/],
      'truncated.mat',
    );
    await expectDataError(
      readMatImages(fixtureBytes('truncated-compressed.mat'), 'truncated-compressed.mat'),
      [/truncated or corrupt/],
      'truncated-compressed.mat',
    );
  });

  it('refuses files with no numeric array, and images with NaN or infinite values', async () => {
    await expectDataError(
      readMatImages(fixtureBytes('strings-only.mat'), 'strings-only.mat'),
      [/no real numeric 2-D or 3-D array/, /title \(1×15 char\)/, /cells \(1×2 cell\)/],
      'strings-only.mat',
    );
    await expectDataError(
      prepareDataset(
        { kind: 'files', files: [{ name: 'with-nan.mat', bytes: fixture('with-nan.mat') }] },
        { patchSize: 2, examples: 5, seed: 1, readBuiltin },
      ),
      [/2 of 72 values are NaN or infinite/],
      'with-nan.mat',
    );
  });

  it('goes through prepareDataset by content, whatever the name', async () => {
    const dataset = await prepareDataset(
      {
        kind: 'files',
        files: [{ name: 'renamed.bin', bytes: fixture('images-double-compressed.mat') }],
      },
      { patchSize: 4, examples: 40, seed: 42, readBuiltin },
    );
    expect(dataset.kind).toBe('patches');
    expect(dataset.label).toBe('renamed.bin › IMAGES (3 images 12×10): 40 patches of 4×4');
    expect(dataset.matrix.visibleSize).toBe(16);
    const [file] = ['v73.mat'];
    await expectDataError(
      prepareDataset(
        { kind: 'files', files: [{ name: file, bytes: fixture(file) }] },
        { patchSize: 4, examples: 4, seed: 1, readBuiltin },
      ),
      [/save -v7/],
      file,
    );
  });
});
