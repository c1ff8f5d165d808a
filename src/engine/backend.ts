/**
 * Choosing where the cost is computed. An explicit choice activates that tfjs backend (WebGL in a
 * worker on an OffscreenCanvas, WebGL 2; WASM; CPU), falling back to the slower ones after it;
 * on WASM the project's WebAssembly SIMD kernel computes when the engine supports it. 'auto'
 * measures instead of guessing: on the run's own data it times the SIMD kernel and tfjs on WebGL
 * (whatever its renderer) and keeps the faster, once per data shape. Each tfjs backend is verified
 * with a small computation before it is used; a lost WebGL context makes `guard` reject so the
 * session continues on the next backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { CostModel } from '../core/cost-model';
import { createTfCostModel } from '../core/cost-tf';
import { createWasmCostModel, wasmSimdSupport, type WasmCostModel } from './kernel/wasm-cost';
import type { DataMatrix, ModelShape } from '../core/types';
import type { BackendChoice } from './settings';
import type { Clock } from './clock';
import {
  describeProbe,
  probeFastestModel,
  type ProbeCandidate,
  type ProbeResult,
} from './backend-probe';
import { matrixProductBound } from './product-bound';
import type { BackendName } from './types';

const ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];
const LABEL: Record<BackendName, string> = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/**
 * Where the WASM backend finds its three .wasm files (file name → URL). Threads stay off: the
 * threaded build starts its helpers from an inline script that does not survive bundling.
 */
export function configureWasmFiles(files: Record<string, string>): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(files);
}

/** The candidates for a choice: the chosen one first, then the slower ones after it. */
export function backendOrder(choice: BackendChoice): BackendName[] {
  if (choice === 'auto') return [...ORDER];
  return ORDER.slice(ORDER.indexOf(choice));
}

/** A tiny matrix product whose answer is known: [[1,2],[3,4]]·[[1],[1]] = [[3],[7]]. */
async function verify(): Promise<void> {
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.ones([2, 1])));
  try {
    const values = await product.data();
    if (Math.abs(values[0] - 3) > 1e-6 || Math.abs(values[1] - 7) > 1e-6)
      throw new Error(`a test product came out as ${Array.from(values).join(', ')}`);
  } finally {
    product.dispose();
  }
}

interface WebglInfo {
  gl: WebGL2RenderingContext | WebGLRenderingContext;
  note: string;
  /** Short, for a one-line note: "WebGL 2 (SwiftShader)". */
  label: string;
}

/** The GPU's name without ANGLE's wrapping and device ids, or the software renderer's name. */
export function shortRendererName(renderer: string): string {
  const software = /SwiftShader|llvmpipe|softpipe/i.exec(renderer);
  if (software) return software[0];
  const angle = /^ANGLE \((.*)\)$/.exec(renderer.trim());
  const parts = (angle ? angle[1] : renderer).split(', ');
  const name = (parts.length > 1 ? parts[1] : parts[0]).replace(/\s*\(0x[0-9a-f]+\).*$/i, '');
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}

function webglInfo(): WebglInfo | null {
  const backend = tf.backend() as unknown as {
    gpgpu?: { gl: WebGL2RenderingContext | WebGLRenderingContext };
  };
  const gl = backend.gpgpu?.gl;
  if (!gl) return null;
  const canvas = gl.canvas;
  const surface =
    typeof OffscreenCanvas !== 'undefined' && canvas instanceof OffscreenCanvas
      ? 'OffscreenCanvas'
      : 'canvas';
  const version =
    typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext ? 2 : 1;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : 'unknown GPU';
  return {
    gl,
    note: `WebGL ${version} on ${surface}, ${renderer}`,
    label: `WebGL ${version} (${shortRendererName(renderer)})`,
  };
}

export interface BackendOptions {
  /**
   * Threads of the WASM SIMD kernel, the calling one included (default: the cores, up to 4). The
   * app leaves a core to the page. Above 1, 'auto' also measures the kernel on one thread.
   */
  kernelThreads?: number;
  /** Told about each measurement made for 'auto' (what was timed, the probe's duration). */
  onMeasured?(measurement: BackendMeasurement): void;
  /** The probe's clock (default the system clock; tests pass a fake one). */
  clock?: Clock;
}

export interface BackendMeasurement extends Omit<ProbeResult, 'model'> {
  /** The backend chosen and the note it shows. */
  backend: BackendName;
  note: string;
}

export interface CostModelOptions {
  /**
   * false: build the model of whatever computes now without measuring (for a side computation
   * such as the gradient check, whose small subset must not switch the backend under a run).
   */
  measure?: boolean;
}

export interface BackendController {
  readonly active: BackendName;
  /** How the active backend was set up, what was measured, and what failed before it. */
  readonly note: string;
  /** Switches to the next backend after a failure; null when none is left. */
  fallback(reason: string): Promise<{ backend: BackendName; note: string } | null>;
  /** Rejects when the WebGL context is lost before `work` settles; otherwise passes it through. */
  guard<T>(work: Promise<T>): Promise<T>;
  /**
   * The cost model: for 'auto', the fastest measured on this data (the SIMD kernel or tfjs on
   * WebGL; tfjs WASM ops only without the kernel; tfjs CPU last), remembered per data shape.
   * Otherwise tfjs ops on the active backend, except on WASM where the kernel is used when the
   * engine supports it.
   */
  createCostModel(
    data: DataMatrix,
    shape: ModelShape,
    options?: CostModelOptions,
  ): Promise<CostModel>;
  /** Test hook: lose the WebGL context as a GPU reset would. Returns false if not on WebGL. */
  loseWebglContext(): boolean;
}

/** What 'auto' settled on for one data shape. */
interface Decision {
  backend: BackendName;
  /** The kernel's threads when the kernel computes; null for tfjs ops. */
  kernelThreads: number | null;
  note: string;
}

type Kind = 'kernel' | 'webgl' | 'tfjs-wasm';

/** Activates the first backend of `choice` that initialises and computes correctly. */
export async function selectBackend(
  choice: BackendChoice,
  options: BackendOptions = {},
): Promise<BackendController> {
  const candidates = backendOrder(choice);
  const failures: string[] = [];
  let active: BackendName | null = null;
  let detail = '';
  let lost: Promise<never> | null = null;
  let gl: WebglInfo['gl'] | null = null;
  let webglLabel: string | null = null;
  /** 'auto' measures until a fallback; after one, the next backend in line is used directly. */
  let measuring = choice === 'auto';
  const decisions = new Map<string, Decision>();
  const kernelThreads = options.kernelThreads;
  /** The kernel's threads outside measuring: the last measured choice's, or the option. */
  let directKernelThreads = kernelThreads;

  /** Makes `name` the tfjs backend; the reason it could not, or null. */
  const start = async (name: BackendName): Promise<string | null> => {
    try {
      if (!(await tf.setBackend(name))) throw new Error('it could not be initialised here');
      await tf.ready();
      await verify();
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    active = name;
    gl = null;
    lost = null;
    const info = name === 'webgl' ? webglInfo() : null;
    if (info) {
      const context = info.gl;
      gl = context;
      webglLabel = info.label;
      lost = new Promise<never>((_, reject) => {
        context.canvas.addEventListener('webglcontextlost', () =>
          reject(new Error('the WebGL context was lost')),
        );
      });
      lost.catch(() => undefined);
    }
    detail = info?.note ?? LABEL[name];
    return null;
  };

  const activate = async (from: number): Promise<boolean> => {
    for (let i = from; i < candidates.length; i++) {
      const failure = await start(candidates[i]);
      if (!failure) return true;
      failures.push(`${LABEL[candidates[i]]}: ${failure}`);
    }
    return false;
  };

  /** tfjs on WASM under the kernel, so that a later fallback goes on to the CPU. */
  const settleOnWasm = async () => {
    if (active === 'wasm') return;
    if (await start('wasm')) {
      // tfjs's WASM did not start; the kernel needs none of it.
      active = 'wasm';
      gl = null;
      lost = null;
    }
  };

  /** The model for the active backend, without measuring (explicit choices, after a fallback). */
  const direct = async (data: DataMatrix, shape: ModelShape, report: boolean) => {
    if (active === 'wasm' && wasmSimdSupport().simd) {
      try {
        const model = await createWasmCostModel(data, shape, { threads: directKernelThreads });
        if (report) detail = `WASM, SIMD kernel (${model.variant})`;
        return model;
      } catch (error) {
        if (report)
          detail = `WASM, tfjs ops (the SIMD kernel failed: ${error instanceof Error ? error.message : String(error)})`;
      }
    }
    return createTfCostModel(data, shape);
  };

  /** Builds the model a remembered decision names; null when that no longer works. */
  const rebuild = async (
    decision: Decision,
    data: DataMatrix,
    shape: ModelShape,
  ): Promise<CostModel | null> => {
    try {
      if (decision.kernelThreads !== null) {
        const model = await createWasmCostModel(data, shape, { threads: decision.kernelThreads });
        await settleOnWasm();
        return model;
      }
      if (active !== decision.backend && (await start(decision.backend))) return null;
      return createTfCostModel(data, shape);
    } catch {
      return null;
    }
  };

  /** Times the candidates on `data` and keeps the fastest (see backend-probe.ts). */
  const measure = async (key: string, data: DataMatrix, shape: ModelShape) => {
    const kinds: Kind[] = [];
    const list: ProbeCandidate[] = [];
    let kernelBuilt = false;
    let firstKernelThreads = 0;
    if (wasmSimdSupport().simd) {
      kinds.push('kernel');
      list.push({
        label: 'WASM SIMD kernel',
        create: async () => {
          const model = await createWasmCostModel(data, shape, { threads: kernelThreads });
          kernelBuilt = true;
          firstKernelThreads = model.threads;
          return model;
        },
        describe: (model) => {
          const threads = (model as WasmCostModel).threads;
          return threads > 1 ? `the kernel on ${threads} threads` : 'WASM SIMD kernel';
        },
      });
      // Small models are often faster on one thread (no hand-over between threads).
      kinds.push('kernel');
      list.push({
        label: 'the kernel on 1 thread',
        wanted: () => firstKernelThreads > 1,
        create: () => createWasmCostModel(data, shape, { threads: 1 }),
      });
    }
    kinds.push('tfjs-wasm');
    list.push({
      label: 'WASM (tfjs ops)',
      wanted: () => !kernelBuilt,
      create: async () => {
        const failure = active === 'wasm' ? null : await start('wasm');
        if (failure) throw new Error(failure);
        return createTfCostModel(data, shape);
      },
    });
    if (webglLabel) {
      const onWebgl = async () => {
        const failure = active === 'webgl' ? null : await start('webgl');
        if (failure) throw new Error(failure);
      };
      kinds.push('webgl');
      list.push({
        label: webglLabel,
        // One matrix product first: a full warm-up would compile every shader (seconds on
        // a software renderer) only to lose.
        precheck: async (context) => {
          await onWebgl();
          return matrixProductBound(data, shape, context);
        },
        create: async () => {
          await onWebgl();
          return createTfCostModel(data, shape);
        },
      });
    }

    const result = await probeFastestModel(list, shape, data.exampleCount, {
      clock: options.clock,
    });
    let model = result.model;
    let decision: Decision;
    const kind = result.winner >= 0 ? kinds[result.winner] : null;
    let winnerName = result.timings.find((t) => t.candidate === result.winner)?.label ?? '';
    const tfjsBackend: BackendName = kind === 'webgl' ? 'webgl' : 'wasm';
    if (model && kind === 'kernel') {
      await settleOnWasm();
      const { threads, variant } = model as WasmCostModel;
      const oneOfTwo = firstKernelThreads > 1 && threads === 1;
      winnerName = `WASM SIMD kernel (${variant}${oneOfTwo ? ', 1 thread' : ''})`;
      decision = { backend: 'wasm', kernelThreads: threads, note: '' };
      directKernelThreads = threads;
    } else if (model && kind && (active === tfjsBackend || (await start(tfjsBackend)) === null)) {
      decision = { backend: tfjsBackend, kernelThreads: null, note: '' };
    } else {
      // Nothing measurable worked: tfjs on the CPU, the last resort, is not measured.
      model?.dispose();
      const failure = await start('cpu');
      if (failure) throw new Error(`No TensorFlow.js backend works here: CPU: ${failure}`);
      model = createTfCostModel(data, shape);
      decision = { backend: 'cpu', kernelThreads: null, note: '' };
    }
    if (decision.backend === 'cpu')
      decision.note = result.timings.length
        ? describeProbe({ ...result, winner: -1 }, 'CPU (tfjs ops)')
        : 'CPU (tfjs ops)';
    else decision.note = describeProbe(result, winnerName);
    decisions.set(key, decision);
    detail = decision.note;
    const { winner, timings, examples, totalMs } = result;
    options.onMeasured?.({
      winner,
      timings,
      examples,
      totalMs,
      backend: decision.backend,
      note: decision.note,
    });
    return model;
  };

  if (!(await activate(0)))
    throw new Error(`No TensorFlow.js backend works here: ${failures.join('; ')}`);

  return {
    get active() {
      return active as BackendName;
    },
    get note() {
      return failures.length ? `${detail} (${failures.join('; ')})` : detail;
    },
    async fallback(reason) {
      measuring = false;
      const current = candidates.indexOf(active as BackendName);
      failures.push(`${LABEL[active as BackendName]} failed: ${reason}`);
      if (!(await activate(current + 1))) return null;
      return {
        backend: active as BackendName,
        note: `continuing on ${detail} from the last good parameters (${failures.join('; ')})`,
      };
    },
    async createCostModel(data, shape, modelOptions = {}) {
      const report = modelOptions.measure !== false;
      if (!measuring || !report) return direct(data, shape, report);
      const key = `${data.visibleSize}×${data.exampleCount}, ${shape.hiddenSize} hidden`;
      const known = decisions.get(key);
      if (known) {
        const model = await rebuild(known, data, shape);
        if (model) {
          detail = known.note;
          return model;
        }
        decisions.delete(key);
      }
      return measure(key, data, shape);
    },
    guard(work) {
      if (gl?.isContextLost()) return Promise.reject(new Error('the WebGL context was lost'));
      return lost ? Promise.race([work, lost]) : work;
    },
    loseWebglContext() {
      const extension = gl?.getExtension('WEBGL_lose_context');
      if (!extension) return false;
      extension.loseContext();
      return true;
    },
  };
}
