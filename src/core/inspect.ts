/**
 * What the hidden units do on a data matrix: the unit inspector's and the sparsity-health figures,
 * from the hidden activations a2 = σ(W1·x + b1) (hidden × m, row-major, one example per column)
 * and the reconstruction error. The same definitions serve the page, the CLI and the tests
 * (scripts/inspect_reference.py is their float64 NumPy port):
 *   meanActivation ρ̂ⱼ = mean of a2ⱼ; firingRate = fraction of examples with a2ⱼ > τ;
 *   dead: firingRate = 0; dense: firingRate > 0.5; L0 of an example = #units with a2 > τ;
 *   NMSE = Σ‖x − x̂‖² / Σ‖x − x̄‖²; explained variance = 1 − NMSE.
 */

/** Hidden activations of m examples: values[unit · exampleCount + example]. */
export interface Activations {
  hiddenSize: number;
  exampleCount: number;
  values: Float32Array | Float64Array;
}

/** The threshold τ's default: a unit fires on an example when its a2 is above it. */
export const DEFAULT_THRESHOLD = 0.5;
/** Bins of a unit's activation histogram over [0, 1]. */
export const HISTOGRAM_BINS = 50;
/** Above this firing rate a unit is dense. */
export const DENSE_RATE = 0.5;

export interface UnitRates {
  /** ρ̂ⱼ = (1/m) Σ_e a2ⱼ(e). */
  meanActivation: Float64Array;
  /** (1/m) #{e : a2ⱼ(e) > τ}. */
  firingRate: Float64Array;
  /** meanL0 = (1/m) Σ_e #{j : a2ⱼ(e) > τ}. */
  meanL0: number;
  deadUnits: number;
  denseUnits: number;
}

/** ρ̂, firing rates, mean L0 and the dead (rate 0) and dense (rate > 0.5) counts. */
export function unitRates(a2: Activations, threshold = DEFAULT_THRESHOLD): UnitRates {
  const { hiddenSize: h, exampleCount: m, values } = a2;
  const meanActivation = new Float64Array(h);
  const firingRate = new Float64Array(h);
  let fired = 0;
  let deadUnits = 0;
  let denseUnits = 0;
  for (let j = 0; j < h; j++) {
    let sum = 0;
    let count = 0;
    for (let e = j * m, end = e + m; e < end; e++) {
      const a = values[e];
      sum += a;
      if (a > threshold) count++;
    }
    meanActivation[j] = sum / m;
    firingRate[j] = count / m;
    fired += count;
    if (count === 0) deadUnits++;
    if (count / m > DENSE_RATE) denseUnits++;
  }
  return { meanActivation, firingRate, meanL0: fired / m, deadUnits, denseUnits };
}

/** Σ‖x − x̄‖² over the examples of a features × m matrix (x̄ the mean example), in float64. */
export function totalVariance(
  values: ArrayLike<number>,
  features: number,
  exampleCount: number,
): number {
  let total = 0;
  for (let i = 0; i < features; i++) {
    const row = i * exampleCount;
    let sum = 0;
    for (let e = 0; e < exampleCount; e++) sum += values[row + e];
    const mean = sum / exampleCount;
    for (let e = 0; e < exampleCount; e++) {
      const d = values[row + e] - mean;
      total += d * d;
    }
  }
  return total;
}

/** Σ‖x − x̂‖² over two matrices of the same layout, in float64. */
export function squaredErrorSum(x: ArrayLike<number>, reconstruction: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < x.length; k++) {
    const d = x[k] - reconstruction[k];
    total += d * d;
  }
  return total;
}

export interface Health {
  examples: number;
  threshold: number;
  /** Σ‖x − x̂‖² / Σ‖x − x̄‖². */
  nmse: number;
  /** 1 − NMSE. */
  explainedVariance: number;
  meanL0: number;
  deadUnits: number;
  denseUnits: number;
}

/** The sparsity-health figures from the unit rates and the two sums of NMSE. */
export function healthFigures(
  rates: UnitRates,
  squaredError: number,
  variance: number,
  examples: number,
  threshold = DEFAULT_THRESHOLD,
): Health {
  const nmse = squaredError / variance;
  return {
    examples,
    threshold,
    nmse,
    explainedVariance: 1 - nmse,
    meanL0: rates.meanL0,
    deadUnits: rates.deadUnits,
    denseUnits: rates.denseUnits,
  };
}

/** The k examples with the largest a2ⱼ, largest first, ties to the lower index. */
export function topExamples(a2: Activations, unit: number, k: number): number[] {
  const { exampleCount: m, values } = a2;
  const row = unit * m;
  const chosen: number[] = [];
  for (let e = 0; e < m; e++) {
    const a = values[row + e];
    if (chosen.length === k && !(a > values[row + chosen[k - 1]])) continue;
    // Insert after every kept example at least as large (the lower index wins a tie).
    let at = chosen.length;
    while (at > 0 && a > values[row + chosen[at - 1]]) at--;
    chosen.splice(at, 0, e);
    if (chosen.length > k) chosen.pop();
  }
  return chosen;
}

/** `count` examples from the middle of unit j's distribution (around its median a2ⱼ). */
export function middleExamples(a2: Activations, unit: number, count: number): number[] {
  const { exampleCount: m, values } = a2;
  const row = unit * m;
  const order = Array.from({ length: m }, (_, e) => e);
  order.sort((p, q) => values[row + q] - values[row + p] || p - q);
  const from = Math.max(0, Math.min(m - count, Math.floor(m / 2 - count / 2)));
  return order.slice(from, from + count);
}

/** Counts of a2ⱼ in `bins` equal bins over [0, 1]; a value of exactly 1 goes in the last bin. */
export function unitHistogram(a2: Activations, unit: number, bins = HISTOGRAM_BINS): number[] {
  const { exampleCount: m, values } = a2;
  const counts = new Array<number>(bins).fill(0);
  for (let e = unit * m, end = e + m; e < end; e++) {
    const bin = Math.floor(values[e] * bins);
    counts[Math.max(0, Math.min(bins - 1, bin))]++;
  }
  return counts;
}

/** Per-unit mean and 1/‖a2ⱼ − mean‖ for Pearson correlations (0 for a constant unit). */
export function centredScales(a2: Activations): { mean: Float64Array; inverseNorm: Float64Array } {
  const { hiddenSize: h, exampleCount: m, values } = a2;
  const mean = new Float64Array(h);
  const inverseNorm = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    let sum = 0;
    for (let e = j * m, end = e + m; e < end; e++) sum += values[e];
    mean[j] = sum / m;
    let squares = 0;
    for (let e = j * m, end = e + m; e < end; e++) squares += (values[e] - mean[j]) ** 2;
    inverseNorm[j] = squares > 0 ? 1 / Math.sqrt(squares) : 0;
  }
  return { mean, inverseNorm };
}

/**
 * The `count` other units with the highest Pearson correlation r = Σ(a2ⱼ − ā2ⱼ)(a2ᵢ − ā2ᵢ) /
 * (‖a2ⱼ − ā2ⱼ‖‖a2ᵢ − ā2ᵢ‖) over the examples, as [unit, r], highest first (ties to the lower unit).
 */
export function correlatedUnits(
  a2: Activations,
  unit: number,
  count = 3,
  scales = centredScales(a2),
): [number, number][] {
  const { hiddenSize: h, exampleCount: m, values } = a2;
  const { mean, inverseNorm } = scales;
  const centred = new Float64Array(m);
  for (let e = 0; e < m; e++) centred[e] = values[unit * m + e] - mean[unit];
  const all: [number, number][] = [];
  for (let i = 0; i < h; i++) {
    if (i === unit) continue;
    let sum = 0;
    const mi = mean[i];
    for (let e = 0, row = i * m; e < m; e++) sum += centred[e] * (values[row + e] - mi);
    all.push([i, sum * inverseNorm[i] * inverseNorm[unit]]);
  }
  all.sort((p, q) => q[1] - p[1] || p[0] - q[0]);
  return all.slice(0, count);
}

/**
 * The feature-density histogram of the SAE literature: units binned by log10 firing rate, bins
 * `width` decades wide from `from` up to 0 (rate 1); dead units (rate 0) are counted apart.
 */
export function densityHistogram(
  firingRate: ArrayLike<number>,
  from = -5,
  width = 0.5,
): { edges: number[]; counts: number[]; dead: number } {
  const bins = Math.round(-from / width);
  const edges = Array.from({ length: bins + 1 }, (_, b) => from + b * width);
  const counts = new Array<number>(bins).fill(0);
  let dead = 0;
  for (let j = 0; j < firingRate.length; j++) {
    const rate = firingRate[j];
    if (rate <= 0) {
      dead++;
      continue;
    }
    const bin = Math.floor((Math.log10(rate) - from) / width);
    counts[Math.max(0, Math.min(bins - 1, bin))]++;
  }
  return { edges, counts, dead };
}

/** One unit's figures as the CLI prints them. */
export interface UnitReport {
  unit: number;
  meanActivation: number;
  firingRate: number;
  top: number[];
  histogram: number[];
  correlated: [number, number][];
}

/** The CLI's whole report: the health figures and every unit's. */
export interface InspectReport extends Health {
  units: UnitReport[];
}

/** Health figures and every unit's view (top `top` examples, histogram, 3 correlated units). */
export function inspectReport(
  a2: Activations,
  squaredError: number,
  variance: number,
  threshold = DEFAULT_THRESHOLD,
  top = 16,
): InspectReport {
  const rates = unitRates(a2, threshold);
  const scales = centredScales(a2);
  const units: UnitReport[] = [];
  for (let j = 0; j < a2.hiddenSize; j++)
    units.push({
      unit: j,
      meanActivation: rates.meanActivation[j],
      firingRate: rates.firingRate[j],
      top: topExamples(a2, j, top),
      histogram: unitHistogram(a2, j),
      correlated: correlatedUnits(a2, j, 3, scales),
    });
  return {
    ...healthFigures(rates, squaredError, variance, a2.exampleCount, threshold),
    units,
  };
}
