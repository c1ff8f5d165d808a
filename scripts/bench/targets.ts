/**
 * The page while it trains (natural and MNIST) and the performance targets against this run:
 * 400 iterations as the page runs them (the kernel on the threads the page settled on) against
 * NumPy, MNIST per evaluation on all cores, and the page's frames and live update rate.
 */
import { availableParallelism } from 'node:os';
import type { BenchOutcome, ConfigName } from './configs';
import type { EtaCheck } from './eta';
import type { Compositing } from './compositing';
import { CPU_GROUPS } from './cpu-split';
import type { Smoothness } from './smoothness';

export type PageRuns = Partial<Record<'natural' | 'mnist', Smoothness>>;

/**
 * The app's runs in the browser as a user of this machine has it (the targets), and its frames
 * with SwiftShader forced in as a GPU (the browser tests' setting), with what each browser said of
 * its compositing.
 */
export interface PageMeasures {
  user: PageRuns;
  forced: PageRuns;
  browsers: { user: Compositing; forced: Compositing };
}

interface Result {
  name: ConfigName;
  numpy: { evaluationMs: number[]; lbfgs: { iterations: number; seconds: number } | null };
  outcomes: BenchOutcome[];
}

const min = (values: number[]) => Math.min(...values);
const to400 = (l: { iterations: number; seconds: number }) =>
  (l.seconds / Math.max(1, l.iterations)) * 400;
const yes = (ok: boolean) => (ok ? 'yes' : 'no');

const measuredIn = (runs: PageRuns) =>
  (Object.entries(runs) as [string, Smoothness][]).filter(([, s]) => s.measured);

const describe = (c: Compositing) =>
  `compositing: ${c.compositing}; rasterization: ${c.rasterization}; WebGL: ${c.webgl}`;

/** The CPU split of a page run: each group's core-seconds, then all of them against the cores' time. */
function cpuCell(s: Smoothness): string {
  if (!s.cpu) return '—';
  const { cpuSeconds, seconds } = s.cpu;
  const all = Object.values(cpuSeconds).reduce((a, b) => a + b, 0);
  const cores = availableParallelism();
  const groups = CPU_GROUPS.map((g) => `${g} ${cpuSeconds[g].toFixed(2)}`).join(' · ');
  return `${groups}; all ${all.toFixed(2)} of ${(seconds * cores).toFixed(2)} (${cores} cores × ${seconds.toFixed(2)} s)`;
}

/** The page's smoothness, one column per preset measured, then the same with SwiftShader forced in. */
export function pageSection({ user, forced, browsers }: PageMeasures): string[] {
  const measured = measuredIn(user);
  if (measured.length === 0) return ['## The page while it trains', '', 'TODO: not measured.', ''];
  const row = (label: string, cell: (s: Smoothness) => string, target = '') =>
    `| ${label} | ${measured.map(([, s]) => cell(s)).join(' | ')} | ${target} |`;
  const lines = [
    '## The page while it trains',
    '',
    'In Chromium as it runs for a user of this machine (no GPU; chrome://gpu says',
    `${describe(browsers.user)}).`,
    '',
    `| measure | ${measured.map(([name]) => name).join(' | ')} | target |`,
    `| --- | ${measured.map(() => '---').join(' | ')} | --- |`,
    row('frame rate', (s) => `${s.framesPerSecond.toFixed(1)} fps`, '≥ 50 fps'),
    row(
      'tasks of 50 ms or more (longest)',
      (s) => `${s.longTasks} (${s.longTasks ? `${s.longestTaskMs.toFixed(0)} ms` : '—'})`,
      '0',
    ),
    row(
      'live view updates a second (repaints of the cost curves)',
      (s) => s.updatesPerSecond.toFixed(1),
      '≥ 10 on natural',
    ),
    row('status line changes a second (held to a few, to be read)', (s) =>
      s.statusUpdatesPerSecond.toFixed(1),
    ),
    row('kernel threads the page settled on', (s) => String(s.threads)),
    row('longest gap between two frames', (s) => `${s.longestFrameGapMs.toFixed(0)} ms`),
    row(
      'the idle page before Train (fps · longest task)',
      (s) =>
        `${s.idleFramesPerSecond.toFixed(1)} fps · ${s.idleLongestTaskMs ? `${s.idleLongestTaskMs.toFixed(0)} ms` : 'none ≥ 50 ms'}`,
    ),
    row(
      'the window from the click on Train',
      (s) => `${s.seconds} s: ${s.note.replace(/\|/g, '/')}`,
    ),
    row("the page's backend note at the end", (s) => s.backendNote.replace(/\|/g, '/') || '—'),
    row('CPU from the click to Done (or the window’s end), core-seconds', cpuCell),
    '',
    'How: the kernel starts on every core and the page gives a thread back for each 2-second window',
    'below 50 fps or with a task of 50 ms or more, and tries it again 10 s later, doubling the wait',
    'after each try that fails (src/state/thread-governor.ts); while the page works on a publication or',
    "a worker event, until its tasks are done, the kernel's threads beyond cores − 1 step aside between tiles",
    '(src/state/page-busy.ts, at most half the time); the live views are',
    'published 3–20 times a second, as often as keeps their measured cost to a fifth of the main thread',
    '(src/state/stream-rate.ts). Screenshots: bench/training.png (natural), bench/training-mnist.png.',
    '',
  ];
  const again = measuredIn(forced);
  if (again.length === 0) return lines;
  lines.push(
    '### With SwiftShader forced in as a GPU',
    '',
    'The browser tests start Chromium with `--use-angle=swiftshader --enable-unsafe-swiftshader`',
    "(tests/chromium.ts), as Chromium's GPU-less test bots do: SwiftShader, a CPU implementation of",
    'Vulkan and OpenGL ES, then composites and rasterizes the page as if it were a GPU driver',
    `(${describe(browsers.forced)}). No user's browser does this by`,
    'itself, and it costs the page its frames: the GPU process draws each changed frame in software',
    'on the cores the kernel trains on. The same runs in that browser:',
    '',
    `| measure | ${again.map(([name]) => name).join(' | ')} |`,
    `| --- | ${again.map(() => '---').join(' | ')} |`,
    `| frame rate | ${again.map(([, s]) => `${s.framesPerSecond.toFixed(1)} fps`).join(' | ')} |`,
    `| tasks of 50 ms or more (longest) | ${again.map(([, s]) => `${s.longTasks} (${s.longTasks ? `${s.longestTaskMs.toFixed(0)} ms` : '—'})`).join(' | ')} |`,
    `| live view updates a second | ${again.map(([, s]) => s.updatesPerSecond.toFixed(1)).join(' | ')} |`,
    `| kernel threads the page settled on | ${again.map(([, s]) => String(s.threads)).join(' | ')} |`,
    `| click on Train to Done | ${again.map(([, s]) => (s.runMs ? `${(s.runMs / 1000).toFixed(1)} s` : `not within ${s.seconds} s (${s.iterations} iterations)`)).join(' | ')} |`,
    '',
  );
  return lines;
}

/** The kernel row the page's thread count corresponds to. */
function asThePageRunsIt(result: Result, threads: number): BenchOutcome | undefined {
  const backend = threads > 1 ? 'kernel' : 'kernel-1-thread';
  return result.outcomes.find((o) => o.job.backend === backend && !o.error && o.lbfgs);
}

/** The app's own run, click on Train to Done: natural in the smoothness window, MNIST in the eta run. */
function appRun(
  name: ConfigName,
  runs: PageRuns,
  eta: EtaCheck | null,
): { seconds: number; iterations: number; threads: number } | null {
  const natural = runs.natural;
  if (name === 'natural' && natural?.runMs)
    return {
      seconds: natural.runMs / 1000,
      iterations: natural.iterations,
      threads: natural.threads,
    };
  if (name === 'mnist' && eta?.measured)
    return { seconds: eta.runMs / 1000, iterations: eta.limit, threads: eta.threads };
  return null;
}

export function targetsSection(
  results: Result[],
  runs: PageRuns,
  eta: EtaCheck | null,
  keptMalloc: Partial<
    Record<ConfigName, { evaluationMs: number | null; seconds400: number | null }>
  > = {},
): string[] {
  const lines = ['## Targets', '', '| target | this run | met |', '| --- | --- | --- |'];
  const reference: string[] = [];
  const limits: Partial<Record<ConfigName, number>> = { mnist: 1, natural: 0.5 };
  for (const result of results) {
    const limit = limits[result.name];
    const numpy = result.numpy.lbfgs ? to400(result.numpy.lbfgs) : NaN;
    const app = appRun(result.name, runs, eta);
    if (limit !== undefined && app) {
      const ours = (app.seconds / Math.max(1, app.iterations)) * 400;
      lines.push(
        `| ${result.name}: 400 iterations in the app, from the click on Train to Done (${app.iterations} iterations, ${app.threads} kernel thread${app.threads > 1 ? 's' : ''} at the end) ≤ ${limit}× NumPy | ` +
          `${ours.toFixed(1)} s vs ${numpy.toFixed(1)} s = ${(ours / numpy).toFixed(2)}× | ${yes(ours / numpy <= limit)} |`,
      );
      const kept = keptMalloc[result.name]?.seconds400;
      if (kept)
        reference.push(
          `| ${result.name}: 400 iterations in the app | ${ours.toFixed(1)} s vs ${kept.toFixed(1)} s = ${(ours / kept).toFixed(2)}× | ${yes(ours / kept <= limit)} |`,
        );
    }
    const page = asThePageRunsIt(
      result,
      app?.threads ?? runs[result.name as 'natural' | 'mnist']?.threads ?? 1,
    );
    if (limit !== undefined && page?.lbfgs) {
      const ours = to400(page.lbfgs);
      lines.push(
        `| ${result.name}: 400 iterations of the kernel alone in a worker, on the page's threads (${page.variant}) ≤ ${limit}× NumPy | ` +
          `${ours.toFixed(1)} s vs ${numpy.toFixed(1)} s = ${(ours / numpy).toFixed(2)}× | ${yes(ours / numpy <= limit)} |`,
      );
    }
    const all = result.outcomes.find((o) => o.job.backend === 'kernel' && !o.error);
    if (result.name === 'mnist' && all) {
      const ratio = min(all.evaluationMs) / min(result.numpy.evaluationMs);
      lines.push(
        `| mnist: per evaluation on all cores ≤ NumPy | ${min(all.evaluationMs).toFixed(0)} ms vs ${min(result.numpy.evaluationMs).toFixed(0)} ms = ${ratio.toFixed(2)}× | ${yes(ratio <= 1)} |`,
      );
      const kept = keptMalloc.mnist?.evaluationMs;
      if (kept)
        reference.push(
          `| mnist: per evaluation on all cores | ${min(all.evaluationMs).toFixed(0)} ms vs ${kept.toFixed(0)} ms = ${(min(all.evaluationMs) / kept).toFixed(2)}× | ${yes(min(all.evaluationMs) <= kept)} |`,
        );
    }
  }
  for (const [name, s] of Object.entries(runs) as [string, Smoothness][]) {
    if (!s.measured) continue;
    const smooth = s.longTasks === 0 && s.framesPerSecond >= 50;
    const updates = name !== 'natural' || s.updatesPerSecond >= 10;
    lines.push(
      `| page training ${name}: ≥ 50 fps, no task ≥ 50 ms${name === 'natural' ? ', ≥ 10 updates/s' : ''} | ` +
        `${s.framesPerSecond.toFixed(0)} fps, ${s.longTasks} long tasks, ${s.updatesPerSecond.toFixed(1)} updates/s | ${yes(smooth && updates)} |`,
    );
  }
  lines.push('');
  if (reference.length > 0)
    lines.push(
      'The same against NumPy with glibc’s malloc keeping its memory (the peers’ row “NumPy as above,',
      'glibc malloc keeping its memory”): on this virtual machine a page fault is dear, and the original',
      'program, as written, pays for its temporaries’ pages again at every evaluation; kept, NumPy is',
      'that much faster. Not how the original runs, but what NumPy can do here:',
      '',
      '| target | this run | met |',
      '| --- | --- | --- |',
      ...reference,
      '',
    );
  return lines;
}
