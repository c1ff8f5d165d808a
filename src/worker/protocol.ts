/**
 * Every message between the page and the training worker, both ways, in one place.
 * Commands go page → worker, events come back. Run-scoped messages carry the runId the client
 * assigned in `start`; request/response pairs carry a requestId. Typed arrays are transferred.
 */
import type { DataSource, DataWarning } from '../data/dataset';
import type { Health } from '../core/inspect';
import type { DataErrorDetail } from '../data/types';
import type { Weights } from '../data/weights';
import type { BackendChoice, Settings } from '../engine/settings';
import type {
  BackendName,
  GradientCheckResult,
  IterationPoint,
  LiveHyperparameters,
  RunState,
  Snapshot,
  StartPoint,
  StopReason,
} from '../engine/types';

export type {
  BackendName,
  DataSource,
  GradientCheckResult,
  IterationPoint,
  LiveHyperparameters,
  RunState,
  StartPoint,
  StopReason,
  Weights,
};

/** What the worker says about the data it loaded. */
export interface DatasetSummary {
  label: string;
  examples: number;
  visibleSize: number;
  /** 8 for natural-image patches, 28 for MNIST digits. */
  exampleSide: number;
  /** Patches cut from images (their size follows the patch size), whole images, or a matrix. */
  kind: 'patches' | 'images' | 'matrix';
  valueRange: [number, number];
  /** `sampleCount` examples, `visibleSize` values each, one after the other. */
  samples: Float32Array;
  sampleCount: number;
  /** What to tell the user about the data (e.g. values outside [0, 1]); empty when nothing. */
  warnings: DataWarning[];
  /** True when the data was normalised into [0.1, 0.9] on request (`rescale`). */
  rescaled: boolean;
  /** A MAT-file's image arrays, when it holds more than one (the one used is `variable`). */
  variables?: string[];
  variable?: string;
}

/** One run: the settings table's fields, optionally starting from given weights. */
export interface RunConfig extends Settings {
  initialWeights?: Weights;
  /** Counters to go on from (a run restored after a reload), with `initialWeights`. */
  startAt?: StartPoint;
}

/** What the worker computed for the inspector (definitions: src/core/inspect.ts). */
export interface Inspection {
  iteration: number;
  health: Health;
  meanActivation: Float32Array;
  firingRate: Float32Array;
  /** Units binned by log10 firing rate (dead units apart). */
  density: { edges: number[]; counts: number[]; dead: number };
  unit: UnitView | null;
  exampleSide: number;
  /** How long the worker took to compute it (ms): time training waited. */
  costMs: number;
}

/** One unit's view: filters, figures and examples drawn like the data (count × visible). */
export interface UnitView {
  unit: number;
  meanActivation: number;
  firingRate: number;
  /** Its W1 row (visible) and W2 column (visible). */
  encoder: Float32Array;
  decoder: Float32Array;
  top: number[];
  topActivations: number[];
  topExamples: Float32Array;
  middle: number[];
  middleActivations: number[];
  middleExamples: Float32Array;
  histogram: number[];
  correlated: [number, number][];
}

/** The probe's answer: the input, its hidden code (unclamped) and the clamped reconstruction. */
export interface ProbeView {
  input: Float32Array;
  hidden: Float32Array;
  reconstruction: Float32Array;
}

// ── page → worker ─────────────────────────────────────────────────────────────────────────

export type TrainerCommand =
  /** Sent first by the client: where the built-in data files are (public/data of the page). */
  /** Where the built-in data is; the page's busy flag (1 while it works, src/state/page-busy.ts) when memory is shared. */
  | { type: 'configure'; dataUrl: string; pageBusy?: Int32Array }
  | {
      type: 'loadData';
      requestId: number;
      source: DataSource;
      patchSize: number;
      examples: number;
      seed: number;
      /** Normalise data outside [0, 1] into [0.1, 0.9] (see PrepareOptions.rescale). */
      rescale?: boolean;
    }
  /**
   * Gets the backend ready for a run on the loaded data while the page waits for Train: for 'auto'
   * this is where the backends are measured, so Train starts computing at once.
   */
  | { type: 'prepare'; backend: BackendChoice; hiddenSize: number }
  /** The kernel's thread count, chosen from the page's frames; applies from the next evaluation. */
  | { type: 'kernelThreads'; count: number }
  | { type: 'start'; runId: number; config: RunConfig }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  /**
   * Goes on from the run's current weights for another iteration limit, the iteration count going
   * on: after done, stop or a fault too (from the last finite weights, with the settings as now).
   */
  | { type: 'continue'; runId: number }
  | { type: 'step'; runId: number }
  | { type: 'stop'; runId: number }
  | { type: 'reset'; runId: number }
  | { type: 'setHyperparameters'; runId: number; hyperparameters: LiveHyperparameters }
  | { type: 'exportWeights'; requestId: number }
  | { type: 'importWeights'; requestId: number; weights: Weights }
  | { type: 'gradientCheck'; requestId: number }
  /**
   * What the unit inspector and the health panel want while the run trains (at least once a
   * second, throttled by their cost, while `watching`; else only when the run pauses or ends):
   * the health figures, and `unit`'s view when not null.
   */
  | { type: 'inspect'; runId: number; unit: number | null; threshold: number; watching: boolean }
  /** One example's code and reconstruction at the run's weights, with units clamped to 0 or 1. */
  | {
      type: 'probe';
      requestId: number;
      input: { example: number } | { values: Float32Array };
      clamps: [number, number][];
    }
  /** The client's heartbeat: answered at once with 'alive', whatever the worker is doing. */
  | { type: 'ping' }
  /** For tests: lose the WebGL context as a GPU reset would, crash the worker, or end it silently. */
  | { type: 'testHook'; hook: TestHook };

export type TestHook = 'lose-webgl-context' | 'crash' | 'exit';

// ── worker → page ─────────────────────────────────────────────────────────────────────────

/** Events the page subscribes to (the client passes on those of the current run only). */
export type TrainerEvent =
  | { type: 'progress'; runId: number; points: IterationPoint[] }
  | ({ type: 'snapshot'; runId: number; exampleSide: number } & Snapshot)
  /** `limit`: the iteration at which the run will be done (it moves on with each Continue). */
  | { type: 'state'; runId: number; state: RunState; reason?: StopReason; limit?: number }
  /** `threads`: the kernel's threads (the calling one included), when the kernel computes. */
  | { type: 'backend'; runId: number; backend: BackendName; note?: string; threads?: number }
  /** The backend a run on the loaded data will use, picked before Train (after 'prepare'). */
  | { type: 'prepared'; backend: BackendName; note: string }
  /** NaN/Inf or a failing backend: what went bad and what to change. */
  | { type: 'fault'; runId: number; message: string }
  /** A live change of ρ, β, λ took effect at this iteration. */
  | {
      type: 'hyperparameters';
      runId: number;
      iteration: number;
      rho: number;
      beta: number;
      lambda: number;
    }
  /** A setting was refused (out of range, no data, …); nothing changed. */
  | { type: 'refused'; runId: number; message: string }
  /** The health figures (and the selected unit's view) on the weights at `iteration`. */
  | ({ type: 'inspection'; runId: number } & Inspection)
  /** The worker could not handle a message (it goes on; a crash is the client's `workerLost`). */
  | { type: 'error'; message: string };

/** The answer to the client's 'ping'. */
export interface AliveEvent {
  type: 'alive';
}

/** Full parameters, sent on pause/stop/done/fault and about once a second while running. */
export interface CheckpointEvent {
  type: 'checkpoint';
  runId: number;
  weights: Weights;
}

/** Answers to request/response commands. */
export type TrainerReply =
  | { type: 'dataLoaded'; requestId: number; summary: DatasetSummary }
  | { type: 'weights'; requestId: number; weights: Weights }
  | { type: 'weightsImported'; requestId: number }
  | { type: 'gradientChecked'; requestId: number; result: GradientCheckResult }
  | ({ type: 'probed'; requestId: number } & ProbeView)
  /** A refused request: the message for the user, and for data the DataError's fields as values. */
  | { type: 'rejected'; requestId: number; message: string; detail?: DataErrorDetail };

export type WorkerMessage = TrainerEvent | CheckpointEvent | TrainerReply | AliveEvent;

/** The typed arrays of a worker message, to transfer instead of copy (each owns its buffer). */
export function transferablesOf(message: WorkerMessage): Transferable[] {
  const buffers = new Set<ArrayBufferLike>();
  const add = (array: ArrayBufferView | undefined) => {
    if (array && array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  switch (message.type) {
    case 'snapshot':
      add(message.W1);
      add(message.meanActivation);
      add(message.inputs);
      add(message.reconstructions);
      break;
    case 'dataLoaded':
      add(message.summary.samples);
      break;
    case 'inspection':
      add(message.meanActivation);
      add(message.firingRate);
      add(message.unit?.encoder);
      add(message.unit?.decoder);
      add(message.unit?.topExamples);
      add(message.unit?.middleExamples);
      break;
    case 'probed':
      add(message.input);
      add(message.hidden);
      add(message.reconstruction);
      break;
    case 'checkpoint':
    case 'weights':
      add(message.weights.theta);
      break;
  }
  return [...buffers] as Transferable[];
}
