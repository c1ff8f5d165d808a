/**
 * One training session: data + θ + optimizer (L-BFGS on all examples, or Adam on minibatches) +
 * cost model on the active tfjs backend + run state. Progress goes out through callbacks only;
 * the worker, the CLI and the tests drive the same loop.
 */
import { Adam } from '../core/adam';
import type { CostModel } from '../core/cost-model';
import { createTfCostModel } from '../core/cost-tf';
import { Lbfgs } from '../core/lbfgs';
import type { IterationReport, Optimizer } from '../core/optimizer';
import { initialParameters, parameterCount } from '../core/params';
import { createRng } from '../core/rng';
import type { CostAndGradient, DataMatrix, ModelShape } from '../core/types';
import type { BackendController } from './backend';
import { NonFiniteError, allFinite, diagnoseNonFinite } from './faults';
import { buildSnapshot, pickExamples } from './snapshot';
import type {
  BackendName,
  IterationPoint,
  LiveHyperparameters,
  RunState,
  Snapshot,
  StartPoint,
} from './types';
import { validateHyperparameters, validateSessionConfig } from './validate';
import { nextMacrotask } from './yield';

export interface SessionConfig {
  data: DataMatrix;
  hiddenSize: number;
  hyperparameters: LiveHyperparameters;
  optimizer: 'lbfgs' | 'adam';
  /** The run is done after this many iterations. */
  iterations: number;
  /** Seeds the initial weights and Adam's minibatches. */
  seed: number;
  /** Adam only. */
  batchSize?: number;
  /** Start here instead of the seeded initialisation. */
  initialTheta?: Float64Array;
  /** Count on from here (a run continued from its checkpoint) instead of from iteration 0. */
  startAt?: StartPoint;
  /** How many examples the snapshot reconstructs (default 8). */
  snapshotExamples?: number;
  /** Least time between two snapshots while running (default 100 ms). */
  snapshotIntervalMs?: number;
  /** Least time between two checkpoints of the full θ while running (default 1000 ms). */
  checkpointIntervalMs?: number;
  /**
   * Builds the cost model (at the first iteration, and again after a backend fallback); by
   * default the tfjs one on the active backend. May be asynchronous (a WebAssembly kernel).
   */
  createCostModel?: (data: DataMatrix, shape: ModelShape) => CostModel | Promise<CostModel>;
  /** Falls back to the next backend when the active one fails (WebGL context lost). */
  backend?: BackendController;
  /** Clock in ms (default performance.now). */
  now?: () => number;
}

export interface SessionCallbacks {
  onIteration?(point: IterationPoint): void;
  onSnapshot?(snapshot: Snapshot): void;
  onState?(state: RunState, reason?: string): void;
  onFault?(message: string): void;
  /** A live change of ρ, β, λ took effect at this iteration. */
  onHyperparameters?(iteration: number, hyperparameters: LiveHyperparameters): void;
  /** The full θ (a copy), on pause, stop, done, fault and about once a second while running. */
  onCheckpoint?(theta: Float64Array, iteration: number, cost: number): void;
  onBackend?(backend: BackendName, note: string): void;
}

type Mode = 'idle' | RunState;

export interface TrainingSession {
  readonly shape: ModelShape;
  readonly state: Mode;
  /** Completed iterations. */
  readonly iteration: number;
  readonly evaluations: number;
  /** The last finite, accepted parameters (a copy). */
  readonly theta: Float64Array;
  readonly hyperparameters: LiveHyperparameters;
  readonly lastCost: number;
  start(): void;
  pause(): void;
  resume(): void;
  /** Exactly one optimizer iteration, then paused; resolves when it is done. */
  step(): Promise<void>;
  stop(): void;
  /** Back to the initial θ at iteration 0, paused. */
  reset(): Promise<void>;
  /** Replaces θ (same shape), paused at iteration 0. */
  setTheta(theta: Float64Array): Promise<void>;
  /** The reason it is refused, or null when it applies from the next iteration. */
  setHyperparameters(h: LiveHyperparameters): string | null;
  /** Resolves when the loop is idle (paused, done, stopped or faulted). */
  settled(): Promise<void>;
  dispose(): void;
}

/** Why θ cannot be the parameters of this shape, or null. */
function checkTheta(theta: Float64Array, shape: ModelShape): string | null {
  const count = parameterCount(shape);
  if (theta.length !== count)
    return `The weights hold ${theta.length} values; a ${shape.visibleSize}→${shape.hiddenSize} autoencoder needs ${count}.`;
  if (!allFinite(theta)) return 'The weights hold NaN or infinite values.';
  return null;
}

/** Creates a session; throws a RangeError naming the setting when the configuration is refused. */
export function createSession(
  config: SessionConfig,
  callbacks: SessionCallbacks = {},
): TrainingSession {
  const refusal = validateSessionConfig(config);
  if (refusal) throw new RangeError(refusal);
  const shape: ModelShape = { visibleSize: config.data.visibleSize, hiddenSize: config.hiddenSize };
  const now = config.now ?? (() => performance.now());
  const makeCostModel = config.createCostModel ?? createTfCostModel;
  const snapshotInterval = config.snapshotIntervalMs ?? 100;
  const checkpointInterval = config.checkpointIntervalMs ?? 1000;
  const examples = pickExamples(config.data, config.snapshotExamples ?? 8);
  const initialTheta = config.initialTheta
    ? Float64Array.from(config.initialTheta)
    : initialParameters(shape, createRng(config.seed));
  const thetaRefused = checkTheta(initialTheta, shape);
  if (thetaRefused) throw new RangeError(thetaRefused);

  let hyper: LiveHyperparameters = { ...config.hyperparameters };
  let pendingHyper: LiveHyperparameters | null = null;
  let costModel: CostModel | null = null;
  const model = async (): Promise<CostModel> =>
    (costModel ??= await makeCostModel(config.data, shape));
  let mode: Mode = 'idle';
  let goodTheta = Float64Array.from(initialTheta);
  let lastReport: { cost: number; meanActivation: Float64Array } | null = null;
  let iteration = config.startAt?.iteration ?? 0;
  let evaluations = config.startAt?.evaluations ?? 0;
  let elapsedMs = config.startAt?.elapsedMs ?? 0;
  let optimizer: Optimizer;
  let needsNewOptimizer = true;
  let loop: Promise<void> | null = null;
  let stepsRequested = 0;
  let lastSnapshotAt = -Infinity;
  let lastCheckpointAt = -Infinity;
  let disposed = false;
  let doneReason = '';
  let faultKind = '';
  /** The iteration count of the current optimizer's last report (L-BFGS repeats it on a stop). */
  let optimizerIteration = 0;

  /** Why the last non-finite evaluation of this iteration was bad (null when none was). */
  let badEvaluation: string | null = null;

  /**
   * J and ∇J on the active backend. A non-finite cost is handed to L-BFGS, whose line search
   * backs off from it; a non-finite gradient at a finite cost, or anything non-finite for Adam,
   * stops the iteration at once.
   */
  const objective = async (theta: Float64Array, batch?: Int32Array): Promise<CostAndGradient> => {
    const pending = (await model()).evaluate(theta, hyper, batch);
    const result = await (config.backend ? config.backend.guard(pending) : pending);
    evaluations++;
    const bad = diagnoseNonFinite(result, hyper, config.optimizer, config.data.values);
    if (bad) {
      badEvaluation = bad;
      if (batch || Number.isFinite(result.cost)) throw new NonFiniteError(bad);
    }
    return result;
  };

  const buildOptimizer = (x0: Float64Array): Optimizer => {
    if (config.optimizer === 'adam') {
      return new Adam((theta, batch) => objective(theta, batch), x0, {
        learningRate: hyper.learningRate ?? 0.01,
        batchSize: Math.min(config.batchSize ?? 1000, config.data.exampleCount),
        exampleCount: config.data.exampleCount,
        rng: createRng(config.seed + iteration + 1),
      });
    }
    return new Lbfgs((theta) => objective(theta), x0, { maxIterations: Number.MAX_SAFE_INTEGER });
  };

  function emitPoint(at: number, parts: CostAndGradient | IterationReport, gradientNorm: number) {
    callbacks.onIteration?.({
      iteration: at,
      cost: parts.cost,
      reconstruction: parts.reconstruction,
      decay: parts.decay,
      sparsity: parts.sparsity,
      evaluations,
      elapsedMs,
      gradientNorm,
    });
  }

  const emitSnapshot = () => {
    lastSnapshotAt = now();
    callbacks.onSnapshot?.(
      buildSnapshot(goodTheta, shape, examples, iteration, lastReport?.meanActivation ?? null),
    );
  };
  const emitCheckpoint = () => {
    lastCheckpointAt = now();
    callbacks.onCheckpoint?.(Float64Array.from(goodTheta), iteration, lastReport?.cost ?? NaN);
  };

  const applyPendingHyperparameters = () => {
    if (!pendingHyper) return;
    const learningRateChanged = pendingHyper.learningRate !== hyper.learningRate;
    hyper = pendingHyper;
    pendingHyper = null;
    if (!needsNewOptimizer) {
      if (optimizer instanceof Lbfgs) optimizer.setObjective((theta) => objective(theta));
      else if (optimizer instanceof Adam && learningRateChanged && hyper.learningRate)
        optimizer.learningRate = hyper.learningRate;
    }
    callbacks.onHyperparameters?.(iteration, { ...hyper });
  };

  const fault = (message: string, kind: 'non-finite cost' | 'backend failed') => {
    mode = 'faulted';
    faultKind = kind;
    needsNewOptimizer = true;
    callbacks.onFault?.(message);
  };

  const paused = `Training paused at the last finite parameters (iteration`;

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
    needsNewOptimizer = true;
    callbacks.onBackend?.(next.backend, next.note);
    return true;
  };

  /** A fresh optimizer at the last good θ; L-BFGS evaluates it first (iteration 0 of the chart). */
  const freshOptimizer = async (): Promise<IterationReport | null> => {
    optimizer = buildOptimizer(Float64Array.from(goodTheta));
    needsNewOptimizer = false;
    if (!(optimizer instanceof Lbfgs)) return null;
    const started = now();
    const start = await optimizer.step();
    elapsedMs += now() - started;
    optimizerIteration = start.iteration;
    if (iteration === 0) {
      lastReport = { cost: start.cost, meanActivation: start.meanActivation };
      emitPoint(0, start, start.gradientNorm);
    }
    return start;
  };

  /**
   * One optimizer iteration; on failure, the mode says what happened. Resolves 'retry' when the
   * backend was switched and the iteration has yet to be done.
   */
  const iterate = async (): Promise<'retry' | void> => {
    applyPendingHyperparameters();
    badEvaluation = null;
    let started = now();
    let report: IterationReport;
    try {
      const start = needsNewOptimizer ? await freshOptimizer() : null;
      started = now();
      report = start?.stop ? start : await optimizer.step();
    } catch (error) {
      elapsedMs += now() - started;
      if (error instanceof NonFiniteError || badEvaluation) {
        fault(
          `${badEvaluation ?? (error as Error).message} ${paused} ${iteration}).`,
          'non-finite cost',
        );
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (await switchBackend(reason)) return 'retry';
      fault(
        `The cost could not be computed: ${reason}. ${paused} ${iteration}).`,
        'backend failed',
      );
      return;
    }
    elapsedMs += now() - started;
    const x = optimizer.x;
    const finite =
      Number.isFinite(report.cost) && Number.isFinite(report.gradientNorm) && allFinite(x);
    if (!finite || (report.stop === 'line-search-failed' && badEvaluation)) {
      const why =
        badEvaluation ??
        'The optimizer produced non-finite parameters. Lower β, raise λ, or lower the learning rate.';
      fault(`${why} ${paused} ${iteration}).`, 'non-finite cost');
      return;
    }
    // L-BFGS reports its last iteration again when the line search fails or it has stopped.
    const moved = !(optimizer instanceof Lbfgs) || report.iteration > optimizerIteration;
    optimizerIteration = report.iteration;
    if (moved) {
      iteration++;
      goodTheta = Float64Array.from(x);
      lastReport = { cost: report.cost, meanActivation: report.meanActivation };
      emitPoint(iteration, report, report.gradientNorm);
    }
    const stopReason = report.stop ?? (iteration >= config.iterations ? 'max-iterations' : null);
    if (stopReason && mode !== 'stopped') {
      mode = 'done';
      doneReason = stopReason;
    }
  };

  const drive = async () => {
    let reason: string | undefined;
    while (!disposed) {
      if (mode === 'running') {
        await iterate();
        if (mode === 'running') {
          const t = now();
          if (t - lastSnapshotAt >= snapshotInterval) emitSnapshot();
          if (t - lastCheckpointAt >= checkpointInterval) emitCheckpoint();
          await nextMacrotask();
        }
      } else if (
        stepsRequested > 0 &&
        (mode === 'paused' || mode === 'idle' || mode === 'faulted')
      ) {
        stepsRequested--;
        mode = 'paused';
        reason = 'step';
        if ((await iterate()) === 'retry') stepsRequested++;
      } else break;
    }
    stepsRequested = 0;
    if (disposed || mode === 'idle') return;
    emitSnapshot();
    emitCheckpoint();
    if (mode === 'done') reason = doneReason;
    if (mode === 'faulted') reason = faultKind;
    callbacks.onState?.(mode as RunState, reason);
  };

  const kick = (): Promise<void> => {
    if (!loop) loop = drive().finally(() => (loop = null));
    return loop;
  };

  const run = () => {
    if (mode !== 'idle' && mode !== 'paused' && mode !== 'faulted') return;
    if (iteration >= config.iterations) {
      mode = 'done';
      doneReason = 'max-iterations';
      void kick();
      return;
    }
    mode = 'running';
    callbacks.onState?.('running');
    void kick();
  };

  const backToStart = async (theta: Float64Array, reason: string) => {
    if (mode === 'running') mode = 'paused';
    await loop;
    goodTheta = Float64Array.from(theta);
    iteration = 0;
    evaluations = 0;
    elapsedMs = 0;
    lastReport = null;
    needsNewOptimizer = true;
    mode = 'paused';
    emitSnapshot();
    emitCheckpoint();
    callbacks.onState?.('paused', reason);
  };

  return {
    shape,
    get state() {
      return mode;
    },
    get iteration() {
      return iteration;
    },
    get evaluations() {
      return evaluations;
    },
    get theta() {
      return Float64Array.from(goodTheta);
    },
    get hyperparameters() {
      return { ...(pendingHyper ?? hyper) };
    },
    get lastCost() {
      return lastReport?.cost ?? NaN;
    },
    start: run,
    resume: run,
    pause() {
      if (mode === 'running') mode = 'paused';
    },
    step() {
      if (mode === 'running') {
        mode = 'paused';
        return kick();
      }
      if (mode !== 'paused' && mode !== 'idle' && mode !== 'faulted') return Promise.resolve();
      stepsRequested++;
      return kick();
    },
    stop() {
      if (mode === 'stopped' || mode === 'done') return;
      const wasLooping = loop !== null;
      mode = 'stopped';
      if (!wasLooping) void kick();
    },
    reset: () => backToStart(initialTheta, 'reset'),
    async setTheta(theta) {
      const refused = checkTheta(theta, shape);
      if (refused) throw new RangeError(refused);
      await backToStart(theta, 'weights imported');
    },
    setHyperparameters(h) {
      const refused = validateHyperparameters(h);
      if (refused) return refused;
      pendingHyper = { ...h };
      return null;
    },
    settled: () => loop ?? Promise.resolve(),
    dispose() {
      disposed = true;
      mode = 'stopped';
      const finish = () => {
        costModel?.dispose();
        costModel = null;
      };
      if (loop) void loop.then(finish);
      else finish();
    },
  };
}
