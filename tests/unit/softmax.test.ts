import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numericalGradient, relativeDifference } from '../../src/core/gradient-check';
import { createRng } from '../../src/core/rng';
import {
  accuracy,
  confusionMatrix,
  initialSoftmaxTheta,
  softmaxCostAndGradient,
  softmaxPredictMatrix,
} from '../../src/core/softmax';
import { inputsFromMatrix, softmaxObjective, softmaxPredict } from '../../src/core/softmax-fast';
import { trainSoftmax } from '../../src/core/softmax-train';
import type { DataMatrix } from '../../src/core/types';
import { fixtureDir } from './core-fixtures';

interface SoftmaxCase {
  name: string;
  inputSize: number;
  numClasses: number;
  exampleCount: number;
  lambda: number;
  data: number[];
  labels: number[];
  theta: number[];
  cost: number;
  gradient: number[];
}

/** Written by `python3 scripts/softmax_reference.py fixtures` (NumPy's softmax_cost). */
const cases = (
  JSON.parse(readFileSync(fixtureDir + 'softmax-cases.json', 'utf8')) as SoftmaxCase[]
).map((c) => ({
  ...c,
  shape: { inputSize: c.inputSize, numClasses: c.numClasses },
  matrix: {
    visibleSize: c.inputSize,
    exampleCount: c.exampleCount,
    values: Float64Array.from(c.data),
  } satisfies DataMatrix,
  thetaVector: Float64Array.from(c.theta),
}));

describe('softmax regression (UFLDL softmaxCost)', () => {
  for (const c of cases) {
    it(`${c.name}: the float64 reference equals NumPy's cost and gradient`, () => {
      const value = softmaxCostAndGradient(c.thetaVector, c.shape, c.matrix, c.labels, c.lambda);
      expect(value.cost).toBeCloseTo(c.cost, 12);
      expect(relativeDifference(value.gradient, c.gradient)).toBeLessThan(1e-12);
    });

    it(`${c.name}: the fast float32 objective equals NumPy's within float32 rounding`, () => {
      const fast = softmaxObjective(inputsFromMatrix(c.matrix), c.labels, c.numClasses, c.lambda);
      const value = fast(c.thetaVector);
      expect(Math.abs(value.cost - c.cost) / c.cost).toBeLessThan(1e-6);
      expect(relativeDifference(value.gradient, c.gradient)).toBeLessThan(1e-6);
    });

    it(`${c.name}: the gradient passes UFLDL's numerical check`, () => {
      const f = (theta: Float64Array) =>
        softmaxCostAndGradient(theta, c.shape, c.matrix, c.labels, c.lambda).cost;
      const analytic = softmaxCostAndGradient(c.thetaVector, c.shape, c.matrix, c.labels, c.lambda);
      expect(
        relativeDifference(numericalGradient(f, c.thetaVector), analytic.gradient),
      ).toBeLessThan(1e-9);
    });
  }

  it('starts at 0.005·N(0, 1) from the seeded PRNG', () => {
    const theta = initialSoftmaxTheta({ inputSize: 784, numClasses: 10 }, createRng(3));
    const again = initialSoftmaxTheta({ inputSize: 784, numClasses: 10 }, createRng(3));
    expect(theta).toEqual(again);
    const mean = theta.reduce((a, b) => a + b, 0) / theta.length;
    const std = Math.sqrt(theta.reduce((a, b) => a + (b - mean) ** 2, 0) / theta.length);
    expect(Math.abs(mean)).toBeLessThan(0.0003);
    expect(std / 0.005).toBeGreaterThan(0.97);
    expect(std / 0.005).toBeLessThan(1.03);
  });

  it('L-BFGS learns separable classes; predictions, accuracy and the confusion matrix agree', async () => {
    // Three classes, each lit up on its own inputs: a perfectly learnable problem.
    const rng = createRng(9);
    const n = 12;
    const m = 90;
    const labels = Array.from({ length: m }, (_, e) => e % 3);
    const values = new Float64Array(n * m);
    for (let e = 0; e < m; e++)
      for (let f = 0; f < n; f++)
        values[f * m + e] = Math.floor(f / 4) === labels[e] ? 0.5 + 0.5 * rng.uniform() : 0;
    const matrix = { visibleSize: n, exampleCount: m, values };
    const shape = { inputSize: n, numClasses: 3 };
    const inputs = inputsFromMatrix(matrix);
    const model = await trainSoftmax(softmaxObjective(inputs, labels, 3), shape, { seed: 1 });
    const predictions = softmaxPredict(model.theta, inputs, 3);
    expect(Array.from(predictions)).toEqual(
      Array.from(softmaxPredictMatrix(model.theta, shape, matrix)),
    );
    expect(accuracy(labels, predictions)).toBe(1);
    expect(Array.from(confusionMatrix(labels, predictions, 3))).toEqual([
      30, 0, 0, 0, 30, 0, 0, 0, 30,
    ]);
    expect(model.iterations).toBeLessThanOrEqual(100);
    expect(model.cost).toBeLessThan(0.1);
  });
});
