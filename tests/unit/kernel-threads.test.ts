/**
 * The kernel's thread pool with real helper threads (Node worker_threads): a helper that dies,
 * hangs or traps fails the evaluation with an error naming it, within the deadline, instead of
 * waiting forever or handing back partial sums.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JOB_BASE, KernelThreads } from '../../src/engine/kernel/kernel-threads';

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
 * A stand-in kernel on shared memory: on the calling thread's job both passes return at once;
 * on a helper's job, forwardHidden traps (unreachable) and backward never returns.
 */
function misbehavingKernel(): WebAssembly.Module {
  const onHelper = [0x20, 0x00, 0x41, ...leb(JOB_BASE), 0x47, 0x04, 0x40];
  const trap = [0x00, ...onHelper, 0x00, 0x0b, 0x0b];
  const hang = [0x00, ...onHelper, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x0b];
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
async function pool(deadlineMs: number): Promise<KernelThreads> {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const threads = await KernelThreads.start(misbehavingKernel(), memory, 3, { deadlineMs });
  pools.push(threads);
  return threads;
}
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

describe('the kernel thread pool', () => {
  it('fails a pass whose helper trapped, naming it, and refuses the next one', async () => {
    const threads = await pool(5000);
    expect(() => threads.run('forwardHidden')).toThrow(
      /helper thread [12] trapped in the forwardHidden pass/,
    );
    expect(() => threads.run('forwardHidden')).toThrow(/helper thread [12]/);
  });

  it('fails a pass that a helper does not finish within the deadline', async () => {
    const threads = await pool(300);
    const started = performance.now();
    expect(() => threads.run('backward')).toThrow(
      /helper thread 1 did not finish its share of the backward pass within \d+ ms/,
    );
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('fails at once when a helper has died', async () => {
    const threads = await pool(300);
    await threads.killHelper(2);
    expect(() => threads.run('backward')).toThrow(/helper thread 2/);
  });
});
