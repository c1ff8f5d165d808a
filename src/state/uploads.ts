/**
 * Uploaded data: the files are size-checked before they are read, then loaded in the worker (which
 * decodes them); a MAT-file's variable can be picked, and data outside [0, 1] rescaled.
 */
import { overLimit } from '../data/limits';
import type { TrainerClient } from '../worker/client';
import type { DataLoader } from './data-queue';
import type { Reloader } from './reload';
import type { RunKeeper } from './run-keeper';
import { dataKey, isActive } from './run-view';
import type { FileOptions, State, UploadedFile } from './types';

export interface UploadContext {
  get: () => State;
  set: (update: (s: State) => Partial<State>) => void;
  client: TrainerClient;
  data: DataLoader;
  keeper: RunKeeper;
  reload: Reloader;
  /** Keeps the current run in `runs`. */
  keep: () => Promise<void>;
  /** An empty view for the next run. */
  clearView: () => void;
}

export function createUploads(
  ctx: UploadContext,
): Pick<State, 'uploadFiles' | 'chooseVariable' | 'rescaleData'> {
  const { get, set, client, data, keeper, reload, keep, clearView } = ctx;
  const reportError = (message: string) => get().reportError(message);

  /** Loads uploaded files (a new upload, another variable, rescaled) and makes them the data. */
  const loadUploaded = async (files: UploadedFile[], fileOptions: FileOptions) => {
    const outcome = await data.loadFiles(files, fileOptions);
    if (!outcome) return;
    reload.saveFiles(files);
    // New data: the run on the old data is kept for comparison and the view starts afresh.
    await keep();
    if (isActive(get().run.status)) client.stop();
    keeper.endCurrent(); // its last messages may still be on their way
    clearView();
    set((s) => {
      const settings = { ...s.settings, examples: outcome.examples };
      const loadedKey = dataKey('files', files, settings, fileOptions);
      return {
        settings,
        data: {
          choice: 'files',
          files,
          summary: outcome.summary,
          loading: false,
          loadedKey,
          loadedChoice: 'files',
          fileOptions,
          pending: null,
        },
      };
    });
  };

  return {
    async uploadFiles(fileList) {
      if (fileList.length === 0) return;
      // Sizes first: a file over the limit is refused before a byte of it is read.
      for (const file of fileList) {
        const refusal = overLimit('fileBytes', file.size);
        if (refusal) return reportError(`“${file.name}”: ${refusal}`);
      }
      let files: UploadedFile[];
      try {
        files = await Promise.all(
          fileList.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })),
        );
      } catch (error) {
        const names = fileList.map((f) => `“${f.name}”`).join(', ');
        return reportError(`Could not read ${names} (${String(error)}); choose the file again.`);
      }
      await loadUploaded(files, { rescale: false });
    },

    async chooseVariable(name) {
      const { pending, files, fileOptions } = get().data;
      const [chosen, options] = pending
        ? [pending.files, pending.fileOptions]
        : [files, fileOptions];
      if (chosen) await loadUploaded(chosen, { ...options, variable: name });
    },

    async rescaleData() {
      const { files, fileOptions } = get().data;
      if (files) await loadUploaded(files, { ...fileOptions, rescale: true });
    },
  };
}
