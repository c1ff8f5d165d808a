/**
 * The page's busy mark for the kernel: set at a publication, kept through further publications,
 * cleared when the main thread is idle after the last one (or after MAX_BUSY_MS at the latest).
 */
import { describe, expect, it } from 'vitest';
import { createPageBusy, MAX_BUSY_MS, type IdleScheduler } from '../../src/state/page-busy';
import { createStreamPublisher, type Clock } from '../../src/state/stream';
import type { State } from '../../src/state/types';
import type { IterationPoint } from '../../src/worker/protocol';

function idleQueue() {
  const waiting: { task: () => void; timeoutMs: number }[] = [];
  const idle: IdleScheduler = { whenIdle: (task, timeoutMs) => waiting.push({ task, timeoutMs }) };
  const goIdle = () => waiting.splice(0).forEach(({ task }) => task());
  return { idle, waiting, goIdle };
}

describe('the page busy mark', () => {
  it('is set once per busy time and cleared when the page is idle after the last mark', () => {
    const told: boolean[] = [];
    const { idle, waiting, goIdle } = idleQueue();
    const busy = createPageBusy((value) => told.push(value), idle);
    busy.mark();
    busy.mark();
    expect(told).toEqual([true]);
    expect(waiting.map((w) => w.timeoutMs)).toEqual([MAX_BUSY_MS, MAX_BUSY_MS]);
    // The first mark's idle callback comes while a later mark's work is still queued: still busy.
    waiting.shift()!.task();
    expect(told).toEqual([true]);
    goIdle();
    expect(told).toEqual([true, false]);
    busy.mark();
    goIdle();
    expect(told).toEqual([true, false, true, false]);
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
