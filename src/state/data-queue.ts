/**
 * The store's data loading: loads run one after another, in the order they were asked for, and
 * a file with fewer examples than asked for gives all it has.
 */
import type { Settings } from '../engine/settings';
import { Rejected, type TrainerClient } from '../worker/client';
import type { DataSource, DatasetSummary } from '../worker/protocol';
import { dataKey, sourceFor } from './run-view';
import type { FileOptions, State, UploadedFile } from './types';

export interface DataLoader {
  /** Loads the data the settings and choice describe, unless it is already loaded. */
  ensureData(): Promise<boolean>;
  /**
   * Loads uploaded files in their turn; null (and the error reported) when they are refused. A
   * MAT-file with several image arrays waits in `data.pending` for the user to pick one.
   */
  loadFiles(
    files: UploadedFile[],
    fileOptions: FileOptions,
  ): Promise<{ summary: DatasetSummary; examples: number } | null>;
}

export function createDataLoader(
  client: TrainerClient,
  get: () => State,
  set: (update: (s: State) => Partial<State>) => void,
  reportError: (message: string) => void,
): DataLoader {
  let queue: Promise<unknown> = Promise.resolve();

  const queued = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  };

  const setLoading = (loading: boolean) => set((s) => ({ data: { ...s.data, loading } }));

  /** Loads a source; files with fewer examples than asked for give all they have. */
  const loadSummary = async (
    source: DataSource,
    settings: Settings,
    rescale = false,
  ): Promise<{ summary: DatasetSummary; examples: number }> => {
    const options = (examples: number) => ({
      patchSize: settings.patchSize,
      examples,
      seed: settings.seed,
      rescale,
    });
    try {
      const summary = await client.loadData(source, options(settings.examples));
      return { summary, examples: settings.examples };
    } catch (error) {
      const available = error instanceof Rejected ? error.detail.available : undefined;
      if (
        source.kind !== 'files' ||
        available === undefined ||
        !(available >= 1 && available < settings.examples)
      )
        throw error;
      return { summary: await client.loadData(source, options(available)), examples: available };
    }
  };

  const ensureData = (): Promise<boolean> =>
    queued(async () => {
      const { data, settings } = get();
      const { fileOptions } = data;
      if (
        data.loadedKey === dataKey(data.choice, data.files, settings, fileOptions) &&
        data.summary
      )
        return true;
      setLoading(true);
      try {
        const { summary, examples } = await loadSummary(
          sourceFor(data.choice, data.files, fileOptions.variable),
          settings,
          data.choice === 'files' && fileOptions.rescale,
        );
        const loadedKey = dataKey(data.choice, data.files, { ...settings, examples }, fileOptions);
        set((s) => ({
          // Only a file with fewer examples than asked for changes the setting.
          settings: examples === settings.examples ? s.settings : { ...s.settings, examples },
          data: { ...s.data, summary, loadedKey, loadedChoice: data.choice, loading: false },
        }));
        // While the page waits for Train, the worker picks its backend on this data.
        client.prepare(settings.backend, settings.hiddenSize);
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

  const loadFiles = (files: UploadedFile[], fileOptions: FileOptions) =>
    queued(async () => {
      setLoading(true);
      try {
        const source: DataSource = { kind: 'files', files, variable: fileOptions.variable };
        return await loadSummary(source, get().settings, fileOptions.rescale);
      } catch (error) {
        reportError((error as Error).message);
        const candidates = error instanceof Rejected ? error.detail.candidates : undefined;
        const pending = candidates?.length ? { files, candidates, fileOptions } : null;
        set((s) => ({ data: { ...s.data, pending } }));
        return null; // the worker keeps the data it had; so does the page
      } finally {
        setLoading(false);
      }
    });

  return { ensureData, loadFiles };
}
