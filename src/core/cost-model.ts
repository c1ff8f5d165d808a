/**
 * The contract every cost implementation meets (the float64 reference, tfjs, the WebAssembly
 * kernel), and the one place where J is assembled from its sums, so that every implementation
 * reports the same three terms the same way.
 */
import type { CostAndGradient, Hyperparameters, ModelShape } from './types';

export interface CostModel {
  readonly shape: ModelShape;
  readonly exampleCount: number;
  /** J(θ) and ∇J(θ) over all examples, or over the examples listed in `batch`. */
  evaluate(
    theta: Float64Array,
    hyper: Hyperparameters,
    batch?: Int32Array,
  ): Promise<CostAndGradient>;
  /** Frees the uploaded data. */
  dispose(): void;
  /**
   * The hidden activations a2 (hidden × m) and Σ‖a3 − x‖² of the last evaluation over all
   * examples, with its θ; null when the last one was a batch. Models that keep a2 offer it, so
   * the inspector reads what training computed instead of a second forward pass.
   */
  lastActivations?(): LastActivations | null;
  /**
   * Takes back the gradient of an earlier evaluation that its caller no longer reads: a later
   * evaluation may write its gradient there instead of into fresh memory (a θ-sized vector's pages
   * cost more to map than to fill). Optional for models and for callers.
   */
  recycle?(gradient: Float64Array): void;
}

export interface LastActivations {
  theta: Float64Array;
  hidden: Float32Array;
  squaredError: number;
}

/**
 * J from its sums: reconstruction = ½ Σ‖a3 − x‖² / m, weight decay = λ/2 (‖W1‖² + ‖W2‖²),
 * sparsity = β Σ_j KL(ρ ‖ ρ̂_j).
 */
export function assembleCost(
  sums: { squaredError: number; weightSquares: number; divergence: number; count: number },
  hyper: Hyperparameters,
  rest: Pick<CostAndGradient, 'gradient' | 'meanActivation'>,
): CostAndGradient {
  const reconstruction = (0.5 * sums.squaredError) / sums.count;
  const decay = (hyper.lambda / 2) * sums.weightSquares;
  const sparsity = hyper.beta * sums.divergence;
  return {
    cost: reconstruction + decay + sparsity,
    reconstruction,
    decay,
    sparsity,
    ...rest,
  };
}
