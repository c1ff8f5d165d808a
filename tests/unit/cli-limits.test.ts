/**
 * The command line's refusals of oversized or unusable files, in-process through `main`: one
 * stderr line naming the file, exit code 2. Files: scripts/make_limit_fixtures.py.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program';

const limitsDir = fileURLToPath(new URL('../fixtures/limits/', import.meta.url));
const dataDir = fileURLToPath(new URL('../fixtures/data/', import.meta.url));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let code = -1;
  await main(argv, {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    exit: (exitCode) => (code = exitCode),
  });
  return { code, out, err };
}

async function expectRefusal(
  argv: string[],
  file: string,
  pattern: RegExp,
  withinMs = 1000,
): Promise<void> {
  const started = performance.now();
  const run = await cli('train', '--iterations', '1', ...argv);
  expect(run.code).toBe(2);
  expect(run.out).toBe('');
  const lines = run.err.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(pattern);
  expect(performance.now() - started).toBeLessThan(withinMs);
}

describe('the command line refuses what its limits forbid (exit 2, one line naming the file)', () => {
  const cases: [string, RegExp][] = [
    ['idx-16384.gz', /over the limit of 8,192 pixels per side/],
    ['idx-2x4096-idx3-ubyte', /over the limit of 65,536 features per example/],
    ['idx-claims-10x.gz', /over the limit of 512 MB once inflated/],
    ['npy-1e10.npy', /over the limit of 67,108,864 values/],
    ['mat-huge-compressed.mat', /over the limit of 67,108,864 values/],
  ];
  for (const [name, pattern] of cases)
    it(name, async () => {
      await expectRefusal(['--data', limitsDir + name], name, pattern);
    });

  it('data outside [0, 1] is refused with the way out (--rescale), which then trains', async () => {
    const file = limitsDir + 'int32-0-90.npy';
    await expectRefusal(['--data', file], 'int32-0-90.npy', /outside \[0, 1\].*--rescale/);
    const run = await cli(
      'train',
      ...['--data', file, '--rescale', '--hidden', '4', '--iterations', '2'],
      ...['--backend', 'reference', '--jsonl'],
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const last = JSON.parse(run.out.trim().split('\n').pop()!) as { cost: number };
    expect(Number.isFinite(last.cost)).toBe(true);
  });

  it('--variable picks one image array of a .mat holding several', async () => {
    const file = dataDir + 'ambiguous.mat';
    await expectRefusal(['--data', file], 'ambiguous.mat', /pick one of .*--variable NAME/);
    const unknown = await cli('train', '--data', file, '--variable', 'NOPE');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/ambiguous\.mat: no variable “NOPE”/);
  });

  it('weights: the kind, every value finite, ρ/β/λ inside the settings’ bounds', async () => {
    const data = ['--data', limitsDir + 'int32-0-90.npy', '--rescale'];
    const weights = (name: string) => ['--init', limitsDir + name, '--hidden', '2'];
    // The weights files hold 64 visible units: the built-in 8×8 patches (whitened first: slower).
    const patches = ['--data', 'natural', '--patch', '8'];
    await expectRefusal(
      [...patches, ...weights('weights-inf.npy')],
      'weights-inf.npy',
      /W1\[7\] \(θ index 7\) is Infinity/,
      20_000,
    );
    await expectRefusal(
      [...patches, ...weights('weights-nan.json')],
      'weights-nan.json',
      /"W2"\[3\] is NaN/,
      20_000,
    );
    await expectRefusal(
      [...patches, ...weights('weights-bad-hyperparameters.json')],
      'weights-bad-hyperparameters.json',
      /hyperparameters\.rho: .*between 0 and 1, got -5/,
      20_000,
    );
    await expectRefusal([...data, ...weights('weights.txt')], 'weights.txt', /\.npy or \.json/);
  });
});
