/** What `train` prints: JSON lines for scripts, or a readable table every 10 iterations. */

import type { IterationPoint } from '../engine/types';

/** The fields of an iteration the command line prints. */
export type ProgressPoint = Omit<IterationPoint, 'gradientNorm' | 'rho' | 'beta' | 'lambda'>;

/** {"iteration","cost","reconstruction","decay","sparsity","evaluations","elapsedMs"}. */
export function jsonLine(
  point: ProgressPoint,
  done?: { stop: string } & Record<string, number | string>,
): string {
  const fields = {
    iteration: point.iteration,
    cost: point.cost,
    reconstruction: point.reconstruction,
    decay: point.decay,
    sparsity: point.sparsity,
    evaluations: point.evaluations,
    elapsedMs: Math.round(point.elapsedMs * 1000) / 1000,
  };
  return JSON.stringify(done ? { done: true, ...fields, ...done } : fields);
}

const COLUMNS = [
  'iteration',
  'cost',
  'reconstruction',
  'weight decay',
  'sparsity',
  'evals',
  'time',
];
const WIDTHS = [9, 13, 15, 13, 13, 7, 9];

export function tableHeader(): string {
  return COLUMNS.map((name, i) => name.padStart(WIDTHS[i])).join(' ');
}

export function tableRow(point: ProgressPoint): string {
  const cells = [
    String(point.iteration),
    point.cost.toPrecision(7),
    point.reconstruction.toPrecision(7),
    point.decay.toPrecision(7),
    point.sparsity.toPrecision(7),
    String(point.evaluations),
    `${(point.elapsedMs / 1000).toFixed(1)} s`,
  ];
  return cells.map((cell, i) => cell.padStart(WIDTHS[i])).join(' ');
}

/** Rows at iteration 0, every 10th, and the last. */
export function showsInTable(iteration: number): boolean {
  return iteration % 10 === 0;
}

export function summary(point: ProgressPoint, stop: string, lines: string[]): string {
  return [
    '',
    `Stopped after ${point.iteration} iterations (${stop}), ${point.evaluations} evaluations, ${(point.elapsedMs / 1000).toFixed(1)} s.`,
    `Final cost ${point.cost.toPrecision(8)} = reconstruction ${point.reconstruction.toPrecision(6)} + weight decay ${point.decay.toPrecision(6)} + sparsity ${point.sparsity.toPrecision(6)}.`,
    ...lines,
  ].join('\n');
}
