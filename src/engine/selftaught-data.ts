/**
 * The self-taught experiment's split of a labeled image set (UFLDL's stlExercise.m): the digits
 * 5–9 are the unlabeled set; the digits 0–4 are labeled, the first half (in file order) to train
 * the classifier and the second half to test it.
 */

import type { DataMatrix } from '../core/types';

/** Images of bytes with one class label each (image i's pixels at i·height·width). */
export interface LabeledImages {
  count: number;
  height: number;
  width: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

export interface SelfTaughtSplit {
  /** Indices of the images the autoencoder learns from (labels ignored). */
  unlabeled: Int32Array;
  /** Indices of the classifier's training and test images. */
  train: Int32Array;
  test: Int32Array;
}

/**
 * Unlabeled = label ≥ firstUnlabeled (5), labeled = the rest; at most `unlabeledLimit` and
 * `labeledLimit` of each (the first in file order) when given; train = the first round(n/2)
 * labeled, test = the others.
 */
export function splitSelfTaught(
  labels: Uint8Array,
  options: { firstUnlabeled?: number; unlabeledLimit?: number; labeledLimit?: number } = {},
): SelfTaughtSplit {
  const first = options.firstUnlabeled ?? 5;
  const unlabeled: number[] = [];
  const labeled: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] >= first ? unlabeled : labeled).push(i);
  const u = unlabeled.slice(0, options.unlabeledLimit ?? unlabeled.length);
  const l = labeled.slice(0, options.labeledLimit ?? labeled.length);
  const half = Math.round(l.length / 2);
  return {
    unlabeled: Int32Array.from(u),
    train: Int32Array.from(l.slice(0, half)),
    test: Int32Array.from(l.slice(half)),
  };
}

/** The chosen images as a data matrix (one per column, pixel/255), as the autoencoder takes them. */
export function matrixFromPixels(
  images: Pick<LabeledImages, 'pixels' | 'height' | 'width'>,
  indices: Int32Array,
): DataMatrix {
  const size = images.height * images.width;
  const m = indices.length;
  const values = new Float32Array(size * m);
  for (let e = 0; e < m; e++) {
    const from = indices[e] * size;
    for (let p = 0; p < size; p++) values[p * m + e] = images.pixels[from + p] / 255;
  }
  return { visibleSize: size, exampleCount: m, values };
}

/** The labels of the chosen images. */
export const labelsOf = (labels: Uint8Array, indices: Int32Array): Uint8Array =>
  Uint8Array.from(indices, (i) => labels[i]);
