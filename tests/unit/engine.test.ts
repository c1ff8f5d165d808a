import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CostModel } from '../../src/core/cost-model';
import { createTfCostModel } from '../../src/core/cost-tf';
import { initialParameters } from '../../src/core/params';
import { referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';
import type { DataMatrix, ModelShape } from '../../src/core/types';
import type { BackendController } from '../../src/engine/backend';
import { checkGradient } from '../../src/engine/gradient-check';
import { createSession } from '../../src/engine/session';
import {
  baseConfig,
  data,
  hiddenSize,
  recorder,
  shape,
  until,
  visibleSize,
} from './session-fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('training session on the CPU backend', () => {
  it('starts, pauses, steps exactly one iteration, resumes and resets', async () => {
    const r = recorder();
    const session = createSession(baseConfig, r);
    const initial = initialParameters(shape, createRng(baseConfig.seed));
    expect(session.theta).toEqual(initial);

    session.start();
    await until(() => r.points.length >= 6);
    const paused = r.waitFor('paused');
    session.pause();
    await paused;
    const afterPause = session.iteration;
    expect(afterPause).toBeGreaterThanOrEqual(5);
    // Iteration 0 is the cost at the starting point, as the float64 reference computes it.
    const reference = referenceCostAndGradient(initial, data, shape, {
      rho: 0.05,
      beta: 3,
      lambda: 1e-4,
    });
    expect(r.points[0].iteration).toBe(0);
    expect(r.points[0].cost).toBeCloseTo(reference.cost, 4);
    // Nothing moves while paused: the loop is over (no iteration is in flight) and stays at it.
    await session.settled();
    expect(session.state).toBe('paused');
    expect(session.iteration).toBe(afterPause);
    expect(r.snapshots.at(-1)?.iteration).toBe(afterPause);

    const pointsBefore = r.points.length;
    await session.step();
    expect(session.iteration).toBe(afterPause + 1);
    expect(r.points.length).toBe(pointsBefore + 1);
    expect(r.points.at(-1)?.iteration).toBe(afterPause + 1);
    expect(session.state).toBe('paused');
    expect(r.states.at(-1)).toEqual({ state: 'paused', reason: 'step' });
    // The step's snapshot shows the new weights.
    expect(r.snapshots.at(-1)?.W1).toEqual(
      Float32Array.from(session.theta.subarray(0, hiddenSize * visibleSize)),
    );

    session.resume();
    await until(() => session.iteration >= afterPause + 5);
    const pausedAgain = r.waitFor('paused');
    session.pause();
    await pausedAgain;
    const costs = r.points.map((p) => p.cost);
    expect(costs.at(-1)!).toBeLessThan(costs[0]);

    await session.reset();
    expect(session.iteration).toBe(0);
    expect(session.theta).toEqual(initial);
    expect(r.states.at(-1)).toEqual({ state: 'paused', reason: 'reset' });
    expect(r.snapshots.at(-1)?.iteration).toBe(0);

    // After a reset the run starts over, reproducing the first run's costs.
    const replay = r.points.length;
    await session.step();
    expect(r.points[replay].iteration).toBe(0);
    expect(r.points[replay].cost).toBe(r.points[0].cost);
    expect(r.points[replay + 1].cost).toBe(r.points[1].cost);
    session.dispose();
  });

  it('stops at the iteration limit and reports done', async () => {
    const r = recorder();
    const session = createSession({ ...baseConfig, iterations: 12 }, r);
    const done = r.waitFor('done');
    session.start();
    await done;
    expect(session.iteration).toBe(12);
    expect(r.states.at(-1)).toEqual({ state: 'done', reason: 'max-iterations' });
    expect(r.snapshots.at(-1)?.iteration).toBe(12);
    session.dispose();
  });

  it('goes on from a checkpoint, counting on from its iteration, evaluations and time', async () => {
    const first = recorder();
    const before = createSession({ ...baseConfig, iterations: 6 }, first);
    const finished = first.waitFor('done');
    before.start();
    await finished;
    const last = first.points.at(-1)!;
    expect(last.iteration).toBe(6);

    const r = recorder();
    const session = createSession(
      { ...baseConfig, iterations: 12, initialTheta: before.theta, startAt: last },
      r,
    );
    before.dispose();
    const done = r.waitFor('done');
    session.start();
    await done;
    // No second point at iteration 6: the history goes on with 7 … 12, downhill from there.
    expect(r.points.map((p) => p.iteration)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(r.points[0].cost).toBeLessThanOrEqual(last.cost);
    expect(r.points[0].evaluations).toBeGreaterThan(last.evaluations);
    expect(r.points[0].elapsedMs).toBeGreaterThanOrEqual(last.elapsedMs);
    session.dispose();
  });

  it('applies a live ρ from the next iteration, and the sparsity term follows it', async () => {
    const r = recorder();
    const session = createSession(baseConfig, r);
    for (let i = 0; i < 8; i++) await session.step();
    const before = r.points.at(-1)!;
    const hyper = { rho: 0.3, beta: 3, lambda: 1e-4 };
    expect(session.setHyperparameters(hyper)).toBeNull();
    await session.step();
    expect(r.changes).toEqual([8]);
    const after = r.points.at(-1)!;
    expect(after.iteration).toBe(9);
    const core = { rho: 0.3, beta: 3, lambda: 1e-4 };
    const expected = referenceCostAndGradient(session.theta, data, shape, core).sparsity;
    expect(after.sparsity).toBeCloseTo(expected, 4);
    const oldRho = referenceCostAndGradient(session.theta, data, shape, {
      ...core,
      rho: 0.05,
    }).sparsity;
    expect(Math.abs(after.sparsity - oldRho)).toBeGreaterThan(0.1);
    expect(Math.abs(after.sparsity - before.sparsity)).toBeGreaterThan(0.1);
    session.dispose();
  });

  it('refuses hyperparameters out of range with the reason', () => {
    expect(() => createSession({ ...baseConfig, hiddenSize: 0 })).toThrow(/Hidden units/);
    expect(() =>
      createSession({ ...baseConfig, hyperparameters: { rho: 1, beta: 3, lambda: 0 } }),
    ).toThrow(/ρ.*between 0 and 1/);
    expect(() => createSession({ ...baseConfig, initialTheta: new Float64Array(10) })).toThrow(
      /hold 10 values; a 16→5 autoencoder needs 181/,
    );
    const session = createSession(baseConfig);
    expect(session.setHyperparameters({ rho: 0.1, beta: -1, lambda: 0 })).toMatch(/β.*at least 0/);
    expect(session.setHyperparameters({ rho: 0, beta: 3, lambda: 0 })).toMatch(/ρ/);
    expect(session.setHyperparameters({ rho: 0.1, beta: 3, lambda: -0.5 })).toMatch(/λ/);
    expect(session.hyperparameters).toEqual(baseConfig.hyperparameters);
    session.dispose();
  });

  it('pauses on saturated units (ρ̂ = 1), names the sparsity term, keeps θ', async () => {
    const saturated = initialParameters(shape, createRng(5));
    saturated.fill(40, 2 * hiddenSize * visibleSize, 2 * hiddenSize * visibleSize + hiddenSize);
    const r = recorder();
    const session = createSession({ ...baseConfig, initialTheta: saturated }, r);
    const faulted = r.waitFor('faulted');
    session.start();
    await faulted;
    expect(r.faults).toHaveLength(1);
    expect(r.faults[0]).toMatch(/sparsity term/);
    expect(r.faults[0]).toMatch(/ρ̂ reached 1 for 5 of 5 hidden units/);
    expect(r.faults[0]).toMatch(/raise λ \(now 0.0001\)/);
    expect(session.theta).toEqual(saturated);
    expect(session.iteration).toBe(0);
    session.dispose();
  });

  it('recovers from a NaN gradient mid-run: pauses at the last finite θ, then goes on', async () => {
    let corrupt = false;
    const faulty = (matrix: DataMatrix, s: ModelShape): CostModel => {
      const model = createTfCostModel(matrix, s);
      return {
        ...model,
        shape: model.shape,
        exampleCount: model.exampleCount,
        async evaluate(theta, hyper, batch) {
          const result = await model.evaluate(theta, hyper, batch);
          if (corrupt) result.gradient[3] = NaN;
          return result;
        },
        dispose: () => model.dispose(),
      };
    };
    const r = recorder();
    const session = createSession({ ...baseConfig, createCostModel: faulty }, r);
    for (let i = 0; i < 5; i++) await session.step();
    const lastGood = session.theta;
    corrupt = true;
    await session.step();
    expect(session.state).toBe('faulted');
    expect(r.faults[0]).toMatch(/gradient has 1 non-finite entry/);
    expect(r.faults[0]).toMatch(/iteration 5/);
    expect(session.theta).toEqual(lastGood);
    expect(session.iteration).toBe(5);

    corrupt = false;
    await session.step();
    expect(session.iteration).toBe(6);
    expect(session.state).toBe('paused');
    expect(r.points.at(-1)?.iteration).toBe(6);
    session.dispose();
  });

  it('continues on the next backend from the last good θ when the active one fails', async () => {
    let lose = false;
    const switched: string[] = [];
    // A controller whose "GPU" goes away on request; the next backend is tfjs on the CPU.
    const backend: BackendController = {
      active: 'tfjs-webgl',
      note: 'test',
      async fallback(reason) {
        switched.push(reason);
        lose = false;
        return { backend: 'tfjs-cpu', note: 'continuing on CPU' };
      },
      guard: (work) => (lose ? Promise.reject(new Error('the WebGL context was lost')) : work),
      createCostModel: async (matrix, s) => createTfCostModel(matrix, s),
      loseWebglContext: () => (lose = true),
    };
    const r = recorder();
    const changes: string[] = [];
    const session = createSession(
      { ...baseConfig, backend, createCostModel: backend.createCostModel },
      { ...r, onBackend: (name, note) => changes.push(`${name}: ${note}`) },
    );
    for (let i = 0; i < 4; i++) await session.step();
    const lastGood = session.theta;
    backend.loseWebglContext();
    await session.step();
    expect(switched).toEqual(['the WebGL context was lost']);
    expect(changes).toEqual(['tfjs-cpu: continuing on CPU']);
    // The step still did its one iteration, on the CPU, from the last good θ.
    expect(r.faults).toEqual([]);
    expect(session.iteration).toBe(5);
    expect(r.points.at(-1)?.iteration).toBe(5);
    const onCpu = createSession({ ...baseConfig, initialTheta: lastGood });
    await onCpu.step();
    expect(session.theta).toEqual(onCpu.theta);
    onCpu.dispose();
    session.dispose();
  });

  for (const optimizer of ['adam', 'lbfgs'] as const) {
    it(`keeps the tensor count flat over 1,000 iterations (${optimizer})`, async () => {
      const r = recorder();
      const counts: number[] = [];
      const session = createSession(
        {
          ...baseConfig,
          optimizer,
          iterations: 1000,
          hyperparameters: { ...baseConfig.hyperparameters, lambda: 0 },
        },
        {
          ...r,
          onIteration: (p) => {
            r.points.push(p);
            if (p.iteration % 100 === 10) counts.push(tf.memory().numTensors);
          },
        },
      );
      const baseline = tf.memory().numTensors + 1; // the data tensor, uploaded at the first step
      const done = r.waitFor('done');
      session.start();
      await done;
      expect(session.iteration).toBeGreaterThanOrEqual(optimizer === 'adam' ? 1000 : 300);
      expect(counts.length).toBeGreaterThanOrEqual(3);
      expect(new Set(counts)).toEqual(new Set([baseline]));
      expect(tf.memory().numTensors).toBe(baseline);
      await session.settled();
      session.dispose();
      expect(tf.memory().numTensors).toBe(baseline - 1); // the data tensor is gone too
    });
  }

  it('throttles snapshots by time and always sends one on pause', async () => {
    let clock = 0;
    const r = recorder();
    const session = createSession(
      { ...baseConfig, optimizer: 'adam', iterations: 1000, now: () => clock },
      {
        ...r,
        onIteration: (p) => {
          r.points.push(p);
          clock += 10; // every iteration "takes" 10 ms
        },
      },
    );
    const done = r.waitFor('done');
    session.start();
    await done;
    // 1,000 iterations × 10 ms = 10 s → about 100 snapshots, not 1,000.
    expect(r.snapshots.length).toBeGreaterThanOrEqual(95);
    expect(r.snapshots.length).toBeLessThanOrEqual(105);
    expect(r.snapshots.at(-1)?.iteration).toBe(1000);
    expect(r.snapshots.at(-1)?.count).toBe(8);
    session.dispose();
  });
});

describe('gradient check on a subset', () => {
  it('agrees in float64 and on the backend', async () => {
    const theta = initialParameters(shape, createRng(3));
    const result = await checkGradient({
      data,
      theta,
      shape,
      hyperparameters: { rho: 0.05, beta: 3, lambda: 1e-4 },
      createCostModel: createTfCostModel,
    });
    expect(result.examples).toBe(20);
    expect(result.parameters).toBe(50);
    expect(result.relativeDifference).toBeLessThan(1e-9);
    expect(result.backendRelativeDifference).toBeLessThan(1e-4);
    expect(result.backendRelativeDifference).toBeGreaterThan(0);
  });
});
