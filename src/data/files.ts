/**
 * The user's files: size checks, gzip, format detection by content (never by name), and each
 * format's reader, giving images (for patches), IDX digits, or a ready data matrix.
 */
import type { DataMatrix } from '../core/types';
import { checkPhotoSize, photographsToStack, type DecodedImage } from './images';
import { inflate, isGzip } from './inflate';
import {
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  checkIdxImagesHeader,
  idxMagic,
  pairIdxLabels,
  readIdxImages,
  readIdxLabels,
  type IdxImages,
} from './idx';
import { LIMITS } from './limits';
import { matKind, readMatImages } from './mat';
import { npyValueCount, readNpy, readNpyHeader } from './npy';
import { DataError, checkLimit, filePrefix, type ImageStack } from './types';
import { whitenImages } from './whiten';

export type FileFormat =
  'idx-images' | 'idx-labels' | 'mat' | 'mat-v7.3' | 'mat-v4' | 'npy' | 'photo' | 'unknown';

export type FileData =
  | {
      kind: 'stack';
      stack: ImageStack;
      description: string;
      fileName?: string;
      /** A MAT-file's image arrays when it holds several, and the one used. */
      variables?: string[];
      variable?: string;
    }
  | { kind: 'idx'; images: IdxImages; fileName: string; labels?: Uint8Array }
  | { kind: 'matrix'; matrix: DataMatrix; dtype: string; fileName: string };

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** The format of (already inflated) bytes, from their magic numbers and headers. */
export function detectFormat(bytes: Uint8Array): FileFormat {
  const magic = idxMagic(bytes);
  if (magic === IDX_IMAGES_MAGIC) return 'idx-images';
  if (magic === IDX_LABELS_MAGIC) return 'idx-labels';
  if (startsWith(bytes, [0x93, ...ascii('NUMPY')])) return 'npy';
  if (
    startsWith(bytes, [0x89, ...ascii('PNG')]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) ||
    startsWith(bytes, ascii('BM')) ||
    startsWith(bytes, ascii('GIF8'))
  )
    return 'photo';
  const kind = matKind(bytes);
  if (kind === 'v5') return 'mat';
  if (kind === 'v7.3') return 'mat-v7.3';
  if (kind === 'v4') return 'mat-v4';
  return 'unknown';
}

const EXPECTED =
  'expected MNIST IDX images (optionally .gz), a MATLAB .mat (save -v7), a NumPy .npy, or PNG/JPEG/WebP/BMP photographs';

interface Sniffed {
  name: string;
  bytes: Uint8Array;
  format: FileFormat;
  original: ArrayBuffer;
}

/** Refuses a .npy matrix over LIMITS from its header: its values and its features (rows). */
function checkNpyHeader(bytes: Uint8Array, fileName: string): void {
  let shape: number[];
  try {
    shape = readNpyHeader(bytes).shape;
  } catch {
    return; // not readable yet: the reader says why
  }
  const size = shape.map((n) => n.toLocaleString('en-US')).join(' × ');
  checkLimit('values', npyValueCount(shape), fileName, `the matrix is ${size}`);
  if (shape.length === 2)
    checkLimit('features', shape[0], fileName, `the matrix is ${size} (features × examples)`);
}

/**
 * Refuses what the first bytes of a file (inflated) claim beyond LIMITS: an IDX image header, a
 * .npy header, a picture's header. Runs before a gzip file is inflated further.
 */
export function checkClaims(head: Uint8Array, fileName: string): void {
  const format = detectFormat(head);
  if (format === 'idx-images') checkIdxImagesHeader(head, fileName);
  else if (format === 'npy') checkNpyHeader(head, fileName);
  else if (format === 'photo') checkPhotoSize(head, fileName);
}

async function sniff(file: { name: string; bytes: ArrayBuffer }): Promise<Sniffed> {
  const { name } = file;
  const size = file.bytes.byteLength;
  if (size === 0)
    throw new DataError(`${filePrefix(name)}the file is empty; choose another file.`, name);
  checkLimit('fileBytes', size, name);
  let bytes: Uint8Array = new Uint8Array(file.bytes);
  if (isGzip(bytes)) {
    bytes = await inflate(bytes, 'gzip', name, LIMITS.inflatedBytes, (head) =>
      checkClaims(head, name),
    );
    if (bytes.length === 0)
      throw new DataError(
        `${filePrefix(name)}the gzip file holds no data; choose another file.`,
        name,
      );
  } else checkClaims(bytes, name);
  return { name, bytes, format: detectFormat(bytes), original: file.bytes };
}

/** A data matrix from a .npy array: 2-D, features × examples; uint8 scaled by 1/255. */
function npyMatrix(file: Sniffed): { matrix: DataMatrix; dtype: string } {
  let array;
  try {
    array = readNpy(file.bytes, file.name);
  } catch (error) {
    if (error instanceof DataError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(`${filePrefix(file.name)}${reason}.`, file.name);
  }
  const { shape, data, dtype } = array;
  if (shape.length !== 2)
    throw new DataError(
      `${filePrefix(file.name)}expected a 2-D data matrix (features × examples, one example per column), got shape (${shape.join(', ')}).`,
      file.name,
    );
  const [visibleSize, exampleCount] = shape;
  if (visibleSize === 0 || exampleCount === 0)
    throw new DataError(
      `${filePrefix(file.name)}the matrix is empty (${visibleSize} × ${exampleCount}).`,
      file.name,
    );
  const values =
    data instanceof Float64Array || data instanceof Float32Array
      ? data
      : Float32Array.from(data, (v) => (data instanceof Uint8Array ? v / 255 : v));
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      throw new DataError(
        `${filePrefix(file.name)}value ${i} (feature ${Math.floor(i / exampleCount)}, example ${i % exampleCount}) is ${values[i]}; clean the data and save it again.`,
        file.name,
      );
  return { matrix: { visibleSize, exampleCount, values }, dtype };
}

/** “64 × 10,000 data matrix (<f8)”, noting uint8 scaling (values outside [0, 1] are a DataWarning). */
export function describeMatrix(matrix: DataMatrix, available: number, dtype: string): string {
  const of =
    available === matrix.exampleCount ? '' : ` (first of ${available.toLocaleString('en-US')})`;
  return `${matrix.visibleSize} × ${matrix.exampleCount.toLocaleString('en-US')}${of} data matrix (${dtype}${dtype.endsWith('u1') ? ', scaled by 1/255' : ''})`;
}

async function decodePhotographs(
  photos: Sniffed[],
  decodeImage: ((bytes: ArrayBuffer, name: string) => Promise<DecodedImage>) | undefined,
): Promise<ImageStack> {
  if (!decodeImage)
    throw new DataError(
      `${filePrefix(photos[0].name)}photographs can only be read in the browser; from the command line use --data natural, an IMAGES.mat, an MNIST IDX file or a .npy matrix.`,
      photos[0].name,
    );
  const decoded: { name: string; image: DecodedImage }[] = [];
  for (const photo of photos) {
    try {
      decoded.push({ name: photo.name, image: await decodeImage(photo.original, photo.name) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DataError(
        `${filePrefix(photo.name)}the image could not be decoded (${reason}); it may be truncated or in a format this browser cannot read.`,
        photo.name,
      );
    }
  }
  return photographsToStack(decoded);
}

/** Reads the user's files as one data set (several photographs, or one file of another kind). */
export async function loadFiles(
  files: { name: string; bytes: ArrayBuffer }[],
  options: {
    variable?: string;
    decodeImage?: (bytes: ArrayBuffer, name: string) => Promise<DecodedImage>;
    whitenPhotographs: boolean;
  },
): Promise<FileData> {
  if (files.length === 0) throw new DataError('No file was chosen; choose a data file.');
  const sniffed: Sniffed[] = [];
  for (const file of files) sniffed.push(await sniff(file));
  for (const file of sniffed) {
    const { name } = file;
    if (file.format === 'mat-v7.3' || file.format === 'mat-v4')
      await readMatImages(file.bytes, name); // throws the re-save message
    if (file.format === 'unknown') {
      const hint = /\.mat$/i.test(name) ? ' If it is a MAT-file, re-save it with `save -v7`.' : '';
      throw new DataError(
        `${filePrefix(name)}not a recognised data file (${EXPECTED}).${hint}`,
        name,
      );
    }
  }
  const photos = sniffed.filter((f) => f.format === 'photo');
  const idxImages = sniffed.filter((f) => f.format === 'idx-images');
  const labels = sniffed.filter((f) => f.format === 'idx-labels');
  const others = sniffed.filter((f) => f.format === 'mat' || f.format === 'npy');
  const groups = [photos.length > 0, idxImages.length > 0, others.length > 0].filter(
    Boolean,
  ).length;
  if (groups > 1 || others.length > 1 || idxImages.length > 1)
    throw new DataError(
      `Choose one kind of data at a time: several photographs, or one IDX image file (with its labels), or one .mat, or one .npy — not ${sniffed.map((f) => f.name).join(', ')}.`,
    );
  if (photos.length > 0) {
    const gray = await decodePhotographs(photos, options.decodeImage);
    const stack = options.whitenPhotographs ? whitenImages(gray) : gray;
    const names = photos.length === 1 ? photos[0].name : `${photos.length} photographs`;
    return {
      kind: 'stack',
      stack,
      description: `${names} (${stack.width}×${stack.height}${options.whitenPhotographs ? ', whitened' : ''})`,
      fileName: photos.length === 1 ? photos[0].name : undefined,
    };
  }
  if (idxImages.length === 1) {
    const file = idxImages[0];
    const images = readIdxImages(file.bytes, file.name);
    if (labels.length > 1)
      throw new DataError(
        `Choose one IDX labels file with the images, not ${labels.map((f) => f.name).join(', ')}.`,
      );
    if (labels.length === 0) return { kind: 'idx', images, fileName: file.name };
    const labelFile = labels[0];
    const read = readIdxLabels(labelFile.bytes, labelFile.name);
    const paired = pairIdxLabels(images, file.name, read, labelFile.name);
    return { kind: 'idx', images, fileName: file.name, labels: paired };
  }
  if (labels.length > 0 && others.length === 0)
    throw new DataError(
      `${filePrefix(labels[0].name)}this is an IDX label file; choose the image file (…-images-idx3-ubyte or .gz) with it.`,
      labels[0].name,
    );
  const file = others[0];
  if (file.format === 'npy') {
    const { matrix, dtype } = npyMatrix(file);
    return { kind: 'matrix', matrix, dtype, fileName: file.name };
  }
  const { name, stack, candidates } = await readMatImages(file.bytes, file.name, options.variable);
  return {
    kind: 'stack',
    stack,
    variables: candidates.length > 1 ? candidates : undefined,
    variable: name,
    description: `${file.name} › ${name} (${stack.count} image${stack.count === 1 ? '' : 's'} ${stack.height}×${stack.width})`,
    fileName: file.name,
  };
}
