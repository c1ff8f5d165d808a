/**
 * The seed's natural-image configuration end to end: 10,000 8×8 patches of the built-in whitened
 * photographs, 64 visible, 25 hidden, ρ 0.01, β 3, λ 1e-4, 400 iterations of L-BFGS. Our L-BFGS on
 * the float64 reference cost must end within 2% of the cost SciPy's L-BFGS-B reaches (the NumPy
 * port of the seed, scripts/reference.py) from the same θ0 on the same data matrix.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { minimize } from '../../src/core/lbfgs';
import { initialParameters } from '../../src/core/params';
import { referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';
import { prepareDataset } from '../../src/data/dataset';
import { readNpy, writeNpy } from '../../src/data/npy';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface ScipyResult {
  cost: number;
  reconstruction: number;
  weightDecay: number;
  sparsity: number;
  iterations: number;
  evaluations: number;
  message: string;
}

describe('the seed’s natural-image configuration', () => {
  it('ends within 2% of SciPy L-BFGS-B’s final cost after 400 iterations', async () => {
    const dataset = await prepareDataset(
      { kind: 'builtin', name: 'natural' },
      {
        patchSize: 8,
        examples: 10000,
        seed: 1234,
        readBuiltin: async (name) => {
          const bytes = await readFile(join(root, 'public/data', name));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        },
      },
    );
    const data = dataset.matrix;
    expect([data.visibleSize, data.exampleCount]).toEqual([64, 10000]);
    const shape = { visibleSize: 64, hiddenSize: 25 };
    const hyper = { sparsityTarget: 0.01, sparsityWeight: 3, weightDecay: 1e-4 };
    const theta0 = initialParameters(shape, createRng(1234));

    const dir = mkdtempSync(join(tmpdir(), 'natural-'));
    const values = Float64Array.from(data.values);
    writeFileSync(join(dir, 'X.npy'), writeNpy(values, [64, 10000]));
    writeFileSync(join(dir, 'theta0.npy'), writeNpy(theta0, [theta0.length]));
    // SciPy runs in its own process while our L-BFGS runs here.
    const scipyRun = promisify(execFile)(
      'python3',
      [
        join(root, 'scripts/reference.py'),
        'train',
        ...['--data', join(dir, 'X.npy'), '--theta0', join(dir, 'theta0.npy')],
        ...['--iterations', '400', '--rho', '0.01', '--beta', '3', '--lambda', '1e-4'],
        ...['--out', join(dir, 'theta-scipy.npy')],
      ],
      { env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } },
    );

    const started = performance.now();
    const { x, report } = await minimize(
      (theta) => referenceCostAndGradient(theta, { ...data, values }, shape, hyper),
      theta0,
      { maxIterations: 400 },
    );
    const seconds = (performance.now() - started) / 1000;
    const scipy = JSON.parse((await scipyRun).stdout) as ScipyResult;
    const ratio = report.cost / scipy.cost;
    console.log(
      `natural 64×10000×25: ours ${report.cost.toFixed(5)} after ${report.iteration} iterations, ` +
        `${report.evaluations} evaluations, ${seconds.toFixed(1)} s (${report.stop}); ` +
        `SciPy ${scipy.cost.toFixed(5)} after ${scipy.iterations} iterations, ` +
        `${scipy.evaluations} evaluations (${scipy.message}); ratio ${ratio.toFixed(4)}`,
    );
    expect(Math.abs(ratio - 1)).toBeLessThan(0.02);
    // Both reached the regime the seed reports, far below the starting cost.
    const start = referenceCostAndGradient(theta0, { ...data, values }, shape, hyper).cost;
    expect(start).toBeGreaterThan(40);
    expect(report.cost).toBeLessThan(0.05 * start);
    expect(report.stop === 'max-iterations' || report.stop === 'gradient-tolerance').toBe(true);
    // SciPy's weights give the cost it printed when evaluated by our reference.
    const scipyTheta = readNpy(readFileSync(join(dir, 'theta-scipy.npy'))).data as Float64Array;
    const check = referenceCostAndGradient(scipyTheta, { ...data, values }, shape, hyper);
    expect(Math.abs(check.cost - scipy.cost) / scipy.cost).toBeLessThan(1e-10);
    expect(x.length).toBe(3289);
  });
});
