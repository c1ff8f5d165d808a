/** Progress of a run: "of N", the fraction, and the time left at the measured rate. */
import { describe, expect, it } from 'vitest';
import { parseTimeLeft } from '../../scripts/bench/eta';
import { msPerIteration, runProgress } from '../../src/state/progress';
import { formatClock } from '../../src/ui/format';
import type { IterationPoint } from '../../src/worker/protocol';

/** Iterations 0…n−1; iteration 0 took `startMs` (start-up), each after it `msAt(i)`. */
function points(n: number, msAt: (i: number) => number, startMs = 0): IterationPoint[] {
  let elapsedMs = startMs;
  return Array.from({ length: n }, (_, i) => {
    if (i > 0) elapsedMs += msAt(i);
    return {
      iteration: i,
      rho: 0.01,
      beta: 3,
      lambda: 1e-4,
      cost: 1,
      reconstruction: 1,
      decay: 0,
      sparsity: 0,
      evaluations: i,
      elapsedMs,
      gradientNorm: 1,
    };
  });
}

describe('run progress', () => {
  it('counts iterations of the limit and measures time left at the recent rate', () => {
    const history = points(121, () => 20);
    const progress = runProgress(history, history.length, 400);
    expect(progress).toMatchObject({ iteration: 120, limit: 400, elapsedMs: 2400 });
    expect(progress.fraction).toBeCloseTo(0.3);
    expect(progress.remainingMs).toBeCloseTo(280 * 20);
  });

  it('leaves out the first iteration’s start-up from the rate', () => {
    const history = points(11, () => 10, 5000);
    expect(msPerIteration(history)).toBeCloseTo(10);
  });

  it('follows the rate of the last iterations when it changes', () => {
    // 200 iterations at 40 ms, then 60 at 10 ms: the rate is the recent one.
    const history = points(260, (i) => (i < 200 ? 40 : 10));
    expect(msPerIteration(history)).toBeCloseTo(10);
  });

  it('reads only the announced part of a history that grows in place', () => {
    const history = points(100, (i) => (i < 50 ? 10 : 1000));
    expect(runProgress(history, 50, 100).remainingMs).toBeCloseTo(51 * 10);
  });

  it('knows no time left before the rate or the limit is known, and none at the end', () => {
    expect(runProgress([], 0, 400)).toMatchObject({ iteration: 0, remainingMs: null });
    const one = points(1, () => 10, 300);
    expect(runProgress(one, 1, 400).remainingMs).toBeNull();
    const some = points(20, () => 10);
    expect(runProgress(some, 20, null)).toMatchObject({ fraction: 0, remainingMs: null });
    expect(runProgress(some, 20, 19)).toMatchObject({ fraction: 1, remainingMs: 0 });
  });
});

describe('the time left as shown and as the bench reads it', () => {
  it('reads back what the page writes, to the second', () => {
    for (const ms of [0, 4_200, 59_400, 61_000, 185_000, 3_599_000, 3_720_000]) {
      const shown = `about ${formatClock(ms)} left`;
      const read = parseTimeLeft(shown);
      expect(read, shown).not.toBeNull();
      // Hours are shown to the minute.
      expect(Math.abs(read! - ms), shown).toBeLessThanOrEqual(ms >= 3_600_000 ? 60_000 : 500);
    }
    expect(parseTimeLeft('1.2 s elapsed')).toBeNull();
  });
});
