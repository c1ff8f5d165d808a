/** A TrainerClient for store tests: records every call, answers from test-set replies. */
import type { Clock } from '../../src/state/stream';
import type { ClientEvent, LoadOptions, TrainerClient } from '../../src/worker/client';
import type {
  DataSource,
  DatasetSummary,
  GradientCheckResult,
  RunConfig,
  Weights,
} from '../../src/worker/protocol';

export type Call =
  | { type: 'loadData'; source: DataSource; options: LoadOptions }
  | { [T in RunCommand]: { type: T; runId: number } }[RunCommand]
  | { type: 'start'; runId: number; config: RunConfig }
  | { type: 'setHyperparameters'; runId: number; rho: number; beta: number; lambda: number }
  | { type: 'exportWeights' }
  | { type: 'importWeights' };

type RunCommand = 'prepare' | 'pause' | 'resume' | 'step' | 'continue' | 'stop' | 'reset';

export function summary(
  visibleSize = 64,
  examples = 10000,
  kind: DatasetSummary['kind'] = 'patches',
): DatasetSummary {
  return {
    label: `test data ${visibleSize}`,
    examples,
    visibleSize,
    exampleSide: Math.sqrt(visibleSize),
    kind,
    valueRange: [0.1, 0.9],
    samples: new Float32Array(0),
    sampleCount: 0,
    warnings: [],
    rescaled: false,
  };
}

export function weights(hiddenSize = 25, visibleSize = 64, rho = 0.01, beta = 3): Weights {
  const theta = new Float64Array(2 * hiddenSize * visibleSize + hiddenSize + visibleSize);
  theta.forEach((_, i) => (theta[i] = Math.sin(i)));
  return { visibleSize, hiddenSize, theta, hyperparameters: { rho, beta, lambda: 1e-4 } };
}

export function fakeClient() {
  const calls: Call[] = [];
  const listeners = new Set<(event: ClientEvent) => void>();
  let runId = 0;
  /** The data loads waiting for `resolveLoad`, in order. */
  const loads: {
    source: DataSource;
    resolve: (s: DatasetSummary) => void;
    reject: (e: Error) => void;
  }[] = [];
  let exported: Weights | null = null;
  let autoLoad: DatasetSummary | null = summary();

  const client: TrainerClient = {
    get runId() {
      return runId;
    },
    loadData(source, options) {
      calls.push({ type: 'loadData', source, options });
      if (autoLoad) return Promise.resolve(autoLoad);
      return new Promise((resolve, reject) => loads.push({ source, resolve, reject }));
    },
    prepare: () => calls.push({ type: 'prepare', runId }),
    start(config) {
      runId += 1;
      calls.push({ type: 'start', runId, config });
      return runId;
    },
    pause: () => calls.push({ type: 'pause', runId }),
    resume: () => calls.push({ type: 'resume', runId }),
    step: () => calls.push({ type: 'step', runId }),
    continue: () => calls.push({ type: 'continue', runId }),
    stop: () => calls.push({ type: 'stop', runId }),
    reset: () => calls.push({ type: 'reset', runId }),
    setKernelThreads: () => undefined,
    pageBusy: () => undefined,
    setHyperparameters: ({ rho, beta, lambda }) =>
      calls.push({ type: 'setHyperparameters', runId, rho, beta, lambda }),
    async exportWeights() {
      calls.push({ type: 'exportWeights' });
      if (!exported) throw new Error('There are no weights yet.');
      return exported;
    },
    async importWeights() {
      calls.push({ type: 'importWeights' });
    },
    gradientCheck: () =>
      Promise.reject(new Error('not in these tests')) as Promise<GradientCheckResult>,
    inspect: () => undefined,
    probe: () => Promise.reject(new Error('not in these tests')),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => undefined,
    lastCheckpoint: () => exported,
    testHook: () => undefined,
  };

  return {
    client,
    calls,
    loads,
    emit: (event: ClientEvent) => listeners.forEach((l) => l(event)),
    of: <T extends Call['type']>(type: T) =>
      calls.filter((c): c is Extract<Call, { type: T }> => c.type === type),
    /** Loads wait for `loads[i].resolve` instead of answering at once. */
    holdLoads: () => (autoLoad = null),
    /** Loads answer with this summary from now on. */
    answerLoads: (s: DatasetSummary) => (autoLoad = s),
    setExported: (w: Weights | null) => (exported = w),
  };
}

/** The store's clock on the timers (Vitest's fake timers when a test turns them on). */
export const timerClock: Clock = {
  now: () => Date.now(),
  setTimeout: (task, ms) => setTimeout(task, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  onFrame: (task) => setTimeout(task, 16),
};
