/**
 * The built-in datasets' compact binary (public/data/*.bin.gz), gzip of:
 *   bytes 0–3   "SAEL" magic
 *   4–7         format version (uint32 LE) = 1
 *   8–11        image count, 12–15 height, 16–19 width (uint32 LE)
 *   20–23       flags (uint32 LE): bit 0 = one label byte per image follows the pixels
 *   24–27       training count (uint32 LE): the first this many images are the training set, the
 *               rest the test set; 0 = no split
 *   28–31       reserved (zero)
 *   32…         count·height·width uint8 pixels, image k at k·height·width, row-major, row 0 = top
 *   then        count uint8 labels when flag bit 0 is set
 * The reader also accepts the payload un-gzipped (a server may have inflated it already).
 */
import { inflate, isGzip } from './inflate';
import { DataError, filePrefix } from './types';

export const BUILTIN_MAGIC = 'SAEL';
export const BUILTIN_VERSION = 1;
const HEADER_BYTES = 32;

export const BUILTIN_FILES = {
  natural: 'natural-512.bin.gz',
  mnist: 'mnist-10k.bin.gz',
  mnistLabeled: 'mnist-70k.bin.gz',
} as const;

/** The built-in "MNIST digits": the first this many images of MNIST's training file. */
export const BUILTIN_MNIST_DIGITS = 10000;

export interface PackedImages {
  count: number;
  height: number;
  width: number;
  /** uint8 pixels, image k at k·height·width, row-major. */
  pixels: Uint8Array;
  labels?: Uint8Array;
  /** The first this many images are the training set, the rest the test set (absent: no split). */
  trainCount?: number;
}

/** The uncompressed binary of a packed image set (the build script gzips it). */
export function encodePackedImages(packed: PackedImages): Uint8Array {
  const { count, height, width, pixels, labels, trainCount } = packed;
  const pixelBytes = count * height * width;
  if (pixels.length !== pixelBytes) throw new RangeError('pixels do not match count·height·width');
  if (labels && labels.length !== count) throw new RangeError('one label per image');
  const out = new Uint8Array(HEADER_BYTES + pixelBytes + (labels ? count : 0));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = BUILTIN_MAGIC.charCodeAt(i);
  view.setUint32(4, BUILTIN_VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, height, true);
  view.setUint32(16, width, true);
  view.setUint32(20, labels ? 1 : 0, true);
  view.setUint32(24, trainCount ?? 0, true);
  out.set(pixels, HEADER_BYTES);
  if (labels) out.set(labels, HEADER_BYTES + pixelBytes);
  return out;
}

/** Reads a built-in data file (gzipped or not). Throws DataError naming the file. */
export async function decodePackedImages(
  buffer: ArrayBuffer | Uint8Array,
  fileName?: string,
): Promise<PackedImages> {
  let bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (isGzip(bytes)) bytes = await inflate(bytes, 'gzip', fileName);
  const fail = (what: string): never => {
    throw new DataError(
      `${filePrefix(fileName)}built-in data file ${what}; rebuild it with \`npx tsx scripts/build-datasets.ts\`.`,
      fileName,
    );
  };
  if (bytes.length < HEADER_BYTES) fail('is truncated');
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== BUILTIN_MAGIC) fail('has the wrong magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== BUILTIN_VERSION) fail(`has version ${version}, expected ${BUILTIN_VERSION}`);
  const count = view.getUint32(8, true);
  const height = view.getUint32(12, true);
  const width = view.getUint32(16, true);
  const hasLabels = (view.getUint32(20, true) & 1) === 1;
  const pixelBytes = count * height * width;
  if (bytes.length < HEADER_BYTES + pixelBytes + (hasLabels ? count : 0)) fail('is truncated');
  const pixels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + pixelBytes);
  const labels = hasLabels
    ? bytes.subarray(HEADER_BYTES + pixelBytes, HEADER_BYTES + pixelBytes + count)
    : undefined;
  const trainCount = view.getUint32(24, true);
  if (trainCount > count) fail(`says ${trainCount} training images of ${count}`);
  return trainCount > 0
    ? { count, height, width, pixels, labels, trainCount }
    : { count, height, width, pixels, labels };
}
