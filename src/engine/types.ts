/** What a training session reports; shared by the worker protocol, the CLI and the tests. */
import type { OptimizerStop } from '../core/optimizer';
import type { Hyperparameters } from '../core/types';

/** Where a run computes (the list and what each is: backends.ts). */
export type { BackendName } from './backends';
import type { BackendName } from './backends';

/** What may change while a run goes on: ρ, β, λ (and Adam's learning rate). */
export interface LiveHyperparameters extends Hyperparameters {
  /** Adam only; ignored by L-BFGS. */
  learningRate?: number;
}

/** One optimizer iteration as the chart needs it, with the ρ, β, λ it was computed with. */
export interface IterationPoint {
  iteration: number;
  /** ρ, the sparsity target this iteration used. */
  rho: number;
  /** β, the sparsity weight this iteration used. */
  beta: number;
  /** λ, the weight decay this iteration used. */
  lambda: number;
  cost: number;
  reconstruction: number;
  decay: number;
  sparsity: number;
  /** Cost-and-gradient evaluations so far (L-BFGS line search may use several per iteration). */
  evaluations: number;
  /** Training time so far, pauses excluded. */
  elapsedMs: number;
  gradientNorm: number;
}

/** Where a continued run's counters start (its last point before a reload). */
export type StartPoint = Pick<IterationPoint, 'iteration' | 'evaluations' | 'elapsedMs'>;

export type RunState = 'running' | 'paused' | 'done' | 'stopped' | 'faulted';

/**
 * Why a run is no longer running, carried by state events: the optimizer's own stops
 * ('max-iterations', 'gradient-tolerance', 'relative-reduction', 'line-search-failed',
 * 'max-evaluations'), one step taken, back at the start ('reset', 'weights-imported'), a fault
 * ('non-finite': NaN or Inf; 'backend-failed': no backend left), or a run the worker refused.
 * `describeStopReason` (stop-reason.ts) puts each into words.
 */
export type StopReason =
  | OptimizerStop
  | 'step'
  | 'reset'
  | 'weights-imported'
  | 'non-finite'
  | 'backend-failed'
  | 'refused';

/** What the page draws: the filters, ρ̂, and a few examples next to their reconstructions. */
export interface Snapshot {
  iteration: number;
  /** hiddenSize × visibleSize, row-major: row j is hidden unit j's filter. */
  W1: Float32Array;
  hiddenSize: number;
  visibleSize: number;
  /** ρ̂_j for each hidden unit. */
  meanActivation: Float32Array;
  /** `count` fixed examples, visibleSize values each. */
  inputs: Float32Array;
  /** Their reconstructions a3, same layout. */
  reconstructions: Float32Array;
  count: number;
}

export interface GradientCheckResult {
  /** ‖numeric − analytic‖ / ‖numeric + analytic‖, both float64 (UFLDL's check: below 1e-9). */
  relativeDifference: number;
  /** The same with the analytic gradient of the backend that trains (float32). */
  backendRelativeDifference?: number;
  backend?: BackendName;
  /** How many coordinates of θ were checked. */
  parameters: number;
  /** How many examples the check used. */
  examples: number;
}
