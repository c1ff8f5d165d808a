/**
 * A cheap lower bound on a tfjs evaluation's time. One evaluation of the sparse autoencoder does
 * five matrix products of hidden × visible × examples multiply-adds each (W1·X, W2·H, W2ᵀ·δ3,
 * δ2·Xᵀ, δ3·Hᵀ), so one of them, W1·X on the probe batch, takes less than the whole evaluation.
 * Timing it costs one small shader and an upload of the probe batch, where a full warm-up compiles
 * dozens of shaders (about a second on a software renderer, during which the worker is blocked);
 * the readback is awaited only as long as the caller allows.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DataMatrix, ModelShape } from '../core/types';
import { within, type PrecheckContext, type PrecheckVerdict } from './backend-probe';

/**
 * On the active tfjs backend: a verdict when W1·X alone is slower than `bestMs` (or than
 * `limitMs` the first time, shader and upload included), else null (the candidate may win).
 */
export async function matrixProductBound(
  data: DataMatrix,
  shape: ModelShape,
  context: PrecheckContext,
): Promise<PrecheckVerdict | null> {
  const { visibleSize, hiddenSize } = shape;
  const count = context.examples;
  const n = data.exampleCount;
  const batch = new Float32Array(visibleSize * count);
  for (let row = 0; row < visibleSize; row++)
    batch.set(data.values.subarray(row * n, row * n + count), row * count);
  const weights = Float32Array.from(context.theta.subarray(0, hiddenSize * visibleSize));
  const owned: tf.Tensor[] = [
    tf.tensor2d(weights, [hiddenSize, visibleSize]),
    tf.tensor2d(batch, [visibleSize, count]),
  ];
  const [W1, X] = owned;
  const release = () => owned.forEach((tensor) => tensor.dispose());

  const timeProduct = async (limitMs: number) => {
    const { clock } = context;
    const started = clock.now();
    const product = tf.matMul(W1, X);
    owned.push(product);
    const read = product.data();
    const outcome = await within(read, limitMs - (clock.now() - started), clock);
    return { outcome, milliseconds: clock.now() - started, read };
  };

  const verdicts = ['its first matrix product alone', 'one of its 5 matrix products alone'];
  const limits = [context.limitMs, context.bestMs];
  for (let attempt = 0; attempt < 2; attempt++) {
    const { outcome, milliseconds, read } = await timeProduct(limits[attempt]);
    if (outcome === 'late') {
      // Free the tensors once the product the GPU is still working on is read.
      void read.then(release, release);
      return { milliseconds, what: verdicts[attempt] };
    }
    if (outcome instanceof Error) {
      release();
      throw outcome;
    }
    if (attempt === 1 && milliseconds > context.bestMs) {
      release();
      return { milliseconds, what: verdicts[attempt] };
    }
  }
  release();
  return null;
}
