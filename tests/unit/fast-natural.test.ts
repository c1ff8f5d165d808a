/**
 * The seed's natural-image configuration on the WebAssembly SIMD kernel (float32):
 * 10,000 8×8 patches, 64 visible, 25 hidden, ρ 0.01, β 3, λ 1e-4, 400 iterations of our L-BFGS
 * must end within 2% of the cost SciPy's L-BFGS-B reaches (scripts/reference.py) from the same θ0.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createWasmCostModel } from '../../src/engine/kernel/wasm-cost';
import { minimize } from '../../src/core/lbfgs';
import { initialParameters } from '../../src/core/params';
import { createRng } from '../../src/core/rng';
import { prepareDataset } from '../../src/data/dataset';
import { writeNpy } from '../../src/data/npy';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the seed’s natural-image configuration on the WebAssembly SIMD kernel', () => {
  it('ends within 2% of SciPy L-BFGS-B’s final cost after 400 iterations', async () => {
    const dataset = await prepareDataset(
      { kind: 'builtin', name: 'natural' },
      {
        patchSize: 8,
        examples: 10000,
        seed: 4321,
        readBuiltin: async (name) => {
          const bytes = await readFile(join(root, 'public/data', name));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        },
      },
    );
    const data = dataset.matrix;
    const shape = { visibleSize: 64, hiddenSize: 25 };
    const hyper = { rho: 0.01, beta: 3, lambda: 1e-4 };
    const theta0 = initialParameters(shape, createRng(4321));

    const dir = mkdtempSync(join(tmpdir(), 'natural-fast-'));
    writeFileSync(join(dir, 'X.npy'), writeNpy(Float64Array.from(data.values), [64, 10000]));
    writeFileSync(join(dir, 'theta0.npy'), writeNpy(theta0, [theta0.length]));
    const scipyRun = promisify(execFile)(
      'python3',
      [
        join(root, 'scripts/reference.py'),
        'train',
        ...['--data', join(dir, 'X.npy'), '--theta0', join(dir, 'theta0.npy')],
        ...['--iterations', '400', '--rho', '0.01', '--beta', '3', '--lambda', '1e-4'],
      ],
      { env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } },
    );

    // One thread: SciPy runs on the other core meanwhile.
    const model = await createWasmCostModel(data, shape, { threads: 1 });
    const started = performance.now();
    const { report } = await minimize((theta) => model.evaluate(theta, hyper), theta0, {
      maxIterations: 400,
    });
    const seconds = (performance.now() - started) / 1000;
    model.dispose();
    const scipy = JSON.parse((await scipyRun).stdout) as { cost: number; iterations: number };
    const ratio = report.cost / scipy.cost;
    console.log(
      `natural on ${model.variant}: ${report.cost.toFixed(5)} after ${report.iteration} iterations ` +
        `(${report.evaluations} evaluations, ${seconds.toFixed(1)} s); SciPy ${scipy.cost.toFixed(5)} ` +
        `after ${scipy.iterations}; ratio ${ratio.toFixed(4)}`,
    );
    expect(Math.abs(ratio - 1)).toBeLessThan(0.02);
    expect(report.cost).toBeLessThan(1);
    expect(report.stop === 'max-iterations' || report.stop === 'gradient-tolerance').toBe(true);
  });
});
