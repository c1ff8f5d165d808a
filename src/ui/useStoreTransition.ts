import { startTransition, useEffect, useState } from 'react';
import { useStore, type State } from '../state/store';

/**
 * A value derived from the store, re-rendered as a transition when it changes: React renders it in
 * slices between frames, after the task that changed the store, instead of in that task (a
 * `useStore` read re-renders synchronously, in the worker message or click that changed it). For
 * views whose change may lag a frame: the chart's axes and overlays, the kept runs. `select` must
 * be stable (module-level or memoised); `equal` tells when a new value is the same (default: the
 * same object).
 */
export function useStoreTransition<T>(
  select: (state: State) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const [value, setValue] = useState(() => select(useStore.getState()));
  useEffect(() => {
    let current = select(useStore.getState());
    // A new selector (another scale) applies at once, from what the store holds now.
    startTransition(() => setValue(current));
    return useStore.subscribe((state) => {
      const next = select(state);
      if (equal(next, current)) return;
      current = next;
      startTransition(() => setValue(next));
    });
  }, [select, equal]);
  return value;
}
