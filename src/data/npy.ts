/**
 * NumPy's .npy format (versions 1, 2 and 3): read float64, float32, int32 and uint8 arrays in C or
 * Fortran order and either byte order; write float64 or float32 arrays in C order.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { checkLimit } from './types';

export type NpyData = Float64Array | Float32Array | Int32Array | Uint8Array;

export interface NpyArray {
  shape: number[];
  /** The file's order; `data` is always row-major (C order) whatever it was. */
  fortranOrder: boolean;
  /** The file's dtype descriptor, e.g. '<f8', '>f4', '|u1'. */
  dtype: string;
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface DtypeInfo {
  size: number;
  littleEndian: boolean;
  create: (length: number) => NpyData;
  /** The array over a copy of the file's bytes (little-endian machines). */
  view: (buffer: ArrayBuffer) => NpyData;
  read: (view: DataView, offset: number, littleEndian: boolean) => number;
}

/** A typed array class of a dtype we read: its size, and its array by length or over bytes. */
interface NpyArrayClass {
  readonly BYTES_PER_ELEMENT: number;
  new (length: number): NpyData;
  new (buffer: ArrayBuffer): NpyData;
}

/** The dtypes read, by descriptor without its byte order: the array class and the DataView read. */
const DTYPES = new Map<string, { array: NpyArrayClass; read: DtypeInfo['read'] }>([
  ['f8', { array: Float64Array, read: (v, o, le) => v.getFloat64(o, le) }],
  ['f4', { array: Float32Array, read: (v, o, le) => v.getFloat32(o, le) }],
  ['i4', { array: Int32Array, read: (v, o, le) => v.getInt32(o, le) }],
  ['u1', { array: Uint8Array, read: (v, o) => v.getUint8(o) }],
]);

function dtypeInfo(descr: string): DtypeInfo {
  const order = descr[0];
  const littleEndian = order !== '>';
  if (!'<>|='.includes(order)) throw new Error(`unsupported .npy dtype '${descr}'`);
  const dtype = DTYPES.get(descr.slice(1));
  if (!dtype)
    throw new Error(
      `unsupported .npy dtype '${descr}' (float64, float32, int32 and uint8 are read)`,
    );
  const { array, read } = dtype;
  return {
    size: array.BYTES_PER_ELEMENT,
    littleEndian,
    create: (n) => new array(n),
    view: (b) => new array(b),
    read,
  };
}

/** Parses the header dictionary {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }. */
function parseHeader(header: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw new Error(`malformed .npy header: ${header.trim()}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`malformed .npy shape (${shapeText})`);
      return n;
    });
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** Index in C order of the element at Fortran-order position `index`. */
function fortranToC(shape: number[]): (index: number) => number {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return (index) => {
    let rest = index;
    let cIndex = 0;
    for (let d = 0; d < shape.length; d++) {
      const coordinate = rest % shape[d];
      rest = (rest - coordinate) / shape[d];
      cIndex += coordinate * strides[d];
    }
    return cIndex;
  };
}

/** The header of a .npy file: dtype, order, shape and where the data start. Throws Error. */
export function readNpyHeader(bytes: Uint8Array): {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataStart: number;
} {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('not a .npy file (missing the \\x93NUMPY magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new Error(`unsupported .npy format version ${major}`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new Error('truncated .npy file (header runs past the end)');
  const decoder = new TextDecoder(major === 3 ? 'utf-8' : 'latin1');
  return { ...parseHeader(decoder.decode(bytes.subarray(headerStart, dataStart))), dataStart };
}

/** The number of values a .npy header claims (over LIMITS.values is refused before allocating). */
export const npyValueCount = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Reads a .npy file; the data come back row-major (C order) in a typed array of the file's dtype.
 * A shape of more than LIMITS.values values is refused (DataError naming `fileName`) before any
 * allocation.
 */
export function readNpy(input: ArrayBuffer | Uint8Array, fileName?: string): NpyArray {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const header = readNpyHeader(bytes);
  const { dataStart } = header;
  const info = dtypeInfo(header.descr);
  const count = npyValueCount(header.shape);
  checkLimit(
    'values',
    count,
    fileName,
    `the shape (${header.shape.join(', ')}) holds ${count.toLocaleString('en-US')} values`,
  );
  if (dataStart + count * info.size > bytes.length)
    throw new Error(
      `truncated .npy file: shape (${header.shape.join(', ')}) needs ${count * info.size} data bytes, found ${bytes.length - dataStart}`,
    );
  if (info.littleEndian && !(header.fortranOrder && header.shape.length > 1)) {
    // The common case: copy the bytes (aligned) and view them as the dtype.
    const copy = new Uint8Array(count * info.size); // not bytes.slice: a Node Buffer's is a view
    copy.set(bytes.subarray(dataStart, dataStart + count * info.size));
    return {
      shape: header.shape,
      fortranOrder: header.fortranOrder,
      dtype: header.descr,
      data: info.view(copy.buffer),
    };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = info.create(count);
  const target = header.fortranOrder && header.shape.length > 1 ? fortranToC(header.shape) : null;
  for (let i = 0; i < count; i++) {
    const value = info.read(view, dataStart + i * info.size, info.littleEndian);
    data[target ? target(i) : i] = value;
  }
  return { shape: header.shape, fortranOrder: header.fortranOrder, dtype: header.descr, data };
}

/** Writes a float64 or float32 array, row-major (C order), as a version 1.0 .npy file. */
export function writeNpy(data: Float64Array | Float32Array, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new RangeError(
      `shape (${shape.join(', ')}) holds ${count} values, data has ${data.length}`,
    );
  const descr = data instanceof Float64Array ? '<f8' : '<f4';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, 10 + header.length);
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    if (size === 8) body.setFloat64(i * 8, data[i], true);
    else body.setFloat32(i * 4, data[i], true);
  }
  return out;
}
