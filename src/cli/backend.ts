/**
 * The cost model of a command-line run: the WebAssembly SIMD kernel (float32, the app's 'wasm'),
 * tfjs ops on WASM or CPU (float32), or the float64 reference.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { CostModel } from '../core/cost-model';
import { createTfCostModel } from '../core/cost-tf';
import { createWasmCostModel } from '../engine/kernel/wasm-cost';
import { createReferenceCostModel } from '../core/reference-model';
import type { DataMatrix, ModelShape } from '../core/types';
import type { CliBackend } from './args';

export type CostModelFactory = (
  data: DataMatrix,
  shape: ModelShape,
) => CostModel | Promise<CostModel>;

/** Node loads the WASM backend's .wasm files from the package's dist folder. */
function wasmFolder(): string {
  const require = createRequire(import.meta.url);
  return (
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/'
  );
}

/** Activates the backend and returns how to build cost models on it. */
export async function activateBackend(backend: CliBackend): Promise<CostModelFactory> {
  if (backend === 'reference') return createReferenceCostModel;
  if (backend === 'wasm') return (data, shape) => createWasmCostModel(data, shape);
  if (backend === 'tfjs-wasm') setWasmPaths(wasmFolder());
  // PROD silences tfjs's console advice (the CPU backend's "install tfjs-node") on stdout.
  tf.env().set('PROD', true);
  const name = backend === 'tfjs-wasm' ? 'wasm' : backend;
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to start`);
  await tf.ready();
  return createTfCostModel;
}
