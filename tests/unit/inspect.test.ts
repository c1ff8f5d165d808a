/**
 * The unit inspector's definitions (src/core/inspect.ts) and `cli inspect` against the float64
 * NumPy port (scripts/inspect_reference.py) on trained weights of the original program's natural
 * (64-25) and MNIST (784-196) configurations: NMSE, explained variance, mean L0, ρ̂ and firing rates
 * to 1e-4 relative, dead and dense counts exactly, histograms within 1% of the examples, top-16
 * sets overlapping at least 80%. Fixtures: scripts/make_inspect_fixtures.ts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program';
import {
  correlatedUnits,
  topExamples,
  unitHistogram,
  unitRates,
  type InspectReport,
} from '../../src/core/inspect';

const fixtures = fileURLToPath(new URL('../fixtures/inspect/', import.meta.url));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  let status = -1;
  await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    exit: (code) => (status = code),
  });
  return { stdout, stderr, status };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

describe('the definitions', () => {
  const a2 = {
    hiddenSize: 3,
    exampleCount: 6,
    // unit 0 ties at 0.9 (examples 1 and 4); unit 1 never fires; unit 2 is dense and holds a 1.
    values: Float64Array.from([
      0.1, 0.9, 0.2, 0.3, 0.9, 0.6, 0.01, 0.02, 0.03, 0.04, 0.05, 0.5, 1, 0.7, 0.8, 0.4, 0.9, 0.95,
    ]),
  };
  it('breaks ties of the top examples to the lower index', () => {
    expect(topExamples(a2, 0, 3)).toEqual([1, 4, 5]);
    expect(topExamples(a2, 0, 1)).toEqual([1]);
  });
  it('puts exactly 1 in the last bin and 0.5 is not above τ = 0.5', () => {
    const histogram = unitHistogram(a2, 2);
    expect(histogram).toHaveLength(50);
    expect(histogram[49]).toBe(1);
    expect(histogram.reduce((a, b) => a + b)).toBe(6);
    const rates = unitRates(a2, 0.5);
    expect(Array.from(rates.firingRate)).toEqual([3 / 6, 0, 5 / 6]);
    expect(rates.deadUnits).toBe(1);
    expect(rates.denseUnits).toBe(1);
    expect(rates.meanL0).toBeCloseTo(8 / 6, 12);
  });
  it('ranks the other units by Pearson correlation', () => {
    const ranked = correlatedUnits(a2, 0, 2);
    expect(ranked.map(([unit]) => unit).sort()).toEqual([1, 2]);
    expect(ranked[0][1]).toBeGreaterThanOrEqual(ranked[1][1]);
  });
});

for (const name of ['natural', 'mnist'] as const) {
  describe(`cli inspect on the ${name} configuration's trained weights`, () => {
    it('agrees with the float64 NumPy port', { timeout: 120_000 }, async () => {
      const expected = JSON.parse(
        readFileSync(`${fixtures}${name}-expected.json`, 'utf8'),
      ) as InspectReport;
      const run = await cli(
        'inspect',
        '--data',
        name,
        '--init',
        `${fixtures}${name}-theta.npy`,
        '--jsonl',
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const got = JSON.parse(run.stdout) as InspectReport;
      expect(got.examples).toBe(expected.examples);
      expect(relative(got.nmse, expected.nmse)).toBeLessThan(1e-4);
      expect(relative(got.explainedVariance, expected.explainedVariance)).toBeLessThan(1e-4);
      expect(relative(got.meanL0, expected.meanL0)).toBeLessThan(1e-4);
      expect(got.deadUnits).toBe(expected.deadUnits);
      expect(got.denseUnits).toBe(expected.denseUnits);
      expect(got.units).toHaveLength(expected.units.length);
      const tolerance = Math.ceil(0.01 * expected.examples);
      for (const [j, want] of expected.units.entries()) {
        const unit = got.units[j];
        expect(unit.unit).toBe(j);
        expect(relative(unit.meanActivation, want.meanActivation)).toBeLessThan(1e-4);
        expect(Math.abs(unit.firingRate - want.firingRate)).toBeLessThanOrEqual(
          Math.max(1e-4 * want.firingRate, 0),
        );
        for (let b = 0; b < 50; b++)
          expect(Math.abs(unit.histogram[b] - want.histogram[b])).toBeLessThanOrEqual(tolerance);
        const overlap = unit.top.filter((e) => want.top.includes(e)).length;
        expect(overlap).toBeGreaterThanOrEqual(0.8 * want.top.length);
        expect(unit.correlated.map(([i]) => i)).toEqual(want.correlated.map(([i]) => i));
      }
    });
  });
}

describe('train --jsonl', () => {
  it(
    'ends with the health figures inspect gives on the final weights',
    { timeout: 60_000 },
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'inspect-')), 'final.npy');
      const data = ['--data', 'natural', '--examples', '500'];
      const run = await cli('train', ...data, '--iterations', '3', '--jsonl', '--out', out);
      expect(run.status).toBe(0);
      const done = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
      const report = JSON.parse((await cli('inspect', ...data, '--init', out, '--jsonl')).stdout);
      for (const key of ['nmse', 'explainedVariance', 'meanL0', 'deadUnits'])
        expect(done[key], key).toBe(report[key]);
      expect(done.nmse).toBeGreaterThan(0);
    },
  );
});

describe('cli inspect refuses bad input in one line', () => {
  it.each([
    [['inspect', '--data', 'natural'], /^error: --init is missing/],
    [
      ['inspect', '--init', '/nowhere/theta.npy'],
      /^error: --init \/nowhere\/theta.npy: no such file/,
    ],
    [['inspect', '--init', 'x.npy', '--threshold', '2'], /^error: --threshold must be/],
    [['inspect', '--init', 'x.npy', '--top', '0'], /^error: --top must be/],
    [['inspect', '--init', 'x.npy', '--bogus'], /^error: unknown option --bogus/],
    [['inspect', '--data', '/nowhere/X.npy', '--init', 'x.npy'], /^error: --data \/nowhere\/X.npy/],
  ])('%j', async (argv, message) => {
    const run = await cli(...argv);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
