/**
 * The sparse autoencoder's cost and gradient as vectorized tfjs ops (float32) on the active
 * backend (WebGL, WASM or CPU). The data matrix is uploaded once; each evaluation uploads θ,
 * runs inside tf.tidy and reads back one packed vector.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkData, parameterCount } from './params';
import type { CostModel } from './cost-model';
import type { DataMatrix, Hyperparameters, ModelShape } from './types';

/**
 * Builds J(θ) = mean ½‖a3 − x‖² + (λ/2)(‖W1‖² + ‖W2‖²) + β Σ KL(ρ‖ρ̂) and its gradient in tfjs ops;
 * returns one vector [∇J (W1, W2, b1, b2), reconstruction, decay, sparsity, ρ̂].
 */
function packedCostAndGradient(
  data: tf.Tensor2D,
  theta: Float64Array,
  shape: ModelShape,
  hyper: Hyperparameters,
  batch: Int32Array | undefined,
): tf.Tensor1D {
  return tf.tidy(() => {
    const { visibleSize, hiddenSize } = shape;
    const { rho, beta, lambda } = hyper;
    const weights = visibleSize * hiddenSize;
    const flat = tf.tensor1d(Float32Array.from(theta), 'float32');
    const W1 = tf.reshape(tf.slice(flat, 0, weights), [hiddenSize, visibleSize]) as tf.Tensor2D;
    const W2 = tf.reshape(tf.slice(flat, weights, weights), [
      visibleSize,
      hiddenSize,
    ]) as tf.Tensor2D;
    const b1 = tf.reshape(tf.slice(flat, 2 * weights, hiddenSize), [hiddenSize, 1]);
    const b2 = tf.reshape(tf.slice(flat, 2 * weights + hiddenSize, visibleSize), [visibleSize, 1]);
    const x = batch ? (tf.gather(data, tf.tensor1d(batch, 'int32'), 1) as tf.Tensor2D) : data;
    const m = x.shape[1];

    const hidden = tf.sigmoid(tf.add(tf.matMul(W1, x), b1)) as tf.Tensor2D;
    const output = tf.sigmoid(tf.add(tf.matMul(W2, hidden), b2)) as tf.Tensor2D;
    const error = tf.sub(output, x);
    // Sum over features first, then average over examples (shorter float32 sums).
    const reconstruction = tf.mul(0.5, tf.mean(tf.sum(tf.square(error), 0)));
    const decay = tf.mul(lambda / 2, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(W2))));
    const meanActivation = tf.mean(hidden, 1);
    const divergence = tf.add(
      tf.mul(rho, tf.log(tf.div(rho, meanActivation))),
      tf.mul(1 - rho, tf.log(tf.div(1 - rho, tf.sub(1, meanActivation)))),
    );
    const sparsity = tf.mul(beta, tf.sum(divergence));
    const sparsityDelta = tf.mul(
      beta,
      tf.add(tf.div(-rho, meanActivation), tf.div(1 - rho, tf.sub(1, meanActivation))),
    );

    const delta3 = tf.mul(error, tf.mul(output, tf.sub(1, output)));
    const delta2 = tf.mul(
      tf.add(tf.matMul(W2, delta3, true, false), tf.reshape(sparsityDelta, [hiddenSize, 1])),
      tf.mul(hidden, tf.sub(1, hidden)),
    );
    const gradW1 = tf.add(tf.div(tf.matMul(delta2, x, false, true), m), tf.mul(lambda, W1));
    const gradW2 = tf.add(tf.div(tf.matMul(delta3, hidden, false, true), m), tf.mul(lambda, W2));
    const gradB1 = tf.mean(delta2, 1);
    const gradB2 = tf.mean(delta3, 1);
    return tf.concat([
      tf.reshape(gradW1, [-1]),
      tf.reshape(gradW2, [-1]),
      gradB1,
      gradB2,
      tf.stack([reconstruction, decay, sparsity]),
      meanActivation,
    ]) as tf.Tensor1D;
  });
}

/** Uploads the data (visible × examples) once and returns an evaluator of J and ∇J on it. */
export function createTfCostModel(data: DataMatrix, shape: ModelShape): CostModel {
  checkData(data, shape);
  const count = parameterCount(shape);
  const values = data.values instanceof Float32Array ? data.values : Float32Array.from(data.values);
  let dataTensor: tf.Tensor2D | null = tf.tensor2d(
    values,
    [data.visibleSize, data.exampleCount],
    'float32',
  );

  return {
    shape,
    exampleCount: data.exampleCount,
    async evaluate(theta, hyper, batch) {
      if (!dataTensor) throw new Error('this cost model has been disposed');
      if (theta.length !== count)
        throw new RangeError(`θ has ${theta.length} values, the model needs ${count}`);
      if (batch && batch.length === 0)
        throw new RangeError('a minibatch needs at least one example');
      const packed = packedCostAndGradient(dataTensor, theta, shape, hyper, batch);
      let result: Float32Array;
      try {
        result = (await packed.data()) as Float32Array;
      } finally {
        packed.dispose();
      }
      const gradient = Float64Array.from(result.subarray(0, count));
      const reconstruction = result[count];
      const decay = result[count + 1];
      const sparsity = result[count + 2];
      return {
        cost: reconstruction + decay + sparsity,
        reconstruction,
        decay,
        sparsity,
        gradient,
        meanActivation: Float64Array.from(result.subarray(count + 3)),
      };
    },
    dispose() {
      dataTensor?.dispose();
      dataTensor = null;
    },
  };
}
