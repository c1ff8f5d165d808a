/**
 * The page's busy mark for the kernel: set at a publication, kept through further publications,
 * cleared when the main thread is idle after the last one, and never more than half the time.
 */
import { describe, expect, it } from 'vitest';
import { createPageBusy, MAX_BUSY_MS, type PageBusyClock } from '../../src/state/page-busy';
import { createStreamPublisher, type Clock } from '../../src/state/stream';
import type { State } from '../../src/state/types';
import type { IterationPoint } from '../../src/worker/protocol';

/** Virtual time: idle callbacks run when the test says the page is idle, timers when time passes. */
function fakeClock() {
  let now = 0;
  const idle: (() => void)[] = [];
  let timers: { at: number; task: () => void }[] = [];
  const clock: PageBusyClock = {
    now: () => now,
    whenIdle: (task) => idle.push(task),
    setTimeout: (task, ms) => timers.push({ at: now + ms, task }),
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    due.forEach((t) => t.task());
  };
  const goIdle = () => idle.splice(0).forEach((task) => task());
  return { clock, advance, goIdle, idle };
}

describe('the page busy mark', () => {
  it('is set once per busy time and cleared when the page is idle after the last mark', () => {
    const told: boolean[] = [];
    const { clock, advance, goIdle, idle } = fakeClock();
    const busy = createPageBusy((value) => told.push(value), clock);
    busy.mark();
    advance(5);
    busy.mark();
    expect(told).toEqual([true]);
    // The first mark's idle callback comes while a later mark's work is still queued: still busy.
    idle.shift()!();
    expect(told).toEqual([true]);
    advance(5);
    goIdle();
    expect(told).toEqual([true, false]);
    // Busy for 10 ms: the kernel runs undisturbed for as long before the next busy time.
    advance(5);
    busy.mark();
    expect(told).toEqual([true, false]);
    advance(5);
    busy.mark();
    goIdle();
    expect(told).toEqual([true, false, true, false]);
  });

  it('never lasts longer than MAX_BUSY_MS, and leaves the kernel half the time on a page never idle', () => {
    const told: [boolean, number][] = [];
    const { clock, advance } = fakeClock();
    let now = 0;
    const busy = createPageBusy((value) => told.push([value, now]), clock);
    for (; now < 10 * MAX_BUSY_MS; now += 10) {
      busy.mark(); // work every 10 ms, never idle
      advance(10);
    }
    expect(told[0]).toEqual([true, 0]);
    let busyTime = 0;
    for (let i = 0; i + 1 < told.length; i += 2) {
      expect(told[i][0]).toBe(true);
      expect(told[i + 1][0]).toBe(false);
      const length = told[i + 1][1] - told[i][1];
      expect(length).toBeLessThanOrEqual(MAX_BUSY_MS);
      busyTime += length;
    }
    expect(told.length).toBeGreaterThanOrEqual(8);
    expect(busyTime).toBeLessThanOrEqual(0.5 * now + MAX_BUSY_MS);
  });

  it('is marked by each publication of the live views, before the store changes', () => {
    const order: string[] = [];
    let now = 0;
    const frames: (() => void)[] = [];
    const clock: Clock = {
      now: () => now,
      setTimeout: () => 0,
      clearTimeout: () => undefined,
      onFrame: (task) => frames.push(task),
    };
    const state = { history: [] as IterationPoint[], run: {} } as unknown as State;
    const publisher = createStreamPublisher(
      () => state,
      () => order.push('set'),
      clock,
      undefined,
      () => order.push('busy'),
    );
    publisher.progress([{ iteration: 1 } as IterationPoint]);
    now = 1000;
    frames.splice(0).forEach((task) => task());
    expect(order).toEqual(['busy', 'set']);
  });
});
