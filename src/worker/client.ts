/**
 * The page's one handle on the training worker: one Worker, one message listener, promises for
 * request/response commands, and events of the current run only (a stale runId is dropped).
 *
 * It watches its worker (`watch.ts`): a worker that crashes, or says nothing for
 * `livenessTimeoutMs` (it exited silently), is ended. A run that was going is restarted by a
 * new worker from the last full parameters the old one sent, at most MAX_RECOVERIES times a
 * minute; after that, or with no run going, subscribers get `workerLost` with those parameters and
 * no new worker starts until the next command.
 */
import type { DataErrorDetail } from '../data/types';
import type { BackendChoice } from '../engine/settings';
import type {
  DataSource,
  DatasetSummary,
  GradientCheckResult,
  ProbeView,
  LiveHyperparameters,
  RunConfig,
  TrainerCommand,
  TrainerEvent,
  TestHook,
  TrainerReply,
  Weights,
  WorkerMessage,
} from './protocol';
import { createWorkerWatch, MAX_RECOVERIES, type WatchOptions } from './watch';

export { HEARTBEAT_MS, LIVENESS_TIMEOUT_MS, MAX_RECOVERIES, RECOVERY_WINDOW_MS } from './watch';

export type ProbeInput = Extract<TrainerCommand, { type: 'probe' }>['input'];

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

/** The worker crashed or went silent. Not a wire message: the client says it. */
export interface WorkerLost {
  type: 'workerLost';
  /** What happened, e.g. "it crashed: …" or "it stopped answering for 30 s". */
  message: string;
  /** The run a new worker continues from `weights`; null when nothing was restarted. */
  restartedRunId: number | null;
  /** The last full parameters of the run (the start weights when none came yet). */
  weights: Weights | null;
  /** Losses within the last minute, this one included. */
  losses: number;
}

export type ClientEvent = TrainerEvent | WorkerLost;

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
  /**
   * Another iteration limit from the run's current weights, the count going on: for a done,
   * stopped or faulted run (after a fault, from its last finite weights).
   */
  continue(): void;
  stop(): void;
  /** Back to the run's initial parameters, paused at iteration 0. */
  reset(): void;
  /** Applies from the next iteration (and resets L-BFGS's history). */
  setHyperparameters(h: LiveHyperparameters): void;
  /** The kernel's threads from the next evaluation on (results differ only in summation order). */
  setKernelThreads(count: number): void;
  /**
   * The page has work to do (true) or is idle again (false): while it is busy, the kernel's
   * threads beyond cores − 1 step aside before their next tile (when memory can be shared with
   * the worker; src/state/page-busy.ts).
   */
  pageBusy(busy: boolean): void;
  exportWeights(): Promise<Weights>;
  importWeights(w: Weights): Promise<void>;
  gradientCheck(): Promise<GradientCheckResult>;
  /** What the inspector wants of the current run: health figures, and `unit`'s view if not null. */
  inspect(unit: number | null, threshold: number, watching: boolean): void;
  /** An example's code and reconstruction at the run's weights, with units clamped. */
  probe(input: ProbeInput, clamps: [number, number][]): Promise<ProbeView>;
  /** Events of the current run only, plus losses of the worker. Returns the unsubscribe function. */
  subscribe(listener: (event: ClientEvent) => void): () => void;
  terminate(): void;
  /** The id of the current run (0 before the first start). */
  readonly runId: number;
  /** The last full parameters the worker sent (on pause, stop, done, fault, ~1 s while running). */
  lastCheckpoint(): Weights | null;
  /** For tests only: lose the WebGL context, crash the worker, or end it silently. */
  testHook(hook: TestHook): void;
}

/** The part of a Worker the client uses (tests pass a fake). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate' | 'addEventListener'>;
export type WorkerFactory = () => WorkerLike;

export interface ClientOptions extends WatchOptions {
  createWorker?: WorkerFactory;
  /** Where the built-in data files are (default: the page's data/ folder). */
  dataUrl?: string;
}

const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });

interface Pending {
  resolve: (reply: TrainerReply) => void;
  reject: (error: Error) => void;
}

type RequestCommand = Extract<TrainerCommand, { requestId: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function createTrainerClient(options: ClientOptions = {}): TrainerClient {
  const createWorker = options.createWorker ?? defaultWorkerFactory;
  const watch = createWorkerWatch(options);

  const listeners = new Set<(event: ClientEvent) => void>();
  const pending = new Map<number, Pending>();
  let worker: WorkerLike | null = null;
  // Shared with every worker this client starts, and from there with the kernel's helpers.
  const busy =
    typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated
      ? new Int32Array(new SharedArrayBuffer(4))
      : undefined;
  let nextRequestId = 1;
  let runId = 0;
  /** The current run's settings, with the live changes sent since its start. */
  let lastConfig: RunConfig | null = null;
  /** Whether the current run is going (running or paused): only such a run is restarted. */
  let runGoing = false;
  let lastLoad: { source: DataSource; options: LoadOptions } | null = null;
  let checkpoint: Weights | null = null;

  const emit = (event: ClientEvent) => {
    for (const listener of listeners) listener(event);
  };

  const failPending = (message: string) => {
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
  };

  const onMessage = (message: WorkerMessage) => {
    watch.heard();
    if (message.type === 'alive') return;
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
    if (message.type === 'state')
      runGoing = message.state === 'running' || message.state === 'paused';
    emit(message);
  };

  const end = () => {
    watch.stop();
    worker?.terminate();
    worker = null;
  };

  const onLost = (what: string) => {
    // An uncaught error may leave the worker half-alive: end it, so only a new one can post.
    end();
    failPending(`The training worker stopped: ${what}`);
    const losses = watch.countLoss();
    const restart = runGoing && lastConfig !== null && losses <= MAX_RECOVERIES;
    const weights = checkpoint ?? lastConfig?.initialWeights ?? null;
    if (!restart) runGoing = false;
    const restartedRunId = restart ? recover(weights) : null;
    emit({ type: 'workerLost', message: what, restartedRunId, weights, losses });
  };

  const spawn = (): WorkerLike => {
    const created = createWorker();
    created.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
      if (created === worker) onMessage(e.data);
    });
    created.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      if (created === worker) onLost(`it crashed: ${e.message || 'no message'}`);
    });
    created.addEventListener('messageerror', () => {
      if (created === worker) onLost('one of its messages could not be read');
    });
    const dataUrl =
      options.dataUrl ?? new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;
    created.postMessage({ type: 'configure', dataUrl, pageBusy: busy } satisfies TrainerCommand);
    watch.start(() => worker?.postMessage({ type: 'ping' } satisfies TrainerCommand), onLost);
    return created;
  };

  const post = (command: TrainerCommand) => {
    worker ??= spawn();
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
    runGoing = true;
    checkpoint = config.initialWeights ?? null;
    post({ type: 'start', runId, config });
    return runId;
  };

  /** A new worker reloads the last data and starts a new run of the last config from `weights`. */
  const recover = (weights: Weights | null): number => {
    if (lastLoad) {
      // Errors surface through the 'refused' event of the start below if the data is missing.
      request(
        { type: 'loadData', source: lastLoad.source, ...lastLoad.options },
        'dataLoaded',
      ).catch(() => undefined);
    }
    return startRun({ ...lastConfig!, initialWeights: weights ?? undefined });
  };

  return {
    get runId() {
      return runId;
    },
    async loadData(source, loadOptions) {
      lastLoad = { source, options: loadOptions };
      const reply = await request({ type: 'loadData', source, ...loadOptions }, 'dataLoaded');
      return reply.summary;
    },
    prepare: (backend, hiddenSize) => post({ type: 'prepare', backend, hiddenSize }),
    start: startRun,
    pause: () => post({ type: 'pause', runId }),
    resume: () => post({ type: 'resume', runId }),
    step: () => post({ type: 'step', runId }),
    continue: () => post({ type: 'continue', runId }),
    stop: () => post({ type: 'stop', runId }),
    reset: () => post({ type: 'reset', runId }),
    setKernelThreads: (count) => post({ type: 'kernelThreads', count }),
    pageBusy(value) {
      if (!busy) return;
      Atomics.store(busy, 0, value ? 1 : 0);
      if (!value) Atomics.notify(busy, 0);
    },
    setHyperparameters(hyperparameters) {
      // A restarted run goes on with what the page last said.
      if (lastConfig) lastConfig = { ...lastConfig, ...hyperparameters };
      post({ type: 'setHyperparameters', runId, hyperparameters });
    },
    async exportWeights() {
      return (await request({ type: 'exportWeights' }, 'weights')).weights;
    },
    async importWeights(weights) {
      await request({ type: 'importWeights', weights }, 'weightsImported');
    },
    async gradientCheck() {
      return (await request({ type: 'gradientCheck' }, 'gradientChecked')).result;
    },
    inspect: (unit, threshold, watching) =>
      post({ type: 'inspect', runId, unit, threshold, watching }),
    async probe(input, clamps) {
      const {
        input: x,
        hidden,
        reconstruction,
      } = await request({ type: 'probe', input, clamps }, 'probed');
      return { input: x, hidden, reconstruction };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      end();
      runGoing = false;
      failPending('The training worker was terminated.');
    },
    lastCheckpoint: () => checkpoint,
    testHook: (hook) => post({ type: 'testHook', hook }),
  };
}
