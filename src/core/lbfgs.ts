/**
 * Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4 and 7.5) with a strong-Wolfe line search
 * and SciPy L-BFGS-B's stopping rules (no bounds): an iteration limit, ‖∇J‖∞ ≤ pgtol, and
 * (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ factr·eps. One step() is one iteration, so the caller
 * can pause between iterations, change the objective, and go on.
 */
import { strongWolfeLineSearch } from './line-search';
import { dot, iterationReport, maxAbs } from './optimizer';
import type { IterationReport, Optimizer, OptimizerStop } from './optimizer';
import type { CostAndGradient, Objective } from './types';

export interface LbfgsOptions {
  /** Stored (s, y) pairs. */
  memory: number;
  maxIterations: number;
  /** pgtol: stop when max_i |g_i| ≤ this. */
  gradientTolerance: number;
  /** factr·eps: stop when the relative reduction of J is at most this. */
  relativeReduction: number;
  maxEvaluations: number;
  /** Most evaluations in one line search. */
  maxLineSearchSteps: number;
  /**
   * Iterations after `setObjective` during which the convergence tests (gradient tolerance,
   * relative reduction) do not stop the run: a live change starts them afresh.
   */
  changeGrace: number;
  /**
   * Hands back a gradient the optimizer no longer reads (of a trial not taken, or of the point it
   * left), so that the objective can write a later one into it (CostModel.recycle).
   */
  recycleGradient?: (gradient: Float64Array) => void;
}

export const LBFGS_DEFAULTS: LbfgsOptions = {
  memory: 10,
  maxIterations: 400,
  gradientTolerance: 1e-5,
  relativeReduction: 1e7 * 2.220446049250313e-16,
  maxEvaluations: 15000,
  maxLineSearchSteps: 20,
  changeGrace: 50,
};

const WOLFE = { c1: 1e-3, c2: 0.9 };

/** θ-sized vectors kept for reuse at most (see Lbfgs.spare). */
const SPARE_LIMIT = 4;

/** The stored (s, y) pairs, oldest first, with sᵀy and yᵀy of each. */
export interface StoredPairs {
  steps: readonly Float64Array[];
  changes: readonly Float64Array[];
  curvatures: readonly number[];
  changeSquares: readonly number[];
}

/**
 * d = −H·g by the two-loop recursion over the stored pairs, H0 = (sᵀy / yᵀy)·I. Each pass over
 * the vectors also takes the dot product the next step needs (the same products, in the same
 * order, as the textbook loops): θ has hundreds of thousands of values, the stored pairs do not
 * fit in the caches, and memory traffic, not arithmetic, sets this time.
 */
export function twoLoopDirection(
  gradient: Float64Array,
  pairs: StoredPairs,
  into: Float64Array = new Float64Array(gradient.length),
): Float64Array {
  const n = gradient.length;
  const q = into;
  const { steps, changes, curvatures, changeSquares } = pairs;
  const count = steps.length;
  if (count === 0) {
    for (let i = 0; i < n; i++) q[i] = -gradient[i];
    return q;
  }
  const scale = curvatures[count - 1] / changeSquares[count - 1];
  const alphas = new Float64Array(count);
  // q = g, and sₖᵀq for the newest pair.
  let product = 0;
  const newest = steps[count - 1];
  for (let i = 0; i < n; i++) {
    const value = gradient[i];
    q[i] = value;
    product += newest[i] * value;
  }
  // First loop, newest to oldest: q −= αₖ·yₖ, and on the way sₖ₋₁ᵀq, or last y₀ᵀ(γ·q).
  for (let k = count - 1; k >= 0; k--) {
    const alpha = (alphas[k] = product / curvatures[k]);
    const y = changes[k];
    product = 0;
    if (k > 0) {
      const next = steps[k - 1];
      for (let i = 0; i < n; i++) {
        const value = q[i] - alpha * y[i];
        q[i] = value;
        product += next[i] * value;
      }
    } else
      for (let i = 0; i < n; i++) {
        const value = q[i] - alpha * y[i];
        q[i] = value;
        product += y[i] * (value * scale);
      }
  }
  // Second loop, oldest to newest: q = γ·q first, q += (αₖ − βₖ)·sₖ, and on the way yₖ₊₁ᵀq;
  // the last pass stores −q.
  for (let k = 0; k < count; k++) {
    const step = alphas[k] - product / curvatures[k];
    const s = steps[k];
    const factor = k === 0 ? scale : 1;
    if (k === count - 1) {
      for (let i = 0; i < n; i++) q[i] = -(q[i] * factor + step * s[i]);
      break;
    }
    const next = changes[k + 1];
    product = 0;
    for (let i = 0; i < n; i++) {
      const value = q[i] * factor + step * s[i];
      q[i] = value;
      product += next[i] * value;
    }
  }
  return q;
}

export class Lbfgs implements Optimizer {
  readonly options: LbfgsOptions;
  private objective: Objective;
  private point: Float64Array;
  private current: CostAndGradient | null = null;
  private iteration = 0;
  private evaluations = 0;
  private steps: Float64Array[] = [];
  private gradientChanges: Float64Array[] = [];
  private curvatures: number[] = [];
  /** yₖᵀyₖ of each stored pair (H0's scale uses the newest). */
  private changeSquares: number[] = [];
  private lastReport: IterationReport | null = null;
  /** Iterations left in which a convergence test may not stop the run (after a change). */
  private graceLeft = 0;
  /**
   * θ-sized vectors no longer in use (trial points not taken, the previous point, evicted pairs,
   * the last direction), taken again before a new one is made: with hundreds of thousands of
   * values a fresh vector's memory is mapped and faulted in page by page, which costs more than
   * the arithmetic done on it.
   */
  private spare: Float64Array[] = [];

  constructor(objective: Objective, x0: Float64Array, options: Partial<LbfgsOptions> = {}) {
    this.options = { ...LBFGS_DEFAULTS, ...options };
    this.objective = objective;
    this.point = Float64Array.from(x0);
  }

  /** The current point; its values hold until the next step() (the buffer is reused after). */
  get x(): Float64Array {
    return this.point;
  }

  /** Iterations done so far. */
  get iterations(): number {
    return this.iteration;
  }

  /** Forgets the stored (s, y) pairs: the next direction is steepest descent. */
  resetHistory(): void {
    this.release(...this.steps, ...this.gradientChanges);
    this.steps = [];
    this.gradientChanges = [];
    this.curvatures = [];
    this.changeSquares = [];
  }

  /**
   * Swaps J (e.g. a hyperparameter moved): resets the history; the next step() re-evaluates J at x
   * first, and for `changeGrace` iterations no convergence test stops the run. A run stopped by a
   * tolerance or a failed line search may go on.
   */
  setObjective(objective: Objective): void {
    this.objective = objective;
    this.current = null;
    this.resetHistory();
    this.graceLeft = this.options.changeGrace;
    if (this.lastReport && this.lastReport.stop !== 'max-iterations')
      this.lastReport = { ...this.lastReport, stop: null };
  }

  private async evaluate(theta: Float64Array): Promise<CostAndGradient> {
    const value = await this.objective(theta);
    this.evaluations++;
    return value;
  }

  private report(stop: OptimizerStop | null): IterationReport {
    const value = this.current as CostAndGradient;
    this.lastReport = iterationReport(value, this.iteration, this.evaluations, stop);
    return this.lastReport;
  }

  /** A θ-sized vector to write over: a spare one, or a new one. */
  private vector(): Float64Array {
    return this.spare.pop() ?? new Float64Array(this.point.length);
  }

  private release(...vectors: Float64Array[]): void {
    for (const vector of vectors)
      if (this.spare.length < SPARE_LIMIT && vector.length === this.point.length)
        this.spare.push(vector);
  }

  /** d = −H·g into `into` (a spare vector when not given). */
  private direction(gradient: Float64Array, into = this.vector()): Float64Array {
    const pairs = {
      steps: this.steps,
      changes: this.gradientChanges,
      curvatures: this.curvatures,
      changeSquares: this.changeSquares,
    };
    return twoLoopDirection(gradient, pairs, into);
  }

  private remember(s: Float64Array, y: Float64Array): void {
    const curvature = dot(s, y);
    const square = dot(y, y);
    // L-BFGS-B skips a pair unless sᵀy > eps·yᵀy (keeps H positive definite).
    if (!(curvature > 2.220446049250313e-16 * square)) return this.release(s, y);
    this.steps.push(s);
    this.gradientChanges.push(y);
    this.curvatures.push(curvature);
    this.changeSquares.push(square);
    if (this.steps.length > this.options.memory) {
      this.release(
        this.steps.shift() as Float64Array,
        this.gradientChanges.shift() as Float64Array,
      );
      this.curvatures.shift();
      this.changeSquares.shift();
    }
  }

  private startingStop(): OptimizerStop | null {
    const value = this.current as CostAndGradient;
    if (maxAbs(value.gradient) <= this.options.gradientTolerance) return 'gradient-tolerance';
    if (this.iteration >= this.options.maxIterations) return 'max-iterations';
    if (this.evaluations >= this.options.maxEvaluations) return 'max-evaluations';
    return null;
  }

  /**
   * One iteration: direction, line search, update of x and the history, stopping tests.
   * The first call only evaluates x0 and reports iteration 0. After a stop, returns the last report.
   */
  async step(): Promise<IterationReport> {
    if (this.lastReport?.stop) return this.lastReport;
    if (!this.current) {
      this.current = await this.evaluate(this.point);
      if (!Number.isFinite(this.current.cost))
        throw new RangeError(`the cost at the starting point is ${this.current.cost}`);
      if (this.lastReport === null) return this.report(this.startingStop());
    }
    const previous = this.current;
    const gradient = previous.gradient;
    const direction = this.direction(gradient);
    try {
      return await this.searchAlong(direction, previous);
    } finally {
      this.release(direction);
    }
  }

  /** The line search along `direction` from the current point, and what follows from it. */
  private async searchAlong(
    direction: Float64Array,
    previous: CostAndGradient,
  ): Promise<IterationReport> {
    const gradient = previous.gradient;
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (bad curvature information): start again from steepest descent.
      this.resetHistory();
      this.direction(gradient, direction);
      slope = dot(gradient, direction);
      if (!(slope < 0))
        return this.report(maxAbs(gradient) === 0 ? 'gradient-tolerance' : 'line-search-failed');
    }
    let search = await this.lineSearch(direction, slope);
    if (!search && this.steps.length > 0) {
      this.resetHistory();
      this.direction(gradient, direction);
      search = await this.lineSearch(direction, dot(gradient, direction));
    }
    if (!search && this.graceLeft > 0 && this.evaluations < this.options.maxEvaluations) {
      // Right after a change the run goes on: an iteration that found no lower cost, x as it was.
      this.graceLeft--;
      this.iteration++;
      return this.report(null);
    }
    if (!search)
      return this.report(
        this.evaluations >= this.options.maxEvaluations ? 'max-evaluations' : 'line-search-failed',
      );

    const s = this.vector();
    const y = this.vector();
    for (let i = 0; i < s.length; i++) {
      s[i] = search.x[i] - this.point[i];
      y[i] = search.value.gradient[i] - gradient[i];
    }
    this.remember(s, y);
    this.release(this.point);
    this.options.recycleGradient?.(gradient);
    this.point = search.x;
    this.current = search.value;
    this.iteration++;

    const reduction =
      (previous.cost - search.value.cost) /
      Math.max(Math.abs(previous.cost), Math.abs(search.value.cost), 1);
    let stop: OptimizerStop | null = null;
    const settling = this.graceLeft > 0;
    if (settling) this.graceLeft--;
    if (!settling && maxAbs(search.value.gradient) <= this.options.gradientTolerance)
      stop = 'gradient-tolerance';
    else if (!settling && reduction <= this.options.relativeReduction) stop = 'relative-reduction';
    else if (this.iteration >= this.options.maxIterations) stop = 'max-iterations';
    else if (this.evaluations >= this.options.maxEvaluations) stop = 'max-evaluations';
    return this.report(stop);
  }

  private async lineSearch(direction: Float64Array, slope: number) {
    const value = this.current as CostAndGradient;
    // Without history a step of unit length, α = 1/‖d‖ as L-BFGS-B; otherwise α = 1.
    const initialStep = this.steps.length === 0 ? 1 / Math.sqrt(dot(direction, direction)) : 1;
    const budget = Math.min(
      this.options.maxLineSearchSteps,
      this.options.maxEvaluations - this.evaluations,
    );
    if (budget <= 0) return null;
    const result = await strongWolfeLineSearch(
      (theta) => this.evaluate(theta),
      this.point,
      direction,
      value.cost,
      slope,
      initialStep,
      { ...WOLFE, maxSteps: budget },
      {
        take: () => this.vector(),
        release: (point, gradient) => {
          this.release(point);
          if (gradient) this.options.recycleGradient?.(gradient);
        },
      },
    );
    return result.accepted;
  }
}

/** Runs L-BFGS until a stopping rule holds; calls onIteration after every iteration (0 included). */
export async function minimize(
  objective: Objective,
  x0: Float64Array,
  options: Partial<LbfgsOptions> = {},
  onIteration?: (report: IterationReport) => void,
): Promise<{ x: Float64Array; report: IterationReport }> {
  const optimizer = new Lbfgs(objective, x0, options);
  for (;;) {
    const report = await optimizer.step();
    onIteration?.(report);
    if (report.stop) return { x: optimizer.x, report };
  }
}
