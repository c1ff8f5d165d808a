/** Shared types of the data readers. */

/** Grayscale images of one size: image k starts at k·width·height, row-major, row 0 = top. */
export interface ImageStack {
  width: number;
  height: number;
  count: number;
  pixels: Float32Array;
}

/** Bad input: the message names the file (when there is one), what is wrong and what to do. */
export class DataError extends Error {
  readonly fileName?: string;
  /** When the user must choose (e.g. a MAT-file variable): the names to choose from. */
  candidates?: string[];
  constructor(message: string, fileName?: string) {
    super(message);
    this.name = 'DataError';
    this.fileName = fileName;
  }
}

/** Files larger than this are refused before reading (and inflated data may not grow past it). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** "“name”: " for messages, or "" when the data has no file name. */
export function filePrefix(fileName: string | undefined): string {
  return fileName ? `“${fileName}”: ` : '';
}
