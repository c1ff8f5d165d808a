/**
 * The page's one handle on the training worker: one Worker, one message listener, promises for
 * request/response commands, and events of the current run only (a stale runId is dropped).
 * If the worker crashes, subscribers get { type: 'error' } and `recover()` starts a new worker
 * that resumes from the last full parameters the old one sent.
 */
import type { DataErrorDetail } from '../data/types';
import type { BackendChoice } from '../engine/settings';
import type {
  DataSource,
  DatasetSummary,
  GradientCheckResult,
  LiveHyperparameters,
  RunConfig,
  TrainerCommand,
  TrainerEvent,
  TestHook,
  TrainerReply,
  Weights,
  WorkerMessage,
} from './protocol';

export interface LoadOptions {
  patchSize: number;
  examples: number;
  seed: number;
  rescale?: boolean;
}

/** A request the worker refused: the message for the user, and a DataError's fields as values. */
export class Rejected extends Error {
  constructor(
    message: string,
    readonly detail: DataErrorDetail = {},
  ) {
    super(message);
    this.name = 'Rejected';
  }
}

export interface TrainerClient {
  /** Rejects with `Rejected`: a message naming the file or value at fault, and the DataError's fields. */
  loadData(source: DataSource, options: LoadOptions): Promise<DatasetSummary>;
  /** Lets the worker measure and pick its backend for the loaded data before Train. */
  prepare(backend: BackendChoice, hiddenSize: number): void;
  /** Starts a new run (loading the built-in data set of `config.dataset` if none is loaded). */
  start(config: RunConfig): number;
  pause(): void;
  resume(): void;
  /** Exactly one optimizer iteration, then paused. */
  step(): void;
  stop(): void;
  /** Back to the run's initial parameters, paused at iteration 0. */
  reset(): void;
  /** Applies from the next iteration (and resets L-BFGS's history). */
  setHyperparameters(h: LiveHyperparameters): void;
  exportWeights(): Promise<Weights>;
  importWeights(w: Weights): Promise<void>;
  gradientCheck(): Promise<GradientCheckResult>;
  /** Events of the current run only, plus worker errors. Returns the unsubscribe function. */
  subscribe(listener: (event: TrainerEvent) => void): () => void;
  terminate(): void;
  /** The id of the current run (0 before the first start). */
  readonly runId: number;
  /** The last full parameters the worker sent (on pause, stop, done, fault, ~1 s while running). */
  lastCheckpoint(): Weights | null;
  /**
   * After a crash: a new worker reloads the last data and starts a new run of the last config from
   * the last checkpoint. Returns the new runId, or null when nothing was started yet or after
   * three recoveries within a minute.
   */
  recover(): number | null;
  /** For tests only: lose the WebGL context, or crash the worker. */
  testHook(hook: TestHook): void;
}

export type WorkerFactory = () => Worker;

const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });

/** At most this many recoveries within the window (a worker that cannot start is not retried forever). */
const MAX_RECOVERIES = 3;
const RECOVERY_WINDOW_MS = 60_000;

interface Pending {
  resolve: (reply: TrainerReply) => void;
  reject: (error: Error) => void;
}

type RequestCommand = Extract<TrainerCommand, { requestId: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function createTrainerClient(
  createWorker: WorkerFactory = defaultWorkerFactory,
): TrainerClient {
  const listeners = new Set<(event: TrainerEvent) => void>();
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let nextRequestId = 1;
  let runId = 0;
  let lastConfig: RunConfig | null = null;
  let lastLoad: { source: DataSource; options: LoadOptions } | null = null;
  let checkpoint: Weights | null = null;
  let recoveries: number[] = [];

  const emit = (event: TrainerEvent) => {
    for (const listener of listeners) listener(event);
  };

  const failPending = (message: string) => {
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
  };

  const onMessage = (message: WorkerMessage) => {
    if ('requestId' in message) {
      const waiting = pending.get(message.requestId);
      if (!waiting) return;
      pending.delete(message.requestId);
      if (message.type === 'rejected')
        waiting.reject(new Rejected(message.message, message.detail));
      else waiting.resolve(message);
      return;
    }
    if (message.type === 'error' || message.type === 'prepared') return emit(message);
    if (message.runId !== runId) return; // an old run's message still in flight
    if (message.type === 'checkpoint') {
      checkpoint = message.weights;
      return;
    }
    emit(message);
  };

  const onCrash = (message: string) => {
    // An uncaught error may leave the worker half-alive: end it, so only a new one can post.
    worker?.terminate();
    worker = null;
    failPending(`The training worker stopped: ${message}`);
    emit({ type: 'error', message });
  };

  const spawn = (): Worker => {
    const created = createWorker();
    created.addEventListener('message', (e: MessageEvent<WorkerMessage>) => onMessage(e.data));
    created.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      onCrash(e.message || 'the training worker crashed (no message)');
    });
    created.addEventListener('messageerror', () =>
      onCrash('a message from the training worker could not be read'),
    );
    const dataUrl = new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;
    created.postMessage({ type: 'configure', dataUrl } satisfies TrainerCommand);
    return created;
  };

  const post = (command: TrainerCommand) => {
    if (!worker) worker = spawn();
    worker.postMessage(command);
  };

  const request = <T extends TrainerReply['type']>(
    command: DistributiveOmit<RequestCommand, 'requestId'>,
    expect: T,
  ): Promise<Extract<TrainerReply, { type: T }>> => {
    const requestId = nextRequestId++;
    return new Promise((resolve, reject) => {
      pending.set(requestId, {
        resolve: (reply) => {
          if (reply.type === expect) resolve(reply as Extract<TrainerReply, { type: T }>);
          else reject(new Error(`unexpected reply ${reply.type} to ${command.type}`));
        },
        reject,
      });
      post({ ...command, requestId } as RequestCommand);
    });
  };

  const startRun = (config: RunConfig): number => {
    runId += 1;
    lastConfig = config;
    checkpoint = config.initialWeights ?? null;
    post({ type: 'start', runId, config });
    return runId;
  };

  return {
    get runId() {
      return runId;
    },
    async loadData(source, options) {
      lastLoad = { source, options };
      const reply = await request({ type: 'loadData', source, ...options }, 'dataLoaded');
      return reply.summary;
    },
    prepare: (backend, hiddenSize) => post({ type: 'prepare', backend, hiddenSize }),
    start: startRun,
    pause: () => post({ type: 'pause', runId }),
    resume: () => post({ type: 'resume', runId }),
    step: () => post({ type: 'step', runId }),
    stop: () => post({ type: 'stop', runId }),
    reset: () => post({ type: 'reset', runId }),
    setHyperparameters: (hyperparameters) =>
      post({ type: 'setHyperparameters', runId, hyperparameters }),
    async exportWeights() {
      return (await request({ type: 'exportWeights' }, 'weights')).weights;
    },
    async importWeights(weights) {
      await request({ type: 'importWeights', weights }, 'weightsImported');
    },
    async gradientCheck() {
      return (await request({ type: 'gradientCheck' }, 'gradientChecked')).result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      worker?.terminate();
      worker = null;
      failPending('The training worker was terminated.');
    },
    lastCheckpoint: () => checkpoint,
    testHook: (hook) => post({ type: 'testHook', hook }),
    recover() {
      if (!lastConfig) return null;
      // A worker that cannot even start would crash again at once: give up after a few tries.
      const now = Date.now();
      recoveries = recoveries.filter((t) => now - t < RECOVERY_WINDOW_MS);
      if (recoveries.length >= MAX_RECOVERIES) return null;
      recoveries.push(now);
      worker?.terminate();
      worker = null;
      failPending('The training worker was restarted.');
      if (lastLoad) {
        // Errors surface through the 'refused' event of the start below if the data is missing.
        request(
          { type: 'loadData', source: lastLoad.source, ...lastLoad.options },
          'dataLoaded',
        ).catch(() => undefined);
      }
      return startRun({ ...lastConfig, initialWeights: checkpoint ?? lastConfig.initialWeights });
    },
  };
}
