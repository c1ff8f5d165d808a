/**
 * Time as the backend probe sees it: a reading in milliseconds and a wait. The system clock in the
 * app; a fake one in tests, so that timings and deadlines are exact whatever the machine's load.
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin (performance.now on the system clock). */
  now(): number;
  /** Resolves after `ms` milliseconds, or at once when `signal` aborts (the wait is dropped). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done);
    }),
};
