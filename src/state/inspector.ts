/**
 * The unit inspector's, the health panel's and the probe's state: which unit is selected, τ, the
 * worker's latest inspection of the current run, each unit's ρ̂ over the iterations, and the
 * probed example with its clamps. Its own store beside the app's: it follows the app's run (a new
 * run clears it and asks the worker again) and writes the health figures into each kept run.
 */
import { create, type StoreApi } from 'zustand';
import { DEFAULT_THRESHOLD, type Health } from '../core/inspect';
import type { ProbeInput, TrainerClient } from '../worker/client';
import type { Inspection, ProbeView } from '../worker/protocol';
import type { State } from './types';

/** ρ̂ per unit over the iterations: this many inspections at most (thinned by halves). */
export const MAX_HISTORY = 400;

export interface ProbeState {
  input: ProbeInput | null;
  /** Clamped units: unit → 0 or 1. */
  clamps: Record<number, number>;
  view: ProbeView | null;
  error: string | null;
}

export interface InspectorState {
  unit: number | null;
  threshold: number;
  /** Whether the inspector's views are open (then the worker recomputes while training). */
  watching: boolean;
  latest: (Inspection & { runId: number; type: 'inspection' }) | null;
  /** Iterations and every unit's ρ̂ at each inspection of this run. */
  history: { iteration: number; meanActivation: Float32Array }[];
  probe: ProbeState;
  select(unit: number | null): void;
  setWatching(watching: boolean): void;
  setThreshold(threshold: number): void;
  /** Probe a data column, or given values (a drawn digit, a photograph's patch). */
  probeInput(input: ProbeInput): void;
  /** Clamp `unit` to 0 or 1, or free it (null). */
  clamp(unit: number, value: number | null): void;
}

const NO_PROBE: ProbeState = { input: null, clamps: {}, view: null, error: null };

export type InspectorStore = ReturnType<typeof createInspectorStore>;

/** Health figures a kept run records (PastRun.health). */
export type RunHealth = Health;

export function createInspectorStore(
  client: TrainerClient,
  app: Pick<StoreApi<State>, 'getState' | 'setState' | 'subscribe'>,
) {
  let probeRequest = 0;
  const store = create<InspectorState>()((set, get) => {
    const ask = () => {
      const { unit, threshold, watching } = get();
      if (app.getState().run.runId > 0) client.inspect(unit, threshold, watching);
    };
    const runProbe = () => {
      const { input, clamps } = get().probe;
      if (!input) return;
      const id = ++probeRequest;
      const pairs = Object.entries(clamps).map(([u, v]) => [Number(u), v] as [number, number]);
      client.probe(input, pairs).then(
        (view) => {
          if (id === probeRequest) set((s) => ({ probe: { ...s.probe, view, error: null } }));
        },
        (error: Error) => {
          if (id === probeRequest) set((s) => ({ probe: { ...s.probe, error: error.message } }));
        },
      );
    };

    client.subscribe((event) => {
      if (event.type !== 'inspection' || event.runId !== app.getState().run.runId) return;
      const latest = event;
      set((s) => {
        let history = s.history;
        const previous = history[history.length - 1];
        if (previous && previous.iteration > latest.iteration) history = []; // reset to 0
        if (!previous || previous.iteration !== latest.iteration)
          history = [
            ...history,
            { iteration: latest.iteration, meanActivation: latest.meanActivation },
          ];
        if (history.length > MAX_HISTORY) history = history.filter((_, i) => i % 2 === 0);
        return { latest, history };
      });
      runProbe();
    });

    // A new run: nothing of the old one stays; ask the worker for the new one's figures.
    app.subscribe((state, previous) => {
      if (state.run.runId !== previous.run.runId) {
        set({ latest: null, history: [] });
        ask();
      }
      // A kept run records the health figures of its last inspection (before the new run's).
      const latest = get().latest;
      if (state.runs !== previous.runs && latest) {
        const added = state.runs.find((r) => !previous.runs.includes(r) && !r.health);
        if (added && latest.runId === state.run.runId)
          app.setState({
            runs: state.runs.map((r) => (r === added ? { ...r, health: latest.health } : r)),
          });
      }
    });

    return {
      unit: null,
      threshold: DEFAULT_THRESHOLD,
      watching: true,
      latest: null,
      history: [],
      probe: NO_PROBE,
      select(unit) {
        set({ unit, watching: true });
        ask();
      },
      setWatching(watching) {
        if (watching === get().watching) return;
        set({ watching });
        ask();
      },
      setThreshold(threshold) {
        if (!(threshold > 0 && threshold < 1)) return;
        set({ threshold });
        ask();
      },
      probeInput(input) {
        set((s) => ({ probe: { ...s.probe, input, view: null, error: null } }));
        runProbe();
      },
      clamp(unit, value) {
        set((s) => {
          const clamps = { ...s.probe.clamps };
          if (value === null) delete clamps[unit];
          else clamps[unit] = value;
          return { probe: { ...s.probe, clamps } };
        });
        runProbe();
      },
    };
  });
  return store;
}
