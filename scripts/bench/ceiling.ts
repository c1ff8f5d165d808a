/**
 * This machine's ceiling for the cost kernel, measured in the benchmark page (one thread): the
 * f32x4 multiply-add throughput with and without relaxed SIMD FMA, a plain packed SIMD GEMM of
 * each of the five MNIST-shaped products, and the kernel's own pass for each product at each tile
 * width the start-up autotune tries; and the markdown section of bench/RESULTS.md that compares them.
 */
import type { Page } from '@playwright/test';
import { compileVariant, readSources } from '../build-kernel';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TILE_CANDIDATES } from '../../src/engine/kernel/kernel-tune';
import { defaultTile } from '../../src/engine/kernel/kernel-layout';
import type { CeilingOutcome } from './ceiling-page';

export type { CeilingOutcome };

/** ceiling.as beside the kernel's sources, without and with relaxed SIMD (base64). */
async function compileCeiling(): Promise<{ plain: string; relaxed: string }> {
  const sources = readSources();
  sources.set(
    'ceiling.ts',
    readFileSync(fileURLToPath(new URL('ceiling.as', import.meta.url)), 'utf8'),
  );
  const [plain, relaxed] = await Promise.all([
    compileVariant(sources, [], 'ceiling'),
    compileVariant(sources, ['--enable', 'relaxed-simd'], 'ceiling'),
  ]);
  const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return { plain: text(plain), relaxed: text(relaxed) };
}

export async function measureCeiling(page: Page): Promise<CeilingOutcome> {
  const binaries = await compileCeiling();
  return page.evaluate((request) => window.runCeiling(request), {
    ...binaries,
    visible: 784,
    hidden: 196,
    examples: 10_000,
    tiles: [...TILE_CANDIDATES],
  });
}

const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/**
 * The ceiling section: peak per thread, each product's GEMM and kernel GFLOP/s as a fraction of
 * it, and (when timed in the same run) the whole evaluation on one thread.
 */
export function ceilingSection(
  ceiling: CeilingOutcome,
  wholeEvaluation: { label: string; milliseconds: number }[],
): string[] {
  const peak = Math.max(
    ceiling.fmaRelaxed ?? ceiling.fmaPlain,
    ...ceiling.products.map((p) => p.peak),
  );
  const tileDefault = defaultTile(784);
  const lines = [
    '## The ceiling: what one thread of this CPU can do (MNIST shapes)',
    '',
    `f32x4 multiply-add throughput, one thread: ${ceiling.fmaRelaxed ? `${ceiling.fmaRelaxed.toFixed(1)} GFLOP/s with relaxed-SIMD FMA, ` : 'no relaxed SIMD in this engine, '}` +
      `${ceiling.fmaPlain.toFixed(1)} GFLOP/s as multiply then add (12 independent chains; called in short calls until the engine's optimized code runs, then the best of 5 calls of ≈ 100 ms). Measured again before each`,
    `product (${ceiling.products.map((p) => p.peak.toFixed(1)).join(', ')} GFLOP/s: the machine is shared); the peak, the highest reading, is ${peak.toFixed(1)} GFLOP/s.`,
    '',
    'Each product is 2·784·196·10,000 = 3.07 GFLOP, timed alone on one thread (one call untimed, then the best of 3). "GEMM" is a plain',
    'packed SIMD GEMM (64×256 blocks of A and 256×512 panels of B copied contiguous, 4×8 register block);',
    `"kernel" is the kernel's own pass for that product over tiles of examples (affine or reduce of passes.as),`,
    `at the default tile (${tileDefault} examples) and at the best of the tiles the autotune tries (${TILE_CANDIDATES.join(', ')}).`,
    '',
    '| product | GEMM GFLOP/s (of peak) | kernel, default tile | kernel, best tile | kernel per tile |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const product of ceiling.products) {
    const byTile = product.kernel;
    const atDefault = byTile.find((k) => k.tile === tileDefault) ?? byTile[0];
    const top = byTile.reduce((a, b) => (b.gflops > a.gflops ? b : a));
    lines.push(
      `| ${product.name} | ${product.gemm.toFixed(1)} (${pct(product.gemm, peak)}) | ` +
        `${atDefault.gflops.toFixed(1)} (${pct(atDefault.gflops, peak)}) | ` +
        `${top.gflops.toFixed(1)} at ${top.tile} (${pct(top.gflops, peak)}) | ` +
        `${byTile.map((k) => `${k.tile}: ${k.gflops.toFixed(1)}`).join(' · ')} |`,
    );
  }
  const fastest = Math.max(
    ...ceiling.products.flatMap((p) => [p.gemm, ...p.kernel.map((k) => k.gflops)]),
  );
  if (fastest > 1.1 * peak)
    lines.push(
      '',
      `**This reading is wrong**: a product ran at ${fastest.toFixed(1)} GFLOP/s, above the multiply-add peak; the fractions above mean nothing.`,
    );
  const flop = 10 * 784 * 196 * 10_000;
  for (const whole of wholeEvaluation)
    lines.push(
      '',
      `Whole evaluation, ${whole.label}: ${whole.milliseconds.toFixed(0)} ms = ` +
        `${(flop / whole.milliseconds / 1e6).toFixed(1)} GFLOP/s (${pct(flop / whole.milliseconds / 1e6, peak)} of one thread's peak).`,
    );
  lines.push('');
  return lines;
}
