/**
 * The WebAssembly SIMD cost kernel (float32) against the NumPy fixtures and the float64 reference,
 * on one thread and on two threads sharing memory, on shapes that are not multiples of 4.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createWasmCostModel,
  wasmSimdSupport,
  type WasmCostModel,
} from '../../src/engine/kernel/wasm-cost';
import { relativeDifference } from '../../src/core/gradient-check';
import { initialParameters } from '../../src/core/params';
import { referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';
import type {
  CostAndGradient,
  DataMatrix,
  Hyperparameters,
  ModelShape,
} from '../../src/core/types';
import { loadCostCases, maxRelativeError, relativeError } from './core-fixtures';

const models: WasmCostModel[] = [];
afterAll(() => models.forEach((model) => model.dispose()));

async function model(data: DataMatrix, shape: ModelShape, threads: number, tile?: number) {
  const created = await createWasmCostModel(data, shape, { threads, tile });
  models.push(created);
  return created;
}

/** Data in [0.1, 0.9], as the original program's normalised patches. */
function randomData(visibleSize: number, exampleCount: number, seed: number): DataMatrix {
  const rng = createRng(seed);
  const values = new Float32Array(visibleSize * exampleCount);
  for (let i = 0; i < values.length; i++) values[i] = 0.1 + 0.8 * rng.uniform();
  return { visibleSize, exampleCount, values };
}

/** θ from the original program's initialisation with small non-zero biases (so b1, b2 are exercised too). */
function randomTheta(shape: ModelShape, seed: number): Float64Array {
  const rng = createRng(seed);
  const theta = initialParameters(shape, rng);
  for (let i = 2 * shape.visibleSize * shape.hiddenSize; i < theta.length; i++)
    theta[i] = 0.2 * (rng.uniform() - 0.5);
  return theta;
}

function expectAgreement(result: CostAndGradient, expected: CostAndGradient): void {
  expect(relativeError(result.cost, expected.cost)).toBeLessThan(1e-5);
  expect(relativeError(result.reconstruction, expected.reconstruction)).toBeLessThan(1e-5);
  expect(relativeError(result.decay, expected.decay)).toBeLessThan(1e-6);
  expect(Math.abs(result.sparsity - expected.sparsity)).toBeLessThanOrEqual(
    1e-5 * Math.abs(expected.sparsity) + 1e-7,
  );
  expect(relativeDifference(result.gradient, expected.gradient)).toBeLessThan(1e-4);
  expect(maxRelativeError(result.meanActivation, expected.meanActivation)).toBeLessThan(1e-5);
}

describe('WebAssembly SIMD cost and gradient', () => {
  it('runs here (WebAssembly SIMD validates in this engine)', () => {
    expect(wasmSimdSupport().simd).toBe(true);
  });

  for (const threads of [1, 2])
    for (const c of loadCostCases())
      it(`agrees with the NumPy seed on "${c.name}" (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
        const fast = await model(c.data, c.shape, threads);
        expect(fast.threads).toBe(threads);
        expectAgreement(await fast.evaluate(c.theta, c.hyper), c);
      });

  const shapes: [visible: number, hidden: number, examples: number, tile?: number][] = [
    [7, 3, 13],
    [10, 5, 37, 8],
    [64, 25, 2003],
    [33, 17, 1001, 40],
    [784, 196, 300],
  ];
  const hyper: Hyperparameters = { rho: 0.05, beta: 3, lambda: 1e-3 };
  for (const [visibleSize, hiddenSize, examples, tile] of shapes)
    for (const threads of [1, 2])
      it(`agrees with the float64 reference at ${visibleSize}→${hiddenSize}, ${examples} examples, ${threads} thread(s)${tile ? `, tiles of ${tile}` : ''}`, async () => {
        const shape = { visibleSize, hiddenSize };
        const data = randomData(visibleSize, examples, visibleSize + examples);
        const theta = randomTheta(shape, hiddenSize);
        const fast = await model(data, shape, threads, tile);
        const expected = referenceCostAndGradient(theta, data, shape, hyper);
        expectAgreement(await fast.evaluate(theta, hyper), expected);
        // A second evaluation at another θ reuses the memory and must not see stale sums.
        const theta2 = randomTheta(shape, hiddenSize + 1);
        expectAgreement(
          await fast.evaluate(theta2, hyper),
          referenceCostAndGradient(theta2, data, shape, hyper),
        );
      });

  it('writes a later gradient into one handed back, and gets it right', async () => {
    const shape = { visibleSize: 33, hiddenSize: 17 };
    const data = randomData(33, 301, 5);
    const fast = await model(data, shape, 2);
    const first = await fast.evaluate(randomTheta(shape, 1), hyper);
    fast.recycle?.(first.gradient.fill(NaN));
    const theta = randomTheta(shape, 2);
    const second = await fast.evaluate(theta, hyper);
    expect(second.gradient).toBe(first.gradient);
    expectAgreement(second, referenceCostAndGradient(theta, data, shape, hyper));
    // Not handed back: the next gradient is a new vector.
    expect((await fast.evaluate(theta, hyper)).gradient).not.toBe(second.gradient);
  });

  it('evaluates a minibatch (repeats allowed) as the reference does on those columns', async () => {
    const shape = { visibleSize: 21, hiddenSize: 6 };
    const data = randomData(21, 50, 3);
    const theta = randomTheta(shape, 4);
    const fast = await model(data, shape, 2);
    for (const batch of [
      Int32Array.from([3, 0, 17, 17, 49, 8]),
      Int32Array.from({ length: 45 }, (_, i) => 49 - i),
    ]) {
      const values = new Float32Array(21 * batch.length);
      for (let r = 0; r < 21; r++)
        for (let i = 0; i < batch.length; i++)
          values[r * batch.length + i] = data.values[r * 50 + batch[i]];
      const expected = referenceCostAndGradient(
        theta,
        { visibleSize: 21, exampleCount: batch.length, values },
        shape,
        hyper,
      );
      expectAgreement(await fast.evaluate(theta, hyper, batch), expected);
    }
    // And the full set again afterwards.
    expectAgreement(
      await fast.evaluate(theta, hyper),
      referenceCostAndGradient(theta, data, shape, hyper),
    );
    await expect(fast.evaluate(theta, hyper, Int32Array.from([50]))).rejects.toThrow(
      /batch index 50/,
    );
  });

  it('lets NaN through to the cost (so a diverging run is caught, not hidden)', async () => {
    const shape = { visibleSize: 8, hiddenSize: 4 };
    const fast = await model(randomData(8, 20, 1), shape, 1);
    const theta = randomTheta(shape, 2);
    theta[5] = Number.NaN;
    const result = await fast.evaluate(theta, hyper);
    expect(Number.isNaN(result.cost)).toBe(true);
  });

  it('rejects data that does not fit the model', async () => {
    await expect(
      createWasmCostModel(randomData(8, 20, 1), { visibleSize: 9, hiddenSize: 4 }),
    ).rejects.toThrow(/8 features per example but the model has 9/);
  });
});

describe('the fused multiply-add variant (relaxed SIMD, what Chromium runs)', () => {
  it('agrees with the float64 reference (checked in a Node with relaxed SIMD on)', async () => {
    const script = fileURLToPath(new URL('./fast-fma-check.ts', import.meta.url));
    // Node 20 has relaxed SIMD behind a flag; later Nodes have it on.
    const flag = wasmSimdSupport().relaxed ? [] : ['--experimental-wasm-relaxed-simd'];
    const { stdout } = await promisify(execFile)(process.execPath, [
      ...flag,
      '--import',
      'tsx',
      script,
    ]);
    const report = JSON.parse(stdout) as {
      support: { relaxed: boolean };
      results: { variant: string; cost: number; gradient: number }[];
    };
    expect(report.support.relaxed).toBe(true);
    expect(report.results).toHaveLength(6);
    for (const result of report.results) {
      expect(result.variant).toMatch(/^simd\+fma/);
      expect(result.cost).toBeLessThan(1e-5);
      expect(result.gradient).toBeLessThan(1e-4);
    }
  });
});

describe('the kernel while the page works', () => {
  /** A small problem and the page's flags: [0] busy, [1] set by the page's stand-in as it clears [0]. */
  const busyPageCase = () => {
    const shape = { visibleSize: 33, hiddenSize: 17 };
    const words = new Int32Array(new SharedArrayBuffer(8));
    return {
      shape,
      data: randomData(33, 1001, 7),
      theta: randomTheta(shape, 5),
      hyper: { rho: 0.05, beta: 3, lambda: 1e-3 } as Hyperparameters,
      words,
      pageBusy: words.subarray(0, 1),
    };
  };

  it('on 2 threads with none kept working, waits between tiles until the page is idle, then gives the right cost and gradient', async () => {
    const { shape, data, theta, hyper, words, pageBusy } = busyPageCase();
    const fast = await createWasmCostModel(data, shape, {
      threads: 2,
      tile: 40,
      pageBusy,
      keepWorking: 0,
    });
    try {
      Atomics.store(pageBusy, 0, 1);
      // The page: busy for a while on another thread (this one blocks in the evaluation), then idle.
      const page = new Worker(
        `const { workerData: words } = require('node:worker_threads');
         Atomics.wait(words, 1, 0, 300);
         Atomics.store(words, 1, 1);
         Atomics.store(words, 0, 0);
         Atomics.notify(words, 0);`,
        { eval: true, workerData: words },
      );
      const busyResult = await fast.evaluate(theta, hyper);
      // The evaluation could not end before the page was idle.
      expect(Atomics.load(words, 1)).toBe(1);
      await page.terminate();
      expectAgreement(busyResult, referenceCostAndGradient(theta, data, shape, hyper));
      expectAgreement(
        await fast.evaluate(theta, hyper),
        referenceCostAndGradient(theta, data, shape, hyper),
      );
    } finally {
      fast.dispose();
    }
  });

  it('on 2 threads of 2 cores, goes on on the calling thread while the page is busy: the page has a core, the kernel the other', async () => {
    const { shape, data, theta, hyper, words, pageBusy } = busyPageCase();
    // Node reports no cores: the default keeps 2 − 1 threads working.
    const fast = await createWasmCostModel(data, shape, { threads: 2, tile: 40, pageBusy });
    // The page: busy until the test is over, or idle after 10 s so that a kernel waiting for it
    // fails the test instead of hanging it.
    const page = new Worker(
      `const { workerData: words } = require('node:worker_threads');
       Atomics.wait(words, 1, 0, 10000);
       Atomics.store(words, 1, 2);
       Atomics.store(words, 0, 0);
       Atomics.notify(words, 0);`,
      { eval: true, workerData: words },
    );
    try {
      expect(fast.threads).toBe(2);
      Atomics.store(pageBusy, 0, 1);
      const busyResult = await fast.evaluate(theta, hyper);
      // The evaluation ended while the page was still busy.
      expect(Atomics.load(words, 1)).toBe(0);
      expect(Atomics.load(pageBusy, 0)).toBe(1);
      expectAgreement(busyResult, referenceCostAndGradient(theta, data, shape, hyper));
    } finally {
      Atomics.store(words, 1, 1);
      Atomics.notify(words, 1);
      await page.terminate();
      fast.dispose();
    }
  });
});
