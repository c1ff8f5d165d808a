/**
 * Measuring, not guessing, which cost model is fastest here: the engine can time each candidate
 * on the real data for a few evaluations and keep the quickest.
 */
import type { CostModel } from '../cost-tf';
import type { Hyperparameters } from '../types';

/** Minimum wall-clock ms of `evaluations` cost+gradient evaluations at θ, after one warm-up. */
export async function measureEvaluationMs(
  model: CostModel,
  theta: Float64Array,
  hyper: Hyperparameters,
  evaluations = 3,
): Promise<number> {
  await model.evaluate(theta, hyper);
  let fastest = Infinity;
  for (let i = 0; i < evaluations; i++) {
    const started = performance.now();
    await model.evaluate(theta, hyper);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/** The index of the fastest model (by measureEvaluationMs) and every time measured. */
export async function fastestCostModel(
  models: readonly CostModel[],
  theta: Float64Array,
  hyper: Hyperparameters,
  evaluations = 3,
): Promise<{ index: number; milliseconds: number[] }> {
  const milliseconds: number[] = [];
  for (const model of models)
    milliseconds.push(await measureEvaluationMs(model, theta, hyper, evaluations));
  const index = milliseconds.indexOf(Math.min(...milliseconds));
  return { index, milliseconds };
}
