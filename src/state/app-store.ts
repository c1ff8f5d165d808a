/**
 * The page's store: settings, data, the current run and its cost history, the runs of the session,
 * errors; actions beside the state. `createAppStore(client)` builds one over a TrainerClient (the
 * app's, or a test's fake). The training stream is published by `stream.ts`, data loads queue in
 * `data-queue.ts`, ρ, β, λ reach the worker through `live.ts`, and Pause, Resume, Step and Continue
 * are `run-control.ts`.
 */
import { create } from 'zustand';
import { DEFAULT_SETTINGS, PRESETS, validateNumeric, type NumericKey } from '../engine/settings';
import type { TrainerClient } from '../worker/client';
import { createDataLoader } from './data-queue';
import { createEventHandler } from './events';
import { onNextFrame } from './frame';
import { createLesson } from './lesson';
import { createLiveSender } from './live';
import { createPageBusy } from './page-busy';
import { presetOnUpload } from './preset-fit';
import { linkErrorsMessage } from './url';
import { createViewOptions, VIEW_OPTIONS } from './view-options';
import { createReloader } from './reload';
import { createRunControl } from './run-control';
import { createUploads } from './uploads';
import { createRunKeeper } from './run-keeper';
import { IDLE_RUN, isActive, snapshotOfWeights } from './run-view';
import { createStreamPublisher, type Clock } from './stream';
import type { RunView, State } from './types';

const MAX_SHOWN_ERRORS = 3;

const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (task, ms) => setTimeout(task, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  onFrame: onNextFrame,
};

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore(client: TrainerClient, clock: Clock = browserClock) {
  // ρ, β, λ follow the store whatever changed them: the sender reads it once it exists.
  const live = createLiveSender(client, () => store.getState(), clock);
  const store = create<State>()((set, get, api) => {
    let nextErrorId = 1;
    const reportError = (message: string) =>
      set((s) => ({
        errors: [...s.errors, { id: nextErrorId++, message }].slice(-MAX_SHOWN_ERRORS),
      }));
    const setRun = (patch: Partial<RunView>) => set((s) => ({ run: { ...s.run, ...patch } }));
    const busy = createPageBusy((value) => client.pageBusy(value));
    const stream = createStreamPublisher(get, set, clock, undefined, () => busy.mark());
    const data = createDataLoader(client, get, set, reportError);
    const keeper = createRunKeeper(client, get, set, stream);
    const handle = createEventHandler({
      get,
      set,
      reportError,
      stream,
      live,
      keeper,
      now: () => clock.now(),
    });
    client.subscribe((event) => {
      // The page's work for an event starts now (the stream's, at its publication).
      if (event.type !== 'progress' && event.type !== 'snapshot') busy.mark();
      handle(event);
    });
    const reload = createReloader({ store: api, client, data, keeper, live, reportError });
    /** Keeps the current run (a restored run with its stored weights: the worker has none). */
    const keep = () => keeper.keep(reload.restored()?.weights);
    const clearView = () => {
      reload.forget();
      keeper.clearView();
    };

    /** After a change of settings that shape the run: reload data, restart a run that was going. */
    const afterRunSettingChange = async () => {
      // A restored run is not going yet: it goes on with the new settings at Resume.
      if (isActive(get().run.status) && !reload.restored()) await get().train();
      else if (get().data.summary) await data.ensureData();
    };

    const control = createRunControl({ get, set, client, live, keeper, reload });
    const uploads = createUploads({ get, set, client, data, keeper, reload, keep, clearView });

    const state: State = {
      settings: DEFAULT_SETTINGS,
      classroom: false,
      ...VIEW_OPTIONS,
      lesson: null,
      data: {
        choice: 'natural',
        files: null,
        summary: null,
        loading: false,
        loadedKey: null,
        loadedChoice: null,
        fileOptions: { rescale: false },
        pending: null,
      },
      run: IDLE_RUN,
      history: [],
      historyLength: 0,
      marks: [],
      snapshot: null,
      startWeights: null,
      runs: [],
      overlaid: [],
      shownRun: null,
      errors: [],
      gradientCheck: { status: 'idle', result: null },

      connect(initial) {
        set((s) => ({
          settings: initial.settings,
          classroom: initial.classroom,
          lesson: initial.lesson ?? null,
          data: { ...s.data, choice: initial.settings.dataset },
        }));
        // Every bad value of the link in one message: none is pushed out by the others.
        const linkErrors = linkErrorsMessage(initial.errors);
        if (linkErrors) reportError(linkErrors);
        void reload.restore().then(() => {
          // The link's uploaded data is missing unless this browser kept the files (a reload).
          if (get().data.choice !== 'files')
            for (const note of initial.notes ?? []) reportError(note);
          return data.ensureData();
        });
      },

      chooseDataset(choice) {
        if (choice === get().data.choice) return;
        if (choice !== 'files') {
          const { patchSize } = PRESETS[choice];
          set((s) => ({ settings: { ...s.settings, dataset: choice, patchSize } }));
        }
        set((s) => ({ data: { ...s.data, choice, pending: null } }));
        void (isActive(get().run.status) ? get().train() : data.ensureData());
      },

      uploadFiles: uploads.uploadFiles,
      chooseVariable: uploads.chooseVariable,
      rescaleData: uploads.rescaleData,

      applyPreset(name) {
        const preset = PRESETS[name];
        // Uploaded data of the preset's shape keeps training, with the preset's values.
        const onUpload = presetOnUpload(name, get().data, get().settings);
        if ('settings' in onUpload) {
          set({ settings: onUpload.settings });
          return void afterRunSettingChange();
        }
        if (onUpload.misfit) reportError(onUpload.misfit);
        const changedChoice = get().data.choice !== preset.dataset;
        set((s) => ({
          settings: { ...preset, backend: s.settings.backend },
          data: changedChoice ? { ...s.data, choice: preset.dataset } : s.data,
        }));
        void afterRunSettingChange();
      },

      setLiveSetting(key, value) {
        const error = validateNumeric(key, value);
        if (error) return reportError(error);
        set((s) => ({ settings: { ...s.settings, [key]: value } }));
      },

      setRunSetting(key, value) {
        if (typeof value === 'number') {
          const error = validateNumeric(key as NumericKey, value);
          if (error) return reportError(error);
        }
        if (get().settings[key] === value) return;
        set((s) => ({ settings: { ...s.settings, [key]: value } }));
        void afterRunSettingChange();
      },

      async train() {
        await keep();
        if (!(await data.ensureData())) return;
        const { settings, startWeights } = get();
        const visibleSize = get().data.summary?.visibleSize;
        const fits =
          startWeights?.weights.visibleSize === visibleSize &&
          startWeights?.weights.hiddenSize === settings.hiddenSize;
        if (startWeights && !fits) {
          const { visibleSize: v, hiddenSize: h } = startWeights.weights;
          reportError(
            `The ${startWeights.origin} weights are ${v} → ${h}; this run is ` +
              `${visibleSize} → ${settings.hiddenSize}. Starting from random weights instead.`,
          );
        }
        clearView();
        // The start weights go with the start: the worker keeps none of its own.
        const initialWeights = fits ? startWeights.weights : undefined;
        const runId = client.start({ ...settings, initialWeights });
        live.started(runId, settings);
        set({ startWeights: null, gradientCheck: { status: 'idle', result: null } });
        setRun({ runId, status: 'running' });
      },

      ...control,
      ...createLesson({ get, set, keep }),

      async reset() {
        if (get().run.status === 'idle') return;
        await keep();
        keeper.forgetKept();
        // The view clears when the worker says the run is back at iteration 0 (points of the old
        // trajectory may still be on their way).
        client.reset();
      },

      async exportWeights() {
        const { run, startWeights } = get();
        // Weights the next run starts from (imported, or those a lost worker left) are the
        // page's own, and what it shows: the worker may have none.
        if (startWeights) return startWeights.weights;
        if (run.status === 'idle') {
          reportError('There are no weights yet: train, or import weights, first.');
          return null;
        }
        try {
          return await client.exportWeights();
        } catch (error) {
          reportError((error as Error).message);
          return null;
        }
      },

      async importWeights(weights, origin) {
        const summary = get().data.summary;
        if (summary && weights.visibleSize !== summary.visibleSize) {
          return reportError(
            `${origin}: these weights take ${weights.visibleSize} inputs, but the loaded data has ${summary.visibleSize} values per example. Load matching data first.`,
          );
        }
        // Show the imported filters at once; the worker's own snapshot and state follow.
        if (get().run.status === 'running') client.pause();
        await keep();
        clearView();
        const hyper = weights.hyperparameters;
        set((s) => ({
          snapshot: snapshotOfWeights(weights, s.run.runId, summary?.exampleSide ?? 0),
          startWeights: { weights, origin },
          settings: {
            ...s.settings,
            hiddenSize: weights.hiddenSize,
            ...(hyper ? { rho: hyper.rho, beta: hyper.beta, lambda: hyper.lambda } : {}),
          },
        }));
        try {
          await client.importWeights(weights);
        } catch (error) {
          reportError(`${origin}: ${(error as Error).message}`);
        }
      },

      clearStartWeights() {
        set({ startWeights: null });
      },

      async reopenRun(runNumber) {
        const kept = get().runs.find((r) => r.number === runNumber);
        if (!kept?.weights) return reportError(`Run ${runNumber} kept no weights to reopen.`);
        const { backend } = get().settings;
        set({ settings: { ...kept.settings, backend } });
        await get().importWeights(kept.weights, `Run ${runNumber}`);
      },

      deleteRun(runNumber) {
        set((s) => ({
          runs: s.runs.filter((r) => r.number !== runNumber),
          overlaid: s.overlaid.filter((n) => n !== runNumber),
        }));
      },

      deleteAllRuns() {
        set({ runs: [], overlaid: [] });
      },

      saveNow: () => reload.flush(),

      toggleOverlay(runNumber) {
        set((s) => ({
          overlaid: s.overlaid.includes(runNumber)
            ? s.overlaid.filter((n) => n !== runNumber)
            : [...s.overlaid, runNumber],
        }));
      },

      async runGradientCheck() {
        if (!(await data.ensureData())) return;
        set({ gradientCheck: { status: 'running', result: null } });
        try {
          const result = await client.gradientCheck();
          set({ gradientCheck: { status: 'done', result } });
        } catch (error) {
          set({ gradientCheck: { status: 'idle', result: null } });
          reportError(`Gradient check: ${(error as Error).message}`);
        }
      },

      setClassroom(on) {
        set({ classroom: on });
      },

      ...createViewOptions(set),

      reportError,

      dismissError(id) {
        set((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
      },
    };
    return reload.afterRestore(state);
  });
  // Whatever changed the settings or the run, ρ, β, λ follow to the worker.
  store.subscribe(() => live.changed());
  return store;
}
