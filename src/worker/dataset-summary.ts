/** What the worker tells the page about the data it loaded: its size and a few examples. */
import type { Dataset } from '../data/dataset';
import { pickVariedExamples } from '../engine/snapshot';
import type { DatasetSummary } from './protocol';

const SUMMARY_SAMPLES = 8;

/** The summary, with `SUMMARY_SAMPLES` examples one after the other (example-major). */
export function summarize(dataset: Dataset): DatasetSummary {
  const { matrix } = dataset;
  const picked = pickVariedExamples(matrix, SUMMARY_SAMPLES);
  const k = picked.exampleCount;
  const samples = new Float32Array(matrix.visibleSize * k);
  for (let f = 0; f < matrix.visibleSize; f++)
    for (let e = 0; e < k; e++) samples[e * matrix.visibleSize + f] = picked.values[f * k + e];
  return {
    label: dataset.label,
    examples: matrix.exampleCount,
    visibleSize: matrix.visibleSize,
    exampleSide: dataset.exampleSide,
    kind: dataset.kind,
    valueRange: dataset.valueRange,
    samples,
    sampleCount: k,
    warnings: dataset.warnings,
    rescaled: dataset.rescaled,
    variables: dataset.variables,
    variable: dataset.variable,
  };
}
