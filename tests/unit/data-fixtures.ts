/** Loads tests/fixtures/data (written by scripts/make_data_fixtures.py with scipy, numpy and gzip). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { DataError } from '../../src/data/dataset';

export const fixtureDir = fileURLToPath(new URL('../fixtures/data/', import.meta.url));
export const publicDataDir = fileURLToPath(new URL('../../public/data/', import.meta.url));

/** A fixture's bytes in a fresh ArrayBuffer (as a browser File would give them). */
export function fixture(name: string): ArrayBuffer {
  const bytes = readFileSync(fixtureDir + name);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export const fixtureBytes = (name: string) => new Uint8Array(fixture(name));

/** readBuiltin for Node: the committed files of public/data. */
export async function readBuiltin(fileName: string): Promise<ArrayBuffer> {
  const bytes = readFileSync(publicDataDir + fileName);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export interface ExpectedStack {
  variable: string;
  height: number;
  width: number;
  count: number;
  pixels: number[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const expected: any = JSON.parse(readFileSync(fixtureDir + 'expected.json', 'utf8'));

/** Expects a DataError whose message matches every pattern (and names the file when given). */
export async function expectDataError(
  promise: Promise<unknown> | (() => unknown),
  patterns: RegExp[],
  fileName?: string,
): Promise<DataError> {
  let caught: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a DataError').toBeInstanceOf(DataError);
  const error = caught as DataError;
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
  if (fileName !== undefined) {
    expect(error.fileName).toBe(fileName);
    expect(error.message).toContain(fileName);
  }
  return error;
}

export function expectClose(
  actual: ArrayLike<number>,
  wanted: ArrayLike<number>,
  tolerance: number,
): void {
  expect(actual.length).toBe(wanted.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < wanted.length; i++) {
    const difference = Math.abs(actual[i] - wanted[i]);
    if (!(difference <= worst)) {
      worst = difference;
      at = i;
    }
  }
  expect(worst, `largest difference at index ${at}`).toBeLessThanOrEqual(tolerance);
}
