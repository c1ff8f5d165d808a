/**
 * The data elements of a level-5 MAT-file: tags (normal and small), numeric data of any mi type,
 * and miMATRIX headers (class, dimensions, name), with sizes checked against LIMITS before the
 * data of a variable is allocated.
 */
import { DataError, checkLimit, filePrefix } from './types';

export const MI_INT8 = 1;
export const MI_UINT32 = 6;
export const MI_INT32 = 5;
export const MI_MATRIX = 14;
export const MI_COMPRESSED = 15;

/** mi data type → [bytes per element, reader]. */
const MI_TYPES: Record<number, [number, (v: DataView, at: number, le: boolean) => number]> = {
  1: [1, (v, at) => v.getInt8(at)],
  2: [1, (v, at) => v.getUint8(at)],
  3: [2, (v, at, le) => v.getInt16(at, le)],
  4: [2, (v, at, le) => v.getUint16(at, le)],
  5: [4, (v, at, le) => v.getInt32(at, le)],
  6: [4, (v, at, le) => v.getUint32(at, le)],
  7: [4, (v, at, le) => v.getFloat32(at, le)],
  9: [8, (v, at, le) => v.getFloat64(at, le)],
  12: [8, (v, at, le) => Number(v.getBigInt64(at, le))],
  13: [8, (v, at, le) => Number(v.getBigUint64(at, le))],
};

const CLASS_NAMES: Record<number, string> = {
  1: 'cell',
  2: 'struct',
  3: 'object',
  4: 'char',
  5: 'sparse',
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
};
const isNumericClass = (classId: number) => classId >= 6 && classId <= 15;

export interface MatVariable {
  name: string;
  className: string;
  /** MATLAB's dimensions, e.g. [512, 512, 10] for IMAGES. */
  dimensions: number[];
  complex: boolean;
  /** The real part in MATLAB's column-major order (numeric classes only). */
  data?: Float64Array;
}

export const RESAVE = 'open it in MATLAB or Octave and re-save it with `save -v7 file.mat IMAGES`';

export function ascii(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < Math.min(end, bytes.length); i++) text += String.fromCharCode(bytes[i]);
  return text;
}

export class Reader {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly littleEndian: boolean,
    readonly fileName?: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fail(what: string): never {
    throw new DataError(
      `${filePrefix(this.fileName)}the MAT-file is truncated or corrupt (${what}); ${RESAVE}.`,
      this.fileName,
    );
  }
  /** A data element's tag at `at`: type, byte count, where the data starts and where the next element starts. */
  tag(at: number, end: number): { type: number; size: number; data: number; next: number } {
    if (at + 8 > end) this.fail(`element tag at byte ${at} runs past the end`);
    const first = this.view.getUint32(at, this.littleEndian);
    if (first >>> 16 !== 0) {
      // Small data element: byte count in the upper 16 bits, data in the tag's second word.
      const size = first >>> 16;
      if (size > 4) this.fail(`small element at byte ${at} claims ${size} bytes`);
      return { type: first & 0xffff, size, data: at + 4, next: at + 8 };
    }
    const size = this.view.getUint32(at + 4, this.littleEndian);
    if (at + 8 + size > end) this.fail(`element at byte ${at} needs ${size} bytes`);
    return { type: first, size, data: at + 8, next: at + 8 + Math.ceil(size / 8) * 8 };
  }
  numbers(type: number, at: number, size: number): Float64Array {
    const entry = MI_TYPES[type];
    if (!entry) this.fail(`unsupported data type ${type}`);
    const [width, read] = entry;
    const out = new Float64Array(Math.floor(size / width));
    for (let i = 0; i < out.length; i++)
      out[i] = read(this.view, at + i * width, this.littleEndian);
    return out;
  }
  /** The header of a miMATRIX body spanning [start, end): class, dimensions and name. */
  header(start: number, end: number) {
    const flags = this.tag(start, end);
    if (flags.type !== MI_UINT32 || flags.size < 8) this.fail('array flags missing');
    const flagWord = this.view.getUint32(flags.data, this.littleEndian);
    const classId = flagWord & 0xff;
    const complex = (flagWord & 0x0800) !== 0;
    const dims = this.tag(flags.next, end);
    if (dims.type !== MI_INT32) this.fail('array dimensions missing');
    const dimensions = Array.from(this.numbers(MI_INT32, dims.data, dims.size));
    const nameTag = this.tag(dims.next, end);
    if (nameTag.type !== MI_INT8 && nameTag.type !== 2) this.fail('array name missing');
    const name = ascii(this.bytes, nameTag.data, nameTag.data + nameTag.size);
    const variable: MatVariable = {
      name,
      className: CLASS_NAMES[classId] ?? `class ${classId}`,
      dimensions,
      complex,
    };
    if (isNumericClass(classId)) checkVariableSize(variable, this.fileName);
    return { variable, numeric: isNumericClass(classId), next: nameTag.next };
  }
  /** Parses the body of a miMATRIX element spanning [start, end). */
  matrix(start: number, end: number): MatVariable | null {
    if (start === end) return null; // an empty array
    const { variable, numeric, next } = this.header(start, end);
    if (numeric) {
      const real = this.tag(next, end);
      const data = this.numbers(real.type, real.data, real.size);
      const expected = variable.dimensions.reduce((a, b) => a * b, 1);
      if (data.length !== expected)
        this.fail(
          `“${variable.name}” has ${data.length} values for dimensions ${variable.dimensions.join('×')}`,
        );
      variable.data = data;
    }
    return variable;
  }
}

/** Refuses a numeric variable of more than LIMITS.values values, from its dimensions alone. */
function checkVariableSize(variable: MatVariable, fileName?: string): void {
  const count = variable.dimensions.reduce((a, b) => a * b, 1);
  checkLimit(
    'values',
    count,
    fileName,
    `variable “${variable.name}” is ${variable.dimensions.join('×')} (${count.toLocaleString('en-US')} values)`,
  );
}

/**
 * Checks the start of an inflated miCOMPRESSED element (a miMATRIX tag, then its header) so that
 * an oversized variable is refused before the rest is inflated.
 */
export function checkCompressedHead(head: Uint8Array, littleEndian: boolean, fileName?: string) {
  const reader = new Reader(head, littleEndian, fileName);
  if (head.length < 8 || reader.view.getUint32(0, littleEndian) !== MI_MATRIX) return;
  if (reader.view.getUint32(4, littleEndian) === 0) return; // an empty array
  reader.header(8, head.length);
}
