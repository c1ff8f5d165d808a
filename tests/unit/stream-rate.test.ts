/**
 * The live views' publication rate: 3 a second until a publication's cost is known, then as often
 * as keeps that cost to a fifth of the main thread, between 3 and 20 a second; measured by the
 * stream publisher on an injected clock (virtual time, frames run by the test).
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_STREAM_INTERVAL_MS,
  MIN_STREAM_INTERVAL_MS,
  createStreamRate,
} from '../../src/state/stream-rate';
import { createStreamPublisher, type Clock } from '../../src/state/stream';
import type { State } from '../../src/state/types';
import type { IterationPoint } from '../../src/worker/protocol';

describe('the stream rate', () => {
  it('starts at 3 a second and moves between 20 and 3 a second with the measured cost', () => {
    const rate = createStreamRate();
    expect(rate.intervalMs()).toBe(MAX_STREAM_INTERVAL_MS);
    for (let i = 0; i < 20; i++) rate.record(2);
    expect(rate.intervalMs()).toBe(MIN_STREAM_INTERVAL_MS);
    for (let i = 0; i < 30; i++) rate.record(16);
    expect(rate.intervalMs()).toBeCloseTo(80, 0);
    for (let i = 0; i < 30; i++) rate.record(200);
    expect(rate.intervalMs()).toBe(MAX_STREAM_INTERVAL_MS);
  });

  it('ignores readings that are not times', () => {
    const rate = createStreamRate();
    rate.record(Number.NaN);
    rate.record(-1);
    expect(rate.intervalMs()).toBe(MAX_STREAM_INTERVAL_MS);
  });
});

/** Virtual time: timers and frames run when the test moves time; each frame is 16 ms apart. */
function virtualClock(paintMs: () => number) {
  let now = 0;
  let timers: { at: number; task: () => void; id: number }[] = [];
  let frame: (() => void)[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout(task, ms) {
      const id = nextId++;
      timers.push({ at: now + ms, task, id });
      return id;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
    onFrame(task) {
      if (!frame.includes(task)) frame.push(task);
    },
  };
  /** Runs timers and 16 ms frames until `until` (a frame's tasks cost paintMs() of time). */
  const advance = (until: number) => {
    for (let t = now; t <= until; t++) {
      now = Math.max(now, t);
      for (const timer of timers.filter((x) => x.at <= now)) {
        timers = timers.filter((x) => x !== timer);
        timer.task();
      }
      if (t % 16 === 0 && frame.length > 0) {
        // As requestAnimationFrame: tasks queued by this frame's tasks wait for the next frame.
        const tasks = frame;
        frame = [];
        tasks.forEach((task) => task());
        now += paintMs();
      }
    }
  };
  return { clock, advance };
}

const point = (iteration: number) => ({ iteration }) as IterationPoint;

function publisherWith(paintMs: () => number) {
  const { clock, advance } = virtualClock(paintMs);
  const history: IterationPoint[] = [];
  const published: number[] = [];
  const state = { history, run: {} } as unknown as State;
  const publisher = createStreamPublisher(
    () => state,
    () => published.push(clock.now()),
    clock,
  );
  /** Progress every 50 ms (as the worker sends it) for `seconds`; publications per second. */
  const stream = (seconds: number) => {
    const from = published.length;
    const start = clock.now();
    let iteration = history.length;
    for (let t = start; t < start + seconds * 1000; t += 50) {
      advance(t);
      publisher.progress([point(++iteration)]);
    }
    return (published.length - from) / seconds;
  };
  return { stream };
}

describe('the stream publisher on a measured rate', () => {
  it('publishes up to 20 times a second when publications are cheap', () => {
    const { stream } = publisherWith(() => 1);
    stream(2); // the first publications are measured
    expect(stream(3)).toBeGreaterThanOrEqual(15);
  });

  it('slows to about 3 a second when each publication costs 100 ms', () => {
    const { stream } = publisherWith(() => 100);
    stream(2);
    expect(stream(6)).toBeLessThanOrEqual(3.5);
  });

  it('follows the cost when it changes during the run', () => {
    let paint = 100;
    const { stream } = publisherWith(() => paint);
    stream(3);
    const slow = stream(3);
    paint = 2;
    stream(2);
    expect(stream(3)).toBeGreaterThan(2 * slow);
  });
});
