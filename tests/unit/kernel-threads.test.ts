/**
 * The kernel's thread pool with real helper threads (Node worker_threads): a helper that dies,
 * hangs or traps fails the evaluation with an error naming it, within the deadline, instead of
 * waiting forever or handing back partial sums; a pass is over when its tiles are done, so a
 * helper that never takes it up does not hold it; and a thread that comes to a pass that is over
 * takes no tile of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kernelBinaries } from '../../src/engine/kernel/kernel-binary';
import {
  decodeBase64,
  planLayout,
  regionAt,
  regionEnd,
  writeJobDescriptors,
} from '../../src/engine/kernel/kernel-layout';
import {
  DONE_WORD,
  JOB_BASE,
  KernelThreads,
  TILE_COUNTER,
  kernelImports,
} from '../../src/engine/kernel/kernel-threads';

/** Signed LEB128 of a small non-negative integer. */
function leb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if (value === 0 && !(byte & 0x40)) return [...bytes, byte];
    bytes.push(byte | 0x80);
  }
}
const text = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

/**
 * A stand-in kernel on shared memory: on a helper's job, forwardHidden traps (unreachable) and
 * backward never returns. On the calling thread's job both return at once, backward having done
 * (with `callerDoesAll`) all 8 columns of the pass: it adds them to the done word.
 */
function misbehavingKernel(callerDoesAll = false): WebAssembly.Module {
  const onHelper = [0x20, 0x00, 0x41, ...leb(JOB_BASE), 0x47, 0x04, 0x40];
  const trap = [0x00, ...onHelper, 0x00, 0x0b, 0x0b];
  // else: i32.atomic.rmw.add(DONE_WORD, 8), dropped.
  const addDone = [0x05, 0x41, ...leb(DONE_WORD), 0x41, 0x08, 0xfe, 0x1e, 0x02, 0x00, 0x1a];
  const hang = [
    ...[0x00, ...onHelper, 0x03, 0x40, 0x0c, 0x00, 0x0b],
    ...(callerDoesAll ? addDone : []),
    ...[0x0b, 0x0b],
  ];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x00]),
    ...section(2, [0x01, ...text('env'), ...text('memory'), 0x02, 0x03, 0x01, 0x01]),
    ...section(3, [0x02, 0x00, 0x00]),
    ...section(7, [0x02, ...text('forwardHidden'), 0x00, 0x00, ...text('backward'), 0x00, 0x01]),
    ...section(10, [0x02, ...leb(trap.length), ...trap, ...leb(hang.length), ...hang]),
  ];
  return new WebAssembly.Module(new Uint8Array(bytes));
}

const pools: KernelThreads[] = [];
async function pool(deadlineMs: number, callerDoesAll = false): Promise<KernelThreads> {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const threads = await KernelThreads.start(misbehavingKernel(callerDoesAll), memory, 3, {
    deadlineMs,
  });
  pools.push(threads);
  return threads;
}
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

describe('the kernel thread pool', () => {
  it('fails a pass whose helper trapped, naming it, and refuses the next one', async () => {
    const threads = await pool(5000);
    expect(() => threads.run('forwardHidden', 8)).toThrow(
      /helper thread [12] trapped in the forwardHidden pass/,
    );
    expect(() => threads.run('forwardHidden', 8)).toThrow(/helper thread [12]/);
  });

  it('fails a pass that a helper does not finish within the deadline', async () => {
    const threads = await pool(300);
    const started = performance.now();
    expect(() => threads.run('backward', 8)).toThrow(
      /helper thread 1 did not finish its share of the backward pass within \d+ ms/,
    );
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('fails at once when a helper has died', async () => {
    const threads = await pool(300);
    await threads.killHelper(2);
    expect(() => threads.run('backward', 8)).toThrow(/helper thread 2/);
  });

  it('ends a pass when its columns are done, without waiting for helpers that never took it up', async () => {
    const threads = await pool(2000, true);
    // The helpers never come back from backward; the calling thread did all 8 columns.
    expect(() => threads.run('backward', 8)).not.toThrow();
    expect(() => threads.run('backward', 8)).not.toThrow();
  });
});

describe('the kernel’s tile claims', () => {
  it('take no tile of a pass that is over, and every tile of the pass that is on', async () => {
    const shape = { visibleSize: 64, hiddenSize: 25 };
    const layout = planLayout(shape, 2, 32);
    const region = regionAt(layout, layout.end, 100);
    const memory = new WebAssembly.Memory({
      initial: Math.ceil(regionEnd(layout, region) / 65536),
      maximum: 256,
      shared: true,
    });
    const module = new WebAssembly.Module(decodeBase64(kernelBinaries.shared));
    const kernel = new WebAssembly.Instance(module, kernelImports(memory)).exports as unknown as {
      forwardHidden(job: number, generation: number): void;
    };
    writeJobDescriptors(new Int32Array(memory.buffer), layout, region, shape, 32, 2);
    const counter = new BigInt64Array(memory.buffer, TILE_COUNTER, 1);
    const done = new Int32Array(memory.buffer, DONE_WORD, 1);
    counter[0] = 5n << 32n;
    kernel.forwardHidden(JOB_BASE, 4);
    expect(done[0]).toBe(0);
    expect(counter[0]).toBe(5n << 32n);
    kernel.forwardHidden(JOB_BASE, 5);
    expect(done[0]).toBe(104);
    expect(Number(counter[0] & 0xffffffffn)).toBeGreaterThanOrEqual(104);
  });
});
