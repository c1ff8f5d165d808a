/**
 * The unit inspector and the sparsity-health figures in the worker, on the run's current weights:
 * a2 and Σ‖a3 − x‖² come from the training's own last evaluation when its cost model keeps them
 * (the WebAssembly kernel over all examples), else from the kernel's forward pass
 * (src/engine/forward.ts). While training it recomputes after an iteration at most once a second,
 * and less often when a computation took long (so that it costs training at most ~10%).
 */
import {
  centredScales,
  correlatedUnits,
  densityHistogram,
  healthFigures,
  middleExamples,
  topExamples,
  totalVariance,
  unitHistogram,
  unitRates,
  type Activations,
} from '../core/inspect';
import type { CostModel } from '../core/cost-model';
import { probeExample } from '../core/probe';
import type { DataMatrix, ModelShape } from '../core/types';
import { createForward, type Forward } from '../engine/forward';
import type { Inspection, ProbeView, UnitView } from './protocol';

/** At most this often while training. */
export const INSPECT_INTERVAL_MS = 1000;
/** The time between computations is at least this many times the last one's cost. */
const COST_FACTOR = 10;
export const TOP_EXAMPLES = 16;
export const MIDDLE_EXAMPLES = 8;

export interface InspectorSource {
  data: DataMatrix;
  exampleSide: number;
  shape: ModelShape;
  theta: Float64Array;
  iteration: number;
  /** The run's cost model, when it keeps the last evaluation's a2. */
  model: CostModel | null;
}

const sameValues = (a: Float64Array, b: Float64Array) => {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
};

/** Gathers examples (columns of a features × m matrix) as count × features rows. */
function gather(data: DataMatrix, examples: number[]): Float32Array {
  const { visibleSize: v, exampleCount: m, values } = data;
  const out = new Float32Array(examples.length * v);
  examples.forEach((e, k) => {
    for (let i = 0; i < v; i++) out[k * v + i] = values[i * m + e];
  });
  return out;
}

function unitView(
  a2: Activations,
  source: InspectorSource,
  theta: Float64Array,
  unit: number,
  rates: ReturnType<typeof unitRates>,
): UnitView {
  const { visibleSize: v, hiddenSize: h } = source.shape;
  const m = a2.exampleCount;
  const top = topExamples(a2, unit, Math.min(TOP_EXAMPLES, m));
  const middle = middleExamples(a2, unit, Math.min(MIDDLE_EXAMPLES, m));
  const decoder = new Float32Array(v);
  for (let i = 0; i < v; i++) decoder[i] = theta[h * v + i * h + unit];
  return {
    unit,
    meanActivation: rates.meanActivation[unit],
    firingRate: rates.firingRate[unit],
    encoder: Float32Array.from(theta.subarray(unit * v, (unit + 1) * v)),
    decoder,
    top,
    topActivations: top.map((e) => a2.values[unit * m + e]),
    topExamples: gather(source.data, top),
    middle,
    middleActivations: middle.map((e) => a2.values[unit * m + e]),
    middleExamples: gather(source.data, middle),
    histogram: unitHistogram(a2, unit),
    correlated: correlatedUnits(a2, unit, 3, centredScales(a2)),
  };
}

export function createInspector(now: () => number = () => performance.now()) {
  let forward: { key: DataMatrix; hidden: number; pass: Promise<Forward> } | null = null;
  let variance: { key: DataMatrix; value: number } | null = null;
  let last = -Infinity;
  let cost = 0;
  let busy = false;

  const forwardFor = (data: DataMatrix, shape: ModelShape) => {
    if (!forward || forward.key !== data || forward.hidden !== shape.hiddenSize) {
      void forward?.pass.then((f) => f.dispose()).catch(() => undefined);
      forward = { key: data, hidden: shape.hiddenSize, pass: createForward(data, shape) };
    }
    return forward.pass;
  };

  /** a2, Σ‖x − x̂‖² and the θ they belong to: training's last evaluation if at θ, else a forward pass. */
  const activations = async (source: InspectorSource) => {
    const kept = source.model?.lastActivations?.() ?? null;
    if (kept && sameValues(kept.theta, source.theta)) return kept;
    const pass = await forwardFor(source.data, source.shape);
    const { hidden, squaredError } = pass.run(source.theta, { output: true });
    return { theta: source.theta, hidden, squaredError };
  };

  /** Everything the inspector shows, for `unit` (null: the health figures only). */
  async function compute(
    source: InspectorSource,
    unit: number | null,
    threshold: number,
  ): Promise<Inspection> {
    const started = now();
    const { data, shape } = source;
    const { theta, hidden, squaredError } = await activations(source);
    const a2: Activations = {
      hiddenSize: shape.hiddenSize,
      exampleCount: data.exampleCount,
      values: hidden,
    };
    if (variance?.key !== data)
      variance = {
        key: data,
        value: totalVariance(data.values, data.visibleSize, data.exampleCount),
      };
    const rates = unitRates(a2, threshold);
    const result: Inspection = {
      iteration: source.iteration,
      health: healthFigures(rates, squaredError, variance.value, data.exampleCount, threshold),
      meanActivation: Float32Array.from(rates.meanActivation),
      firingRate: Float32Array.from(rates.firingRate),
      density: densityHistogram(rates.firingRate),
      unit:
        unit !== null && unit >= 0 && unit < shape.hiddenSize
          ? unitView(a2, source, theta, unit, rates)
          : null,
      exampleSide: source.exampleSide,
      costMs: 0,
    };
    cost = now() - started;
    result.costMs = cost;
    last = now();
    return result;
  }

  return {
    compute,
    /** Whether a computation after this iteration keeps within the budget (≥ 1 s, ≥ 10× its cost). */
    due: () => !busy && now() - last >= Math.max(INSPECT_INTERVAL_MS, COST_FACTOR * cost),
    /** Runs `task` unless one is running (computations never overlap). */
    async once<T>(task: () => Promise<T>): Promise<T | null> {
      if (busy) return null;
      busy = true;
      try {
        return await task();
      } finally {
        busy = false;
      }
    },
    /** The probe: the example (a data column or given values), its code and clamped reconstruction. */
    probe(
      source: Pick<InspectorSource, 'data' | 'shape' | 'theta'>,
      input: { example: number } | { values: Float32Array },
      clamps: [number, number][],
    ): ProbeView {
      const x =
        'example' in input
          ? gather(source.data, [
              Math.max(0, Math.min(source.data.exampleCount - 1, input.example)),
            ])
          : Float32Array.from(input.values);
      const { hidden, reconstruction } = probeExample(source.theta, source.shape, x, clamps);
      return {
        input: x,
        hidden: Float32Array.from(hidden),
        reconstruction: Float32Array.from(reconstruction),
      };
    },
    dispose() {
      void forward?.pass.then((f) => f.dispose()).catch(() => undefined);
      forward = null;
    },
  };
}
