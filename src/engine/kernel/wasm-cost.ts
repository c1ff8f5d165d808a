/**
 * The sparse autoencoder's cost and gradient on the CPU at native-BLAS-like speed: one WebAssembly
 * SIMD kernel (kernel.as with simd.as and passes.as) computes the forward pass, δ3, δ2 and the
 * gradient sums in float32 over tiles of examples, split across threads that share the data
 * (SharedArrayBuffer). The small per-unit terms (ρ̂, KL, weight decay, the 1/m and λW parts) are
 * done here in float64.
 */
import type { CostModel } from '../../core/cost-model';
import { checkData, parameterCount } from '../../core/params';
import { assembleCost } from '../../core/cost-model';
import type { CostAndGradient, DataMatrix, Hyperparameters, ModelShape } from '../../core/types';
import { kernelBinaries } from './kernel-binary';
import {
  PAGE,
  clearSums,
  decodeBase64,
  defaultTile,
  planLayout,
  regionAt,
  regionEnd,
  roundUp,
  wasmSimdSupport,
  writeJobDescriptors,
  writeWeights,
  type DataRegion,
} from './kernel-layout';
import {
  WIDEST_TILE,
  chooseTile,
  tileKey,
  timingColumns,
  type TileCache,
  type TileChoice,
} from './kernel-tune';
import { KernelThreads, MAX_THREADS, sharedMemoryAvailable } from './kernel-threads';

export { wasmSimdSupport };

export interface WasmCostModelOptions {
  /** Threads to use (the calling one included); default: min(cores, 4), 1 without shared memory. */
  threads?: number;
  /** Examples per tile (multiple of 8); default: tuned on this machine (kernel-tune.ts). */
  tile?: number;
  /** Where tuned tiles outlive the page (IndexedDB in the worker); default: this thread only. */
  tileCache?: TileCache;
  /** Threads to start (default `threads`); setThreads moves between 1 and this many. */
  maxThreads?: number;
  /** Use relaxed SIMD's fused multiply-add when the engine has it (default true). */
  fusedMultiplyAdd?: boolean;
  /** How long a helper thread may lag behind in one pass before the evaluation fails (ms). */
  deadlineMs?: number;
  /**
   * The page's busy flag: while the page works, the threads beyond cores − 1 step aside, so that
   * the page has a core to itself (kernel-threads.ts).
   */
  pageBusy?: Int32Array;
  /** Threads that go on while the page works (default: cores − 1, at least 1; 0: none). */
  keepWorking?: number;
}

export interface WasmCostModel extends CostModel {
  /** Threads that evaluate (1 = this thread only). */
  readonly threads: number;
  /** Threads started: setThreads chooses between 1 and this many. */
  readonly maxThreads: number;
  /**
   * Evaluates on `threads` of the started threads from the next evaluation on (clamped); results
   * differ only in float32 summation order.
   */
  setThreads(threads: number): void;
  /** The tile width used and how it was chosen (measured, cached or given). */
  readonly tile: TileChoice;
  /** 'simd' or 'simd+fma', and 'shared' when threaded. */
  readonly variant: string;
  /** For tests: ends helper thread `index` (1…) as a crash would. */
  killHelper(index: number): Promise<void>;
}

/** The cores this engine reports (2 where it reports none: Node 20). */
const cores = () => (globalThis.navigator?.hardwareConcurrency as number | undefined) ?? 2;

/** Cost-and-gradient model on the WebAssembly SIMD kernel; `data` is copied in once. */
export async function createWasmCostModel(
  data: DataMatrix,
  shape: ModelShape,
  options: WasmCostModelOptions = {},
): Promise<WasmCostModel> {
  checkData(data, shape);
  const support = wasmSimdSupport();
  if (!support.simd) throw new Error('this JavaScript engine has no WebAssembly SIMD');

  const shared = sharedMemoryAvailable();
  const clamp = (n: number) => Math.max(1, Math.min(MAX_THREADS - 1, Math.floor(n)));
  const wanted = clamp(options.threads ?? Math.min(cores(), 4));
  const threads = shared ? Math.max(wanted, clamp(options.maxThreads ?? wanted)) : 1;
  try {
    return await startModel(
      data,
      shape,
      options,
      threads,
      Math.min(wanted, threads),
      support.relaxed,
    );
  } catch (error) {
    // Helpers can be refused (a policy against workers, memory): one thread still works.
    if (threads === 1) throw error;
    return startModel(data, shape, options, 1, 1, support.relaxed);
  }
}

async function startModel(
  data: DataMatrix,
  shape: ModelShape,
  options: WasmCostModelOptions,
  threads: number,
  initialThreads: number,
  relaxedSimd: boolean,
): Promise<WasmCostModel> {
  const { visibleSize, hiddenSize } = shape;
  const fma = (options.fusedMultiplyAdd ?? true) && relaxedSimd;
  const variantName = `${threads > 1 ? 'shared' : 'plain'}${fma ? 'Relaxed' : ''}` as const;
  const binary = kernelBinaries[variantName];
  const given = options.tile ? roundUp(options.tile, 8) : null;
  let tile = given ?? defaultTile(roundUp(visibleSize, 4));
  let active = initialThreads;
  const layout = planLayout(shape, threads, given ?? Math.max(WIDEST_TILE, tile));
  const m = data.exampleCount;
  const full: DataRegion = regionAt(layout, layout.end, m);
  const fullEnd = regionEnd(layout, full);
  const maximumPages = Math.min(65536, Math.max(Math.ceil(fullEnd / PAGE) * 2, 16384));
  const memory = new WebAssembly.Memory({
    initial: Math.ceil(fullEnd / PAGE),
    maximum: maximumPages,
    ...(threads > 1 ? { shared: true } : {}),
  });
  const module = await WebAssembly.compile(decodeBase64(binary));
  const pool = await KernelThreads.start(module, memory, threads, {
    deadlineMs: options.deadlineMs,
    pageBusy: options.pageBusy,
    keepWorking: options.keepWorking ?? Math.max(1, cores() - 1),
  });

  // Copy the data in, rows padded to ld columns (padding stays zero).
  {
    const heap = new Float32Array(memory.buffer);
    const values = data.values;
    for (let r = 0; r < visibleSize; r++) {
      const row = full.data / 4 + r * full.ld;
      for (let e = 0; e < m; e++) heap[row + e] = values[r * m + e];
    }
  }

  // The tile: given, or tuned on a slice of this data (the weights are still zero: same work).
  const columns = timingColumns(layout.visiblePad, layout.hiddenPad, threads, m);
  const tileChoice: TileChoice = given
    ? { tile: given, source: 'given', timings: [] }
    : await chooseTile(
        tileKey(layout.visiblePad, layout.hiddenPad, initialThreads, fma),
        (candidate) => {
          tile = candidate;
          const region = { ...full, count: columns };
          writeJobs(region);
          const started = performance.now();
          runPass('forwardHidden', region);
          runPass('backward', region);
          return performance.now() - started;
        },
        options.tileCache,
      ).catch((error: unknown) => {
        pool.dispose();
        throw error;
      });
  tile = tileChoice.tile;

  let batchRegion: DataRegion | null = null;
  const weightCount = hiddenSize * visibleSize;
  const thetaLength = parameterCount(shape);

  /** Job descriptors for `region`: the first `active` threads share its columns. */
  function writeJobs(region: DataRegion): void {
    writeJobDescriptors(new Int32Array(memory.buffer), layout, region, shape, tile, active);
  }

  /** One pass over `region` (its jobs written), on the active threads, from zeroed sums. */
  function runPass(pass: 'forwardHidden' | 'backward', region: DataRegion): void {
    clearSums(new Float64Array(memory.buffer), layout, pass);
    pool.run(pass, active > 1 ? roundUp(region.count, 8) : 0);
  }

  function gatherBatch(batch: Int32Array): DataRegion {
    const count = batch.length;
    if (!batchRegion || batchRegion.ld < roundUp(count, 8)) {
      const region = regionAt(layout, fullEnd, count);
      const needed = regionEnd(layout, region);
      const pages = Math.ceil(needed / PAGE) - memory.buffer.byteLength / PAGE;
      if (pages > 0) memory.grow(pages);
      batchRegion = region;
    }
    const region = { ...batchRegion, count };
    const heap = new Float32Array(memory.buffer);
    for (let r = 0; r < visibleSize; r++) {
      const from = full.data / 4 + r * full.ld;
      const to = region.data / 4 + r * region.ld;
      for (let i = 0; i < count; i++) {
        const e = batch[i];
        if (!(e >= 0 && e < m)) throw new RangeError(`batch index ${e} is outside 0…${m - 1}`);
        heap[to + i] = heap[from + e];
      }
      heap.fill(0, to + count, to + region.ld);
    }
    return region;
  }

  let disposed = false;
  let busy: Promise<unknown> = Promise.resolve();
  /** Gradients handed back by the caller (recycle), written over by later evaluations. */
  const spareGradients: Float64Array[] = [];
  /** θ and Σ‖a3 − x‖² of the last evaluation over all examples (its a2 stays in `full`). */
  let lastFull: { theta: Float64Array; squaredError: number } | null = null;

  /**
   * The gradient from the threads' sums: each thread's added in thread order (row by row, so the
   * loops run over contiguous values), divided by m, and λW added to the weights; with Σw².
   */
  function assembleGradient(
    f64: Float64Array,
    theta: Float64Array,
    lambda: number,
    count: number,
  ): { gradient: Float64Array; weightSquares: number } {
    const { visiblePad, hiddenPad } = layout;
    const recycled = spareGradients.pop();
    const gradient = recycled ? recycled.fill(0) : new Float64Array(thetaLength);
    const b1 = 2 * weightCount;
    const b2 = b1 + hiddenSize;
    for (const scratch of layout.perThread) {
      for (let j = 0; j < hiddenSize; j++) {
        const from = scratch.gradW1 / 8 + j * visiblePad;
        const to = j * visibleSize;
        for (let k = 0; k < visibleSize; k++) gradient[to + k] += f64[from + k];
        gradient[b1 + j] += f64[scratch.gradB1 / 8 + j];
      }
      for (let i = 0; i < visibleSize; i++) {
        const from = scratch.gradW2 / 8 + i * hiddenPad;
        const to = weightCount + i * hiddenSize;
        for (let j = 0; j < hiddenSize; j++) gradient[to + j] += f64[from + j];
        gradient[b2 + i] += f64[scratch.gradB2 / 8 + i];
      }
    }
    let weightSquares = 0;
    for (let i = 0; i < b1; i++) {
      const w = theta[i];
      weightSquares += w * w;
      gradient[i] = gradient[i] / count + lambda * w;
    }
    for (let i = b1; i < thetaLength; i++) gradient[i] /= count;
    return { gradient, weightSquares };
  }

  function evaluateNow(
    theta: Float64Array,
    hyper: Hyperparameters,
    batch?: Int32Array,
  ): CostAndGradient {
    if (disposed) throw new Error('the WebAssembly cost model was disposed');
    if (theta.length !== thetaLength)
      throw new RangeError(
        `θ has ${theta.length} values, expected ${thetaLength} for ${visibleSize}→${hiddenSize}`,
      );
    const { rho, beta, lambda } = hyper;
    const region = batch ? gatherBatch(batch) : full;
    const count = region.count;
    writeJobs(region);
    writeWeights(new Float32Array(memory.buffer), layout, shape, theta);
    runPass('forwardHidden', region);

    // ρ̂, KL(ρ‖ρ̂) and its derivative, in float64.
    let f64 = new Float64Array(memory.buffer);
    const meanActivation = new Float64Array(hiddenSize);
    let divergence = 0;
    const heap = new Float32Array(memory.buffer);
    for (let j = 0; j < hiddenSize; j++) {
      let sum = 0;
      for (const scratch of layout.perThread) sum += f64[scratch.hiddenSum / 8 + j];
      const rhoHat = sum / count;
      meanActivation[j] = rhoHat;
      divergence += rho * Math.log(rho / rhoHat) + (1 - rho) * Math.log((1 - rho) / (1 - rhoHat));
      heap[layout.sparsityDelta / 4 + j] = beta * (-rho / rhoHat + (1 - rho) / (1 - rhoHat));
    }

    runPass('backward', region);
    f64 = new Float64Array(memory.buffer);
    let squaredError = 0;
    for (const scratch of layout.perThread) squaredError += f64[scratch.squaredError / 8];
    if (batch) lastFull = null;
    else {
      // θ kept in one buffer (a copy each evaluation would map fresh memory for it).
      const kept = lastFull?.theta ?? new Float64Array(thetaLength);
      kept.set(theta);
      lastFull = { theta: kept, squaredError };
    }
    const { gradient, weightSquares } = assembleGradient(f64, theta, lambda, count);
    return assembleCost({ squaredError, weightSquares, divergence, count }, hyper, {
      gradient,
      meanActivation,
    });
  }

  return {
    shape: { visibleSize, hiddenSize },
    exampleCount: m,
    get threads() {
      return active;
    },
    maxThreads: threads,
    setThreads(count) {
      active = Math.max(1, Math.min(threads, Math.floor(count)));
    },
    tile: tileChoice,
    get variant() {
      const threading =
        active > 1 ? `, ${active} threads` : threads > 1 ? `, 1 of ${threads} threads` : '';
      return `simd${fma ? '+fma' : ''}${threading}, tile ${tile} ${tileChoice.source}`;
    },
    evaluate(theta, hyper, batch) {
      // Evaluations run one at a time (they share the scratch memory).
      const result = busy.then(() => evaluateNow(theta, hyper, batch));
      busy = result.catch(() => undefined);
      return result;
    },
    lastActivations() {
      if (!lastFull || disposed) return null;
      const heap = new Float32Array(memory.buffer);
      const hidden = new Float32Array(hiddenSize * m);
      for (let j = 0; j < hiddenSize; j++)
        hidden.set(heap.subarray(full.a2 / 4 + j * full.ld, full.a2 / 4 + j * full.ld + m), j * m);
      // θ copied: the kept buffer is written over by the next evaluation.
      return { theta: lastFull.theta.slice(), squaredError: lastFull.squaredError, hidden };
    },
    recycle(gradient) {
      if (
        gradient.length === thetaLength &&
        spareGradients.length < 4 &&
        !spareGradients.includes(gradient)
      )
        spareGradients.push(gradient);
    },
    killHelper: (index) => pool.killHelper(index),
    dispose() {
      disposed = true;
      pool.dispose();
    },
  };
}
