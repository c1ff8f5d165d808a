/** The original program's two configurations, as the benchmark runs them (shared by Node and the page). */
import type { Hyperparameters, ModelShape } from '../../src/core/types';
import type { BackendName } from '../../src/engine/backends';

export type ConfigName = 'natural' | 'mnist';
/**
 * The backends of src/engine/backends.ts the benchmark times, and two variants of the kernel:
 * on one thread, and without relaxed SIMD's fused multiply-add.
 */
export type BenchBackend = Exclude<BackendName, 'reference'> | 'kernel-1-thread' | 'kernel-no-fma';

export interface BenchConfig {
  name: ConfigName;
  label: string;
  shape: ModelShape;
  hyper: Hyperparameters;
  examples: number;
  patchSize: number;
  seed: number;
}

export const CONFIGS: Record<ConfigName, BenchConfig> = {
  natural: {
    name: 'natural',
    label: 'natural: 64 × 10,000, 25 hidden',
    shape: { visibleSize: 64, hiddenSize: 25 },
    hyper: { rho: 0.01, beta: 3, lambda: 1e-4 },
    examples: 10000,
    patchSize: 8,
    seed: 1234,
  },
  mnist: {
    name: 'mnist',
    label: 'MNIST: 784 × 10,000, 196 hidden',
    shape: { visibleSize: 784, hiddenSize: 196 },
    hyper: { rho: 0.1, beta: 3, lambda: 3e-3 },
    examples: 10000,
    patchSize: 28,
    seed: 1234,
  },
};

/** What one backend is asked to do on one configuration. */
export interface BenchJob {
  config: ConfigName;
  backend: BenchBackend;
  /** Timed evaluations at θ0 after one warm-up (the minimum is reported). */
  evaluations: number;
  /** L-BFGS iterations to run (400, or fewer and scaled). */
  iterations: number;
}

export interface BenchOutcome {
  job: BenchJob;
  /** How the backend described itself (tfjs backend name, or the kernel's variant). */
  variant: string;
  checksum: number;
  evaluationMs: number[];
  initialCost: number;
  lbfgs: { iterations: number; evaluations: number; seconds: number; cost: number } | null;
  error?: string;
}

/** Σ values·(1 + i mod 7): the same matrix in Node and the page gives the same number. */
export function checksum(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * (1 + (i % 7));
  return sum;
}
