/**
 * The worker's inspector on a real run (Node, the kernel): it sends inspections while training
 * (at most one a second), one of the final weights when the run ends, and its figures equal
 * `cli inspect`'s (src/cli/inspect.ts reportOf) on the same weights and data.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reportOf } from '../../src/cli/inspect';
import { prepareDataset } from '../../src/data/dataset';
import { PRESETS } from '../../src/engine/settings';
import type { WorkerMessage } from '../../src/worker/protocol';
import { createTrainer } from '../../src/worker/trainer';

const dataDir = fileURLToPath(new URL('../../public/data/', import.meta.url));
const readBuiltin = async (name: string) => {
  const bytes = await readFile(dataDir + name);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};

describe('the worker’s inspector', () => {
  it('inspects while training and at the end, as the CLI does', { timeout: 120_000 }, async () => {
    const messages: WorkerMessage[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const trainer = createTrainer({
      post: (m) => {
        messages.push(m);
        if (m.type === 'state' && m.state === 'done') done();
      },
      readBuiltin,
    });
    const config = { ...PRESETS.natural, backend: 'kernel' as const, iterations: 150 };
    trainer.handle({ type: 'start', runId: 1, config });
    trainer.handle({ type: 'inspect', runId: 1, unit: 3, threshold: 0.5, watching: true });
    await finished;
    await trainer.idle();
    await expect
      .poll(() => messages.filter((m) => m.type === 'inspection').at(-1)?.iteration)
      .toBe(150);
    const inspections = messages.flatMap((m) => (m.type === 'inspection' ? [m] : []));
    const during = inspections.filter((m) => m.iteration > 0 && m.iteration < 150);
    const seconds =
      (
        messages.findLast((m) => m.type === 'progress') as Extract<
          WorkerMessage,
          { type: 'progress' }
        >
      ).points.at(-1)!.elapsedMs / 1000;
    console.log(`${during.length} inspections while training for ${seconds.toFixed(1)} s`);
    if (seconds > 3) expect(during.length).toBeGreaterThanOrEqual(1);
    expect(during.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);

    const last = inspections.at(-1)!;
    const exported = new Promise<WorkerMessage>((resolve) => {
      const seen = messages.length;
      const poll = () =>
        messages.length > seen ? resolve(messages.at(-1)!) : setTimeout(poll, 10);
      poll();
    });
    trainer.handle({ type: 'exportWeights', requestId: 9 });
    const weights = await exported;
    if (weights.type !== 'weights') throw new Error(`expected weights, got ${weights.type}`);
    const dataset = await prepareDataset(
      { kind: 'builtin', name: 'natural' },
      { ...config, readBuiltin },
    );
    const report = await reportOf(dataset.matrix, 25, weights.weights.theta, 0.5, 16);
    expect(last.health.nmse).toBeCloseTo(report.nmse, 5);
    expect(last.health.meanL0).toBeCloseTo(report.meanL0, 6);
    expect(last.health.deadUnits).toBe(report.deadUnits);
    expect(last.unit!.top).toEqual(report.units[3].top);
    expect(last.unit!.histogram).toEqual(report.units[3].histogram);
    expect(last.unit!.correlated.map(([u]) => u)).toEqual(
      report.units[3].correlated.map(([u]) => u),
    );
  });
});
