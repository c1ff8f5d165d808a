/** The session's snapshot: W1, ρ̂ and reconstructions of a fixed handful of examples. */
import { forwardPass } from '../core/reference';
import type { DataMatrix, ModelShape } from '../core/types';
import type { Snapshot } from './types';

/** `count` examples spread evenly over the data set, as a visible × count matrix. */
export function pickExamples(data: DataMatrix, count: number): DataMatrix {
  const k = Math.max(0, Math.min(count, data.exampleCount));
  const values = new Float64Array(data.visibleSize * k);
  for (let e = 0; e < k; e++) {
    const source = Math.floor((e * data.exampleCount) / k);
    for (let f = 0; f < data.visibleSize; f++)
      values[f * k + e] = data.values[f * data.exampleCount + source];
  }
  return { visibleSize: data.visibleSize, exampleCount: k, values };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * `count` examples that show the data's variety, as a visible × count matrix: every `step`-th
 * example, `step` just under m / count and prime to 2, 3, 5 and 7, so the picks spread over the
 * whole set (a set sorted by class shows its classes) and fall on different residues of any short
 * period (a set interleaved by class, example i of class i mod 10, shows different classes too).
 */
export function pickVariedExamples(data: DataMatrix, count: number): DataMatrix {
  const k = Math.max(0, Math.min(count, data.exampleCount));
  let step = Math.max(1, Math.floor(data.exampleCount / Math.max(k, 1)));
  while (step > 1 && gcd(step, 210) !== 1) step -= 1;
  const values = new Float64Array(data.visibleSize * k);
  for (let e = 0; e < k; e++) {
    const source = e * step;
    for (let f = 0; f < data.visibleSize; f++)
      values[f * k + e] = data.values[f * data.exampleCount + source];
  }
  return { visibleSize: data.visibleSize, exampleCount: k, values };
}

/** A visible × k (feature-major) matrix as k examples of `visible` values each. */
function examplesFirst(values: Float64Array, visible: number, k: number): Float32Array {
  const out = new Float32Array(visible * k);
  for (let f = 0; f < visible; f++)
    for (let e = 0; e < k; e++) out[e * visible + f] = values[f * k + e];
  return out;
}

/**
 * W1 (first h·v entries of θ), ρ̂ (from the last evaluation, or the examples' own mean when
 * there was none), and a3 = σ(W2·σ(W1·x + b1) + b2) for the fixed examples, in float64.
 */
export function buildSnapshot(
  theta: Float64Array,
  shape: ModelShape,
  examples: DataMatrix,
  iteration: number,
  meanActivation: Float64Array | null,
): Snapshot {
  const { visibleSize, hiddenSize } = shape;
  const k = examples.exampleCount;
  const { hidden, output } = forwardPass(theta, shape, examples);
  let rhoHat: Float32Array;
  if (meanActivation) rhoHat = Float32Array.from(meanActivation);
  else {
    rhoHat = new Float32Array(hiddenSize);
    for (let j = 0; j < hiddenSize; j++) {
      let sum = 0;
      for (let e = 0; e < k; e++) sum += hidden[j * k + e];
      rhoHat[j] = k > 0 ? sum / k : 0;
    }
  }
  return {
    iteration,
    W1: Float32Array.from(theta.subarray(0, hiddenSize * visibleSize)),
    hiddenSize,
    visibleSize,
    meanActivation: rhoHat,
    inputs: examplesFirst(examples.values as Float64Array, visibleSize, k),
    reconstructions: examplesFirst(output, visibleSize, k),
    count: k,
  };
}
