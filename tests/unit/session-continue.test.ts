/**
 * Live changes never end a run, any run can be continued, every point says which ρ, β, λ it used,
 * and a failing backend's zeros are never taken for convergence (the real engine, small data).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CostModel } from '../../src/core/cost-model';
import { createTfCostModel } from '../../src/core/cost-tf';
import { LBFGS_DEFAULTS } from '../../src/core/lbfgs';
import type { DataMatrix, ModelShape } from '../../src/core/types';
import type { BackendController } from '../../src/engine/backend';
import { createSession } from '../../src/engine/session';
import { baseConfig, recorder, until } from './session-fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The tfjs model, with a switch that makes it read back what a lost GPU context gives. */
function breakable(mode: { zeros: boolean; nan: boolean }) {
  return (matrix: DataMatrix, s: ModelShape): CostModel => {
    const model = createTfCostModel(matrix, s);
    return {
      shape: model.shape,
      exampleCount: model.exampleCount,
      async evaluate(theta, hyper, batch) {
        const result = await model.evaluate(theta, hyper, batch);
        if (mode.nan) result.gradient[3] = NaN;
        if (!mode.zeros) return result;
        return {
          ...result,
          cost: 0,
          reconstruction: 0,
          decay: 0,
          sparsity: 0,
          gradient: new Float64Array(result.gradient.length),
        };
      },
      dispose: () => model.dispose(),
    };
  };
}

describe('live changes and continuing', () => {
  it('a live change of λ does not end a 3,000-iteration run on the iterations right after it', async () => {
    const r = recorder();
    const session = createSession({ ...baseConfig, iterations: 3000 }, r);
    for (let i = 0; i < 100; i++) await session.step();
    expect(session.setHyperparameters({ rho: 0.05, beta: 3, lambda: 0.056 })).toBeNull();
    const done = r.waitFor('done');
    session.start();
    await done;
    expect(r.changes).toEqual([100]);
    // Right after the change no stopping test ends the run; it did at 125 before.
    expect(session.iteration).toBeGreaterThanOrEqual(100 + LBFGS_DEFAULTS.changeGrace);
    session.dispose();
  });

  it('every point echoes the ρ, β, λ its iteration used', async () => {
    const r = recorder();
    const session = createSession(baseConfig, r);
    for (let i = 0; i < 4; i++) await session.step();
    session.setHyperparameters({ rho: 0.1, beta: 2, lambda: 0.003 });
    await session.step();
    const echoed = r.points.map(({ iteration, rho, beta, lambda }) => ({
      iteration,
      rho,
      beta,
      lambda,
    }));
    expect(echoed[0]).toEqual({ iteration: 0, rho: 0.05, beta: 3, lambda: 1e-4 });
    expect(echoed[4]).toEqual({ iteration: 4, rho: 0.05, beta: 3, lambda: 1e-4 });
    expect(echoed[5]).toEqual({ iteration: 5, rho: 0.1, beta: 2, lambda: 0.003 });
    session.dispose();
  });

  for (const how of ['done', 'stopped'] as const)
    it(`a ${how} run continues from its weights for another iteration limit, the count going on`, async () => {
      const r = recorder();
      const session = createSession({ ...baseConfig, iterations: 12 }, r);
      if (how === 'done') {
        const done = r.waitFor('done');
        session.start();
        await done;
      } else {
        for (let i = 0; i < 6; i++) await session.step();
        session.stop();
        await session.settled();
        expect(session.state).toBe('stopped');
      }
      const theta = session.theta;
      const from = how === 'done' ? 12 : 6;
      const lastCost = r.points.at(-1)!.cost;
      const doneAgain = r.waitFor('done');
      session.continue();
      await doneAgain;
      expect(session.iteration).toBe(from + 12);
      expect(r.points.slice(-12).map((p) => p.iteration)).toEqual(
        Array.from({ length: 12 }, (_, i) => from + 1 + i),
      );
      expect(r.points.at(-1)!.cost).toBeLessThan(lastCost);
      expect(session.theta).not.toEqual(theta);
      expect(r.states.at(-1)).toEqual({ state: 'done', reason: 'max-iterations' });
      session.dispose();
    });

  it('after a NaN fault, continues from the last finite weights with the changed settings', async () => {
    const mode = { zeros: false, nan: false };
    const r = recorder();
    const session = createSession({ ...baseConfig, createCostModel: breakable(mode) }, r);
    for (let i = 0; i < 5; i++) await session.step();
    const lastGood = session.theta;
    mode.nan = true;
    const faulted = r.waitFor('faulted');
    session.start();
    await faulted;
    expect(r.states.at(-1)).toEqual({ state: 'faulted', reason: 'non-finite' });
    expect(session.theta).toEqual(lastGood);
    mode.nan = false;
    session.setHyperparameters({ rho: 0.05, beta: 1, lambda: 0.001 });
    session.continue();
    await until(() => session.iteration >= 8);
    const paused = r.waitFor('paused');
    session.pause();
    await paused;
    expect(r.points.at(-1)).toMatchObject({ beta: 1, lambda: 0.001 });
    session.dispose();
  });
});

describe('a backend that reads back zeros', () => {
  it('is a fault, never "the gradient is below tolerance" with J = 0', async () => {
    const mode = { zeros: false, nan: false };
    const r = recorder();
    const session = createSession({ ...baseConfig, createCostModel: breakable(mode) }, r);
    for (let i = 0; i < 3; i++) await session.step();
    mode.zeros = true;
    await session.step();
    expect(session.state).toBe('faulted');
    expect(r.states.at(-1)).toEqual({ state: 'faulted', reason: 'backend-failed' });
    expect(r.faults[0]).toMatch(/exactly 0/);
    expect(r.points.every((p) => p.cost > 0)).toBe(true);
    expect(session.iteration).toBe(3);
    session.dispose();
  });

  it('falls back to the next backend from the last good weights', async () => {
    const mode = { zeros: false, nan: false };
    const fallbacks: string[] = [];
    const backend: BackendController = {
      active: 'tfjs-webgl',
      note: 'test',
      async fallback(reason) {
        fallbacks.push(reason);
        mode.zeros = false;
        return { backend: 'tfjs-cpu', note: 'continuing on CPU' };
      },
      guard: (work) => work,
      createCostModel: async (matrix, s) => breakable(mode)(matrix, s),
      loseWebglContext: () => false,
    };
    const r = recorder();
    const session = createSession(
      { ...baseConfig, backend, createCostModel: backend.createCostModel },
      r,
    );
    for (let i = 0; i < 3; i++) await session.step();
    const lastGood = session.theta;
    mode.zeros = true;
    await session.step();
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatch(/exactly 0/);
    expect(session.iteration).toBe(4);
    const onCpu = createSession({ ...baseConfig, initialTheta: lastGood });
    await onCpu.step();
    expect(session.theta).toEqual(onCpu.theta);
    onCpu.dispose();
    session.dispose();
  });
});
