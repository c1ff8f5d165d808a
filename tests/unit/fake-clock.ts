/**
 * Clocks for tests of code that reads time and waits (the backend probe): virtual milliseconds that
 * move only when the test lets them, so that timings and deadlines are exact on a loaded machine.
 */
import type { Clock } from '../../src/engine/clock';

export interface FakeClock extends Clock {
  /** Marks real work (a real model computing): virtual time stands still until it settles. */
  real<T>(work: Promise<T>): Promise<T>;
  /**
   * Settles `work`, moving virtual time to the earliest pending wait whenever nothing real is in
   * flight and every callback has run.
   */
  drive<T>(work: Promise<T>): Promise<T>;
  /** Moves virtual time through every pending wait. */
  runAll(): Promise<void>;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createFakeClock(): FakeClock {
  let now = 0;
  let busy = 0;
  const waits: { at: number; resolve: () => void }[] = [];
  /** Moves to the earliest wait and ends it; false when there is none. */
  const advance = () => {
    if (waits.length === 0) return false;
    waits.sort((a, b) => a.at - b.at);
    const next = waits.shift()!;
    now = Math.max(now, next.at);
    next.resolve();
    return true;
  };
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const wait = { at: now + ms, resolve };
        if (signal?.aborted) return resolve();
        waits.push(wait);
        signal?.addEventListener('abort', () => {
          const index = waits.indexOf(wait);
          if (index >= 0) waits.splice(index, 1);
          resolve();
        });
      }),
    async real(work) {
      busy++;
      try {
        return await work;
      } finally {
        busy--;
      }
    },
    async drive(work) {
      let settled = false;
      const done = () => (settled = true);
      work.then(done, done);
      for (;;) {
        await turn();
        if (settled) return work;
        if (busy === 0) advance();
      }
    },
    async runAll() {
      for (;;) {
        await turn();
        if (busy > 0) continue;
        if (!advance()) return;
      }
    },
  };
}

/**
 * A clock that moves 1 ms per reading and whose waits never end (unless dropped): every measured
 * span is a fixed count of readings and no deadline passes, whatever the machine's load.
 */
export function createSteppingClock(): Clock {
  let now = 0;
  return {
    now: () => ++now,
    sleep: (_ms, signal) =>
      new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        signal?.addEventListener('abort', () => resolve());
      }),
  };
}
