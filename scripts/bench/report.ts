/** The tables and static sections of bench/RESULTS.md (npm run bench). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { CONFIGS, type BenchBackend, type BenchOutcome, type ConfigName } from './configs';

export const BACKEND_LABEL: Record<BenchBackend, string> = {
  kernel: 'WASM SIMD kernel (this project), all cores',
  'kernel-1-thread': 'WASM SIMD kernel, 1 thread',
  'kernel-no-fma': 'WASM SIMD kernel without relaxed-SIMD FMA',
  'kernel-untuned': 'WASM SIMD kernel at its former fixed tile, all cores',
  'kernel-1-thread-untuned': 'WASM SIMD kernel at its former fixed tile, 1 thread',
  'tfjs-wasm': 'tfjs WASM',
  'tfjs-webgl': 'tfjs WebGL (SwiftShader)',
  'tfjs-cpu': 'tfjs CPU',
};

export interface NumpyOutcome {
  evaluationMs: number[];
  initialCost: number;
  lbfgs: { iterations: number; evaluations: number; seconds: number; cost: number } | null;
  numpy: string;
  threads: number;
  note?: string;
}

export const min = (values: number[]) => Math.min(...values);
export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const fmtMs = (ms: number) =>
  ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
export const fmtS = (s: number) =>
  s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s.toFixed(2);

/** Seconds to 400 iterations: measured, or scaled from the iterations run. */
export function to400(lbfgs: NonNullable<BenchOutcome['lbfgs']>): {
  seconds: number;
  measured: boolean;
} {
  const measured = lbfgs.iterations >= 400;
  return {
    seconds: measured ? lbfgs.seconds : (lbfgs.seconds / Math.max(1, lbfgs.iterations)) * 400,
    measured,
  };
}

export interface ConfigResult {
  name: ConfigName;
  numpy: NumpyOutcome;
  outcomes: BenchOutcome[];
  checksumNode: number;
}

export function tableFor(result: ConfigResult): string {
  const numpyEval = min(result.numpy.evaluationMs);
  const numpy400 = result.numpy.lbfgs ? to400(result.numpy.lbfgs) : null;
  const rows = [
    '| backend | ms / evaluation (min · median) | × NumPy | 400 L-BFGS iterations | × NumPy | final cost (iterations, evaluations) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const numpyLbfgs = result.numpy.lbfgs;
  rows.push(
    `| original NumPy program (float64, ${result.numpy.numpy}) | ${fmtMs(numpyEval)} · ${fmtMs(median(result.numpy.evaluationMs))} | 1 | ` +
      `${numpy400 ? `${fmtS(numpy400.seconds)} s${numpy400.measured ? '' : ' (scaled)'}` : '—'} | 1 | ` +
      `${numpyLbfgs ? `${numpyLbfgs.cost.toFixed(4)} (${numpyLbfgs.iterations}, ${numpyLbfgs.evaluations})` : '—'} |`,
  );
  for (const outcome of result.outcomes) {
    const label = BACKEND_LABEL[outcome.job.backend];
    if (outcome.error) {
      rows.push(`| ${label} | failed: ${outcome.error.replace(/\|/g, '/')} | | | | |`);
      continue;
    }
    const evalMs = min(outcome.evaluationMs);
    const l = outcome.lbfgs
      ? to400(outcome.lbfgs)
      : { seconds: (evalMs / 1000) * 1.03 * 400, measured: false };
    const lbfgsCell = outcome.lbfgs
      ? `${fmtS(l.seconds)} s${l.measured ? '' : ` (scaled from ${outcome.lbfgs.iterations})`}`
      : `≈ ${fmtS(l.seconds)} s (412 × ms/eval)`;
    rows.push(
      `| ${label} (${outcome.variant}) | ${fmtMs(evalMs)} · ${fmtMs(median(outcome.evaluationMs))} | ` +
        `${(evalMs / numpyEval).toFixed(2)} | ${lbfgsCell} | ` +
        `${numpy400 ? (l.seconds / numpy400.seconds).toFixed(2) : '—'} | ` +
        `${outcome.lbfgs ? `${outcome.lbfgs.cost.toFixed(4)} (${outcome.lbfgs.iterations}, ${outcome.lbfgs.evaluations})` : '—'} |`,
    );
  }
  return rows.join('\n');
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const version = execFileSync('/usr/bin/chromium', ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  return `${cpus().length} cores (${cpu}), no GPU; ${version}; Node ${process.version}`;
}

export function wholeEvaluations(
  results: ConfigResult[],
): { label: string; milliseconds: number }[] {
  const mnist = results.find((r) => r.name === 'mnist');
  return (mnist?.outcomes ?? [])
    .filter((o) => o.job.backend === 'kernel-1-thread' && !o.error)
    .map((o) => ({
      label: `kernel on 1 thread (${o.variant})`,
      milliseconds: min(o.evaluationMs),
    }));
}

/** What the rows named "WASM SIMD kernel" are (static text). */
export const ABOUT_THE_KERNEL = [
  '## The WASM SIMD kernel',
  '',
  'src/engine/kernel/*.as (AssemblyScript → WebAssembly SIMD, built by scripts/build-kernel.ts):',
  'one call computes a2 = σ(W1x + b1) and ρ̂, a second the output layer, δ3, δ2 and all gradient sums,',
  'in float32 over tiles of examples that stay in cache (each tile of x and a2 copied contiguous',
  'first), with 4×8 register-blocked products over rows contiguous along the examples and a',
  'vectorised exp. Threads share the data through SharedArrayBuffer and take the tiles of a pass',
  'from a shared counter as each finishes one, and a pass ends when its tiles are done (a helper',
  'the system has not scheduled yet costs it nothing); relaxed SIMD’s fused multiply-add is used',
  'when the engine has it.',
  'The per-unit terms (KL, weight decay, 1/m, λW) are float64. tfjs rows are the project’s tfjs cost',
  '(src/core/cost-tf.ts) on each tfjs backend as it is.',
  '',
];

/** FLOPs and bytes per evaluation, and what a real GPU would take for them. */
export function gpuEstimate(results: ConfigResult[]): string[] {
  const lines = ['## Estimate: WebGL on a real GPU', ''];
  lines.push(
    'Per evaluation the five matrix products cost 10·v·h·m FLOPs; the elementwise work is small beside',
    'them. tfjs WebGL keeps X on the GPU; each evaluation uploads θ and reads back the gradient, and',
    'its kernels stream the v×m and h×m intermediates (≈ 12 float32 passes over each) through memory.',
    'Assumed: a laptop-class GPU, 5 TFLOP/s and 200 GB/s at 40% efficiency, plus ≈ 0.5 ms per',
    'evaluation for the θ upload, the gradient read-back and the sync.',
    '',
    '| configuration | FLOPs / eval | bytes moved / eval | GPU estimate / eval | NumPy here | our WASM kernel here |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const config of Object.values(CONFIGS)) {
    const { visibleSize: v, hiddenSize: h } = config.shape;
    const m = config.examples;
    const flops = 10 * v * h * m;
    const bytes = 4 * (12 * v * m + 12 * h * m) + 2 * 4 * (2 * v * h + v + h);
    const seconds = flops / (5e12 * 0.4) + bytes / (200e9 * 0.4) + 0.5e-3;
    const result = results.find((r) => r.name === config.name);
    const numpy = result ? min(result.numpy.evaluationMs) : NaN;
    const fast = result?.outcomes.find((o) => o.job.backend === 'kernel' && !o.error);
    const ours = fast ? min(fast.evaluationMs) : NaN;
    const gpuMs = seconds * 1000;
    lines.push(
      `| ${config.label} | ${(flops / 1e9).toFixed(2)} G | ${(bytes / 1e6).toFixed(0)} MB | ≈ ${gpuMs.toFixed(1)} ms | ` +
        `${result ? `${fmtMs(numpy)} ms (GPU ≈ ${(numpy / gpuMs).toFixed(0)}× faster)` : '—'} | ` +
        `${fast ? `${fmtMs(ours)} ms (GPU ≈ ${(ours / gpuMs).toFixed(0)}× faster)` : '—'} |`,
    );
  }
  lines.push(
    '',
    'The natural configuration is too small to keep a GPU busy: its floor is the per-evaluation',
    'round trip, so a GPU gains a few times over the WASM kernel at most. MNIST is compute-bound and',
    'is where a real GPU leaves both NumPy and the CPU kernel far behind.',
    '',
  );
  return lines;
}

export const SELF_TAUGHT_HEADING = '## Self-taught learning';

/** A section of the last results file (its heading to the next one), as it was written. */
export function keptSection(file: string, heading: string, flag: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0)
    throw new Error(`${file} has no section "${heading}…" to keep: run without ${flag}`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start, end < 0 ? lines.length : end);
}
