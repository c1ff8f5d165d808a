/**
 * A line search for the strong Wolfe conditions (Nocedal & Wright, Algorithms 3.5 and 3.6) with
 * safeguarded cubic interpolation: φ(α) ≤ φ(0) + c1·α·φ'(0) and |φ'(α)| ≤ c2·|φ'(0)|.
 */
import { dot } from './optimizer';
import type { CostAndGradient, Objective } from './types';

export interface LineSearchOptions {
  /** Sufficient decrease, SciPy L-BFGS-B's ftol = 1e-3. */
  c1: number;
  /** Curvature, SciPy L-BFGS-B's gtol = 0.9. */
  c2: number;
  /** Most objective evaluations in one search. */
  maxSteps: number;
}

export interface LineSearchTrial {
  alpha: number;
  x: Float64Array;
  value: CostAndGradient;
  /** φ(α) and φ'(α) = ∇J(x + αd)ᵀd. */
  phi: number;
  slope: number;
}

/**
 * Where trial points come from, and where the points and gradients of trials not taken go back
 * to (default: new vectors, dropped).
 */
export interface PointBuffers {
  take(): Float64Array;
  release(point: Float64Array, gradient: Float64Array | null): void;
}

export interface LineSearchResult {
  /** The accepted point, or null if none decreased J enough. */
  accepted: LineSearchTrial | null;
  evaluations: number;
}

/**
 * Minimiser of the cubic through (a, φa, φ'a) and (b, φb, φ'b) (N&W eq. 3.59); NaN when it has none.
 */
function cubicMinimizer(
  a: number,
  phiA: number,
  slopeA: number,
  b: number,
  phiB: number,
  slopeB: number,
): number {
  const d1 = slopeA + slopeB - (3 * (phiA - phiB)) / (a - b);
  const radicand = d1 * d1 - slopeA * slopeB;
  if (!(radicand >= 0) || !Number.isFinite(radicand)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(radicand);
  return b - ((b - a) * (slopeB + d2 - d1)) / (slopeB - slopeA + 2 * d2);
}

/** Searches along direction d from x (J(x) = phi0, slope0 = ∇J(x)ᵀd < 0), first trying α = initialStep. */
export async function strongWolfeLineSearch(
  objective: Objective,
  x: Float64Array,
  direction: Float64Array,
  phi0: number,
  slope0: number,
  initialStep: number,
  options: LineSearchOptions,
  buffers?: PointBuffers,
): Promise<LineSearchResult> {
  const { c1, c2, maxSteps } = options;
  let evaluations = 0;
  /** The trials' points and gradients, handed back to `buffers` at the end but the one taken. */
  const made: { point: Float64Array; gradient: Float64Array | null }[] = [];

  const trial = async (alpha: number): Promise<LineSearchTrial> => {
    const point = buffers ? buffers.take() : new Float64Array(x.length);
    const record: (typeof made)[number] = { point, gradient: null };
    made.push(record);
    for (let i = 0; i < x.length; i++) point[i] = x[i] + alpha * direction[i];
    const value = await objective(point);
    record.gradient = value.gradient;
    evaluations++;
    const finite = Number.isFinite(value.cost);
    return {
      alpha,
      x: point,
      value,
      phi: finite ? value.cost : Infinity,
      slope: finite ? dot(value.gradient, direction) : NaN,
    };
  };
  const sufficientDecrease = (t: LineSearchTrial) => t.phi <= phi0 + c1 * t.alpha * slope0;
  const curvature = (t: LineSearchTrial) => Math.abs(t.slope) <= -c2 * slope0;
  const start: LineSearchTrial = {
    alpha: 0,
    x,
    value: null as unknown as CostAndGradient,
    phi: phi0,
    slope: slope0,
  };

  /** Algorithm 3.6: lo satisfies sufficient decrease and has the lowest φ; the minimiser lies between lo and hi. */
  const zoom = async (lo: LineSearchTrial, hi: LineSearchTrial): Promise<LineSearchResult> => {
    while (evaluations < maxSteps) {
      const low = Math.min(lo.alpha, hi.alpha);
      const width = Math.abs(hi.alpha - lo.alpha);
      if (width <= 1e-16 * Math.max(1, Math.abs(hi.alpha))) break;
      let alpha = Number.isFinite(hi.phi)
        ? cubicMinimizer(lo.alpha, lo.phi, lo.slope, hi.alpha, hi.phi, hi.slope)
        : NaN;
      // Keep the trial well inside the interval; otherwise bisect.
      if (!(alpha >= low + 0.1 * width && alpha <= low + 0.9 * width))
        alpha = (lo.alpha + hi.alpha) / 2;
      const t = await trial(alpha);
      if (!sufficientDecrease(t) || t.phi >= lo.phi) {
        hi = t;
      } else {
        if (curvature(t)) return { accepted: t, evaluations };
        if (t.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = t;
      }
    }
    return { accepted: lo.alpha > 0 ? lo : null, evaluations };
  };

  // Algorithm 3.5: grow α until the minimiser is bracketed.
  const bracket = async (): Promise<LineSearchResult> => {
    let previous = start;
    let alpha = initialStep;
    while (evaluations < maxSteps) {
      const t = await trial(alpha);
      if (!sufficientDecrease(t) || (previous.alpha > 0 && t.phi >= previous.phi))
        return zoom(previous, t);
      if (curvature(t)) return { accepted: t, evaluations };
      if (t.slope >= 0) return zoom(t, previous);
      const lower = t.alpha + 1.1 * (t.alpha - previous.alpha);
      const upper = t.alpha + 4 * (t.alpha - previous.alpha);
      const extrapolated = cubicMinimizer(
        previous.alpha,
        previous.phi,
        previous.slope,
        t.alpha,
        t.phi,
        t.slope,
      );
      alpha = Number.isNaN(extrapolated) ? upper : Math.min(Math.max(extrapolated, lower), upper);
      previous = t;
    }
    return { accepted: previous.alpha > 0 ? previous : null, evaluations };
  };

  const result = await bracket();
  if (buffers)
    for (const { point, gradient } of made)
      if (point !== result.accepted?.x) buffers.release(point, gradient);
  return result;
}
