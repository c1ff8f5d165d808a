/**
 * "Classify with these features" in the self-taught worker: the labeled data of a run (the
 * built-in MNIST digits, or uploaded IDX images with their labels), the first half to train and the
 * second half to test, softmax on the weights' features and on the raw inputs.
 */
import { inputsFromMatrix, type SoftmaxInputs } from '../core/softmax-fast';
import { DataError, prepareDataset, type DataSource } from '../data/dataset';
import type { Weights } from '../data/weights';
import { classify, type SelfTaughtCallbacks } from '../engine/selftaught';
import type { ClassifyOutcome } from './selftaught-protocol';

function rows(inputs: SoftmaxInputs, from: number, to: number): SoftmaxInputs {
  const n = inputs.inputSize;
  return { inputSize: n, exampleCount: to - from, values: inputs.values.slice(from * n, to * n) };
}

export async function classifyJob(
  weights: Weights,
  source: DataSource,
  readBuiltin: (fileName: string) => Promise<ArrayBuffer>,
  callbacks: SelfTaughtCallbacks,
  signal: AbortSignal,
): Promise<ClassifyOutcome> {
  const started = performance.now();
  const side = Math.round(Math.sqrt(weights.visibleSize));
  const dataset = await prepareDataset(source, {
    patchSize: side,
    examples: 70000,
    clampExamples: true,
    seed: 0,
    readBuiltin,
  });
  if (!dataset.labels)
    throw new DataError(
      `${dataset.label} has no labels; upload the IDX labels file (…-labels-idx1-ubyte) together with the images to classify them.`,
    );
  if (dataset.matrix.visibleSize !== weights.visibleSize)
    throw new DataError(
      `The weights have ${weights.visibleSize} visible units but the data has ${dataset.matrix.visibleSize} values per example.`,
    );
  const all = inputsFromMatrix(dataset.matrix);
  const m = all.exampleCount;
  const half = Math.round(m / 2);
  const result = await classify(
    {
      train: rows(all, 0, half),
      trainLabels: dataset.labels.slice(0, half),
      test: rows(all, half, m),
      testLabels: dataset.labels.slice(half, m),
      autoencoder: {
        theta: weights.theta,
        shape: { visibleSize: weights.visibleSize, hiddenSize: weights.hiddenSize },
      },
    },
    { signal },
    callbacks,
  );
  const features = result.features!;
  return {
    numClasses: result.numClasses,
    features: { accuracy: features.accuracy, confusion: features.confusion },
    raw: { accuracy: result.raw.accuracy, confusion: result.raw.confusion },
    train: result.train,
    test: result.test,
    hiddenSize: weights.hiddenSize,
    seconds: (performance.now() - started) / 1000,
  };
}
