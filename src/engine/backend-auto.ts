/**
 * 'auto': on the run's own data, time the WebAssembly SIMD kernel (on every core: the page gives
 * threads back while it trains, src/state/thread-governor.ts) and tfjs on WebGL (whatever its
 * renderer), keep the faster (see backend-probe.ts). tfjs on
 * WASM is timed only when the kernel cannot be built; tfjs on the CPU is the unmeasured last resort.
 */
import type { CostModel } from '../core/cost-model';
import { createTfCostModel } from '../core/cost-tf';
import type { DataMatrix, ModelShape } from '../core/types';
import {
  describeProbe,
  probeFastestModel,
  type ProbeCandidate,
  type ProbeResult,
} from './backend-probe';
import type { BackendName } from './backends';
import type { Clock } from './clock';
import { createWasmCostModel, wasmSimdSupport, type WasmCostModel } from './kernel/wasm-cost';
import type { TileCache } from './kernel/kernel-tune';
import { matrixProductBound } from './product-bound';

/** What 'auto' measured for one data shape, and what it chose. */
export interface BackendMeasurement extends Omit<ProbeResult, 'model'> {
  /** The backend chosen and the note it shows. */
  backend: BackendName;
  note: string;
}

/** What 'auto' settled on for one data shape. */
export interface AutoDecision {
  backend: BackendName;
  /** The kernel's threads when the kernel computes; null otherwise. */
  kernelThreads: number | null;
  note: string;
}

export interface AutoContext {
  /** The kernel's threads to try first (the calling one included). */
  kernelThreads?: number;
  /** WebGL's short label when tfjs on WebGL started here; null leaves WebGL out. */
  webglLabel: string | null;
  /** Makes a tfjs backend (or the kernel, or the reference) the active one; throws why not. */
  switchTo(name: BackendName): Promise<void>;
  /** The probe's clock (default the system clock; tests pass a fake one). */
  clock?: Clock;
  /** Where the kernel's tuned tile widths are kept across pages. */
  tileCache?: TileCache;
  /** The page's busy flag (kernel-threads.ts). */
  pageBusy?: Int32Array;
}

/** A candidate that knows which backend it times (no parallel lists to join by index). */
interface Entry extends ProbeCandidate {
  backend: BackendName;
}

/** Times the candidates on `data`, keeps the fastest's model and says what was measured. */
export async function measureFastest(
  context: AutoContext,
  data: DataMatrix,
  shape: ModelShape,
): Promise<{ model: CostModel; decision: AutoDecision; measurement: BackendMeasurement }> {
  const entries: Entry[] = [];
  let kernelBuilt = false;
  if (wasmSimdSupport().simd) {
    entries.push({
      backend: 'kernel',
      label: 'WASM SIMD kernel',
      create: async () => {
        const model = await createWasmCostModel(data, shape, {
          threads: context.kernelThreads,
          tileCache: context.tileCache,
          pageBusy: context.pageBusy,
        });
        kernelBuilt = true;
        return model;
      },
      describe: (model) => {
        const threads = (model as WasmCostModel).threads;
        return threads > 1 ? `the kernel on ${threads} threads` : 'WASM SIMD kernel';
      },
    });
  }
  entries.push({
    backend: 'tfjs-wasm',
    label: 'WASM (tfjs ops)',
    wanted: () => !kernelBuilt,
    create: async () => {
      await context.switchTo('tfjs-wasm');
      return createTfCostModel(data, shape);
    },
  });
  if (context.webglLabel)
    entries.push({
      backend: 'tfjs-webgl',
      label: context.webglLabel,
      // One matrix product first: a full warm-up would compile every shader (seconds on a
      // software renderer) only to lose.
      precheck: async (check) => {
        await context.switchTo('tfjs-webgl');
        return matrixProductBound(data, shape, check);
      },
      create: async () => {
        await context.switchTo('tfjs-webgl');
        return createTfCostModel(data, shape);
      },
    });

  const result = await probeFastestModel(entries, shape, data.exampleCount, {
    clock: context.clock,
  });
  const winner = result.winner >= 0 ? entries[result.winner] : null;
  let model = result.model;
  let decision: AutoDecision | null = null;
  let winnerName = result.timings.find((t) => t.candidate === result.winner)?.label ?? '';
  if (model && winner?.backend === 'kernel') {
    await context.switchTo('kernel');
    const { threads, variant } = model as WasmCostModel;
    winnerName = `WASM SIMD kernel (${variant})`;
    decision = { backend: 'kernel', kernelThreads: threads, note: '' };
  } else if (model && winner) {
    try {
      await context.switchTo(winner.backend);
      decision = { backend: winner.backend, kernelThreads: null, note: '' };
    } catch {
      // The winner's backend did not start again: the last resort below.
    }
  }
  if (decision) decision.note = describeProbe(result, winnerName);
  else {
    // Nothing measurable worked: tfjs on the CPU, the last resort, is not measured.
    model?.dispose();
    await context.switchTo('tfjs-cpu');
    model = createTfCostModel(data, shape);
    const label = 'CPU (tfjs ops)';
    const note = result.timings.length ? describeProbe({ ...result, winner: -1 }, label) : label;
    decision = { backend: 'tfjs-cpu', kernelThreads: null, note };
  }
  const { timings, examples, totalMs } = result;
  const measurement: BackendMeasurement = {
    winner: result.winner,
    timings,
    examples,
    totalMs,
    backend: decision.backend,
    note: decision.note,
  };
  return { model: model as CostModel, decision, measurement };
}
