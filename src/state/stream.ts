/**
 * The training stream's way into the store: progress points are appended to the history in place
 * at once, and they and the latest snapshot are published together in one animation frame, so
 * every view that follows training repaints in the same few frames. How often: as often as the
 * measured cost of a publication allows (stream-rate.ts), 3 to 20 times a second.
 */
import type { IterationPoint } from '../worker/protocol';
import { evaluationRate } from './run-view';
import { createStreamRate, type StreamRate } from './stream-rate';
import type { SnapshotEvent, State } from './types';

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
  rate: StreamRate = createStreamRate(),
  /** Told at each publication, before the page's work for it starts (page-busy.ts). */
  onPublish: () => void = () => {},
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
    const started = clock.now();
    onPublish();
    set(patch);
    // React renders the patch in a microtask, the canvases repaint in its effects and the page
    // renders this frame right after its callbacks: a task queued now runs once all of that is
    // done, so the time until it runs is the publication's cost. (Waiting for the next frame
    // instead would count the idle time until it as cost, a frame or more every publication.)
    clock.setTimeout(() => rate.record(clock.now() - started), 0);
  };

  const publishInFrame = () => {
    timer = null;
    clock.onFrame(flush);
  };

  /** Publishes at the next frame once the rate's interval has passed since the last publication. */
  const schedule = () => {
    if (timer !== null) return;
    const wait = rate.intervalMs() - (clock.now() - lastPublished);
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
