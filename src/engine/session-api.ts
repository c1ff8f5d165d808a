/** What a training session takes, reports and offers (the implementation is session.ts). */
import type { CostModel } from '../core/cost-model';
import type { DataMatrix, ModelShape } from '../core/types';
import type { BackendController } from './backend';
import type {
  BackendName,
  IterationPoint,
  LiveHyperparameters,
  RunState,
  Snapshot,
  StartPoint,
  StopReason,
} from './types';

export interface SessionConfig {
  data: DataMatrix;
  hiddenSize: number;
  hyperparameters: LiveHyperparameters;
  optimizer: 'lbfgs' | 'adam';
  /** The run is done after this many iterations (and again after each `continue`). */
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
  /** Falls back to the next backend when the active one fails (lost GPU context, dead helper). */
  backend?: BackendController;
  /** Clock in ms (default performance.now). */
  now?: () => number;
}

export interface SessionCallbacks {
  onIteration?(point: IterationPoint): void;
  onSnapshot?(snapshot: Snapshot): void;
  onState?(state: RunState, reason?: StopReason): void;
  onFault?(message: string): void;
  /** A live change of ρ, β, λ took effect at this iteration. */
  onHyperparameters?(iteration: number, hyperparameters: LiveHyperparameters): void;
  /** The full θ (a copy), on pause, stop, done, fault and about once a second while running. */
  onCheckpoint?(theta: Float64Array, iteration: number, cost: number): void;
  onBackend?(backend: BackendName, note: string): void;
}

export type SessionMode = 'idle' | RunState;

export interface TrainingSession {
  readonly shape: ModelShape;
  readonly state: SessionMode;
  /** Completed iterations. */
  readonly iteration: number;
  /** The iteration at which the run is done (`iterations`, and `iterations` more after each `continue`). */
  readonly limit: number;
  readonly evaluations: number;
  /** The last finite, accepted parameters (a copy). */
  readonly theta: Float64Array;
  readonly hyperparameters: LiveHyperparameters;
  readonly lastCost: number;
  start(): void;
  pause(): void;
  resume(): void;
  /**
   * Goes on from the current θ for another `iterations` (the count goes on): after done, stop or
   * a fault too. While paused or not started it is `resume`.
   */
  continue(): void;
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
