/**
 * The self-taught learning benchmark (npm run bench, or `-- --only selftaught`): UFLDL's full
 * experiment from our command line (the kernel in Node) and from the NumPy/SciPy port
 * (scripts/softmax_reference.py) one after the other on the same machine, then the 10-class
 * raw-pixel softmax (60,000 → 10,000) both ways. Returns the lines for bench/RESULTS.md.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MNIST_FILES, mnistDataFile } from '../build-datasets';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** The last line of a command's output, as JSON. */
async function lastJson(command: string, args: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(command, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: 6 * 3600_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

const cli = (...args: string[]) =>
  lastJson(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args]);
const numpy = (...args: string[]) =>
  lastJson('python3', [join(root, 'scripts/softmax_reference.py'), ...args]);

const pct = (value: number) => `${(100 * value).toFixed(2)}%`;

export async function benchSelfTaught(log = console.log): Promise<string[]> {
  const files = {
    images: mnistDataFile(MNIST_FILES.trainImages),
    labels: mnistDataFile(MNIST_FILES.trainLabels),
    testImages: mnistDataFile(MNIST_FILES.testImages),
    testLabels: mnistDataFile(MNIST_FILES.testLabels),
  };
  log('self-taught learning, full experiment: ours…');
  const ours = await cli('selftaught', '--images', files.images, '--labels', files.labels);
  log(`  ${JSON.stringify(ours)}`);
  log('  NumPy port…');
  const theirs = await numpy('selftaught', '--images', files.images, '--labels', files.labels);
  log(`  ${JSON.stringify(theirs)}`);
  const test = ['--test-images', files.testImages, '--test-labels', files.testLabels];
  log('softmax on raw pixels, 10 classes, 60,000 → 10,000: ours…');
  const raw = await cli('classify', '--images', files.images, '--labels', files.labels, ...test);
  log(`  ${JSON.stringify(raw)}`);
  const rawNumpy = await numpy(
    'classify',
    '--images',
    files.images,
    '--labels',
    files.labels,
    ...test,
  );
  log(`  ${JSON.stringify(rawNumpy)}`);
  return [
    "## Self-taught learning (UFLDL's stlExercise: 784–200 autoencoder, 400 iterations)",
    '',
    `${ours.unlabeled} unlabeled digits 5–9; ${ours.train} digits 0–4 to train, ${ours.test} to test.`,
    '',
    '| | features a2 | raw pixels | time |',
    '|---|---|---|---|',
    `| ours (CLI, ${String(ours.backend)}) | ${pct(ours.featureAccuracy)} | ${pct(ours.rawAccuracy)} | ${ours.seconds.toFixed(0)} s |`,
    `| NumPy/SciPy port | ${pct(theirs.featureAccuracy)} | ${pct(theirs.rawAccuracy)} | ${theirs.seconds.toFixed(0)} s |`,
    '',
    'UFLDL reports 98.3% on the features.',
    '',
    '## Softmax regression on raw pixels (10 classes, 60,000 → 10,000, λ 1e-4, 100 L-BFGS iterations)',
    '',
    '| | test accuracy | time |',
    '|---|---|---|',
    `| ours (CLI) | ${pct(raw.rawAccuracy)} | ${raw.seconds.toFixed(0)} s |`,
    `| NumPy/SciPy port | ${pct(rawNumpy.accuracy)} | ${rawNumpy.seconds.toFixed(0)} s |`,
    '',
    "UFLDL's softmax exercise reports 92.6%; the target here is 92.2% ± 0.5%.",
    '',
  ];
}
