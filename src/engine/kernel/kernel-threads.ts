/**
 * Runs the kernel's passes on several threads over one shared WebAssembly memory: the calling
 * thread takes job 0, helper workers (a Web Worker in the browser, worker_threads in Node) take
 * jobs 1…n−1. A dispatch is one store and a futex wake (Atomics), not a message.
 *
 * Every pass has its own generation. Its tiles are claimed from one counter tagged with it, and a
 * pass is over when its tiles are done, not when every helper has looked in: the calling thread
 * starts on the tiles at once and waits only for tiles another thread holds. A helper the system
 * has not scheduled yet (the page drawing on the other core) costs the pass nothing, and when it
 * wakes for a pass that is over it finds no tile of that generation and sleeps again. The threads
 * add to their own sums, which the caller zeroes before a pass (wasm-cost.ts).
 *
 * Control block (Int32Array at byte 0 of the memory): [0] generation, [1] command, [2] the error
 * word (the index of a helper whose pass trapped in this generation, 0 when none), [2 + t] the
 * generation helper t (1…7) finished last, [10] the liveness word (bit t: helper t is running;
 * the pool clears it when the helper exits or fails), [11] bit t: helper t picked up this
 * generation, [12]–[13] the tile counter (TILE_COUNTER, 64 bits: the generation, then the next
 * tile's first column), [14] the columns done (DONE_WORD). A pass whose tiles are not done within
 * the deadline, or that trapped on a helper, fails the evaluation with an error naming the helper;
 * the pool then refuses further work (its partial sums are never read as a gradient).
 *
 * Given the page's busy flag, the helpers beyond the first `keepWorking` threads step aside before
 * they claim a tile while the flag is set and tiles are left (the kernel's stepAside import): the
 * page's work, a few short bursts a second, then has a core to itself (its main thread, then
 * raster and compositor) instead of sharing every core with the kernel, while the threads kept
 * working (the calling one first) go on with the pass on the others. The page needs one core, not
 * all: stepping aside on every core left one idle whenever the page worked. A thread that
 * finishes its pass wakes the others.
 */

/** The pass's tile counter (written by run, claimed by the kernel: simd.as nextTile). */
export const TILE_COUNTER = 48;
/** The columns of the pass done so far (the thread finishing the last one wakes the caller). */
export const DONE_WORD = 56;
/** Job descriptors start here, one per thread, JOB_BYTES apart. */
export const JOB_BASE = 64;
export const JOB_BYTES = 128;
const CONTROL_BYTES = 64;
/**
 * How long a helper stepping aside for the page sleeps before it looks again whether tiles are left
 * (the calling thread wakes it when it has finished its pass; this bounds a missed wake-up), in ms.
 */
const STEP_ASIDE_MS = 10;
/** Helper threads beyond this are not supported by the control block. */
export const MAX_THREADS = 8;

type KernelPass = 'forwardHidden' | 'backward';
const COMMAND: Record<KernelPass, number> = { forwardHidden: 1, backward: 2 };
const EXIT = 3;
const ERROR_WORD = 2;
const LIVE_WORD = 10;
const STARTED_WORD = 11;
/** Default time a helper may take beyond the calling thread's own share of a pass. */
const DEFAULT_DEADLINE_MS = 10_000;

interface KernelExports {
  forwardHidden(job: number, generation: number): void;
  backward(job: number, generation: number): void;
}

/** The helper's whole program, run as a classic script (no imports, no bundler). */
const HELPER_SOURCE = `
const start = (module, memory, index, post, busy) => {
  const control = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
  // Before it claims a tile, the helper steps aside while the page says it is busy and tiles are
  // left to claim (the counter is a word of the control block); as kernelImports does.
  const stepAside = busy
    ? (counter, end) => {
        while (Atomics.load(busy, 0) !== 0 && Atomics.load(control, counter >> 2) < end)
          Atomics.wait(busy, 0, 1, ${STEP_ASIDE_MS});
      }
    : () => {};
  const kernel = new WebAssembly.Instance(module, { env: { memory, stepAside } }).exports;
  const job = ${JOB_BASE} + index * ${JOB_BYTES};
  let seen = Atomics.load(control, 0);
  Atomics.or(control, ${LIVE_WORD}, 1 << index);
  post('ready');
  for (;;) {
    Atomics.wait(control, 0, seen);
    const generation = Atomics.load(control, 0);
    if (generation === seen) continue;
    seen = generation;
    const command = Atomics.load(control, 1);
    if (command === ${EXIT}) break;
    Atomics.or(control, ${STARTED_WORD}, 1 << index);
    try {
      if (command === ${COMMAND.forwardHidden}) kernel.forwardHidden(job, generation);
      else kernel.backward(job, generation);
    } catch (error) {
      Atomics.compareExchange(control, ${ERROR_WORD}, 0, index);
      post('error: ' + (error && error.message ? error.message : String(error)));
      Atomics.notify(control, ${DONE_WORD / 4});
    }
    Atomics.store(control, 2 + index, generation);
  }
};
if (typeof require === 'function') {
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', (m) => start(m.module, m.memory, m.index, (s) => parentPort.postMessage(s), m.busy));
} else {
  self.onmessage = (e) => start(e.data.module, e.data.memory, e.data.index, (s) => self.postMessage(s), e.data.busy);
}
`;

interface HelperHandle {
  post(message: unknown): void;
  /** Messages, errors ("error: …") and the helper's exit ("exit: …"). */
  onMessage(listener: (text: string) => void): void;
  /** Resolves when the helper has stopped. */
  terminate(): Promise<void>;
}

interface NodeWorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
  unref(): void;
}

async function spawnHelper(): Promise<HelperHandle> {
  if (typeof Worker !== 'undefined' && typeof Blob !== 'undefined') {
    const url = URL.createObjectURL(new Blob([HELPER_SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(url, { name: 'cost-kernel-helper' });
    URL.revokeObjectURL(url);
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => {
        worker.addEventListener('message', (e) => listener(String(e.data)));
        worker.addEventListener('error', (e) =>
          listener(`error: ${e.message || 'the helper worker failed'}`),
        );
      },
      terminate: async () => worker.terminate(),
    };
  }
  const moduleName = 'node:worker_threads';
  const threads = (await import(/* @vite-ignore */ moduleName)) as {
    Worker: new (code: string, options: { eval: true }) => NodeWorkerLike;
  };
  const worker = new threads.Worker(HELPER_SOURCE, { eval: true });
  worker.unref();
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => {
      worker.on('message', (m) => listener(String(m)));
      worker.on('error', (e) => listener(`error: ${e.message}`));
      worker.on('exit', (code) => listener(`exit: it exited with code ${code}`));
    },
    terminate: async () => void (await worker.terminate()),
  };
}

/** Whether this thread may block in Atomics.wait (workers and Node yes, a page's main thread no). */
function canBlock(): boolean {
  const scope = globalThis as { WorkerGlobalScope?: unknown; document?: unknown };
  if (typeof scope.WorkerGlobalScope !== 'undefined') return true;
  return typeof scope.document === 'undefined';
}

/** Whether threads can share memory here (SharedArrayBuffer; a page must be cross-origin isolated). */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

export interface KernelThreadsOptions {
  /**
   * How long a helper may take beyond the calling thread's own share of a pass, in ms (default
   * 10 s, and at least 50 times the calling thread's time): after it the evaluation fails.
   */
  deadlineMs?: number;
  /**
   * The page's busy flag (shared Int32Array, 1 while it works: src/state/page-busy.ts): the
   * threads beyond the first `keepWorking` wait before claiming a tile while it is set.
   */
  pageBusy?: Int32Array;
  /**
   * Threads that go on while the page works, the calling one first (default 1; wasm-cost.ts
   * keeps cores − 1): 0 steps every thread aside.
   */
  keepWorking?: number;
}

/**
 * The kernel's imports on the calling thread: given the page's busy flag, it steps aside before
 * claiming a tile while the flag is set and tiles are left; without, it never does.
 */
export function kernelImports(
  memory: WebAssembly.Memory,
  pageBusy?: Int32Array,
): WebAssembly.Imports {
  if (!pageBusy) return { env: { memory, stepAside: () => {} } };
  const control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
  const stepAside = (counter: number, end: number) => {
    while (Atomics.load(pageBusy, 0) !== 0 && Atomics.load(control, counter >> 2) < end)
      Atomics.wait(pageBusy, 0, 1, STEP_ASIDE_MS);
  };
  return { env: { memory, stepAside } };
}

export class KernelThreads {
  private generation = 0;
  private failure: string | null = null;
  private readonly blocking = canBlock();
  /** The tile counter (TILE_COUNTER), one 64-bit word. */
  private readonly counter: BigInt64Array;

  private constructor(
    private readonly kernel: KernelExports,
    private readonly control: Int32Array,
    private readonly helpers: HelperHandle[],
    private readonly deadlineMs: number,
    private readonly pageBusy: Int32Array | undefined,
  ) {
    this.counter = new BigInt64Array(control.buffer, TILE_COUNTER, 1);
    helpers.forEach((helper, i) =>
      helper.onMessage((text) => {
        if (!text.startsWith('error') && !text.startsWith('exit')) return;
        Atomics.and(this.control, LIVE_WORD, ~(1 << (i + 1)));
        this.failure ??= `helper thread ${i + 1}: ${text.replace(/^(error|exit): /, '')}`;
      }),
    );
  }

  /** Starts threads − 1 helpers on `memory` (shared when threads > 1) and waits until they are ready. */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    threads: number,
    options: KernelThreadsOptions = {},
  ): Promise<KernelThreads> {
    const pageBusy = threads > 1 ? options.pageBusy : undefined;
    const keepWorking = Math.max(0, options.keepWorking ?? 1);
    const stepsAside = (index: number) => (index >= keepWorking ? pageBusy : undefined);
    const kernel = new WebAssembly.Instance(module, kernelImports(memory, stepsAside(0)))
      .exports as unknown as KernelExports;
    const control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    const helpers: HelperHandle[] = [];
    try {
      for (let index = 1; index < threads; index++) {
        const helper = await spawnHelper();
        helpers.push(helper);
        await new Promise<void>((resolve, reject) => {
          helper.onMessage((text) =>
            text === 'ready' ? resolve() : reject(new Error(`kernel helper thread: ${text}`)),
          );
          helper.post({ module, memory, index, busy: stepsAside(index) });
        });
      }
    } catch (error) {
      for (const helper of helpers) void helper.terminate();
      throw error;
    }
    return new KernelThreads(
      kernel,
      control,
      helpers,
      options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      helpers.length > 0 ? pageBusy : undefined,
    );
  }

  private fail(reason: string): never {
    this.failure ??= reason;
    throw new Error(`the cost kernel failed on a helper thread (${this.failure})`);
  }

  /**
   * Runs `pass` and returns when it is done: on this thread alone (`columns` 0: the jobs take
   * their own columns in order), or shared with the helpers, until all `columns` of the shared
   * jobs are done. Throws when a helper is gone, trapped, or holds a tile past the deadline;
   * every later call throws too.
   */
  run(pass: KernelPass, columns: number): void {
    if (this.failure) this.fail(this.failure);
    const helperCount = columns > 0 ? this.helpers.length : 0;
    if (helperCount === 0) {
      // Without helpers the memory may not be shared, and growing it detaches `control`.
      this.kernel[pass](JOB_BASE, 0);
      return;
    }
    const live = Atomics.load(this.control, LIVE_WORD);
    for (let index = 1; index <= helperCount; index++)
      if (!(live & (1 << index))) this.fail(`helper thread ${index} is not running`);
    const started = performance.now();
    const generation = ++this.generation;
    Atomics.store(this.control, ERROR_WORD, 0);
    Atomics.store(this.control, STARTED_WORD, 0);
    Atomics.store(this.control, DONE_WORD / 4, 0);
    Atomics.store(this.counter, 0, BigInt(generation) << 32n);
    Atomics.store(this.control, 1, COMMAND[pass]);
    Atomics.store(this.control, 0, generation);
    Atomics.notify(this.control, 0);
    this.kernel[pass](JOB_BASE, generation);
    // Every tile is claimed: a helper waiting aside for the page may stop waiting.
    if (this.pageBusy) Atomics.notify(this.pageBusy, 0);
    const own = performance.now() - started;
    const deadline = performance.now() + Math.max(this.deadlineMs, 50 * own);
    for (;;) {
      const trapped = Atomics.load(this.control, ERROR_WORD);
      if (trapped) this.fail(`helper thread ${trapped} trapped in the ${pass} pass`);
      const done = Atomics.load(this.control, DONE_WORD / 4);
      if (done >= columns) return;
      const left = deadline - performance.now();
      if (left <= 0) this.fail(this.lateHelper(pass, generation, deadline - started));
      if (this.blocking) Atomics.wait(this.control, DONE_WORD / 4, done, Math.min(left, 1000));
    }
  }

  /** Why a pass missed its deadline: the first helper that started it and has not finished. */
  private lateHelper(pass: KernelPass, generation: number, waitedMs: number): string {
    const picked = Atomics.load(this.control, STARTED_WORD);
    let index = 1;
    for (let t = 1; t <= this.helpers.length; t++)
      if (picked & (1 << t) && Atomics.load(this.control, 2 + t) !== generation) {
        index = t;
        break;
      }
    return (
      `helper thread ${index} ${picked & (1 << index) ? 'did not finish' : 'did not start'} its ` +
      `share of the ${pass} pass within ${Math.round(waitedMs)} ms`
    );
  }

  /** For tests: ends helper `index` (1…) as a crash would; resolves once it has stopped. */
  killHelper(index: number): Promise<void> {
    return this.helpers[index - 1].terminate();
  }

  dispose(): void {
    if (this.helpers.length > 0) {
      Atomics.store(this.control, 1, EXIT);
      Atomics.store(this.control, 0, ++this.generation);
      Atomics.notify(this.control, 0);
    }
    for (const helper of this.helpers) void helper.terminate();
    this.helpers.length = 0;
  }
}
