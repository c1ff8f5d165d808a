/**
 * npm run bench: the browser against the original NumPy program, side by side, on this machine.
 *
 * Builds the benchmark page (scripts/bench/) and the app (its e2e build, `vite build --mode e2e`)
 * beside it, serves both with Vite's preview server on 127.0.0.1 with the cross-origin isolation
 * headers, and in headless Chromium times each backend on the original program's two
 * configurations (ms per cost+gradient, time to 400 L-BFGS iterations — measured, or scaled from
 * fewer), runs the NumPy port of the original program on the same data matrix and θ0, measures the page's
 * longest main-thread task and frame rate while the app trains (in Chromium as a user of this machine
 * runs it, and again with SwiftShader forced in as a GPU: tests/chromium.ts), checks the time left
 * the app shows on MNIST against the time its run then takes (scripts/bench/eta.ts), and writes
 * bench/RESULTS.md.
 *
 *   npm run bench [-- --repeat 2] [-- --only natural|mnist|selftaught|smoothness|ceiling|eta] [-- --skip-build]
 *                 [-- --keep-selftaught]  (carry the self-taught experiment's section, about 30
 *                                          minutes to measure, over from the last bench/RESULTS.md)
 * (--skip-build serves the pages the last run built)
 * (a run with --only writes node_modules/.cache/bench-results-partial.md, not bench/RESULTS.md)
 * Timings on a shared machine are noisy: each job runs `repeat` times and the minimum is kept.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { initialParameters } from '../src/core/params';
import { createRng } from '../src/core/rng';
import { writeNpy } from '../src/data/npy';
import {
  CONFIGS,
  benchData,
  checksum,
  type BenchBackend,
  type BenchJob,
  type BenchOutcome,
  type ConfigName,
} from './bench/configs';
import { measureSmoothness } from './bench/smoothness';
import { pageSection, targetsSection, type PageMeasures, type PageRuns } from './bench/targets';
import {
  TORCH_MISSING,
  peersSection,
  runCli,
  runTorch,
  torchPython,
  type PeerOutcome,
  type PeerRow,
} from './bench/peers';
import { ceilingSection, measureCeiling, type CeilingOutcome } from './bench/ceiling';
import { measureInspectorCost, writeInspectorSection, type InspectorCost } from './bench/inspector';
import { etaSection, measureEta, type EtaCheck } from './bench/eta';
import { benchSelfTaught } from './bench/selftaught';
import {
  ABOUT_THE_KERNEL,
  fmtMs,
  gpuEstimate,
  keptSection,
  machine,
  min,
  SELF_TAUGHT_HEADING,
  tableFor,
  to400,
  wholeEvaluations,
  type ConfigResult,
  type NumpyOutcome,
} from './bench/report';
import { chromiumLaunchOptions, userChromiumLaunchOptions } from '../tests/chromium';
import { compositingOf } from './bench/compositing';

const root = fileURLToPath(new URL('../', import.meta.url));
const pageDir = join(root, 'node_modules/.cache/bench-page');
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const repeat = Number(option('repeat') ?? 2);
const only = option('only') as ConfigName | undefined;

/** What each backend runs: timed evaluations and L-BFGS iterations (fewer on slow ones, scaled). */
const PLAN: Record<ConfigName, [BenchBackend, number, number][]> = {
  natural: [
    ['kernel', 30, 400],
    ['kernel-untuned', 30, 0],
    ['kernel-1-thread', 30, 400],
    ['kernel-1-thread-untuned', 30, 0],
    ['kernel-no-fma', 30, 0],
    ['tfjs-wasm', 10, 40],
    ['tfjs-webgl', 5, 20],
    ['tfjs-cpu', 3, 8],
  ],
  mnist: [
    ['kernel', 4, 20],
    ['kernel-untuned', 4, 0],
    ['kernel-1-thread', 2, 10],
    ['kernel-1-thread-untuned', 2, 0],
    ['kernel-no-fma', 3, 0],
    ['tfjs-wasm', 2, 0],
    ['tfjs-webgl', 2, 0],
    ['tfjs-cpu', 1, 0],
  ],
  selftaught: [
    ['kernel', 2, 0],
    ['kernel-1-thread', 1, 0],
  ],
};
const NUMPY_PLAN: Record<ConfigName, [number, number]> = {
  natural: [30, 400],
  // All 400 iterations: the app's own MNIST run is timed to the end against them.
  mnist: [4, 400],
  selftaught: [2, 0],
};

/** PyTorch's timed evaluations and L-BFGS iterations, and the CLI's iterations. */
const PEER_PLAN: Record<ConfigName, { torch: [number, number]; cli: number }> = {
  natural: { torch: [10, 100], cli: 100 },
  mnist: { torch: [3, 10], cli: 5 },
  selftaught: { torch: [2, 0], cli: 1 },
};

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cache-Control': 'no-store',
};

/** Serves the bench page at / and the app at /app/ with Vite's preview server. */
async function serve(): Promise<{ server: PreviewServer; origin: string }> {
  const server = await preview({
    configFile: false,
    root: join(root, 'scripts/bench'),
    logLevel: 'warn',
    build: { outDir: pageDir },
    preview: { host: '127.0.0.1', port: 4180, strictPort: false, headers: ISOLATION_HEADERS },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not say where it listens');
  return { server, origin: url.replace(/\/$/, '') };
}

async function buildPages(): Promise<void> {
  if (args.includes('--skip-build')) {
    if (!existsSync(join(pageDir, 'app/index.html')))
      throw new Error(`--skip-build: no earlier build in ${pageDir}; run without it once`);
    return;
  }
  console.log('building the benchmark page…');
  await build({
    configFile: false,
    root: join(root, 'scripts/bench'),
    base: '/',
    publicDir: join(root, 'public'),
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: pageDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  });
  console.log('building the app (vite build --mode e2e)…');
  await build({
    root,
    mode: 'e2e',
    logLevel: 'warn',
    build: { outDir: join(pageDir, 'app'), emptyOutDir: true },
  });
}

/** The original program's data matrix and θ0 as .npy for NumPy, and their checksum. */
async function writeSeedInputs(name: ConfigName, dir: string): Promise<number> {
  const config = CONFIGS[name];
  const matrix = await benchData(config, async (file) => {
    const bytes = await readFile(join(root, 'public/data', file));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  });
  const { visibleSize, exampleCount, values } = matrix;
  writeFileSync(
    join(dir, `${name}-X.npy`),
    writeNpy(Float64Array.from(values), [visibleSize, exampleCount]),
  );
  const theta0 = initialParameters(config.shape, createRng(config.seed));
  writeFileSync(join(dir, `${name}-theta0.npy`), writeNpy(theta0, [theta0.length]));
  return checksum(values);
}

/**
 * glibc's malloc kept from handing NumPy's large temporaries back to the system after each use
 * (mmap and trim thresholds far above them): on a virtual machine where a page fault is dear, the
 * original program's each new 64 × 10,000 temporary costs its pages again, and NumPy's natural
 * evaluation here took 41 ms with glibc's defaults against 9 ms with these.
 */
const KEPT_MALLOC = 'glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824';

/**
 * One run of scripts/bench_original.py; `threads` sets OpenBLAS's thread count (default: all
 * cores), `keptMalloc` glibc's malloc tunables (KEPT_MALLOC).
 */
async function runNumpyOnce(
  name: ConfigName,
  dir: string,
  evaluations: number,
  iterations: number,
  threads?: number,
  keptMalloc = false,
): Promise<NumpyOutcome> {
  const config = CONFIGS[name];
  // OPENBLAS_CORETYPE/L2_SIZE are set on this machine for old OpenBLAS builds; they slow NumPy's.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads) env.OPENBLAS_NUM_THREADS = env.OMP_NUM_THREADS = String(threads);
  if (keptMalloc) env.GLIBC_TUNABLES = KEPT_MALLOC;
  const { stdout } = await promisify(execFile)(
    'python3',
    [
      join(root, 'scripts/bench_original.py'),
      ...['--data', join(dir, `${name}-X.npy`), '--theta0', join(dir, `${name}-theta0.npy`)],
      ...['--rho', String(config.hyper.rho), '--beta', String(config.hyper.beta)],
      ...['--lambda', String(config.hyper.lambda), '--hidden', String(config.shape.hiddenSize)],
      ...['--evaluations', String(evaluations), '--iterations', String(iterations)],
    ],
    { env, maxBuffer: 1 << 24 },
  );
  return { ...(JSON.parse(stdout) as NumpyOutcome), threads: threads ?? cpus().length };
}

/**
 * OpenBLAS thread counts to time NumPy's L-BFGS with: the faster per evaluation, and the other too
 * when the two are within 1.5× (a run on all cores can take twice as long as on one).
 */
function lbfgsThreadSettings(allMs: number, oneMs: number): number[] {
  const settings = oneMs < allMs ? [1, cpus().length] : [cpus().length, 1];
  if (Math.max(allMs, oneMs) > 1.5 * Math.min(allMs, oneMs)) settings.pop();
  return settings;
}

/**
 * NumPy at its best here: OpenBLAS on all cores and on one (on a busy machine its threads can
 * lose more than they gain). The L-BFGS iterations, when asked for, run `repeat` times, as each
 * browser job does, with the faster setting, and once with the other too when the two are within
 * 1.5× of each other per evaluation (on small matrices OpenBLAS's threads can spin against each
 * other over a whole run, 3.9 s against 10.8 s for the natural images here); the fastest is kept.
 */
async function runNumpy(name: ConfigName, dir: string): Promise<NumpyOutcome> {
  const [evaluations, iterations] = NUMPY_PLAN[name];
  const all = await runNumpyOnce(name, dir, evaluations, 0);
  const one = await runNumpyOnce(name, dir, evaluations, 0, 1);
  const [allMs, oneMs] = [min(all.evaluationMs), min(one.evaluationMs)];
  const perEvaluation = `OpenBLAS ${cpus().length} threads ${fmtMs(allMs)} ms, 1 thread ${fmtMs(oneMs)} ms per evaluation`;
  const evaluationMs = [...all.evaluationMs, ...one.evaluationMs];
  if (iterations === 0)
    return { ...(oneMs < allMs ? one : all), evaluationMs, note: perEvaluation };
  const settings = lbfgsThreadSettings(allMs, oneMs);
  let timed: NumpyOutcome | null = null;
  for (const [index, threads] of settings.entries())
    for (let r = 0; r < (index === 0 ? repeat : 1); r++) {
      const run = await runNumpyOnce(name, dir, evaluations, iterations, threads);
      evaluationMs.push(...run.evaluationMs);
      if (!timed?.lbfgs || (run.lbfgs && run.lbfgs.seconds < timed.lbfgs.seconds)) timed = run;
    }
  if (!timed) throw new Error('NumPy: no run');
  return {
    ...timed,
    evaluationMs,
    note: `${perEvaluation}; L-BFGS timed with ${settings.join(' and ')}, fastest with ${timed.threads}`,
  };
}

/**
 * The original program with glibc's malloc keeping its memory (KEPT_MALLOC): not how the program
 * runs as written, but what NumPy can do on this machine once its page faults are out of the way.
 * Timed per evaluation on all cores and on one, and its L-BFGS as the original's (runNumpy), the
 * fastest run kept. A peer row, not the targets' base.
 */
async function runNumpyKeptMalloc(name: ConfigName, dir: string): Promise<PeerOutcome> {
  const [evaluations, planned] = NUMPY_PLAN[name];
  const iterations = name === 'mnist' ? Math.min(planned, 100) : planned;
  const label = (threads: number) =>
    `NumPy as above, glibc malloc keeping its memory (GLIBC_TUNABLES=${KEPT_MALLOC.replace(/glibc\.malloc\./g, '')}, ${threads} thread${threads > 1 ? 's' : ''})`;
  try {
    const all = await runNumpyOnce(name, dir, evaluations, 0, undefined, true);
    const one = await runNumpyOnce(name, dir, evaluations, 0, 1, true);
    const [allMs, oneMs] = [min(all.evaluationMs), min(one.evaluationMs)];
    let run = oneMs < allMs ? one : all;
    if (iterations)
      for (const threads of lbfgsThreadSettings(allMs, oneMs)) {
        const timed = await runNumpyOnce(name, dir, evaluations, iterations, threads, true);
        if (!run.lbfgs || (timed.lbfgs && timed.lbfgs.seconds < run.lbfgs.seconds)) run = timed;
      }
    const l = run.lbfgs;
    return {
      label: label(run.threads),
      evaluationMs: min([...all.evaluationMs, ...one.evaluationMs, ...run.evaluationMs]),
      seconds400: l ? (l.seconds / Math.max(1, l.iterations)) * 400 : null,
      iterations: l?.iterations ?? 0,
    };
  } catch (error) {
    const text = String(error);
    return {
      label: label(cpus().length),
      evaluationMs: null,
      seconds400: null,
      iterations: 0,
      skipped: text,
    };
  }
}

/** NumPy with glibc's malloc keeping its memory, by configuration (a reference beside the targets). */
const keptMallocRuns: Partial<Record<ConfigName, PeerOutcome>> = {};

async function runJob(page: Page, job: BenchJob): Promise<BenchOutcome> {
  return page.evaluate((j) => window.runBenchJob(j), job);
}

/** Best of several runs: the lowest time per evaluation and the fastest L-BFGS run. */
function best(outcomes: BenchOutcome[]): BenchOutcome {
  const ok = outcomes.filter((o) => !o.error);
  if (ok.length === 0) return outcomes[0];
  const merged = { ...ok[0], evaluationMs: ok.flatMap((o) => o.evaluationMs) };
  const runs = ok.map((o) => o.lbfgs).filter((l) => l !== null);
  if (runs.length > 0) merged.lbfgs = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return merged;
}

async function main(): Promise<void> {
  await buildPages();
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const { server, origin } = await serve();
  const browser = await chromium.launch(chromiumLaunchOptions);
  // The app's own runs are measured in the browser as a user of this machine has it (software
  // compositing), and its frames once more with SwiftShader forced in as a GPU (tests/chromium.ts).
  const userBrowser = await chromium.launch(userChromiumLaunchOptions);
  const results: ConfigResult[] = [];
  let inspector: InspectorCost | null = null;
  const pageRuns: PageRuns = {};
  const forcedRuns: PageRuns = {};
  const browsers = {
    user: await compositingOf(userBrowser),
    forced: await compositingOf(browser),
  };
  const peerRows: PeerRow[] = [];
  const python = await torchPython();
  if (!python) console.log(TORCH_MISSING);
  let ceiling: CeilingOutcome | null = null;
  let eta: EtaCheck | null = null;
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    console.log(`bench page at ${origin}, cross-origin isolated: ${isolated}`);
    if (!only || only === 'mnist' || (only as string) === 'ceiling') {
      console.log(
        'the ceiling: multiply-add throughput and the five MNIST products on one thread…',
      );
      ceiling = await measureCeiling(page);
      console.log(`  ${JSON.stringify(ceiling)}`);
    }
    for (const name of (Object.keys(CONFIGS) as ConfigName[]).filter((n) => !only || n === only)) {
      const checksumNode = await writeSeedInputs(name, dir);
      console.log(`${name}: original NumPy program…`);
      const numpy = await runNumpy(name, dir);
      console.log(
        `  NumPy ${fmtMs(min(numpy.evaluationMs))} ms/eval` +
          (numpy.lbfgs
            ? `, ${numpy.lbfgs.iterations} its ${numpy.lbfgs.seconds.toFixed(1)} s`
            : ''),
      );
      const outcomes: BenchOutcome[] = [];
      for (const [backend, evaluations, iterations] of PLAN[name]) {
        const runs: BenchOutcome[] = [];
        for (let r = 0; r < repeat; r++) {
          const outcome = await runJob(page, { config: name, backend, evaluations, iterations });
          runs.push(outcome);
          if (outcome.error) break;
          if (Math.abs(outcome.checksum - checksumNode) > 1e-6 * Math.abs(checksumNode))
            throw new Error(
              `${name}: the page's data (checksum ${outcome.checksum}) differs from NumPy's (${checksumNode})`,
            );
        }
        const merged = best(runs);
        outcomes.push(merged);
        console.log(
          `  ${backend}: ${merged.error ?? `${fmtMs(min(merged.evaluationMs))} ms/eval` + (merged.lbfgs ? `, ${merged.lbfgs.iterations} its ${merged.lbfgs.seconds.toFixed(2)} s` : '')}`,
        );
      }
      results.push({ name, numpy, outcomes, checksumNode });
      console.log(`  peers: PyTorch${python ? '' : ' (skipped)'}, the CLI…`);
      const plan = PEER_PLAN[name];
      const kept = await runNumpyKeptMalloc(name, dir);
      keptMallocRuns[name] = kept;
      const peers = [
        kept,
        ...(python ? [await runTorch(python, name, dir, ...plan.torch)] : []),
        await runCli(name, dir, plan.cli),
      ];
      for (const peer of peers)
        console.log(
          `  ${peer.label}: ${peer.skipped ?? `${peer.evaluationMs?.toFixed(1)} ms/eval`}`,
        );
      peerRows.push({
        name,
        numpy: {
          label: `NumPy (float64, ${numpy.numpy}, OpenBLAS)`,
          evaluationMs: min(numpy.evaluationMs),
          seconds400: numpy.lbfgs ? to400(numpy.lbfgs).seconds : null,
        },
        page: outcomes,
        peers,
      });
    }
    for (const preset of ['natural', 'mnist'] as const) {
      if (only && only !== preset && (only as string) !== 'smoothness') continue;
      console.log(`smoothness while the app trains the ${preset} configuration…`);
      const file = preset === 'natural' ? 'training.png' : `training-${preset}.png`;
      const shot = only ? join(root, 'node_modules/.cache', file) : join(root, 'bench', file);
      pageRuns[preset] = await measureSmoothness(userBrowser, `${origin}/app/`, shot, preset);
      console.log(`  ${JSON.stringify(pageRuns[preset])}`);
      console.log('  again with SwiftShader forced in as a GPU…');
      const forcedShot = join(root, 'node_modules/.cache', `forced-${file}`);
      forcedRuns[preset] = await measureSmoothness(browser, `${origin}/app/`, forcedShot, preset);
      console.log(`  ${JSON.stringify(forcedRuns[preset])}`);
    }
    if (!only) {
      console.log('the unit inspector and the health panel while MNIST trains…');
      inspector = await measureInspectorCost(browser, `${origin}/app/`);
      console.log(`  ${JSON.stringify(inspector)}`);
    }
    if (!only || only === 'mnist' || (only as string) === 'eta') {
      console.log('time left shown on MNIST against the time the run takes…');
      eta = await measureEta(userBrowser, `${origin}/app/`);
      console.log(`  ${JSON.stringify(eta)}`);
    }
  } finally {
    await browser.close();
    await userBrowser.close();
    await server.close();
  }
  const selfTaught = args.includes('--keep-selftaught')
    ? keptSection(join(root, 'bench/RESULTS.md'), SELF_TAUGHT_HEADING, '--keep-selftaught')
    : !only || (only as string) === 'selftaught'
      ? await benchSelfTaught()
      : [];
  writeResults(
    results,
    { user: pageRuns, forced: forcedRuns, browsers },
    ceiling,
    peersSection(peerRows, python ? null : TORCH_MISSING),
    eta,
    selfTaught,
  );
  if (inspector) writeInspectorSection(join(root, 'bench/RESULTS.md'), inspector);
}

function writeResults(
  results: ConfigResult[],
  pages: PageMeasures,
  ceiling: CeilingOutcome | null,
  peers: string[],
  eta: EtaCheck | null,
  selfTaught: string[],
): void {
  const lines = [
    '# Benchmark: the browser against the original NumPy program',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `Machine: ${machine()}. Load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    `(the machine is shared; each browser job ran ${repeat}× and the minimum is kept; NumPy's evaluation time is the minimum of its repeats, its L-BFGS time the fastest of its runs).`,
    '',
    'One evaluation = cost and gradient over all the examples at θ0. "400 L-BFGS iterations" is the',
    'time of our L-BFGS (browser) or SciPy L-BFGS-B (NumPy) from the same θ0 on the same data matrix',
    '(checksums agree); where fewer iterations ran, the time is scaled to 400.',
    '',
  ];
  for (const result of results) {
    lines.push(`## ${CONFIGS[result.name].label}`, '', tableFor(result), '');
    if (result.numpy.note) lines.push(`NumPy: ${result.numpy.note}.`, '');
  }
  lines.push(
    ...targetsSection(results, pages.user, eta, keptMallocRuns),
    ...peers,
    ...pageSection(pages),
  );
  lines.push(...ABOUT_THE_KERNEL);
  if (ceiling) lines.push(...ceilingSection(ceiling, wholeEvaluations(results)));
  lines.push(...etaSection(eta));
  lines.push(...selfTaught);
  lines.push(...gpuEstimate(results));
  // A partial run (--only) must not replace the full results.
  const target = only
    ? join(root, 'node_modules/.cache/bench-results-partial.md')
    : join(root, 'bench/RESULTS.md');
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, lines.join('\n') + '\n');
  console.log(`wrote ${target}`);
}

/** MNIST's kernel rows on one thread, for the ceiling section. */
await main();
