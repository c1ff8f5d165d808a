/**
 * The fast softmax objective the engine trains with: the same J(θ) and ∇J(θ) as softmax.ts's
 * float64 reference, over examples stored one after another as float32 (an example's n inputs
 * together, as image files hold them), in one pass per evaluation: for each example, z = θ·x,
 * p = softmax(z), then ∇ += x (p − 1{y = c}). Only the non-zero inputs are kept (compressed once,
 * per example), so raw MNIST, mostly dark pixels, costs about a fifth of its dense size. Sums are
 * float64.
 */
import { SOFTMAX_LAMBDA, argmax, checkSoftmaxInputs, type SoftmaxShape } from './softmax';
import type { SoftmaxValue } from './softmax';
import type { DataMatrix } from './types';

/** Examples one after another: example e's inputs at e·inputSize … (e+1)·inputSize − 1. */
export interface SoftmaxInputs {
  inputSize: number;
  exampleCount: number;
  values: Float32Array;
}

/** A DataMatrix (one example per column) as SoftmaxInputs (one example per row). */
export function inputsFromMatrix(data: DataMatrix): SoftmaxInputs {
  const { visibleSize: n, exampleCount: m } = data;
  const values = new Float32Array(n * m);
  for (let f = 0; f < n; f++) {
    const row = f * m;
    for (let e = 0; e < m; e++) values[e * n + f] = data.values[row + e];
  }
  return { inputSize: n, exampleCount: m, values };
}

/** Images of bytes (image i at i·size) as inputs pixel/255, the images chosen by `indices`. */
export function inputsFromPixels(
  pixels: Uint8Array,
  size: number,
  indices: ArrayLike<number>,
): SoftmaxInputs {
  const values = new Float32Array(size * indices.length);
  for (let e = 0; e < indices.length; e++) {
    const from = indices[e] * size;
    const to = e * size;
    for (let p = 0; p < size; p++) values[to + p] = pixels[from + p] / 255;
  }
  return { inputSize: size, exampleCount: indices.length, values };
}

/** The non-zero inputs of every example: example e's at starts[e] … starts[e+1] − 1. */
interface CompressedInputs {
  starts: Int32Array;
  index: Int32Array;
  value: Float32Array;
}

function compress(inputs: SoftmaxInputs): CompressedInputs {
  const { inputSize: n, exampleCount: m, values } = inputs;
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero++;
  const starts = new Int32Array(m + 1);
  const index = new Int32Array(nonZero);
  const value = new Float32Array(nonZero);
  let at = 0;
  for (let e = 0; e < m; e++) {
    starts[e] = at;
    for (let f = 0, i = e * n; f < n; f++, i++)
      if (values[i] !== 0) {
        index[at] = f;
        value[at++] = values[i];
      }
  }
  starts[m] = at;
  return { starts, index, value };
}

/** θ_c·x for one example (its non-zero inputs from..to) into z (k values). */
function scores(
  theta: Float64Array,
  k: number,
  inputs: CompressedInputs,
  from: number,
  to: number,
  z: Float64Array,
): void {
  z.fill(0);
  const { index, value } = inputs;
  for (let i = from; i < to; i++) {
    const v = value[i];
    const at = index[i] * k;
    for (let c = 0; c < k; c++) z[c] += theta[at + c] * v;
  }
}

/** J(θ) and ∇J(θ) (SoftmaxValue) over SoftmaxInputs; λ defaults to UFLDL's 1e-4. */
export function softmaxObjective(
  inputs: SoftmaxInputs,
  labels: ArrayLike<number>,
  numClasses: number,
  lambda = SOFTMAX_LAMBDA,
): (theta: Float64Array) => SoftmaxValue {
  const shape: SoftmaxShape = { inputSize: inputs.inputSize, numClasses };
  const m = inputs.exampleCount;
  const k = numClasses;
  const compressed = compress(inputs);
  const { starts, index, value } = compressed;
  const z = new Float64Array(k);
  return (theta) => {
    checkSoftmaxInputs(theta, shape, m, labels);
    const gradient = new Float64Array(theta.length);
    let logLikelihood = 0;
    for (let e = 0; e < m; e++) {
      const from = starts[e];
      const to = starts[e + 1];
      scores(theta, k, compressed, from, to, z);
      let largest = -Infinity;
      for (let c = 0; c < k; c++) if (z[c] > largest) largest = z[c];
      let sum = 0;
      for (let c = 0; c < k; c++) {
        z[c] = Math.exp(z[c] - largest);
        sum += z[c];
      }
      const y = labels[e];
      logLikelihood += Math.log(z[y] / sum);
      for (let c = 0; c < k; c++) z[c] = z[c] / sum - (c === y ? 1 : 0);
      for (let i = from; i < to; i++) {
        const v = value[i];
        const at = index[i] * k;
        for (let c = 0; c < k; c++) gradient[at + c] += z[c] * v;
      }
    }
    let decay = 0;
    for (let i = 0; i < theta.length; i++) {
      decay += theta[i] * theta[i];
      gradient[i] = gradient[i] / m + lambda * theta[i];
    }
    return {
      cost: -logLikelihood / m + (lambda / 2) * decay,
      decay: (lambda / 2) * decay,
      gradient,
    };
  };
}

/** The predicted class of every example: argmax_c θ_c·x. */
export function softmaxPredict(
  theta: Float64Array,
  inputs: SoftmaxInputs,
  numClasses: number,
): Uint8Array {
  const m = inputs.exampleCount;
  const compressed = compress(inputs);
  const z = new Float64Array(numClasses);
  const predictions = new Uint8Array(m);
  for (let e = 0; e < m; e++) {
    scores(theta, numClasses, compressed, compressed.starts[e], compressed.starts[e + 1], z);
    predictions[e] = argmax(z);
  }
  return predictions;
}
