/** The self-taught store: progress share, ETA from an injected clock, and stale jobs dropped. */
import { describe, expect, it } from 'vitest';
import { createSelfTaughtStore, shareDone } from '../../src/state/selftaught-store';
import {
  createSelfTaughtClient,
  type SelfTaughtWorkerLike,
} from '../../src/worker/selftaught-client';
import type { SelfTaughtCommand, SelfTaughtEvent } from '../../src/worker/selftaught-protocol';

function fakeWorker() {
  const sent: SelfTaughtCommand[] = [];
  let listener: ((e: MessageEvent<SelfTaughtEvent>) => void) | null = null;
  const worker: SelfTaughtWorkerLike = {
    postMessage: (command) => sent.push(command),
    addEventListener: (_type, l) => (listener = l),
  };
  const emit = (event: SelfTaughtEvent) =>
    listener!({ data: event } as MessageEvent<SelfTaughtEvent>);
  return { worker, sent, emit };
}

describe('the self-taught store', () => {
  it('the autoencoder is 90% of the experiment; the softmax trainings share the rest', () => {
    const at = (phase: 'autoencoder' | 'softmax-features' | 'softmax-raw', iteration: number) =>
      shareDone('full', { phase, iteration, iterations: 0, cost: 1 });
    expect(at('autoencoder', 200)).toBeCloseTo(0.45);
    expect(at('softmax-features', 50)).toBeCloseTo(0.925);
    expect(at('softmax-raw', 100)).toBeCloseTo(1);
    expect(
      shareDone(null, { phase: 'softmax-raw', iteration: 50, iterations: 100, cost: 1 }),
    ).toBeCloseTo(0.75);
  });

  it('estimates the time left from the time so far, and drops a cancelled job’s events', () => {
    const { worker, sent, emit } = fakeWorker();
    let clock = 0;
    const client = createSelfTaughtClient('http://x/data/', () => worker);
    const store = createSelfTaughtStore(
      () => client,
      () => clock,
    );
    store.getState().start('classroom');
    expect(sent[0]).toMatchObject({ type: 'run', jobId: 1, version: 'classroom' });
    emit({ type: 'loading', jobId: 1 });
    emit({
      type: 'progress',
      jobId: 1,
      progress: { phase: 'autoencoder', iteration: 0, iterations: 60, cost: 9 },
    });
    clock = 10_000;
    emit({
      type: 'progress',
      jobId: 1,
      progress: { phase: 'autoencoder', iteration: 20, iterations: 60, cost: 5 },
    });
    expect(store.getState().done).toBeCloseTo(0.3);
    expect(store.getState().etaSeconds).toBeCloseTo((10 * 0.7) / 0.3);
    store.getState().start('full'); // a new job: the old one is cancelled and its events ignored
    expect(sent.slice(1)).toEqual([
      { type: 'cancel', jobId: 1 },
      { type: 'run', jobId: 2, version: 'full', dataUrl: 'http://x/data/' },
    ]);
    emit({ type: 'failed', jobId: 1, message: 'late' });
    expect(store.getState().status).toBe('loading');
    store.getState().cancel();
    emit({ type: 'cancelled', jobId: 2 });
    expect(store.getState().status).toBe('cancelled');
  });
});
