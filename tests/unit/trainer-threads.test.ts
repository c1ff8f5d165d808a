/**
 * The worker's kernel thread count as the page chooses it: a running kernel run moves between 2
 * threads and 1 between evaluations, says so in its backend note, and goes on without restarting
 * (real kernel, Node worker_threads as helpers).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import type { IterationPoint, WorkerMessage } from '../../src/worker/protocol';
import { createTrainer, type HandledCommand } from '../../src/worker/trainer';

const dataDir = fileURLToPath(new URL('../../public/data/', import.meta.url));

function harness() {
  const messages: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  const trainer = createTrainer({
    post: (message) => {
      messages.push(message);
      wake?.();
    },
    readBuiltin: async (name) => {
      const bytes = await readFile(dataDir + name);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    },
  });
  /** Waits for a message after index `from` that passes `test`. */
  const waitFor = async (test: (m: WorkerMessage) => boolean, from = 0) => {
    for (;;) {
      const found = messages.slice(from).find(test);
      if (found) return found;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const send = (command: HandledCommand) => trainer.handle(command);
  return { messages, waitFor, send };
}

const noteOf = (m: WorkerMessage) => (m.type === 'backend' ? (m.note ?? '') : '');

describe('the kernel thread count chosen by the page', () => {
  it('moves a running kernel run between 2 threads and 1 without restarting it', async () => {
    const { messages, waitFor, send } = harness();
    const config = {
      ...PRESETS.natural,
      backend: 'kernel' as const,
      examples: 2000,
      iterations: 400,
    };
    void send({ type: 'start', runId: 1, config });
    await waitFor((m) => m.type === 'progress');
    const atOne = messages.length;
    void send({ type: 'kernelThreads', count: 1 });
    await waitFor((m) => /on 1 of 2 threads/.test(noteOf(m)), atOne);
    const afterOne = messages.length;
    await waitFor((m) => m.type === 'progress' || m.type === 'state', afterOne);
    void send({ type: 'kernelThreads', count: 2 });
    await waitFor((m) => /on 2 of 2 threads/.test(noteOf(m)), afterOne);
    await waitFor((m) => m.type === 'state' && m.state === 'done');
    const iterations = messages
      .filter((m) => m.type === 'progress')
      .flatMap((m) => (m as { points: IterationPoint[] }).points.map((p) => p.iteration));
    // One run, counted on: never back to the start.
    expect(iterations).toEqual([...iterations].sort((a, b) => a - b));
    expect(new Set(iterations).size).toBe(iterations.length);
    expect(messages.filter((m) => m.type === 'state' && m.state === 'running')).toHaveLength(1);
    void send({ type: 'stop', runId: 1 });
  });
});
