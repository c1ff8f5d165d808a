// The passes of the cost kernel over one tile of examples (AssemblyScript; see kernel.as for the
// whole computation and the memory layout): the affine products, the gradient reductions and the
// activation and δ passes, each on float32 rows contiguous along the examples.

import { addPairs, columnMask, hsum, hsum4, madd, sigmoid } from './simd';

/**
 * out[r, c] = bias[r] + Σ_k w(r, k)·input[k, c] for rows (multiple of 4) × width (multiple of 8),
 * with w(r, k) at w + r·wRow + k·wCol bytes, input and out rows inStride/outStride bytes apart.
 */
export function affine(
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
export function reduce(
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
      // The tile's eight sums, four to a vector, onto g's rows i…i + 3, columns k and k + 1.
      const g0 = g + ((<usize>i * <usize>qRows + <usize>k) << 3);
      const gRow = <usize>qRows << 3;
      addPairs(g0, gRow, hsum4(a00, a01, a10, a11));
      addPairs(g0 + 2 * gRow, gRow, hsum4(a20, a21, a30, a31));
    }
  }
}

/** Copies rows × width floats (width a multiple of 4) from rows `from` bytes apart to `to` apart. */
export function copyColumns(
  src: usize,
  srcStride: usize,
  dst: usize,
  dstStride: usize,
  rows: i32,
  width: i32,
): void {
  const end = <usize>width << 2;
  for (let r = 0; r < rows; r++) {
    const s = src + <usize>r * srcStride;
    const d = dst + <usize>r * dstStride;
    for (let off: usize = 0; off < end; off += 16) v128.store(d + off, v128.load(s + off));
  }
}

export function zeroF64(p: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f64>(p + (<usize>i << 3), 0.0);
}

/** a2 = σ(z) on rows < hidden (masked to valid columns), 0 on padded rows; sums[r] += Σ_c a2. */
export function activateHidden(
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
export function outputDelta(
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
export function hiddenDelta(
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
