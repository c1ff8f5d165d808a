// The machine's ceiling for the cost kernel (AssemblyScript, compiled by scripts/bench/ceiling.ts
// with the kernel's own simd.as and passes.as): the f32x4 multiply-add throughput of one thread, a
// plain packed SIMD GEMM, and the kernel's own passes (affine, reduce) timed one product at a time.

import { madd } from './simd';
import { affine, copyColumns, reduce } from './passes';

/**
 * 12 independent f32x4 multiply-add chains a = a·m + k, `rounds` times: 96 FLOPs a round. m and k
 * are arguments, not constants: V8 builds a v128 constant again at each use inside the loop, and
 * with constants this loop measured a third of the machine's rate (Chromium 150).
 */
export function fmaPeak(rounds: i32, multiplier: f32, addend: f32): f32 {
  const m = f32x4.splat(multiplier);
  const k = f32x4.splat(addend);
  let a0 = f32x4.splat(1), a1 = f32x4.splat(2), a2 = f32x4.splat(3), a3 = f32x4.splat(4);
  let a4 = f32x4.splat(5), a5 = f32x4.splat(6), a6 = f32x4.splat(7), a7 = f32x4.splat(8);
  let a8 = f32x4.splat(9), a9 = f32x4.splat(10), a10 = f32x4.splat(11), a11 = f32x4.splat(12);
  for (let i = 0; i < rounds; i++) {
    a0 = madd(a0, m, k); a1 = madd(a1, m, k); a2 = madd(a2, m, k); a3 = madd(a3, m, k);
    a4 = madd(a4, m, k); a5 = madd(a5, m, k); a6 = madd(a6, m, k); a7 = madd(a7, m, k);
    a8 = madd(a8, m, k); a9 = madd(a9, m, k); a10 = madd(a10, m, k); a11 = madd(a11, m, k);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)),
    f32x4.add(f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)), f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))),
  );
  return f32x4.extract_lane(s, 0);
}

const KC: i32 = 256;
const MC: i32 = 64;
const NC: i32 = 512;

/**
 * C[M×N] (row-major, cRow bytes a row) += A·B, A(i, k) at a + i·aRow + k·aCol, B(k, j) at
 * b + k·bRow + j·bCol: the textbook packed GEMM (KC × NC panels of B and MC × KC blocks of A
 * copied contiguous, zero-padded, then a 4×8 register block). M, N multiples of 4 and 8.
 */
export function gemm(
  a: usize, aRow: usize, aCol: usize, b: usize, bRow: usize, bCol: usize,
  c: usize, cRow: usize, M: i32, N: i32, K: i32, packA: usize, packB: usize,
): void {
  for (let j0 = 0; j0 < N; j0 += NC) {
    const nc = min(NC, N - j0);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = min(KC, K - k0);
      // B panel: [j/8][k][8]
      for (let jp = 0; jp < nc; jp += 8)
        for (let k = 0; k < kc; k++) {
          const src = b + <usize>(k0 + k) * bRow + <usize>(j0 + jp) * bCol;
          const dst = packB + ((<usize>jp * <usize>kc + <usize>k * 8) << 2);
          for (let j = 0; j < 8; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + <usize>j * bCol));
        }
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = min(MC, M - i0);
        // A block: [i/4][k][4]
        for (let ip = 0; ip < mc; ip += 4)
          for (let k = 0; k < kc; k++) {
            const src = a + <usize>(i0 + ip) * aRow + <usize>(k0 + k) * aCol;
            const dst = packA + ((<usize>ip * <usize>kc + <usize>k * 4) << 2);
            for (let i = 0; i < 4; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + <usize>i * aRow));
          }
        for (let ip = 0; ip < mc; ip += 4)
          for (let jp = 0; jp < nc; jp += 8)
            micro(packA + ((<usize>ip * <usize>kc) << 2), packB + ((<usize>jp * <usize>kc) << 2), kc,
              c + <usize>(i0 + ip) * cRow + (<usize>(j0 + jp) << 2), cRow);
      }
    }
  }
}

@inline
function micro(pa: usize, pb: usize, kc: i32, c: usize, cRow: usize): void {
  let a00 = v128.load(c), a01 = v128.load(c, 16);
  let a10 = v128.load(c + cRow), a11 = v128.load(c + cRow, 16);
  let a20 = v128.load(c + 2 * cRow), a21 = v128.load(c + 2 * cRow, 16);
  let a30 = v128.load(c + 3 * cRow), a31 = v128.load(c + 3 * cRow, 16);
  for (let k = 0; k < kc; k++) {
    const x0 = v128.load(pb);
    const x1 = v128.load(pb, 16);
    let s = v128.load32_splat(pa);
    a00 = madd(s, x0, a00); a01 = madd(s, x1, a01);
    s = v128.load32_splat(pa + 4);
    a10 = madd(s, x0, a10); a11 = madd(s, x1, a11);
    s = v128.load32_splat(pa + 8);
    a20 = madd(s, x0, a20); a21 = madd(s, x1, a21);
    s = v128.load32_splat(pa + 12);
    a30 = madd(s, x0, a30); a31 = madd(s, x1, a31);
    pa += 16;
    pb += 32;
  }
  v128.store(c, a00); v128.store(c, a01, 16);
  v128.store(c + cRow, a10); v128.store(c + cRow, a11, 16);
  v128.store(c + 2 * cRow, a20); v128.store(c + 2 * cRow, a21, 16);
  v128.store(c + 3 * cRow, a30); v128.store(c + 3 * cRow, a31, 16);
}

/**
 * One of the five products as the kernel computes it (kernel.as), over m columns in tiles:
 * 1 W1·X, 2 W2·H, 3 W2ᵀ·δ3, 4 δ3·Hᵀ, 5 δ2·Xᵀ. x and h are rows × ld; out/hid are tile buffers.
 */
export function kernelProduct(
  product: i32, tile: i32, m: i32, ld: i32, v: i32, h: i32,
  x: usize, hidden: usize, out: usize, hid: usize, w1: usize, w2: usize, bias: usize, g: usize,
): void {
  const stride = <usize>ld << 2;
  const tileStride = <usize>tile << 2;
  for (let c0 = 0; c0 < m; c0 += tile) {
    const width = min(tile, m - c0);
    const offset = <usize>c0 << 2;
    if (product == 1) {
      copyColumns(x + offset, stride, out, tileStride, v, width);
      affine(w1, <usize>v << 2, 4, bias, h, v, out, tileStride, hidden + offset, stride, width);
    }
    else if (product == 2) {
      // backward copies the tile's columns of a2 and x contiguous first (kernel.as), as here.
      copyColumns(hidden + offset, stride, hid, tileStride, h, width);
      affine(w2, <usize>h << 2, 4, bias, v, h, hid, tileStride, out, tileStride, width);
    } else if (product == 3)
      affine(w2, 4, <usize>h << 2, bias, h, v, out, tileStride, hid, tileStride, width);
    else if (product == 4) {
      copyColumns(hidden + offset, stride, hid, tileStride, h, width);
      reduce(out, tileStride, v, hid, tileStride, h, width, g);
    } else {
      copyColumns(x + offset, stride, out, tileStride, v, width);
      reduce(hid, tileStride, h, out, tileStride, v, width, g);
    }
  }
}
