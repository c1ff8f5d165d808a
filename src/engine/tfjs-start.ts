/**
 * Starting a TensorFlow.js backend (WebGL in a worker on an OffscreenCanvas, WebGL 2; WASM; CPU)
 * and checking it with a small computation before it is used; WebGL also says which GPU it
 * runs on and reports a lost context.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * Where the WASM backend finds its .wasm files (file name → URL, or a folder ending in "/").
 * Threads stay off: the threaded build starts its helpers from an inline script that does not
 * survive bundling.
 */
export function configureWasmFiles(files: Record<string, string> | string): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(files);
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

/** The GPU's name without ANGLE's wrapping and device ids, or the software renderer's name. */
export function shortRendererName(renderer: string): string {
  const software = /SwiftShader|llvmpipe|softpipe/i.exec(renderer);
  if (software) return software[0];
  const angle = /^ANGLE \((.*)\)$/.exec(renderer.trim());
  const parts = (angle ? angle[1] : renderer).split(', ');
  const name = (parts.length > 1 ? parts[1] : parts[0]).replace(/\s*\(0x[0-9a-f]+\).*$/i, '');
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}

/** A started tfjs backend. */
export interface TfjsStarted {
  /** "WebGL 2 on OffscreenCanvas, <renderer>"; for WASM and CPU null. */
  note: string | null;
  /** WebGL only, short: "WebGL 2 (SwiftShader)". */
  webglLabel: string | null;
  gl: WebGL2RenderingContext | WebGLRenderingContext | null;
  /** WebGL only: rejects when the context is lost. */
  lost: Promise<never> | null;
}

function webglInfo(): TfjsStarted {
  const backend = tf.backend() as unknown as {
    gpgpu?: { gl: WebGL2RenderingContext | WebGLRenderingContext };
  };
  const gl = backend.gpgpu?.gl;
  if (!gl) return { note: null, webglLabel: null, gl: null, lost: null };
  const canvas = gl.canvas;
  const surface =
    typeof OffscreenCanvas !== 'undefined' && canvas instanceof OffscreenCanvas
      ? 'OffscreenCanvas'
      : 'canvas';
  const version =
    typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext ? 2 : 1;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : 'unknown GPU';
  const lost = new Promise<never>((_, reject) => {
    canvas.addEventListener('webglcontextlost', () =>
      reject(new Error('the WebGL context was lost')),
    );
  });
  lost.catch(() => undefined);
  return {
    note: `WebGL ${version} on ${surface}, ${renderer}`,
    webglLabel: `WebGL ${version} (${shortRendererName(renderer)})`,
    gl,
    lost,
  };
}

/** Makes `name` tfjs's backend and checks it computes; the reason it could not, as an Error. */
export async function startTfjs(name: 'webgl' | 'wasm' | 'cpu'): Promise<TfjsStarted> {
  if (!(await tf.setBackend(name))) throw new Error('it could not be initialised here');
  await tf.ready();
  await verify();
  return name === 'webgl' ? webglInfo() : { note: null, webglLabel: null, gl: null, lost: null };
}
