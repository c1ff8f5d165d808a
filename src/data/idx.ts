/**
 * MNIST's IDX format (Yann LeCun): a big-endian header — two zero bytes, a type byte (0x08 =
 * unsigned byte), the number of dimensions — then one uint32 per dimension, then the data.
 * Images are magic 2051 (0x00000803: ubyte, 3 dimensions), labels 2049 (0x00000801).
 */
import type { DataMatrix } from '../core/types';
import { formatLimit } from './limits';
import { DataError, checkLimit, filePrefix } from './types';

export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

export interface IdxImages {
  count: number;
  rows: number;
  columns: number;
  /** The raw bytes of every image, image n at n·rows·columns, row-major. */
  pixels: Uint8Array;
}

/** The first four bytes as a big-endian uint32 (the IDX magic), or -1 when there are fewer. */
export function idxMagic(bytes: Uint8Array): number {
  if (bytes.length < 4) return -1;
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

function header(bytes: Uint8Array, dimensions: number, fileName?: string): number[] {
  const needed = 4 + 4 * dimensions;
  if (bytes.length < needed)
    throw new DataError(
      `${filePrefix(fileName)}the IDX header is truncated (${bytes.length} bytes, needs ${needed}).`,
      fileName,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizes: number[] = [];
  for (let d = 0; d < dimensions; d++) sizes.push(view.getUint32(4 + 4 * d, false));
  return sizes;
}

/**
 * Refuses sizes over LIMITS from an IDX image header alone (the first 16 bytes are enough, so a
 * gzip file is refused before the rest is inflated): each side, the pixels of one image (the
 * features), and all the bytes the file says it holds.
 */
export function checkIdxImagesHeader(bytes: Uint8Array, fileName?: string): void {
  if (idxMagic(bytes) !== IDX_IMAGES_MAGIC || bytes.length < 16) return;
  const [count, rows, columns] = header(bytes, 3, fileName);
  const n = (value: number) => value.toLocaleString('en-US');
  const images = `${n(count)} image${count === 1 ? '' : 's'} of ${n(rows)}×${n(columns)}`;
  checkLimit('imageSide', Math.max(rows, columns), fileName, `the header claims ${images}`);
  checkLimit(
    'features',
    rows * columns,
    fileName,
    `the header claims ${images} (${n(rows * columns)} pixels each)`,
  );
  const total = 16 + count * rows * columns;
  checkLimit(
    'inflatedBytes',
    total,
    fileName,
    `the header claims ${images} (${formatLimit('inflatedBytes', total)})`,
  );
}

/** Parses an (already inflated) IDX image file, magic 2051: count × rows × columns bytes. */
export function readIdxImages(bytes: Uint8Array, fileName?: string): IdxImages {
  const magic = idxMagic(bytes);
  if (magic !== IDX_IMAGES_MAGIC) {
    const hint =
      magic === IDX_LABELS_MAGIC
        ? 'this is an IDX label file (magic 2049); choose the image file (…-images-idx3-ubyte).'
        : `expected the IDX image magic 2051, found ${magic}.`;
    throw new DataError(`${filePrefix(fileName)}${hint}`, fileName);
  }
  const [count, rows, columns] = header(bytes, 3, fileName);
  checkIdxImagesHeader(bytes, fileName);
  if (count === 0 || rows === 0 || columns === 0)
    throw new DataError(
      `${filePrefix(fileName)}the IDX file holds no images (${count} × ${rows} × ${columns}).`,
      fileName,
    );
  const expected = 16 + count * rows * columns;
  if (bytes.length < expected)
    throw new DataError(
      `${filePrefix(fileName)}the IDX file is truncated: ${count} images of ${rows}×${columns} need ${expected} bytes, the file has ${bytes.length}. Download it again.`,
      fileName,
    );
  return { count, rows, columns, pixels: bytes.subarray(16, expected) };
}

/** Parses an (already inflated) IDX label file, magic 2049: one byte per example. */
export function readIdxLabels(bytes: Uint8Array, fileName?: string): Uint8Array {
  const magic = idxMagic(bytes);
  if (magic !== IDX_LABELS_MAGIC)
    throw new DataError(
      `${filePrefix(fileName)}expected the IDX label magic 2049, found ${magic}.`,
      fileName,
    );
  const [count] = header(bytes, 1, fileName);
  if (bytes.length < 8 + count)
    throw new DataError(
      `${filePrefix(fileName)}the IDX label file is truncated: ${count} labels need ${8 + count} bytes, the file has ${bytes.length}.`,
      fileName,
    );
  return bytes.subarray(8, 8 + count);
}

/**
 * Checks that a labels file belongs to an images file: one label per image, each a digit-like class
 * 0–255. Throws DataError naming both files when the counts differ.
 */
export function pairIdxLabels(
  images: IdxImages,
  imagesName: string,
  labels: Uint8Array,
  labelsName: string,
): Uint8Array {
  if (labels.length !== images.count) {
    const n = (value: number) => value.toLocaleString('en-US');
    throw new DataError(
      `“${labelsName}” holds ${n(labels.length)} labels but “${imagesName}” holds ${n(images.count)} images; choose the labels file that belongs to these images (…-labels-idx1-ubyte beside …-images-idx3-ubyte).`,
      labelsName,
    );
  }
  return labels;
}

/**
 * The first `examples` images as a data matrix, one image per column, pixel/255:
 * values[(r·columns + c)·examples + n] = pixels[n][r][c] / 255 (the original program's loadMNISTImages).
 */
export function idxImagesToMatrix(
  images: IdxImages,
  examples: number,
  fileName?: string,
): DataMatrix {
  const visibleSize = images.rows * images.columns;
  const exampleCount = Math.min(examples, images.count);
  checkLimit(
    'values',
    visibleSize * exampleCount,
    fileName,
    `${exampleCount.toLocaleString('en-US')} examples × ${visibleSize.toLocaleString('en-US')} features`,
  );
  const values = new Float32Array(visibleSize * exampleCount);
  for (let n = 0; n < exampleCount; n++) {
    const start = n * visibleSize;
    for (let pixel = 0; pixel < visibleSize; pixel++)
      values[pixel * exampleCount + n] = images.pixels[start + pixel] / 255;
  }
  return { visibleSize, exampleCount, values };
}
