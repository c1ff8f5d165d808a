/** The weights a run starts from, and a session's weights as the page exports them. */
import type { Weights } from '../data/weights';
import type { TrainingSession } from '../engine/session';
import type { RunConfig } from './protocol';

/** A session's current weights, with the ρ, β, λ it trains with. */
export const weightsOf = (s: TrainingSession): Weights => ({
  visibleSize: s.shape.visibleSize,
  hiddenSize: s.shape.hiddenSize,
  theta: s.theta,
  hyperparameters: {
    rho: s.hyperparameters.rho,
    beta: s.hyperparameters.beta,
    lambda: s.hyperparameters.lambda,
  },
  iteration: s.iteration,
  cost: s.lastCost,
});

/** θ to start a run from (undefined: the seeded initialisation); throws when the shape differs. */
export function startWeights(
  weights: Weights | null | undefined,
  config: RunConfig,
  visibleSize: number,
): Float64Array | undefined {
  if (!weights) return undefined;
  if (weights.visibleSize !== visibleSize || weights.hiddenSize !== config.hiddenSize)
    throw new RangeError(
      `The weights are for ${weights.visibleSize} visible and ${weights.hiddenSize} hidden units; ` +
        `this run has ${visibleSize} and ${config.hiddenSize}. Change the hidden units or the data.`,
    );
  return weights.theta;
}
