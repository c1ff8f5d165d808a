/**
 * What the worker does with each command: the data, the backend and one session at a time.
 * Free of worker globals (the host posts messages and reads files), so Node can drive it too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DataError, prepareDataset, type Dataset, type ImageDecoder } from '../data/dataset';
import { selectBackend, type BackendController } from '../engine/backend';
import { checkGradient } from '../engine/gradient-check';
import { createSession, type TrainingSession } from '../engine/session';
import { summarize } from './dataset-summary';
import { createInspectorCommands } from './inspector-commands';
import type { CostModel } from '../core/cost-model';
import type { DataMatrix, ModelShape } from '../core/types';
import { createThreadControl, kernelOptions } from './thread-control';
import { startWeights, weightsOf } from './run-weights';
import type { LiveHyperparameters } from '../engine/types';
import type { BackendChoice } from '../engine/settings';
import type {
  IterationPoint,
  RunConfig,
  TrainerCommand,
  TrainerEvent,
  WorkerMessage,
} from './protocol';

export interface TrainerHost {
  post(message: WorkerMessage): void;
  readBuiltin(fileName: string): Promise<ArrayBuffer>;
  decodeImage?: ImageDecoder;
  /** The page's busy flag (a shared Int32Array), when the page sent one. */
  pageBusy?(): Int32Array | undefined;
}

const PROGRESS_FLUSH_MS = 50;

/** Every command but those the worker's own script answers (where the data is, the heartbeat). */
export type HandledCommand = Exclude<TrainerCommand, { type: 'configure' | 'ping' }>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createTrainer(host: TrainerHost) {
  let dataset: Dataset | null = null;
  let backend: BackendController | null = null;
  let backendChoice: BackendChoice | null = null;
  let session: TrainingSession | null = null;
  let sessionRunId = 0;
  let sessionConfig: RunConfig | null = null;
  let points: IterationPoint[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let runModel: CostModel | null = null;
  /**
   * The cost model `prepare` built on the loaded data while the page waited for Train, kept for
   * the run that starts next on the same data, size and backend: Train then starts at once
   * (no helper threads to start, no data to copy in, no tile to tune).
   */
  let prepared: {
    model: CostModel;
    data: DataMatrix;
    hiddenSize: number;
    choice: BackendChoice;
  } | null = null;
  let modelsBuilt = 0;
  const threads = createThreadControl();

  const dropPrepared = () => {
    prepared?.model.dispose();
    prepared = null;
  };
  /** The prepared model when it fits this run (it is handed over once), else a new one. */
  const costModelFor = async (
    active: BackendController,
    choice: BackendChoice,
    data: DataMatrix,
    shape: ModelShape,
  ) => {
    const kept = prepared;
    prepared = null;
    if (
      kept &&
      kept.data === data &&
      kept.hiddenSize === shape.hiddenSize &&
      kept.choice === choice
    )
      return kept.model;
    kept?.model.dispose();
    modelsBuilt++;
    return active.createCostModel(data, shape);
  };

  const flush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (points.length === 0) return;
    host.post({ type: 'progress', runId: sessionRunId, points });
    points = [];
  };
  const emit = (event: TrainerEvent | WorkerMessage) => {
    flush();
    host.post(event);
  };

  const inspector = createInspectorCommands({
    emit: (m) => emit(m),
    current: () => ({ runId: sessionRunId, session, dataset, model: runModel }),
  });

  const ensureBackend = async (choice: BackendChoice) => {
    if (backend && backendChoice === choice) return backend;
    backend = await selectBackend(choice, kernelOptions(host.pageBusy?.()));
    backendChoice = choice;
    return backend;
  };

  /**
   * Builds (and drops) the cost model a run on the loaded data would use, so that 'auto' measures
   * the backends now, while the page is idle, and remembers its pick for Train. Failures are left
   * for the run to report.
   */
  const prepare = async (choice: BackendChoice, hiddenSize: number) => {
    if (!dataset || session) return;
    dropPrepared();
    try {
      const active = await ensureBackend(choice);
      const { visibleSize } = dataset.matrix;
      modelsBuilt++;
      const model = await active.createCostModel(dataset.matrix, { visibleSize, hiddenSize });
      prepared = { model, data: dataset.matrix, hiddenSize, choice };
      emit({ type: 'prepared', backend: active.active, note: active.note });
    } catch {
      // The run that follows meets the same failure and says what it is.
    }
  };

  const start = async (runId: number, config: RunConfig) => {
    session?.dispose();
    session = null;
    runModel = null;
    flush();
    sessionRunId = runId;
    try {
      if (!dataset)
        dataset = await prepareDataset(
          { kind: 'builtin', name: config.dataset },
          { ...config, readBuiltin: host.readBuiltin, decodeImage: host.decodeImage },
        );
      const active = await ensureBackend(config.backend);
      const hyperparameters: LiveHyperparameters = {
        rho: config.rho,
        beta: config.beta,
        lambda: config.lambda,
        learningRate: config.learningRate,
      };
      session = createSession(
        {
          data: dataset.matrix,
          hiddenSize: config.hiddenSize,
          hyperparameters,
          optimizer: config.optimizer,
          iterations: config.iterations,
          seed: config.seed,
          batchSize: config.batchSize,
          // The page sends the start weights with each start: the worker keeps no copy of its own.
          initialTheta: startWeights(config.initialWeights, config, dataset.matrix.visibleSize),
          startAt: config.startAt,
          backend: active,
          // Each cost model (the first, and one after a fallback) says where it computes.
          createCostModel: async (data, shape) => {
            const model = await costModelFor(active, config.backend, data, shape);
            runModel = model;
            const note = threads.adopt(model, active.note);
            const count = threads.count();
            emit({
              type: 'backend',
              runId,
              backend: active.active,
              note,
              ...(count !== undefined ? { threads: count } : {}),
            });
            return model;
          },
        },
        {
          onIteration: (point) => {
            if (runId !== sessionRunId) return; // a replaced run finishing its last iteration
            points.push(point);
            flushTimer ??= setTimeout(flush, PROGRESS_FLUSH_MS);
            inspector.afterIteration();
          },
          onSnapshot: (snapshot) =>
            emit({ type: 'snapshot', runId, exampleSide: dataset?.exampleSide ?? 0, ...snapshot }),
          onState: (state, reason) => {
            emit({ type: 'state', runId, state, reason, limit: session?.limit });
            inspector.afterState(state);
          },
          onFault: (text) => emit({ type: 'fault', runId, message: text }),
          onHyperparameters: (iteration, h) =>
            emit({
              type: 'hyperparameters',
              runId,
              iteration,
              rho: h.rho,
              beta: h.beta,
              lambda: h.lambda,
            }),
          onCheckpoint: (theta, iteration, cost) =>
            emit({
              type: 'checkpoint',
              runId,
              weights: {
                visibleSize: dataset?.matrix.visibleSize ?? 0,
                hiddenSize: config.hiddenSize,
                theta,
                hyperparameters: session?.hyperparameters ?? hyperparameters,
                iteration,
                cost,
              },
            }),
        },
      );
      sessionConfig = config;
      session.start();
    } catch (error) {
      emit({ type: 'refused', runId, message: message(error) });
      emit({ type: 'state', runId, state: 'stopped', reason: 'refused' });
    }
  };

  const current = (runId: number) => (session && runId === sessionRunId ? session : null);

  const handle = async (command: HandledCommand): Promise<void> => {
    switch (command.type) {
      case 'loadData': {
        const { requestId, source, patchSize, examples, seed, rescale } = command;
        dropPrepared();
        try {
          dataset = await prepareDataset(source, {
            patchSize,
            examples,
            seed,
            rescale,
            readBuiltin: host.readBuiltin,
            decodeImage: host.decodeImage,
          });
          emit({ type: 'dataLoaded', requestId, summary: summarize(dataset) });
        } catch (error) {
          const detail =
            error instanceof DataError
              ? { candidates: error.candidates, available: error.available, limit: error.limit }
              : undefined;
          emit({ type: 'rejected', requestId, message: message(error), detail });
        }
        return;
      }
      case 'inspect':
      case 'probe':
        return inspector.handle(command);
      case 'prepare':
        return prepare(command.backend, command.hiddenSize);
      case 'kernelThreads': {
        const note = threads.set(command.count);
        const count = threads.count();
        if (note && session && backend)
          emit({
            type: 'backend',
            runId: sessionRunId,
            backend: backend.active,
            note,
            ...(count !== undefined ? { threads: count } : {}),
          });
        return;
      }
      case 'start':
        return start(command.runId, command.config);
      case 'pause':
        return current(command.runId)?.pause();
      case 'resume':
        return current(command.runId)?.resume();
      case 'continue':
        return current(command.runId)?.continue();
      case 'step':
        return void current(command.runId)?.step();
      case 'stop':
        return current(command.runId)?.stop();
      case 'reset':
        return current(command.runId)?.reset();
      case 'setHyperparameters': {
        const refused = current(command.runId)?.setHyperparameters(command.hyperparameters);
        if (refused) emit({ type: 'refused', runId: command.runId, message: refused });
        return;
      }
      case 'exportWeights': {
        // A copy of the session's θ (`theta` copies): transferring it leaves the run intact.
        const weights = session ? weightsOf(session) : null;
        if (weights) emit({ type: 'weights', requestId: command.requestId, weights });
        else
          emit({
            type: 'rejected',
            requestId: command.requestId,
            message: 'There are no weights yet: start a run or import weights first.',
          });
        return;
      }
      case 'importWeights': {
        const { requestId, weights } = command;
        try {
          if (dataset && weights.visibleSize !== dataset.matrix.visibleSize)
            throw new RangeError(
              `The weights have ${weights.visibleSize} visible units but the data has ` +
                `${dataset.matrix.visibleSize} values per example. Load matching data first.`,
            );
          // Into the run when it fits; otherwise the page keeps them and sends them with Train.
          if (session && session.shape.hiddenSize === weights.hiddenSize)
            await session.setTheta(weights.theta);
          emit({ type: 'weightsImported', requestId });
        } catch (error) {
          emit({ type: 'rejected', requestId, message: message(error) });
        }
        return;
      }
      case 'gradientCheck': {
        const { requestId } = command;
        if (!session || !dataset || !sessionConfig) {
          emit({
            type: 'rejected',
            requestId,
            message: 'Start a run first: the check uses its weights and data.',
          });
          return;
        }
        try {
          const h = session.hyperparameters;
          const result = await checkGradient({
            data: dataset.matrix,
            theta: session.theta,
            shape: session.shape,
            hyperparameters: { rho: h.rho, beta: h.beta, lambda: h.lambda },
            // The model of what computes now: the check's small subset must not re-measure.
            createCostModel: backend
              ? (d, s) => backend!.createCostModel(d, s, { measure: false })
              : undefined,
          });
          result.backend = backend?.active;
          emit({ type: 'gradientChecked', requestId, result });
        } catch (error) {
          emit({ type: 'rejected', requestId, message: message(error) });
        }
        return;
      }
      case 'testHook':
        if (command.hook === 'lose-webgl-context') backend?.loseWebglContext();
        else if (command.hook === 'crash')
          setTimeout(() => {
            throw new Error('crashed on purpose (test hook)');
          });
        return;
    }
  };

  return {
    /** Commands run one after another; a running session does not block the queue. */
    handle(command: HandledCommand) {
      queue = queue.then(() =>
        handle(command).catch((error) => emit({ type: 'error', message: message(error) })),
      );
    },
    /** For tests: resolves when the commands so far were handled. */
    idle: () => queue,
    tensorCount: () => tf.memory().numTensors,
    /** For tests: the cost models built for runs and for `prepare` so far. */
    modelsBuilt: () => modelsBuilt,
  };
}
