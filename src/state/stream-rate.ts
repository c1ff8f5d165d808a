/**
 * How often the live views are published: as often as the page can afford. Each publication's
 * cost (the store update, the canvases it repaints and the page's own work until its next task)
 * is measured; the interval keeps that cost to PAINT_SHARE of the main thread, between 20 and 3
 * publications a second. Pure: the publisher feeds it times from its injected clock.
 */

/** Fastest: 20 a second (the worker sends progress every 50 ms). */
export const MIN_STREAM_INTERVAL_MS = 50;
/** Slowest: 3 a second, what a software-rendered page on two cores affords. */
export const MAX_STREAM_INTERVAL_MS = 333;
/** The share of the main thread the live views may take. */
const PAINT_SHARE = 0.2;
/** Weight of the newest cost in the running estimate. */
const SMOOTHING = 0.3;

export interface StreamRate {
  /** Milliseconds to wait between publications now. */
  intervalMs(): number;
  /** One publication took `costMs` of the main thread. */
  record(costMs: number): void;
}

/** Starts at the slowest rate and speeds up as cheap publications are measured. */
export function createStreamRate(): StreamRate {
  let cost: number | null = null;
  return {
    intervalMs() {
      if (cost === null) return MAX_STREAM_INTERVAL_MS;
      const wanted = cost / PAINT_SHARE;
      return Math.min(MAX_STREAM_INTERVAL_MS, Math.max(MIN_STREAM_INTERVAL_MS, wanted));
    },
    record(costMs) {
      if (!(costMs >= 0)) return;
      cost = cost === null ? costMs : cost + SMOOTHING * (costMs - cost);
    },
  };
}
