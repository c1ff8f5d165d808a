/// <reference types="vite/client" />
/**
 * One benchmark job in its own worker, as the app trains: prepare the data, build the backend's
 * cost model, time evaluations at θ0, then run L-BFGS.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { CostModel } from '../../src/core/cost-model';
import { createTfCostModel } from '../../src/core/cost-tf';
import { createWasmCostModel } from '../../src/engine/kernel/wasm-cost';
import { defaultTile } from '../../src/engine/kernel/kernel-layout';
import { minimize } from '../../src/core/lbfgs';
import { initialParameters } from '../../src/core/params';
import { createRng } from '../../src/core/rng';
import { CONFIGS, benchData, checksum, type BenchJob, type BenchOutcome } from './configs';

tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

async function run(job: BenchJob): Promise<BenchOutcome> {
  const config = CONFIGS[job.config];
  const data = await benchData(config, async (name) =>
    (await fetch(new URL(`/data/${name}`, location.origin))).arrayBuffer(),
  );
  let model: CostModel;
  let variant: string;
  if (job.backend.startsWith('kernel')) {
    const fast = await createWasmCostModel(data, config.shape, {
      threads: job.backend.startsWith('kernel-1-thread') ? 1 : undefined,
      fusedMultiplyAdd: job.backend !== 'kernel-no-fma',
      tile: job.backend.endsWith('-untuned')
        ? defaultTile(Math.ceil(config.shape.visibleSize / 4) * 4)
        : undefined,
    });
    model = fast;
    variant = fast.variant;
  } else {
    const name = job.backend.replace(/^tfjs-/, '');
    if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed`);
    await tf.ready();
    model = createTfCostModel(data, config.shape);
    variant = `tfjs ${tf.getBackend()}`;
  }
  const theta0 = initialParameters(config.shape, createRng(config.seed));
  const first = await model.evaluate(theta0, config.hyper); // warm-up (compiles shaders, etc.)
  const evaluationMs: number[] = [];
  // Each gradient is handed back once read, as the app's L-BFGS does with those it no longer reads.
  model.recycle?.(first.gradient);
  for (let i = 0; i < job.evaluations; i++) {
    const started = performance.now();
    const { gradient } = await model.evaluate(theta0, config.hyper);
    evaluationMs.push(performance.now() - started);
    model.recycle?.(gradient);
  }
  let lbfgs: BenchOutcome['lbfgs'] = null;
  if (job.iterations > 0) {
    const started = performance.now();
    const { report } = await minimize((theta) => model.evaluate(theta, config.hyper), theta0, {
      maxIterations: job.iterations,
      recycleGradient: (gradient) => model.recycle?.(gradient),
    });
    lbfgs = {
      iterations: report.iteration,
      evaluations: report.evaluations,
      seconds: (performance.now() - started) / 1000,
      cost: report.cost,
    };
  }
  model.dispose();
  return {
    job,
    variant,
    checksum: checksum(data.values),
    evaluationMs,
    initialCost: first.cost,
    lbfgs,
  };
}

self.onmessage = (event: MessageEvent<BenchJob>) => {
  run(event.data).then(
    (outcome) => self.postMessage(outcome),
    (error: unknown) =>
      self.postMessage({
        job: event.data,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
};
