/**
 * The original program's natural-image configuration end to end (docs/math.md): 8×8 patches of the
 * built-in whitened photographs, 64 visible, 25 hidden, ρ 0.01, β 3, λ 1e-4, 400 iterations of
 * L-BFGS, compared with SciPy's L-BFGS-B running the NumPy port of the original program
 * (scripts/reference.py) from the same θ0 on the same data matrix. One 400-iteration run per backend
 * family: the WebAssembly SIMD kernel (float32, through the CLI) and the float64 reference.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program';
import { minimize } from '../../src/core/lbfgs';
import { initialParameters } from '../../src/core/params';
import { referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';
import type { DataMatrix } from '../../src/core/types';
import { prepareDataset } from '../../src/data/dataset';
import { writeNpy } from '../../src/data/npy';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'natural-'));
const shape = { visibleSize: 64, hiddenSize: 25 };
const hyper = { rho: 0.01, beta: 3, lambda: 1e-4 };
const hyperFlags = ['--rho', '0.01', '--beta', '3', '--lambda', '1e-4'];
const theta0 = initialParameters(shape, createRng(1234));
let data: DataMatrix;

interface Final {
  cost: number;
  iteration?: number;
  iterations?: number;
  evaluations: number;
}

/** SciPy L-BFGS-B (maxiter 400) on a data matrix written to `name`.npy, from θ0. */
async function scipyTrain(name: string, matrix: DataMatrix): Promise<Final> {
  writeFileSync(
    join(dir, `${name}.npy`),
    writeNpy(Float64Array.from(matrix.values), [64, matrix.exampleCount]),
  );
  const { stdout } = await run(
    'python3',
    [
      join(root, 'scripts/reference.py'),
      'train',
      ...['--data', join(dir, `${name}.npy`), '--theta0', join(dir, 'theta0.npy')],
      ...['--iterations', '400', ...hyperFlags],
    ],
    { env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } },
  );
  return JSON.parse(stdout) as Final;
}

beforeAll(async () => {
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
  data = dataset.matrix;
  writeFileSync(join(dir, 'theta0.npy'), writeNpy(theta0, [theta0.length]));
});

describe('the original program’s natural-image configuration (64 visible, 25 hidden, ρ 0.01, β 3, λ 1e-4)', () => {
  it('`npm run cli -- train --data X.npy --iterations 400 --jsonl` (the WASM SIMD kernel) ends within 2% of SciPy on 10,000 patches', async () => {
    expect([data.visibleSize, data.exampleCount]).toEqual([64, 10000]);
    const scipy = scipyTrain('X', data); // runs in its own process alongside the CLI
    let stdout = '';
    let stderr = '';
    let status = -1;
    const started = performance.now();
    await main(
      [
        'train',
        ...['--data', join(dir, 'X.npy'), '--init', join(dir, 'theta0.npy')],
        ...['--iterations', '400', '--jsonl', ...hyperFlags],
      ],
      {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        exit: (code) => (status = code),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    expect([status, stderr]).toEqual([0, '']);
    const lines = stdout.trim().split('\n');
    const done = JSON.parse(lines[lines.length - 1]) as Final & { done: boolean; stop: string };
    const reference = await scipy;
    const ratio = done.cost / reference.cost;
    console.log(
      `natural 64×10000×25, 400 iterations: CLI (WASM kernel) ${done.cost.toFixed(5)} in ${done.evaluations} evaluations (${done.stop}, ${seconds.toFixed(1)} s); ` +
        `SciPy ${reference.cost.toFixed(5)} in ${reference.evaluations}; ratio ${ratio.toFixed(4)}`,
    );
    expect(done.done).toBe(true);
    expect(lines).toHaveLength(402); // iterations 0…400 and the last line
    expect(Math.abs(ratio - 1)).toBeLessThan(0.02);
    expect(reference.cost).toBeLessThan(1); // far below the starting cost of about 52
    expect(done.cost).toBeLessThan(1);
    expect(done.stop === 'max-iterations' || done.stop === 'gradient-tolerance').toBe(true);
  }, 300_000); // ≈ 35 s on an idle 2-core machine; allow for a busy one

  it('float64 L-BFGS on the reference cost ends within 2% of SciPy on 1,000 patches', async () => {
    const m = 1000;
    const values = new Float64Array(64 * m);
    for (let f = 0; f < 64; f++) values.set(data.values.subarray(f * 10000, f * 10000 + m), f * m);
    const subset: DataMatrix = { visibleSize: 64, exampleCount: m, values };
    const scipy = scipyTrain('X1000', subset);
    const { report } = await minimize(
      (theta) => referenceCostAndGradient(theta, subset, shape, hyper),
      theta0,
      { maxIterations: 400 },
    );
    const reference = await scipy;
    const ratio = report.cost / reference.cost;
    console.log(
      `natural 64×1000×25, float64: ours ${report.cost.toFixed(5)} after ${report.iteration} iterations, ` +
        `${report.evaluations} evaluations (${report.stop}); SciPy ${reference.cost.toFixed(5)} after ` +
        `${reference.iterations} iterations, ${reference.evaluations} evaluations; ratio ${ratio.toFixed(4)}`,
    );
    expect(Math.abs(ratio - 1)).toBeLessThan(0.02);
    expect(report.stop).not.toBe('line-search-failed');
  }, 300_000);
});
