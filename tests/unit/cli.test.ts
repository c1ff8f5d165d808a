/**
 * The command line checked against the NumPy port of the original program: run in-process through
 * its `main` (the arguments and both streams passed in), and spawned as a user runs it once to pin
 * the process's side of the contract (exit codes, one line on stderr).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program';
import { initialParameters } from '../../src/core/params';
import { createRng } from '../../src/core/rng';
import { writeNpy } from '../../src/data/npy';
import { weightsFromNpy } from '../../src/data/weights';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cli-'));
const dataPath = join(dir, 'X.npy');
const thetaPath = join(dir, 'theta.npy');

interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `npm run cli` does (tsx), in its own process, without a shell. */
function spawnCli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** Runs the CLI's `main` in this process with these arguments, collecting what it writes. */
async function cli(...args: string[]): Promise<CliRun> {
  const run: CliRun = { status: -1, stdout: '', stderr: '' };
  let exits = 0;
  await main(args, {
    stdout: (text) => (run.stdout += text),
    stderr: (text) => (run.stderr += text),
    exit: (code) => {
      run.status = code;
      exits++;
    },
  });
  expect(exits).toBe(1);
  return run;
}

function reference(...args: string[]): Record<string, number> {
  return JSON.parse(
    execFileSync('python3', [join(root, 'scripts/reference.py'), ...args], { encoding: 'utf8' }),
  );
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(() => {
  // 64 × 2,000 values in [0.1, 0.9], and θ0 drawn by the original program's own initialisation in NumPy.
  const rng = createRng(77);
  const values = Float64Array.from({ length: 64 * 2000 }, () => 0.1 + 0.8 * rng.uniform());
  writeFileSync(dataPath, writeNpy(values, [64, 2000]));
  reference('init', '--visible', '64', '--hidden', '25', '--seed', '5', '--out', thetaPath);
});

const FIELDS = [
  'iteration',
  'cost',
  'reconstruction',
  'decay',
  'sparsity',
  'evaluations',
  'elapsedMs',
];

describe('npm run cli -- train', () => {
  for (const backend of ['reference', 'kernel']) {
    it(`--iterations 0 --init theta.npy reproduces the original program's cost and parts to 1e-5 (${backend})`, async () => {
      const hyper = ['--rho', '0.05', '--beta', '2', '--lambda', '0.001'];
      const want = reference('cost', '--data', dataPath, '--theta', thetaPath, ...hyper);
      const run = await cli(
        'train',
        ...['--data', dataPath, '--init', thetaPath, '--iterations', '0', '--jsonl'],
        ...['--backend', backend, ...hyper],
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const [first, done] = jsonLines(run.stdout);
      expect(first.iteration).toBe(0);
      expect(done.done).toBe(true);
      for (const part of ['cost', 'reconstruction', 'decay', 'sparsity']) {
        const got = first[part] as number;
        expect(Math.abs(got - want[part]) / Math.abs(want[part])).toBeLessThan(1e-5);
        expect(done[part]).toBe(got);
      }
    });
  }

  it('--jsonl prints one object per iteration, then one with "done": true (as a process, exit 0)', async () => {
    const outPath = join(dir, 'final.npy');
    const run = await spawnCli(
      'train',
      '--data',
      dataPath,
      '--iterations',
      '6',
      '--jsonl',
      '--out',
      outPath,
    );
    expect(run.status).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(8);
    lines.slice(0, 7).forEach((line, i) => {
      expect(Object.keys(line)).toEqual(FIELDS);
      expect(line.iteration).toBe(i);
      for (const field of FIELDS) expect(Number.isFinite(line[field])).toBe(true);
    });
    for (let i = 1; i < 7; i++) {
      expect(lines[i].cost as number).toBeLessThan(lines[i - 1].cost as number);
      expect(lines[i].evaluations as number).toBeGreaterThan(lines[i - 1].evaluations as number);
      expect(lines[i].elapsedMs as number).toBeGreaterThanOrEqual(lines[i - 1].elapsedMs as number);
    }
    const done = lines[7];
    expect(done.done).toBe(true);
    expect(done.iteration).toBe(6);
    expect(done.cost).toBe(lines[6].cost);
    // The weights written load in the original program's script and give the cost printed (float32 on WASM).
    const check = reference('cost', '--data', dataPath, '--theta', outPath);
    expect(Math.abs(check.cost - (done.cost as number)) / check.cost).toBeLessThan(1e-5);
  });

  it('writes --out from the last finite weights when the run faults', async () => {
    // Every hidden unit always fires (b1 = 40): ρ̂ = 1, where the sparsity term is infinite.
    const shape = { visibleSize: 64, hiddenSize: 25 };
    const saturated = initialParameters(shape, createRng(3));
    saturated.fill(40, 2 * 25 * 64, 2 * 25 * 64 + 25);
    const initPath = join(dir, 'saturated.npy');
    writeFileSync(initPath, writeNpy(saturated, [saturated.length]));
    const outPath = join(dir, 'after-fault.npy');
    const run = await cli(
      'train',
      ...['--data', dataPath, '--init', initPath, '--iterations', '5', '--out', outPath],
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ρ̂ reached 1 for 25 of 25 hidden units/);
    expect(run.stderr).toMatch(/last finite weights \(iteration 0\) are in .*after-fault\.npy/);
    const written = weightsFromNpy(readFileSync(outPath), 64);
    expect(written.theta).toEqual(saturated);
  });

  it('prints a table every 10 iterations and a summary without --jsonl', async () => {
    const run = await cli('train', '--data', dataPath, '--iterations', '12', '--examples', '500');
    expect(run.status).toBe(0);
    const rows = run.stdout.split('\n').filter((line) => /^\s+\d+\s/.test(line));
    expect(rows.map((row) => Number(row.trim().split(/\s+/)[0]))).toEqual([0, 10, 12]);
    expect(run.stdout).toMatch(/Stopped after 12 iterations \(max-iterations\)/);
    expect(run.stdout).toMatch(/64 × 500/);
  });

  const refusals: [string, string[], RegExp][] = [
    ['an unknown flag', ['--bogus', '3'], /unknown option --bogus/],
    ['ρ out of range', ['--rho', '1.5'], /--rho: .*between 0 and 1/],
    ['a non-number', ['--hidden', 'many'], /--hidden: .*number/],
    ['a missing value', ['--iterations'], /--iterations needs a value/],
    ['a missing data file', ['--data', join(dir, 'nope.npy')], /nope\.npy: no such file/],
    ['a data file that is not .npy data', ['--data', thetaPath], /theta\.npy: expected a 2-D/],
    ['weights of the wrong size', ['--init', dataPath], /--init .*X\.npy/],
    ['a weights file of unknown type', ['--out', join(dir, 'w.txt')], /--out .*\.npy or \.json/],
    [
      'an output folder that does not exist',
      ['--out', join(dir, 'no/w.npy')],
      /--out .*does not exist/,
    ],
  ];
  /** The refusal's contract: nothing on stdout, one line on stderr without a stack, exit code 2. */
  function expectRefusal(run: CliRun, message: RegExp): void {
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }
  const withData = (args: string[]) =>
    args.includes('--data') ? args : ['--data', dataPath, ...args];

  for (const [what, args, message] of refusals) {
    it(`refuses ${what}: one line on stderr, exit code 2`, async () => {
      expectRefusal(await cli('train', ...withData(args), '--iterations', '0'), message);
    });
  }

  it('as a process, too: the exit code is 2 and stderr holds the one line', async () => {
    const [, args, message] = refusals[0];
    expectRefusal(await spawnCli('train', ...withData(args), '--iterations', '0'), message);
  });
});
