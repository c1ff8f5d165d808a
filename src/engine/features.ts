/**
 * The features an autoencoder gives its inputs: its hidden activations a2 = σ(W1·x + b1) for every
 * example (UFLDL's feedForwardAutoencoder). The one place the self-taught experiment and "Classify
 * with these features" compute them; when the kernel's forward pass lands it replaces this body.
 */
import { unpackParameters } from '../core/params';
import type { SoftmaxInputs } from '../core/softmax-fast';
import type { ModelShape } from '../core/types';

/** a2 of every example of `inputs` (one example after another), as the softmax's inputs. */
export function hiddenFeatures(
  theta: Float64Array,
  shape: ModelShape,
  inputs: SoftmaxInputs,
): SoftmaxInputs {
  const { visibleSize: n, hiddenSize: h } = shape;
  if (inputs.inputSize !== n)
    throw new RangeError(`the inputs have ${inputs.inputSize} values each, the autoencoder ${n}`);
  const { W1, b1 } = unpackParameters(theta, shape);
  // W1ᵀ (visible × hidden) so that one input's weights to every hidden unit are together.
  const weights = new Float64Array(n * h);
  for (let j = 0; j < h; j++) for (let f = 0; f < n; f++) weights[f * h + j] = W1[j * n + f];
  const m = inputs.exampleCount;
  const x = inputs.values;
  const values = new Float32Array(m * h);
  const z = new Float64Array(h);
  for (let e = 0; e < m; e++) {
    z.set(b1);
    for (let f = 0, i = e * n; f < n; f++, i++) {
      const v = x[i];
      if (v === 0) continue;
      const at = f * h;
      for (let j = 0; j < h; j++) z[j] += weights[at + j] * v;
    }
    const out = e * h;
    for (let j = 0; j < h; j++) values[out + j] = 1 / (1 + Math.exp(-z[j]));
  }
  return { inputSize: h, exampleCount: m, values };
}
