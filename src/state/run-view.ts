/** Small pure pieces of the store: the idle run, rates, data keys, a view of bare weights. */
import type { Settings } from '../engine/settings';
import type { DataSource, IterationPoint, Weights } from '../worker/protocol';
import type {
  DataChoice,
  FileOptions,
  RunStatus,
  RunView,
  SnapshotEvent,
  UploadedFile,
} from './types';

export const IDLE_RUN: RunView = {
  runId: 0,
  status: 'idle',
  backend: null,
  backendNote: null,
  threads: null,
  latest: null,
  evaluationsPerSecond: 0,
  reason: null,
  limit: null,
};

/** Evaluations per second over roughly the last second of training time. */
export function evaluationRate(history: IterationPoint[]): number {
  const last = history[history.length - 1];
  if (!last) return 0;
  let i = history.length - 1;
  while (i > 0 && last.elapsedMs - history[i].elapsedMs < 1000) i--;
  const first = history[i];
  const milliseconds = last.elapsedMs - first.elapsedMs;
  if (milliseconds > 0) return ((last.evaluations - first.evaluations) * 1000) / milliseconds;
  return last.elapsedMs > 0 ? (last.evaluations * 1000) / last.elapsedMs : 0;
}

export function dataKey(
  choice: DataChoice,
  files: UploadedFile[] | null,
  settings: Settings,
  fileOptions: FileOptions = { rescale: false },
): string {
  return JSON.stringify([
    choice,
    choice === 'files' ? (files ?? []).map((f) => `${f.name}:${f.bytes.byteLength}`) : null,
    choice === 'files' ? fileOptions : null,
    settings.patchSize,
    settings.examples,
    settings.seed,
  ]);
}

export function sourceFor(
  choice: DataChoice,
  files: UploadedFile[] | null,
  variable?: string,
): DataSource {
  if (choice === 'files' && files) return { kind: 'files', files, variable };
  return { kind: 'builtin', name: choice === 'mnist' ? 'mnist' : 'natural' };
}

/** A view of weights alone (their filters; no activations or reconstructions yet). */
export function snapshotOfWeights(
  weights: Weights,
  runId: number,
  exampleSide: number,
): SnapshotEvent {
  const { visibleSize, hiddenSize } = weights;
  return {
    type: 'snapshot',
    runId,
    iteration: weights.iteration ?? 0,
    W1: Float32Array.from(weights.theta.subarray(0, hiddenSize * visibleSize)),
    hiddenSize,
    visibleSize,
    meanActivation: new Float32Array(0),
    inputs: new Float32Array(0),
    reconstructions: new Float32Array(0),
    count: 0,
    exampleSide,
  };
}

export function isActive(status: RunStatus): boolean {
  return status === 'running' || status === 'paused';
}

/**
 * A view throttled on the run (useThrottled) shows this change at once: the run started, paused or
 * ended, which the page must not say a moment late.
 */
export const statusChanged = (next: RunView, shown: RunView): boolean =>
  next.status !== shown.status;
