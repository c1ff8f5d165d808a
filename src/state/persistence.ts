/**
 * What the page keeps across a reload, a closed tab or a crash, in IndexedDB (through `idb`):
 * the kept runs, the current run's latest checkpoint with its settings, history and marks, and the
 * uploaded files. Typed arrays are stored as they are (structured clone), but for θ, stored as a
 * Blob (stored-weights.ts). Writes of the current
 * run are coalesced (at most one per `delayMs`, reading the state when the write happens) and run
 * in the background; nothing here blocks the page. When the browser refuses storage (a private
 * window, a full quota, no IndexedDB), `onUnavailable` is told once and the page works on.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Settings } from '../engine/settings';
import { thinPoints, type PastRun } from './runs';
import type { IterationPoint, Weights } from '../worker/protocol';
import type { DataChoice, HyperparameterMark, RunStatus, UploadedFile } from './types';
import { recordFromStored, recordToStored, type WithStoredWeights } from './stored-weights';

/** The current run as it is stored: enough to show it again and go on from its weights. */
export interface CurrentRunRecord {
  settings: Settings;
  dataChoice: DataChoice;
  /** Names of the uploaded files the run trained on (when `dataChoice` is 'files'). */
  fileNames: string[];
  /** The run's status when it was stored (it comes back paused). */
  status: RunStatus;
  /** The cost history, thinned to at most MAX_STORED_POINTS. */
  points: IterationPoint[];
  marks: HyperparameterMark[];
  /** The latest checkpoint: the full parameters at `weights.iteration`. */
  weights: Weights;
  /** Side of an example image (8 for natural patches, 28 for MNIST), to draw the filters. */
  exampleSide: number;
  /** Whether the run is also in the kept runs (it finished or was replaced). */
  kept: boolean;
}

export interface StoredSession {
  runs: PastRun[];
  current: CurrentRunRecord | null;
  files: UploadedFile[] | null;
}

export const MAX_STORED_POINTS = 2000;
export const DATABASE_NAME = 'sparse-autoencoder-lab';
const CURRENT_KEY = 'current';

interface LabSchema extends DBSchema {
  runs: { key: number; value: WithStoredWeights<PastRun> };
  current: { key: string; value: WithStoredWeights<CurrentRunRecord> };
  files: { key: string; value: UploadedFile[] };
}

type Database = IDBPDatabase<LabSchema>;

export interface RunStorage {
  /** The stored session (empty when storage is unavailable). */
  load(): Promise<StoredSession>;
  /** Stores the runs that are new in `next` and deletes those no longer there. */
  syncRuns(previous: readonly PastRun[], next: readonly PastRun[]): void;
  /**
   * Schedules a write of the current run; `read` is called when the write happens and returns the
   * record, `null` to delete it (no run to keep), or `undefined` to leave the stored one as it is.
   */
  saveCurrent(read: () => CurrentRunRecord | null | undefined): void;
  /** Stores the uploaded files (or deletes them, given null). */
  saveFiles(files: UploadedFile[] | null): void;
  /** Writes what is scheduled now; resolves when every write so far has finished. */
  flush(): Promise<void>;
}

export interface StorageOptions {
  onUnavailable(message: string): void;
  /** Least time between two writes of the current run (default 1000 ms). */
  delayMs?: number;
  databaseName?: string;
  /** For tests: the timer (default setTimeout). */
  setTimer?: (callback: () => void, ms: number) => unknown;
}

/** The one message for storage that failed: what happened and what it means. */
export function unavailableMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  const what =
    name === 'QuotaExceededError'
      ? 'The browser’s storage for this page is full'
      : 'This browser does not let the page store data (a private window, or storage turned off)';
  return (
    `${what}: ${detail || name}. Runs are not saved across a reload; the page works on without ` +
    'it. Export the weights you want to keep.'
  );
}

/** The record's points thinned for storage, always keeping the last. */
export function storedPoints(history: readonly IterationPoint[]): IterationPoint[] {
  return thinPoints(history, MAX_STORED_POINTS);
}

export function createRunStorage(options: StorageOptions): RunStorage {
  const delayMs = options.delayMs ?? 1000;
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  let warned = false;
  let database: Promise<Database | null> | null = null;
  /** Every write, one after another, so a later state never lands before an earlier one. */
  let queue: Promise<void> = Promise.resolve();
  let pendingRead: (() => CurrentRunRecord | null | undefined) | null = null;
  let timerSet = false;

  const fail = (error: unknown) => {
    if (warned) return;
    warned = true;
    options.onUnavailable(unavailableMessage(error));
  };

  const open = (): Promise<Database | null> => {
    database ??= (async () => {
      if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is missing');
      return openDB<LabSchema>(options.databaseName ?? DATABASE_NAME, 1, {
        upgrade(db) {
          db.createObjectStore('runs', { keyPath: 'number' });
          db.createObjectStore('current');
          db.createObjectStore('files');
        },
      });
    })().catch((error: unknown) => {
      fail(error);
      return null;
    });
    return database;
  };

  const write = (task: (db: Database) => Promise<unknown>) => {
    queue = queue.then(async () => {
      const db = await open();
      if (!db) return;
      try {
        await task(db);
      } catch (error) {
        fail(error);
      }
    });
  };

  const writeCurrent = () => {
    timerSet = false;
    const read = pendingRead;
    pendingRead = null;
    if (!read) return;
    const record = read();
    if (record === undefined) return;
    write((db) =>
      record
        ? db.put('current', recordToStored(record), CURRENT_KEY)
        : db.delete('current', CURRENT_KEY),
    );
  };

  return {
    async load() {
      const empty: StoredSession = { runs: [], current: null, files: null };
      const db = await open();
      if (!db) return empty;
      try {
        const [runs, current, files] = await Promise.all([
          db.getAll('runs'),
          db.get('current', CURRENT_KEY),
          db.get('files', CURRENT_KEY),
        ]);
        return {
          runs: (await Promise.all(runs.map((run) => recordFromStored<PastRun>(run)))).sort(
            (a, b) => a.number - b.number,
          ),
          current: current ? await recordFromStored<CurrentRunRecord>(current) : null,
          files: files ?? null,
        };
      } catch (error) {
        fail(error);
        return empty;
      }
    },

    syncRuns(previous, next) {
      const added = next.filter((run) => !previous.includes(run));
      const removed = previous.filter((run) => !next.includes(run)).map((run) => run.number);
      if (added.length === 0 && removed.length === 0) return;
      write(async (db) => {
        const tx = db.transaction('runs', 'readwrite');
        for (const number of removed) void tx.store.delete(number);
        for (const run of added) void tx.store.put(recordToStored(run));
        await tx.done;
      });
    },

    saveCurrent(read) {
      pendingRead = read;
      if (timerSet) return;
      timerSet = true;
      setTimer(writeCurrent, delayMs);
    },

    saveFiles(files) {
      write((db) =>
        files ? db.put('files', files, CURRENT_KEY) : db.delete('files', CURRENT_KEY),
      );
    },

    flush() {
      writeCurrent();
      return queue;
    },
  };
}
