/**
 * The self-taught experiment's state: its status, progress with an ETA, and the outcome. The job
 * runs in its own worker (src/worker/selftaught-client.ts); this store is its one reader.
 */
import { create } from 'zustand';
import type { SelfTaughtProgress } from '../engine/selftaught';
import type { SelfTaughtVersion } from '../engine/selftaught-presets';
import { SELF_TAUGHT_PRESETS } from '../engine/selftaught-presets';
import { createSelfTaughtClient, type SelfTaughtClient } from '../worker/selftaught-client';
import type { SelfTaughtEvent, SelfTaughtOutcome } from '../worker/selftaught-protocol';

export type SelfTaughtStatus = 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'failed';

export interface SelfTaughtState {
  status: SelfTaughtStatus;
  version: SelfTaughtVersion | null;
  progress: SelfTaughtProgress | null;
  /** Share of the whole job done, 0…1. */
  done: number;
  /** Seconds left, estimated from the time so far; null before there is a basis. */
  etaSeconds: number | null;
  outcome: SelfTaughtOutcome | null;
  error: string | null;
  start(version: SelfTaughtVersion): void;
  cancel(): void;
}

/** The autoencoder is most of the work; the two softmax trainings share the rest. */
export function shareDone(version: SelfTaughtVersion, progress: SelfTaughtProgress): number {
  const { iterations, softmaxIterations } = SELF_TAUGHT_PRESETS[version].settings;
  const part = (done: number, of: number) => (of > 0 ? Math.min(1, done / of) : 1);
  switch (progress.phase) {
    case 'autoencoder':
      return 0.9 * part(progress.iteration, iterations);
    case 'features':
      return 0.9;
    case 'softmax-features':
      return 0.9 + 0.05 * part(progress.iteration, softmaxIterations);
    case 'softmax-raw':
      return 0.95 + 0.05 * part(progress.iteration, softmaxIterations);
  }
}

export function createSelfTaughtStore(
  client: () => SelfTaughtClient,
  now: () => number = () => performance.now(),
) {
  return create<SelfTaughtState>()((set, get) => {
    let startedAt = 0;
    const onEvent = (event: SelfTaughtEvent) => {
      switch (event.type) {
        case 'loading':
          return set({ status: 'loading' });
        case 'progress': {
          const version = get().version!;
          if (get().status === 'loading') startedAt = now();
          const done = shareDone(version, event.progress);
          const elapsed = (now() - startedAt) / 1000;
          const etaSeconds = done > 0.02 ? (elapsed * (1 - done)) / done : null;
          return set({ status: 'running', progress: event.progress, done, etaSeconds });
        }
        case 'result':
          return set({ status: 'done', outcome: event.outcome, done: 1, etaSeconds: 0 });
        case 'cancelled':
          return set({ status: 'cancelled', etaSeconds: null });
        case 'failed':
          return set({ status: 'failed', error: event.message, etaSeconds: null });
      }
    };
    return {
      status: 'idle',
      version: null,
      progress: null,
      done: 0,
      etaSeconds: null,
      outcome: null,
      error: null,
      start(version) {
        set({ status: 'loading', version, progress: null, done: 0, etaSeconds: null, error: null });
        startedAt = now();
        client().run(version, onEvent);
      },
      cancel() {
        client().cancel();
      },
    };
  });
}

let shared: SelfTaughtClient | null = null;
/** The page's store, with the worker made on first use. */
export const useSelfTaught = createSelfTaughtStore(() => {
  shared ??= createSelfTaughtClient(
    new URL(`${import.meta.env.BASE_URL}data/`, location.href).href,
  );
  return shared;
});
