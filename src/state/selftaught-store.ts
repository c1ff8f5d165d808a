/**
 * The self-taught experiment's state: its status, progress with an ETA, and the outcome. The job
 * runs in its own worker (src/worker/selftaught-client.ts); this store is its one reader.
 */
import { create } from 'zustand';
import type { SelfTaughtProgress } from '../engine/selftaught';
import type { SelfTaughtVersion } from '../engine/selftaught-presets';
import { SELF_TAUGHT_PRESETS } from '../engine/selftaught-presets';
import { createSelfTaughtClient, type SelfTaughtClient } from '../worker/selftaught-client';
import type { DataSource } from '../data/dataset';
import type { Weights } from '../data/weights';
import type {
  ClassifyOutcome,
  SelfTaughtEvent,
  SelfTaughtOutcome,
} from '../worker/selftaught-protocol';

export type SelfTaughtStatus = 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'failed';

export interface SelfTaughtState {
  status: SelfTaughtStatus;
  /** The job running or last run: the experiment, or "Classify with these features". */
  job: 'experiment' | 'classify' | null;
  version: SelfTaughtVersion | null;
  progress: SelfTaughtProgress | null;
  /** Share of the whole job done, 0…1. */
  done: number;
  /** Seconds left, estimated from the time so far; null before there is a basis. */
  etaSeconds: number | null;
  outcome: SelfTaughtOutcome | null;
  /** The last "Classify with these features". */
  classified: ClassifyOutcome | null;
  error: string | null;
  start(version: SelfTaughtVersion): void;
  /** Softmax on the features of these weights, and on raw inputs, of this labeled data. */
  classify(weights: Weights, source: DataSource): void;
  cancel(): void;
}

/** The autoencoder is most of the work; the two softmax trainings share the rest. */
export function shareDone(version: SelfTaughtVersion | null, progress: SelfTaughtProgress): number {
  const { iterations, softmaxIterations } = version
    ? SELF_TAUGHT_PRESETS[version].settings
    : { iterations: 0, softmaxIterations: 100 };
  const autoencoder = version ? 0.9 : 0;
  const softmax = (1 - autoencoder) / 2;
  const part = (done: number, of: number) => (of > 0 ? Math.min(1, done / of) : 1);
  switch (progress.phase) {
    case 'autoencoder':
      return autoencoder * part(progress.iteration, iterations);
    case 'features':
      return autoencoder;
    case 'softmax-features':
      return autoencoder + softmax * part(progress.iteration, softmaxIterations);
    case 'softmax-raw':
      return autoencoder + softmax * (1 + part(progress.iteration, softmaxIterations));
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
          const version = get().job === 'experiment' ? get().version : null;
          if (get().status === 'loading') startedAt = now();
          const done = shareDone(version, event.progress);
          const elapsed = (now() - startedAt) / 1000;
          const etaSeconds = done > 0.02 ? (elapsed * (1 - done)) / done : null;
          return set({ status: 'running', progress: event.progress, done, etaSeconds });
        }
        case 'result':
          return set({ status: 'done', outcome: event.outcome, done: 1, etaSeconds: 0 });
        case 'classified':
          return set({ status: 'done', classified: event.outcome, done: 1, etaSeconds: 0 });
        case 'cancelled':
          return set({ status: 'cancelled', etaSeconds: null });
        case 'failed':
          return set({ status: 'failed', error: event.message, etaSeconds: null });
      }
    };
    const starting = {
      status: 'loading' as const,
      progress: null,
      done: 0,
      etaSeconds: null,
      error: null,
    };
    return {
      status: 'idle',
      job: null,
      version: null,
      progress: null,
      done: 0,
      etaSeconds: null,
      outcome: null,
      classified: null,
      error: null,
      start(version) {
        set({ ...starting, job: 'experiment', version });
        startedAt = now();
        client().run(version, onEvent);
      },
      classify(weights, source) {
        set({ ...starting, job: 'classify', classified: null });
        startedAt = now();
        client().classify(weights, source, onEvent);
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
