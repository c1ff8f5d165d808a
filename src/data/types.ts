/** Shared types of the data readers. */
import { LIMITS, overLimit, type LimitBreach, type LimitName } from './limits';

/** Grayscale images of one size: image k starts at k·width·height, row-major, row 0 = top. */
export interface ImageStack {
  width: number;
  height: number;
  count: number;
  pixels: Float32Array;
}

/**
 * Something about loaded data the page and the CLI should say, as a value. 'outside-unit-range':
 * values outside [0, 1], which the sigmoid output layer cannot reproduce (`range` = [min, max]);
 * loading again with `rescale` applies the original program's normalisation.
 */
export type DataWarning = { kind: 'outside-unit-range'; range: [number, number] };

/** What a DataError tells the layers above, as values (no layer parses another's English). */
export interface DataErrorDetail {
  /** When the user must choose (e.g. a MAT-file variable): the names to choose from. */
  candidates?: string[];
  /** When fewer examples were found than asked for: how many the data holds. */
  available?: number;
  /** When a size claimed by the file is over one of LIMITS. */
  limit?: LimitBreach;
}

/** Bad input: the message names the file (when there is one), what is wrong and what to do. */
export class DataError extends Error {
  readonly fileName?: string;
  candidates?: string[];
  available?: number;
  limit?: LimitBreach;
  constructor(message: string, fileName?: string, detail: DataErrorDetail = {}) {
    super(message);
    this.name = 'DataError';
    this.fileName = fileName;
    this.candidates = detail.candidates;
    this.available = detail.available;
    this.limit = detail.limit;
  }
}

/**
 * Throws a DataError naming the file and the limit when `claimed` is over LIMITS[name]; `what`
 * says what was measured (“each image”), else the limit's own name.
 */
export function checkLimit(
  name: LimitName,
  claimed: number,
  fileName: string | undefined,
  what?: string,
): void {
  const refusal = overLimit(name, claimed, what);
  if (refusal)
    throw new DataError(`${filePrefix(fileName)}${refusal}`, fileName, {
      limit: { name, limit: LIMITS[name], claimed },
    });
}

/** "“name”: " for messages, or "" when the data has no file name. */
export function filePrefix(fileName: string | undefined): string {
  return fileName ? `“${fileName}”: ` : '';
}
