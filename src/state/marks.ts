/**
 * The cost chart's marks where ρ, β or λ changed. A slider drag sends a value every
 * LIVE_SEND_INTERVAL_MS and the worker answers each: a change that comes within MARK_SETTLE_MS of
 * the one before belongs to the same gesture and moves that mark's values, so one drag (or a few
 * quick key presses) leaves one mark, at the iteration where the change began, with the values it
 * settled on.
 */
import type { HyperparameterMark } from './types';

export const MARK_SETTLE_MS = 1000;

export interface MarkRecorder {
  /** The marks with `mark` added, or the last one updated when it is part of the same change. */
  record(marks: readonly HyperparameterMark[], mark: HyperparameterMark): HyperparameterMark[];
}

export function createMarkRecorder(now: () => number): MarkRecorder {
  let lastAt = -Infinity;
  return {
    record(marks, mark) {
      const at = now();
      const sameChange = marks.length > 0 && at - lastAt < MARK_SETTLE_MS;
      lastAt = at;
      const { iteration, rho, beta, lambda } = mark;
      if (!sameChange) return [...marks, { iteration, rho, beta, lambda }];
      const last = marks[marks.length - 1];
      return [...marks.slice(0, -1), { iteration: last.iteration, rho, beta, lambda }];
    },
  };
}
