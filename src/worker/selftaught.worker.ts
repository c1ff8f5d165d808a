/**
 * The self-taught worker: reads the built-in MNIST (kept in IndexedDB once fetched), runs the
 * engine's experiment on the kernel and posts progress and the outcome. Thin, like the trainer.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BUILTIN_FILES, decodePackedImages } from '../data/builtin';
import { configureWasmFiles, selectBackend } from '../engine/backend';
import { Cancelled, runSelfTaught } from '../engine/selftaught';
import { SELF_TAUGHT_PRESETS } from '../engine/selftaught-presets';
import { unpackParameters } from '../core/params';
import { readCachedBuiltin } from './builtin-cache';
import { classifyJob } from './classify-job';
import {
  selfTaughtTransferables,
  type SelfTaughtCommand,
  type SelfTaughtEvent,
} from './selftaught-protocol';

configureWasmFiles({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

const scope = self as unknown as {
  postMessage(message: SelfTaughtEvent, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<SelfTaughtCommand>) => void): void;
};
const post = (event: SelfTaughtEvent) => scope.postMessage(event, selfTaughtTransferables(event));

const running = new Map<number, AbortController>();
const MISCLASSIFIED_SHOWN = 100;

/** Runs one job: cancellable by its id; a cancel or a failure is reported as such. */
async function asJob(jobId: number, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const abort = new AbortController();
  running.set(jobId, abort);
  try {
    await work(abort.signal);
  } catch (error) {
    if (error instanceof Cancelled) post({ type: 'cancelled', jobId });
    else
      post({
        type: 'failed',
        jobId,
        message: error instanceof Error ? error.message : String(error),
      });
  } finally {
    running.delete(jobId);
  }
}

async function run(command: Extract<SelfTaughtCommand, { type: 'run' }>): Promise<void> {
  const { jobId, version, dataUrl } = command;
  await asJob(jobId, async (signal) => {
    const preset = SELF_TAUGHT_PRESETS[version];
    const file = preset.data === 'mnist' ? BUILTIN_FILES.mnist : BUILTIN_FILES.mnistLabeled;
    post({ type: 'loading', jobId });
    const bytes = await fetchBuiltin(dataUrl)(file);
    const packed = await decodePackedImages(bytes, file);
    const count = packed.trainCount ?? packed.count;
    const size = packed.height * packed.width;
    const images = {
      count,
      height: packed.height,
      width: packed.width,
      pixels: packed.pixels.subarray(0, count * size),
      labels: packed.labels!.subarray(0, count),
    };
    const backend = await selectBackend('kernel');
    const result = await runSelfTaught(
      {
        images,
        settings: preset.settings,
        createCostModel: (data, shape) => backend.createCostModel(data, shape),
        backend,
      },
      { onProgress: (progress) => post({ type: 'progress', jobId, progress }) },
      signal,
    );
    const features = result.features!;
    const wrong: number[] = [];
    for (let i = 0; i < result.testLabels.length; i++)
      if (features.predictions[i] !== result.testLabels[i]) wrong.push(i);
    const shown = wrong.slice(0, MISCLASSIFIED_SHOWN);
    const pixels = new Uint8Array(shown.length * size);
    shown.forEach((i, n) =>
      pixels.set(
        images.pixels.subarray(result.testIndices[i] * size, (result.testIndices[i] + 1) * size),
        n * size,
      ),
    );
    const shape = { visibleSize: size, hiddenSize: preset.settings.hiddenSize };
    post({
      type: 'result',
      jobId,
      outcome: {
        version,
        description: preset.description,
        numClasses: result.numClasses,
        features: { accuracy: features.accuracy, confusion: features.confusion },
        raw: { accuracy: result.raw.accuracy, confusion: result.raw.confusion },
        unlabeled: result.unlabeled,
        train: result.train,
        test: result.test,
        seconds: result.seconds,
        backend: backend.note,
        hiddenSize: shape.hiddenSize,
        visibleSize: size,
        side: packed.width,
        W1: Float32Array.from(unpackParameters(result.theta, shape).W1),
        misclassified: {
          pixels,
          labels: Uint8Array.from(shown, (i) => result.testLabels[i]),
          predicted: Uint8Array.from(shown, (i) => features.predictions[i]),
          total: wrong.length,
        },
      },
    });
  });
}

const fetchBuiltin = (dataUrl: string) => (name: string) =>
  readCachedBuiltin(name, async () => {
    const response = await fetch(new URL(name, dataUrl).href);
    if (!response.ok) throw new Error(`Could not fetch ${name}: HTTP ${response.status}.`);
    return response.arrayBuffer();
  });

async function classifyRun(command: Extract<SelfTaughtCommand, { type: 'classify' }>) {
  const { jobId } = command;
  await asJob(jobId, async (signal) => {
    const outcome = await classifyJob(
      command.weights,
      command.source,
      fetchBuiltin(command.dataUrl),
      { onProgress: (progress) => post({ type: 'progress', jobId, progress }) },
      signal,
    );
    post({ type: 'classified', jobId, outcome });
  });
}

scope.addEventListener('message', (e) => {
  const command = e.data;
  if (command.type === 'run') void run(command);
  else if (command.type === 'classify') void classifyRun(command);
  else running.get(command.jobId)?.abort();
});
