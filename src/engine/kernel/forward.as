// The forward pass's output layer for the unit inspector (AssemblyScript; see kernel.as for the
// memory layout): after forwardHidden has stored a2, forwardOutput stores x̂ = σ(W2·a2 + b2) and
// sums ‖x − x̂‖² over the job's columns. The job's OUT_TILE slot points at the output matrix
// (visiblePad rows, ld columns apart, like x), not at a per-tile scratch.

import {
  A2, B2, COUNT, DATA, END, field, HIDDEN_PAD, LD, OUT_TILE, ptr, SQUARED_ERROR, START, TILE,
  VISIBLE, VISIBLE_PAD, W2, columnMask, hsum, madd, sigmoid,
} from './simd';
import { affine, zeroF64 } from './passes';

/** x̂ = σ(z) in place on rows < visible (masked to valid columns), 0 on padded rows; Σ(x̂ − x)². */
function activateOutput(
  out: usize,
  x: usize,
  stride: usize,
  visible: i32,
  visiblePad: i32,
  width: i32,
  valid: i32,
  squaredError: usize,
): void {
  let total: f64 = 0;
  for (let r = 0; r < visiblePad; r++) {
    const row = out + <usize>r * stride;
    if (r >= visible) {
      for (let c = 0; c < width; c += 4) v128.store(row + (<usize>c << 2), f32x4.splat(0));
      continue;
    }
    const xRow = x + <usize>r * stride;
    let sum = f32x4.splat(0);
    for (let c = 0; c < width; c += 4) {
      const off = <usize>c << 2;
      const mask = columnMask(c, valid);
      const a = v128.and(sigmoid(v128.load(row + off)), mask);
      v128.store(row + off, a);
      const e = v128.and(f32x4.sub(a, v128.load(xRow + off)), mask);
      sum = madd(e, e, sum);
    }
    total += hsum(sum);
  }
  store<f64>(squaredError, load<f64>(squaredError) + total);
}

/** x̂ = σ(W2·a2 + b2) over the job's columns (a2 from forwardHidden) and Σ‖x − x̂‖². */
export function forwardOutput(job: usize): void {
  const data = ptr(job, DATA);
  const ld = field(job, LD);
  const start = field(job, START);
  const end = field(job, END);
  const count = field(job, COUNT);
  const visible = field(job, VISIBLE);
  const visiblePad = field(job, VISIBLE_PAD);
  const hiddenPad = field(job, HIDDEN_PAD);
  const a2 = ptr(job, A2);
  const out = ptr(job, OUT_TILE);
  const tile = field(job, TILE);
  const squaredError = ptr(job, SQUARED_ERROR);
  const stride = <usize>ld << 2;
  zeroF64(squaredError, 1);
  for (let c0 = start; c0 < end; c0 += tile) {
    const width = min(tile, end - c0);
    const offset = <usize>c0 << 2;
    affine(
      ptr(job, W2), <usize>hiddenPad << 2, 4, ptr(job, B2), visiblePad, hiddenPad,
      a2 + offset, stride, out + offset, stride, width,
    );
    activateOutput(out + offset, data + offset, stride, visible, visiblePad, width, count - c0, squaredError);
  }
}
