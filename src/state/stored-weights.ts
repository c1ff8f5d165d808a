/**
 * Parameters as the page stores them in IndexedDB: θ as a Blob, not a Float64Array. A typed array
 * in a record is serialized on the page's main thread by each write (MNIST's 308,308 parameters,
 * 2.4 MB, took 10–30 ms of it every second while training); a Blob's bytes are copied once and
 * handed to the browser's storage beside the record. Records stored before, with θ as a
 * Float64Array, read back as they are.
 */
import type { Weights } from '../worker/protocol';

export type StoredWeights = Omit<Weights, 'theta'> & { theta: Blob | Float64Array };

/** A record with its weights as stored. */
export type WithStoredWeights<T extends { weights: Weights | null }> = Omit<T, 'weights'> & {
  weights: T['weights'] extends Weights ? StoredWeights : StoredWeights | null;
};

export function toStored(weights: Weights): StoredWeights {
  const { theta } = weights;
  // A Blob copies from an ArrayBuffer only (θ is never on shared memory here, but copy if it is).
  const bytes =
    theta.buffer instanceof ArrayBuffer ? (theta as Float64Array<ArrayBuffer>) : theta.slice();
  return { ...weights, theta: new Blob([bytes]) };
}

export async function fromStored(weights: StoredWeights): Promise<Weights> {
  const { theta } = weights;
  if (theta instanceof Float64Array) return { ...weights, theta };
  return { ...weights, theta: new Float64Array(await theta.arrayBuffer()) };
}

/** The record with its weights stored as a Blob. */
export function recordToStored<T extends { weights: Weights | null }>(
  record: T,
): WithStoredWeights<T> {
  const { weights } = record;
  return { ...record, weights: weights && toStored(weights) } as WithStoredWeights<T>;
}

/** The record with its weights read back. */
export async function recordFromStored<T extends { weights: Weights | null }>(
  record: WithStoredWeights<T>,
): Promise<T> {
  const weights = record.weights as StoredWeights | null;
  return { ...record, weights: weights && (await fromStored(weights)) } as unknown as T;
}
