// The sparse autoencoder's cost and gradient as one WebAssembly SIMD kernel (AssemblyScript).
// Built by scripts/build-kernel.ts into src/engine/kernel/kernel-binary.ts; the loader is wasm-cost.ts.
// This file holds the two entry points; the job descriptor's layout and the SIMD helpers (madd,
// sigmoid, …) are in simd.as, the passes over a tile (affine, reduce, the δs) in passes.as.
//
// Everything is float32, four examples to a v128 lane group. Matrices hold one example per column,
// rows contiguous along the examples (as the original program's X): X and a2 are rows × ld. Row counts are padded
// to multiples of 4 (padded rows of weights, biases and X are zero) and column ranges to multiples of
// 8; columns at or past `count` are padding and are masked out of every sum.
//
// A thread evaluates the columns [start, end) of its job descriptor in tiles of `tile` examples, in
// order, or, when the job has a shared tile counter, the tiles it claims from it (simd.as):
//   forwardHidden: a2 = σ(W1·x + b1) (stored), Σ_e a2 per hidden unit (for ρ̂)
//   backward:      a3 = σ(W2·a2 + b2), δ3 = (a3 − x)⊙a3⊙(1 − a3), Σ‖a3 − x‖²,
//                  ∂W2 += δ3·a2ᵀ, δ2 = (W2ᵀ·δ3 + sparsityDelta)⊙a2⊙(1 − a2), ∂W1 += δ2·xᵀ,
//                  ∂b1 += Σ δ2, ∂b2 += Σ δ3   (sums in float64, not yet divided by m)

import {
  A2, A2_TILE, B1, B2, COUNT, COUNTER, DATA, DONE, END, field, firstTile, GRAD_B1, GRAD_B2, GRAD_W1,
  GRAD_W2, HIDDEN, HIDDEN_PAD, HIDDEN_SUM, HIDDEN_TILE, LD, nextTile, OUT_TILE, ptr, SPARSITY_DELTA,
  SQUARED_ERROR, START, TILE, tileDone, VISIBLE, VISIBLE_PAD, W1, W2, X_TILE,
} from './simd';
import { activateHidden, affine, copyColumns, hiddenDelta, outputDelta, reduce } from './passes';

// The inspector's output layer (x̂ and Σ‖x − x̂‖², after forwardHidden): forward.as.
export { forwardOutput } from './forward';

/**
 * First pass over the job's columns: a2 = σ(W1·x + b1) and Σ a2 per hidden unit (added to the
 * thread's sums, which the caller zeroes). `generation`: the pass this thread takes tiles of.
 */
export function forwardHidden(job: usize, generation: i32): void {
  const data = ptr(job, DATA);
  const ld = field(job, LD);
  const start = field(job, START);
  const end = field(job, END);
  const count = field(job, COUNT);
  const visiblePad = field(job, VISIBLE_PAD);
  const hidden = field(job, HIDDEN);
  const hiddenPad = field(job, HIDDEN_PAD);
  const a2 = ptr(job, A2);
  const tile = field(job, TILE);
  const sums = ptr(job, HIDDEN_SUM);
  const packed = ptr(job, OUT_TILE);
  const stride = <usize>ld << 2;
  const tileStride = <usize>tile << 2;
  const counter = ptr(job, COUNTER);
  const done = ptr(job, DONE);
  for (
    let c0 = firstTile(counter, generation, start, end, tile);
    c0 < end;
    c0 = nextTile(counter, generation, c0, tile, end)
  ) {
    const width = min(tile, end - c0);
    const offset = <usize>c0 << 2;
    // The tile's columns of x, copied contiguous (the output tile is free in this pass): W1·x
    // then reads rows tile·4 bytes apart, not ld·4 (fewer pages, prefetchable).
    copyColumns(data + offset, stride, packed, tileStride, visiblePad, width);
    affine(
      ptr(job, W1), <usize>visiblePad << 2, 4, ptr(job, B1), hiddenPad, visiblePad,
      packed, tileStride, a2 + offset, stride, width,
    );
    activateHidden(a2 + offset, stride, hidden, hiddenPad, width, count - c0, sums);
    tileDone(counter, done, width, end);
  }
}

/**
 * Second pass: output layer, δ3, δ2 and the gradient sums over the job's columns. Each tile's
 * columns of x and a2 are first copied contiguous: the products then read rows tile·4 bytes apart,
 * not ld·4 (a few pages instead of one page per row, and streams the prefetcher follows). The
 * gradient sums are added to the thread's own, which the caller zeroes.
 */
export function backward(job: usize, generation: i32): void {
  const data = ptr(job, DATA);
  const ld = field(job, LD);
  const start = field(job, START);
  const end = field(job, END);
  const count = field(job, COUNT);
  const visible = field(job, VISIBLE);
  const visiblePad = field(job, VISIBLE_PAD);
  const hiddenPad = field(job, HIDDEN_PAD);
  const w2 = ptr(job, W2);
  const a2 = ptr(job, A2);
  const outTile = ptr(job, OUT_TILE);
  const hiddenTile = ptr(job, HIDDEN_TILE);
  const xTile = ptr(job, X_TILE);
  const a2Tile = ptr(job, A2_TILE);
  const tile = field(job, TILE);
  const gradW1 = ptr(job, GRAD_W1);
  const gradW2 = ptr(job, GRAD_W2);
  const gradB1 = ptr(job, GRAD_B1);
  const gradB2 = ptr(job, GRAD_B2);
  const squaredError = ptr(job, SQUARED_ERROR);
  const stride = <usize>ld << 2;
  const tileStride = <usize>tile << 2;
  const counter = ptr(job, COUNTER);
  const done = ptr(job, DONE);
  for (
    let c0 = firstTile(counter, generation, start, end, tile);
    c0 < end;
    c0 = nextTile(counter, generation, c0, tile, end)
  ) {
    const width = min(tile, end - c0);
    const offset = <usize>c0 << 2;
    copyColumns(data + offset, stride, xTile, tileStride, visiblePad, width);
    copyColumns(a2 + offset, stride, a2Tile, tileStride, hiddenPad, width);
    // z3 = W2·a2 + b2 → δ3
    affine(
      w2, <usize>hiddenPad << 2, 4, ptr(job, B2), visiblePad, hiddenPad,
      a2Tile, tileStride, outTile, tileStride, width,
    );
    outputDelta(
      outTile, tileStride, xTile, tileStride, visible, visiblePad, width, count - c0,
      gradB2, squaredError,
    );
    // ∂W2 += δ3·a2ᵀ
    reduce(outTile, tileStride, visiblePad, a2Tile, tileStride, hiddenPad, width, gradW2);
    // W2ᵀ·δ3 + sparsityDelta → δ2
    affine(
      w2, 4, <usize>hiddenPad << 2, ptr(job, SPARSITY_DELTA), hiddenPad, visiblePad,
      outTile, tileStride, hiddenTile, tileStride, width,
    );
    hiddenDelta(hiddenTile, tileStride, a2Tile, tileStride, hiddenPad, width, gradB1);
    // ∂W1 += δ2·xᵀ
    reduce(hiddenTile, tileStride, hiddenPad, xTile, tileStride, visiblePad, width, gradW1);
    tileDone(counter, done, width, end);
  }
}
