import { describe, expect, it } from 'vitest';
import { numericalGradient, relativeDifference } from '../../src/core/gradient-check';
import {
  initialParameters,
  initialWeightRange,
  parameterCount,
  unpackParameters,
} from '../../src/core/params';
import { forwardPass, referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';
import { loadCostCases, maxRelativeError, relativeError } from './core-fixtures';

const cases = loadCostCases();

describe('parameters', () => {
  it('counts 2hv + h + v and lays θ out as W1, W2, b1, b2', () => {
    const shape = { visibleSize: 64, hiddenSize: 25 };
    expect(parameterCount(shape)).toBe(3289);
    const theta = Float64Array.from({ length: 3289 }, (_, i) => i);
    const { W1, W2, b1, b2 } = unpackParameters(theta, shape);
    expect([W1.length, W2.length, b1.length, b2.length]).toEqual([1600, 1600, 25, 64]);
    expect([W1[0], W2[0], b1[0], b2[0], b2[63]]).toEqual([0, 1600, 3200, 3225, 3288]);
    expect(() => unpackParameters(new Float64Array(10), shape)).toThrow(/3289/);
  });

  it('initialises like the original program: W uniform in ±√(6/(v+h+1)), biases zero, reproducible', () => {
    const shape = { visibleSize: 64, hiddenSize: 25 };
    const theta = initialParameters(shape, createRng(1234));
    const range = initialWeightRange(shape);
    expect(range).toBeCloseTo(Math.sqrt(6 / 90), 15);
    const { W1, W2, b1, b2 } = unpackParameters(theta, shape);
    for (const w of [...W1, ...W2]) expect(Math.abs(w)).toBeLessThan(range);
    expect([...b1, ...b2].every((b) => b === 0)).toBe(true);
    const mean = [...W1, ...W2].reduce((a, b) => a + b, 0) / 3200;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.max(...W1)).toBeGreaterThan(0.9 * range);
    expect(initialParameters(shape, createRng(1234))).toEqual(theta);
    expect(initialParameters(shape, createRng(1235))).not.toEqual(theta);
  });
});

describe('float64 reference cost and gradient', () => {
  for (const c of cases) {
    it(`matches the NumPy seed on "${c.name}" to 1e-12`, () => {
      const result = referenceCostAndGradient(c.theta, c.data, c.shape, c.hyper);
      expect(relativeError(result.cost, c.cost)).toBeLessThan(1e-12);
      expect(relativeError(result.reconstruction, c.reconstruction)).toBeLessThan(1e-12);
      expect(relativeError(result.decay, c.decay)).toBeLessThan(1e-12);
      if (c.sparsity !== 0) expect(relativeError(result.sparsity, c.sparsity)).toBeLessThan(1e-12);
      else expect(result.sparsity).toBe(0);
      expect(maxRelativeError(result.gradient, c.gradient)).toBeLessThan(1e-12);
      expect(maxRelativeError(result.meanActivation, c.meanActivation)).toBeLessThan(1e-12);
    });
  }

  it('reads float32 data the same as float64 data of the same values', () => {
    const c = cases[0];
    const single = Float32Array.from(c.data.values);
    const a = referenceCostAndGradient(c.theta, { ...c.data, values: single }, c.shape, c.hyper);
    const b = referenceCostAndGradient(
      c.theta,
      { ...c.data, values: Float64Array.from(single) },
      c.shape,
      c.hyper,
    );
    expect(a.cost).toBe(b.cost);
    expect(a.gradient).toEqual(b.gradient);
  });

  it('forwardPass gives activations in (0, 1) whose row means are ρ̂', () => {
    const c = cases[1];
    const { hidden, output } = forwardPass(c.theta, c.shape, c.data);
    const m = c.data.exampleCount;
    expect(hidden.length).toBe(c.shape.hiddenSize * m);
    expect(output.length).toBe(c.shape.visibleSize * m);
    for (let j = 0; j < c.shape.hiddenSize; j++) {
      const mean = hidden.subarray(j * m, (j + 1) * m).reduce((a, b) => a + b, 0) / m;
      expect(relativeError(mean, c.meanActivation[j])).toBeLessThan(1e-12);
    }
    expect(output.every((a) => a > 0 && a < 1)).toBe(true);
  });

  it('refuses data that does not fit the model', () => {
    const c = cases[0];
    expect(() =>
      referenceCostAndGradient(c.theta, { ...c.data, visibleSize: 3 }, c.shape, c.hyper),
    ).toThrow(/features/);
  });
});

describe('gradient check (central differences, ε = 1e-4)', () => {
  for (const c of cases) {
    // Without the sparsity term the gradient is small and the ε² truncation error of central
    // differences (not the analytic gradient) dominates: ≈1.03e-9 on "no-sparsity".
    const tolerance = c.hyper.beta > 0 ? 1e-9 : 2e-9;
    it(`analytic and numerical gradients agree to < ${tolerance} on "${c.name}"`, () => {
      const analytic = referenceCostAndGradient(c.theta, c.data, c.shape, c.hyper).gradient;
      const numeric = numericalGradient(
        (t) => referenceCostAndGradient(t, c.data, c.shape, c.hyper).cost,
        c.theta,
      );
      expect(relativeDifference(numeric, analytic)).toBeLessThan(tolerance);
    });
  }

  it('catches a wrong gradient', () => {
    const c = cases[0];
    const analytic = referenceCostAndGradient(c.theta, c.data, c.shape, c.hyper).gradient;
    const numeric = numericalGradient(
      (t) => referenceCostAndGradient(t, c.data, c.shape, c.hyper).cost,
      c.theta,
    );
    analytic[0] *= 1.01;
    expect(relativeDifference(numeric, analytic)).toBeGreaterThan(1e-6);
  });
});
