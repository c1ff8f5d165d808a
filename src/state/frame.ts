/**
 * One animation-frame queue for the page: the store publishes the training stream in it and the
 * canvases paint in it, so everything a publication changes reaches the screen in the same frame
 * (each repainted frame is costly where the browser rasterizes in software). Where there are no
 * animation frames (Node) a short timer stands in.
 */
const queued = new Set<() => void>();
let scheduled = false;

function runQueued(): void {
  scheduled = false;
  // Tasks queued while the queue runs (a canvas asked to repaint by a publication) run now too.
  while (queued.size > 0) {
    const tasks = [...queued];
    queued.clear();
    for (const task of tasks) task();
  }
}

/** Runs `task` at the next animation frame; a task queued twice before then runs once. */
export function onNextFrame(task: () => void): void {
  queued.add(task);
  if (scheduled) return;
  scheduled = true;
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(runQueued);
  else setTimeout(runQueued, 16);
}

/** Takes back a task queued by `onNextFrame` that has not run yet. */
export function cancelFrameTask(task: () => void): void {
  queued.delete(task);
}
