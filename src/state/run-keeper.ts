/**
 * The current run's view and its keeping: a run is kept in `runs` once (with its final weights;
 * a run continued after it was kept brings its entry up to date when it ends again), and a run
 * whose data was replaced is over for the page, so its late messages are dropped.
 */
import type { TrainerClient } from '../worker/client';
import type { Weights } from '../worker/protocol';
import { IDLE_RUN } from './run-view';
import { keepRun, pastRun } from './runs';
import type { StreamPublisher } from './stream';
import type { State } from './types';

export interface RunKeeper {
  /** Keeps the current run (once); `lastWeights` instead of asking the worker for them. */
  keep(lastWeights?: Weights | null): Promise<void>;
  /** After a reset the same run may be kept again. */
  forgetKept(): void;
  /** The current run goes on (Continue): when it ends again, its kept entry is replaced. */
  continued(): void;
  /** Whether the current run is kept already (a restored run brings this back). */
  isKept(): boolean;
  /** The current run counts as kept (true) or as one to keep when it ends (false). */
  setKept(kept: boolean): void;
  /** The current run is over for the page (its data was replaced). */
  endCurrent(): void;
  isEnded(runId: number): boolean;
  /** An empty view for the next run (the run id and backend stay until it starts). */
  clearView(): void;
  /** The run is back at iteration 0: its points so far are history. */
  clearHistory(): void;
}

export function createRunKeeper(
  client: TrainerClient,
  get: () => State,
  set: (update: (s: State) => Partial<State>) => void,
  stream: StreamPublisher,
): RunKeeper {
  /** The runId whose history was already kept in `runs` (so it is kept once). */
  let keptRunId = 0;
  /** The number of the current run's entry in `runs`, once kept in this page. */
  let keptNumber: number | null = null;
  /** The entry the current run replaces when it is kept again (it was continued). */
  let replacing: number | null = null;
  /** Runs up to this id are over for the page: late messages are dropped. */
  let endedRunId = 0;

  return {
    async keep(lastWeights) {
      stream.flush();
      const { history, run } = get();
      if (history.length === 0 || run.runId === keptRunId) return;
      keptRunId = run.runId;
      let weights = lastWeights ?? null;
      if (lastWeights === undefined) {
        try {
          weights = await client.exportWeights();
        } catch {
          weights = client.lastCheckpoint();
        }
      }
      const s = get();
      const index = s.runs.findIndex((r) => r.number === replacing);
      const past = pastRun(s, weights);
      const runs =
        index < 0 ? keepRun(s.runs, past) : s.runs.with(index, { ...past, number: replacing! });
      keptNumber = index < 0 ? past.number : replacing;
      replacing = null;
      set(() => ({ runs, shownRun: keptNumber }));
    },
    forgetKept() {
      keptRunId = 0;
      replacing = null;
    },
    continued() {
      if (keptRunId !== get().run.runId) return;
      keptRunId = 0;
      replacing = keptNumber;
    },
    isKept: () => keptRunId === get().run.runId,
    setKept(kept) {
      keptRunId = kept ? get().run.runId : -1;
      keptNumber = null;
    },
    endCurrent() {
      endedRunId = get().run.runId;
    },
    isEnded: (runId) => runId <= endedRunId,
    clearView() {
      stream.drop();
      set((s) => ({
        history: [],
        historyLength: 0,
        // No marks stay the same no marks: the chart, which draws them, is left alone.
        marks: s.marks.length > 0 ? [] : s.marks,
        snapshot: null,
        shownRun: null,
        run: { ...IDLE_RUN, runId: s.run.runId, backend: s.run.backend },
      }));
    },
    clearHistory() {
      stream.drop();
      set((s) => ({
        history: [],
        historyLength: 0,
        marks: [],
        shownRun: null,
        run: { ...s.run, latest: null, evaluationsPerSecond: 0 },
      }));
    },
  };
}
