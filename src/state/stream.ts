/**
 * The training stream's way into the store: progress points are appended to the history in place
 * at once, and they and the latest snapshot are published together, every STREAM_INTERVAL_MS at
 * most, in one animation frame, so every view that follows training repaints in the same few frames.
 */
import type { IterationPoint } from '../worker/protocol';
import { evaluationRate } from './run-view';
import type { SnapshotEvent, State } from './types';

/**
 * Three a second: each costs the page a repaint, and at four a second, on two cores without a GPU,
 * a frame now and then took just over 50 ms.
 */
export const STREAM_INTERVAL_MS = 333;

/** What the publisher needs from the page; tests pass fake timers and an immediate frame. */
export interface Clock {
  now(): number;
  setTimeout(task: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs the task at the next animation frame (tasks queued twice run once). */
  onFrame(task: () => void): void;
}

export interface StreamPublisher {
  /** Appends the points to the history now; announces them at the next publication. */
  progress(points: IterationPoint[]): void;
  snapshot(event: SnapshotEvent): void;
  /** Publishes what came since the last publication, now. */
  flush(): void;
  /** Forgets what was not published yet (the view it belongs to was cleared). */
  drop(): void;
}

export function createStreamPublisher(
  get: () => State,
  set: (patch: Partial<State>) => void,
  clock: Clock,
): StreamPublisher {
  let pendingProgress = false;
  let pendingSnapshot: SnapshotEvent | null = null;
  let lastPublished = -Infinity;
  let timer: unknown = null;

  const flush = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (!pendingProgress && !pendingSnapshot) return;
    lastPublished = clock.now();
    const patch: Partial<State> = {};
    if (pendingProgress) {
      const { history, run } = get();
      patch.historyLength = history.length;
      patch.run = {
        ...run,
        latest: history[history.length - 1] ?? null,
        evaluationsPerSecond: evaluationRate(history),
      };
    }
    if (pendingSnapshot) patch.snapshot = pendingSnapshot;
    pendingProgress = false;
    pendingSnapshot = null;
    set(patch);
  };

  const publishInFrame = () => {
    timer = null;
    clock.onFrame(flush);
  };

  /** Publishes at the next frame once STREAM_INTERVAL_MS has passed since the last publication. */
  const schedule = () => {
    if (timer !== null) return;
    const wait = STREAM_INTERVAL_MS - (clock.now() - lastPublished);
    if (wait <= 0) clock.onFrame(flush);
    else timer = clock.setTimeout(publishInFrame, wait);
  };

  return {
    progress(points) {
      const { history } = get();
      for (const point of points) history.push(point);
      pendingProgress = true;
      schedule();
    },
    snapshot(event) {
      pendingSnapshot = event;
      schedule();
    },
    flush,
    drop() {
      pendingProgress = false;
      pendingSnapshot = null;
    },
  };
}
