/**
 * `selftaught` and `classify` on the command line: the engine's self-taught experiment and its
 * softmax classifier over IDX files or the built-in MNIST, a final JSON line on stdout.
 */
import { readFile } from 'node:fs/promises';
import { BUILTIN_FILES, decodePackedImages } from '../data/builtin';
import { inflate, isGzip } from '../data/inflate';
import { pairIdxLabels, readIdxImages, readIdxLabels } from '../data/idx';
import { DataError } from '../data/types';
import { readWeightsFile } from '../data/weights';
import type { BackendController } from '../engine/backend';
import { classify, runSelfTaught, type SelfTaughtProgress } from '../engine/selftaught';
import { splitSelfTaught, type LabeledImages } from '../engine/selftaught-data';
import { SELF_TAUGHT_PRESETS } from '../engine/selftaught-presets';
import { inputsFromPixels } from '../core/softmax-fast';
import { UsageError } from './args';
import { readBuiltin } from './data';
import type { ClassifyOptions, SelfTaughtOptions } from './selftaught-args';

/** “--flag PATH: reason” from a DataError or a file system error. */
function fileFailure(flag: string, path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code)
    return new UsageError(`--${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : code}`);
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/^“[^”]*”: /, '');
  return new UsageError(`--${flag} ${path}: ${reason}`);
}

async function readInflated(flag: string, path: string): Promise<Uint8Array> {
  try {
    const bytes = new Uint8Array(await readFile(path));
    return isGzip(bytes) ? await inflate(bytes, 'gzip', path) : bytes;
  } catch (error) {
    throw fileFailure(flag, path, error);
  }
}

/** An IDX images file with its labels file; a bad or mismatched file is a UsageError naming it. */
export async function readLabeledIdx(
  images: { flag: string; path: string },
  labels: { flag: string; path: string },
): Promise<LabeledImages> {
  const imageBytes = await readInflated(images.flag, images.path);
  const labelBytes = await readInflated(labels.flag, labels.path);
  let read;
  try {
    read = readIdxImages(imageBytes, images.path);
  } catch (error) {
    throw fileFailure(images.flag, images.path, error);
  }
  try {
    const paired = pairIdxLabels(
      read,
      images.path,
      readIdxLabels(labelBytes, labels.path),
      labels.path,
    );
    return {
      count: read.count,
      height: read.rows,
      width: read.columns,
      pixels: read.pixels,
      labels: paired,
    };
  } catch (error) {
    if (error instanceof DataError && /holds .* labels but/.test(error.message))
      throw new UsageError(`--${labels.flag} ${error.message}`);
    throw fileFailure(labels.flag, labels.path, error);
  }
}

/** The built-in MNIST training images with labels (all 60,000, or the 10,000 "MNIST digits"). */
async function builtinTraining(set: 'mnist-labeled' | 'mnist'): Promise<LabeledImages> {
  const file = set === 'mnist' ? BUILTIN_FILES.mnist : BUILTIN_FILES.mnistLabeled;
  const packed = await decodePackedImages(await readBuiltin(file), file);
  const count = packed.trainCount ?? packed.count;
  const size = packed.height * packed.width;
  return {
    count,
    height: packed.height,
    width: packed.width,
    pixels: packed.pixels.subarray(0, count * size),
    labels: packed.labels!.subarray(0, count),
  };
}

const PHASE_LABEL = {
  autoencoder: 'autoencoder',
  features: 'features',
  'softmax-features': 'softmax on features',
  'softmax-raw': 'softmax on raw pixels',
} as const;

function progressPrinter(jsonl: boolean, print: (line: string) => void) {
  return (p: SelfTaughtProgress) => {
    if (jsonl) print(JSON.stringify(p));
    else if (p.iteration % 20 === 0 || p.iteration === p.iterations)
      print(
        `${PHASE_LABEL[p.phase]}: ${p.iteration}/${p.iterations}${Number.isFinite(p.cost) ? ` cost ${p.cost.toPrecision(6)}` : ''}`,
      );
  };
}

export async function selfTaughtCommand(
  options: SelfTaughtOptions,
  print: (line: string) => void,
  startBackend: () => Promise<BackendController>,
): Promise<void> {
  const preset = SELF_TAUGHT_PRESETS[options.classroom ? 'classroom' : 'full'];
  const images =
    options.images && options.labels
      ? await readLabeledIdx(
          { flag: 'images', path: options.images },
          { flag: 'labels', path: options.labels },
        )
      : await builtinTraining(preset.data);
  const settings = { ...preset.settings };
  if (options.given.has('hiddenSize')) settings.hiddenSize = options.hiddenSize;
  if (options.given.has('iterations')) settings.iterations = options.iterations;
  const backend = await startBackend();
  if (!options.jsonl) print(`${preset.description} On ${backend.note}.`);
  const result = await runSelfTaught(
    {
      images,
      settings,
      createCostModel: (data, shape) => backend.createCostModel(data, shape),
      backend,
    },
    { onProgress: progressPrinter(options.jsonl, print) },
  );
  print(
    JSON.stringify({
      featureAccuracy: result.features!.accuracy,
      rawAccuracy: result.raw.accuracy,
      unlabeled: result.unlabeled,
      train: result.train,
      test: result.test,
      seconds: Number(result.seconds.toFixed(2)),
      hiddenSize: settings.hiddenSize,
      iterations: settings.iterations,
      backend: backend.note,
    }),
  );
}

export async function classifyCommand(
  options: ClassifyOptions,
  print: (line: string) => void,
): Promise<void> {
  const started = performance.now();
  const images = await readLabeledIdx(
    { flag: 'images', path: options.images },
    { flag: 'labels', path: options.labels },
  );
  const size = images.height * images.width;
  let autoencoder;
  if (options.init) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(options.init));
    } catch (error) {
      throw fileFailure('init', options.init, error);
    }
    try {
      const weights = readWeightsFile(options.init, bytes, size);
      if (weights.visibleSize !== size)
        throw new Error(
          `the weights have ${weights.visibleSize} visible units, the images ${size} pixels`,
        );
      autoencoder = {
        theta: weights.theta,
        shape: { visibleSize: size, hiddenSize: weights.hiddenSize },
      };
    } catch (error) {
      throw fileFailure('init', options.init, error);
    }
  }
  let train, trainLabels, test, testLabels;
  if (options.testImages && options.testLabels) {
    const testSet = await readLabeledIdx(
      { flag: 'test-images', path: options.testImages },
      { flag: 'test-labels', path: options.testLabels },
    );
    if (testSet.height * testSet.width !== size)
      throw new UsageError(
        `--test-images ${options.testImages}: images of ${testSet.height}×${testSet.width}, the training images are ${images.height}×${images.width}`,
      );
    const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
    [train, trainLabels] = [
      inputsFromPixels(images.pixels, size, all(images.count)),
      images.labels,
    ];
    [test, testLabels] = [
      inputsFromPixels(testSet.pixels, size, all(testSet.count)),
      testSet.labels,
    ];
  } else {
    // No test file: the first half trains, the second half tests.
    const split = splitSelfTaught(images.labels, { firstUnlabeled: 256 });
    [train, trainLabels] = [
      inputsFromPixels(images.pixels, size, split.train),
      Uint8Array.from(split.train, (i) => images.labels[i]),
    ];
    [test, testLabels] = [
      inputsFromPixels(images.pixels, size, split.test),
      Uint8Array.from(split.test, (i) => images.labels[i]),
    ];
  }
  const result = await classify(
    { train, trainLabels, test, testLabels, autoencoder },
    {},
    { onProgress: options.jsonl ? (p) => print(JSON.stringify(p)) : undefined },
  );
  print(
    JSON.stringify({
      accuracy: (result.features ?? result.raw).accuracy,
      rawAccuracy: result.raw.accuracy,
      classes: result.numClasses,
      train: result.train,
      test: result.test,
      seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    }),
  );
}
