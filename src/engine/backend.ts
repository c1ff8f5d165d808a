/**
 * Choosing the tfjs backend: WebGL (in a worker on an OffscreenCanvas, WebGL 2), then WASM,
 * then CPU. Each candidate is verified with a small computation before it is used; a lost WebGL
 * context makes `guard` reject so the session continues on the next backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createTfCostModel, type CostModel } from '../core/cost-tf';
import { createWasmCostModel, wasmSimdSupport } from '../core/fast/wasm-cost';
import type { DataMatrix, ModelShape } from '../core/types';
import type { BackendChoice } from '../state/hyperparameters';
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

/** Renderer names of WebGL implementations that run on the CPU. */
const SOFTWARE_RENDERER = /SwiftShader|llvmpipe|softpipe|Software/i;

interface WebglInfo {
  gl: WebGL2RenderingContext | WebGLRenderingContext;
  note: string;
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
  return { gl, note: `WebGL ${version} on ${surface}, ${renderer}` };
}

export interface BackendController {
  readonly active: BackendName;
  /** How the active backend was set up (and what failed before it). */
  readonly note: string;
  /** Switches to the next backend after a failure; null when none is left. */
  fallback(reason: string): Promise<{ backend: BackendName; note: string } | null>;
  /** Rejects when the WebGL context is lost before `work` settles; otherwise passes it through. */
  guard<T>(work: Promise<T>): Promise<T>;
  /**
   * The cost model for the active backend: tfjs ops, except on WASM where the project's
   * WebAssembly SIMD kernel (src/core/fast) is used when the engine supports it.
   */
  createCostModel(data: DataMatrix, shape: ModelShape): Promise<CostModel>;
  /** Test hook: lose the WebGL context as a GPU reset would. Returns false if not on WebGL. */
  loseWebglContext(): boolean;
}

/** Activates the first backend of `choice` that initialises and computes correctly. */
export async function selectBackend(choice: BackendChoice): Promise<BackendController> {
  let candidates = backendOrder(choice);
  const failures: string[] = [];
  let active: BackendName | null = null;
  let detail = '';
  let lost: Promise<never> | null = null;
  let gl: WebglInfo['gl'] | null = null;

  const activate = async (from: number): Promise<boolean> => {
    for (let i = from; i < candidates.length; i++) {
      const name = candidates[i];
      try {
        if (!(await tf.setBackend(name))) throw new Error('it could not be initialised here');
        await tf.ready();
        await verify();
      } catch (error) {
        failures.push(`${LABEL[name]}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      active = name;
      gl = null;
      lost = null;
      const info = name === 'webgl' ? webglInfo() : null;
      if (info) {
        const context = info.gl;
        gl = context;
        lost = new Promise<never>((_, reject) => {
          context.canvas.addEventListener('webglcontextlost', () =>
            reject(new Error('the WebGL context was lost')),
          );
        });
        lost.catch(() => undefined);
      }
      detail = info?.note ?? LABEL[name];
      return true;
    }
    return false;
  };

  if (!(await activate(0)))
    throw new Error(`No TensorFlow.js backend works here: ${failures.join('; ')}`);
  if (choice === 'auto' && active === 'webgl' && SOFTWARE_RENDERER.test(detail)) {
    // WebGL drawn on the CPU (no GPU) is many times slower than the WASM SIMD kernel.
    const software = detail;
    candidates = ['wasm', 'webgl', 'cpu'];
    failures.length = 0;
    if (await activate(0)) failures.unshift(`preferred to ${software}, which runs on the CPU`);
  }

  return {
    get active() {
      return active as BackendName;
    },
    get note() {
      return failures.length ? `${detail} (${failures.join('; ')})` : detail;
    },
    async fallback(reason) {
      const current = candidates.indexOf(active as BackendName);
      failures.push(`${LABEL[active as BackendName]} failed: ${reason}`);
      if (!(await activate(current + 1))) return null;
      return {
        backend: active as BackendName,
        note: `continuing on ${detail} from the last good parameters (${failures.join('; ')})`,
      };
    },
    async createCostModel(data, shape) {
      if (active === 'wasm' && wasmSimdSupport().simd) {
        try {
          const model = await createWasmCostModel(data, shape);
          detail = `WASM, SIMD kernel (${model.variant})`;
          return model;
        } catch (error) {
          detail = `WASM, tfjs ops (the SIMD kernel failed: ${error instanceof Error ? error.message : String(error)})`;
        }
      }
      return createTfCostModel(data, shape);
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
