/**
 * Run by fast-cost.test.ts in a Node with relaxed SIMD switched on: the kernel's fused
 * multiply-add variant (what Chromium runs) against the float64 reference. Prints one JSON line.
 */
import { createWasmCostModel, wasmSimdSupport } from '../../src/engine/kernel/wasm-cost';
import { relativeDifference } from '../../src/core/gradient-check';
import { initialParameters } from '../../src/core/params';
import { referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';

const hyper = { rho: 0.05, beta: 3, lambda: 1e-3 };
const results = [];
for (const [visibleSize, hiddenSize, examples] of [
  [7, 3, 13],
  [64, 25, 2003],
  [100, 30, 301],
]) {
  const shape = { visibleSize, hiddenSize };
  const rng = createRng(visibleSize);
  const values = new Float32Array(visibleSize * examples);
  for (let i = 0; i < values.length; i++) values[i] = 0.1 + 0.8 * rng.uniform();
  const data = { visibleSize, exampleCount: examples, values };
  const theta = initialParameters(shape, rng);
  for (let threads = 1; threads <= 2; threads++) {
    const model = await createWasmCostModel(data, shape, { threads, fusedMultiplyAdd: true });
    const result = await model.evaluate(theta, hyper);
    model.dispose();
    const expected = referenceCostAndGradient(theta, data, shape, hyper);
    results.push({
      shape: [visibleSize, hiddenSize, examples, threads],
      variant: model.variant,
      cost: Math.abs(result.cost - expected.cost) / expected.cost,
      gradient: relativeDifference(result.gradient, expected.gradient),
    });
  }
}
console.log(JSON.stringify({ support: wasmSimdSupport(), results }));
