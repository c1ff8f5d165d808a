import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfCostModel } from '../../src/core/cost-tf';
import { relativeDifference } from '../../src/core/gradient-check';
import { initialParameters } from '../../src/core/params';
import { referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';
import type { DataMatrix } from '../../src/core/types';
import { loadCostCases, maxRelativeError, relativeError } from './core-fixtures';

beforeAll(async () => {
  tf.env().set('PROD', true); // no "install tfjs-node" advice in the test output
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A deterministic data matrix in [0.1, 0.9] of smooth-ish random values. */
function randomData(visibleSize: number, exampleCount: number, seed: number): DataMatrix {
  const rng = createRng(seed);
  const values = new Float64Array(visibleSize * exampleCount);
  for (let i = 0; i < values.length; i++) values[i] = 0.1 + 0.8 * rng.uniform();
  return { visibleSize, exampleCount, values };
}

describe('tfjs cost and gradient (cpu backend, float32)', () => {
  for (const c of loadCostCases()) {
    it(`agrees with the float64 reference on "${c.name}"`, async () => {
      const model = createTfCostModel(c.data, c.shape);
      const result = await model.evaluate(c.theta, c.hyper);
      model.dispose();
      expect(relativeError(result.cost, c.cost)).toBeLessThan(1e-5);
      expect(relativeError(result.reconstruction, c.reconstruction)).toBeLessThan(1e-5);
      expect(relativeError(result.decay, c.decay)).toBeLessThan(1e-5);
      expect(Math.abs(result.sparsity - c.sparsity)).toBeLessThanOrEqual(
        1e-5 * Math.abs(c.sparsity) + 1e-7,
      );
      expect(relativeDifference(result.gradient, c.gradient)).toBeLessThan(1e-4);
      expect(maxRelativeError(result.meanActivation, c.meanActivation)).toBeLessThan(1e-5);
    });
  }

  it('agrees with the reference at the original program’s size, 64 visible × 25 hidden × 2,000 examples', async () => {
    const shape = { visibleSize: 64, hiddenSize: 25 };
    const data = randomData(64, 2000, 5);
    const theta = initialParameters(shape, createRng(9));
    const hyper = { rho: 0.01, beta: 3, lambda: 1e-4 };
    const model = createTfCostModel(data, shape);
    const result = await model.evaluate(theta, hyper);
    model.dispose();
    const reference = referenceCostAndGradient(theta, data, shape, hyper);
    expect(relativeError(result.cost, reference.cost)).toBeLessThan(1e-5);
    expect(relativeError(result.reconstruction, reference.reconstruction)).toBeLessThan(1e-5);
    expect(relativeDifference(result.gradient, reference.gradient)).toBeLessThan(1e-4);
  });

  it('evaluates a minibatch as the reference does on those columns', async () => {
    const c = loadCostCases()[1];
    const batch = Int32Array.from([3, 0, 17, 17, 39, 8]);
    const m = c.data.exampleCount;
    const values = new Float64Array(c.shape.visibleSize * batch.length);
    for (let f = 0; f < c.shape.visibleSize; f++)
      batch.forEach((e, k) => (values[f * batch.length + k] = c.data.values[f * m + e]));
    const subset = { visibleSize: c.shape.visibleSize, exampleCount: batch.length, values };
    const reference = referenceCostAndGradient(c.theta, subset, c.shape, c.hyper);
    const model = createTfCostModel(c.data, c.shape);
    const result = await model.evaluate(c.theta, c.hyper, batch);
    model.dispose();
    expect(relativeError(result.cost, reference.cost)).toBeLessThan(1e-5);
    expect(relativeDifference(result.gradient, reference.gradient)).toBeLessThan(1e-4);
  });

  it('leaks no tensors over 100 evaluations and frees its data on dispose', async () => {
    const c = loadCostCases()[0];
    const before = tf.memory().numTensors;
    const model = createTfCostModel(c.data, c.shape);
    const afterUpload = tf.memory().numTensors;
    expect(afterUpload).toBe(before + 1);
    for (let i = 0; i < 100; i++) {
      await model.evaluate(c.theta, c.hyper, i % 2 ? Int32Array.from([1, 2, 3]) : undefined);
      expect(tf.memory().numTensors).toBe(afterUpload);
    }
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(model.evaluate(c.theta, c.hyper)).rejects.toThrow(/disposed/);
  });
});

describe('L-BFGS on the tfjs cost', () => {
  it('keeps tf.memory().numTensors flat over 100 iterations', async () => {
    const { Lbfgs } = await import('../../src/core/lbfgs');
    const c = loadCostCases()[0];
    const model = createTfCostModel(c.data, c.shape);
    const baseline = tf.memory().numTensors;
    const optimizer = new Lbfgs((theta) => model.evaluate(theta, c.hyper), c.theta, {
      maxIterations: 100,
      gradientTolerance: 0,
      relativeReduction: 0,
    });
    const counts: number[] = [];
    let report = await optimizer.step();
    while (!report.stop) {
      report = await optimizer.step();
      counts.push(tf.memory().numTensors);
    }
    model.dispose();
    expect(report.iteration).toBeGreaterThanOrEqual(50);
    expect(new Set(counts)).toEqual(new Set([baseline]));
    expect(report.cost).toBeLessThan(0.5 * c.cost);
  });
});
