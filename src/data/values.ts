/** Helpers over a loaded data matrix: its value range, the [0, 1] check, its first columns. */
import type { DataMatrix } from '../core/types';
import { normalizeData } from './patches';
import type { DataWarning } from './types';

/** [min, max] of the values. */
export function valueRange(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return [min, max];
}

/** The parts of a data set the range check looks at and changes. */
export interface Ranged {
  label: string;
  matrix: DataMatrix;
  valueRange: [number, number];
}

/** Values outside [0, 1] → a warning, or (with `rescale`) the original program's normalisation. */
export function checkRange<T extends Ranged>(
  dataset: T,
  rescale: boolean,
): T & { warnings: DataWarning[]; rescaled: boolean } {
  const [min, max] = dataset.valueRange;
  const outside = min < 0 || max > 1;
  if (outside && rescale) {
    normalizeData(dataset.matrix.values);
    return {
      ...dataset,
      label: `${dataset.label}, rescaled from ${min.toPrecision(3)}…${max.toPrecision(3)} to [0.1, 0.9]`,
      valueRange: valueRange(dataset.matrix.values),
      warnings: [],
      rescaled: true,
    };
  }
  const warnings: DataWarning[] = outside
    ? [{ kind: 'outside-unit-range', range: [min, max] }]
    : [];
  return { ...dataset, warnings, rescaled: false };
}

/** The first `examples` columns of a visible × m matrix. */
export function firstColumns(matrix: DataMatrix, examples: number): DataMatrix {
  if (examples === matrix.exampleCount) return matrix;
  const { visibleSize, exampleCount } = matrix;
  const values =
    matrix.values instanceof Float64Array
      ? new Float64Array(visibleSize * examples)
      : new Float32Array(visibleSize * examples);
  for (let f = 0; f < visibleSize; f++)
    values.set(matrix.values.subarray(f * exampleCount, f * exampleCount + examples), f * examples);
  return { visibleSize, exampleCount: examples, values };
}
