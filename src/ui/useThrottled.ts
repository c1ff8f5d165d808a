import { useEffect, useState } from 'react';
import { useStore, type State } from '../state/store';

/**
 * A selector read at most every `intervalMs` (trailing), for views of the fast streams: the
 * status line, the formula's live values and the chart follow training without re-rendering on
 * every iteration. A change `urgent` says is one (a run that ends, say) is shown at once.
 * `select` and `urgent` must be stable (module-level functions).
 */
export function useThrottled<T>(
  select: (state: State) => T,
  intervalMs: number,
  urgent?: (next: T, shown: T) => boolean,
): T {
  const [value, setValue] = useState(() => select(useStore.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastSet = 0;
    let shown = select(useStore.getState());
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      lastSet = performance.now();
      shown = select(useStore.getState());
      setValue(shown);
    };
    const unsubscribe = useStore.subscribe((state, previous) => {
      const next = select(state);
      if (next === select(previous)) return;
      if (urgent?.(next, shown)) return flush();
      if (timer) return;
      const wait = intervalMs - (performance.now() - lastSet);
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    });
    flush();
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [select, intervalMs, urgent]);
  return value;
}
