/**
 * A run stored in this browser comes back on the next visit; what the user does before storage has
 * answered is done on the page as restored, never half on one and half on the other. IndexedDB is
 * fake-indexeddb here, the worker the fake client.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { createAppStore } from '../../src/state/app-store';
import { createRunStorage, type CurrentRunRecord } from '../../src/state/persistence';
import type { State } from '../../src/state/types';
import type { IterationPoint } from '../../src/worker/protocol';
import { fakeClient, timerClock, weights } from './fake-client';

const point = (iteration: number): IterationPoint => ({
  iteration,
  rho: 0.01,
  beta: 3,
  lambda: 1e-4,
  cost: 10 / (iteration + 1),
  reconstruction: 5 / (iteration + 1),
  decay: 0.1,
  sparsity: 1,
  evaluations: iteration + 2,
  elapsedMs: iteration * 30,
  gradientNorm: 1,
});

/** A natural-images run the user left paused at iteration 11, as the page stores it. */
function leftRun(): CurrentRunRecord {
  return {
    settings: { ...PRESETS.natural, lambda: 1e-4 },
    dataChoice: 'natural',
    fileNames: [],
    status: 'paused',
    points: Array.from({ length: 12 }, (_, i) => point(i)),
    marks: [],
    weights: { ...weights(25, 64), iteration: 11, cost: 0.9 },
    exampleSide: 8,
    kept: false,
  };
}

async function storeRun(record: CurrentRunRecord) {
  const storage = createRunStorage({ onUnavailable: (message) => expect.fail(message) });
  storage.saveCurrent(() => record);
  await storage.flush();
}

/** Resolves once `test` holds of the store's state. */
function until(store: ReturnType<typeof createAppStore>, test: (s: State) => boolean) {
  return new Promise<void>((resolve) => {
    if (test(store.getState())) return resolve();
    const unsubscribe = store.subscribe((s) => {
      if (!test(s)) return;
      unsubscribe();
      resolve();
    });
  });
}

function visit() {
  const fake = fakeClient();
  const store = createAppStore(fake.client, timerClock);
  store.getState().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
  return { ...fake, store };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('a stored run and what the user does before storage answers', () => {
  it('comes back paused at its checkpoint, and Resume goes on from its weights', async () => {
    await storeRun(leftRun());
    const { store, of } = visit();
    await until(store, (s) => s.run.status === 'paused');
    expect(store.getState().run.latest?.iteration).toBe(11);
    store.getState().resume();
    await until(store, (s) => s.run.status === 'running');
    const [start] = of('start');
    expect(start.config.initialWeights?.iteration).toBe(11);
    expect(start.config.startAt?.iteration).toBe(11);
  });

  it('a lesson step asked for at once runs the step, and the run left before is kept', async () => {
    await storeRun(leftRun());
    const { store, of } = visit();
    // The click lands before storage has answered.
    await store.getState().runLessonStep('strong-decay');
    await until(store, (s) => s.run.status === 'running');
    const starts = of('start');
    expect(starts).toHaveLength(1);
    expect(starts[0].config).toMatchObject({ lambda: 3e-4, dataset: 'natural' });
    expect(starts[0].config.initialWeights).toBeUndefined();
    expect(store.getState().settings.lambda).toBe(3e-4);
    // The run left before is kept to compare, with its weights and settings.
    const [kept] = store.getState().runs;
    expect(kept?.settings.lambda).toBe(1e-4);
    expect(kept?.weights?.iteration).toBe(11);
  });

  it('Train asked for at once trains what the page then shows: the restored run, from its weights', async () => {
    await storeRun(leftRun());
    const { store, of } = visit();
    await store.getState().train();
    await until(store, (s) => s.run.status === 'running');
    const starts = of('start');
    expect(starts).toHaveLength(1);
    expect(starts[0].config.lambda).toBe(1e-4);
    expect(starts[0].config.initialWeights?.iteration).toBe(11);
    expect(store.getState().settings.lambda).toBe(1e-4);
    expect(store.getState().runs.map((r) => r.weights?.iteration)).toEqual([11]);
  });
});
