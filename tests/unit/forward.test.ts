/**
 * The forward pass for the inspector and for other data matrices: the kernel's a2, x̂ and
 * Σ‖x − x̂‖² against the float64 reference, on shapes that are not multiples of 4 or 8.
 */
import { describe, expect, it } from 'vitest';
import { initialParameters } from '../../src/core/params';
import { createRng } from '../../src/core/rng';
import type { DataMatrix, ModelShape } from '../../src/core/types';
import { createForward } from '../../src/engine/forward';

function randomData(visibleSize: number, exampleCount: number, seed: number): DataMatrix {
  const rng = createRng(seed);
  const values = new Float32Array(visibleSize * exampleCount);
  for (let i = 0; i < values.length; i++) values[i] = 0.1 + 0.8 * rng.uniform();
  return { visibleSize, exampleCount, values };
}

function maxAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst;
}

describe('createForward', () => {
  for (const [visibleSize, hiddenSize, m] of [
    [13, 5, 37],
    [64, 25, 300],
  ]) {
    it(`agrees with the float64 reference on ${visibleSize}→${hiddenSize}, ${m} examples`, async () => {
      const shape: ModelShape = { visibleSize, hiddenSize };
      const data = randomData(visibleSize, m, visibleSize);
      // Larger weights than at the start, so that the units saturate somewhere.
      const theta = initialParameters(shape, createRng(7)).map((w) => 4 * w);
      const kernel = await createForward(data, shape);
      const reference = await createForward(data, shape, { kernel: false });
      expect(kernel.variant).toBe('kernel');
      expect(reference.variant).toBe('reference');
      const fast = kernel.run(theta, { output: true });
      const exact = reference.run(theta, { output: true });
      expect(fast.hidden.length).toBe(hiddenSize * m);
      expect(fast.output!.length).toBe(visibleSize * m);
      expect(maxAbsoluteDifference(fast.hidden, exact.hidden)).toBeLessThan(1e-5);
      expect(maxAbsoluteDifference(fast.output!, exact.output!)).toBeLessThan(1e-5);
      expect(Math.abs(fast.squaredError - exact.squaredError) / exact.squaredError).toBeLessThan(
        1e-5,
      );
      // A second θ on the same data: nothing of the first stays behind.
      const theta2 = theta.map((w) => -w);
      expect(maxAbsoluteDifference(kernel.hidden(theta2), reference.hidden(theta2))).toBeLessThan(
        1e-5,
      );
      expect(() => kernel.run(theta.subarray(1))).toThrow(/θ has/);
    });
  }
});
