import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { prepareDataset } from '../../src/data/dataset';
import { normalizeData, samplePatches } from '../../src/data/patches';
import { expectClose, expected, fixture, readBuiltin } from './data-fixtures';

interface PatchCase {
  file: string;
  patchSize: number;
  examples: number;
  seed: number;
  values: number[];
}

describe('patches as the original program samples and normalizes them (NumPy port over the same PRNG)', () => {
  for (const c of expected.patches as PatchCase[])
    it(`${c.examples} patches of ${c.patchSize}×${c.patchSize} from ${c.file}, seed ${c.seed}`, async () => {
      const dataset = await prepareDataset(
        { kind: 'files', files: [{ name: c.file, bytes: fixture(c.file) }] },
        { patchSize: c.patchSize, examples: c.examples, seed: c.seed, readBuiltin },
      );
      expect(dataset.kind).toBe('patches');
      expect(dataset.exampleSide).toBe(c.patchSize);
      expect([dataset.matrix.visibleSize, dataset.matrix.exampleCount]).toEqual([
        c.patchSize ** 2,
        c.examples,
      ]);
      expectClose(dataset.matrix.values, c.values, 1e-12);
      expect(dataset.valueRange[0]).toBeGreaterThanOrEqual(0.1 - 1e-12);
      expect(dataset.valueRange[1]).toBeLessThanOrEqual(0.9 + 1e-12);
    });

  it('flattens each patch row by row (r·side + c) and draws positions inside the image', () => {
    const width = 5;
    const height = 4;
    const pixels = Float32Array.from({ length: width * height * 2 }, (_, i) => i); // value = its index
    const matrix = samplePatches({ width, height, count: 2, pixels }, 2, 50, createRng(3));
    for (let i = 0; i < 50; i++) {
      const topLeft = matrix.values[i];
      const at = (feature: number) => matrix.values[feature * 50 + i];
      expect([at(1) - topLeft, at(2) - topLeft, at(3) - topLeft]).toEqual([1, width, width + 1]);
      const column = topLeft % width;
      const row = Math.floor(topLeft / width) % height;
      expect(column).toBeLessThanOrEqual(width - 2);
      expect(row).toBeLessThanOrEqual(height - 2);
    }
  });

  it('normalize_data maps to [0.1, 0.9] with ±3σ clipping', () => {
    const values = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 100]);
    normalizeData(values);
    // mean 10, σ = 30, 3σ = 90: 100 − 10 = 90 → 0.9 exactly; 0 − 10 → (−1/9 + 1)·0.4 + 0.1.
    expect(values[9]).toBeCloseTo(0.9, 14);
    expect(values[0]).toBeCloseTo((1 - 1 / 9) * 0.4 + 0.1, 14);
  });
});
