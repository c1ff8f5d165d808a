import { expect, test, type Page } from '@playwright/test';
import type { Lab, RunSummary } from './harness';

declare global {
  interface Window {
    lab: Lab;
    client: ReturnType<Lab['createTrainerClient']>;
  }
}

/**
 * Iterations of the long natural run: the original program's 400, about 70 s on SwiftShader on a quiet 2-core
 * machine (up to 4 minutes on a busy one). LONG_RUN_ITERATIONS=100 shortens it while developing.
 */
const LONG_RUN = Number(process.env.LONG_RUN_ITERATIONS ?? 400);

async function openHarness(page: Page): Promise<void> {
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[page] ${message.text()}`);
  });
  await page.goto('/harness.html');
  await page.waitForFunction(() => window.lab !== undefined);
  await page.evaluate(async () => {
    window.client = window.lab.createTrainerClient();
    await window.client.loadData(
      { kind: 'builtin', name: 'natural' },
      { patchSize: 8, examples: 10000, seed: 1234 },
    );
  });
}

function run(page: Page, settings: Record<string, unknown>): Promise<RunSummary> {
  return page.evaluate((s) => window.lab.run(window.client, s), settings);
}

const msPerEvaluation = (summary: RunSummary) => {
  const last = summary.points.at(-1)!;
  return last.elapsedMs / last.evaluations;
};

test('WebGL in the worker: the natural configuration’s cost matches the CPU backend', async ({
  page,
}) => {
  await openHarness(page);
  const webgl = await run(page, { backend: 'tfjs-webgl', iterations: 3 });
  expect(webgl.faults).toEqual([]);
  expect(webgl.backends[0].backend).toBe('tfjs-webgl');
  expect(webgl.backends[0].note).toMatch(/WebGL 2 on OffscreenCanvas/);
  expect(webgl.states.at(-1)).toEqual({ state: 'done', reason: 'max-iterations' });
  expect(webgl.points.map((p) => p.iteration)).toEqual([0, 1, 2, 3]);

  const cpu = await run(page, { backend: 'tfjs-cpu', iterations: 1 });
  expect(cpu.backends[0].backend).toBe('tfjs-cpu');
  const wasm = await run(page, { backend: 'kernel', iterations: 1 });
  expect(wasm.backends[0].backend).toBe('kernel');

  // Auto measures both on the first 2,000 examples: WebGL here is SwiftShader on the CPU, many
  // times slower than the WASM SIMD kernel.
  const auto = await run(page, { backend: 'auto', iterations: 20 });
  expect(auto.backends[0].backend).toBe('kernel');
  expect(auto.backends[0].note).toMatch(
    /^WASM SIMD kernel \(simd.*\) — measured [\d.]+ ms vs (the kernel on 1 thread [\d.]+ ms, )?WebGL 2 \(SwiftShader\) .*[\d.]+ ms.* per evaluation of 2,000 examples$/,
  );
  const a = auto.points[0];
  expect(Math.abs(a.cost - cpu.points[0].cost) / cpu.points[0].cost).toBeLessThan(1e-4);
  console.log(`auto (${auto.backends[0].note}): ${msPerEvaluation(auto).toFixed(1)} ms/evaluation`);

  const [g, c, w] = [webgl, cpu, wasm].map((s) => s.points[0]);
  console.log(
    `iteration 0 cost: webgl ${g.cost}, cpu ${c.cost}, wasm ${w.cost}; ` +
      `ms/evaluation: webgl ${msPerEvaluation(webgl).toFixed(1)}, cpu ${msPerEvaluation(cpu).toFixed(1)}, wasm ${msPerEvaluation(wasm).toFixed(1)}`,
  );
  expect(Math.abs(g.cost - c.cost) / c.cost).toBeLessThan(1e-4);
  expect(Math.abs(w.cost - c.cost) / c.cost).toBeLessThan(1e-4);
  for (const part of ['reconstruction', 'decay', 'sparsity'] as const)
    expect(Math.abs(g[part] - c[part]) / Math.abs(c[part])).toBeLessThan(1e-3);
  // The first L-BFGS iteration lands on (nearly) the same point on both backends.
  expect(Math.abs(webgl.points[1].cost - cpu.points[1].cost) / cpu.points[1].cost).toBeLessThan(
    1e-3,
  );
});

test(`WebGL in the worker: ${LONG_RUN} iterations of the natural configuration stream costs and snapshots`, async ({
  page,
}) => {
  test.setTimeout(600_000);
  await openHarness(page);
  const summary = await run(page, { backend: 'tfjs-webgl', iterations: LONG_RUN });
  const last = summary.points.at(-1)!;
  console.log(
    `${LONG_RUN} iterations on WebGL: ${(summary.wallMs / 1000).toFixed(1)} s wall, ` +
      `${last.evaluations} evaluations, ${msPerEvaluation(summary).toFixed(1)} ms/evaluation, ` +
      `cost ${summary.points[0].cost.toFixed(3)} → ${last.cost.toFixed(4)}, ${summary.snapshots.length} snapshots`,
  );
  expect(summary.faults).toEqual([]);
  expect(summary.backends.map((b) => b.backend)).toEqual(['tfjs-webgl']);
  expect(summary.states.at(-1)?.state).toBe('done');
  // Every iteration arrives once, in order.
  expect(summary.points.map((p) => p.iteration)).toEqual(
    Array.from({ length: last.iteration + 1 }, (_, i) => i),
  );
  expect(last.cost).toBeLessThan(summary.points[0].cost / 20);
  // The original program reaches 0.36–0.39 after 400 iterations (docs/math.md §8).
  if (LONG_RUN >= 400) expect(last.cost).toBeLessThan(0.4);
  // Snapshots: at most about one per 100 ms, one at the end, W1 of 25 × 64.
  expect(summary.snapshots.length).toBeGreaterThan(2);
  expect(summary.snapshots.length).toBeLessThanOrEqual(summary.wallMs / 100 + 3);
  expect(summary.snapshots.at(-1)).toMatchObject({ iteration: last.iteration, w1Length: 25 * 64 });
});

test('pause, one step, live ρ, and a lost WebGL context that continues on the WASM SIMD kernel', async ({
  page,
}) => {
  await openHarness(page);
  const result = await page.evaluate(async () => {
    const { client, lab } = window;
    const paused = await lab.run(
      client,
      // More iterations than can run before the pause: on WASM the kernel does 400 in ~3 s.
      { backend: 'tfjs-webgl', iterations: 100_000 },
      {
        until: ['paused'],
        onEvent: (event, summary) => {
          if (
            event.type === 'progress' &&
            summary.points.length >= 4 &&
            summary.states.length === 1
          )
            client.pause();
        },
      },
    );
    // Every event, so that a wait that never ends says where the run stood.
    const seen: string[] = [];
    client.subscribe((event) => {
      const detail =
        event.type === 'progress'
          ? `${event.points.at(-1)!.iteration}`
          : event.type === 'state'
            ? event.state
            : event.type === 'backend'
              ? event.backend
              : '';
      seen.push(`${event.type} ${detail}`);
    });
    const next = (state: string, limitMs = 60_000) =>
      new Promise<{ iteration: number; state: string }>((resolve, reject) => {
        let iteration = -1;
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`no "${state}" within ${limitMs} ms; last events: ${seen.slice(-12)}`));
        }, limitMs);
        const stop = client.subscribe((event) => {
          if (event.type === 'progress') iteration = event.points.at(-1)!.iteration;
          if (event.type === 'state' && event.state === state) {
            clearTimeout(timer);
            stop();
            resolve({ iteration, state: event.state });
          }
        });
      });
    const stepped = next('paused');
    client.step();
    const afterStep = await stepped;

    const changes: number[] = [];
    const live = client.subscribe((event) => {
      if (event.type === 'hyperparameters') changes.push(event.iteration);
    });
    client.setHyperparameters({ rho: 0.05, beta: 3, lambda: 1e-4 });
    const backendEvents: string[] = [];
    const onBackend = client.subscribe((event) => {
      if (event.type === 'backend') backendEvents.push(event.backend);
    });
    /** Resolves at the first progress report of `iteration` or later (of the backend named). */
    const reached = (iteration: number, backend?: string, limitMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        let on = backendEvents.at(-1) ?? 'tfjs-webgl';
        const timer = setTimeout(() => {
          stop();
          reject(
            new Error(
              `no iteration ${iteration} within ${limitMs} ms; last events: ${seen.slice(-12)}`,
            ),
          );
        }, limitMs);
        const stop = client.subscribe((event) => {
          if (event.type === 'backend') on = event.backend;
          if (
            event.type === 'progress' &&
            event.points.at(-1)!.iteration >= iteration &&
            (!backend || on === backend)
          ) {
            clearTimeout(timer);
            stop();
            resolve();
          }
        });
      });
    const pausedAgain = next('paused');
    // Two iterations on WebGL after the resume, then the context is lost; two more on WASM.
    const onWebgl = reached(afterStep.iteration + 2);
    client.resume();
    await onWebgl;
    const onWasm = reached(afterStep.iteration + 4, 'kernel');
    client.testHook('lose-webgl-context');
    await onWasm;
    client.pause();
    const end = await pausedAgain;
    live();
    onBackend();
    return { paused, afterStep, changes, backendEvents, end };
  });
  const pausedAt = result.paused.points.at(-1)!.iteration;
  expect(result.afterStep.iteration).toBe(pausedAt + 1);
  expect(result.changes).toEqual([pausedAt + 1]);
  expect(result.backendEvents).toEqual(['kernel']);
  expect(result.end.iteration).toBeGreaterThan(pausedAt + 2);
});

test('a crashed worker is reported with the last checkpoint, and a new worker goes on from it', async ({
  page,
}) => {
  await openHarness(page);
  const result = await page.evaluate(async () => {
    const { client, lab } = window;
    const first = await lab.run(client, { backend: 'kernel', iterations: 30 });
    const lost = new Promise<{ message: string; iteration?: number; restarted: number | null }>(
      (resolve) => {
        const stop = client.subscribe((event) => {
          if (event.type === 'workerLost') {
            stop();
            resolve({
              message: event.message,
              iteration: event.weights?.iteration,
              restarted: event.restartedRunId,
            });
          }
        });
      },
    );
    client.testHook('crash');
    const crash = await lost;
    const weights = client.lastCheckpoint()!;
    const resumed = new Promise<number>((resolve) => {
      const stop = client.subscribe((event) => {
        if (event.type === 'progress') {
          stop();
          resolve(event.points[0].cost);
        }
      });
    });
    // The new worker loads the run's built-in data itself.
    const runId = client.start({
      ...lab.PRESETS.natural,
      backend: 'kernel',
      iterations: 30,
      initialWeights: weights,
    });
    const resumedCost = await resumed;
    client.stop();
    return {
      crash,
      runId,
      firstRunId: first.runId,
      lastCost: first.points.at(-1)!.cost,
      resumedCost,
    };
  });
  expect(result.crash.message).toMatch(/crashed on purpose/);
  // The run had ended: nothing restarts by itself, the weights are kept.
  expect(result.crash.restarted).toBeNull();
  expect(result.crash.iteration).toBe(30);
  expect(result.runId).toBe(result.firstRunId + 1);
  // The new worker's first evaluation is at the checkpoint: the last cost of the old run.
  expect(Math.abs(result.resumedCost - result.lastCost) / result.lastCost).toBeLessThan(1e-5);
});

test('a worker that exits without a word is noticed, and its run goes on in a new worker from the last checkpoint', async ({
  page,
}) => {
  await openHarness(page);
  const result = await page.evaluate(async () => {
    const { lab } = window;
    // A short watch, so the test does not wait the app's 30 s.
    const client = lab.createTrainerClient({ heartbeatMs: 100, livenessTimeoutMs: 1_500 });
    const paused = await lab.run(
      client,
      { backend: 'kernel', iterations: 100_000 },
      {
        until: ['paused'],
        onEvent: (event, summary) => {
          if (event.type === 'progress' && summary.points.length >= 20) client.pause();
        },
      },
    );
    const checkpoint = client.lastCheckpoint();
    const lost = new Promise<{ message: string; restarted: number | null }>((resolve) => {
      const stop = client.subscribe((event) => {
        if (event.type === 'workerLost') {
          stop();
          resolve({ message: event.message, restarted: event.restartedRunId });
        }
      });
    });
    const resumed = new Promise<number>((resolve) => {
      const stop = client.subscribe((event) => {
        if (event.type === 'progress') {
          stop();
          resolve(event.points[0].cost);
        }
      });
    });
    client.testHook('exit');
    const silent = await lost;
    const resumedCost = await resumed;
    client.terminate();
    return {
      silent,
      runId: paused.runId,
      checkpointCost: checkpoint?.cost,
      resumedCost,
    };
  });
  expect(result.silent.message).toMatch(/stopped answering/);
  expect(result.silent.restarted).toBe(result.runId + 1);
  // The new worker starts at the paused run's last weights: its first cost is the last one.
  expect(
    Math.abs(result.resumedCost - result.checkpointCost!) / result.checkpointCost!,
  ).toBeLessThan(1e-5);
});
