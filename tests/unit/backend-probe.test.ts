/**
 * Choosing the cost model by measuring it on the run's data: the probe keeps the model measured
 * faster and disposes the others; 'auto' says what it measured, remembers it per data shape, and
 * explicit choices are not measured. Real models throughout (the WebAssembly SIMD kernel and tfjs
 * on the CPU); where the loser must be known in advance, a real model is slowed by a delay on a fake
 * clock, so the probe's timings and deadlines are exact whatever the machine's load.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CostModel } from '../../src/core/cost-model';
import { createTfCostModel } from '../../src/core/cost-tf';
import { createWasmCostModel, type WasmCostModel } from '../../src/engine/kernel/wasm-cost';
import { createRng } from '../../src/core/rng';
import type { DataMatrix, ModelShape } from '../../src/core/types';
import {
  configureWasmFiles,
  selectBackend,
  shortRendererName,
  type BackendMeasurement,
} from '../../src/engine/backend';
import {
  describeProbe,
  probeFastestModel,
  type ProbeCandidate,
} from '../../src/engine/backend-probe';
import { systemClock } from '../../src/engine/clock';
import { matrixProductBound } from '../../src/engine/product-bound';
import { createFakeClock, createSteppingClock, type FakeClock } from './fake-clock';

/** Data in [0.1, 0.9], as the original program's normalised patches. */
function randomData(visibleSize: number, exampleCount: number, seed: number): DataMatrix {
  const rng = createRng(seed);
  const values = new Float32Array(visibleSize * exampleCount);
  for (let i = 0; i < values.length; i++) values[i] = 0.1 + 0.8 * rng.uniform();
  return { visibleSize, exampleCount, values };
}

const natural: ModelShape = { visibleSize: 64, hiddenSize: 25 };
const naturalData = randomData(64, 10000, 3);

/**
 * The same model, taking exactly `delayMs` on the fake clock per evaluation (a stand-in for a slower
 * device); its real computation does not count on that clock.
 */
function delayed(clock: FakeClock, model: CostModel, delayMs: number): CostModel {
  return {
    shape: model.shape,
    exampleCount: model.exampleCount,
    evaluate: async (theta, hyper, batch) => {
      const result = await clock.real(model.evaluate(theta, hyper, batch));
      await clock.sleep(delayMs);
      return result;
    },
    dispose: () => model.dispose(),
  };
}

const isDisposed = async (model: CostModel) =>
  model
    .evaluate(new Float64Array(2 * 64 * 25 + 25 + 64), {
      rho: 0.01,
      beta: 3,
      lambda: 1e-4,
    })
    .then(
      () => false,
      (error: Error) => /disposed/.test(error.message),
    );

beforeAll(async () => {
  tf.env().set('PROD', true);
  const require = createRequire(import.meta.url);
  const folder = dirname(
    require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
  );
  configureWasmFiles(
    Object.fromEntries(
      [
        'tfjs-backend-wasm.wasm',
        'tfjs-backend-wasm-simd.wasm',
        'tfjs-backend-wasm-threaded-simd.wasm',
      ].map((name) => [name, `${folder}/${name}`]),
    ),
  );
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the probe: time each candidate on the run’s data, keep the fastest', () => {
  it('keeps the WebAssembly kernel over tfjs on the CPU, frees the tfjs tensors and names both times', async () => {
    await tf.setBackend('cpu');
    const tensorsBefore = tf.memory().numTensors;
    let kernel: CostModel | null = null;
    const candidates: ProbeCandidate[] = [
      { label: 'tfjs on the CPU', create: async () => createTfCostModel(naturalData, natural) },
      {
        label: 'the kernel',
        create: async () =>
          (kernel = await createWasmCostModel(naturalData, natural, { threads: 1 })),
      },
    ];
    const result = await probeFastestModel(candidates, natural, naturalData.exampleCount);
    expect(result.winner).toBe(1);
    expect(result.model).toBe(kernel);
    expect(result.examples).toBe(2000);
    const [cpu, fast] = result.timings;
    expect(cpu).toMatchObject({ candidate: 0, outcome: 'timed' });
    expect(fast).toMatchObject({ candidate: 1, outcome: 'timed' });
    expect(fast.milliseconds).toBeLessThan(cpu.milliseconds);
    // The loser's data tensor is gone; the winner still computes.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(await isDisposed(result.model!)).toBe(false);

    const note = describeProbe(result, 'WASM SIMD kernel');
    const figure = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
    expect(note).toBe(
      `WASM SIMD kernel — measured ${figure(fast.milliseconds)} vs tfjs on the CPU ` +
        `${figure(cpu.milliseconds)} per evaluation of 2,000 examples`,
    );
    result.model!.dispose();
  });

  it('disposes a kernel that measured slower, and does not wait long for a very slow warm-up', async () => {
    await tf.setBackend('cpu');
    const tensorsBefore = tf.memory().numTensors;
    const clock = createFakeClock();
    const kernel = await createWasmCostModel(naturalData, natural, { threads: 1 });
    const stalled = await createWasmCostModel(naturalData, natural, { threads: 1 });
    const cpu = (): Promise<CostModel> =>
      clock.real(Promise.resolve().then(() => createTfCostModel(naturalData, natural)));
    const candidates: ProbeCandidate[] = [
      { label: 'slowed kernel', create: async () => delayed(clock, kernel, 400) },
      { label: 'tfjs on the CPU', create: async () => delayed(clock, await cpu(), 20) },
      { label: 'stalled kernel', create: async () => delayed(clock, stalled, 3000) },
    ];
    const started = clock.now();
    const result = await clock.drive(
      probeFastestModel(candidates, natural, naturalData.exampleCount, { clock }),
    );
    const probeMs = clock.now() - started;
    expect(result.winner).toBe(1);
    expect(result.timings.map((t) => t.outcome)).toEqual(['timed', 'timed', 'left']);
    expect(result.timings[0].milliseconds).toBe(400);
    // The stalled one is left after max(5 × best, 50 ms), far before its 3 s.
    const best = result.timings[1].milliseconds;
    expect(best).toBe(20);
    expect(result.timings[2].milliseconds).toBe(Math.max(5 * best, 50));
    expect(result.timings[2].milliseconds).toBeLessThan(2500);
    expect(probeMs).toBeLessThan(400 * 3 + 2500);
    expect(result.totalMs).toBe(probeMs);
    expect(await isDisposed(kernel)).toBe(true);
    // The stalled model is freed once its evaluation is over (3 s on the fake clock), not before.
    expect(await isDisposed(stalled)).toBe(false);
    await clock.runAll();
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
    expect(await isDisposed(stalled)).toBe(true);
    expect(describeProbe(result, 'tfjs on the CPU')).toBe(
      'tfjs on the CPU — measured 20 ms vs slowed kernel 400 ms, stalled kernel > 100 ms ' +
        '(warm-up, not timed) per evaluation of 2,000 examples',
    );
    result.model!.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe('the matrix-product precheck: one of the five products bounds an evaluation from below', () => {
  const theta = new Float64Array(2 * 64 * 25 + 25 + 64).map((_, i) => Math.sin(i));
  const context = { theta, examples: 2000, limitMs: 60_000, clock: systemClock };

  it('says a backend cannot win when one product alone is slower than the best, and frees its tensors', async () => {
    await tf.setBackend('cpu');
    const tensorsBefore = tf.memory().numTensors;
    const verdict = await matrixProductBound(naturalData, natural, { ...context, bestMs: 1e-6 });
    expect(verdict).not.toBeNull();
    expect(verdict!.what).toBe('one of its 5 matrix products alone');
    expect(verdict!.milliseconds).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // Against a best time it can beat, no verdict: the candidate is built and timed in full.
    expect(await matrixProductBound(naturalData, natural, { ...context, bestMs: 60_000 })).toBe(
      null,
    );
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('a candidate the precheck rules out is never built, and the note says what was timed', async () => {
    await tf.setBackend('cpu');
    let built = false;
    const candidates: ProbeCandidate[] = [
      {
        label: 'the kernel',
        create: () => createWasmCostModel(naturalData, natural, { threads: 1 }),
      },
      {
        label: 'tfjs on the CPU',
        // A real product on tfjs, held to a bar it cannot meet.
        precheck: (c) => matrixProductBound(naturalData, natural, { ...c, bestMs: 1e-6 }),
        create: async () => {
          built = true;
          return createTfCostModel(naturalData, natural);
        },
      },
    ];
    const result = await probeFastestModel(candidates, natural, naturalData.exampleCount);
    expect(built).toBe(false);
    expect(result.winner).toBe(0);
    expect(result.timings[1]).toMatchObject({ outcome: 'bounded', label: 'tfjs on the CPU' });
    expect(describeProbe(result, 'WASM SIMD kernel')).toMatch(
      /^WASM SIMD kernel — measured [\d.]+ ms vs tfjs on the CPU > [\d.]+ ms \(one of its 5 matrix products alone\) per evaluation of 2,000 examples$/,
    );
    result.model!.dispose();
  });
});

describe('selectBackend: auto measures once per data shape; explicit choices do not', () => {
  it('auto computes on the measured-fastest kernel and says what it measured', async () => {
    const measured: BackendMeasurement[] = [];
    // A clock that moves 1 ms per reading: nothing is left behind as too slow, whatever the load.
    const backend = await selectBackend('auto', {
      kernelThreads: 2,
      onMeasured: (m) => measured.push(m),
      clock: createSteppingClock(),
    });
    const model = (await backend.createCostModel(naturalData, natural)) as WasmCostModel;
    expect(measured).toHaveLength(1);
    const [m] = measured;
    // The kernel is timed once, on every thread it may use: a kernel built on one thread could
    // never take the threads the page gives it later.
    const [kernel] = m.timings;
    expect([kernel.outcome, kernel.label]).toEqual(['timed', 'the kernel on 2 threads']);
    expect(m.timings.filter((t) => /kernel/.test(t.label))).toHaveLength(1);
    expect(model.threads).toBe(2);
    expect(model.maxThreads).toBe(2);
    expect(backend.active).toBe('kernel');
    expect(m.backend).toBe('kernel');
    expect(backend.note).toMatch(
      /^WASM SIMD kernel \(simd(\+fma)?, 2 threads, tile \d+ (measured|cached)\) — measured [\d.]+ ms/,
    );
    expect(m.totalMs).toBeGreaterThan(0);
    model.dispose();

    // Train again on the same data: the decision is remembered, not re-measured.
    const again = (await backend.createCostModel(naturalData, natural)) as WasmCostModel;
    expect(measured).toHaveLength(1);
    expect(again.threads).toBe(model.threads);
    const noteBefore = backend.note;
    // The gradient check's small subset builds what computes now, without measuring.
    const subset = randomData(64, 20, 5);
    const check = (await backend.createCostModel(subset, natural, {
      measure: false,
    })) as WasmCostModel;
    expect(check.threads).toBe(model.threads);
    expect(measured).toHaveLength(1);
    expect(backend.note).toBe(noteBefore);
    check.dispose();
    again.dispose();

    // Another data shape (here: fewer examples, another hidden size) is measured anew.
    const smaller = randomData(64, 600, 4);
    const other = await backend.createCostModel(smaller, { visibleSize: 64, hiddenSize: 10 });
    expect(measured).toHaveLength(2);
    expect(measured[1].examples).toBe(600);
    expect(backend.note).toMatch(/per evaluation of 600 examples/);
    other.dispose();
  });

  it('explicit choices are not measured: kernel on the given threads, tfjs-cpu is tfjs', async () => {
    const measured: BackendMeasurement[] = [];
    const onMeasured = (m: BackendMeasurement) => measured.push(m);
    const wasm = await selectBackend('kernel', { kernelThreads: 1, onMeasured });
    const kernel = (await wasm.createCostModel(naturalData, natural)) as WasmCostModel;
    expect(kernel.threads).toBe(1);
    expect(wasm.active).toBe('kernel');
    expect(wasm.note).toMatch(/^WASM SIMD kernel \(simd(\+fma)?, tile \d+ (measured|cached)\)$/);
    kernel.dispose();

    const cpu = await selectBackend('tfjs-cpu', { onMeasured });
    const tensorsBefore = tf.memory().numTensors;
    const tfModel = await cpu.createCostModel(naturalData, natural);
    expect('threads' in tfModel).toBe(false);
    expect(tf.memory().numTensors).toBe(tensorsBefore + 1);
    expect(cpu.active).toBe('tfjs-cpu');
    expect(cpu.note).toBe('CPU (tfjs ops)');
    tfModel.dispose();
    expect(measured).toEqual([]);
  });
});

describe('the renderer’s name in the note', () => {
  it('keeps software renderers’ names and strips ANGLE’s wrapping and device ids', () => {
    expect(
      shortRendererName(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe('SwiftShader');
    expect(
      shortRendererName(
        'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)',
      ),
    ).toBe('NVIDIA GeForce RTX 3060');
    expect(shortRendererName('Apple M2')).toBe('Apple M2');
  });
});
