/**
 * The kernel's thread count chosen from the page's frames: from every core, one thread given back
 * per window in which the page fell below 50 fps or had a task of 50 ms or more, and one taken
 * again after a while (twice as long after each try that failed); every core while the tab is
 * hidden, and a new probe when it is shown. Virtual time: the test makes the frames.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_MS,
  RETRY_MS,
  SETTLE_MS,
  WINDOW_MS,
  createThreadGovernor,
} from '../../src/state/thread-governor';

function setup(maxThreads: number) {
  let time = 0;
  const sent: number[] = [];
  const governor = createThreadGovernor({
    now: () => time,
    maxThreads,
    send: (threads) => sent.push(threads),
  });
  /** Frames every `interval` ms for `ms`; a long task of `taskMs` at the start when given. */
  const frames = (interval: number, ms: number, taskMs = 0) => {
    if (taskMs) governor.longTask(taskMs);
    for (const end = time + ms; time < end;) {
      time += interval;
      governor.frame(time);
    }
  };
  const window = SETTLE_MS + WINDOW_MS + 100;
  return { governor, sent, frames, window };
}

describe('the thread governor', () => {
  it('keeps every core while the page keeps 60 fps', () => {
    const { governor, sent, frames, window } = setup(4);
    governor.runStarted();
    frames(16.7, 3 * window);
    expect(governor.threads).toBe(4);
    expect(sent).toEqual([]);
  });

  it('gives back one thread per window while the page is below 50 fps, down to one', () => {
    const { governor, sent, frames, window } = setup(4);
    governor.runStarted();
    frames(30, window);
    expect(sent).toEqual([3]);
    frames(30, window);
    frames(30, window);
    frames(30, window);
    expect(sent).toEqual([3, 2, 1]);
    expect(governor.threads).toBe(1);
  });

  it('takes a thread again after a while when the page kept up, and keeps it if it still does', () => {
    const { governor, sent, frames, window } = setup(2);
    governor.runStarted();
    frames(30, window); // a slow moment: 1 thread
    frames(16.7, RETRY_MS - window);
    expect(sent).toEqual([1]);
    frames(16.7, window + 200);
    expect(sent).toEqual([1, 2]);
    frames(16.7, 10 * RETRY_MS);
    expect(sent).toEqual([1, 2]);
    expect(governor.threads).toBe(2);
  });

  it('waits twice as long after each try that failed, up to a limit', () => {
    const { governor, sent, frames, window } = setup(2);
    governor.runStarted();
    frames(30, window);
    const tries: number[] = [];
    let start = 0;
    let time = 0;
    for (let k = 0; k < 6; k++) {
      // The page keeps up on one thread and falls behind whenever it gets two.
      const before = sent.length;
      const giveUp = time + 4 * MAX_RETRY_MS;
      while (sent.length === before && time < giveUp) {
        frames(governor.threads === 2 ? 30 : 16.7, 100);
        time += 100;
      }
      if (governor.threads === 2) {
        tries.push(time - start);
        frames(30, window);
        start = time += window;
      }
    }
    expect(tries.length).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < tries.length; k++)
      expect(tries[k]).toBeGreaterThanOrEqual(Math.min(2 * tries[k - 1], MAX_RETRY_MS) - 600);
    expect(Math.max(...tries)).toBeLessThanOrEqual(MAX_RETRY_MS + 600);
  });

  it('stops giving back once the page keeps up', () => {
    const { governor, sent, frames, window } = setup(4);
    governor.runStarted();
    frames(25, window);
    frames(16.7, window);
    frames(16.7, window);
    expect(sent).toEqual([3]);
  });

  it('counts a long task as a missed window even at 60 fps', () => {
    const { governor, sent, frames, window } = setup(2);
    governor.runStarted();
    frames(16.7, SETTLE_MS + 50);
    frames(16.7, window, 80);
    expect(sent).toEqual([1]);
  });

  it('ignores frames in the settling time after a change', () => {
    const { governor, sent, frames } = setup(2);
    governor.runStarted();
    frames(100, SETTLE_MS - 50);
    frames(16.7, WINDOW_MS + 200);
    expect(sent).toEqual([]);
  });

  it('gives the kernel every core while the tab is hidden and probes again when shown', () => {
    const { governor, sent, frames, window } = setup(2);
    governor.runStarted();
    frames(40, window);
    expect(sent).toEqual([1]);
    governor.hidden(true);
    expect(sent).toEqual([1, 2]);
    governor.hidden(false);
    frames(40, window);
    expect(sent).toEqual([1, 2, 1]);
  });

  it('a new run probes from every core again; a stopped run is not watched', () => {
    const { governor, sent, frames, window } = setup(2);
    governor.runStarted();
    frames(40, window);
    governor.runStopped();
    frames(40, window);
    expect(sent).toEqual([1]);
    governor.runStarted();
    expect(sent).toEqual([1, 2]);
  });

  it('on one core there is nothing to choose', () => {
    const { governor, sent, frames, window } = setup(1);
    governor.runStarted();
    frames(40, window);
    expect(sent).toEqual([]);
  });
});
