import { useEffect, useState } from 'react';
import { useStore, type State } from '../state/store';

/**
 * A selector read at most every `intervalMs` (trailing), for views of the fast streams: the
 * status line, the formula's live values and the chart follow training without re-rendering on
 * every iteration. `select` must be stable (a module-level function).
 */
export function useThrottled<T>(select: (state: State) => T, intervalMs: number): T {
  const [value, setValue] = useState(() => select(useStore.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastSet = 0;
    const flush = () => {
      timer = null;
      lastSet = performance.now();
      setValue(select(useStore.getState()));
    };
    const unsubscribe = useStore.subscribe((state, previous) => {
      if (select(state) === select(previous) || timer) return;
      const wait = intervalMs - (performance.now() - lastSet);
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    });
    flush();
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [select, intervalMs]);
  return value;
}
