/**
 * MATLAB level-5 MAT-files (save -v6 / -v7): a 128-byte header, then data elements. Reads numeric
 * 2-D and 3-D arrays (double, single, int8…uint32, int64/uint64; data stored in any mi type),
 * plain or inside miCOMPRESSED (zlib) elements, and turns MATLAB's column-major order into our
 * row-major image stacks (row 0 on top, as imagesc draws it). v7.3 (HDF5) and v4 files are
 * refused with a message saying how to re-save.
 */
import { inflate } from './inflate';
import {
  MI_COMPRESSED,
  MI_MATRIX,
  RESAVE,
  Reader,
  ascii,
  checkCompressedHead,
  type MatVariable,
} from './mat-reader';
import { DataError, checkLimit, filePrefix, type ImageStack } from './types';

export type { MatVariable } from './mat-reader';

export type MatKind = 'v5' | 'v7.3' | 'v4' | 'unknown';

function looksLikeV4(bytes: Uint8Array): boolean {
  if (bytes.length < 20) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [true, false].some((le) => {
    const type = view.getInt32(0, le);
    const rows = view.getInt32(4, le);
    const columns = view.getInt32(8, le);
    const imaginary = view.getInt32(12, le);
    const nameLength = view.getInt32(16, le);
    const machine = Math.floor(type / 1000);
    const zero = Math.floor(type / 100) % 10;
    const precision = Math.floor(type / 10) % 10;
    const matrixType = type % 10;
    return (
      type >= 0 &&
      machine <= 4 &&
      zero === 0 &&
      precision <= 5 &&
      matrixType <= 2 &&
      rows >= 0 &&
      columns >= 0 &&
      (imaginary === 0 || imaginary === 1) &&
      nameLength >= 1 &&
      nameLength <= 64 &&
      20 + nameLength <= bytes.length &&
      bytes[20 + nameLength - 1] === 0
    );
  });
}

/** Which kind of MAT-file the bytes are, from their content. */
export function matKind(bytes: Uint8Array): MatKind {
  const text = ascii(bytes, 0, 116);
  const hdf5 = (at: number) => ascii(bytes, at, at + 8) === '\x89HDF\r\n\x1a\n';
  if (text.startsWith('MATLAB 7.3') || hdf5(0) || hdf5(512)) return 'v7.3';
  if (text.startsWith('MATLAB 5.0') && bytes.length >= 128) return 'v5';
  if (looksLikeV4(bytes)) return 'v4';
  return 'unknown';
}

/** Every variable of a level-5 MAT-file (numeric ones with their data). Throws DataError. */
export async function readMatVariables(
  bytes: Uint8Array,
  fileName?: string,
): Promise<MatVariable[]> {
  const kind = matKind(bytes);
  if (kind === 'v7.3')
    throw new DataError(
      `${filePrefix(fileName)}this is a MATLAB v7.3 (HDF5) MAT-file, which cannot be read here; ${RESAVE}.`,
      fileName,
    );
  if (kind === 'v4')
    throw new DataError(
      `${filePrefix(fileName)}this is a MATLAB v4 MAT-file, which cannot be read here; ${RESAVE}.`,
      fileName,
    );
  if (kind !== 'v5')
    throw new DataError(
      `${filePrefix(fileName)}not a MATLAB level-5 MAT-file (no “MATLAB 5.0” header).`,
      fileName,
    );
  const endian = ascii(bytes, 126, 128);
  if (endian !== 'IM' && endian !== 'MI')
    throw new DataError(
      `${filePrefix(fileName)}the MAT-file header has no byte-order mark (“IM” or “MI”); ${RESAVE}.`,
      fileName,
    );
  const reader = new Reader(bytes, endian === 'IM', fileName);
  const variables: MatVariable[] = [];
  let at = 128;
  while (at + 8 <= bytes.length) {
    const tag = reader.tag(at, bytes.length);
    if (tag.type === MI_MATRIX) {
      const variable = reader.matrix(tag.data, tag.data + tag.size);
      if (variable) variables.push(variable);
      at = tag.next;
    } else if (tag.type === MI_COMPRESSED) {
      const inner = await inflate(
        bytes.subarray(tag.data, tag.data + tag.size),
        'deflate',
        fileName,
        undefined,
        (head) => checkCompressedHead(head, reader.littleEndian, fileName),
      );
      const innerReader = new Reader(inner, reader.littleEndian, fileName);
      const innerTag = innerReader.tag(0, inner.length);
      if (innerTag.type === MI_MATRIX) {
        const variable = innerReader.matrix(innerTag.data, innerTag.data + innerTag.size);
        if (variable) variables.push(variable);
      }
      at = tag.data + tag.size; // compressed elements are not padded
    } else {
      at = tag.next;
    }
  }
  return variables;
}

const isImageCandidate = (v: MatVariable) =>
  v.data !== undefined &&
  !v.complex &&
  (v.dimensions.length === 2 || v.dimensions.length === 3) &&
  v.dimensions[0] >= 2 &&
  v.dimensions[1] >= 2 &&
  v.dimensions.every((d) => d > 0);

const describe = (v: MatVariable) => `${v.name} (${v.dimensions.join('×')} ${v.className})`;

/**
 * MATLAB's H×W×N (or H×W) array as N row-major images:
 * pixels[k·H·W + i·W + j] = A(i+1, j+1, k+1) = data[i + j·H + k·H·W].
 */
export function columnMajorToImageStack(data: Float64Array, dimensions: number[]): ImageStack {
  const [height, width] = dimensions;
  const count = dimensions[2] ?? 1;
  const pixels = new Float32Array(height * width * count);
  for (let k = 0; k < count; k++) {
    const base = k * height * width;
    for (let j = 0; j < width; j++)
      for (let i = 0; i < height; i++) pixels[base + i * width + j] = data[base + i + j * height];
  }
  return { width, height, count, pixels };
}

/**
 * The images of a MAT-file: the variable named `variable` if given, else IMAGES, else the only
 * 3-D numeric array, else the only numeric 2-D/3-D array (at least 2×2). Otherwise a
 * DataError whose `candidates` lists the names the user can pick from.
 */
export async function readMatImages(
  bytes: Uint8Array,
  fileName?: string,
  variable?: string,
): Promise<{ name: string; stack: ImageStack; candidates: string[] }> {
  const variables = await readMatVariables(bytes, fileName);
  const candidates = variables.filter(isImageCandidate);
  const listing = variables.length
    ? `It holds: ${variables.map(describe).join(', ')}.`
    : 'It holds no variables.';
  let chosen: MatVariable | undefined;
  if (variable !== undefined) {
    chosen = variables.find((v) => v.name === variable);
    if (!chosen || !isImageCandidate(chosen)) {
      throw new DataError(
        `${filePrefix(fileName)}${chosen ? `variable “${variable}” is not a real numeric 2-D or 3-D array of at least 2×2` : `no variable “${variable}”`}. ${listing}`,
        fileName,
        { candidates: candidates.map((v) => v.name) },
      );
    }
  } else {
    const threeD = candidates.filter((v) => v.dimensions.length === 3);
    chosen =
      candidates.find((v) => v.name === 'IMAGES') ??
      (threeD.length === 1 ? threeD[0] : undefined) ??
      (candidates.length === 1 ? candidates[0] : undefined);
  }
  if (!chosen)
    throw new DataError(
      candidates.length
        ? `${filePrefix(fileName)}no variable IMAGES and several image arrays; pick one of ${candidates.map(describe).join(', ')} (the Variable choice under Data, or --variable NAME).`
        : `${filePrefix(fileName)}no real numeric 2-D or 3-D array (at least 2×2) to use as images. ${listing}`,
      fileName,
      { candidates: candidates.map((v) => v.name) },
    );
  const [height, width] = chosen.dimensions;
  checkLimit(
    'imageSide',
    Math.max(height, width),
    fileName,
    `variable “${chosen.name}” holds images of ${height}×${width}`,
  );
  return {
    name: chosen.name,
    stack: columnMajorToImageStack(chosen.data!, chosen.dimensions),
    candidates: candidates.map((v) => v.name),
  };
}
