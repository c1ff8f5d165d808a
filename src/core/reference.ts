/**
 * The sparse autoencoder's cost and gradient in float64 with plain loops: the yardstick the
 * tfjs version is tested against, and a fast-enough CPU objective for Node.
 * Arrays are row-major with examples along rows (length m), as the seed's matrices.
 */
import { parameterCount, unpackParameters } from './params';
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

function checkData(data: DataMatrix, shape: ModelShape): void {
  if (data.visibleSize !== shape.visibleSize)
    throw new RangeError(
      `data has ${data.visibleSize} features per example but the model has ${shape.visibleSize} visible units`,
    );
  if (data.values.length !== data.visibleSize * data.exampleCount)
    throw new RangeError(
      `data holds ${data.values.length} values, expected ${data.visibleSize}×${data.exampleCount}`,
    );
  if (data.exampleCount < 1) throw new RangeError('data has no examples');
}

/** rows×m result of weights (rows×inner, row-major) · input (inner×m) + bias, then σ(z) = 1/(1+e^−z). */
function sigmoidLayer(
  weights: Float64Array,
  bias: Float64Array,
  input: Float64Array,
  rows: number,
  inner: number,
  m: number,
): Float64Array {
  const out = new Float64Array(rows * m);
  for (let r = 0; r < rows; r++) {
    const base = r * m;
    for (let k = 0; k < inner; k++) {
      const w = weights[r * inner + k];
      const inBase = k * m;
      for (let e = 0; e < m; e++) out[base + e] += w * input[inBase + e];
    }
    const b = bias[r];
    for (let e = 0; e < m; e++) out[base + e] = 1 / (1 + Math.exp(-(out[base + e] + b)));
  }
  return out;
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
  const hidden = sigmoidLayer(W1, b1, valuesAsFloat64(data), hiddenSize, visibleSize, m);
  const output = sigmoidLayer(W2, b2, hidden, visibleSize, hiddenSize, m);
  return { hidden, output };
}

/** Σ_e a[aRow, e] · b[bRow, e] over m examples. */
function rowDot(a: Float64Array, aRow: number, b: Float64Array, bRow: number, m: number): number {
  let sum = 0;
  const aBase = aRow * m;
  const bBase = bRow * m;
  for (let e = 0; e < m; e++) sum += a[aBase + e] * b[bBase + e];
  return sum;
}

/**
 * J(θ) = (1/m) Σ ½‖a3 − x‖² + (λ/2)(‖W1‖² + ‖W2‖²) + β Σ_j KL(ρ ‖ ρ̂_j) and ∇J, exactly as the
 * seed: δ3 = (a3 − x)⊙a3⊙(1 − a3), δ2 = (W2ᵀδ3 + β(−ρ/ρ̂ + (1−ρ)/(1−ρ̂)))⊙a2⊙(1 − a2),
 * ∂W1 = δ2Xᵀ/m + λW1, ∂W2 = δ3a2ᵀ/m + λW2, ∂b1 = mean(δ2), ∂b2 = mean(δ3).
 */
export function referenceCostAndGradient(
  theta: Float64Array,
  data: DataMatrix,
  shape: ModelShape,
  hyper: Hyperparameters,
): CostAndGradient {
  const { sparsityTarget: rho, sparsityWeight: beta, weightDecay: lambda } = hyper;
  const { visibleSize, hiddenSize } = shape;
  const m = data.exampleCount;
  const x = valuesAsFloat64(data);
  const { hidden, output } = forwardPass(theta, shape, data);
  const { W1, W2 } = unpackParameters(theta, shape);

  const gradient = new Float64Array(parameterCount(shape));
  const gradW1 = gradient.subarray(0, hiddenSize * visibleSize);
  const gradW2 = gradient.subarray(hiddenSize * visibleSize, 2 * hiddenSize * visibleSize);
  const gradB1 = gradient.subarray(
    2 * hiddenSize * visibleSize,
    2 * hiddenSize * visibleSize + hiddenSize,
  );
  const gradB2 = gradient.subarray(2 * hiddenSize * visibleSize + hiddenSize);

  // δ3 and the reconstruction term.
  const delta3 = new Float64Array(visibleSize * m);
  let squaredError = 0;
  for (let i = 0; i < visibleSize * m; i++) {
    const a3 = output[i];
    const error = a3 - x[i];
    squaredError += error * error;
    delta3[i] = error * a3 * (1 - a3);
  }
  const reconstruction = (0.5 * squaredError) / m;

  let weightSquares = 0;
  for (let i = 0; i < W1.length; i++) weightSquares += W1[i] * W1[i] + W2[i] * W2[i];
  const weightDecay = (lambda / 2) * weightSquares;

  // ρ̂, the KL term and its derivative per hidden unit.
  const meanActivation = new Float64Array(hiddenSize);
  const sparsityDelta = new Float64Array(hiddenSize);
  let divergence = 0;
  for (let j = 0; j < hiddenSize; j++) {
    let sum = 0;
    for (let e = 0; e < m; e++) sum += hidden[j * m + e];
    const rhoHat = sum / m;
    meanActivation[j] = rhoHat;
    divergence += rho * Math.log(rho / rhoHat) + (1 - rho) * Math.log((1 - rho) / (1 - rhoHat));
    sparsityDelta[j] = beta * (-rho / rhoHat + (1 - rho) / (1 - rhoHat));
  }
  const sparsity = beta * divergence;

  // ∂W2 = δ3·a2ᵀ/m + λW2 and ∂b2 = mean(δ3).
  for (let i = 0; i < visibleSize; i++) {
    for (let j = 0; j < hiddenSize; j++) {
      const k = i * hiddenSize + j;
      gradW2[k] = rowDot(delta3, i, hidden, j, m) / m + lambda * W2[k];
    }
    let sum = 0;
    for (let e = 0; e < m; e++) sum += delta3[i * m + e];
    gradB2[i] = sum / m;
  }

  // δ2 = (W2ᵀ·δ3 + sparsityDelta)⊙a2⊙(1 − a2).
  const delta2 = new Float64Array(hiddenSize * m);
  for (let j = 0; j < hiddenSize; j++) {
    const base = j * m;
    for (let i = 0; i < visibleSize; i++) {
      const w = W2[i * hiddenSize + j];
      const deltaBase = i * m;
      for (let e = 0; e < m; e++) delta2[base + e] += w * delta3[deltaBase + e];
    }
    const s = sparsityDelta[j];
    let sum = 0;
    for (let e = 0; e < m; e++) {
      const a2 = hidden[base + e];
      const d = (delta2[base + e] + s) * a2 * (1 - a2);
      delta2[base + e] = d;
      sum += d;
    }
    gradB1[j] = sum / m;
    // ∂W1 = δ2·Xᵀ/m + λW1.
    for (let f = 0; f < visibleSize; f++) {
      const k = j * visibleSize + f;
      gradW1[k] = rowDot(delta2, j, x, f, m) / m + lambda * W1[k];
    }
  }

  return {
    cost: reconstruction + weightDecay + sparsity,
    reconstruction,
    weightDecay,
    sparsity,
    gradient,
    meanActivation,
  };
}
