/**
 * The page's one store: settings, data, the current run and its cost history, the runs of the
 * session, errors. It owns the one TrainerClient. Actions live beside the state; components read
 * through selectors. The fast streams (progress points, snapshots) land here too, but the history
 * array is appended in place and announced by `historyLength`, so charts and canvases pick them
 * up through `useStore.subscribe` at their own pace instead of re-rendering the page.
 */
import { create } from 'zustand';
import {
  DEFAULT_SETTINGS,
  PRESETS,
  validateNumeric,
  type NumericKey,
  type Settings,
} from '../engine/settings';
import { createTrainerClient, type TrainerClient } from '../worker/client';
import type {
  DataSource,
  DatasetSummary,
  IterationPoint,
  TrainerEvent,
  Weights,
} from '../worker/protocol';
import { onNextFrame } from './frame';
import { keepRun, thinPoints, MAX_KEPT_POINTS, type PastRun } from './runs';
import {
  IDLE_RUN,
  dataKey,
  evaluationRate,
  isActive,
  snapshotOfWeights,
  sourceFor,
} from './run-view';
import type { RunView, SnapshotEvent, State, UploadedFile } from './types';

export type * from './types';

const MAX_SHOWN_ERRORS = 3;
/** Live slider changes reach the worker at most this often (each resets L-BFGS's history). */
const LIVE_SEND_INTERVAL_MS = 120;
/**
 * The training stream (progress, snapshots) reaches the views at most this often, all of it in one
 * animation frame: every view that follows training repaints in the same few frames a second.
 * Three a second: each costs the page a repaint, and at four a second, on two cores without a GPU,
 * a frame now and then took just over 50 ms.
 */
export const STREAM_INTERVAL_MS = 333;

let nextErrorId = 1;

export const useStore = create<State>()((set, get) => {
  let client: TrainerClient | null = null;
  let liveTimer: ReturnType<typeof setTimeout> | null = null;
  let lastLiveSend = 0;
  /** The runId whose history was already kept in `runs` (so it is kept once). */
  let keptRunId = 0;
  /** Runs up to this id are over for the page (their data was replaced): late messages are dropped. */
  let endedRunId = 0;
  let dataQueue: Promise<unknown> = Promise.resolve();
  /** Progress batches and snapshots are published together, every STREAM_INTERVAL_MS at most. */
  let pendingProgress = false;
  let pendingSnapshot: SnapshotEvent | null = null;
  let lastPublished = -Infinity;
  let streamTimer: ReturnType<typeof setTimeout> | null = null;

  const trainer = (): TrainerClient => {
    if (!client) {
      client = createTrainerClient();
      client.subscribe(onEvent);
    }
    return client;
  };

  const reportError = (message: string) =>
    set((s) => ({
      errors: [...s.errors, { id: nextErrorId++, message }].slice(-MAX_SHOWN_ERRORS),
    }));

  const setRun = (patch: Partial<RunView>) => set((s) => ({ run: { ...s.run, ...patch } }));

  /** Publishes what the stream brought since the last publication, in one update of the store. */
  const flushStream = () => {
    if (streamTimer) clearTimeout(streamTimer);
    streamTimer = null;
    if (!pendingProgress && !pendingSnapshot) return;
    lastPublished = performance.now();
    const patch: Partial<State> = {};
    if (pendingProgress) {
      const { history, run } = get();
      patch.historyLength = history.length;
      patch.run = {
        ...run,
        latest: history[history.length - 1] ?? null,
        evaluationsPerSecond: evaluationRate(history),
      };
    }
    if (pendingSnapshot) patch.snapshot = pendingSnapshot;
    pendingProgress = false;
    pendingSnapshot = null;
    set(patch);
  };
  const publishInFrame = () => {
    streamTimer = null;
    onNextFrame(flushStream);
  };

  /** Publishes at the next frame once STREAM_INTERVAL_MS has passed since the last publication. */
  const scheduleStreamFlush = () => {
    if (streamTimer) return;
    const wait = STREAM_INTERVAL_MS - (performance.now() - lastPublished);
    if (wait <= 0) onNextFrame(flushStream);
    else streamTimer = setTimeout(publishInFrame, wait);
  };

  /** Drops stream updates not yet published (the view they belong to was cleared). */
  const dropPendingStream = () => {
    pendingProgress = false;
    pendingSnapshot = null;
  };

  const clearRunView = () => {
    dropPendingStream();
    const history: IterationPoint[] = [];
    set((s) => ({
      history,
      historyLength: 0,
      marks: [],
      snapshot: null,
      run: { ...IDLE_RUN, runId: s.run.runId, backend: s.run.backend },
    }));
  };

  const clearHistory = () => {
    dropPendingStream();
    set((s) => ({
      history: [],
      historyLength: 0,
      marks: [],
      run: { ...s.run, latest: null, evaluationsPerSecond: 0 },
    }));
  };

  /** Keeps the current run in `runs` (once), with its final weights when the worker has them. */
  const keepCurrentRun = async () => {
    flushStream();
    const { history, run, snapshot, settings, data } = get();
    if (history.length === 0 || run.runId === keptRunId) return;
    keptRunId = run.runId;
    let weights: Weights | null;
    try {
      weights = await trainer().exportWeights();
    } catch {
      weights = trainer().lastCheckpoint();
    }
    const runNumber = (get().runs[get().runs.length - 1]?.number ?? 0) + 1;
    const kept: PastRun = {
      number: runNumber,
      settings: { ...settings },
      datasetLabel: data.summary?.label ?? settings.dataset,
      points: thinPoints(history, MAX_KEPT_POINTS),
      finalPoint: history[history.length - 1],
      filters: snapshot
        ? {
            W1: snapshot.W1,
            hiddenSize: snapshot.hiddenSize,
            visibleSize: snapshot.visibleSize,
            exampleSide: snapshot.exampleSide,
          }
        : null,
      weights,
    };
    set((s) => ({ runs: keepRun(s.runs, kept) }));
  };

  function onEvent(event: TrainerEvent) {
    if ('runId' in event && event.runId <= endedRunId) return;
    // Other events take effect after the stream that came before them.
    if (event.type !== 'progress' && event.type !== 'snapshot') flushStream();
    switch (event.type) {
      case 'progress': {
        // Appended in place at once; announced by `historyLength` at the next publication.
        const { history } = get();
        for (const point of event.points) history.push(point);
        pendingProgress = true;
        scheduleStreamFlush();
        break;
      }
      case 'snapshot':
        pendingSnapshot = event;
        scheduleStreamFlush();
        break;
      case 'state':
        // After a reset or an import the run is back at iteration 0: points before are history.
        if (event.reason === 'reset' || event.reason === 'weights-imported') clearHistory();
        // The run took the imported weights itself: Resume goes on from them.
        if (event.reason === 'weights-imported') set({ startWeights: null });
        setRun({ status: event.state, reason: event.reason ?? null });
        if (event.state === 'done' || event.state === 'stopped') void keepCurrentRun();
        break;
      case 'backend':
        setRun({ backend: event.backend, backendNote: event.note ?? null });
        break;
      case 'prepared':
        // Shown until a run says where it computes.
        if (get().run.status === 'idle')
          setRun({ backend: event.backend, backendNote: event.note });
        break;
      case 'hyperparameters':
        set((s) => ({ marks: [...s.marks, { ...event }] }));
        break;
      case 'fault':
        setRun({ status: 'faulted', reason: event.message });
        reportError(event.message);
        break;
      case 'refused':
        reportError(event.message);
        break;
      case 'error': {
        reportError(
          `The training worker stopped: ${event.message}. Restarting it from the last saved weights.`,
        );
        const runId = trainer().recover();
        if (runId !== null) setRun({ runId, status: 'running' });
        break;
      }
    }
  }

  /** Data loads run one after another, in the order they were asked for. */
  const queued = <T>(task: () => Promise<T>): Promise<T> => {
    const result = dataQueue.then(task, task);
    dataQueue = result.catch(() => undefined);
    return result;
  };

  /** Loads a source; files with fewer examples than asked for give all they have. */
  const loadSummary = async (
    source: DataSource,
    settings: Settings,
  ): Promise<{ summary: DatasetSummary; examples: number }> => {
    const options = (examples: number) => ({
      patchSize: settings.patchSize,
      examples,
      seed: settings.seed,
    });
    try {
      const summary = await trainer().loadData(source, options(settings.examples));
      return { summary, examples: settings.examples };
    } catch (error) {
      const fewer = /ask for at most ([\d,]+)/.exec((error as Error).message);
      const available = fewer ? Number(fewer[1].replace(/,/g, '')) : NaN;
      if (source.kind !== 'files' || !(available >= 1 && available < settings.examples))
        throw error;
      return { summary: await trainer().loadData(source, options(available)), examples: available };
    }
  };

  /** Loads the data the settings and choice describe, unless it is already loaded. */
  const ensureData = (): Promise<boolean> =>
    queued(async () => {
      const { data, settings } = get();
      if (data.loadedKey === dataKey(data.choice, data.files, settings) && data.summary)
        return true;
      set((s) => ({ data: { ...s.data, loading: true } }));
      try {
        const { summary, examples } = await loadSummary(
          sourceFor(data.choice, data.files),
          settings,
        );
        const loadedKey = dataKey(data.choice, data.files, { ...settings, examples });
        set((s) => ({
          // Only a file with fewer examples than asked for changes the setting.
          settings: examples === settings.examples ? s.settings : { ...s.settings, examples },
          data: { ...s.data, summary, loadedKey, loadedChoice: data.choice, loading: false },
        }));
        // While the page waits for Train, the worker picks its backend on this data.
        trainer().prepare(settings.backend, settings.hiddenSize);
        return true;
      } catch (error) {
        reportError((error as Error).message);
        // The worker keeps the data it had: so does the page, and the picker says which it is.
        set((s) => ({
          data: { ...s.data, loading: false, choice: s.data.loadedChoice ?? s.data.choice },
        }));
        return false;
      }
    });

  const sendLive = () => {
    liveTimer = null;
    lastLiveSend = performance.now();
    const { settings, run } = get();
    if (!client || !isActive(run.status)) return;
    client.setHyperparameters({ rho: settings.rho, beta: settings.beta, lambda: settings.lambda });
  };

  /** After a change of settings that shape the run: reload data, restart a run that was going. */
  const afterRunSettingChange = async () => {
    const wasActive = isActive(get().run.status);
    if (wasActive) await get().train();
    else if (get().data.summary) await ensureData();
  };

  return {
    settings: DEFAULT_SETTINGS,
    presenter: false,
    data: {
      choice: 'natural',
      files: null,
      summary: null,
      loading: false,
      loadedKey: null,
      loadedChoice: null,
    },
    run: IDLE_RUN,
    history: [],
    historyLength: 0,
    marks: [],
    snapshot: null,
    startWeights: null,
    runs: [],
    overlaid: [],
    errors: [],
    gradientCheck: { status: 'idle', result: null },

    connect(initial) {
      set({ settings: initial.settings, presenter: initial.presenter });
      set((s) => ({ data: { ...s.data, choice: initial.settings.dataset } }));
      for (const message of initial.errors) reportError(`In the link: ${message}`);
      void ensureData();
    },

    chooseDataset(choice) {
      if (choice === get().data.choice) return;
      if (choice !== 'files') {
        const preset = PRESETS[choice];
        set((s) => ({ settings: { ...s.settings, dataset: choice, patchSize: preset.patchSize } }));
      }
      set((s) => ({ data: { ...s.data, choice } }));
      void (isActive(get().run.status) ? get().train() : ensureData());
    },

    async uploadFiles(fileList) {
      if (fileList.length === 0) return;
      let files: UploadedFile[];
      try {
        files = await Promise.all(
          fileList.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })),
        );
      } catch (error) {
        reportError(`Could not read ${fileList.map((f) => f.name).join(', ')}: ${String(error)}`);
        return;
      }
      const outcome = await queued(async () => {
        set((s) => ({ data: { ...s.data, loading: true } }));
        try {
          return await loadSummary({ kind: 'files', files }, get().settings);
        } catch (error) {
          reportError((error as Error).message);
          return null; // the worker keeps the data it had; so does the page
        } finally {
          set((s) => ({ data: { ...s.data, loading: false } }));
        }
      });
      if (!outcome) return;
      // New data: the run on the old data is kept for comparison and the view starts afresh.
      await keepCurrentRun();
      if (isActive(get().run.status)) trainer().stop();
      endedRunId = get().run.runId; // its last messages may still be on their way
      clearRunView();
      set((s) => {
        const settings = { ...s.settings, examples: outcome.examples };
        const loadedKey = dataKey('files', files, settings);
        return {
          settings,
          data: {
            choice: 'files',
            files,
            summary: outcome.summary,
            loading: false,
            loadedKey,
            loadedChoice: 'files',
          },
        };
      });
    },

    applyPreset(name) {
      const preset = PRESETS[name];
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
      if (liveTimer) return;
      const wait = LIVE_SEND_INTERVAL_MS - (performance.now() - lastLiveSend);
      if (wait <= 0) sendLive();
      else liveTimer = setTimeout(sendLive, wait);
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
      await keepCurrentRun();
      if (!(await ensureData())) return;
      const { settings, startWeights } = get();
      const visibleSize = get().data.summary?.visibleSize;
      const weights =
        startWeights &&
        startWeights.weights.visibleSize === visibleSize &&
        startWeights.weights.hiddenSize === settings.hiddenSize
          ? startWeights.weights
          : undefined;
      if (startWeights && !weights) {
        reportError(
          `The ${startWeights.origin} weights are ${startWeights.weights.visibleSize} → ${startWeights.weights.hiddenSize}; ` +
            `this run is ${visibleSize} → ${settings.hiddenSize}. Starting from random weights instead.`,
        );
      }
      clearRunView();
      const runId = trainer().start({ ...settings, initialWeights: weights });
      set({ startWeights: null, gradientCheck: { status: 'idle', result: null } });
      setRun({ runId, status: 'running' });
    },

    pause() {
      if (get().run.status === 'running') trainer().pause();
    },

    resume() {
      if (get().run.status === 'paused') trainer().resume();
    },

    step() {
      if (get().run.status === 'paused') trainer().step();
    },

    async reset() {
      if (get().run.status === 'idle') return;
      await keepCurrentRun();
      keptRunId = 0;
      // The view clears when the worker says the run is back at iteration 0 (points of the old
      // trajectory may still be on their way).
      trainer().reset();
    },

    async exportWeights() {
      if (get().run.status === 'idle' && !get().snapshot) {
        reportError('There are no weights yet: train, or import weights, first.');
        return null;
      }
      try {
        return await trainer().exportWeights();
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
      if (get().run.status === 'running') trainer().pause();
      await keepCurrentRun();
      clearRunView();
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
        await trainer().importWeights(weights);
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
      await get().importWeights(kept.weights, `Run ${runNumber}`);
      set((s) => ({ settings: { ...kept.settings, backend: s.settings.backend } }));
    },

    toggleOverlay(runNumber) {
      set((s) => ({
        overlaid: s.overlaid.includes(runNumber)
          ? s.overlaid.filter((n) => n !== runNumber)
          : [...s.overlaid, runNumber],
      }));
    },

    async runGradientCheck() {
      if (!(await ensureData())) return;
      set({ gradientCheck: { status: 'running', result: null } });
      try {
        const result = await trainer().gradientCheck();
        set({ gradientCheck: { status: 'done', result } });
      } catch (error) {
        set({ gradientCheck: { status: 'idle', result: null } });
        reportError(`Gradient check: ${(error as Error).message}`);
      }
    },

    setPresenter(on) {
      set({ presenter: on });
    },

    reportError,

    dismissError(id) {
      set((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
    },
  };
});
