/**
 * The original program's two configurations, as the benchmark runs them (shared by Node and the
 * page): the app's presets from the settings table, nothing restated here.
 */
import type { DataMatrix, Hyperparameters, ModelShape } from '../../src/core/types';
import { prepareDataset } from '../../src/data/dataset';
import { PRESETS } from '../../src/engine/settings';
import type { BackendName } from '../../src/engine/backends';

export type ConfigName = 'natural' | 'mnist' | 'selftaught';
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
  /** The built-in set the data comes from (its examples repeated when `examples` is more). */
  source: 'natural' | 'mnist';
}

/** A preset as the benchmark runs it: patchSize² visible units, the preset's ρ, β, λ and seed. */
function fromPreset(name: 'natural' | 'mnist', title: string): BenchConfig {
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
    source: name === 'natural' ? 'natural' : 'mnist',
  };
}

/**
 * UFLDL's self-taught learning shape: a 784–200 autoencoder on 29,404 digits, ρ 0.1, β 3,
 * λ 3·10⁻³. The built-in MNIST holds 10,000 digits: they are repeated to 29,404 columns, which
 * times an evaluation truly (the same work per column) but is no training set.
 */
const SELF_TAUGHT: BenchConfig = {
  name: 'selftaught',
  label: 'self-taught shape: 784 × 29,404 (MNIST digits repeated), 200 hidden',
  shape: { visibleSize: 784, hiddenSize: 200 },
  hyper: { rho: 0.1, beta: 3, lambda: 3e-3 },
  examples: 29_404,
  patchSize: 28,
  seed: PRESETS.mnist.seed,
  source: 'mnist',
};

export const CONFIGS: Record<ConfigName, BenchConfig> = {
  natural: fromPreset('natural', 'natural'),
  mnist: fromPreset('mnist', 'MNIST'),
  selftaught: SELF_TAUGHT,
};

/** The data matrix a configuration runs on, in Node and the page alike. */
export async function benchData(
  config: BenchConfig,
  readBuiltin: (file: string) => Promise<ArrayBuffer>,
): Promise<DataMatrix> {
  const available = config.source === 'mnist' ? 10_000 : config.examples;
  const { matrix } = await prepareDataset(
    { kind: 'builtin', name: config.source },
    {
      patchSize: config.patchSize,
      examples: Math.min(config.examples, available),
      seed: config.seed,
      readBuiltin,
    },
  );
  if (matrix.exampleCount >= config.examples) return matrix;
  const m = matrix.exampleCount;
  const n = config.examples;
  const values = new Float32Array(matrix.visibleSize * n);
  for (let r = 0; r < matrix.visibleSize; r++)
    for (let e = 0; e < n; e++) values[r * n + e] = matrix.values[r * m + (e % m)];
  return { visibleSize: matrix.visibleSize, exampleCount: n, values };
}

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
