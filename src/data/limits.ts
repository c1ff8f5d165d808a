/**
 * The sizes this app reads, checked against what a file's header claims before anything of that
 * size is allocated or inflated. A file over a limit is refused with a message naming the file,
 * the limit and what to do (see `overLimit`).
 */
export const LIMITS = {
  /** Bytes of one file, checked from its size before it is read (the page's File.size, the CLI's stat). */
  fileBytes: 512 * 1024 * 1024,
  /** Bytes a gzip file or a MAT-file's compressed element may inflate to; inflation stops there. */
  inflatedBytes: 512 * 1024 * 1024,
  /** Values of the data: examples × features, or all the pixels of an image stack (64 M; float32: 256 MB). */
  values: 64 * 1024 * 1024,
  /** Width or height of one image (IDX, MAT or photograph). */
  imageSide: 8192,
  /**
   * Features of one example (the visible units): the weights hold 2 · hidden · features values, so
   * with 1,024 hidden units this keeps W1 at 64 M values. 65,536 is a 256×256 image.
   */
  features: 65536,
} as const;

export type LimitName = keyof typeof LIMITS;

const WHAT: Record<LimitName, string> = {
  fileBytes: 'file',
  inflatedBytes: 'inflated data',
  values: 'number of values',
  imageSide: 'image side',
  features: 'number of features per example',
};

const UNIT: Record<LimitName, string> = {
  fileBytes: 'per file',
  inflatedBytes: 'once inflated',
  values: 'values',
  imageSide: 'pixels per side',
  features: 'features per example',
};

const ADVICE: Record<LimitName, string> = {
  fileBytes: 'use fewer images or examples',
  inflatedBytes: 'use fewer images or examples',
  values: 'use fewer examples or smaller images',
  imageSide: 'downscale or crop the images',
  features: 'use smaller images (or patches of them)',
};

/** “512 MB” for byte counts, “65,536” for counts. */
export function formatLimit(name: LimitName, value: number = LIMITS[name]): string {
  if (name === 'fileBytes' || name === 'inflatedBytes') {
    const mb = value / 1048576;
    return mb >= 1 ? `${Math.round(mb).toLocaleString('en-US')} MB` : `${value} bytes`;
  }
  return Math.round(value).toLocaleString('en-US');
}

/** Which limit a refusal was about, for the layers above: `claimed` is what the file asked for. */
export interface LimitBreach {
  name: LimitName;
  limit: number;
  claimed: number;
}

/**
 * When `claimed` is over the limit: “WHAT, over the limit of M UNIT; do Y.” `what` states the
 * claim with its number (“each image is 16,384×16,384”); by default “the X is N”.
 */
export function overLimit(name: LimitName, claimed: number, what?: string): string | null {
  if (claimed <= LIMITS[name]) return null;
  const stated = what ?? `the ${WHAT[name]} is ${formatLimit(name, claimed)}`;
  return `${stated}, over the limit of ${formatLimit(name)} ${UNIT[name]}; ${ADVICE[name]}.`;
}
