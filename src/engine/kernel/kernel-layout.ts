/**
 * Where everything sits in the WebAssembly SIMD kernel's memory (weights, per-thread scratch, the
 * data regions), and whether this engine runs the kernel at all.
 */
import type { ModelShape } from '../../core/types';
import { kernelBinaries } from './kernel-binary';
import { DONE_WORD, JOB_BASE, JOB_BYTES, MAX_THREADS, TILE_COUNTER } from './kernel-threads';

export const PAGE = 65536;
export const roundUp = (n: number, k: number) => Math.ceil(n / k) * k;

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether WebAssembly SIMD (and relaxed SIMD) validate in this engine. */
export function wasmSimdSupport(): { simd: boolean; relaxed: boolean } {
  if (typeof WebAssembly === 'undefined') return { simd: false, relaxed: false };
  return {
    simd: WebAssembly.validate(decodeBase64(kernelBinaries.plain)),
    relaxed: WebAssembly.validate(decodeBase64(kernelBinaries.plainRelaxed)),
  };
}

/** Byte offsets of everything in the kernel's memory. */
interface Layout {
  visiblePad: number;
  hiddenPad: number;
  tile: number;
  W1: number;
  W2: number;
  b1: number;
  b2: number;
  sparsityDelta: number;
  perThread: {
    outTile: number;
    hiddenTile: number;
    hiddenSum: number;
    gradW1: number;
    gradW2: number;
    gradB1: number;
    gradB2: number;
    squaredError: number;
    xTile: number;
    a2Tile: number;
  }[];
  /** First free byte: the data regions (full set, then batches) go from here. */
  end: number;
}

export function planLayout(shape: ModelShape, threads: number, tile: number): Layout {
  const visiblePad = roundUp(shape.visibleSize, 4);
  const hiddenPad = roundUp(shape.hiddenSize, 4);
  let at = roundUp(JOB_BASE + MAX_THREADS * JOB_BYTES, 64);
  const take = (bytes: number) => {
    const offset = at;
    at = roundUp(at + bytes, 64);
    return offset;
  };
  const W1 = take(4 * hiddenPad * visiblePad);
  const W2 = take(4 * hiddenPad * visiblePad);
  const b1 = take(4 * hiddenPad);
  const b2 = take(4 * visiblePad);
  const sparsityDelta = take(4 * hiddenPad);
  const perThread = [];
  for (let t = 0; t < threads; t++)
    perThread.push({
      outTile: take(4 * visiblePad * tile),
      hiddenTile: take(4 * hiddenPad * tile),
      hiddenSum: take(8 * hiddenPad),
      gradW1: take(8 * hiddenPad * visiblePad),
      gradW2: take(8 * hiddenPad * visiblePad),
      gradB1: take(8 * hiddenPad),
      gradB2: take(8 * visiblePad),
      squaredError: take(8),
      xTile: take(4 * visiblePad * tile),
      a2Tile: take(4 * hiddenPad * tile),
    });
  return { visiblePad, hiddenPad, tile, W1, W2, b1, b2, sparsityDelta, perThread, end: at };
}

/** Where one data matrix (x and a2, ld columns each row) sits in memory. */
export interface DataRegion {
  data: number;
  a2: number;
  ld: number;
  count: number;
}

/** Default tile: about 64 KB of output tile per thread, 32…256 examples. */
export function defaultTile(visiblePad: number): number {
  return Math.max(32, Math.min(256, Math.floor(16384 / visiblePad / 8) * 8));
}

export function regionAt(layout: Layout, at: number, count: number): DataRegion {
  const ld = roundUp(count, 8);
  const data = roundUp(at, 64);
  const a2 = roundUp(data + 4 * layout.visiblePad * ld, 64);
  return { data, a2, ld, count };
}

/**
 * Writes each thread's job descriptor for `region`. One active thread takes all the columns in
 * order; several share them through the tile counter (claiming the next tile as each finishes:
 * kernel-threads.ts sets it for each pass), so the result's summation order then varies in its
 * last bits. Other threads get no columns (their sums stay zero).
 */
export function writeJobDescriptors(
  heap: Int32Array,
  layout: Layout,
  region: DataRegion,
  shape: ModelShape,
  tile: number,
  active: number,
): void {
  const columns = roundUp(region.count, 8);
  const shared = active > 1;
  layout.perThread.forEach((scratch, t) => {
    const end = t < active ? columns : 0;
    heap.set(
      [
        ...[region.data, region.ld, 0, end, region.count],
        ...[shape.visibleSize, layout.visiblePad, shape.hiddenSize, layout.hiddenPad],
        ...[layout.W1, layout.W2, layout.b1, layout.b2, layout.sparsityDelta, region.a2],
        ...[scratch.outTile, scratch.hiddenTile, tile, scratch.hiddenSum],
        ...[scratch.gradW1, scratch.gradW2, scratch.gradB1, scratch.gradB2, scratch.squaredError],
        ...[scratch.xTile, scratch.a2Tile],
        ...(shared ? [TILE_COUNTER, DONE_WORD] : [0, 0]),
      ],
      (JOB_BASE + t * JOB_BYTES) / 4,
    );
  });
}

/** θ's weights and biases into the kernel's float32 rows (padding stays zero). */
export function writeWeights(
  heap: Float32Array,
  layout: Layout,
  shape: ModelShape,
  theta: Float64Array,
): void {
  const { visibleSize, hiddenSize } = shape;
  const weightCount = visibleSize * hiddenSize;
  const { visiblePad, hiddenPad } = layout;
  for (let j = 0; j < hiddenSize; j++) {
    const row = layout.W1 / 4 + j * visiblePad;
    for (let k = 0; k < visibleSize; k++) heap[row + k] = theta[j * visibleSize + k];
  }
  for (let i = 0; i < visibleSize; i++) {
    const row = layout.W2 / 4 + i * hiddenPad;
    for (let j = 0; j < hiddenSize; j++) heap[row + j] = theta[weightCount + i * hiddenSize + j];
  }
  for (let j = 0; j < hiddenSize; j++) heap[layout.b1 / 4 + j] = theta[2 * weightCount + j];
  for (let i = 0; i < visibleSize; i++)
    heap[layout.b2 / 4 + i] = theta[2 * weightCount + hiddenSize + i];
}

/**
 * Zeroes every thread's sums for `pass` (Σa2 for forwardHidden; the gradient sums and Σ‖a3 − x‖²
 * for backward): the kernel adds to them, and a thread that takes no tile of the pass leaves them
 * zero.
 */
export function clearSums(
  f64: Float64Array,
  layout: Layout,
  pass: 'forwardHidden' | 'backward',
): void {
  for (const scratch of layout.perThread) {
    if (pass === 'forwardHidden')
      f64.fill(0, scratch.hiddenSum / 8, scratch.hiddenSum / 8 + layout.hiddenPad);
    else f64.fill(0, scratch.gradW1 / 8, scratch.squaredError / 8 + 1);
  }
}

export function regionEnd(layout: Layout, region: DataRegion): number {
  return roundUp(region.a2 + 4 * layout.hiddenPad * region.ld, 64);
}
