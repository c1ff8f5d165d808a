/**
 * The guided lesson: each step sets its values and starts a run with them, and has its own link that
 * brings the same values and the step back.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { createAppStore } from '../../src/state/app-store';
import { LESSON_STEPS, stepSettings } from '../../src/state/lesson-steps';
import { lessonSearch, readUrlState } from '../../src/state/url';
import { fakeClient, timerClock as clock } from './fake-client';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the lesson', () => {
  it('has 5 to 7 steps, each with its own values, words and link', () => {
    expect(LESSON_STEPS.length).toBeGreaterThanOrEqual(5);
    expect(LESSON_STEPS.length).toBeLessThanOrEqual(7);
    expect(new Set(LESSON_STEPS.map((s) => s.id)).size).toBe(LESSON_STEPS.length);
    expect(LESSON_STEPS.find((s) => s.id === 'no-sparsity')?.settings.beta).toBe(0);
    expect(LESSON_STEPS.at(-1)?.dataset).toBe('mnist');
    for (const step of LESSON_STEPS) {
      expect(step.lookFor.length, step.id).toBeGreaterThan(0);
      const opened = readUrlState(lessonSearch(step, false));
      expect(opened.errors, step.id).toEqual([]);
      expect(opened.lesson, step.id).toBe(step.id);
      expect(opened.settings, step.id).toEqual(stepSettings(step, 'auto'));
    }
    expect(readUrlState(lessonSearch(LESSON_STEPS[0], true)).classroom).toBe(true);
  });

  it('a link to a step that does not exist is reported, naming it', () => {
    const opened = readUrlState('?lesson=warp-drive');
    expect(opened.lesson).toBe(null);
    expect(opened.errors.join(' ')).toContain('lesson=warp-drive');
  });

  it('running a step sets its values and starts a run with them', async () => {
    const fake = fakeClient();
    const store = createAppStore(fake.client, clock);
    store.getState().connect({
      settings: { ...PRESETS.natural, backend: 'kernel' },
      classroom: false,
      errors: [],
    });
    await vi.runAllTimersAsync();
    await store.getState().runLessonStep('no-sparsity');
    expect(store.getState().lesson).toBe('no-sparsity');
    expect(store.getState().settings).toMatchObject({ beta: 0, rho: 0.01, backend: 'kernel' });
    expect(fake.of('start').at(-1)?.config).toMatchObject({ beta: 0, rho: 0.01 });

    fake.emit({
      type: 'progress',
      runId: 1,
      points: [
        {
          iteration: 1,
          rho: 0.01,
          beta: 0,
          lambda: 1e-4,
          cost: 1,
          reconstruction: 1,
          decay: 0,
          sparsity: 0,
          evaluations: 1,
          elapsedMs: 1,
          gradientNorm: 1,
        },
      ],
    });
    await store.getState().runLessonStep('strong-decay');
    // The β = 0 run is kept with the settings it ran with, not the next step's.
    expect(store.getState().runs.at(-1)?.settings).toMatchObject({ beta: 0, lambda: 1e-4 });
    expect(store.getState().mosaicScale).toBe('shared');
    expect(fake.of('start').at(-1)?.config.lambda).toBeGreaterThan(PRESETS.natural.lambda);

    await store.getState().runLessonStep('pen-strokes');
    expect(store.getState().data.choice).toBe('mnist');
    expect(fake.of('start').at(-1)?.config).toMatchObject({ dataset: 'mnist', hiddenSize: 196 });
    store.getState().closeLesson();
    expect(store.getState().lesson).toBe(null);
  });
});
