/**
 * One training session: data + θ + optimizer (L-BFGS on all examples, or Adam on minibatches) +
 * cost model on the active backend + run state. Progress goes out through callbacks only;
 * the worker, the CLI and the tests drive the same loop (one iteration: iteration.ts).
 */
import { createTfCostModel } from '../core/cost-tf';
import { initialParameters, parameterCount } from '../core/params';
import { createRng } from '../core/rng';
import type { ModelShape } from '../core/types';
import { allFinite } from './faults';
import { createIterator, type RunRecord } from './iteration';
import type { SessionCallbacks, SessionConfig, TrainingSession } from './session-api';
import { buildSnapshot, pickVariedExamples } from './snapshot';
import type { RunState, StopReason } from './types';
import { validateHyperparameters, validateSessionConfig } from './validate';
import { nextMacrotask } from './yield';

export type { SessionCallbacks, SessionConfig, TrainingSession } from './session-api';

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
  const snapshotInterval = config.snapshotIntervalMs ?? 100;
  const checkpointInterval = config.checkpointIntervalMs ?? 1000;
  const examples = pickVariedExamples(config.data, config.snapshotExamples ?? 8);
  const initialTheta = config.initialTheta
    ? Float64Array.from(config.initialTheta)
    : initialParameters(shape, createRng(config.seed));
  const thetaRefused = checkTheta(initialTheta, shape);
  if (thetaRefused) throw new RangeError(thetaRefused);

  const r: RunRecord = {
    mode: 'idle',
    goodTheta: Float64Array.from(initialTheta),
    lastReport: null,
    iteration: config.startAt?.iteration ?? 0,
    limit: config.iterations,
    evaluations: config.startAt?.evaluations ?? 0,
    elapsedMs: config.startAt?.elapsedMs ?? 0,
    hyper: { ...config.hyperparameters },
    pendingHyper: null,
    needsNewOptimizer: true,
    doneReason: 'max-iterations',
    faultKind: 'non-finite',
  };
  const iterator = createIterator(
    config,
    config.createCostModel ?? createTfCostModel,
    shape,
    callbacks,
    r,
    now,
  );
  let loop: Promise<void> | null = null;
  let stepsRequested = 0;
  let lastSnapshotAt = -Infinity;
  let lastCheckpointAt = -Infinity;
  let disposed = false;
  /** The loop has left its last iteration and is reporting; `again` asks for another round. */
  let finishing = false;
  let again = false;

  const emitSnapshot = () => {
    lastSnapshotAt = now();
    const rhoHat = r.lastReport?.meanActivation ?? null;
    callbacks.onSnapshot?.(buildSnapshot(r.goodTheta, shape, examples, r.iteration, rhoHat));
  };
  const emitCheckpoint = () => {
    lastCheckpointAt = now();
    callbacks.onCheckpoint?.(
      Float64Array.from(r.goodTheta),
      r.iteration,
      r.lastReport?.cost ?? NaN,
    );
  };

  const drive = async () => {
    let reason: StopReason | undefined;
    while (!disposed) {
      if (r.mode === 'running') {
        await iterator.iterate();
        if (r.mode === 'running') {
          const t = now();
          if (t - lastSnapshotAt >= snapshotInterval) emitSnapshot();
          if (t - lastCheckpointAt >= checkpointInterval) emitCheckpoint();
          await nextMacrotask();
        }
      } else if (
        stepsRequested > 0 &&
        (r.mode === 'paused' || r.mode === 'idle' || r.mode === 'faulted')
      ) {
        stepsRequested--;
        r.mode = 'paused';
        reason = 'step';
        if ((await iterator.iterate()) === 'retry') stepsRequested++;
      } else break;
    }
    finishing = true;
    stepsRequested = 0;
    if (disposed || r.mode === 'idle') return;
    emitSnapshot();
    emitCheckpoint();
    if (r.mode === 'done') reason = r.doneReason;
    if (r.mode === 'faulted') reason = r.faultKind;
    callbacks.onState?.(r.mode as RunState, reason);
  };

  /**
   * Starts the loop, or keeps the running one. A command given while the loop is already past
   * its last iteration (from a state callback, say) starts it again once it has finished.
   */
  const kick = (): Promise<void> => {
    if (loop && finishing) {
      again = true;
      return loop.then(() => loop ?? undefined);
    }
    loop ??= drive().finally(() => {
      loop = null;
      finishing = false;
      if (again) {
        again = false;
        void kick();
      }
    });
    return loop;
  };

  const run = () => {
    if (r.mode !== 'idle' && r.mode !== 'paused' && r.mode !== 'faulted') return;
    if (r.iteration >= r.limit) {
      r.mode = 'done';
      r.doneReason = 'max-iterations';
      void kick();
      return;
    }
    r.mode = 'running';
    callbacks.onState?.('running');
    void kick();
  };

  const backToStart = async (theta: Float64Array, reason: StopReason) => {
    if (r.mode === 'running') r.mode = 'paused';
    await loop;
    Object.assign(r, {
      goodTheta: Float64Array.from(theta),
      iteration: 0,
      limit: config.iterations,
      evaluations: 0,
      elapsedMs: 0,
      lastReport: null,
      needsNewOptimizer: true,
      mode: 'paused',
    });
    emitSnapshot();
    emitCheckpoint();
    callbacks.onState?.('paused', reason);
  };

  return {
    shape,
    get state() {
      return r.mode;
    },
    get iteration() {
      return r.iteration;
    },
    get limit() {
      return r.limit;
    },
    get evaluations() {
      return r.evaluations;
    },
    get theta() {
      return Float64Array.from(r.goodTheta);
    },
    get hyperparameters() {
      return { ...(r.pendingHyper ?? r.hyper) };
    },
    get lastCost() {
      return r.lastReport?.cost ?? NaN;
    },
    start: run,
    resume: run,
    continue() {
      if (r.mode === 'done' || r.mode === 'stopped' || r.mode === 'faulted') {
        // Another `iterations` from the last good θ, with a fresh optimizer: its stopping tests
        // start afresh.
        r.limit = r.iteration + config.iterations;
        r.needsNewOptimizer = true;
        r.mode = 'paused';
      }
      run();
    },
    pause() {
      if (r.mode === 'running') r.mode = 'paused';
    },
    step() {
      if (r.mode === 'running') {
        r.mode = 'paused';
        return kick();
      }
      if (r.mode !== 'paused' && r.mode !== 'idle' && r.mode !== 'faulted')
        return Promise.resolve();
      stepsRequested++;
      return kick();
    },
    stop() {
      if (r.mode === 'stopped' || r.mode === 'done') return;
      const wasLooping = loop !== null;
      r.mode = 'stopped';
      if (!wasLooping) void kick();
    },
    reset: () => backToStart(initialTheta, 'reset'),
    async setTheta(theta) {
      const refused = checkTheta(theta, shape);
      if (refused) throw new RangeError(refused);
      await backToStart(theta, 'weights-imported');
    },
    setHyperparameters(h) {
      const refused = validateHyperparameters(h);
      if (refused) return refused;
      r.pendingHyper = { ...h };
      return null;
    },
    settled: () => loop ?? Promise.resolve(),
    dispose() {
      disposed = true;
      r.mode = 'stopped';
      if (loop) void loop.then(() => iterator.dispose());
      else iterator.dispose();
    },
  };
}
