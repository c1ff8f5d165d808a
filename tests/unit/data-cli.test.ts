import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { loadTrainingData } from '../../src/cli/data';
import { fixtureDir } from './data-fixtures';

const request = { patchSize: 8, seed: 1234 };

describe('command-line data (src/cli/data.ts) through prepareDataset', () => {
  it('--data natural, and no --data: the original program’s 10,000 patches of 8×8', async () => {
    for (const path of ['natural', undefined]) {
      const { matrix, label } = await loadTrainingData({ ...request, path });
      expect([matrix.visibleSize, matrix.exampleCount]).toEqual([64, 10000]);
      expect(label).toMatch(/^Natural images/);
    }
  });

  it('--data mnist: the first 10,000 digits; --examples 30 the first 30', async () => {
    const all = await loadTrainingData({ ...request, patchSize: 28, path: 'mnist' });
    expect([all.matrix.visibleSize, all.matrix.exampleCount]).toEqual([784, 10000]);
    expect(all.label).toBe('MNIST: first 10,000 digits, 28×28');
    const some = await loadTrainingData({ ...request, path: 'mnist', examples: 30 });
    expect(some.matrix.exampleCount).toBe(30);
  });

  it('an IMAGES.mat, an IDX file and its .gz, a .npy', async () => {
    const mat = await loadTrainingData({
      ...request,
      patchSize: 4,
      path: fixtureDir + 'images-double-compressed.mat',
    });
    expect([mat.matrix.visibleSize, mat.matrix.exampleCount]).toEqual([16, 10000]);
    for (const file of ['images-idx3-ubyte', 'images-idx3-ubyte.gz']) {
      const idx = await loadTrainingData({ ...request, path: fixtureDir + file });
      expect([idx.matrix.visibleSize, idx.matrix.exampleCount]).toEqual([784, 6]);
    }
    const npy = await loadTrainingData({ ...request, path: fixtureDir + 'matrix-f4-fortran.npy' });
    expect([npy.matrix.visibleSize, npy.matrix.exampleCount]).toEqual([6, 5]);
  });

  it('bad data: a UsageError of one line starting with --data and the file', async () => {
    const cases: [string, RegExp][] = [
      [fixtureDir + 'v73.mat', /^--data .*v73\.mat: this is a MATLAB v7\.3 .*save -v7/],
      [fixtureDir + 'empty.bin', /^--data .*empty\.bin: the file is empty/],
      [fixtureDir + 'fake.png', /^--data .*fake\.png: photographs can only be read in the browser/],
      [fixtureDir + 'nope.npy', /^--data .*nope\.npy: no such file/],
    ];
    for (const [path, pattern] of cases) {
      const error = await loadTrainingData({ ...request, path }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(pattern);
      expect((error as Error).message).not.toContain('\n');
    }
    const tooMany = await loadTrainingData({ ...request, path: 'mnist', examples: 20000 }).catch(
      (e: unknown) => e,
    );
    expect((tooMany as Error).message).toMatch(
      /^--data mnist: The built-in MNIST set holds 10,000 digits/,
    );
  });
});
