/**
 * The original program's two configurations, as the benchmark runs them (shared by Node and the
 * page): the app's presets from the settings table, nothing restated here.
 */
import type { Hyperparameters, ModelShape } from '../../src/core/types';
import { PRESETS } from '../../src/engine/settings';
import type { BackendName } from '../../src/engine/backends';

export type ConfigName = 'natural' | 'mnist';
/**
 * The backends of src/engine/backends.ts the benchmark times, and variants of the kernel: on one
 * thread, without relaxed SIMD's fused multiply-add, and at the fixed tile it had before the
 * start-up autotune ("untuned", on all cores and on one thread).
 */
export type BenchBackend =
  | Exclude<BackendName, 'reference'>
  | 'kernel-1-thread'
  | 'kernel-no-fma'
  | 'kernel-untuned'
  | 'kernel-1-thread-untuned';

export interface BenchConfig {
  name: ConfigName;
  label: string;
  shape: ModelShape;
  hyper: Hyperparameters;
  examples: number;
  patchSize: number;
  seed: number;
}

/** A preset as the benchmark runs it: patchSize² visible units, the preset's ρ, β, λ and seed. */
function fromPreset(name: ConfigName, title: string): BenchConfig {
  const preset = PRESETS[name];
  const visibleSize = preset.patchSize * preset.patchSize;
  return {
    name,
    label: `${title}: ${visibleSize} × ${preset.examples.toLocaleString('en-US')}, ${preset.hiddenSize} hidden`,
    shape: { visibleSize, hiddenSize: preset.hiddenSize },
    hyper: { rho: preset.rho, beta: preset.beta, lambda: preset.lambda },
    examples: preset.examples,
    patchSize: preset.patchSize,
    seed: preset.seed,
  };
}

export const CONFIGS: Record<ConfigName, BenchConfig> = {
  natural: fromPreset('natural', 'natural'),
  mnist: fromPreset('mnist', 'MNIST'),
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
