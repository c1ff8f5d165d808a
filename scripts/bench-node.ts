/**
 * Time per cost-and-gradient evaluation at the original program's sizes, for every way this project computes
 * it, next to the NumPy original:  npx tsx scripts/bench-node.ts [natural|mnist] [--repeat N]
 * (Node only; `npm run bench` is the browser benchmark, scripts/bench.ts.)
 *   natural: 64 visible × 25 hidden × 10,000 examples;  mnist: 784 × 196 × 10,000.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { configureWasmFiles, selectBackend } from '../src/engine/backend';
import { initialParameters } from '../src/core/params';
import { createRng } from '../src/core/rng';
import type { CostModel } from '../src/core/cost-model';
import { writeNpy } from '../src/data/npy';

const args = process.argv.slice(2);
const size = args.includes('mnist') ? 'mnist' : 'natural';
const repeatIndex = args.indexOf('--repeat');
const repeat = repeatIndex >= 0 ? Number(args[repeatIndex + 1]) : size === 'mnist' ? 3 : 10;
const [visibleSize, hiddenSize, examples] = size === 'mnist' ? [784, 196, 10000] : [64, 25, 10000];
const shape = { visibleSize, hiddenSize };
const hyper = { rho: 0.01, beta: 3, lambda: 1e-4 };

const rng = createRng(1);
const values = Float64Array.from(
  { length: visibleSize * examples },
  () => 0.1 + 0.8 * rng.uniform(),
);
const data = { visibleSize, exampleCount: examples, values };
const theta = initialParameters(shape, rng);

async function time(model: CostModel, count: number): Promise<{ wall: number; cpu: number }> {
  await model.evaluate(theta, hyper); // warm-up (JIT, shader or kernel set-up)
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) await model.evaluate(theta, hyper);
  const wall = (performance.now() - started) / count;
  const used = process.cpuUsage(cpuStart);
  return { wall, cpu: (used.user + used.system) / 1000 / count };
}

tf.env().set('PROD', true);
const require = createRequire(import.meta.url);
configureWasmFiles(
  dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/',
);
console.log(`${size}: ${visibleSize} visible × ${hiddenSize} hidden × ${examples} examples`);
for (const backend of ['reference', 'kernel', 'tfjs-wasm', 'tfjs-cpu'] as const) {
  const model = await (await selectBackend(backend)).createCostModel(data, shape);
  const slow = backend === 'tfjs-cpu';
  const { wall, cpu } = await time(model, slow ? Math.max(1, repeat / 5) : repeat);
  model.dispose();
  console.log(
    `${backend.padEnd(10)} ${wall.toFixed(1).padStart(8)} ms/evaluation (CPU ${cpu.toFixed(1)} ms)`,
  );
}
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
writeFileSync(join(dir, 'X.npy'), writeNpy(values, [visibleSize, examples]));
writeFileSync(join(dir, 'theta.npy'), writeNpy(theta, [theta.length]));
const numpy = JSON.parse(
  execFileSync(
    'python3',
    [
      join(import.meta.dirname, 'reference.py'),
      'bench',
      ...[
        '--data',
        join(dir, 'X.npy'),
        '--theta',
        join(dir, 'theta.npy'),
        '--repeat',
        String(repeat),
      ],
    ],
    { encoding: 'utf8' },
  ),
) as { msPerEvaluation: number };
console.log(`${'numpy'.padEnd(10)} ${numpy.msPerEvaluation.toFixed(1).padStart(8)} ms/evaluation`);
