/**
 * How many threads the kernel trains on: as many as the page can spare, measured. When a run
 * starts (or the tab is shown again) the kernel goes to every core; the page's frames are watched
 * for WINDOW_MS (requestAnimationFrame intervals, and long tasks of 50 ms or more); while the page
 * falls below MIN_FPS or has a long task, one thread is given back and the page watched again.
 * A slow moment is not forever: RETRY_MS after a thread was given back, the kernel takes it again
 * and the page is watched; each try that fails doubles the wait (up to MAX_RETRY_MS), so a page
 * that cannot spare the thread loses one window of frames every minute or so at most.
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
/** How long after giving a thread back the kernel tries it again (doubled after each failed try). */
export const RETRY_MS = 10_000;
/** The longest wait between two tries. */
export const MAX_RETRY_MS = 80_000;

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
  /** When to try one more thread (null: not waiting), and the wait after the next failed try. */
  let retryAt: number | null = null;
  let retryWait = RETRY_MS;
  /** The window being watched follows a try of one more thread. */
  let trying = false;

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
    retryAt = null;
    retryWait = RETRY_MS;
    trying = false;
    if (maxThreads > 1) startWatching();
  };
  /** Gives a thread back; a failed try of one more thread makes the next wait twice as long. */
  const giveBack = () => {
    if (trying) retryWait = Math.min(2 * retryWait, MAX_RETRY_MS);
    trying = false;
    setThreads(threads - 1);
    retryAt = now() + retryWait;
    if (threads > 1) startWatching();
    else watch = null;
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
      trying = false;
      if (threads < maxThreads) retryAt ??= now() + retryWait;
      return;
    }
    giveBack();
  };
  /** Tries one more thread when the wait is over (frames only come while a run goes). */
  const maybeRetry = (time: number) => {
    if (watch || retryAt === null || time < retryAt || threads >= maxThreads || isHidden) return;
    retryAt = null;
    trying = true;
    setThreads(threads + 1);
    startWatching();
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
      if (running) maybeRetry(time);
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
