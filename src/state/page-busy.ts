/**
 * The page tells the kernel when it has work to do: from each publication of the live views until
 * the main thread is idle again (the publication's frame, the transitions and canvases it sets off,
 * the chart's redraw), a kernel helper thread steps aside (src/engine/kernel/kernel-threads.ts). On a
 * machine the kernel's threads fill, the page's work then has a core of its own instead of a share
 * of one, and the kernel goes on with its other threads meanwhile.
 */

/** The longest the page says it is busy after one publication (a hidden page has no idle periods). */
export const MAX_BUSY_MS = 250;

/** Idle callbacks (requestIdleCallback in the browser; tests pass their own). */
export interface IdleScheduler {
  /** Runs `task` when the main thread is idle, or after `timeoutMs` at the latest. */
  whenIdle(task: () => void, timeoutMs: number): void;
}

export interface PageBusy {
  /** The page starts work: busy until it is idle again. */
  mark(): void;
}

const browserIdle: IdleScheduler = {
  whenIdle(task, timeoutMs) {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(task, { timeout: timeoutMs });
    else setTimeout(task, timeoutMs);
  },
};

/** `tell(true)` when the page gets busy, `tell(false)` when it is idle again. */
export function createPageBusy(
  tell: (busy: boolean) => void,
  idle: IdleScheduler = browserIdle,
): PageBusy {
  let busy = false;
  /** Each mark's idle callback; only the last mark's ends the busy time. */
  let marks = 0;
  return {
    mark() {
      const mark = ++marks;
      if (!busy) {
        busy = true;
        tell(true);
      }
      idle.whenIdle(() => {
        if (mark !== marks || !busy) return;
        busy = false;
        tell(false);
      }, MAX_BUSY_MS);
    },
  };
}
