/**
 * The probe: one example's hidden code a2 = σ(W1·x + b1) and reconstruction x̂ = σ(W2·a2 + b2),
 * with chosen units clamped (a2ⱼ set to 0 or 1) before the output layer, in float64.
 */
import { unpackParameters } from './params';
import type { ModelShape } from './types';

export interface ProbeResult {
  /** a2 as computed, before any clamp. */
  hidden: Float64Array;
  /** x̂ from a2 with the clamps applied. */
  reconstruction: Float64Array;
}

/** a2 = σ(W1·x + b1); a2ⱼ := v for each clamp [j, v]; x̂ = σ(W2·a2 + b2). */
export function probeExample(
  theta: Float64Array,
  shape: ModelShape,
  x: ArrayLike<number>,
  clamps: ReadonlyArray<readonly [number, number]> = [],
): ProbeResult {
  const { visibleSize: v, hiddenSize: h } = shape;
  if (x.length !== v)
    throw new RangeError(`the example has ${x.length} values, the model takes ${v}`);
  const { W1, W2, b1, b2 } = unpackParameters(theta, shape);
  const hidden = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    let z = b1[j];
    for (let i = 0; i < v; i++) z += W1[j * v + i] * x[i];
    hidden[j] = 1 / (1 + Math.exp(-z));
  }
  const code = hidden.slice();
  for (const [j, value] of clamps) if (j >= 0 && j < h) code[j] = value;
  const reconstruction = new Float64Array(v);
  for (let i = 0; i < v; i++) {
    let z = b2[i];
    for (let j = 0; j < h; j++) z += W2[i * h + j] * code[j];
    reconstruction[i] = 1 / (1 + Math.exp(-z));
  }
  return { hidden, reconstruction };
}
