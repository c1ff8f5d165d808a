/**
 * A run on the WebAssembly kernel whose helper thread dies goes on on the next backend, from the
 * last good weights, instead of waiting forever (real helper threads, Node worker_threads).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { configureWasmFiles, selectBackend } from '../../src/engine/backend';
import type { WasmCostModel } from '../../src/engine/kernel/wasm-cost';
import { createSession } from '../../src/engine/session';
import { baseConfig, recorder } from './session-fixtures';

beforeAll(() => {
  tf.env().set('PROD', true);
  const require = createRequire(import.meta.url);
  const wasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  configureWasmFiles(`${dirname(wasm)}/`);
});

it('a dead kernel helper hands the run to the next backend from the last good weights', async () => {
  const backend = await selectBackend('kernel', { kernelThreads: 2 });
  let kernel: WasmCostModel | null = null;
  const r = recorder();
  const switches: string[] = [];
  const session = createSession(
    {
      ...baseConfig,
      backend,
      createCostModel: async (data, shape) => {
        const model = await backend.createCostModel(data, shape);
        if ('threads' in model) kernel = model as WasmCostModel;
        return model;
      },
    },
    { ...r, onBackend: (name) => switches.push(name) },
  );
  for (let i = 0; i < 3; i++) await session.step();
  expect(kernel!.threads).toBe(2);
  const lastGood = session.theta;

  await kernel!.killHelper(1);
  await session.step();
  expect(r.faults).toEqual([]);
  expect(switches).toEqual(['tfjs-wasm']);
  expect(backend.note).toMatch(/WASM SIMD kernel failed: .*helper thread 1/);
  expect(session.iteration).toBe(4);
  const onTfjs = createSession({ ...baseConfig, initialTheta: lastGood });
  await onTfjs.step();
  const [a, b] = [session.theta, onTfjs.theta];
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
  onTfjs.dispose();
  session.dispose();
});
