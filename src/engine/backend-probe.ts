/**
 * Measuring, on the run's own data, which cost model computes fastest here. Each candidate is
 * built, warmed up once and timed (twice, once when slow) on a probe batch, the first 2,000
 * examples; the quickest is kept and every other one is disposed as soon as it has lost. A
 * candidate whose warm-up is already more than 5× the best time so far (and over 50 ms) is not
 * timed further, and its warm-up is not waited for beyond that; a candidate may also show with a
 * cheaper measurement (a precheck) that it cannot win. So a slow candidate costs little. Time is
 * read and waited for through a Clock (the system's, or a test's fake one).
 */
import type { CostModel } from '../core/cost-model';
import { initialParameters } from '../core/params';
import { createRng } from '../core/rng';
import type { Hyperparameters, ModelShape } from '../core/types';
import { systemClock, type Clock } from './clock';

/** Examples in the probe batch: the first min(n, PROBE_EXAMPLES). */
export const PROBE_EXAMPLES = 2000;
/** A candidate whose warm-up is this many times the best time so far is not timed further. */
export const SKIP_FACTOR = 5;
/** Once the timed evaluations of a candidate took this long, one more adds little certainty. */
export const TIMED_BUDGET_MS = 100;
/**
 * Below this a warm-up is always waited for and timed: first-use work (WebAssembly tier-up,
 * shader compilation) can make a warm-up several times slower than the evaluations after it.
 */
export const MINIMUM_WAIT_MS = 50;

export interface ProbeCandidate {
  /** Short name for the note, e.g. "WebGL (SwiftShader)"; `describe` may refine it once built. */
  label: string;
  create(): Promise<CostModel>;
  describe?(model: CostModel): string;
  /** Asked just before building: false leaves the candidate out (e.g. made redundant). */
  wanted?(): boolean;
  /**
   * Asked before building when there is a best time to beat: a cheap measurement that shows the
   * candidate cannot win (its verdict goes in the note), or null to build and time it in full.
   */
  precheck?(context: PrecheckContext): Promise<PrecheckVerdict | null>;
}

export interface PrecheckContext {
  theta: Float64Array;
  /** Examples per probe evaluation (the first ones of the data). */
  examples: number;
  /** The best evaluation time so far. */
  bestMs: number;
  /** How long a warm-up may take: max(5 × best, 50 ms). */
  limitMs: number;
  /** The probe's clock: time the measurement with it. */
  clock: Clock;
}

export interface PrecheckVerdict {
  /** What the cheap measurement took (a lower bound on one evaluation). */
  milliseconds: number;
  /** What was timed, for the note: "its first matrix product alone". */
  what: string;
}

export interface ProbeTiming {
  label: string;
  /** Best timed evaluation; the warm-up when not timed; the wait when the warm-up was left. */
  milliseconds: number;
  /**
   * 'timed': min of the timed evaluations; 'warm-up': only the warm-up (too slow to time);
   * 'left': warm-up not awaited past `milliseconds`; 'bounded': a precheck showed it cannot win;
   * 'failed'.
   */
  outcome: 'timed' | 'warm-up' | 'left' | 'bounded' | 'failed';
  error?: string;
  /** For 'bounded': what was timed. */
  what?: string;
}

export interface ProbeResult {
  /** Index into the candidates of the winner, -1 when none could be built and evaluated. */
  winner: number;
  /** The winner's model (null when none). */
  model: CostModel | null;
  /** One entry per candidate tried, in order. */
  timings: (ProbeTiming & { candidate: number })[];
  /** Examples per probe evaluation. */
  examples: number;
  /** Wall-clock ms of the whole probe (building the candidates included). */
  totalMs: number;
}

export interface ProbeOptions {
  /** θ to evaluate at; default the original program's initialisation with a fixed seed. */
  theta?: Float64Array;
  hyper?: Hyperparameters;
  /** Timed evaluations after the warm-up (default 2, fewer past 100 ms; the minimum is kept). */
  evaluations?: number;
  probeExamples?: number;
  /** Reads time and waits for deadlines (default the system clock). */
  clock?: Clock;
}

/** The natural-image preset's ρ, β, λ: the probe's cost does not depend on them much. */
const PROBE_HYPER: Hyperparameters = { rho: 0.01, beta: 3, lambda: 1e-4 };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Resolves 'late' once `clock` has waited `ms` unless `work` settles first ('done' or its error);
 * never rejects.
 */
export async function within(
  work: Promise<unknown>,
  ms: number,
  clock: Clock = systemClock,
): Promise<'done' | 'late' | Error> {
  const settled = new AbortController();
  const late = Number.isFinite(ms)
    ? clock.sleep(Math.max(0, ms), settled.signal).then(() => 'late' as const)
    : new Promise<never>(() => {});
  try {
    return await Promise.race([
      work.then(
        () => 'done' as const,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      ),
      late,
    ]);
  } finally {
    settled.abort();
  }
}

const safeDispose = (model: CostModel) => {
  try {
    model.dispose();
  } catch {
    // Already gone with its backend.
  }
};

/** Times each candidate in turn and keeps the fastest (min over the timed evaluations). */
export async function probeFastestModel(
  candidates: readonly ProbeCandidate[],
  shape: ModelShape,
  exampleCount: number,
  options: ProbeOptions = {},
): Promise<ProbeResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const theta = options.theta ?? initialParameters(shape, createRng(1));
  const hyper = options.hyper ?? PROBE_HYPER;
  const evaluations = options.evaluations ?? 2;
  const examples = Math.min(exampleCount, options.probeExamples ?? PROBE_EXAMPLES);
  // The full set when it is small enough: exactly what the run evaluates.
  const batch =
    examples < exampleCount ? Int32Array.from({ length: examples }, (_, i) => i) : undefined;
  const timings: ProbeResult['timings'] = [];
  let best: { index: number; model: CostModel; milliseconds: number } | null = null;

  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index];
    if (candidate.wanted && !candidate.wanted()) continue;
    // Timing a candidate whose warm-up is this slow is not worth it (nor waiting longer for it).
    const skipAbove = best ? Math.max(SKIP_FACTOR * best.milliseconds, MINIMUM_WAIT_MS) : Infinity;
    const failed = (error: unknown) =>
      timings.push({
        candidate: index,
        label: candidate.label,
        milliseconds: NaN,
        outcome: 'failed',
        error: message(error),
      });
    if (best && candidate.precheck) {
      let verdict: PrecheckVerdict | null;
      try {
        verdict = await candidate.precheck({
          theta,
          examples,
          bestMs: best.milliseconds,
          limitMs: skipAbove,
          clock,
        });
      } catch (error) {
        failed(error);
        continue;
      }
      if (verdict) {
        timings.push({
          candidate: index,
          label: candidate.label,
          milliseconds: verdict.milliseconds,
          outcome: 'bounded',
          what: verdict.what,
        });
        continue;
      }
    }
    let model: CostModel;
    try {
      model = await candidate.create();
    } catch (error) {
      failed(error);
      continue;
    }
    const label = candidate.describe?.(model) ?? candidate.label;
    const record = (milliseconds: number, outcome: ProbeTiming['outcome'], error?: string) =>
      timings.push({ candidate: index, label, milliseconds, outcome, error });

    const warmStarted = clock.now();
    const warmUp = model.evaluate(theta, hyper, batch);
    const outcome = await within(warmUp, skipAbove, clock);
    const warmMs = clock.now() - warmStarted;
    if (outcome === 'late') {
      // Not worth waiting for: free it once its evaluation is over.
      record(warmMs, 'left');
      void warmUp.then(
        () => safeDispose(model),
        () => safeDispose(model),
      );
      continue;
    }
    if (outcome instanceof Error) {
      record(NaN, 'failed', outcome.message);
      safeDispose(model);
      continue;
    }
    let milliseconds = warmMs;
    if (warmMs > skipAbove) {
      record(warmMs, 'warm-up');
    } else {
      try {
        milliseconds = Infinity;
        let spent = 0;
        for (let i = 0; i < evaluations && spent < TIMED_BUDGET_MS; i++) {
          const t = clock.now();
          await model.evaluate(theta, hyper, batch);
          const took = clock.now() - t;
          milliseconds = Math.min(milliseconds, took);
          spent += took;
        }
        if (evaluations <= 0) milliseconds = warmMs;
      } catch (error) {
        record(NaN, 'failed', message(error));
        safeDispose(model);
        continue;
      }
      record(milliseconds, 'timed');
    }
    if (!best || milliseconds < best.milliseconds) {
      if (best) safeDispose(best.model);
      best = { index, model, milliseconds };
    } else {
      safeDispose(model);
    }
  }
  return {
    winner: best?.index ?? -1,
    model: best?.model ?? null,
    timings,
    examples,
    totalMs: clock.now() - started,
  };
}

const formatMs = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;

function describeTiming(timing: ProbeTiming): string {
  switch (timing.outcome) {
    case 'timed':
      return `${timing.label} ${formatMs(timing.milliseconds)}`;
    case 'warm-up':
      return `${timing.label} ${formatMs(timing.milliseconds)} (warm-up, not timed)`;
    case 'left':
      return `${timing.label} > ${formatMs(timing.milliseconds)} (warm-up, not timed)`;
    case 'bounded':
      return `${timing.label} > ${formatMs(timing.milliseconds)} (${timing.what ?? 'precheck'})`;
    case 'failed':
      return `${timing.label} failed (${timing.error ?? 'unknown error'})`;
  }
}

/**
 * One line on what was measured, e.g. "WASM SIMD kernel (simd+fma) — measured 1.2 ms vs WebGL 2
 * (SwiftShader) > 50 ms (warm-up, not timed) per evaluation of 2,000 examples".
 */
export function describeProbe(result: ProbeResult, winnerName: string): string {
  const won = result.timings.find((t) => t.candidate === result.winner && t.outcome !== 'failed');
  const others = result.timings.filter((t) => t !== won).map(describeTiming);
  const examples = `${result.examples.toLocaleString('en-US')} example${result.examples === 1 ? '' : 's'}`;
  if (!won) return `${winnerName} (nothing could be measured: ${others.join('; ')})`;
  const versus = others.length ? ` vs ${others.join(', ')}` : '';
  return `${winnerName} — measured ${formatMs(won.milliseconds)}${versus} per evaluation of ${examples}`;
}
