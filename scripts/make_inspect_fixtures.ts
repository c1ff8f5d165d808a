/**
 * Writes tests/fixtures/inspect/: for the natural (64-25) and MNIST (784-196) configurations, the
 * trained weights given on the command line (copied as float32 .npy) and the float64 NumPy port's
 * inspect report (scripts/inspect_reference.py) on the built-in data as `--data natural|mnist`
 * loads it, so tests/unit/inspect.test.ts compares the CLI with NumPy.
 *   npx tsx scripts/make_inspect_fixtures.ts NATURAL_THETA.npy MNIST_THETA.npy
 * (train them with: npm run cli -- train --data natural --out natural.npy, and with --data mnist)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrainingData } from '../src/cli/data';
import { readNpy, writeNpy } from '../src/data/npy';
import { PRESETS } from '../src/engine/settings';

const out = new URL('../tests/fixtures/inspect/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'inspect-fixtures-'));
const [naturalTheta, mnistTheta] = process.argv.slice(2);
if (!naturalTheta || !mnistTheta)
  throw new Error('usage: make_inspect_fixtures.ts NATURAL.npy MNIST.npy');

for (const [name, thetaPath] of [
  ['natural', naturalTheta],
  ['mnist', mnistTheta],
] as const) {
  const preset = PRESETS[name];
  const { matrix } = await loadTrainingData({
    path: name,
    patchSize: preset.patchSize,
    seed: preset.seed,
  });
  const dataPath = join(scratch, `${name}-data.npy`);
  writeFileSync(
    dataPath,
    writeNpy(Float32Array.from(matrix.values), [matrix.visibleSize, matrix.exampleCount]),
  );
  const theta = Float32Array.from(readNpy(readFileSync(thetaPath)).data);
  writeFileSync(join(out, `${name}-theta.npy`), writeNpy(theta, [theta.length]));
  const report = execFileSync('python3', [
    new URL('inspect_reference.py', import.meta.url).pathname,
    '--data',
    dataPath,
    '--theta',
    join(out, `${name}-theta.npy`),
    '--hidden',
    String(preset.hiddenSize),
  ]);
  writeFileSync(join(out, `${name}-expected.json`), report);
  console.log(`${name}: ${matrix.visibleSize}×${matrix.exampleCount}, θ ${theta.length} values`);
}
