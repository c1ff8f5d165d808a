import type { Rng } from './rng';
import type { DataMatrix, ModelShape } from './types';

/** The four parameter blocks of θ, as views into θ (writes go through to θ). */
export interface UnpackedParameters {
  /** hidden × visible, row-major. */
  W1: Float64Array;
  /** visible × hidden, row-major. */
  W2: Float64Array;
  /** hidden. */
  b1: Float64Array;
  /** visible. */
  b2: Float64Array;
}

function checkShape(shape: ModelShape): void {
  const { visibleSize, hiddenSize } = shape;
  if (!(Number.isInteger(visibleSize) && visibleSize >= 1))
    throw new RangeError(`visibleSize must be a positive integer, got ${visibleSize}`);
  if (!(Number.isInteger(hiddenSize) && hiddenSize >= 1))
    throw new RangeError(`hiddenSize must be a positive integer, got ${hiddenSize}`);
}

/** Length of θ: 2·hidden·visible + hidden + visible. */
export function parameterCount(shape: ModelShape): number {
  checkShape(shape);
  return 2 * shape.hiddenSize * shape.visibleSize + shape.hiddenSize + shape.visibleSize;
}

/** The original program's weight range r = √(6 / (visible + hidden + 1)). */
export function initialWeightRange(shape: ModelShape): number {
  return Math.sqrt(6 / (shape.visibleSize + shape.hiddenSize + 1));
}

/**
 * θ = [W1, W2, b1, b2] as the original program initialises it: W ~ U(−r, r) with
 * r = √(6 / (visible + hidden + 1)), drawn W1 then W2 in row-major order; biases 0.
 */
export function initialParameters(shape: ModelShape, rng: Rng): Float64Array {
  const theta = new Float64Array(parameterCount(shape));
  const weightCount = 2 * shape.hiddenSize * shape.visibleSize;
  const range = initialWeightRange(shape);
  for (let i = 0; i < weightCount; i++) theta[i] = (2 * rng.uniform() - 1) * range;
  return theta;
}

/** Views of W1 (h×v), W2 (v×h), b1 (h), b2 (v) into θ, in the original program's layout. */
export function unpackParameters(theta: Float64Array, shape: ModelShape): UnpackedParameters {
  const count = parameterCount(shape);
  if (theta.length !== count)
    throw new RangeError(
      `θ has ${theta.length} values but a ${shape.visibleSize}→${shape.hiddenSize} autoencoder needs ${count}`,
    );
  const weights = shape.hiddenSize * shape.visibleSize;
  return {
    W1: theta.subarray(0, weights),
    W2: theta.subarray(weights, 2 * weights),
    b1: theta.subarray(2 * weights, 2 * weights + shape.hiddenSize),
    b2: theta.subarray(2 * weights + shape.hiddenSize, count),
  };
}

/** Throws a RangeError naming the mismatch when the data does not fit the model. */
export function checkData(data: DataMatrix, shape: ModelShape): void {
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
