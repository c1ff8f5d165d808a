/** What every optimizer of θ reports and offers; the training loop drives it one step at a time. */
import type { CostAndGradient, CostParts } from './types';

export type OptimizerStop =
  | 'max-iterations'
  | 'gradient-tolerance'
  | 'relative-reduction'
  | 'line-search-failed'
  | 'max-evaluations';

export interface IterationReport extends CostParts {
  /** 0 for the evaluation of the starting point, then 1, 2, … */
  iteration: number;
  /** Cost-and-gradient evaluations so far (line-search trials included). */
  evaluations: number;
  /** ‖∇J‖∞ = max_i |∂J/∂θ_i| at x, the quantity SciPy's pgtol tests. */
  gradientNorm: number;
  /** ρ̂ at x. */
  meanActivation: Float64Array;
  /** Why the optimizer stopped at this iteration, or null when it can go on. */
  stop: OptimizerStop | null;
}

export interface Optimizer {
  /**
   * The current θ (the last accepted point). Do not write to it; copy what must outlive the next
   * step(), which may reuse the buffer.
   */
  readonly x: Float64Array;
  /** Runs one iteration (the first call evaluates the starting point) and reports it. */
  step(): Promise<IterationReport>;
  /** Forgets curvature (L-BFGS pairs, Adam moments), e.g. after the objective changed. */
  resetHistory(): void;
}

/** The report of an iteration whose accepted point was evaluated as `value`. */
export function iterationReport(
  value: CostAndGradient,
  iteration: number,
  evaluations: number,
  stop: OptimizerStop | null,
): IterationReport {
  return {
    iteration,
    evaluations,
    cost: value.cost,
    reconstruction: value.reconstruction,
    decay: value.decay,
    sparsity: value.sparsity,
    gradientNorm: maxAbs(value.gradient),
    meanActivation: value.meanActivation,
    stop,
  };
}

/** max_i |g_i|. */
export function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > largest || Number.isNaN(a)) largest = a;
  }
  return largest;
}

/** aᵀb. */
export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
