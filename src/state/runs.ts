/**
 * The runs of this session, kept so they can be compared (overlaid curves) and reopened
 * (their final weights). Plain data; the store decides when a run is archived.
 */
import type { IterationPoint, Weights } from '../worker/protocol';
import type { Settings } from '../engine/settings';
import type { Health } from '../core/inspect';
import type { State } from './types';

/** The filters of a run's last snapshot, enough to draw its mosaic. */
export interface FilterSnapshot {
  W1: Float32Array;
  hiddenSize: number;
  visibleSize: number;
  exampleSide: number;
}

export interface PastRun {
  /** 1, 2, 3 … in the order runs were kept. */
  number: number;
  settings: Settings;
  datasetLabel: string;
  /** The cost history, thinned to at most MAX_KEPT_POINTS. */
  points: IterationPoint[];
  finalPoint: IterationPoint;
  filters: FilterSnapshot | null;
  /** Full parameters to reopen the run, when the worker provided them. */
  weights: Weights | null;
  /** Its sparsity-health figures when kept (dead, dense, mean L0, NMSE; src/state/inspector.ts). */
  health?: Health;
}

/** Kept runs beyond this many drop the oldest (each may hold megabytes of weights). */
export const MAX_KEPT_RUNS = 12;
export const MAX_KEPT_POINTS = 600;

/** At most `limit` points, evenly spaced, always keeping the first and the last. */
export function thinPoints<T>(points: readonly T[], limit: number): T[] {
  if (points.length <= limit) return points.slice();
  const kept: T[] = [];
  const stride = (points.length - 1) / (limit - 1);
  for (let i = 0; i < limit; i++) kept.push(points[Math.round(i * stride)]);
  return kept;
}

/** The list with `run` appended, oldest dropped past MAX_KEPT_RUNS. */
export function keepRun(runs: readonly PastRun[], run: PastRun): PastRun[] {
  const next = [...runs, run];
  return next.length > MAX_KEPT_RUNS ? next.slice(next.length - MAX_KEPT_RUNS) : next;
}

/** "ρ 0.01 · β 3 · λ 0.0001 · 25 hidden" */
export function describeSettings(settings: Settings): string {
  return `ρ ${settings.rho} · β ${settings.beta} · λ ${settings.lambda} · ${settings.hiddenSize} hidden`;
}

/** The run the page shows now, as a kept run numbered after the last one. */
export function pastRun(
  state: Pick<State, 'history' | 'snapshot' | 'settings' | 'data' | 'runs'>,
  weights: Weights | null,
): PastRun {
  const { history, snapshot, settings, data, runs } = state;
  return {
    number: (runs[runs.length - 1]?.number ?? 0) + 1,
    settings: { ...settings },
    datasetLabel: data.summary?.label ?? settings.dataset,
    points: thinPoints(history, MAX_KEPT_POINTS),
    finalPoint: history[history.length - 1],
    filters: snapshot
      ? {
          W1: snapshot.W1,
          hiddenSize: snapshot.hiddenSize,
          visibleSize: snapshot.visibleSize,
          exampleSide: snapshot.exampleSide,
        }
      : null,
    weights,
  };
}
