/**
 * The kernel's thread count as the page asks for it ('kernelThreads' commands, chosen from the
 * page's frames by src/state/thread-governor.ts): the kernel starts on every core (up to 4), and
 * the count moves between evaluations of the running model, never restarting the run. Other
 * backends ignore it.
 */
import type { CostModel } from '../core/cost-model';
import type { BackendOptions } from '../engine/backend';
import { indexedDbTileCache } from './tile-cache';

/**
 * The kernel's start in the worker: every core, up to 4 (the page gives some back while it
 * trains), its tuned tiles kept in IndexedDB, and the page's busy flag when the page sent one.
 */
export const kernelOptions = (pageBusy?: Int32Array): BackendOptions => ({
  kernelThreads: Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency || 2)),
  tileCache: indexedDbTileCache(),
  pageBusy,
});

interface Threaded {
  readonly threads: number;
  readonly maxThreads: number;
  setThreads(threads: number): void;
}

const threadedOf = (model: CostModel): Threaded | null =>
  'setThreads' in model ? (model as CostModel & Threaded) : null;

export function createThreadControl() {
  let wanted: number | null = null;
  let current: Threaded | null = null;
  let baseNote = '';

  const describe = () =>
    current && wanted !== null && current.maxThreads > 1
      ? `${baseNote}; on ${current.threads} of ${current.maxThreads} threads, chosen from the page's frame rate`
      : baseNote;

  return {
    /** A new cost model for the run: applies the page's count; returns the backend note to show. */
    adopt(model: CostModel, note: string): string {
      current = threadedOf(model);
      baseNote = note;
      if (current && wanted !== null) current.setThreads(wanted);
      return describe();
    },
    /** The kernel's threads now (the calling one included), when a kernel model runs. */
    count(): number | undefined {
      return current?.threads;
    },
    /** The page asks for `count` threads; the note to show when a kernel model runs, else null. */
    set(count: number): string | null {
      wanted = count;
      if (!current) return null;
      current.setThreads(count);
      return describe();
    },
  };
}
