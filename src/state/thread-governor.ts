/**
 * How many threads the kernel trains on: as many as the page can spare, measured. When a run
 * starts (or the tab is shown again) the kernel goes to every core; the page's frames are watched
 * for WINDOW_MS (requestAnimationFrame intervals, and long tasks of 50 ms or more); while the page
 * falls below MIN_FPS or has a long task, one thread is given back and the page watched again.
 * A hidden tab draws nothing: the kernel gets every core. Pure: the page feeds it frames, long
 * tasks and visibility with times from an injected clock.
 */

/** The page keeps at least this frame rate while it trains. */
export const MIN_FPS = 50;
/** No main-thread task may take this long. */
export const LONG_TASK_MS = 50;
/** How long one thread count is watched. */
export const WINDOW_MS = 2000;
/** After a change, frames are not counted for this long (the change lands at the next evaluation). */
export const SETTLE_MS = 500;

export interface ThreadGovernor {
  /** A run started or went on: probe from every core. */
  runStarted(): void;
  /** The run stopped: stop watching (the count stays). */
  runStopped(): void;
  /** An animation frame at `time` (ms, the clock's). */
  frame(time: number): void;
  /** A main-thread task took `durationMs`. */
  longTask(durationMs: number): void;
  /** The tab was hidden (true) or shown (false). */
  hidden(isHidden: boolean): void;
  /** The count now. */
  readonly threads: number;
}

export function createThreadGovernor(options: {
  now(): number;
  /** Every core the kernel may use. */
  maxThreads: number;
  /** Tells the worker the new count. */
  send(threads: number): void;
}): ThreadGovernor {
  const { now, maxThreads, send } = options;
  let threads = maxThreads;
  let running = false;
  let isHidden = false;
  /** Watching: when the window opened, the frames and the longest task in it. */
  let watch: { from: number; frames: number[]; longest: number } | null = null;

  const setThreads = (count: number) => {
    if (count !== threads) {
      threads = count;
      send(count);
    }
  };
  const startWatching = () => {
    watch = { from: now() + SETTLE_MS, frames: [], longest: 0 };
  };
  const probeFromAll = () => {
    setThreads(maxThreads);
    if (maxThreads > 1) startWatching();
  };

  /** Ends the window: keeps the count when the page kept up, else gives a thread back. */
  const judge = () => {
    if (!watch) return;
    const { frames, longest } = watch;
    const span = frames.length > 1 ? frames[frames.length - 1] - frames[0] : 0;
    const fps = span > 0 ? ((frames.length - 1) * 1000) / span : 0;
    const keptUp = fps >= MIN_FPS && longest < LONG_TASK_MS;
    if (keptUp || threads <= 1) {
      watch = null;
      return;
    }
    setThreads(threads - 1);
    if (threads > 1) startWatching();
    else watch = null;
  };

  return {
    runStarted() {
      running = true;
      if (!isHidden) probeFromAll();
    },
    runStopped() {
      running = false;
      watch = null;
    },
    frame(time) {
      if (!watch || time < watch.from) return;
      watch.frames.push(time);
      if (time - watch.from >= WINDOW_MS) judge();
    },
    longTask(durationMs) {
      if (watch && now() >= watch.from) watch.longest = Math.max(watch.longest, durationMs);
    },
    hidden(value) {
      isHidden = value;
      watch = null;
      if (value) setThreads(maxThreads);
      else if (running) probeFromAll();
    },
    get threads() {
      return threads;
    },
  };
}
