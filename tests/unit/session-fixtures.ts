/** Small data, a recording set of callbacks and a base configuration for the session tests. */
import { createRng } from '../../src/core/rng';
import type { DataMatrix, ModelShape } from '../../src/core/types';
import type { SessionCallbacks, SessionConfig } from '../../src/engine/session';
import type { IterationPoint, RunState, Snapshot } from '../../src/engine/types';

export const visibleSize = 16;
export const hiddenSize = 5;
export const exampleCount = 200;
export const shape: ModelShape = { visibleSize, hiddenSize };

/** 4×4 "patches": a random bar per example plus noise, in [0.1, 0.9] like the original program's patches. */
export function makeData(seed: number): DataMatrix {
  const rng = createRng(seed);
  const values = new Float32Array(visibleSize * exampleCount);
  for (let e = 0; e < exampleCount; e++) {
    const bar = rng.int(8);
    for (let f = 0; f < visibleSize; f++) {
      const onBar = bar < 4 ? f % 4 === bar : Math.floor(f / 4) === bar - 4;
      const value = (onBar ? 0.75 : 0.25) + 0.1 * (rng.uniform() - 0.5);
      values[f * exampleCount + e] = value;
    }
  }
  return { visibleSize, exampleCount, values };
}

export const data = makeData(7);

export interface Recorder extends SessionCallbacks {
  points: IterationPoint[];
  snapshots: Snapshot[];
  states: { state: RunState; reason?: string }[];
  faults: string[];
  changes: number[];
  waitFor(state: RunState): Promise<void>;
}

export function recorder(): Recorder {
  const waiters: { state: RunState; resolve: () => void }[] = [];
  const r: Recorder = {
    points: [],
    snapshots: [],
    states: [],
    faults: [],
    changes: [],
    onIteration: (p) => r.points.push(p),
    onSnapshot: (s) => r.snapshots.push(s),
    onState: (state, reason) => {
      r.states.push({ state, reason });
      for (const w of waiters.splice(0)) {
        if (w.state === state) w.resolve();
        else waiters.push(w);
      }
    },
    onFault: (message) => r.faults.push(message),
    onHyperparameters: (iteration) => r.changes.push(iteration),
    waitFor: (state) => new Promise((resolve) => waiters.push({ state, resolve })),
  };
  return r;
}

export const baseConfig: SessionConfig = {
  data,
  hiddenSize,
  hyperparameters: { rho: 0.05, beta: 3, lambda: 1e-4, learningRate: 0.01 },
  optimizer: 'lbfgs',
  iterations: 400,
  seed: 1234,
  batchSize: 50,
};

export async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
