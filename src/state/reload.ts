/**
 * What the page keeps across a reload, a closed tab or a crash: the kept runs, the current run's
 * latest checkpoint and the uploaded files, written to browser storage as they change and brought
 * back at start-up, the current run paused at its checkpoint until Resume goes on from it.
 */
import type { StoreApi } from 'zustand';
import type { TrainerClient } from '../worker/client';
import type { DataLoader } from './data-queue';
import type { LiveSender } from './live';
import { createRunStorage, type CurrentRunRecord } from './persistence';
import { currentRecordOf, filesMatch, restoreNote, restoredState, startPointOf } from './restore';
import type { RunKeeper } from './run-keeper';
import type { State, UploadedFile } from './types';

/** The actions that read or change the run, its settings, its data or the kept runs. */
const AFTER_RESTORE = [
  'chooseDataset',
  'uploadFiles',
  'chooseVariable',
  'rescaleData',
  'applyPreset',
  'setLiveSetting',
  'setRunSetting',
  'train',
  'pause',
  'resume',
  'step',
  'continue',
  'reset',
  'exportWeights',
  'importWeights',
  'clearStartWeights',
  'reopenRun',
  'deleteRun',
  'deleteAllRuns',
  'runGradientCheck',
  'runLessonStep',
] as const satisfies readonly (keyof State)[];

export interface Reloader {
  /** Brings back the stored runs and the current run; from then on, changes are written. */
  restore(): Promise<void>;
  /**
   * The state with its actions that touch the run (AFTER_RESTORE) waiting for `restore` while it
   * is under way (at once otherwise): what the user asks for before storage has answered is done
   * on the page as restored, and a restore never lands in the middle of an action (a Train that
   * had started would train the stored settings, and the run left before would be lost).
   */
  afterRestore(state: State): State;
  /** The run brought back from storage, until it goes on or the view moves to another run. */
  restored(): CurrentRunRecord | null;
  /** The view moves to another run. */
  forget(): void;
  /** Resume of the restored run: a new worker run from its checkpoint, counting on from it. */
  continueRestored(): Promise<void>;
  saveFiles(files: UploadedFile[]): void;
  /** Writes what waits for storage now (the page is about to go). */
  flush(): Promise<void>;
}

export interface ReloadContext {
  store: Pick<StoreApi<State>, 'getState' | 'setState' | 'subscribe'>;
  client: TrainerClient;
  data: DataLoader;
  keeper: RunKeeper;
  live: LiveSender;
  reportError: (message: string) => void;
}

export function createReloader(ctx: ReloadContext): Reloader {
  const { store, client, data, keeper, live, reportError } = ctx;
  const get = store.getState;
  const set = store.setState;
  const storage = createRunStorage({ onUnavailable: reportError });
  let restored: CurrentRunRecord | null = null;
  /** The restore under way, until it is done. */
  let restoring: Promise<void> | null = null;

  /** Writes what changed, as it happens (the current run coalesced by the storage module). */
  const persistChanges = (state: State, previous: State) => {
    if (state.runs !== previous.runs) storage.syncRuns(previous.runs, state.runs);
    if (
      state.historyLength !== previous.historyLength ||
      state.run.status !== previous.run.status ||
      state.marks !== previous.marks
    ) {
      storage.saveCurrent(() =>
        currentRecordOf(get(), restored?.weights ?? client.lastCheckpoint(), keeper.isKept()),
      );
      // A run that paused, ended or faulted is written at once, not at the next timer.
      if (state.run.status !== previous.run.status) void storage.flush();
    }
  };

  return {
    async restore() {
      restoring = (async () => {
        const stored = await storage.load();
        if (stored.runs.length > 0) set({ runs: stored.runs });
        const record = stored.current;
        if (record) {
          const filesStored = filesMatch(record, stored.files);
          restored = record;
          keeper.setKept(record.kept);
          set((s) => ({
            ...restoredState(record, filesStored, s.settings.backend),
            startWeights: {
              weights: record.weights,
              origin: `the restored run (iteration ${record.weights.iteration ?? 0})`,
            },
            data: filesStored
              ? { ...s.data, choice: 'files', files: stored.files }
              : { ...s.data, choice: record.settings.dataset },
          }));
        }
        store.subscribe(persistChanges);
      })();
      try {
        await restoring;
      } finally {
        restoring = null;
      }
    },

    afterRestore(state) {
      const gated = { ...state };
      for (const key of AFTER_RESTORE) {
        const action = state[key] as (...args: unknown[]) => unknown;
        const waiting = (...args: unknown[]): unknown => {
          if (!restoring) return action(...args);
          const next = () => waiting(...args);
          return restoring.then(next, next);
        };
        Object.assign(gated, { [key]: waiting });
      }
      return gated;
    },

    restored: () => restored,

    forget() {
      restored = null;
    },

    async continueRestored() {
      const record = restored;
      if (!record || !(await data.ensureData()) || restored !== record) return;
      const { settings, data: loaded } = get();
      if (record.dataChoice === 'files' && loaded.loadedChoice !== 'files')
        return reportError(restoreNote(record, false));
      const { visibleSize, hiddenSize } = record.weights;
      if (visibleSize !== loaded.summary?.visibleSize || hiddenSize !== settings.hiddenSize)
        return get().train(); // other data or size now: Train says why it starts afresh
      restored = null;
      const runId = client.start({
        ...settings,
        initialWeights: record.weights,
        startAt: startPointOf(record),
      });
      live.started(runId, settings);
      set((s) => ({
        startWeights: null,
        run: { ...s.run, runId, status: 'running', reason: null },
      }));
    },

    saveFiles: (files) => storage.saveFiles(files),
    flush: () => storage.flush(),
  };
}
