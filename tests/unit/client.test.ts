import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import {
  LIVENESS_TIMEOUT_MS,
  MAX_RECOVERIES,
  RECOVERY_WINDOW_MS,
  createTrainerClient,
  type ClientEvent,
} from '../../src/worker/client';
import type { TrainerCommand, WorkerMessage } from '../../src/worker/protocol';
import { weights } from './fake-client';

/** A Worker as the client sees it: what was posted to it, and a way to answer or crash. */
class FakeWorker {
  posted: TrainerCommand[] = [];
  terminated = false;
  private listeners = new Map<string, ((e: unknown) => void)[]>();
  /** Answers pings, as the real worker does, unless it has gone silent. */
  alive = true;
  addEventListener(type: string, listener: (e: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  postMessage(command: TrainerCommand) {
    this.posted.push(command);
    if (command.type === 'ping' && this.alive) queueMicrotask(() => this.send({ type: 'alive' }));
  }
  terminate() {
    this.terminated = true;
  }
  send(data: WorkerMessage) {
    for (const l of this.listeners.get('message') ?? []) l({ data });
  }
  crash(message: string) {
    for (const l of this.listeners.get('error') ?? []) l({ message, preventDefault() {} });
  }
  of<T extends TrainerCommand['type']>(type: T) {
    return this.posted.filter((c): c is Extract<TrainerCommand, { type: T }> => c.type === type);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = createTrainerClient({
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    dataUrl: 'http://test/data/',
    now: () => Date.now(),
  });
  const events: ClientEvent[] = [];
  client.subscribe((e) => events.push(e));
  const config = { ...PRESET, iterations: 100 };
  return { client, workers, events, config, last: () => workers[workers.length - 1] };
}

const PRESET = PRESETS.natural;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the worker client (fake Worker, fake timers)', () => {
  it('passes on events of the current run only', () => {
    const { client, last, events, config } = setup();
    const first = client.start(config);
    const second = client.start(config);
    last().send({ type: 'progress', runId: first, points: [] });
    last().send({ type: 'state', runId: first, state: 'done' });
    last().send({ type: 'progress', runId: second, points: [] });
    expect(events.map((e) => [e.type, 'runId' in e ? e.runId : null])).toEqual([
      ['progress', second],
    ]);
  });

  it('pairs each reply with its request, whatever the order', async () => {
    const { client, last } = setup();
    const a = client.exportWeights();
    const b = client.exportWeights();
    const c = client.gradientCheck();
    const [ra, rb, rc] = last().posted.filter((m) => 'requestId' in m) as { requestId: number }[];
    last().send({ type: 'rejected', requestId: rc.requestId, message: 'Start a run first.' });
    last().send({ type: 'weights', requestId: rb.requestId, weights: weights(9) });
    last().send({ type: 'weights', requestId: ra.requestId, weights: weights(4) });
    expect((await a).hiddenSize).toBe(4);
    expect((await b).hiddenSize).toBe(9);
    await expect(c).rejects.toThrow('Start a run first.');
  });

  it('restarts a crashed run from its last checkpoint, at most MAX_RECOVERIES times a minute', async () => {
    const { client, workers, last, events, config } = setup();
    const loading = client.loadData(
      { kind: 'builtin', name: 'natural' },
      { patchSize: 8, examples: 10, seed: 1 },
    );
    const load = last().of('loadData').at(-1)!;
    last().send({ type: 'dataLoaded', requestId: load.requestId, summary: {} as never });
    await loading;
    let runId = client.start(config);
    const checkpoint = { ...weights(), iteration: 12 };
    last().send({ type: 'checkpoint', runId, weights: checkpoint });
    for (let i = 1; i <= MAX_RECOVERIES; i++) {
      last().crash(`boom ${i}`);
      const lost = events.at(-1);
      expect(lost).toMatchObject({ type: 'workerLost', restartedRunId: runId + 1, losses: i });
      runId += 1;
      // A new worker: the data again, then the run from the checkpoint.
      expect(last().posted.map((c) => c.type)).toEqual(['configure', 'loadData', 'start']);
      expect(last().of('start')[0].config.initialWeights?.iteration).toBe(12);
    }
    expect(workers.slice(0, -1).every((w) => w.terminated)).toBe(true);
    last().crash('boom 4');
    expect(events.at(-1)).toMatchObject({
      type: 'workerLost',
      message: 'it crashed: boom 4',
      restartedRunId: null,
      losses: MAX_RECOVERIES + 1,
    });
    expect((events.at(-1) as { weights: { iteration: number } }).weights.iteration).toBe(12);
    const count = workers.length;
    // Nothing restarts by itself; the next command starts a new worker.
    await vi.advanceTimersByTimeAsync(RECOVERY_WINDOW_MS);
    expect(workers).toHaveLength(count);
    client.start(config);
    expect(workers).toHaveLength(count + 1);
  });

  it('does not restart a run that had ended', () => {
    const { client, last, events, config, workers } = setup();
    const runId = client.start(config);
    last().send({ type: 'state', runId, state: 'done' });
    last().crash('boom');
    expect(events.at(-1)).toMatchObject({ type: 'workerLost', restartedRunId: null });
    expect(workers).toHaveLength(1);
  });

  it('ends a worker that stops answering, and fails what waited for it', async () => {
    const { client, last, events, config } = setup();
    client.start(config);
    const waiting = expect(client.exportWeights()).rejects.toThrow(
      /The training worker stopped: it stopped answering/,
    );
    await vi.advanceTimersByTimeAsync(LIVENESS_TIMEOUT_MS * 2);
    expect(events.filter((e) => e.type === 'workerLost')).toHaveLength(0); // it answers pings
    last().alive = false; // exits without a word
    const silent = last();
    await vi.advanceTimersByTimeAsync(LIVENESS_TIMEOUT_MS + 5_000);
    expect(silent.terminated).toBe(true);
    expect(events.find((e) => e.type === 'workerLost')).toMatchObject({
      message: expect.stringMatching(/stopped answering/),
      restartedRunId: 2,
    });
    await waiting;
  });

  it('restarts with the ρ, β, λ last sent, not those the run started with', () => {
    const { client, last, config } = setup();
    client.start({ ...config, beta: 3 });
    client.setHyperparameters({ rho: 0.02, beta: 0.5, lambda: 1e-3 });
    last().crash('boom');
    expect(last().of('start')[0].config).toMatchObject({ rho: 0.02, beta: 0.5, lambda: 1e-3 });
  });
});
