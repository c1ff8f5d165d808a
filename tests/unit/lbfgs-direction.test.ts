/**
 * L-BFGS's search direction: the fused passes of twoLoopDirection give exactly (bit for bit) what
 * the textbook two-loop recursion (Nocedal & Wright, Algorithm 7.4) gives, for every history
 * length from none to a full memory.
 */
import { describe, expect, it } from 'vitest';
import { twoLoopDirection, type StoredPairs } from '../../src/core/lbfgs';
import { createRng } from '../../src/core/rng';

const dot = (a: Float64Array, b: Float64Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
};

/** Algorithm 7.4 as written: one pass per dot product and per update. */
function textbook(g: Float64Array, pairs: StoredPairs): Float64Array {
  const { steps, changes, curvatures } = pairs;
  const q = Float64Array.from(g);
  const count = steps.length;
  const alphas = new Float64Array(count);
  for (let k = count - 1; k >= 0; k--) {
    alphas[k] = dot(steps[k], q) / curvatures[k];
    for (let i = 0; i < q.length; i++) q[i] -= alphas[k] * changes[k][i];
  }
  if (count > 0) {
    const y = changes[count - 1];
    const scale = curvatures[count - 1] / dot(y, y);
    for (let i = 0; i < q.length; i++) q[i] *= scale;
  }
  for (let k = 0; k < count; k++) {
    const beta = dot(changes[k], q) / curvatures[k];
    for (let i = 0; i < q.length; i++) q[i] += (alphas[k] - beta) * steps[k][i];
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i];
  return q;
}

function history(count: number, n: number, seed: number): StoredPairs {
  const rng = createRng(seed);
  const vector = (scale: number) =>
    Float64Array.from({ length: n }, () => scale * (rng.uniform() - 0.5));
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    const s = vector(1e-2);
    // y ≈ A·s for a positive diagonal A, plus noise: sᵀy > 0 as in a real run.
    const y = Float64Array.from(s, (v, i) => v * (1 + (i % 7)) + 1e-4 * (rng.uniform() - 0.5));
    steps.push(s);
    changes.push(y);
  }
  return {
    steps,
    changes,
    curvatures: steps.map((s, k) => dot(s, changes[k])),
    changeSquares: changes.map((y) => dot(y, y)),
  };
}

describe('the L-BFGS direction', () => {
  for (const count of [0, 1, 2, 5, 10])
    it(`equals the textbook two-loop recursion bit for bit with ${count} stored pairs`, () => {
      const n = 1003;
      const pairs = history(count, n, 17 + count);
      const rng = createRng(99);
      const g = Float64Array.from({ length: n }, () => rng.uniform() - 0.5);
      const fused = twoLoopDirection(g, pairs);
      const expected = textbook(g, pairs);
      expect(Array.from(fused)).toEqual(Array.from(expected));
      expect(dot(fused, g)).toBeLessThan(0); // a descent direction
    });
});
