/**
 * UFLDL's gradient check on a small subset: a few examples, the configured hidden size, and a
 * few random coordinates of θ. The float64 reference gives the numerical gradient by central
 * differences; it is compared with the float64 analytic gradient and, when a cost model is
 * given, with the analytic gradient of the backend that trains.
 */
import type { CostModel } from '../core/cost-model';
import { centralDifference, relativeDifference } from '../core/gradient-check';
import { referenceCostAndGradient } from '../core/reference';
import { createRng } from '../core/rng';
import type { DataMatrix, Hyperparameters, ModelShape } from '../core/types';
import { pickExamples } from './snapshot';
import type { GradientCheckResult } from './types';

export interface GradientCheckOptions {
  data: DataMatrix;
  theta: Float64Array;
  shape: ModelShape;
  hyperparameters: Hyperparameters;
  /** Examples used (default 20). */
  examples?: number;
  /** Coordinates of θ checked (default 50, all when θ is shorter). */
  coordinates?: number;
  seed?: number;
  epsilon?: number;
  /** Builds a cost model on the active backend for the subset, to check it too. */
  createCostModel?: (data: DataMatrix, shape: ModelShape) => CostModel | Promise<CostModel>;
}

/** Distinct random indices into θ, sorted. */
function pickCoordinates(length: number, count: number, seed: number): number[] {
  if (count >= length) return Array.from({ length }, (_, i) => i);
  const rng = createRng(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.int(length));
  return [...chosen].sort((a, b) => a - b);
}

/** n_i = (J(θ + εe_i) − J(θ − εe_i)) / 2ε at the chosen i, against ∂J/∂θ_i. */
export async function checkGradient(options: GradientCheckOptions): Promise<GradientCheckResult> {
  const { shape, hyperparameters } = options;
  const epsilon = options.epsilon ?? 1e-4;
  const subset = pickExamples(options.data, options.examples ?? 20);
  const indices = pickCoordinates(
    options.theta.length,
    options.coordinates ?? 50,
    options.seed ?? 1,
  );
  const cost = (theta: Float64Array) =>
    referenceCostAndGradient(theta, subset, shape, hyperparameters).cost;

  const point = Float64Array.from(options.theta);
  const numeric = indices.map((i) => centralDifference(cost, point, i, epsilon));
  const analytic = referenceCostAndGradient(point, subset, shape, hyperparameters).gradient;
  const result: GradientCheckResult = {
    relativeDifference: relativeDifference(
      numeric,
      indices.map((i) => analytic[i]),
    ),
    parameters: indices.length,
    examples: subset.exampleCount,
  };
  if (options.createCostModel) {
    const model = await options.createCostModel(subset, shape);
    try {
      const onBackend = (await model.evaluate(point, hyperparameters)).gradient;
      result.backendRelativeDifference = relativeDifference(
        numeric,
        indices.map((i) => onBackend[i]),
      );
    } finally {
      model.dispose();
    }
  }
  return result;
}
