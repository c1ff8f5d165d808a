import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { transferablesOf, type WorkerMessage } from '../../src/worker/protocol';
import { createTrainer, type HandledCommand } from '../../src/worker/trainer';

const dataDir = fileURLToPath(new URL('../../public/data/', import.meta.url));

/** The worker's command handling in Node, on the CPU backend, with the committed built-in data. */
function harness(options: { transfer?: boolean } = {}) {
  const messages: WorkerMessage[] = [];
  const waiters: { test: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void }[] =
    [];
  const trainer = createTrainer({
    post: (sent) => {
      // As postMessage does in the worker: the listed buffers leave the worker.
      const message = options.transfer
        ? structuredClone(sent, { transfer: transferablesOf(sent) as ArrayBuffer[] })
        : sent;
      messages.push(message);
      for (const w of waiters.splice(0)) {
        if (w.test(message)) w.resolve(message);
        else waiters.push(w);
      }
    },
    readBuiltin: async (name) => {
      const bytes = await readFile(dataDir + name);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    },
  });
  const send = (command: HandledCommand) => trainer.handle(command);
  const next = <T extends WorkerMessage['type']>(
    type: T,
    extra: (m: WorkerMessage) => boolean = () => true,
  ) =>
    new Promise<Extract<WorkerMessage, { type: T }>>((resolve) =>
      waiters.push({
        test: (m) => m.type === type && extra(m),
        resolve: resolve as (m: WorkerMessage) => void,
      }),
    );
  return { messages, send, next, trainer };
}

const config = { ...PRESETS.natural, backend: 'tfjs-cpu' as const, examples: 1000, iterations: 5 };
const LOAD_NATURAL: HandledCommand = {
  type: 'loadData',
  requestId: 1,
  source: { kind: 'builtin', name: 'natural' },
  patchSize: 8,
  examples: 1000,
  seed: 1234,
};

describe('the worker’s command handling (Node, CPU backend)', () => {
  it('loads data, trains, streams, exports and checks the gradient', async () => {
    const { messages, send, next } = harness();
    const loaded = next('dataLoaded');
    send(LOAD_NATURAL);
    const { summary } = await loaded;
    expect(summary).toMatchObject({
      examples: 1000,
      visibleSize: 64,
      exampleSide: 8,
      sampleCount: 8,
    });
    expect(summary.samples.length).toBe(8 * 64);

    const done = next('state', (m) => m.type === 'state' && m.state === 'done');
    send({ type: 'start', runId: 7, config });
    await done;
    const backend = messages.find((m) => m.type === 'backend');
    expect(backend).toMatchObject({ runId: 7, backend: 'tfjs-cpu' });
    const points = messages.flatMap((m) => (m.type === 'progress' ? m.points : []));
    expect(points.map((p) => p.iteration)).toEqual([0, 1, 2, 3, 4, 5]);
    const snapshot = messages.findLast((m) => m.type === 'snapshot');
    expect(snapshot).toMatchObject({
      runId: 7,
      iteration: 5,
      hiddenSize: 25,
      visibleSize: 64,
      exampleSide: 8,
      count: 8,
    });
    const checkpoint = messages.findLast((m) => m.type === 'checkpoint');
    expect(checkpoint?.type === 'checkpoint' && checkpoint.weights.iteration).toBe(5);
    // Progress of an iteration always arrives before the snapshot and state that follow it.
    const order = messages.map((m) => m.type).filter((t) => t !== 'checkpoint');
    expect(order.slice(-3)).toEqual(['progress', 'snapshot', 'state']);

    const exported = next('weights');
    send({ type: 'exportWeights', requestId: 2 });
    const { weights } = await exported;
    expect(weights).toMatchObject({ visibleSize: 64, hiddenSize: 25, iteration: 5 });
    expect(weights.theta.length).toBe(2 * 25 * 64 + 25 + 64);

    const checked = next('gradientChecked');
    send({ type: 'gradientCheck', requestId: 3 });
    const { result } = await checked;
    expect(result).toMatchObject({ parameters: 50, examples: 20, backend: 'tfjs-cpu' });
    expect(result.relativeDifference).toBeLessThan(1e-9);
    expect(result.backendRelativeDifference).toBeLessThan(1e-3);
  });

  it('continues a finished run from its weights, the iteration count and its limit going on', async () => {
    const { messages, send, next } = harness();
    const loaded = next('dataLoaded');
    send(LOAD_NATURAL);
    await loaded;
    const done = next('state', (m) => m.type === 'state' && m.state === 'done');
    send({ type: 'start', runId: 4, config });
    expect(await done).toMatchObject({ reason: 'max-iterations', limit: 5 });
    const goingOn = next('state', (m) => m.type === 'state' && m.state === 'running');
    const doneAgain = next('state', (m) => m.type === 'state' && m.state === 'done');
    send({ type: 'continue', runId: 4 });
    // The page shows "of 10" from the moment the run goes on.
    expect(await goingOn).toMatchObject({ limit: 10 });
    expect(await doneAgain).toMatchObject({ limit: 10 });
    const points = messages.flatMap((m) => (m.type === 'progress' ? m.points : []));
    expect(points.map((p) => p.iteration)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(points.at(-1)!.cost).toBeLessThan(points[5].cost);
    expect(points.at(-1)).toMatchObject({
      rho: config.rho,
      beta: config.beta,
      lambda: config.lambda,
    });
  });

  it('refuses bad settings and mismatched weights with the reason', async () => {
    const { send, next } = harness();
    const refused = next('refused');
    const stopped = next('state');
    send({ type: 'start', runId: 1, config: { ...config, hiddenSize: 0 } });
    expect((await refused).message).toMatch(/Hidden units must be at least 1/);
    expect(await stopped).toMatchObject({ state: 'stopped' });

    const paused = next('state', (m) => m.type === 'state' && m.state === 'paused');
    send({ type: 'start', runId: 2, config: { ...config, iterations: 400 } });
    send({ type: 'pause', runId: 2 });
    await paused;
    const badRho = next('refused');
    send({
      type: 'setHyperparameters',
      runId: 2,
      hyperparameters: { rho: 1.5, beta: 3, lambda: 0 },
    });
    expect((await badRho).message).toMatch(/ρ .*strictly between 0 and 1, got 1.5/);

    const rejected = next('rejected');
    send({
      type: 'importWeights',
      requestId: 9,
      weights: {
        visibleSize: 784,
        hiddenSize: 25,
        theta: new Float64Array(2 * 25 * 784 + 25 + 784),
      },
    });
    expect((await rejected).message).toMatch(/784 visible units but the data has 64/);

    // Commands of an older run do not touch the current one.
    const before = next('state', (m) => m.type === 'state' && m.runId === 2);
    send({ type: 'resume', runId: 1 });
    send({ type: 'stop', runId: 2 });
    expect(await before).toMatchObject({ state: 'stopped', runId: 2 });
  });

  it("picks the backend for 'auto' on the loaded data before Train, and the run keeps the pick", async () => {
    const { send, next } = harness();
    const loaded = next('dataLoaded');
    send(LOAD_NATURAL);
    await loaded;
    const prepared = next('prepared');
    send({ type: 'prepare', backend: 'auto', hiddenSize: 25 });
    const pick = await prepared;
    expect(pick.backend).toBe('kernel');
    expect(pick.note).toMatch(/measured \d/);

    const backend = next('backend');
    const done = next('state', (m) => m.type === 'state' && m.state === 'done');
    send({ type: 'start', runId: 3, config: { ...config, backend: 'auto' } });
    // The same note, timings included: the run used the pick instead of measuring again.
    expect(await backend).toMatchObject({ runId: 3, backend: 'kernel', note: pick.note });
    await done;
  });

  it('starts the run on the model it prepared while the page waited, and on a new one otherwise', async () => {
    const trained = async (hiddenSizes: number[]) => {
      const { send, next, trainer } = harness();
      const loaded = next('dataLoaded');
      send(LOAD_NATURAL);
      await loaded;
      const prepared = next('prepared');
      send({ type: 'prepare', backend: 'tfjs-cpu', hiddenSize: 25 });
      await prepared;
      const built = [trainer.modelsBuilt()];
      for (const [runId, hiddenSize] of hiddenSizes.entries()) {
        const done = next(
          'state',
          (m) => m.type === 'state' && m.runId === runId && m.state === 'done',
        );
        send({ type: 'start', runId, config: { ...config, hiddenSize } });
        await done;
        built.push(trainer.modelsBuilt());
      }
      return built;
    };
    // Handed over once: the second run builds its own.
    expect(await trained([25, 25])).toEqual([1, 1, 2]);
    // Prepared for 25 hidden units, a run with 36 builds a model of its size.
    expect(await trained([36])).toEqual([1, 2]);
  });

  it('keeps no start weights of its own, and transfers away nothing it keeps', async () => {
    const firstCost = async (setup: (h: ReturnType<typeof harness>) => Promise<void>) => {
      const h = harness({ transfer: true });
      const loaded = h.next('dataLoaded');
      h.send(LOAD_NATURAL);
      await loaded;
      await setup(h);
      const ended = h.next('state', (m) => m.type === 'state' && m.state !== 'running');
      h.send({ type: 'start', runId: 1, config: { ...config, iterations: 1 } });
      expect(await ended).toMatchObject({ state: 'done' });
      return h.messages.flatMap((m) => (m.type === 'progress' ? m.points : []))[0].cost;
    };
    const random = await firstCost(async () => undefined);
    const theta = new Float64Array(2 * 25 * 64 + 25 + 64).map((_, i) => 0.05 * Math.sin(i));
    // Weights imported before any run, exported, then "Start from random weights instead":
    // the start carries no weights, so the run starts from random ones.
    const afterImport = await firstCost(async ({ send, next }) => {
      const imported = next('weightsImported');
      send({
        type: 'importWeights',
        requestId: 2,
        weights: { visibleSize: 64, hiddenSize: 25, theta },
      });
      await imported;
      const answered = Promise.race([next('weights'), next('rejected')]);
      send({ type: 'exportWeights', requestId: 3 });
      await answered;
    });
    expect(afterImport).toBe(random);
  });
});
