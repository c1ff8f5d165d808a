/**
 * UFLDL's self-taught learning: the split, a small run of the engine's experiment against the
 * NumPy port on the same small split, and the `selftaught` / `classify` commands.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program';
import { decodePackedImages, BUILTIN_FILES } from '../../src/data/builtin';
import { selectBackend } from '../../src/engine/backend';
import { runSelfTaught, type SelfTaughtProgress } from '../../src/engine/selftaught';
import { splitSelfTaught } from '../../src/engine/selftaught-data';
import { MNIST_FILES, mnistDataFile } from '../../scripts/build-datasets';
import { readBuiltin } from './data-fixtures';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'tests/fixtures/data/');

async function cli(...args: string[]) {
  const run = { status: -1, stdout: '', stderr: '' };
  await main(args, {
    stdout: (text) => (run.stdout += text),
    stderr: (text) => (run.stderr += text),
    exit: (code) => (run.status = code),
  });
  return run;
}

describe('the self-taught split (stlExercise.m)', () => {
  it('5–9 unlabeled; 0–4 labeled, first half (rounded) to train, the rest to test, in file order', () => {
    const labels = Uint8Array.from([5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5, 3]);
    const split = splitSelfTaught(labels);
    expect(Array.from(split.unlabeled)).toEqual([0, 4, 11]);
    expect(Array.from(split.train)).toEqual([1, 2, 3, 5, 6]);
    expect(Array.from(split.test)).toEqual([7, 8, 9, 10, 12]);
    const limited = splitSelfTaught(labels, { unlabeledLimit: 2, labeledLimit: 4 });
    expect(Array.from(limited.unlabeled)).toEqual([0, 4]);
    expect(Array.from(limited.train)).toEqual([1, 2]);
    expect(Array.from(limited.test)).toEqual([3, 5]);
  });
});

describe('a small self-taught run', () => {
  it('the engine on the kernel and the NumPy port reach about the same accuracies', async () => {
    const settings = {
      hiddenSize: 25,
      rho: 0.1,
      beta: 3,
      lambda: 3e-3,
      iterations: 60,
      softmaxIterations: 100,
      seed: 0,
      unlabeledLimit: 1000,
      labeledLimit: 1200,
    };
    const packed = await decodePackedImages(await readBuiltin(BUILTIN_FILES.mnist));
    const images = { ...packed, labels: packed.labels! };
    const backend = await selectBackend('kernel');
    const phases = new Set<string>();
    const result = await runSelfTaught(
      { images, settings, createCostModel: (d, s) => backend.createCostModel(d, s), backend },
      { onProgress: (p: SelfTaughtProgress) => phases.add(p.phase) },
    );
    expect([...phases]).toEqual(['autoencoder', 'features', 'softmax-features', 'softmax-raw']);
    expect([result.unlabeled, result.train, result.test]).toEqual([1000, 600, 600]);
    const numpy = JSON.parse(
      execFileSync(
        'python3',
        [
          join(root, 'scripts/softmax_reference.py'),
          'selftaught',
          '--images',
          mnistDataFile(MNIST_FILES.trainImages),
          '--labels',
          mnistDataFile(MNIST_FILES.trainLabels),
          '--unlabeled',
          '1000',
          '--labeled',
          '1200',
          '--hidden',
          '25',
          '--iterations',
          '60',
        ],
        { encoding: 'utf8' },
      ),
    ) as Record<string, number>;
    expect([numpy.unlabeled, numpy.train, numpy.test]).toEqual([1000, 600, 600]);
    // Different starting points and L-BFGS implementations: the accuracies agree to a few points.
    expect(Math.abs(result.features!.accuracy - numpy.featureAccuracy)).toBeLessThan(0.03);
    expect(Math.abs(result.raw.accuracy - numpy.rawAccuracy)).toBeLessThan(0.02);
    expect(result.raw.accuracy).toBeGreaterThan(0.9);
    const confusion = result.features!.confusion;
    expect(confusion).toHaveLength(25);
    expect(confusion.reduce((a, b) => a + b, 0)).toBe(600);
  }, 400_000); // minutes on a busy shared machine
});

describe('npm run cli -- classify / selftaught', () => {
  const dir = mkdtempSync(join(tmpdir(), 'selftaught-'));

  it('classify: raw pixels on an IDX pair written by Python, half to train and half to test', async () => {
    const run = await cli(
      'classify',
      '--images',
      fixtures + 'images-idx3-ubyte.gz',
      '--labels',
      fixtures + 'labels-idx1-ubyte',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    expect([last.train, last.test, last.classes]).toEqual([3, 3, 10]);
    expect(last.accuracy).toBe(last.rawAccuracy);
  });

  it('bad input: one stderr line naming the file, exit 2', async () => {
    const mismatch = await cli(
      'classify',
      '--images',
      fixtures + 'images-idx3-ubyte',
      '--labels',
      fixtures + 'labels-5-idx1-ubyte.gz',
    );
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr.split('\n')).toHaveLength(2);
    expect(mismatch.stderr).toMatch(
      /labels-5-idx1-ubyte.gz” holds 5 labels but .*images-idx3-ubyte” holds 6 images/,
    );
    const missing = await cli(
      'selftaught',
      '--images',
      join(dir, 'none'),
      '--labels',
      fixtures + 'labels-idx1-ubyte',
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`error: --images ${join(dir, 'none')}: no such file\n`);
    const swapped = await cli(
      'classify',
      '--images',
      fixtures + 'labels-idx1-ubyte',
      '--labels',
      fixtures + 'labels-idx1-ubyte',
    );
    expect(swapped.status).toBe(2);
    expect(swapped.stderr).toMatch(
      /^error: --images .*labels-idx1-ubyte: this is an IDX label file/,
    );
    writeFileSync(join(dir, 'w.txt'), 'x');
    const weights = await cli(
      'classify',
      '--images',
      fixtures + 'images-idx3-ubyte',
      '--labels',
      fixtures + 'labels-idx1-ubyte',
      '--init',
      join(dir, 'w.txt'),
    );
    expect(weights.status).toBe(2);
    expect(weights.stderr).toMatch(/--init .*w.txt: the weights file must end in .npy or .json/);
    const alone = await cli('selftaught', '--images', fixtures + 'images-idx3-ubyte');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--images and --labels go together/);
  });
});
