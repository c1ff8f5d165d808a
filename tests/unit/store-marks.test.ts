/**
 * The cost chart's marks where ρ, β or λ changed: one per settled change, however many values a
 * slider drag sent on the way (the worker answers each with a 'hyperparameters' event).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { createAppStore } from '../../src/state/app-store';
import { fakeClient, timerClock as clock } from './fake-client';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('hyperparameter marks', () => {
  it('a drag leaves one mark with its last values; a later change leaves another', async () => {
    const fake = fakeClient();
    const store = createAppStore(fake.client, clock);
    store.getState().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
    await vi.runAllTimersAsync();
    await store.getState().train();
    // The worker applies each value it is sent at its next iteration and says so.
    let iteration = 10;
    let answered = 0;
    const answer = () => {
      for (const call of fake.of('setHyperparameters').slice(answered)) {
        const { rho, beta, lambda } = call;
        fake.emit({ type: 'hyperparameters', runId: 1, iteration: iteration++, rho, beta, lambda });
      }
      answered = fake.of('setHyperparameters').length;
    };
    // A drag: a new value every 30 ms for a second.
    for (let i = 1; i <= 33; i++) {
      store.getState().setLiveSetting('beta', 3 + i / 10);
      await vi.advanceTimersByTimeAsync(30);
      answer();
    }
    await vi.advanceTimersByTimeAsync(200);
    answer();
    expect(fake.of('setHyperparameters').length).toBeGreaterThan(5);
    expect(store.getState().marks.map((m) => [m.iteration, m.beta])).toEqual([[10, 6.3]]);

    await vi.advanceTimersByTimeAsync(3000);
    iteration = 80;
    store.getState().setLiveSetting('lambda', 1e-3);
    await vi.advanceTimersByTimeAsync(200);
    answer();
    expect(store.getState().marks.map((m) => [m.iteration, m.beta, m.lambda])).toEqual([
      [10, 6.3, 1e-4],
      [80, 6.3, 1e-3],
    ]);
  });

  it('starting a run without marks keeps the chart’s empty marks as they are (no redraw)', async () => {
    const fake = fakeClient();
    const store = createAppStore(fake.client, clock);
    store.getState().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
    await vi.runAllTimersAsync();
    const none = store.getState().marks;
    await store.getState().train();
    expect(store.getState().marks).toBe(none);
    // Marks of a run are cleared for the next one.
    fake.emit({
      type: 'hyperparameters',
      runId: 1,
      iteration: 5,
      rho: 0.02,
      beta: 3,
      lambda: 1e-4,
    });
    expect(store.getState().marks).toHaveLength(1);
    await store.getState().train();
    expect(store.getState().marks).toEqual([]);
  });
});
