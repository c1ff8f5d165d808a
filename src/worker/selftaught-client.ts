/**
 * The page's one handle on the self-taught worker: one listener, created on first use; events of
 * any job but the current one are dropped.
 */
import type { DataSource } from '../data/dataset';
import type { Weights } from '../data/weights';
import type { SelfTaughtCommand, SelfTaughtEvent, SelfTaughtVersion } from './selftaught-protocol';

export interface SelfTaughtWorkerLike {
  postMessage(command: SelfTaughtCommand): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<SelfTaughtEvent>) => void): void;
}

export interface SelfTaughtClient {
  /** Starts a job (cancelling any other); `onEvent` receives its events only. */
  run(version: SelfTaughtVersion, onEvent: (event: SelfTaughtEvent) => void): void;
  /** Starts "Classify with these features" (cancelling any other job). */
  classify(weights: Weights, source: DataSource, onEvent: (event: SelfTaughtEvent) => void): void;
  cancel(): void;
}

const createWorker = (): SelfTaughtWorkerLike =>
  new Worker(new URL('./selftaught.worker.ts', import.meta.url), { type: 'module' });

export function createSelfTaughtClient(
  dataUrl: string,
  makeWorker: () => SelfTaughtWorkerLike = createWorker,
): SelfTaughtClient {
  let worker: SelfTaughtWorkerLike | null = null;
  let current = 0;
  let handler: ((event: SelfTaughtEvent) => void) | null = null;
  const connect = () => {
    if (worker) return worker;
    worker = makeWorker();
    worker.addEventListener('message', (e) => {
      if (e.data.jobId === current) handler?.(e.data);
    });
    return worker;
  };
  const begin = (onEvent: (event: SelfTaughtEvent) => void) => {
    const w = connect();
    if (handler) w.postMessage({ type: 'cancel', jobId: current });
    current += 1;
    handler = onEvent;
    return w;
  };
  return {
    run(version, onEvent) {
      begin(onEvent).postMessage({ type: 'run', jobId: current, version, dataUrl });
    },
    classify(weights, source, onEvent) {
      begin(onEvent).postMessage({ type: 'classify', jobId: current, weights, source, dataUrl });
    },
    cancel() {
      worker?.postMessage({ type: 'cancel', jobId: current });
    },
  };
}
