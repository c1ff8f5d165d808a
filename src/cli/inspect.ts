/**
 * `inspect`: the unit inspector's and the sparsity-health figures of trained weights on a data
 * matrix, from the kernel's forward pass (src/engine/forward.ts) and the definitions of
 * src/core/inspect.ts; and the health figures `train --jsonl` adds to its final line.
 */
import {
  healthFigures,
  inspectReport,
  totalVariance,
  unitRates,
  type Health,
  type InspectReport,
} from '../core/inspect';
import type { DataMatrix } from '../core/types';
import type { Weights } from '../data/weights';
import { createForward } from '../engine/forward';
import { UsageError } from './args';
import { loadTrainingData } from './data';
import type { InspectOptions } from './inspect-args';

/** The report of `theta` on `data`: a2 and Σ‖x − x̂‖² from the forward pass, then the figures. */
export async function reportOf(
  data: DataMatrix,
  hiddenSize: number,
  theta: Float64Array,
  threshold: number,
  top: number,
): Promise<InspectReport> {
  const forward = await createForward(data, { visibleSize: data.visibleSize, hiddenSize });
  const { hidden, squaredError } = forward.run(theta, { output: true });
  forward.dispose();
  const a2 = { hiddenSize, exampleCount: data.exampleCount, values: hidden };
  const variance = totalVariance(data.values, data.visibleSize, data.exampleCount);
  return inspectReport(a2, squaredError, variance, threshold, top);
}

/** nmse, explainedVariance, meanL0 and deadUnits for the final line of `train --jsonl`. */
export async function finalHealth(
  data: DataMatrix,
  hiddenSize: number,
  theta: Float64Array,
  threshold: number,
): Promise<Pick<Health, 'nmse' | 'explainedVariance' | 'meanL0' | 'deadUnits'>> {
  const forward = await createForward(data, { visibleSize: data.visibleSize, hiddenSize });
  const { hidden, squaredError } = forward.run(theta, { output: true });
  forward.dispose();
  const rates = unitRates(
    { hiddenSize, exampleCount: data.exampleCount, values: hidden },
    threshold,
  );
  const variance = totalVariance(data.values, data.visibleSize, data.exampleCount);
  const { nmse, explainedVariance, meanL0, deadUnits } = healthFigures(
    rates,
    squaredError,
    variance,
    data.exampleCount,
    threshold,
  );
  return { nmse, explainedVariance, meanL0, deadUnits };
}

/** The readable table: the health figures, then one row per unit. */
export function inspectTable(report: InspectReport, label: string): string[] {
  const lines = [
    `${label}: ${report.examples} examples, τ ${report.threshold}`,
    `NMSE ${report.nmse.toPrecision(5)}, explained variance ${report.explainedVariance.toPrecision(5)}, mean L0 ${report.meanL0.toFixed(2)}, ${report.deadUnits} dead, ${report.denseUnits} dense`,
    ['unit', 'ρ̂'.padStart(8), 'firing rate', 'top examples'.padEnd(30), 'most correlated (r)'].join(
      '  ',
    ),
  ];
  for (const unit of report.units) {
    const state = unit.firingRate === 0 ? ' dead' : unit.firingRate > 0.5 ? ' dense' : '';
    lines.push(
      [
        String(unit.unit).padStart(4),
        unit.meanActivation.toFixed(5).padStart(8),
        (unit.firingRate.toFixed(5) + state).padStart(11),
        unit.top.slice(0, 5).join(' ').padEnd(30),
        unit.correlated.map(([i, r]) => `${i} (${r.toFixed(2)})`).join(', '),
      ].join('  '),
    );
  }
  return lines;
}

/** Runs `inspect`; bad input throws UsageError (one stderr line naming the file or flag, exit 2). */
export async function inspect(
  options: InspectOptions,
  readWeights: (path: string, visibleSize: number) => Promise<Weights>,
  print: (line: string) => void,
): Promise<void> {
  const { matrix, label } = await loadTrainingData({
    path: options.data,
    patchSize: options.patchSize,
    examples: options.examples,
    seed: options.seed,
    variable: options.variable,
    rescale: options.rescale,
  });
  const weights = await readWeights(options.init, matrix.visibleSize);
  if (options.hiddenSize !== undefined && options.hiddenSize !== weights.hiddenSize)
    throw new UsageError(
      `--hidden ${options.hiddenSize} disagrees with --init ${options.init} (${weights.hiddenSize} hidden units)`,
    );
  if (options.top > matrix.exampleCount)
    throw new UsageError(`--top ${options.top}: the data has only ${matrix.exampleCount} examples`);
  const report = await reportOf(
    matrix,
    weights.hiddenSize,
    weights.theta,
    options.threshold,
    options.top,
  );
  if (options.jsonl) print(JSON.stringify(report));
  else for (const line of inspectTable(report, label)) print(line);
}
