import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  weightsFromJson,
  weightsFromNpy,
  weightsToJson,
  weightsToNpy,
  type Weights,
} from '../../src/data/weights';
import { fixtureDir } from './core-fixtures';

const fixture = JSON.parse(readFileSync(fixtureDir + 'weights-theta.json', 'utf8')) as {
  visibleSize: number;
  hiddenSize: number;
  theta: number[];
};
const npyBytes = readFileSync(fixtureDir + 'weights-theta.npy');

describe('weights .npy (the original program’s θ vector)', () => {
  it('reads a θ written by numpy.save, with the visible size given or inferred', () => {
    const given = weightsFromNpy(npyBytes, 16);
    expect(given.hiddenSize).toBe(5);
    expect(Array.from(given.theta)).toEqual(fixture.theta);
    const inferred = weightsFromNpy(npyBytes);
    expect([inferred.visibleSize, inferred.hiddenSize]).toEqual([16, 5]);
  });

  it('writes θ that numpy loads as the same float64 vector', () => {
    const weights = weightsFromNpy(npyBytes, 16);
    const dir = mkdtempSync(join(tmpdir(), 'weights-'));
    writeFileSync(join(dir, 'theta.npy'), weightsToNpy(weights));
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import numpy as np, json, sys; t = np.load(sys.argv[1]); print(json.dumps([t.dtype.str, list(t.shape), t.tolist()]))',
        join(dir, 'theta.npy'),
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual(['<f8', [181], fixture.theta]);
  });

  it('refuses a θ that does not fit the visible size, and non-vectors', () => {
    expect(() => weightsFromNpy(npyBytes, 15)).toThrow(/does not fit 15 visible/);
    const matrix = readFileSync(fixtureDir + 'npy/float64-c.npy');
    expect(() => weightsFromNpy(matrix, 3)).toThrow(/vector/);
  });
});

describe('weights .json', () => {
  const weights: Weights = {
    visibleSize: 16,
    hiddenSize: 5,
    theta: Float64Array.from(fixture.theta),
    hyperparameters: { rho: 0.01, beta: 3, lambda: 1e-4 },
    iteration: 400,
    cost: 0.3712345678901234,
  };

  it('holds the agreed fields, W1/W2/b1/b2 flat row-major', () => {
    const document = JSON.parse(weightsToJson(weights));
    expect(document.format).toBe('sparse-autoencoder-weights');
    expect(document.version).toBe(1);
    expect(document.W1).toEqual(fixture.theta.slice(0, 80));
    expect(document.W2).toEqual(fixture.theta.slice(80, 160));
    expect(document.b1).toEqual(fixture.theta.slice(160, 165));
    expect(document.b2).toEqual(fixture.theta.slice(165));
    expect(document.hyperparameters).toEqual({ rho: 0.01, beta: 3, lambda: 1e-4 });
    expect([document.iteration, document.cost]).toEqual([400, 0.3712345678901234]);
  });

  it('round-trips exactly', () => {
    expect(weightsFromJson(weightsToJson(weights))).toEqual(weights);
  });

  it('names what is wrong in a bad file', () => {
    const good = JSON.parse(weightsToJson(weights));
    expect(() => weightsFromJson('{nope')).toThrow(/not valid JSON/);
    expect(() => weightsFromJson(JSON.stringify({ ...good, format: 'x' }))).toThrow(/format/);
    expect(() => weightsFromJson(JSON.stringify({ ...good, version: 2 }))).toThrow(/version 2/);
    expect(() => weightsFromJson(JSON.stringify({ ...good, W2: [1, 2] }))).toThrow(/"W2".*80/);
    expect(() => weightsFromJson(JSON.stringify({ ...good, hiddenSize: 0 }))).toThrow(/hiddenSize/);
  });
});
