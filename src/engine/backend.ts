/**
 * Choosing where the cost is computed (the list: backends.ts). An explicit choice uses that
 * backend, falling back to the slower ones after it when it fails; 'auto' measures instead of
 * guessing (backend-auto.ts), once per data shape. Each tfjs backend is verified with a small
 * computation before it is used; a lost WebGL context makes `guard` reject so the session
 * continues on the next backend.
 */
import type { CostModel } from '../core/cost-model';
import { createTfCostModel } from '../core/cost-tf';
import { createReferenceCostModel } from '../core/reference-model';
import type { DataMatrix, ModelShape } from '../core/types';
import type { Clock } from './clock';
import { measureFastest, type AutoDecision, type BackendMeasurement } from './backend-auto';
import { BACKEND_LABEL, backendOrder, tfjsBackendOf, type BackendName } from './backends';
import { createWasmCostModel, wasmSimdSupport } from './kernel/wasm-cost';
import type { TileCache } from './kernel/kernel-tune';
import { startTfjs, type TfjsStarted } from './tfjs-start';

export type { BackendMeasurement } from './backend-auto';
export { configureWasmFiles, shortRendererName } from './tfjs-start';

export interface BackendOptions {
  /**
   * Threads of the WASM SIMD kernel, the calling one included (default: the cores, up to 4); the
   * app starts on every core and gives threads back while its page falls behind.
   */
  kernelThreads?: number;
  /** Where the kernel's tuned tile widths are kept across pages (the worker's IndexedDB). */
  tileCache?: TileCache;
  /** The page's busy flag: the kernel's threads beyond cores − 1 step aside while the page works (kernel-threads.ts). */
  pageBusy?: Int32Array;
  /** Told about each measurement made for 'auto' (what was timed, the probe's duration). */
  onMeasured?(measurement: BackendMeasurement): void;
  /** The probe's clock (default the system clock; tests pass a fake one). */
  clock?: Clock;
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
   * The cost model: for 'auto', the fastest measured on this data, remembered per data shape;
   * otherwise the active backend's (falling back when it cannot be built).
   */
  createCostModel(
    data: DataMatrix,
    shape: ModelShape,
    options?: CostModelOptions,
  ): Promise<CostModel>;
  /** Test hook: lose the WebGL context as a GPU reset would. Returns false if not on WebGL. */
  loseWebglContext(): boolean;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Activates the first backend of `choice` that starts and computes correctly. */
export async function selectBackend(
  choice: BackendName | 'auto',
  options: BackendOptions = {},
): Promise<BackendController> {
  const candidates = backendOrder(choice);
  const failures: string[] = [];
  let active: BackendName = candidates[0];
  let detail = '';
  let tfjs: TfjsStarted | null = null;
  let webglLabel: string | null = null;
  /** 'auto' measures until a fallback; after one, the next backend in line is used directly. */
  let measuring = choice === 'auto';
  const decisions = new Map<string, AutoDecision>();
  /** The kernel's threads outside measuring: the last measured choice's, or the option. */
  let kernelThreads = options.kernelThreads;

  /** Makes `name` the active backend; throws why it cannot compute here. */
  const switchTo = async (name: BackendName): Promise<void> => {
    if (name === active && detail) return;
    const tfjsName = tfjsBackendOf(name);
    let started: TfjsStarted | null = null;
    if (tfjsName) started = await startTfjs(tfjsName);
    else if (name === 'kernel' && !wasmSimdSupport().simd)
      throw new Error('this JavaScript engine has no WebAssembly SIMD');
    active = name;
    tfjs = started;
    webglLabel = started?.webglLabel ?? webglLabel;
    detail = started?.note ?? BACKEND_LABEL[name];
  };

  /** Activates the first candidate from `from` on that works; false when none does. */
  const activate = async (from: number): Promise<boolean> => {
    for (let i = from; i < candidates.length; i++) {
      try {
        await switchTo(candidates[i]);
        return true;
      } catch (error) {
        failures.push(`${BACKEND_LABEL[candidates[i]]}: ${message(error)}`);
      }
    }
    return false;
  };

  /** The active backend's model, without measuring. */
  const modelOnActive = async (data: DataMatrix, shape: ModelShape, report: boolean) => {
    if (active === 'reference') return createReferenceCostModel(data, shape);
    if (active !== 'kernel') return createTfCostModel(data, shape);
    const model = await createWasmCostModel(data, shape, {
      threads: kernelThreads,
      tileCache: options.tileCache,
      pageBusy: options.pageBusy,
    });
    if (report) detail = `WASM SIMD kernel (${model.variant})`;
    return model;
  };

  const controller: BackendController = {
    get active() {
      return active;
    },
    get note() {
      return failures.length ? `${detail} (${failures.join('; ')})` : detail;
    },
    async fallback(reason) {
      measuring = false;
      failures.push(`${BACKEND_LABEL[active]} failed: ${reason}`);
      if (!(await activate(candidates.indexOf(active) + 1))) return null;
      return {
        backend: active,
        note: `continuing on ${detail} from the last good parameters (${failures.join('; ')})`,
      };
    },
    async createCostModel(data, shape, modelOptions = {}) {
      const report = modelOptions.measure !== false;
      if (!measuring || !report) {
        for (;;) {
          try {
            return await modelOnActive(data, shape, report);
          } catch (error) {
            if (!report || !(await controller.fallback(message(error)))) throw error;
          }
        }
      }
      const key = `${data.visibleSize}×${data.exampleCount}, ${shape.hiddenSize} hidden`;
      const known = decisions.get(key);
      if (known) {
        try {
          await switchTo(known.backend);
          if (known.kernelThreads !== null) kernelThreads = known.kernelThreads;
          const model = await modelOnActive(data, shape, false);
          detail = known.note;
          return model;
        } catch {
          decisions.delete(key);
        }
      }
      const picked = await measureFastest(
        {
          kernelThreads: options.kernelThreads,
          webglLabel,
          switchTo,
          clock: options.clock,
          tileCache: options.tileCache,
          pageBusy: options.pageBusy,
        },
        data,
        shape,
      );
      decisions.set(key, picked.decision);
      if (picked.decision.kernelThreads !== null) kernelThreads = picked.decision.kernelThreads;
      detail = picked.decision.note;
      options.onMeasured?.(picked.measurement);
      return picked.model;
    },
    guard(work) {
      if (tfjs?.gl?.isContextLost()) return Promise.reject(new Error('the WebGL context was lost'));
      return tfjs?.lost ? Promise.race([work, tfjs.lost]) : work;
    },
    loseWebglContext() {
      const extension = tfjs?.gl?.getExtension('WEBGL_lose_context');
      if (!extension) return false;
      extension.loseContext();
      return true;
    },
  };

  if (!(await activate(0))) throw new Error(`No backend works here: ${failures.join('; ')}`);
  return controller;
}
