/**
 * The one list of backends, shared by the page, the worker, the command line, the benchmark and
 * the docs: where the cost and gradient are computed.
 *   kernel      the project's WebAssembly SIMD kernel (float32, threads sharing memory)
 *   tfjs-webgl  TensorFlow.js ops on WebGL (float32, the GPU)
 *   tfjs-wasm   TensorFlow.js ops on WebAssembly (float32)
 *   tfjs-cpu    TensorFlow.js ops in plain JavaScript (float32, slow)
 *   reference   the float64 plain TypeScript port of the original program (exact, slowest)
 */

export const BACKENDS = ['kernel', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu', 'reference'] as const;

export type BackendName = (typeof BACKENDS)[number];

/** Short names for a note: "WASM SIMD kernel", "WebGL", … */
export const BACKEND_LABEL: Record<BackendName, string> = {
  kernel: 'WASM SIMD kernel',
  'tfjs-webgl': 'WebGL',
  'tfjs-wasm': 'WASM (tfjs ops)',
  'tfjs-cpu': 'CPU (tfjs ops)',
  reference: 'float64 reference',
};

/** The names of earlier versions (links, scripts), read as today's. */
export const FORMER_BACKEND_NAMES: Readonly<Record<string, BackendName>> = {
  wasm: 'kernel',
  webgl: 'tfjs-webgl',
  cpu: 'tfjs-cpu',
};

/** Fastest first: a failing backend falls back to the ones after it. */
const FALLBACK_ORDER: readonly BackendName[] = [
  'tfjs-webgl',
  'kernel',
  'tfjs-wasm',
  'tfjs-cpu',
  'reference',
];

/** The candidates for a choice: the chosen one first, then the slower ones after it. */
export function backendOrder(choice: BackendName | 'auto'): BackendName[] {
  if (choice === 'auto') return [...FALLBACK_ORDER];
  return FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(choice));
}

/** The tfjs backend under a name, or null for the ones that need no tfjs. */
export function tfjsBackendOf(name: BackendName): 'webgl' | 'wasm' | 'cpu' | null {
  if (name === 'tfjs-webgl') return 'webgl';
  if (name === 'tfjs-wasm') return 'wasm';
  if (name === 'tfjs-cpu') return 'cpu';
  return null;
}
