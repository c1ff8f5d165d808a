/**
 * How many threads the kernel trains on: as many as the page can spare, measured. The page's
 * frames are watched in windows of WINDOW_MS for as long as a run goes (requestAnimationFrame
 * intervals ≥ MIN_FPS and no long task of 50 ms or more: the page kept up). A run starts (or the
 * tab is shown again) one thread below every core, while the page draws the run's start, and
 * takes one more after each window it kept up in. A window it did not keep up in gives a thread
 * back; RETRY_MS later the kernel tries it again, and each try that fails doubles the wait (up
 * to MAX_RETRY_MS), so a page that cannot spare the thread loses one window of frames every
 * minute or so at most. A hidden tab draws nothing: the kernel gets every core. Pure: the page
 * feeds it frames, long tasks and visibility with times from an injected clock.
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
  /** A run started or went on: start one below every core and climb. */
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
  /** The run's start: each window the page keeps up in takes one more thread at once. */
  let climbing = false;

  const setThreads = (count: number) => {
    if (count !== threads) {
      threads = count;
      send(count);
    }
  };
  const startWatching = () => {
    watch = { from: now() + SETTLE_MS, frames: [], longest: 0 };
  };
  const startRun = () => {
    setThreads(Math.max(1, maxThreads - 1));
    retryAt = null;
    retryWait = RETRY_MS;
    trying = false;
    climbing = maxThreads > 1;
    if (climbing) startWatching();
  };
  /** Gives a thread back; a failed try of one more thread makes the next wait twice as long. */
  const giveBack = () => {
    if (trying) retryWait = Math.min(2 * retryWait, MAX_RETRY_MS);
    trying = false;
    climbing = false;
    setThreads(threads - 1);
    retryAt = now() + retryWait;
    startWatching();
  };
  const tryOneMore = () => {
    retryAt = null;
    trying = true;
    setThreads(threads + 1);
    startWatching();
  };

  /**
   * Ends a window (the page is watched in windows for as long as the run goes): gives a thread
   * back when the page did not keep up; when it did, takes one more while the run is starting,
   * or once the wait since the last one given back is over.
   */
  const judge = () => {
    if (!watch) return;
    const { frames, longest } = watch;
    const span = frames.length > 1 ? frames[frames.length - 1] - frames[0] : 0;
    const fps = span > 0 ? ((frames.length - 1) * 1000) / span : 0;
    const keptUp = fps >= MIN_FPS && longest < LONG_TASK_MS;
    if (!keptUp && threads > 1) return giveBack();
    // On one thread there is nothing to give back: a slow start-up (data, tile tuning, first
    // drawings) says nothing of a second thread, so the next window decides.
    trying = false;
    if (keptUp && threads < maxThreads) {
      if (climbing || (retryAt !== null && now() >= retryAt)) return tryOneMore();
      retryAt ??= now() + retryWait;
    }
    if (threads >= maxThreads) climbing = false;
    startWatching();
  };

  return {
    runStarted() {
      running = true;
      if (!isHidden) startRun();
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
      else if (running) startRun();
    },
    get threads() {
      return threads;
    },
  };
}
