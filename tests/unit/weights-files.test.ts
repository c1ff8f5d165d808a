/**
 * Weights files as the page's "Import weights…" reads them (readWeightsFile, then the settings'
 * bounds): files from scripts/make_limit_fixtures.py (numpy.save, Python's json with NaN).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/types';
import { readWeightsFile } from '../../src/data/weights';
import { validateWeightsHyperparameters } from '../../src/engine/validate';

const limitsDir = fileURLToPath(new URL('../fixtures/limits/', import.meta.url));
const read = (name: string) => readWeightsFile(name, readFileSync(limitsDir + name), 64);

function refusal(name: string): DataError {
  try {
    read(name);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error(`${name} was accepted`);
}

describe('weights files the page imports', () => {
  it('refuses other kinds than .json and .npy, naming the file and the accepted kinds', () => {
    const error = refusal('weights.txt');
    expect(error.fileName).toBe('weights.txt');
    expect(error.message).toMatch(/^“weights\.txt”: weights are read from \.json or \.npy files/);
  });

  it('refuses NaN and infinite values, naming the file and the first bad field and index', () => {
    expect(refusal('weights-inf.npy').message).toMatch(
      /^“weights-inf\.npy”: W1\[7\] \(θ index 7\) is Infinity/,
    );
    expect(refusal('weights-nan.json').message).toMatch(/^“weights-nan\.json”: .*"W2"\[3\] is NaN/);
  });

  it('refuses a .npy whose header claims more values than the limit, before allocating', () => {
    const error = refusal('npy-1e10.npy');
    expect(error.message).toMatch(/^“npy-1e10\.npy”: .*over the limit of 67,108,864 values/);
    expect(error.limit?.name).toBe('values');
  });

  it('refuses ρ, β, λ outside the settings’ bounds, naming the file and the field', () => {
    const weights = read('weights-bad-hyperparameters.json');
    expect(weights.hyperparameters).toEqual({ rho: -5, beta: 1e9, lambda: -1 });
    expect(
      validateWeightsHyperparameters(weights.hyperparameters, 'weights-bad-hyperparameters.json'),
    ).toMatch(/^“weights-bad-hyperparameters\.json”: hyperparameters\.rho: .*got -5/);
    const beta = { rho: 0.01, beta: 1e9, lambda: 0.0001 };
    expect(validateWeightsHyperparameters(beta, 'w.json')).toMatch(
      /hyperparameters\.beta: .*1000000000/,
    );
    expect(validateWeightsHyperparameters({ ...beta, beta: 3 }, 'w.json')).toBeNull();
  });
});
