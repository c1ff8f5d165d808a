/**
 * One optimizer iteration of a session, with everything that can happen in it: a live change of
 * ρ, β, λ taking effect, a fresh optimizer (L-BFGS evaluates its start first), a backend that
 * fails (fall back and retry from the last good θ), a non-finite evaluation (a fault), a stop.
 */
import { Adam } from '../core/adam';
import type { CostModel } from '../core/cost-model';
import { Lbfgs } from '../core/lbfgs';
import type { IterationReport, Optimizer } from '../core/optimizer';
import type { CostAndGradient, DataMatrix, ModelShape } from '../core/types';
import { NonFiniteError, allFinite } from './faults';
import { buildOptimizer, sessionObjective } from './objective';
import type { SessionCallbacks, SessionConfig, SessionMode } from './session-api';
import type { LiveHyperparameters, StopReason } from './types';

/** The run's state, shared by the session's loop and its iterations. */
export interface RunRecord {
  mode: SessionMode;
  /** The last finite, accepted parameters. */
  goodTheta: Float64Array;
  lastReport: { cost: number; meanActivation: Float64Array } | null;
  iteration: number;
  /** The run is done at this iteration. */
  limit: number;
  evaluations: number;
  elapsedMs: number;
  hyper: LiveHyperparameters;
  pendingHyper: LiveHyperparameters | null;
  /** Set when the next iteration must build a fresh optimizer at goodTheta. */
  needsNewOptimizer: boolean;
  doneReason: StopReason;
  faultKind: StopReason;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface Iterator {
  /** One iteration; resolves 'retry' when the backend was switched and it has yet to be done. */
  iterate(): Promise<'retry' | void>;
  dispose(): void;
}

export function createIterator(
  config: SessionConfig,
  makeCostModel: (data: DataMatrix, shape: ModelShape) => CostModel | Promise<CostModel>,
  shape: ModelShape,
  callbacks: SessionCallbacks,
  r: RunRecord,
  now: () => number,
): Iterator {
  let costModel: CostModel | null = null;
  let optimizer: Optimizer;
  /** The iteration count of the current optimizer's last report (L-BFGS repeats it on a stop). */
  let optimizerIteration = 0;
  /** Why the last non-finite evaluation of this iteration was bad (null when none was). */
  let badEvaluation: string | null = null;

  const objective = sessionObjective({
    model: async () => (costModel ??= await makeCostModel(config.data, shape)),
    hyperparameters: () => r.hyper,
    optimizer: config.optimizer,
    data: config.data.values,
    backend: config.backend,
    counted: () => r.evaluations++,
    nonFinite: (why) => (badEvaluation = why),
  });

  const emitPoint = (at: number, parts: CostAndGradient | IterationReport, norm: number) =>
    callbacks.onIteration?.({
      iteration: at,
      rho: r.hyper.rho,
      beta: r.hyper.beta,
      lambda: r.hyper.lambda,
      cost: parts.cost,
      reconstruction: parts.reconstruction,
      decay: parts.decay,
      sparsity: parts.sparsity,
      evaluations: r.evaluations,
      elapsedMs: r.elapsedMs,
      gradientNorm: norm,
    });

  const applyPendingHyperparameters = () => {
    if (!r.pendingHyper) return;
    const learningRateChanged = r.pendingHyper.learningRate !== r.hyper.learningRate;
    r.hyper = r.pendingHyper;
    r.pendingHyper = null;
    if (!r.needsNewOptimizer) {
      if (optimizer instanceof Lbfgs) optimizer.setObjective((theta) => objective(theta));
      else if (optimizer instanceof Adam && learningRateChanged && r.hyper.learningRate)
        optimizer.learningRate = r.hyper.learningRate;
    }
    callbacks.onHyperparameters?.(r.iteration, { ...r.hyper });
  };

  const fault = (text: string, kind: 'non-finite' | 'backend-failed') => {
    r.mode = 'faulted';
    r.faultKind = kind;
    r.needsNewOptimizer = true;
    callbacks.onFault?.(
      `${text} Training paused at the last finite parameters (iteration ${r.iteration}).`,
    );
  };

  /** Falls back to the next backend; false when there is none. */
  const switchBackend = async (reason: string): Promise<boolean> => {
    const next = config.backend ? await config.backend.fallback(reason) : null;
    if (!next) return false;
    try {
      costModel?.dispose();
    } catch {
      // The old backend is gone; its tensors went with it.
    }
    costModel = null;
    r.needsNewOptimizer = true;
    callbacks.onBackend?.(next.backend, next.note);
    return true;
  };

  /** A fresh optimizer at the last good θ; L-BFGS evaluates it first (iteration 0 of the chart). */
  const freshOptimizer = async (): Promise<IterationReport | null> => {
    optimizer = buildOptimizer(objective, Float64Array.from(r.goodTheta), {
      kind: config.optimizer,
      learningRate: r.hyper.learningRate ?? 0.01,
      batchSize: config.batchSize ?? 1000,
      exampleCount: config.data.exampleCount,
      seed: config.seed + r.iteration + 1,
      recycleGradient: (gradient) => costModel?.recycle?.(gradient),
    });
    r.needsNewOptimizer = false;
    if (!(optimizer instanceof Lbfgs)) return null;
    const started = now();
    const start = await optimizer.step();
    r.elapsedMs += now() - started;
    optimizerIteration = start.iteration;
    if (r.iteration === 0) {
      r.lastReport = { cost: start.cost, meanActivation: start.meanActivation };
      emitPoint(0, start, start.gradientNorm);
    }
    return start;
  };

  const iterate = async (): Promise<'retry' | void> => {
    applyPendingHyperparameters();
    badEvaluation = null;
    let started = now();
    let report: IterationReport;
    try {
      const start = r.needsNewOptimizer ? await freshOptimizer() : null;
      started = now();
      report = start?.stop ? start : await optimizer.step();
    } catch (error) {
      r.elapsedMs += now() - started;
      if (error instanceof NonFiniteError || badEvaluation)
        return fault(badEvaluation ?? message(error), 'non-finite');
      if (await switchBackend(message(error))) return 'retry';
      return fault(`The cost could not be computed: ${message(error)}.`, 'backend-failed');
    }
    r.elapsedMs += now() - started;
    const x = optimizer.x;
    const finite =
      Number.isFinite(report.cost) && Number.isFinite(report.gradientNorm) && allFinite(x);
    if (!finite || (report.stop === 'line-search-failed' && badEvaluation))
      return fault(
        badEvaluation ??
          'The optimizer produced non-finite parameters. Lower β, raise λ, or lower the learning rate.',
        'non-finite',
      );
    // L-BFGS reports its last iteration again when the line search fails or it has stopped.
    const moved = !(optimizer instanceof Lbfgs) || report.iteration > optimizerIteration;
    optimizerIteration = report.iteration;
    if (moved) {
      r.iteration++;
      // In place: the optimizer reuses x's buffer, and a fresh copy of θ each iteration would
      // map new memory for it (r.goodTheta is handed on only as copies).
      r.goodTheta.set(x);
      r.lastReport = { cost: report.cost, meanActivation: report.meanActivation };
      emitPoint(r.iteration, report, report.gradientNorm);
    }
    const stopReason = report.stop ?? (r.iteration >= r.limit ? 'max-iterations' : null);
    if (stopReason && r.mode !== 'stopped') {
      r.mode = 'done';
      r.doneReason = stopReason;
    }
  };

  return {
    iterate,
    dispose() {
      costModel?.dispose();
      costModel = null;
    },
  };
}
