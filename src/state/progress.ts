/**
 * How far the current run is and how long it has left: "Iteration 121 of 400", the training time
 * so far, and the time left at the rate measured over its recent iterations.
 */
import type { IterationPoint } from '../worker/protocol';

/** Iterations the rate is measured over (fewer at the start of a run). */
export const RATE_WINDOW = 50;

export interface RunProgress {
  iteration: number;
  /** The iteration at which the run will be done; null before the worker said. */
  limit: number | null;
  /** 0…1 of the way from iteration 0 to the limit. */
  fraction: number;
  /** Training time so far, pauses excluded. */
  elapsedMs: number;
  /** Milliseconds per iteration over the last RATE_WINDOW iterations; null before two points. */
  msPerIteration: number | null;
  /** (limit − iteration) × msPerIteration; null while unknown. */
  remainingMs: number | null;
}

/**
 * The milliseconds per iteration over the last `window` iterations of `points` (in order). The
 * first point is left out when there are others: it carries the run's start-up (data upload,
 * backend warm-up) that later iterations do not pay.
 */
export function msPerIteration(
  points: readonly IterationPoint[],
  length = points.length,
  window = RATE_WINDOW,
): number | null {
  if (length < 2) return null;
  const last = points[length - 1];
  // With two points only, the first is all there is to measure from.
  const start = points[Math.min(Math.max(1, length - 1 - window), length - 2)];
  const iterations = last.iteration - start.iteration;
  const milliseconds = last.elapsedMs - start.elapsedMs;
  return iterations > 0 && milliseconds >= 0 ? milliseconds / iterations : null;
}

/** The run's progress from its history (the first `length` points) and its limit. */
export function runProgress(
  points: readonly IterationPoint[],
  length: number,
  limit: number | null,
): RunProgress {
  const latest = length > 0 ? points[length - 1] : null;
  const iteration = latest?.iteration ?? 0;
  const rate = msPerIteration(points, length);
  const left = limit === null ? null : Math.max(0, limit - iteration);
  return {
    iteration,
    limit,
    fraction: limit ? Math.min(1, iteration / limit) : 0,
    elapsedMs: latest?.elapsedMs ?? 0,
    msPerIteration: rate,
    remainingMs: left === null ? null : left === 0 ? 0 : rate === null ? null : left * rate,
  };
}
