/** Loads tests/fixtures/core (written by scripts/make_fixtures.py from the NumPy port of the original program). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataMatrix, Hyperparameters, ModelShape } from '../../src/core/types';

export const fixtureDir = fileURLToPath(new URL('../fixtures/core/', import.meta.url));

export interface CostCase {
  name: string;
  shape: ModelShape;
  hyper: Hyperparameters;
  data: DataMatrix;
  theta: Float64Array;
  cost: number;
  reconstruction: number;
  decay: number;
  sparsity: number;
  gradient: Float64Array;
  meanActivation: Float64Array;
}

interface RawCase {
  name: string;
  visibleSize: number;
  hiddenSize: number;
  exampleCount: number;
  rho: number;
  beta: number;
  lambda: number;
  data: number[];
  theta: number[];
  cost: number;
  reconstruction: number;
  decay: number;
  sparsity: number;
  gradient: number[];
  meanActivation: number[];
}

export function loadCostCases(): CostCase[] {
  const raw = JSON.parse(readFileSync(fixtureDir + 'cost-cases.json', 'utf8')) as RawCase[];
  return raw.map((c) => ({
    name: c.name,
    shape: { visibleSize: c.visibleSize, hiddenSize: c.hiddenSize },
    hyper: { rho: c.rho, beta: c.beta, lambda: c.lambda },
    data: {
      visibleSize: c.visibleSize,
      exampleCount: c.exampleCount,
      values: Float64Array.from(c.data),
    },
    theta: Float64Array.from(c.theta),
    cost: c.cost,
    reconstruction: c.reconstruction,
    decay: c.decay,
    sparsity: c.sparsity,
    gradient: Float64Array.from(c.gradient),
    meanActivation: Float64Array.from(c.meanActivation),
  }));
}

/** max_i |a_i − b_i| / max_i |b_i|. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return difference / scale;
}

/** |a − b| / |b|. */
export function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}
