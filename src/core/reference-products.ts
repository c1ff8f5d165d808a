/**
 * The float64 matrix products of the reference cost (reference.ts), blocked over examples so that
 * each block's slices stay in the CPU cache.
 */

/** Examples per block: the block's slices of X, a2, a3, δ3 and δ2 stay in the CPU cache. */
export const BLOCK = 256;

/**
 * out[r, outOffset + e] += Σ_k W[r, k] · input[k, inOffset + e] for r < rows, k < inner, e < width,
 * with W = weights (rows × inner) or, if transposed, weightsᵀ (weights is inner × rows). Rows of out
 * and input are `outStride` and `inStride` apart. Eight (then four) input rows per sweep.
 */
export function accumulateProduct(
  out: Float64Array,
  outStride: number,
  outOffset: number,
  weights: Float64Array,
  transposed: boolean,
  rows: number,
  inner: number,
  input: Float64Array,
  inStride: number,
  inOffset: number,
  width: number,
): void {
  const rowStep = transposed ? 1 : inner;
  const innerStep = transposed ? rows : 1;
  for (let r = 0; r < rows; r++) {
    const o = r * outStride + outOffset;
    let k = 0;
    for (; k + 7 < inner; k += 8) {
      const w = r * rowStep + k * innerStep;
      const w0 = weights[w];
      const w1 = weights[w + innerStep];
      const w2 = weights[w + 2 * innerStep];
      const w3 = weights[w + 3 * innerStep];
      const w4 = weights[w + 4 * innerStep];
      const w5 = weights[w + 5 * innerStep];
      const w6 = weights[w + 6 * innerStep];
      const w7 = weights[w + 7 * innerStep];
      const i0 = k * inStride + inOffset;
      const i1 = i0 + inStride;
      const i2 = i1 + inStride;
      const i3 = i2 + inStride;
      const i4 = i3 + inStride;
      const i5 = i4 + inStride;
      const i6 = i5 + inStride;
      const i7 = i6 + inStride;
      for (let e = 0; e < width; e++)
        out[o + e] +=
          w0 * input[i0 + e] +
          w1 * input[i1 + e] +
          w2 * input[i2 + e] +
          w3 * input[i3 + e] +
          w4 * input[i4 + e] +
          w5 * input[i5 + e] +
          w6 * input[i6 + e] +
          w7 * input[i7 + e];
    }
    for (; k + 3 < inner; k += 4) {
      const w = r * rowStep + k * innerStep;
      const w0 = weights[w];
      const w1 = weights[w + innerStep];
      const w2 = weights[w + 2 * innerStep];
      const w3 = weights[w + 3 * innerStep];
      const i0 = k * inStride + inOffset;
      const i1 = i0 + inStride;
      const i2 = i1 + inStride;
      const i3 = i2 + inStride;
      for (let e = 0; e < width; e++)
        out[o + e] +=
          w0 * input[i0 + e] + w1 * input[i1 + e] + w2 * input[i2 + e] + w3 * input[i3 + e];
    }
    for (; k < inner; k++) {
      const w = weights[r * rowStep + k * innerStep];
      const i0 = k * inStride + inOffset;
      for (let e = 0; e < width; e++) out[o + e] += w * input[i0 + e];
    }
  }
}

/**
 * out[outBase + k] += Σ_e a[aStart + e] · b[k, bOffset + e] for k < rows, e < width (rows of b are
 * bStride apart): one row of a·bᵀ, eight (then four) rows of b per sweep over a.
 */
export function accumulateRowProducts(
  out: Float64Array,
  outBase: number,
  a: Float64Array,
  aStart: number,
  b: Float64Array,
  bStride: number,
  bOffset: number,
  rows: number,
  width: number,
): void {
  let k = 0;
  for (; k + 7 < rows; k += 8) {
    const b0 = k * bStride + bOffset;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let e = 0; e < width; e++) {
      const value = a[aStart + e];
      const c = b0 + e;
      s0 += value * b[c];
      s1 += value * b[c + bStride];
      s2 += value * b[c + 2 * bStride];
      s3 += value * b[c + 3 * bStride];
      s4 += value * b[c + 4 * bStride];
      s5 += value * b[c + 5 * bStride];
      s6 += value * b[c + 6 * bStride];
      s7 += value * b[c + 7 * bStride];
    }
    out[outBase + k] += s0;
    out[outBase + k + 1] += s1;
    out[outBase + k + 2] += s2;
    out[outBase + k + 3] += s3;
    out[outBase + k + 4] += s4;
    out[outBase + k + 5] += s5;
    out[outBase + k + 6] += s6;
    out[outBase + k + 7] += s7;
  }
  for (; k + 3 < rows; k += 4) {
    const b0 = k * bStride + bOffset;
    const b1 = b0 + bStride;
    const b2 = b1 + bStride;
    const b3 = b2 + bStride;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let e = 0; e < width; e++) {
      const value = a[aStart + e];
      s0 += value * b[b0 + e];
      s1 += value * b[b1 + e];
      s2 += value * b[b2 + e];
      s3 += value * b[b3 + e];
    }
    out[outBase + k] += s0;
    out[outBase + k + 1] += s1;
    out[outBase + k + 2] += s2;
    out[outBase + k + 3] += s3;
  }
  for (; k < rows; k++) {
    let sum = 0;
    const b0 = k * bStride + bOffset;
    for (let e = 0; e < width; e++) sum += a[aStart + e] * b[b0 + e];
    out[outBase + k] += sum;
  }
}
