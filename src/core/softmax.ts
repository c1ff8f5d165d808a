/**
 * Softmax regression as UFLDL defines it: k classes, no intercept, p(y = c | x) ∝ exp(θ_c·x),
 *   J(θ) = −(1/m) Σ_i log p(y_i | x_i) + (λ/2) ‖θ‖²,
 *   ∇_{θ_c} J = −(1/m) Σ_i x_i (1{y_i = c} − p(c | x_i)) + λ θ_c.
 * θ is a vector of k·n values with θ_{c,f} at f·k + c (MATLAB's theta(:) of a k × n matrix, the
 * layout of UFLDL's softmaxCost). Labels are class numbers 0…k−1.
 * This file holds the float64 reference (plain loops over a DataMatrix, features × examples), the
 * starting point and the scoring; softmax-fast.ts holds the fast objective the engine trains with.
 */
import type { Rng } from './rng';
import type { DataMatrix } from './types';

/** UFLDL's weight decay of the softmax exercises, λ = 1e-4. */
export const SOFTMAX_LAMBDA = 1e-4;
/** UFLDL's softmax training: 100 iterations of L-BFGS. */
export const SOFTMAX_ITERATIONS = 100;

export interface SoftmaxShape {
  /** n, the inputs of one example (784 pixels, or the hidden units' activations). */
  inputSize: number;
  /** k, the number of classes. */
  numClasses: number;
}

export interface SoftmaxValue {
  /** J(θ), the decay included. */
  cost: number;
  /** The weight-decay term (λ/2)‖θ‖². */
  decay: number;
  gradient: Float64Array;
}

/** A standard normal draw (Box–Muller) from the project's seeded PRNG. */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng.uniform(); // (0, 1]: log(u) is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
}

/** UFLDL's start: θ = 0.005 · N(0, 1), k·n values. */
export function initialSoftmaxTheta(shape: SoftmaxShape, rng: Rng): Float64Array {
  const theta = new Float64Array(shape.inputSize * shape.numClasses);
  for (let i = 0; i < theta.length; i++) theta[i] = 0.005 * standardNormal(rng);
  return theta;
}

/** Throws a RangeError when the sizes of θ, the data and the labels disagree. */
export function checkSoftmaxInputs(
  theta: Float64Array,
  shape: SoftmaxShape,
  exampleCount: number,
  labels: ArrayLike<number>,
): void {
  const { inputSize, numClasses } = shape;
  if (theta.length !== inputSize * numClasses)
    throw new RangeError(`θ has ${theta.length} values, expected ${inputSize}·${numClasses}`);
  if (labels.length !== exampleCount)
    throw new RangeError(`${labels.length} labels for ${exampleCount} examples`);
  for (let i = 0; i < labels.length; i++)
    if (!(labels[i] >= 0 && labels[i] < numClasses && Number.isInteger(labels[i])))
      throw new RangeError(`label ${labels[i]} at example ${i} is not a class 0…${numClasses - 1}`);
}

/**
 * J(θ) and ∇J(θ) in float64 with plain loops (the yardstick of the fast objective); data is the
 * usual DataMatrix, one example per column.
 */
export function softmaxCostAndGradient(
  theta: Float64Array,
  shape: SoftmaxShape,
  data: DataMatrix,
  labels: ArrayLike<number>,
  lambda: number,
): SoftmaxValue {
  const { numClasses: k, inputSize: n } = shape;
  const m = data.exampleCount;
  if (data.visibleSize !== n) throw new RangeError(`data has ${data.visibleSize} features, θ ${n}`);
  checkSoftmaxInputs(theta, shape, m, labels);
  const x = data.values;
  // z = θ x (k × m)
  const z = new Float64Array(k * m);
  for (let f = 0; f < n; f++)
    for (let c = 0; c < k; c++) {
      const weight = theta[f * k + c];
      if (weight === 0) continue;
      const row = c * m;
      const input = f * m;
      for (let e = 0; e < m; e++) z[row + e] += weight * x[input + e];
    }
  // p = softmax(z) per column; the residual r = p − 1{y = c} overwrites z
  let logLikelihood = 0;
  for (let e = 0; e < m; e++) {
    let largest = -Infinity;
    for (let c = 0; c < k; c++) largest = Math.max(largest, z[c * m + e]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(z[c * m + e] - largest);
    const y = labels[e];
    logLikelihood += z[y * m + e] - largest - Math.log(sum);
    for (let c = 0; c < k; c++)
      z[c * m + e] = Math.exp(z[c * m + e] - largest) / sum - (c === y ? 1 : 0);
  }
  let decay = 0;
  for (let i = 0; i < theta.length; i++) decay += theta[i] * theta[i];
  const gradient = new Float64Array(theta.length);
  for (let f = 0; f < n; f++)
    for (let c = 0; c < k; c++) {
      let sum = 0;
      const row = c * m;
      const input = f * m;
      for (let e = 0; e < m; e++) sum += z[row + e] * x[input + e];
      gradient[f * k + c] = sum / m + lambda * theta[f * k + c];
    }
  return { cost: -logLikelihood / m + (lambda / 2) * decay, decay: (lambda / 2) * decay, gradient };
}

/** The class of largest θ_c·x for each example (ties: the lower class). */
export function softmaxPredictMatrix(
  theta: Float64Array,
  shape: SoftmaxShape,
  data: DataMatrix,
): Uint8Array {
  const { numClasses: k, inputSize: n } = shape;
  const m = data.exampleCount;
  const predictions = new Uint8Array(m);
  const z = new Float64Array(k);
  for (let e = 0; e < m; e++) {
    z.fill(0);
    for (let f = 0; f < n; f++) {
      const v = data.values[f * m + e];
      if (v !== 0) for (let c = 0; c < k; c++) z[c] += theta[f * k + c] * v;
    }
    predictions[e] = argmax(z);
  }
  return predictions;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < values.length; c++) if (values[c] > values[best]) best = c;
  return best;
}

/** The share of predictions equal to the labels. */
export function accuracy(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predictions[i]) right++;
  return labels.length === 0 ? 0 : right / labels.length;
}

/** counts[true·k + predicted]: row = the true class, column = the predicted one. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses: number,
): Uint32Array {
  const counts = new Uint32Array(numClasses * numClasses);
  for (let i = 0; i < labels.length; i++) counts[labels[i] * numClasses + predictions[i]]++;
  return counts;
}
