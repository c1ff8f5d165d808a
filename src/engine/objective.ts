/**
 * The session's objective J(θ) on the active cost model: guarded against a lost backend, counted,
 * and checked so that a non-finite or all-zero evaluation is never taken for a result.
 */
import { Adam } from '../core/adam';
import type { CostModel } from '../core/cost-model';
import { Lbfgs } from '../core/lbfgs';
import type { Optimizer } from '../core/optimizer';
import { createRng } from '../core/rng';
import type { CostAndGradient } from '../core/types';
import type { BackendController } from './backend';
import { NonFiniteError, diagnoseNonFinite } from './faults';
import type { LiveHyperparameters } from './types';

/** A cost of exactly 0 with an all-zero gradient: what a lost GPU context reads back. */
function isAllZero(result: CostAndGradient): boolean {
  if (result.cost !== 0) return false;
  for (let i = 0; i < result.gradient.length; i++) if (result.gradient[i] !== 0) return false;
  return true;
}

export interface ObjectiveContext {
  model(): Promise<CostModel>;
  hyperparameters(): LiveHyperparameters;
  optimizer: 'lbfgs' | 'adam';
  /** The training data's values: a range outside [0, 1] is named as a fault's cause. */
  data: ArrayLike<number>;
  backend?: BackendController;
  /** Counted once per evaluation. */
  counted(): void;
  /** Told why an evaluation was non-finite (L-BFGS may back off from a non-finite cost). */
  nonFinite(why: string): void;
}

/**
 * J and ∇J. A non-finite cost is handed to L-BFGS, whose line search backs off from it; a
 * non-finite gradient at a finite cost, or anything non-finite for Adam, throws NonFiniteError.
 * An all-zero evaluation throws a plain Error: the backend failed, the session falls back.
 */
export function sessionObjective(context: ObjectiveContext) {
  return async (theta: Float64Array, batch?: Int32Array): Promise<CostAndGradient> => {
    const hyper = context.hyperparameters();
    const pending = (await context.model()).evaluate(theta, hyper, batch);
    const result = await (context.backend ? context.backend.guard(pending) : pending);
    context.counted();
    if (isAllZero(result))
      throw new Error(
        'the backend returned a cost and gradient of exactly 0 (a lost GPU context?)',
      );
    const bad = diagnoseNonFinite(result, hyper, context.optimizer, context.data);
    if (bad) {
      context.nonFinite(bad);
      if (batch || Number.isFinite(result.cost)) throw new NonFiniteError(bad);
    }
    return result;
  };
}

export interface OptimizerSetup {
  kind: 'lbfgs' | 'adam';
  learningRate: number;
  batchSize: number;
  exampleCount: number;
  /** Seeds Adam's minibatches. */
  seed: number;
  /** Where L-BFGS hands back gradients it no longer reads (the cost model's recycle). */
  recycleGradient?: (gradient: Float64Array) => void;
}

/** L-BFGS on all examples (no iteration limit of its own: the session counts), or Adam. */
export function buildOptimizer(
  objective: (theta: Float64Array, batch?: Int32Array) => Promise<CostAndGradient>,
  x0: Float64Array,
  setup: OptimizerSetup,
): Optimizer {
  if (setup.kind === 'adam')
    return new Adam(objective, x0, {
      learningRate: setup.learningRate,
      batchSize: Math.min(setup.batchSize, setup.exampleCount),
      exampleCount: setup.exampleCount,
      rng: createRng(setup.seed),
    });
  return new Lbfgs((theta) => objective(theta), x0, {
    maxIterations: Number.MAX_SAFE_INTEGER,
    maxEvaluations: Number.MAX_SAFE_INTEGER,
    recycleGradient: setup.recycleGradient,
  });
}
