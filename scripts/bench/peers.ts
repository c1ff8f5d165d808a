/**
 * Peers side by side with the page in one bench run: PyTorch on the CPU in float32 (when
 * `python3 -c 'import torch'` works; Debian's python3-torch installs it, and libopenblas0-pthread
 * gives it an optimized BLAS) and this project's CLI (the same kernel in Node), on the same data
 * matrix and θ0 as NumPy; and the section of RESULTS.md that puts them beside NumPy and the page.
 */
import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CONFIGS, type BenchOutcome, type ConfigName } from './configs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface PeerOutcome {
  label: string;
  /** Best ms per evaluation at θ0 (or between iterations, for the CLI). */
  evaluationMs: number | null;
  /** Seconds to 400 iterations, measured or scaled from `iterations`. */
  seconds400: number | null;
  iterations: number;
  /** Why there is no figure. */
  skipped?: string;
}

/** The Python that imports torch: python3, else Debian's /usr/bin/python3; null when neither. */
export async function torchPython(): Promise<string | null> {
  for (const python of ['python3', '/usr/bin/python3'])
    try {
      await run(python, ['-c', 'import torch']);
      return python;
    } catch {
      // try the next
    }
  return null;
}

export const TORCH_MISSING =
  "PyTorch: skipped — `python3 -c 'import torch'` fails here (apt-get install -y python3-torch libopenblas0-pthread installs it with an optimized BLAS)";

interface TorchOut {
  evaluationMs: number[];
  lbfgs: { iterations: number; seconds: number } | null;
  torch: string;
  /** The BLAS library the process loaded (Debian's torch calls the system's libblas.so.3). */
  blas: string | null;
}

async function torchOnce(
  python: string,
  name: ConfigName,
  dir: string,
  evaluations: number,
  iterations: number,
  threads: number,
): Promise<TorchOut> {
  const config = CONFIGS[name];
  const { stdout } = await run(
    python,
    [
      join(root, 'scripts/bench_torch.py'),
      ...['--data', join(dir, `${name}-X.npy`), '--theta0', join(dir, `${name}-theta0.npy`)],
      ...['--rho', String(config.hyper.rho), '--beta', String(config.hyper.beta)],
      ...['--lambda', String(config.hyper.lambda), '--hidden', String(config.shape.hiddenSize)],
      ...['--evaluations', String(evaluations), '--iterations', String(iterations)],
      ...['--threads', String(threads)],
    ],
    {
      maxBuffer: 1 << 24,
      // OpenBLAS keeps its own threads: held to the same count as torch's.
      env: {
        ...process.env,
        OPENBLAS_NUM_THREADS: String(threads),
        OMP_NUM_THREADS: String(threads),
      },
    },
  );
  return JSON.parse(stdout) as TorchOut;
}

const blasNote = (blas: string | null) =>
  blas === 'reference BLAS'
    ? 'the reference BLAS, unoptimized: apt-get install libopenblas0-pthread gives it OpenBLAS'
    : (blas ?? 'BLAS not known');

/**
 * PyTorch at its best here, as NumPy is run: on all cores and on one (on a busy machine OpenMP's
 * threads can lose more than they gain); the faster also runs the L-BFGS iterations.
 */
export async function runTorch(
  python: string,
  name: ConfigName,
  dir: string,
  evaluations: number,
  iterations: number,
): Promise<PeerOutcome> {
  const cores = cpus().length;
  try {
    const all = await torchOnce(python, name, dir, evaluations, 0, cores);
    const one = await torchOnce(python, name, dir, evaluations, 0, 1);
    const threads = Math.min(...one.evaluationMs) < Math.min(...all.evaluationMs) ? 1 : cores;
    const timed = await torchOnce(python, name, dir, evaluations, iterations, threads);
    const l = timed.lbfgs;
    const best = (o: TorchOut) => Math.min(...o.evaluationMs).toFixed(0);
    return {
      label:
        `PyTorch CPU float32, ${threads} thread${threads > 1 ? 's' : ''} (torch ${timed.torch}, ${blasNote(timed.blas)}; ` +
        `${cores} threads ${best(all)} ms, 1 thread ${best(one)} ms; L-BFGS: torch.optim.LBFGS, strong Wolfe)`,
      evaluationMs: Math.min(...timed.evaluationMs, ...all.evaluationMs, ...one.evaluationMs),
      seconds400: l ? (l.seconds / Math.max(1, l.iterations)) * 400 : null,
      iterations: l?.iterations ?? 0,
    };
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      label: 'PyTorch CPU float32',
      evaluationMs: null,
      seconds400: null,
      iterations: 0,
      skipped: text,
    };
  }
}

/** `npm run cli -- train` on the same .npy data and θ0, its JSON lines read back. */
export async function runCli(
  name: ConfigName,
  dir: string,
  iterations: number,
): Promise<PeerOutcome> {
  const config = CONFIGS[name];
  const label = 'our CLI (the kernel in Node: no relaxed SIMD, all cores)';
  try {
    const { stdout } = await run(
      'npx',
      [
        ...['tsx', join(root, 'src/cli/main.ts'), 'train'],
        ...['--data', join(dir, `${name}-X.npy`), '--init', join(dir, `${name}-theta0.npy`)],
        ...['--rho', String(config.hyper.rho), '--beta', String(config.hyper.beta)],
        ...['--lambda', String(config.hyper.lambda), '--hidden', String(config.shape.hiddenSize)],
        ...['--iterations', String(iterations), '--jsonl'],
      ],
      { maxBuffer: 1 << 26 },
    );
    const points = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) => JSON.parse(line) as { iteration: number; evaluations: number; elapsedMs: number },
      )
      .filter((p) => p.iteration > 0);
    const first = points[0];
    const last = points[points.length - 1];
    const perEvaluation =
      last.evaluations > first.evaluations
        ? (last.elapsedMs - first.elapsedMs) / (last.evaluations - first.evaluations)
        : last.elapsedMs / Math.max(1, last.evaluations);
    return {
      label,
      evaluationMs: perEvaluation,
      seconds400: (last.elapsedMs / 1000 / last.iteration) * 400,
      iterations: last.iteration,
    };
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { label, evaluationMs: null, seconds400: null, iterations: 0, skipped: text };
  }
}

export interface PeerRow {
  name: ConfigName;
  numpy: { evaluationMs: number; seconds400: number | null; label: string };
  page: BenchOutcome[];
  peers: PeerOutcome[];
}

const ms = (v: number | null) => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const ratio = (v: number | null, base: number | null) =>
  v === null || base === null ? '—' : (v / base).toFixed(2);

/** One table per configuration: NumPy, PyTorch, the page's kernel rows and the CLI. */
export function peersSection(rows: PeerRow[], torchNote: string | null): string[] {
  const lines = ['## Peers side by side', ''];
  if (torchNote) lines.push(torchNote + '.', '');
  for (const row of rows) {
    const base = row.numpy;
    lines.push(
      `### ${CONFIGS[row.name].label}`,
      '',
      '| program | ms / evaluation | × NumPy | 400 iterations | × NumPy |',
      '| --- | --- | --- | --- | --- |',
      `| ${base.label} | ${ms(base.evaluationMs)} | 1 | ${base.seconds400 === null ? '—' : `${base.seconds400.toFixed(1)} s`} | ${base.seconds400 === null ? '—' : 1} |`,
    );
    const all: PeerOutcome[] = [
      ...row.page
        .filter(
          (o) => !o.error && (o.job.backend === 'kernel' || o.job.backend === 'kernel-1-thread'),
        )
        .map((o) => ({
          label: `our page: the kernel (${o.variant})`,
          evaluationMs: Math.min(...o.evaluationMs),
          seconds400: o.lbfgs ? (o.lbfgs.seconds / Math.max(1, o.lbfgs.iterations)) * 400 : null,
          iterations: o.lbfgs?.iterations ?? 0,
        })),
      ...row.peers,
    ];
    for (const peer of all) {
      if (peer.skipped) {
        lines.push(`| ${peer.label} | failed: ${peer.skipped.replace(/\|/g, '/')} | | | |`);
        continue;
      }
      const scaled =
        peer.iterations && peer.iterations < 400 ? ` (scaled from ${peer.iterations})` : '';
      lines.push(
        `| ${peer.label} | ${ms(peer.evaluationMs)} | ${ratio(peer.evaluationMs, base.evaluationMs)} | ` +
          `${peer.seconds400 === null ? '—' : `${peer.seconds400.toFixed(1)} s${scaled}`} | ${ratio(peer.seconds400, base.seconds400)} |`,
      );
    }
    lines.push('');
  }
  return lines;
}
