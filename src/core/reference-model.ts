/** The float64 reference behind the CostModel interface: exact, CPU-only, no tfjs. */
import type { CostModel } from './cost-model';
import { referenceCostAndGradient } from './reference';
import type { DataMatrix, ModelShape } from './types';

/** The columns `batch` of a visible × m matrix, as a visible × batch.length matrix. */
function selectExamples(data: DataMatrix, batch: Int32Array): DataMatrix {
  const { visibleSize, exampleCount: m } = data;
  const count = batch.length;
  const values = new Float64Array(visibleSize * count);
  for (let f = 0; f < visibleSize; f++)
    for (let k = 0; k < count; k++) values[f * count + k] = data.values[f * m + batch[k]];
  return { visibleSize, exampleCount: count, values };
}

/** A CostModel whose evaluate is referenceCostAndGradient on all examples or on a minibatch. */
export function createReferenceCostModel(data: DataMatrix, shape: ModelShape): CostModel {
  const values = data.values instanceof Float64Array ? data.values : Float64Array.from(data.values);
  const all: DataMatrix = { ...data, values };
  let disposed = false;
  return {
    shape,
    exampleCount: data.exampleCount,
    async evaluate(theta, hyper, batch) {
      if (disposed) throw new Error('this cost model has been disposed');
      return referenceCostAndGradient(
        theta,
        batch ? selectExamples(all, batch) : all,
        shape,
        hyper,
      );
    },
    dispose() {
      disposed = true;
    },
  };
}
