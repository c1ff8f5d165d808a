/**
 * The page's side of choosing the kernel's thread count: feeds the thread governor the page's
 * animation frames (while a run is going), its long tasks (PerformanceObserver 'longtask') and
 * its visibility, and tells the worker what the governor chose. Only where there are frames.
 */
import type { StoreApi } from 'zustand';
import type { TrainerClient } from '../worker/client';
import { createThreadGovernor } from './thread-governor';
import type { State } from './types';

export function watchKernelThreads(
  store: StoreApi<State>,
  client: Pick<TrainerClient, 'setKernelThreads'>,
): void {
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined') return;
  const governor = createThreadGovernor({
    now: () => performance.now(),
    maxThreads: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2)),
    send: (threads) => client.setKernelThreads(threads),
  });
  let running = false;
  const tick = (time: number) => {
    if (!running) return;
    governor.frame(time);
    requestAnimationFrame(tick);
  };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) governor.longTask(entry.duration);
    }).observe({ type: 'longtask' });
  } catch {
    // No Long Tasks API here: the frame rate alone decides.
  }
  document.addEventListener('visibilitychange', () => governor.hidden(document.hidden));
  store.subscribe((state) => {
    const now = state.run.status === 'running';
    if (now === running) return;
    running = now;
    if (now) {
      governor.runStarted();
      requestAnimationFrame(tick);
    } else governor.runStopped();
  });
}
