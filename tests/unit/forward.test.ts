/**
 * The forward pass for the inspector and for other data matrices: the kernel's a2, x̂ and
 * Σ‖x − x̂‖² against the float64 reference, on shapes that are not multiples of 4 or 8.
 */
import { describe, expect, it } from 'vitest';
import { initialParameters } from '../../src/core/params';
import { createRng } from '../../src/core/rng';
import type { DataMatrix, ModelShape } from '../../src/core/types';
import { createForward } from '../../src/engine/forward';
import { createWasmCostModel } from '../../src/engine/kernel/wasm-cost';

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

describe('the kernel cost model’s last activations', () => {
  it('are the a2 and Σ‖a3 − x‖² of its last evaluation over all examples, and none after a batch', async () => {
    const shape: ModelShape = { visibleSize: 13, hiddenSize: 5 };
    const data = randomData(13, 37, 3);
    const theta = initialParameters(shape, createRng(2)).map((w) => 3 * w);
    const hyper = { rho: 0.1, beta: 3, lambda: 1e-3 };
    const model = await createWasmCostModel(data, shape, { threads: 1 });
    expect(model.lastActivations!()).toBeNull();
    const value = await model.evaluate(theta, hyper);
    const kept = model.lastActivations!()!;
    const exact = (await createForward(data, shape, { kernel: false })).run(theta, {
      output: true,
    });
    expect(Array.from(kept.theta)).toEqual(Array.from(theta));
    expect(maxAbsoluteDifference(kept.hidden, exact.hidden)).toBeLessThan(1e-5);
    expect(kept.squaredError).toBeCloseTo(2 * 37 * value.reconstruction, 10);
    expect(Math.abs(kept.squaredError - exact.squaredError) / exact.squaredError).toBeLessThan(
      1e-5,
    );
    await model.evaluate(theta, hyper, Int32Array.from([0, 5, 9]));
    expect(model.lastActivations!()).toBeNull();
    model.dispose();
  });
});
