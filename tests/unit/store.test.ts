import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { createAppStore } from '../../src/state/app-store';
import { LIVE_SEND_INTERVAL_MS } from '../../src/state/live';
import type { IterationPoint } from '../../src/worker/protocol';
import { fakeClient, summary, weights, timerClock as clock } from './fake-client';

const point = (iteration: number, sparsity = 0.1): IterationPoint => ({
  iteration,
  rho: 0.01,
  beta: 3,
  lambda: 1e-4,
  cost: 1 / iteration,
  reconstruction: 0.5,
  decay: 0.01,
  sparsity,
  evaluations: iteration,
  elapsedMs: iteration * 10,
  gradientNorm: 0.1,
});

function setup() {
  const fake = fakeClient();
  const store = createAppStore(fake.client, clock);
  const connect = () =>
    store.getState().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
  return { ...fake, store, connect };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the store (fake client, fake timers)', () => {
  it('trains: loads the data once, starts with the settings, publishes the stream, keeps the run', async () => {
    const { store, connect, of, emit, setExported } = setup();
    connect();
    await vi.runAllTimersAsync();
    expect(store.getState().data.summary?.visibleSize).toBe(64);
    await store.getState().train();
    expect(of('loadData')).toHaveLength(1);
    const [start] = of('start');
    expect(start.config).toMatchObject({ rho: PRESETS.natural.rho, beta: PRESETS.natural.beta });
    expect(start.config.initialWeights).toBeUndefined();
    expect(store.getState().run).toMatchObject({ runId: 1, status: 'running' });

    emit({ type: 'progress', runId: 1, points: [point(1), point(2)] });
    expect(store.getState().history).toHaveLength(2);
    expect(store.getState().historyLength).toBe(0); // announced at the next publication
    await vi.advanceTimersByTimeAsync(400);
    expect(store.getState().historyLength).toBe(2);
    expect(store.getState().run.latest?.iteration).toBe(2);

    setExported(weights());
    emit({ type: 'state', runId: 1, state: 'done', reason: 'max-iterations' });
    await vi.runAllTimersAsync();
    expect(store.getState().run.status).toBe('done');
    expect(store.getState().runs.map((r) => [r.number, r.weights?.hiddenSize])).toEqual([[1, 25]]);
  });

  it('pauses and resumes only the run in the matching state; reset clears the view when the run says so', async () => {
    const { store, connect, of, emit } = setup();
    connect();
    await store.getState().train();
    store.getState().resume(); // running: nothing to resume
    store.getState().pause();
    emit({ type: 'state', runId: 1, state: 'paused' });
    store.getState().pause(); // paused: nothing to pause
    store.getState().resume();
    expect([...of('pause'), ...of('resume')].map((c) => c.type)).toEqual(['pause', 'resume']);

    emit({ type: 'progress', runId: 1, points: [point(1)] });
    await store.getState().reset();
    expect(of('reset')).toHaveLength(1);
    expect(store.getState().history).toHaveLength(1); // old points may still be on their way
    emit({ type: 'state', runId: 1, state: 'paused', reason: 'reset' });
    expect(store.getState().history).toHaveLength(0);
  });

  it('imports weights before any run: shows them, exports the page’s own copy, starts from them', async () => {
    const { store, connect, of } = setup();
    connect();
    await vi.runAllTimersAsync();
    const imported = weights(36, 64, 0.05, 2);
    await store.getState().importWeights(imported, 'w.json');
    const s = store.getState();
    expect(s.settings).toMatchObject({ hiddenSize: 36, rho: 0.05, beta: 2 });
    expect(s.snapshot?.hiddenSize).toBe(36);
    // Before any run the weights are the page's: the worker is not asked for (or robbed of) them.
    const exported = await store.getState().exportWeights();
    expect(exported?.theta).toEqual(imported.theta);
    expect(of('exportWeights')).toHaveLength(0);
    await store.getState().train();
    expect(of('start')[0].config.initialWeights?.theta).toEqual(imported.theta);
    expect(store.getState().startWeights).toBeNull();
  });

  it('“Start from random weights instead” sends no start weights', async () => {
    const { store, connect, of } = setup();
    connect();
    await vi.runAllTimersAsync();
    await store.getState().importWeights(weights(), 'w.json');
    store.getState().clearStartWeights();
    await store.getState().train();
    expect(of('start')[0].config.initialWeights).toBeUndefined();
  });

  it('reopening a run sends its ρ, β, λ to the worker before Resume', async () => {
    const { store, connect, calls, emit, setExported } = setup();
    connect();
    await vi.runAllTimersAsync();
    // Run 1 with β = 3, kept with its weights.
    store.getState().setRunSetting('iterations', 50);
    await store.getState().train();
    emit({ type: 'progress', runId: 1, points: [point(1)] });
    setExported(weights(25, 64, 0.01, 3));
    emit({ type: 'state', runId: 1, state: 'done', reason: 'max-iterations' });
    await vi.runAllTimersAsync();
    // Run 2 with β = 0.
    store.getState().setLiveSetting('beta', 0);
    await store.getState().train();
    expect(store.getState().run.runId).toBe(2);
    emit({ type: 'progress', runId: 2, points: [point(1, 0)] });
    setExported(weights(25, 64, 0.01, 0));
    emit({ type: 'state', runId: 2, state: 'done', reason: 'max-iterations' });
    await vi.runAllTimersAsync();

    await store.getState().reopenRun(1);
    expect(store.getState().settings.beta).toBe(3);
    emit({ type: 'state', runId: 2, state: 'paused', reason: 'weights-imported' });
    store.getState().resume();
    const resumeAt = calls.findIndex((c) => c.type === 'resume');
    const sent = calls.slice(0, resumeAt).filter((c) => c.type === 'setHyperparameters');
    expect(sent.at(-1)).toMatchObject({ runId: 2, rho: 0.01, beta: 3 });
  });

  it('continues a done run with the ρ, β, λ the page shows, counting on, and keeps it once', async () => {
    const { store, connect, calls, emit, of, setExported } = setup();
    connect();
    await store.getState().train();
    emit({ type: 'progress', runId: 1, points: [point(1), point(2)] });
    setExported(weights());
    emit({ type: 'state', runId: 1, state: 'done', reason: 'max-iterations' });
    await vi.runAllTimersAsync();
    store.getState().setLiveSetting('beta', 1.5);
    store.getState().continue();
    const at = calls.findIndex((c) => c.type === 'continue');
    expect(calls[at]).toMatchObject({ runId: 1 });
    expect(
      calls
        .slice(0, at)
        .filter((c) => c.type === 'setHyperparameters')
        .at(-1),
    ).toMatchObject({ runId: 1, beta: 1.5 });
    expect(store.getState().run).toMatchObject({ runId: 1, status: 'running' });
    emit({ type: 'progress', runId: 1, points: [point(3)] });
    emit({ type: 'state', runId: 1, state: 'done', reason: 'max-iterations' });
    await vi.runAllTimersAsync();
    expect(store.getState().history.map((p) => p.iteration)).toEqual([1, 2, 3]);
    expect(of('start')).toHaveLength(1);
    // The kept entry of run 1 now ends at iteration 3.
    expect(store.getState().runs.map((r) => [r.number, r.finalPoint.iteration])).toEqual([[1, 3]]);
  });

  it('after a fault, Resume and Continue go on from the last finite weights with the new ρ, β, λ', async () => {
    const { store, connect, calls, emit } = setup();
    connect();
    await store.getState().train();
    emit({ type: 'progress', runId: 1, points: [point(1)] });
    emit({ type: 'fault', runId: 1, message: 'The cost is NaN at iteration 2.' });
    expect(store.getState().run.status).toBe('faulted');
    store.getState().setLiveSetting('lambda', 3e-4);
    store.getState().resume();
    const at = calls.findIndex((c) => c.type === 'continue');
    expect(at).toBeGreaterThan(0);
    expect(
      calls
        .slice(0, at)
        .filter((c) => c.type === 'setHyperparameters')
        .at(-1),
    ).toMatchObject({ runId: 1, lambda: 3e-4 });
    expect(store.getState().run.status).toBe('running');
    emit({ type: 'fault', runId: 1, message: 'The cost is NaN at iteration 3.' });
    store.getState().continue();
    expect(calls.filter((c) => c.type === 'continue')).toHaveLength(2);
  });

  it('sends live changes at most every LIVE_SEND_INTERVAL_MS while training, the last one included', async () => {
    const { store, connect, of } = setup();
    connect();
    await store.getState().train();
    store.getState().setLiveSetting('beta', 1);
    store.getState().setLiveSetting('beta', 2);
    store.getState().setLiveSetting('beta', 2.5);
    expect(of('setHyperparameters').map((c) => c.beta)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(LIVE_SEND_INTERVAL_MS);
    expect(of('setHyperparameters').map((c) => c.beta)).toEqual([1, 2.5]);
  });

  it('loads data in the order asked for, the last choice winning', async () => {
    const { store, connect, loads, holdLoads } = setup();
    holdLoads();
    connect();
    await vi.advanceTimersByTimeAsync(0); // the first load is under way
    store.getState().chooseDataset('mnist');
    await vi.advanceTimersByTimeAsync(0);
    // The second load waits for the first.
    expect(loads.map((l) => l.source)).toEqual([{ kind: 'builtin', name: 'natural' }]);
    loads[0].resolve(summary(64));
    await vi.advanceTimersByTimeAsync(0);
    expect(loads.map((l) => l.source)).toEqual([
      { kind: 'builtin', name: 'natural' },
      { kind: 'builtin', name: 'mnist' },
    ]);
    loads[1].resolve(summary(784));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().data).toMatchObject({ loadedChoice: 'mnist', loading: false });
    expect(store.getState().data.summary?.visibleSize).toBe(784);
  });

  it('drops the messages of a run whose data was replaced', async () => {
    const { store, connect, emit, of } = setup();
    connect();
    await store.getState().train();
    const file = { name: 'x.npy', size: 8, arrayBuffer: async () => new ArrayBuffer(8) } as File;
    await store.getState().uploadFiles([file]);
    expect(of('stop')).toHaveLength(1);
    emit({ type: 'progress', runId: 1, points: [point(7)] });
    emit({ type: 'state', runId: 1, state: 'stopped' });
    expect(store.getState().history).toHaveLength(0);
    expect(store.getState().run.status).toBe('idle');
    expect(store.getState().data.choice).toBe('files');
  });

  it('a lost worker stops the run, keeps its last weights, and Train goes on from them', async () => {
    const { store, connect, emit, of } = setup();
    connect();
    await store.getState().train();
    emit({ type: 'progress', runId: 1, points: [point(1)] });
    const last = { ...weights(), iteration: 40 };
    emit({
      type: 'workerLost',
      message: 'it crashed: boom',
      restartedRunId: null,
      weights: last,
      losses: 4,
    });
    const s = store.getState();
    expect(s.run.status).toBe('stopped');
    expect(s.errors.at(-1)?.message).toMatch(
      /The training worker stopped: it crashed: boom, 4 times within a minute\. Its last saved weights \(iteration 40\) are kept/,
    );
    expect(s.errors.at(-1)?.message).not.toMatch(/Restarting/);
    // “or export them”: the page has them, the new worker would not.
    expect((await store.getState().exportWeights())?.theta).toEqual(last.theta);
    expect(of('exportWeights')).toHaveLength(0);
    await store.getState().train();
    expect(of('loadData')).toHaveLength(2); // the new worker gets the data again
    expect(of('start')[1].config.initialWeights?.theta).toEqual(last.theta);
  });

  it('a restarted run is followed under its new id', async () => {
    const { store, connect, emit } = setup();
    connect();
    await store.getState().train();
    emit({
      type: 'workerLost',
      message: 'it crashed',
      restartedRunId: 2,
      weights: weights(),
      losses: 1,
    });
    expect(store.getState().run).toMatchObject({ runId: 2, status: 'running' });
    emit({ type: 'progress', runId: 2, points: [point(1)] });
    expect(store.getState().history).toHaveLength(1);
  });
});
