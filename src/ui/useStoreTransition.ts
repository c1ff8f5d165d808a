import { startTransition, useEffect, useState } from 'react';
import { useStore, type State } from '../state/store';

/**
 * A value derived from the store, re-rendered as a transition when it changes: React renders it in
 * slices between frames instead of in one task, for views that are costly to render and may lag a
 * frame (the chart when its axes move). `select` must be stable (module-level or memoised), and
 * `equal` says when a new value is the same as the last.
 */
export function useStoreTransition<T>(
  select: (state: State) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const [value, setValue] = useState(() => select(useStore.getState()));
  useEffect(() => {
    let current = select(useStore.getState());
    const deliver = (next: T) => startTransition(() => setValue(next));
    // A new selector (another scale) applies at once, from what the store holds now.
    deliver(current);
    return useStore.subscribe((state) => {
      const next = select(state);
      if (equal(next, current)) return;
      current = next;
      deliver(next);
    });
  }, [select, equal]);
  return value;
}
