/// <reference types="vite/client" />
/**
 * The browser tests' page: the real trainer client (the app's own worker and protocol), plus a
 * helper that runs a configuration to its end and collects what the page would receive.
 */
import { PRESETS, type Settings } from '../../src/engine/settings';
import { createTrainerClient, type ClientEvent, type TrainerClient } from '../../src/worker/client';
import type { IterationPoint } from '../../src/worker/protocol';

export interface RunSummary {
  runId: number;
  backends: { backend: string; note?: string }[];
  points: IterationPoint[];
  snapshots: { iteration: number; count: number; w1Length: number; atMs: number }[];
  states: { state: string; reason?: string }[];
  faults: string[];
  wallMs: number;
}

type Ending = 'done' | 'stopped' | 'faulted' | 'paused';

/** Starts a run and resolves at the first of the `until` states (or when `stopWhen` says so). */
function run(
  client: TrainerClient,
  settings: Partial<Settings>,
  options: { until?: Ending[]; onEvent?: (event: ClientEvent, summary: RunSummary) => void } = {},
): Promise<RunSummary> {
  const until = options.until ?? ['done', 'stopped', 'faulted'];
  const started = performance.now();
  const summary: RunSummary = {
    runId: 0,
    backends: [],
    points: [],
    snapshots: [],
    states: [],
    faults: [],
    wallMs: 0,
  };
  return new Promise((resolve) => {
    const unsubscribe = client.subscribe((event) => {
      switch (event.type) {
        case 'backend':
          summary.backends.push({ backend: event.backend, note: event.note });
          break;
        case 'progress':
          summary.points.push(...event.points);
          break;
        case 'snapshot':
          summary.snapshots.push({
            iteration: event.iteration,
            count: event.count,
            w1Length: event.W1.length,
            atMs: performance.now() - started,
          });
          break;
        case 'state':
          summary.states.push({ state: event.state, reason: event.reason });
          break;
        case 'fault':
        case 'refused':
        case 'error':
        case 'workerLost':
          summary.faults.push(event.message);
          break;
      }
      options.onEvent?.(event, summary);
      if (event.type === 'state' && (until as string[]).includes(event.state)) {
        summary.wallMs = performance.now() - started;
        unsubscribe();
        resolve(summary);
      }
    });
    summary.runId = client.start({ ...PRESETS.natural, ...settings });
  });
}

const lab = { createTrainerClient, run, PRESETS };
export type Lab = typeof lab;
(window as unknown as { lab: Lab }).lab = lab;
