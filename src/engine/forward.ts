/**
 * The forward pass of any data matrix on the WebAssembly SIMD kernel (the training's fast path):
 * a2 = σ(W1·x + b1) (hidden × m) and x̂ = σ(W2·a2 + b2) (visible × m) with Σ‖x − x̂‖², for the
 * unit inspector, the sparsity-health figures and the features of other data (self-taught
 * learning). The data is copied in once; each call writes θ and runs the kernel on this thread.
 * Without WebAssembly SIMD it falls back to the float64 reference (src/core/reference.ts).
 */
import { checkData, parameterCount } from '../core/params';
import { forwardPass } from '../core/reference';
import type { DataMatrix, ModelShape } from '../core/types';
import { kernelBinaries } from './kernel/kernel-binary';
import {
  PAGE,
  decodeBase64,
  defaultTile,
  planLayout,
  regionAt,
  regionEnd,
  roundUp,
  wasmSimdSupport,
} from './kernel/kernel-layout';
import { JOB_BASE, kernelImports } from './kernel/kernel-threads';

export interface ForwardResult {
  /** a2, hidden × m, row-major (one example per column). */
  hidden: Float32Array | Float64Array;
  /** x̂, visible × m, row-major; only when asked for. */
  output?: Float32Array | Float64Array;
  /** Σ‖x − x̂‖² over the examples (when the output was computed). */
  squaredError: number;
}

export interface Forward {
  readonly shape: ModelShape;
  readonly exampleCount: number;
  /** 'kernel' (float32 SIMD) or 'reference' (float64). */
  readonly variant: 'kernel' | 'reference';
  /** a2 (and, with `output`, x̂ and Σ‖x − x̂‖²) of every example at θ. */
  run(theta: Float64Array, options?: { output?: boolean }): ForwardResult;
  /** a2 = σ(W1·x + b1) of every example, hidden × m. */
  hidden(theta: Float64Array): Float32Array | Float64Array;
  dispose(): void;
}

interface ForwardExports {
  forwardHidden(job: number, generation: number): void;
  forwardOutput(job: number): void;
}

/** The forward pass of `data` for models of `shape`, on the kernel when the engine runs it. */
export async function createForward(
  data: DataMatrix,
  shape: ModelShape,
  options: { kernel?: boolean } = {},
): Promise<Forward> {
  checkData(data, shape);
  const support = wasmSimdSupport();
  if (options.kernel === false || !support.simd) return referenceForward(data, shape);
  return kernelForward(data, shape, support.relaxed);
}

function checkTheta(theta: Float64Array, shape: ModelShape): void {
  const expected = parameterCount(shape);
  if (theta.length !== expected)
    throw new RangeError(
      `θ has ${theta.length} values, expected ${expected} for ${shape.visibleSize}→${shape.hiddenSize}`,
    );
}

function referenceForward(data: DataMatrix, shape: ModelShape): Forward {
  const forward: Forward = {
    shape,
    exampleCount: data.exampleCount,
    variant: 'reference',
    run(theta, options = {}) {
      checkTheta(theta, shape);
      const { hidden, output } = forwardPass(theta, shape, data);
      if (!options.output) return { hidden, squaredError: NaN };
      let squaredError = 0;
      for (let k = 0; k < output.length; k++) squaredError += (output[k] - data.values[k]) ** 2;
      return { hidden, output, squaredError };
    },
    hidden: (theta) => forward.run(theta).hidden,
    dispose() {},
  };
  return forward;
}

async function kernelForward(
  data: DataMatrix,
  shape: ModelShape,
  relaxed: boolean,
): Promise<Forward> {
  const { visibleSize, hiddenSize } = shape;
  const m = data.exampleCount;
  const layout = planLayout(shape, 1, roundUp(defaultTile(roundUp(visibleSize, 4)), 8));
  const region = regionAt(layout, layout.end, m);
  const outputAt = regionEnd(layout, region);
  // The output matrix also holds forwardHidden's packed tile of x (tile columns, even when m < tile).
  const end = outputAt + 4 * layout.visiblePad * Math.max(region.ld, layout.tile);
  const pages = Math.ceil(end / PAGE);
  if (pages > 65536) throw new RangeError('the data is too large for the kernel’s 4 GB memory');
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const module = await WebAssembly.compile(
    decodeBase64(relaxed ? kernelBinaries.plainRelaxed : kernelBinaries.plain),
  );
  const kernel = new WebAssembly.Instance(module, kernelImports(memory))
    .exports as unknown as ForwardExports;
  const heap = new Float32Array(memory.buffer);
  for (let r = 0; r < visibleSize; r++)
    heap.set(data.values.subarray(r * m, (r + 1) * m), region.data / 4 + r * region.ld);
  const scratch = layout.perThread[0];
  new Int32Array(memory.buffer, JOB_BASE, 24).set([
    region.data,
    region.ld,
    0,
    roundUp(m, 8),
    m,
    visibleSize,
    layout.visiblePad,
    hiddenSize,
    layout.hiddenPad,
    layout.W1,
    layout.W2,
    layout.b1,
    layout.b2,
    layout.sparsityDelta,
    region.a2,
    outputAt,
    scratch.hiddenTile,
    layout.tile,
    scratch.hiddenSum,
    scratch.gradW1,
    scratch.gradW2,
    scratch.gradB1,
    scratch.gradB2,
    scratch.squaredError,
  ]);
  const weightCount = hiddenSize * visibleSize;
  let disposed = false;

  /** W1 and W2 into their padded rows, b1 and b2 (padding stays zero). */
  function writeParameters(theta: Float64Array): void {
    const { visiblePad, hiddenPad } = layout;
    for (let j = 0; j < hiddenSize; j++)
      heap.set(
        theta.subarray(j * visibleSize, (j + 1) * visibleSize),
        layout.W1 / 4 + j * visiblePad,
      );
    for (let i = 0; i < visibleSize; i++) {
      const from = weightCount + i * hiddenSize;
      heap.set(theta.subarray(from, from + hiddenSize), layout.W2 / 4 + i * hiddenPad);
    }
    heap.set(theta.subarray(2 * weightCount, 2 * weightCount + hiddenSize), layout.b1 / 4);
    heap.set(theta.subarray(2 * weightCount + hiddenSize), layout.b2 / 4);
  }

  /** The first `rows` rows of a region (ld columns apart) as one rows × m matrix. */
  function compact(at: number, rows: number): Float32Array {
    const out = new Float32Array(rows * m);
    for (let r = 0; r < rows; r++)
      out.set(heap.subarray(at / 4 + r * region.ld, at / 4 + r * region.ld + m), r * m);
    return out;
  }

  const forward: Forward = {
    shape,
    exampleCount: m,
    variant: 'kernel',
    run(theta, options = {}) {
      if (disposed) throw new Error('the forward pass was disposed');
      checkTheta(theta, shape);
      writeParameters(theta);
      kernel.forwardHidden(JOB_BASE, 0);
      const hidden = compact(region.a2, hiddenSize);
      if (!options.output) return { hidden, squaredError: NaN };
      kernel.forwardOutput(JOB_BASE);
      const squaredError = new Float64Array(memory.buffer, scratch.squaredError, 1)[0];
      return { hidden, output: compact(outputAt, visibleSize), squaredError };
    },
    hidden: (theta) => forward.run(theta).hidden,
    dispose() {
      disposed = true;
    },
  };
  return forward;
}
