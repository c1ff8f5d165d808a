/**
 * Data far outside [0, 1] (float32 values near 1e30, written by numpy.save): when a run on it goes
 * non-finite, the fault names the data's range and rescaling, not ρ, β or λ; rescaled, it trains.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createReferenceCostModel } from '../../src/core/reference-model';
import { prepareDataset } from '../../src/data/dataset';
import { createSession } from '../../src/engine/session';
import { readBuiltin } from './data-fixtures';

const file = fileURLToPath(new URL('../fixtures/limits/float32-1e30.npy', import.meta.url));

async function run(rescale: boolean): Promise<{ faults: string[]; iterations: number }> {
  const bytes = readFileSync(file);
  const dataset = await prepareDataset(
    {
      kind: 'files',
      files: [
        { name: 'float32-1e30.npy', bytes: bytes.buffer.slice(bytes.byteOffset) as ArrayBuffer },
      ],
    },
    { patchSize: 4, examples: 50, seed: 1, readBuiltin, rescale },
  );
  const faults: string[] = [];
  let iterations = 0;
  const session = createSession(
    {
      data: dataset.matrix,
      hiddenSize: 4,
      hyperparameters: { rho: 0.01, beta: 3, lambda: 1e-4, learningRate: 0.01 },
      optimizer: 'lbfgs',
      iterations: 5,
      seed: 1234,
      createCostModel: createReferenceCostModel,
      snapshotIntervalMs: Infinity,
      checkpointIntervalMs: Infinity,
    },
    { onIteration: (point) => (iterations = point.iteration), onFault: (m) => faults.push(m) },
  );
  session.start();
  await session.settled();
  session.dispose();
  return { faults, iterations };
}

describe('a run on data outside [0, 1]', () => {
  it('faults naming the data range and rescaling, not ρ, β or λ', async () => {
    const { faults } = await run(false);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatch(/the data runs from .* to \d\.\d+e\+\d+, outside \[0, 1\]/);
    expect(faults[0]).toMatch(/Rescale the data to \[0\.1, 0\.9\]/);
    expect(faults[0]).not.toMatch(/raise λ|lower β|raise ρ/);
  });

  it('trains once rescaled', async () => {
    const { faults, iterations } = await run(true);
    expect(faults).toEqual([]);
    expect(iterations).toBe(5);
  });
});
