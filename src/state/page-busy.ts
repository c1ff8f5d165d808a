/**
 * The page tells the kernel when it has work to do: from each publication of the live views, and
 * each other event of the worker (a run starting, pausing, ending), until the main thread is idle
 * again (the frame, the transitions and canvases it sets off, the chart's redraw), the kernel's
 * threads beyond cores − 1 step aside between tiles (src/engine/kernel/kernel-threads.ts). On a
 * machine the kernel fills, the page's short bursts of work then have a core to themselves.
 *
 * The page takes at most half of the kernel's time this way: a busy time lasts MAX_BUSY_MS at
 * most, and after one the page lets the kernel run for as long before it marks itself busy again.
 * A page that is never idle (a slow software renderer) slows training down by half, not to a halt.
 */

/** The longest one busy time lasts (a hidden page has no idle periods either). */
export const MAX_BUSY_MS = 250;

export interface PageBusyClock {
  now(): number;
  /** Runs `task` once the page's pending work is done (the busy time's cap ends it otherwise). */
  whenIdle(task: () => void): void;
  setTimeout(task: () => void, ms: number): void;
}

export interface PageBusy {
  /** The page starts work: busy until it is idle again. */
  mark(): void;
}

interface Scheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<unknown>;
}

const browserClock: PageBusyClock = {
  now: () => performance.now(),
  whenIdle(task) {
    // A background task runs once the page's other tasks are done (its frame's work, the
    // transitions and timers that follow it); an idle callback would wait for a frame's end too.
    const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
    if (scheduler?.postTask) void scheduler.postTask(task, { priority: 'background' });
    else if (typeof requestIdleCallback === 'function') requestIdleCallback(task);
    else setTimeout(task, 0);
  },
  setTimeout: (task, ms) => void setTimeout(task, ms),
};

/** `tell(true)` when the page gets busy, `tell(false)` when it is idle again. */
export function createPageBusy(
  tell: (busy: boolean) => void,
  clock: PageBusyClock = browserClock,
): PageBusy {
  /** When the current busy time began; null while the page is not busy. */
  let since: number | null = null;
  /** The kernel runs undisturbed until then. */
  let freeUntil = -Infinity;
  /** Only the last mark's idle callback ends a busy time (an earlier one comes before its work). */
  let marks = 0;
  let busyTimes = 0;

  const end = () => {
    if (since === null) return;
    const now = clock.now();
    freeUntil = now + (now - since);
    since = null;
    tell(false);
  };

  return {
    mark() {
      const now = clock.now();
      if (since === null) {
        if (now < freeUntil) return;
        since = now;
        const time = ++busyTimes;
        clock.setTimeout(() => {
          if (busyTimes === time) end();
        }, MAX_BUSY_MS);
        tell(true);
      }
      const mark = ++marks;
      clock.whenIdle(() => {
        if (mark === marks) end();
      });
    },
  };
}
