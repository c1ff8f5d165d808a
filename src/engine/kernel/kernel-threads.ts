/**
 * Runs the kernel's passes on several threads over one shared WebAssembly memory: the calling
 * thread takes job 0, helper workers (a Web Worker in the browser, worker_threads in Node) take
 * jobs 1…n−1. A dispatch is one store and a futex wake (Atomics), not a message.
 *
 * Control block (Int32Array at byte 0 of the memory): [0] generation, [1] command,
 * [2 + t] the generation helper t finished last.
 */

/** Job descriptors start here, one per thread, JOB_BYTES apart. */
export const JOB_BASE = 64;
export const JOB_BYTES = 128;
export const CONTROL_BYTES = 64;
/** Helper threads beyond this are not supported by the control block. */
export const MAX_THREADS = 8;

export type KernelPass = 'forwardHidden' | 'backward';
const COMMAND: Record<KernelPass, number> = { forwardHidden: 1, backward: 2 };
const EXIT = 3;

export interface KernelExports {
  forwardHidden(job: number): void;
  backward(job: number): void;
}

/** The helper's whole program, run as a classic script (no imports, no bundler). */
const HELPER_SOURCE = `
const start = (module, memory, index, post) => {
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const control = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
  const job = ${JOB_BASE} + index * ${JOB_BYTES};
  let seen = Atomics.load(control, 0);
  post('ready');
  for (;;) {
    Atomics.wait(control, 0, seen);
    const generation = Atomics.load(control, 0);
    if (generation === seen) continue;
    seen = generation;
    const command = Atomics.load(control, 1);
    if (command === ${EXIT}) break;
    try {
      if (command === ${COMMAND.forwardHidden}) kernel.forwardHidden(job);
      else kernel.backward(job);
    } catch (error) {
      post('error: ' + (error && error.message ? error.message : String(error)));
    }
    Atomics.store(control, 2 + index, generation);
    Atomics.notify(control, 2 + index);
  }
};
if (typeof require === 'function') {
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', (m) => start(m.module, m.memory, m.index, (s) => parentPort.postMessage(s)));
} else {
  self.onmessage = (e) => start(e.data.module, e.data.memory, e.data.index, (s) => self.postMessage(s));
}
`;

interface HelperHandle {
  post(message: unknown): void;
  onMessage(listener: (text: string) => void): void;
  terminate(): void;
}

interface NodeWorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  terminate(): unknown;
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
      terminate: () => worker.terminate(),
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
    },
    terminate: () => void worker.terminate(),
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

export class KernelThreads {
  private generation = 0;
  private failure: string | null = null;
  private readonly blocking = canBlock();

  private constructor(
    private readonly kernel: KernelExports,
    private readonly control: Int32Array,
    private readonly helpers: HelperHandle[],
  ) {
    for (const helper of helpers)
      helper.onMessage((text) => {
        if (text.startsWith('error')) this.failure = text;
      });
  }

  /** Starts threads − 1 helpers on `memory` (shared when threads > 1) and waits until they are ready. */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    threads: number,
  ): Promise<KernelThreads> {
    const kernel = new WebAssembly.Instance(module, { env: { memory } })
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
          helper.post({ module, memory, index });
        });
      }
    } catch (error) {
      for (const helper of helpers) helper.terminate();
      throw error;
    }
    return new KernelThreads(kernel, control, helpers);
  }

  get threadCount(): number {
    return this.helpers.length + 1;
  }

  /** Runs `pass` on every thread's job descriptor and returns when all have finished. */
  run(pass: KernelPass): void {
    if (this.failure)
      throw new Error(`the cost kernel failed on a helper thread (${this.failure})`);
    const helperCount = this.helpers.length;
    if (helperCount > 0) {
      const generation = ++this.generation;
      Atomics.store(this.control, 1, COMMAND[pass]);
      Atomics.store(this.control, 0, generation);
      Atomics.notify(this.control, 0);
    }
    this.kernel[pass](JOB_BASE);
    for (let index = 1; index <= helperCount; index++) {
      const at = 2 + index;
      for (;;) {
        const done = Atomics.load(this.control, at);
        if (done === this.generation) break;
        if (this.blocking) Atomics.wait(this.control, at, done, 1000);
        // A helper that died never answers: give up rather than wait forever.
        if (this.failure)
          throw new Error(`the cost kernel failed on a helper thread (${this.failure})`);
      }
    }
  }

  dispose(): void {
    if (this.helpers.length > 0) {
      Atomics.store(this.control, 1, EXIT);
      Atomics.store(this.control, 0, ++this.generation);
      Atomics.notify(this.control, 0);
    }
    for (const helper of this.helpers) helper.terminate();
    this.helpers.length = 0;
  }
}
