// The sparse autoencoder's cost and gradient as one WebAssembly SIMD kernel (AssemblyScript).
// Built by scripts/build-kernel.ts into src/engine/kernel/kernel-binary.ts; the loader is wasm-cost.ts.
//
// Everything is float32, four examples to a v128 lane group. Matrices hold one example per column,
// rows contiguous along the examples (as the original program's X): X and a2 are rows × ld. Row counts are padded
// to multiples of 4 (padded rows of weights, biases and X are zero) and column ranges to multiples of
// 8; columns at or past `count` are padding and are masked out of every sum.
//
// A thread evaluates the columns [start, end) of its job descriptor in tiles of `tile` examples:
//   forwardHidden: a2 = σ(W1·x + b1) (stored), Σ_e a2 per hidden unit (for ρ̂)
//   backward:      a3 = σ(W2·a2 + b2), δ3 = (a3 − x)⊙a3⊙(1 − a3), Σ‖a3 − x‖²,
//                  ∂W2 += δ3·a2ᵀ, δ2 = (W2ᵀ·δ3 + sparsityDelta)⊙a2⊙(1 − a2), ∂W1 += δ2·xᵀ,
//                  ∂b1 += Σ δ2, ∂b2 += Σ δ3   (sums in float64, not yet divided by m)

// Job descriptor: i32 slots (byte offset = 4 · slot).
const DATA: usize = 0;
const LD: usize = 4;
const START: usize = 8;
const END: usize = 12;
const COUNT: usize = 16;
const VISIBLE: usize = 20;
const VISIBLE_PAD: usize = 24;
const HIDDEN: usize = 28;
const HIDDEN_PAD: usize = 32;
const W1: usize = 36;
const W2: usize = 40;
const B1: usize = 44;
const B2: usize = 48;
const SPARSITY_DELTA: usize = 52;
const A2: usize = 56;
const OUT_TILE: usize = 60;
const HIDDEN_TILE: usize = 64;
const TILE: usize = 68;
const HIDDEN_SUM: usize = 72;
const GRAD_W1: usize = 76;
const GRAD_W2: usize = 80;
const GRAD_B1: usize = 84;
const GRAD_B2: usize = 88;
const SQUARED_ERROR: usize = 92;

@inline
function field(job: usize, slot: usize): i32 {
  return load<i32>(job + slot);
}

@inline
function ptr(job: usize, slot: usize): usize {
  return <usize>load<u32>(job + slot);
}

/** a·b + c, fused where the machine has FMA. */
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline
function hsum(v: v128): f64 {
  return <f64>(
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** All-ones lanes where column + lane < valid. */
@inline
function columnMask(column: i32, valid: i32): v128 {
  return i32x4.lt_s(i32x4.add(i32x4.splat(column), i32x4(0, 1, 2, 3)), i32x4.splat(valid));
}

/** σ(z) = 1/(1 + e^−z); e^x = 2^n·p(r), x = n·ln2 + r, |r| ≤ ln2/2 (Cephes expf polynomial). */
@inline
function sigmoid(z: v128): v128 {
  let x = f32x4.min(f32x4.max(f32x4.neg(z), f32x4.splat(-87.0)), f32x4.splat(87.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  x = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  x = f32x4.add(x, f32x4.mul(n, f32x4.splat(2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, x, f32x4.splat(1.3981999507e-3));
  p = madd(p, x, f32x4.splat(8.3334519073e-3));
  p = madd(p, x, f32x4.splat(4.1665795894e-2));
  p = madd(p, x, f32x4.splat(1.6666665459e-1));
  p = madd(p, x, f32x4.splat(5.0000001201e-1));
  p = madd(p, f32x4.mul(x, x), f32x4.add(x, f32x4.splat(1.0)));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  const e = f32x4.mul(p, scale);
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), e));
}

/**
 * out[r, c] = bias[r] + Σ_k w(r, k)·input[k, c] for rows (multiple of 4) × width (multiple of 8),
 * with w(r, k) at w + r·wRow + k·wCol bytes, input and out rows inStride/outStride bytes apart.
 */
function affine(
  w: usize,
  wRow: usize,
  wCol: usize,
  bias: usize,
  rows: i32,
  inner: i32,
  input: usize,
  inStride: usize,
  out: usize,
  outStride: usize,
  width: i32,
): void {
  for (let r = 0; r < rows; r += 4) {
    const wr = w + <usize>r * wRow;
    const bias0 = v128.load32_splat(bias + (<usize>r << 2));
    const bias1 = v128.load32_splat(bias + (<usize>r << 2) + 4);
    const bias2 = v128.load32_splat(bias + (<usize>r << 2) + 8);
    const bias3 = v128.load32_splat(bias + (<usize>r << 2) + 12);
    const outRow = out + <usize>r * outStride;
    for (let c = 0; c < width; c += 8) {
      let a00 = bias0, a01 = bias0, a10 = bias1, a11 = bias1;
      let a20 = bias2, a21 = bias2, a30 = bias3, a31 = bias3;
      let ip = input + (<usize>c << 2);
      let wp = wr;
      for (let k = 0; k < inner; k++) {
        const x0 = v128.load(ip);
        const x1 = v128.load(ip, 16);
        let s = v128.load32_splat(wp);
        a00 = madd(s, x0, a00);
        a01 = madd(s, x1, a01);
        s = v128.load32_splat(wp + wRow);
        a10 = madd(s, x0, a10);
        a11 = madd(s, x1, a11);
        s = v128.load32_splat(wp + 2 * wRow);
        a20 = madd(s, x0, a20);
        a21 = madd(s, x1, a21);
        s = v128.load32_splat(wp + 3 * wRow);
        a30 = madd(s, x0, a30);
        a31 = madd(s, x1, a31);
        ip += inStride;
        wp += wCol;
      }
      const o = outRow + (<usize>c << 2);
      v128.store(o, a00);
      v128.store(o, a01, 16);
      v128.store(o + outStride, a10);
      v128.store(o + outStride, a11, 16);
      v128.store(o + 2 * outStride, a20);
      v128.store(o + 2 * outStride, a21, 16);
      v128.store(o + 3 * outStride, a30);
      v128.store(o + 3 * outStride, a31, 16);
    }
  }
}

/**
 * g[i, k] += Σ_c p[i, c]·q[k, c] (g float64, row stride qRows) for pRows (multiple of 4) ×
 * qRows (multiple of 2) over width columns (multiple of 4).
 */
function reduce(
  p: usize,
  pStride: usize,
  pRows: i32,
  q: usize,
  qStride: usize,
  qRows: i32,
  width: i32,
  g: usize,
): void {
  const end = <usize>width << 2;
  for (let i = 0; i < pRows; i += 4) {
    const p0 = p + <usize>i * pStride;
    const p1 = p0 + pStride;
    const p2 = p1 + pStride;
    const p3 = p2 + pStride;
    for (let k = 0; k < qRows; k += 2) {
      const q0 = q + <usize>k * qStride;
      const q1 = q0 + qStride;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      for (let off: usize = 0; off < end; off += 16) {
        const y0 = v128.load(q0 + off);
        const y1 = v128.load(q1 + off);
        let x = v128.load(p0 + off);
        a00 = madd(x, y0, a00);
        a01 = madd(x, y1, a01);
        x = v128.load(p1 + off);
        a10 = madd(x, y0, a10);
        a11 = madd(x, y1, a11);
        x = v128.load(p2 + off);
        a20 = madd(x, y0, a20);
        a21 = madd(x, y1, a21);
        x = v128.load(p3 + off);
        a30 = madd(x, y0, a30);
        a31 = madd(x, y1, a31);
      }
      const g0 = g + ((<usize>i * <usize>qRows + <usize>k) << 3);
      const gRow = <usize>qRows << 3;
      store<f64>(g0, load<f64>(g0) + hsum(a00));
      store<f64>(g0 + 8, load<f64>(g0 + 8) + hsum(a01));
      store<f64>(g0 + gRow, load<f64>(g0 + gRow) + hsum(a10));
      store<f64>(g0 + gRow + 8, load<f64>(g0 + gRow + 8) + hsum(a11));
      store<f64>(g0 + 2 * gRow, load<f64>(g0 + 2 * gRow) + hsum(a20));
      store<f64>(g0 + 2 * gRow + 8, load<f64>(g0 + 2 * gRow + 8) + hsum(a21));
      store<f64>(g0 + 3 * gRow, load<f64>(g0 + 3 * gRow) + hsum(a30));
      store<f64>(g0 + 3 * gRow + 8, load<f64>(g0 + 3 * gRow + 8) + hsum(a31));
    }
  }
}

function zeroF64(p: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f64>(p + (<usize>i << 3), 0.0);
}

/** a2 = σ(z) on rows < hidden (masked to valid columns), 0 on padded rows; sums[r] += Σ_c a2. */
function activateHidden(
  a2: usize,
  stride: usize,
  hidden: i32,
  hiddenPad: i32,
  width: i32,
  valid: i32,
  sums: usize,
): void {
  for (let r = 0; r < hiddenPad; r++) {
    const row = a2 + <usize>r * stride;
    if (r >= hidden) {
      for (let c = 0; c < width; c += 4) v128.store(row + (<usize>c << 2), f32x4.splat(0));
      continue;
    }
    let sum = f32x4.splat(0);
    for (let c = 0; c < width; c += 4) {
      const at = row + (<usize>c << 2);
      const a = v128.and(sigmoid(v128.load(at)), columnMask(c, valid));
      v128.store(at, a);
      sum = f32x4.add(sum, a);
    }
    const s = sums + (<usize>r << 3);
    store<f64>(s, load<f64>(s) + hsum(sum));
  }
}

/** a3 = σ(z), e = (a3 − x) masked, δ3 = e⊙a3⊙(1 − a3) in place of z; Σe², Σδ3 per row. */
function outputDelta(
  tile: usize,
  tileStride: usize,
  x: usize,
  xStride: usize,
  visible: i32,
  visiblePad: i32,
  width: i32,
  valid: i32,
  gradB2: usize,
  squaredError: usize,
): void {
  const one = f32x4.splat(1.0);
  let errorTotal: f64 = 0;
  for (let r = 0; r < visiblePad; r++) {
    const row = tile + <usize>r * tileStride;
    if (r >= visible) {
      for (let c = 0; c < width; c += 4) v128.store(row + (<usize>c << 2), f32x4.splat(0));
      continue;
    }
    const xRow = x + <usize>r * xStride;
    let errorSum = f32x4.splat(0);
    let deltaSum = f32x4.splat(0);
    for (let c = 0; c < width; c += 4) {
      const off = <usize>c << 2;
      const a = sigmoid(v128.load(row + off));
      const e = v128.and(f32x4.sub(a, v128.load(xRow + off)), columnMask(c, valid));
      errorSum = madd(e, e, errorSum);
      const d = f32x4.mul(f32x4.mul(e, a), f32x4.sub(one, a));
      v128.store(row + off, d);
      deltaSum = f32x4.add(deltaSum, d);
    }
    errorTotal += hsum(errorSum);
    const g = gradB2 + (<usize>r << 3);
    store<f64>(g, load<f64>(g) + hsum(deltaSum));
  }
  store<f64>(squaredError, load<f64>(squaredError) + errorTotal);
}

/** δ2 = b⊙a2⊙(1 − a2) in place of b (b = W2ᵀ·δ3 + sparsityDelta); Σδ2 per row. */
function hiddenDelta(
  tile: usize,
  tileStride: usize,
  a2: usize,
  a2Stride: usize,
  hiddenPad: i32,
  width: i32,
  gradB1: usize,
): void {
  const one = f32x4.splat(1.0);
  for (let r = 0; r < hiddenPad; r++) {
    const row = tile + <usize>r * tileStride;
    const aRow = a2 + <usize>r * a2Stride;
    let sum = f32x4.splat(0);
    for (let c = 0; c < width; c += 4) {
      const off = <usize>c << 2;
      const a = v128.load(aRow + off);
      const d = f32x4.mul(f32x4.mul(v128.load(row + off), a), f32x4.sub(one, a));
      v128.store(row + off, d);
      sum = f32x4.add(sum, d);
    }
    const g = gradB1 + (<usize>r << 3);
    store<f64>(g, load<f64>(g) + hsum(sum));
  }
}

/** First pass over the job's columns: a2 = σ(W1·x + b1) and Σ a2 per hidden unit. */
export function forwardHidden(job: usize): void {
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
  const stride = <usize>ld << 2;
  zeroF64(sums, hiddenPad);
  for (let c0 = start; c0 < end; c0 += tile) {
    const width = min(tile, end - c0);
    const offset = <usize>c0 << 2;
    affine(
      ptr(job, W1), <usize>visiblePad << 2, 4, ptr(job, B1), hiddenPad, visiblePad,
      data + offset, stride, a2 + offset, stride, width,
    );
    activateHidden(a2 + offset, stride, hidden, hiddenPad, width, count - c0, sums);
  }
}

/** Second pass: output layer, δ3, δ2 and the gradient sums over the job's columns. */
export function backward(job: usize): void {
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
  const tile = field(job, TILE);
  const gradW1 = ptr(job, GRAD_W1);
  const gradW2 = ptr(job, GRAD_W2);
  const gradB1 = ptr(job, GRAD_B1);
  const gradB2 = ptr(job, GRAD_B2);
  const squaredError = ptr(job, SQUARED_ERROR);
  const stride = <usize>ld << 2;
  const tileStride = <usize>tile << 2;
  zeroF64(gradW1, hiddenPad * visiblePad);
  zeroF64(gradW2, hiddenPad * visiblePad);
  zeroF64(gradB1, hiddenPad);
  zeroF64(gradB2, visiblePad);
  zeroF64(squaredError, 1);
  for (let c0 = start; c0 < end; c0 += tile) {
    const width = min(tile, end - c0);
    const offset = <usize>c0 << 2;
    // z3 = W2·a2 + b2 → δ3
    affine(
      w2, <usize>hiddenPad << 2, 4, ptr(job, B2), visiblePad, hiddenPad,
      a2 + offset, stride, outTile, tileStride, width,
    );
    outputDelta(
      outTile, tileStride, data + offset, stride, visible, visiblePad, width, count - c0,
      gradB2, squaredError,
    );
    // ∂W2 += δ3·a2ᵀ
    reduce(outTile, tileStride, visiblePad, a2 + offset, stride, hiddenPad, width, gradW2);
    // W2ᵀ·δ3 + sparsityDelta → δ2
    affine(
      w2, 4, <usize>hiddenPad << 2, ptr(job, SPARSITY_DELTA), hiddenPad, visiblePad,
      outTile, tileStride, hiddenTile, tileStride, width,
    );
    hiddenDelta(hiddenTile, tileStride, a2 + offset, stride, hiddenPad, width, gradB1);
    // ∂W1 += δ2·xᵀ
    reduce(hiddenTile, tileStride, hiddenPad, data + offset, stride, visiblePad, width, gradW1);
  }
}
