/**
 * The features an autoencoder gives its inputs: its hidden activations a2 = σ(W1·x + b1) for every
 * example (UFLDL's feedForwardAutoencoder), from the training's fast path (the kernel's forward
 * pass, src/engine/forward.ts). The one place the self-taught experiment and "Classify with these
 * features" compute them.
 */
import type { SoftmaxInputs } from '../core/softmax-fast';
import type { ModelShape } from '../core/types';
import { createForward } from './forward';

/** a2 of every example of `inputs` (one example after another), as the softmax's inputs. */
export async function hiddenFeatures(
  theta: Float64Array,
  shape: ModelShape,
  inputs: SoftmaxInputs,
): Promise<SoftmaxInputs> {
  const { visibleSize: n, hiddenSize: h } = shape;
  if (inputs.inputSize !== n)
    throw new RangeError(`the inputs have ${inputs.inputSize} values each, the autoencoder ${n}`);
  const m = inputs.exampleCount;
  // The kernel takes one example per column (visible × m); the softmax one per row.
  const columns = new Float32Array(n * m);
  const x = inputs.values;
  for (let e = 0; e < m; e++) for (let f = 0; f < n; f++) columns[f * m + e] = x[e * n + f];
  const forward = await createForward({ visibleSize: n, exampleCount: m, values: columns }, shape);
  try {
    const a2 = forward.hidden(theta);
    const values = new Float32Array(m * h);
    for (let j = 0; j < h; j++) for (let e = 0; e < m; e++) values[e * h + j] = a2[j * m + e];
    return { inputSize: h, exampleCount: m, values };
  } finally {
    forward.dispose();
  }
}
