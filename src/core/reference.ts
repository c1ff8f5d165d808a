/**
 * The sparse autoencoder's cost and gradient in float64 with plain loops: the yardstick the
 * tfjs version is tested against, and a fast-enough CPU objective for Node.
 * Arrays are row-major with examples along rows (length m), as the original program's matrices.
 */
import { assembleCost } from './cost-model';
import { checkData, parameterCount, unpackParameters } from './params';
import { BLOCK, accumulateProduct, accumulateRowProducts } from './reference-products';
import type { CostAndGradient, DataMatrix, Hyperparameters, ModelShape } from './types';

const float64Copies = new WeakMap<Float32Array, Float64Array>();

/** The data values as Float64Array (a float32 matrix is widened once and cached). */
function valuesAsFloat64(data: DataMatrix): Float64Array {
  const values = data.values;
  if (values instanceof Float64Array) return values;
  let copy = float64Copies.get(values);
  if (!copy) {
    copy = Float64Array.from(values);
    float64Copies.set(values, copy);
  }
  return copy;
}

/** a2 = σ(W1·X + b1) for all m examples (hidden × m, row-major), σ(z) = 1/(1 + e^−z). */
function hiddenActivations(
  W1: Float64Array,
  b1: Float64Array,
  x: Float64Array,
  shape: ModelShape,
  m: number,
): Float64Array {
  const { visibleSize, hiddenSize } = shape;
  const hidden = new Float64Array(hiddenSize * m);
  for (let start = 0; start < m; start += BLOCK) {
    const width = Math.min(BLOCK, m - start);
    accumulateProduct(hidden, m, start, W1, false, hiddenSize, visibleSize, x, m, start, width);
    for (let j = 0; j < hiddenSize; j++) {
      const o = j * m + start;
      for (let e = 0; e < width; e++) hidden[o + e] = 1 / (1 + Math.exp(-(hidden[o + e] + b1[j])));
    }
  }
  return hidden;
}

/** a2 = σ(W1·X + b1) (hidden × m) and a3 = σ(W2·a2 + b2) (visible × m), row-major. */
export function forwardPass(
  theta: Float64Array,
  shape: ModelShape,
  data: DataMatrix,
): { hidden: Float64Array; output: Float64Array } {
  checkData(data, shape);
  const { W1, W2, b1, b2 } = unpackParameters(theta, shape);
  const { visibleSize, hiddenSize } = shape;
  const m = data.exampleCount;
  const hidden = hiddenActivations(W1, b1, valuesAsFloat64(data), shape, m);
  const output = new Float64Array(visibleSize * m);
  accumulateProduct(output, m, 0, W2, false, visibleSize, hiddenSize, hidden, m, 0, m);
  for (let i = 0; i < visibleSize; i++)
    for (let e = 0; e < m; e++)
      output[i * m + e] = 1 / (1 + Math.exp(-(output[i * m + e] + b2[i])));
  return { hidden, output };
}

/**
 * J(θ) = (1/m) Σ ½‖a3 − x‖² + (λ/2)(‖W1‖² + ‖W2‖²) + β Σ_j KL(ρ ‖ ρ̂_j) and ∇J, exactly as the
 * seed: δ3 = (a3 − x)⊙a3⊙(1 − a3), δ2 = (W2ᵀ·δ3 + β(−ρ/ρ̂ + (1−ρ)/(1−ρ̂)))⊙a2⊙(1 − a2),
 * ∂W1 = δ2·Xᵀ/m + λW1, ∂W2 = δ3·a2ᵀ/m + λW2, ∂b1 = mean(δ2), ∂b2 = mean(δ3).
 */
export function referenceCostAndGradient(
  theta: Float64Array,
  data: DataMatrix,
  shape: ModelShape,
  hyper: Hyperparameters,
): CostAndGradient {
  checkData(data, shape);
  const { rho, beta, lambda } = hyper;
  const { visibleSize: v, hiddenSize: h } = shape;
  const m = data.exampleCount;
  const x = valuesAsFloat64(data);
  const { W1, W2, b1, b2 } = unpackParameters(theta, shape);
  const gradient = new Float64Array(parameterCount(shape));
  const gradW1 = gradient.subarray(0, h * v);
  const gradW2 = gradient.subarray(h * v, 2 * h * v);
  const gradB1 = gradient.subarray(2 * h * v, 2 * h * v + h);
  const gradB2 = gradient.subarray(2 * h * v + h);

  // ρ̂ needs every example before any δ2: a2 first, then the KL term and its derivative.
  const hidden = hiddenActivations(W1, b1, x, shape, m);
  const meanActivation = new Float64Array(h);
  const sparsityDelta = new Float64Array(h);
  let divergence = 0;
  for (let j = 0; j < h; j++) {
    let sum = 0;
    for (let e = 0; e < m; e++) sum += hidden[j * m + e];
    const rhoHat = sum / m;
    meanActivation[j] = rhoHat;
    divergence += rho * Math.log(rho / rhoHat) + (1 - rho) * Math.log((1 - rho) / (1 - rhoHat));
    sparsityDelta[j] = beta * (-rho / rhoHat + (1 - rho) / (1 - rhoHat));
  }

  // Then block by block: a3, δ3, δ2 and the sums of the gradient.
  const delta3 = new Float64Array(v * BLOCK);
  const delta2 = new Float64Array(h * BLOCK);
  let squaredError = 0;
  for (let start = 0; start < m; start += BLOCK) {
    const width = Math.min(BLOCK, m - start);
    delta3.fill(0);
    accumulateProduct(delta3, BLOCK, 0, W2, false, v, h, hidden, m, start, width);
    for (let i = 0; i < v; i++) {
      let sum = 0;
      for (let e = 0; e < width; e++) {
        const a3 = 1 / (1 + Math.exp(-(delta3[i * BLOCK + e] + b2[i])));
        const error = a3 - x[i * m + start + e];
        squaredError += error * error;
        const d = error * a3 * (1 - a3);
        delta3[i * BLOCK + e] = d;
        sum += d;
      }
      gradB2[i] += sum;
      accumulateRowProducts(gradW2, i * h, delta3, i * BLOCK, hidden, m, start, h, width);
    }
    delta2.fill(0);
    accumulateProduct(delta2, BLOCK, 0, W2, true, h, v, delta3, BLOCK, 0, width);
    for (let j = 0; j < h; j++) {
      let sum = 0;
      for (let e = 0; e < width; e++) {
        const a2 = hidden[j * m + start + e];
        const d = (delta2[j * BLOCK + e] + sparsityDelta[j]) * a2 * (1 - a2);
        delta2[j * BLOCK + e] = d;
        sum += d;
      }
      gradB1[j] += sum;
      accumulateRowProducts(gradW1, j * v, delta2, j * BLOCK, x, m, start, v, width);
    }
  }

  let weightSquares = 0;
  for (let k = 0; k < h * v; k++) {
    weightSquares += W1[k] * W1[k] + W2[k] * W2[k];
    gradW1[k] = gradW1[k] / m + lambda * W1[k];
    gradW2[k] = gradW2[k] / m + lambda * W2[k];
  }
  for (let j = 0; j < h; j++) gradB1[j] /= m;
  for (let i = 0; i < v; i++) gradB2[i] /= m;

  return assembleCost({ squaredError, weightSquares, divergence, count: m }, hyper, {
    gradient,
    meanActivation,
  });
}
