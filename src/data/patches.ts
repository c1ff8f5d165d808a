/**
 * The original program's patch sampling (load_data) and its normalize_data, over our seeded PRNG.
 */
import type { Rng } from '../core/rng';
import type { DataMatrix } from '../core/types';
import { meanAndVariance } from './moments';
import type { ImageStack } from './types';

/**
 * Samples `count` patchSize×patchSize patches, as the original program does: first every position
 * (row, column), each uniform in [0, side − patchSize], then every image index; patch i is
 * column i of the result, flattened row-major: values[(r·patchSize + c)·count + i].
 */
export function samplePatches(
  stack: ImageStack,
  patchSize: number,
  count: number,
  rng: Rng,
): DataMatrix {
  const { width, height } = stack;
  if (patchSize > width || patchSize > height)
    throw new RangeError(
      `patch ${patchSize}×${patchSize} is larger than the ${width}×${height} images`,
    );
  const rows = new Int32Array(count);
  const columns = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    rows[i] = rng.int(height - patchSize + 1);
    columns[i] = rng.int(width - patchSize + 1);
  }
  const imageIndex = new Int32Array(count);
  for (let i = 0; i < count; i++) imageIndex[i] = rng.int(stack.count);
  const visibleSize = patchSize * patchSize;
  const values = new Float64Array(visibleSize * count);
  for (let i = 0; i < count; i++) {
    const base = imageIndex[i] * width * height;
    for (let r = 0; r < patchSize; r++)
      for (let c = 0; c < patchSize; c++)
        values[(r * patchSize + c) * count + i] =
          stack.pixels[base + (rows[i] + r) * width + columns[i] + c];
  }
  return { visibleSize, exampleCount: count, values };
}

/**
 * The original program's normalize_data, in place over every value: x ← x − mean; s = 3·std (population);
 * x ← clip(x, −s, s) / s; x ← (x + 1)·0.4 + 0.1, so values lie in [0.1, 0.9].
 */
export function normalizeData(values: Float64Array | Float32Array): void {
  const n = values.length;
  const { mean, variance } = meanAndVariance(values);
  const limit = 3 * Math.sqrt(variance);
  for (let i = 0; i < n; i++) {
    const centred = values[i] - mean;
    const clipped = limit > 0 ? Math.max(Math.min(centred, limit), -limit) / limit : 0;
    values[i] = (clipped + 1) * 0.4 + 0.1;
  }
}
