/**
 * UFLDL's self-taught learning as one job: a sparse autoencoder learns features from unlabeled
 * digits (5–9) on the same training loop as any run; softmax regression then classifies the
 * labeled digits (0–4) from those features a2 and, for comparison, from the raw pixels.
 * Progress is a callback; an AbortSignal cancels between iterations.
 */
import type { CostModel } from '../core/cost-model';
import { SOFTMAX_ITERATIONS, accuracy, confusionMatrix } from '../core/softmax';
import {
  inputsFromPixels,
  softmaxObjective,
  softmaxPredict,
  type SoftmaxInputs,
} from '../core/softmax-fast';
import { trainSoftmax } from '../core/softmax-train';
import type { DataMatrix, ModelShape } from '../core/types';
import type { BackendController } from './backend';
import { hiddenFeatures } from './features';
import { labelsOf, matrixFromPixels, splitSelfTaught, type LabeledImages } from './selftaught-data';
import { createSession } from './session';
import type { IterationPoint, Snapshot } from './types';
import { nextMacrotask } from './yield';

export type SelfTaughtPhase = 'autoencoder' | 'features' | 'softmax-features' | 'softmax-raw';

export interface SelfTaughtProgress {
  phase: SelfTaughtPhase;
  /** Iterations done in this phase, of `iterations` (0 of 0 for the features). */
  iteration: number;
  iterations: number;
  cost: number;
}

export interface SelfTaughtCallbacks {
  onProgress?(progress: SelfTaughtProgress): void;
  /** The autoencoder's iterations, as any run reports them. */
  onIteration?(point: IterationPoint): void;
  /** The autoencoder's snapshots (its filters). */
  onSnapshot?(snapshot: Snapshot): void;
}

/** A classifier's test: accuracy, confusion matrix (true × predicted) and every prediction. */
export interface ClassifierScore {
  accuracy: number;
  confusion: number[];
  predictions: Uint8Array;
}

export interface ClassifyResult {
  numClasses: number;
  /** Softmax on the features a2; null when there is no autoencoder (raw pixels only). */
  features: ClassifierScore | null;
  raw: ClassifierScore;
  testLabels: Uint8Array;
  train: number;
  test: number;
}

export interface SelfTaughtSettings {
  hiddenSize: number;
  /** ρ, β, λ of the autoencoder. */
  rho: number;
  beta: number;
  lambda: number;
  /** The autoencoder's L-BFGS iterations (UFLDL: 400). */
  iterations: number;
  /** The softmax's L-BFGS iterations (UFLDL: 100). */
  softmaxIterations: number;
  seed: number;
  /** Use at most this many unlabeled / labeled images (the first in file order). */
  unlabeledLimit?: number;
  labeledLimit?: number;
}

export interface SelfTaughtResult extends ClassifyResult {
  settings: SelfTaughtSettings;
  unlabeled: number;
  /** Indices, in the images given, of the test digits (for showing the misclassified ones). */
  testIndices: Int32Array;
  /** The autoencoder's final θ. */
  theta: Float64Array;
  seconds: number;
}

export interface SelfTaughtJob {
  images: LabeledImages;
  settings: SelfTaughtSettings;
  createCostModel: (data: DataMatrix, shape: ModelShape) => CostModel | Promise<CostModel>;
  backend?: BackendController;
  now?: () => number;
}

/** The experiment was cancelled (an AbortSignal fired). */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

async function trainAndScore(
  train: SoftmaxInputs,
  trainLabels: Uint8Array,
  test: SoftmaxInputs,
  testLabels: Uint8Array,
  numClasses: number,
  phase: SelfTaughtPhase,
  options: { iterations: number; seed: number; signal?: AbortSignal },
  callbacks: SelfTaughtCallbacks,
): Promise<ClassifierScore> {
  const objective = softmaxObjective(train, trainLabels, numClasses);
  const model = await trainSoftmax(
    objective,
    { inputSize: train.inputSize, numClasses },
    {
      iterations: options.iterations,
      seed: options.seed,
      onIteration: async (iteration, cost) => {
        callbacks.onProgress?.({ phase, iteration, iterations: options.iterations, cost });
        await nextMacrotask();
        return !options.signal?.aborted;
      },
    },
  );
  if (options.signal?.aborted) throw new Cancelled();
  const predictions = softmaxPredict(model.theta, test, numClasses);
  return {
    accuracy: accuracy(testLabels, predictions),
    confusion: Array.from(confusionMatrix(testLabels, predictions, numClasses)),
    predictions,
  };
}

/** Classes 0…k−1: k is one more than the largest label. */
const classCount = (labels: Uint8Array) => labels.reduce((a, b) => Math.max(a, b), 0) + 1;

/**
 * Softmax on the autoencoder's features (when θ is given) and on the raw inputs, trained on
 * `train` and tested on `test`: "Classify with these features".
 */
export async function classify(
  data: {
    train: SoftmaxInputs;
    trainLabels: Uint8Array;
    test: SoftmaxInputs;
    testLabels: Uint8Array;
    autoencoder?: { theta: Float64Array; shape: ModelShape };
  },
  options: { iterations?: number; seed?: number; signal?: AbortSignal } = {},
  callbacks: SelfTaughtCallbacks = {},
): Promise<ClassifyResult> {
  const numClasses = Math.max(classCount(data.trainLabels), classCount(data.testLabels));
  const run = { iterations: options.iterations ?? SOFTMAX_ITERATIONS, seed: options.seed ?? 0 };
  const { train, trainLabels, test, testLabels, autoencoder } = data;
  let features: ClassifierScore | null = null;
  if (autoencoder) {
    callbacks.onProgress?.({ phase: 'features', iteration: 0, iterations: 0, cost: NaN });
    await nextMacrotask();
    const trainFeatures = await hiddenFeatures(autoencoder.theta, autoencoder.shape, train);
    const testFeatures = await hiddenFeatures(autoencoder.theta, autoencoder.shape, test);
    features = await trainAndScore(
      trainFeatures,
      trainLabels,
      testFeatures,
      testLabels,
      numClasses,
      'softmax-features',
      { ...run, signal: options.signal },
      callbacks,
    );
  }
  const raw = await trainAndScore(
    train,
    trainLabels,
    test,
    testLabels,
    numClasses,
    'softmax-raw',
    { ...run, signal: options.signal },
    callbacks,
  );
  return {
    numClasses,
    features,
    raw,
    testLabels,
    train: train.exampleCount,
    test: test.exampleCount,
  };
}

/** Trains the autoencoder on the unlabeled digits on the job's backend; resolves with its θ. */
async function trainAutoencoder(
  job: SelfTaughtJob,
  data: DataMatrix,
  callbacks: SelfTaughtCallbacks,
  signal?: AbortSignal,
): Promise<Float64Array> {
  const { settings } = job;
  let fault: string | null = null;
  const session = createSession(
    {
      data,
      hiddenSize: settings.hiddenSize,
      hyperparameters: { rho: settings.rho, beta: settings.beta, lambda: settings.lambda },
      optimizer: 'lbfgs',
      iterations: settings.iterations,
      seed: settings.seed,
      createCostModel: job.createCostModel,
      backend: job.backend,
      now: job.now,
      snapshotIntervalMs: callbacks.onSnapshot ? 250 : Infinity,
      checkpointIntervalMs: Infinity,
    },
    {
      onIteration(point) {
        callbacks.onIteration?.(point);
        callbacks.onProgress?.({
          phase: 'autoencoder',
          iteration: point.iteration,
          iterations: settings.iterations,
          cost: point.cost,
        });
      },
      onSnapshot: (snapshot) => callbacks.onSnapshot?.(snapshot),
      onFault(message) {
        fault = message;
      },
    },
  );
  const stop = () => session.stop();
  signal?.addEventListener('abort', stop);
  try {
    session.start();
    await session.settled();
    if (signal?.aborted) throw new Cancelled();
    if (fault) throw new Error(fault);
    return session.theta;
  } finally {
    signal?.removeEventListener('abort', stop);
    session.dispose();
  }
}

/** The whole experiment; throws Cancelled when the signal fires. */
export async function runSelfTaught(
  job: SelfTaughtJob,
  callbacks: SelfTaughtCallbacks = {},
  signal?: AbortSignal,
): Promise<SelfTaughtResult> {
  const now = job.now ?? (() => performance.now());
  const started = now();
  const { images, settings } = job;
  const split = splitSelfTaught(images.labels, settings);
  const shape = { visibleSize: images.height * images.width, hiddenSize: settings.hiddenSize };
  const theta = await trainAutoencoder(
    job,
    matrixFromPixels(images, split.unlabeled),
    callbacks,
    signal,
  );
  const size = shape.visibleSize;
  const result = await classify(
    {
      train: inputsFromPixels(images.pixels, size, split.train),
      trainLabels: labelsOf(images.labels, split.train),
      test: inputsFromPixels(images.pixels, size, split.test),
      testLabels: labelsOf(images.labels, split.test),
      autoencoder: { theta, shape },
    },
    { iterations: settings.softmaxIterations, seed: settings.seed, signal },
    callbacks,
  );
  return {
    ...result,
    settings,
    unlabeled: split.unlabeled.length,
    testIndices: split.test,
    theta,
    seconds: (now() - started) / 1000,
  };
}
