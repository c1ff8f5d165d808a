/**
 * The page's storage across reloads, on fake-indexeddb (IndexedDB in Node): runs kept and deleted,
 * the current run written once per timer however often it changes, files, and storage refused.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import {
  createRunStorage,
  type CurrentRunRecord,
  type StorageOptions,
} from '../../src/state/persistence';
import { currentRecordOf, restoreNote, restoredState, startPointOf } from '../../src/state/restore';
import type { PastRun } from '../../src/state/runs';
import type { IterationPoint, Weights } from '../../src/worker/protocol';

let databases = 0;

/** A storage on a fresh database, with a timer the test fires by hand. */
function storage(overrides: Partial<StorageOptions> = {}) {
  const timers: (() => void)[] = [];
  const messages: string[] = [];
  const store = createRunStorage({
    databaseName: `test-${++databases}`,
    onUnavailable: (message) => messages.push(message),
    setTimer: (callback) => timers.push(callback),
    ...overrides,
  });
  const fireTimers = () => timers.splice(0).forEach((fire) => fire());
  return { store, timers, messages, fireTimers };
}

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

const weights = (iteration: number): Weights => {
  const [v, h] = [4, 2];
  const theta = Float64Array.from({ length: 2 * h * v + h + v }, (_, i) => i / 7 + iteration);
  return { visibleSize: v, hiddenSize: h, theta, iteration, cost: 1 };
};

const pastRun = (number: number): PastRun => ({
  number,
  settings: { ...PRESETS.mnist },
  datasetLabel: 'MNIST',
  points: [point(0), point(5)],
  finalPoint: point(5),
  filters: { W1: Float32Array.of(0.5, -0.5), hiddenSize: 2, visibleSize: 1, exampleSide: 1 },
  weights: weights(5),
});

const record = (iteration: number, extra: Partial<CurrentRunRecord> = {}): CurrentRunRecord => ({
  settings: { ...PRESETS.mnist },
  dataChoice: 'mnist',
  fileNames: [],
  status: 'running',
  points: Array.from({ length: iteration + 3 }, (_, i) => point(i)),
  marks: [],
  weights: weights(iteration),
  exampleSide: 2,
  kept: false,
  ...extra,
});

afterEach(() => vi.restoreAllMocks());

describe('run storage', () => {
  it('keeps runs with their typed arrays, and deletes them one by one and all at once', async () => {
    const { store } = storage();
    const [one, two, three] = [pastRun(1), pastRun(2), pastRun(3)];
    store.syncRuns([], [one]);
    store.syncRuns([one], [one, two, three]);
    await store.flush();
    const loaded = (await store.load()).runs;
    expect(loaded.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(loaded[0].weights?.theta).toBeInstanceOf(Float64Array);
    expect(Array.from(loaded[0].weights!.theta)).toEqual(Array.from(one.weights!.theta));
    expect(loaded[0].filters?.W1).toBeInstanceOf(Float32Array);
    expect(loaded[1].points).toEqual(two.points);

    store.syncRuns([one, two, three], [one, three]);
    await store.flush();
    expect((await store.load()).runs.map((r) => r.number)).toEqual([1, 3]);
    store.syncRuns([one, three], []);
    await store.flush();
    expect((await store.load()).runs).toEqual([]);
  });

  it('writes the current run once per timer, reading it when the write happens', async () => {
    const { store, timers, fireTimers } = storage();
    let reads = 0;
    let latest = 0;
    for (let i = 0; i < 100; i++) {
      latest = i;
      store.saveCurrent(() => {
        reads++;
        return record(latest);
      });
    }
    expect(timers).toHaveLength(1);
    expect(reads).toBe(0);
    fireTimers();
    expect(reads).toBe(1);
    await store.flush();
    const current = (await store.load()).current;
    expect(current?.weights.iteration).toBe(99);
    expect(current?.weights.theta).toBeInstanceOf(Float64Array);

    // undefined leaves the stored record; null deletes it.
    store.saveCurrent(() => undefined);
    fireTimers();
    await store.flush();
    expect((await store.load()).current?.weights.iteration).toBe(99);
    store.saveCurrent(() => null);
    await store.flush(); // a flush writes what waits, without the timer
    expect((await store.load()).current).toBeNull();
  });

  it('stores θ as a Blob (not serialized on the main thread), and reads back records stored with a Float64Array', async () => {
    const name = `test-${++databases}`;
    const store = createRunStorage({ databaseName: name, onUnavailable: () => undefined });
    store.syncRuns([], [pastRun(1)]);
    store.saveCurrent(() => record(7));
    await store.flush();
    const raw = await openDB(name, 1);
    const storedCurrent = await raw.get('current', 'current');
    const storedRun = await raw.get('runs', 1);
    expect(storedCurrent.weights.theta).toBeInstanceOf(Blob);
    expect(storedRun.weights.theta).toBeInstanceOf(Blob);
    expect(storedCurrent.weights.theta.size).toBe(weights(7).theta.byteLength);

    // A record written before θ was stored as a Blob.
    await raw.put('current', record(9), 'current');
    raw.close();
    const loaded = await store.load();
    expect(loaded.current?.weights.theta).toBeInstanceOf(Float64Array);
    expect(Array.from(loaded.current!.weights.theta)).toEqual(Array.from(weights(9).theta));
    expect(Array.from(loaded.runs[0].weights!.theta)).toEqual(Array.from(weights(5).theta));
  });

  it('keeps uploaded files with their bytes', async () => {
    const { store } = storage();
    const bytes = Uint8Array.of(0, 0, 8, 3, 1, 2, 3).buffer;
    store.saveFiles([{ name: 'digits-idx3-ubyte', bytes }]);
    await store.flush();
    const files = (await store.load()).files;
    expect(files?.[0].name).toBe('digits-idx3-ubyte');
    expect(Array.from(new Uint8Array(files![0].bytes))).toEqual([0, 0, 8, 3, 1, 2, 3]);
  });

  it('without IndexedDB: one message, nothing stored, nothing thrown', async () => {
    vi.stubGlobal('indexedDB', undefined);
    try {
      const { store, messages, fireTimers } = storage();
      store.syncRuns([], [pastRun(1)]);
      store.saveCurrent(() => record(3));
      fireTimers();
      store.saveFiles([{ name: 'a.npy', bytes: new ArrayBuffer(4) }]);
      await store.flush();
      expect(await store.load()).toEqual({ runs: [], current: null, files: null });
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/does not let the page store data.*works on without it/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('storage full: one message however many writes fail', async () => {
    const { store, messages, fireTimers } = storage();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    store.syncRuns([], [pastRun(1)]);
    store.saveCurrent(() => record(3));
    fireTimers();
    store.saveFiles([{ name: 'big.mat', bytes: new ArrayBuffer(8) }]);
    await store.flush();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/storage for this page is full/);
  });
});

describe('restoring the current run', () => {
  it('comes back paused at its checkpoint, history up to it, with a note', () => {
    const stored = record(7);
    stored.points.push(point(11), point(12)); // progress that came after the last checkpoint
    const state = restoredState(stored, false, 'kernel');
    expect(state.run.status).toBe('paused');
    expect(state.run.latest?.iteration).toBe(7);
    expect(state.history.map((p) => p.iteration).at(-1)).toBe(7);
    expect(state.historyLength).toBe(state.history.length);
    expect(state.run.reason).toBe('Restored after a reload: run paused at iteration 7');
    expect(state.settings.backend).toBe('kernel');
    expect(state.snapshot?.W1).toEqual(Float32Array.from(stored.weights.theta.subarray(0, 8)));
    expect(startPointOf(stored)).toEqual({ iteration: 7, evaluations: 9, elapsedMs: 210 });
  });

  it('names the files to load again when they were not stored', () => {
    const stored = record(4, { dataChoice: 'files', fileNames: ['strokes-idx3-ubyte'] });
    expect(restoreNote(stored, false)).toMatch(/load strokes-idx3-ubyte again/);
    expect(restoreNote(stored, true)).not.toMatch(/again/);
  });

  it('records nothing without history, and waits for a checkpoint', () => {
    const page = restoredState(record(3), true, 'auto');
    const data = {
      choice: 'mnist' as const,
      files: null,
      summary: null,
      loading: false,
      loadedKey: null,
      loadedChoice: 'mnist' as const,
      fileOptions: { rescale: false },
      pending: null,
    };
    const state = { ...page, data };
    expect(currentRecordOf({ ...state, history: [] }, weights(3), false)).toBeNull();
    expect(currentRecordOf(state, null, false)).toBeUndefined();
    const made = currentRecordOf(state, weights(3), true);
    expect(made?.kept).toBe(true);
    expect(made?.points).toEqual(page.history);
    expect(made?.exampleSide).toBe(2);
  });
});
