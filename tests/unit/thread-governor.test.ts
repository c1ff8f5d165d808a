/**
 * The kernel's thread count chosen from the page's frames: from every core, one thread given back
 * per window in which the page fell below 50 fps or had a task of 50 ms or more; every core while
 * the tab is hidden, and a new probe when it is shown. Virtual time: the test makes the frames.
 */
import { describe, expect, it } from 'vitest';
import { SETTLE_MS, WINDOW_MS, createThreadGovernor } from '../../src/state/thread-governor';

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
