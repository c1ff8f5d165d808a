/**
 * Trains softmax regression as UFLDL's softmaxTrain does: L-BFGS for 100 iterations (or until a
 * stopping rule of lbfgs.ts holds) from θ = 0.005·N(0, 1) drawn with the seeded PRNG.
 */
import { Lbfgs } from './lbfgs';
import type { OptimizerStop } from './optimizer';
import { createRng } from './rng';
import {
  SOFTMAX_ITERATIONS,
  initialSoftmaxTheta,
  type SoftmaxShape,
  type SoftmaxValue,
} from './softmax';
import type { CostAndGradient } from './types';

export interface SoftmaxTrainOptions {
  /** L-BFGS iterations (UFLDL: 100). */
  iterations?: number;
  /** Seeds θ's start. */
  seed?: number;
  /** Start here instead of the seeded draw. */
  initialTheta?: Float64Array;
  /**
   * After each iteration (0 = the start); may return a promise (the worker yields there so that
   * a cancel gets through). Returning false stops the training.
   */
  onIteration?: (iteration: number, cost: number) => void | boolean | Promise<void | boolean>;
}

export interface SoftmaxModel {
  theta: Float64Array;
  iterations: number;
  cost: number;
  /** Why L-BFGS stopped, or 'cancelled'. */
  stop: OptimizerStop | 'cancelled';
}

/** The autoencoder's cost parts do not apply to softmax; L-BFGS needs only J and ∇J. */
const NO_ACTIVATION = new Float64Array(0);
const asCostAndGradient = (value: SoftmaxValue): CostAndGradient => ({
  cost: value.cost,
  gradient: value.gradient,
  reconstruction: value.cost - value.decay,
  decay: value.decay,
  sparsity: 0,
  meanActivation: NO_ACTIVATION,
});

/** Minimises J(θ) (an objective of softmax.ts or softmax-fast.ts) with L-BFGS. */
export async function trainSoftmax(
  objective: (theta: Float64Array) => SoftmaxValue,
  shape: SoftmaxShape,
  options: SoftmaxTrainOptions = {},
): Promise<SoftmaxModel> {
  const iterations = options.iterations ?? SOFTMAX_ITERATIONS;
  const start = options.initialTheta ?? initialSoftmaxTheta(shape, createRng(options.seed ?? 0));
  const optimizer = new Lbfgs((theta) => asCostAndGradient(objective(theta)), start, {
    maxIterations: iterations,
  });
  for (;;) {
    const report = await optimizer.step();
    const go = await options.onIteration?.(report.iteration, report.cost);
    if (report.stop || go === false)
      return {
        theta: Float64Array.from(optimizer.x),
        iterations: report.iteration,
        cost: report.cost,
        stop: report.stop ?? 'cancelled',
      };
  }
}
