/**
 * The store's data loading: loads run one after another, in the order they were asked for, and
 * a file with fewer examples than asked for gives all it has.
 */
import type { Settings } from '../engine/settings';
import type { TrainerClient } from '../worker/client';
import type { DataSource, DatasetSummary } from '../worker/protocol';
import { dataKey, sourceFor } from './run-view';
import type { State, UploadedFile } from './types';

export interface DataLoader {
  /** Loads the data the settings and choice describe, unless it is already loaded. */
  ensureData(): Promise<boolean>;
  /** Loads uploaded files in their turn; null (and the error reported) when they are refused. */
  loadFiles(files: UploadedFile[]): Promise<{ summary: DatasetSummary; examples: number } | null>;
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
  ): Promise<{ summary: DatasetSummary; examples: number }> => {
    const options = (examples: number) => ({
      patchSize: settings.patchSize,
      examples,
      seed: settings.seed,
    });
    try {
      const summary = await client.loadData(source, options(settings.examples));
      return { summary, examples: settings.examples };
    } catch (error) {
      const fewer = /ask for at most ([\d,]+)/.exec((error as Error).message);
      const available = fewer ? Number(fewer[1].replace(/,/g, '')) : NaN;
      if (source.kind !== 'files' || !(available >= 1 && available < settings.examples))
        throw error;
      return { summary: await client.loadData(source, options(available)), examples: available };
    }
  };

  const ensureData = (): Promise<boolean> =>
    queued(async () => {
      const { data, settings } = get();
      if (data.loadedKey === dataKey(data.choice, data.files, settings) && data.summary)
        return true;
      setLoading(true);
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

  const loadFiles = (files: UploadedFile[]) =>
    queued(async () => {
      setLoading(true);
      try {
        return await loadSummary({ kind: 'files', files }, get().settings);
      } catch (error) {
        reportError((error as Error).message);
        return null; // the worker keeps the data it had; so does the page
      } finally {
        setLoading(false);
      }
    });

  return { ensureData, loadFiles };
}
