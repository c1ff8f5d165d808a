/**
 * The current run to and from its stored record: what is written while it trains, and the view
 * the page shows after a reload (paused at the checkpoint, with its curves, mosaic and a note).
 */
import { storedPoints, type CurrentRunRecord, type StoredSession } from './persistence';
import { IDLE_RUN, snapshotOfWeights } from './run-view';
import type { StartPoint, Weights } from '../worker/protocol';
import type { State } from './types';

/**
 * The record of the page's current run: null when there is none to keep (no history), undefined
 * when there is no checkpoint yet (the stored record stays as it is).
 */
export function currentRecordOf(
  state: Pick<State, 'history' | 'run' | 'settings' | 'data' | 'marks' | 'snapshot'>,
  weights: Weights | null,
  kept: boolean,
): CurrentRunRecord | null | undefined {
  const { history, run, settings, data, marks, snapshot } = state;
  if (history.length === 0) return null;
  if (!weights) return undefined;
  return {
    settings: { ...settings },
    dataChoice: data.loadedChoice ?? data.choice,
    fileNames: (data.files ?? []).map((file) => file.name),
    status: run.status,
    points: storedPoints(history),
    marks: marks.slice(),
    weights,
    exampleSide: snapshot?.exampleSide ?? data.summary?.exampleSide ?? 0,
    kept,
  };
}

/** Counters of the last point at or before the checkpoint, to go on from. */
export function startPointOf(record: CurrentRunRecord): StartPoint {
  const iteration = record.weights.iteration ?? 0;
  const last = record.points.filter((p) => p.iteration <= iteration).pop();
  return { iteration, evaluations: last?.evaluations ?? 0, elapsedMs: last?.elapsedMs ?? 0 };
}

/** "Restored after a reload: run paused at iteration N", naming files to load again. */
export function restoreNote(record: CurrentRunRecord, filesStored: boolean): string {
  const note = `Restored after a reload: run paused at iteration ${record.weights.iteration ?? 0}`;
  if (record.dataChoice !== 'files' || filesStored) return note;
  return `${note}. Its data was not stored: load ${record.fileNames.join(', ')} again, then reopen the run.`;
}

/** Whether the stored files are the ones the record trained on. */
export function filesMatch(record: CurrentRunRecord, stored: StoredSession['files']): boolean {
  return (
    record.dataChoice === 'files' &&
    stored !== null &&
    stored.map((f) => f.name).join('\n') === record.fileNames.join('\n')
  );
}

/** The page's state for a restored run: paused at its checkpoint, history up to it, its filters. */
export function restoredState(
  record: CurrentRunRecord,
  filesStored: boolean,
  backend: State['settings']['backend'],
): Pick<State, 'settings' | 'history' | 'historyLength' | 'marks' | 'snapshot' | 'run'> {
  const iteration = record.weights.iteration ?? 0;
  const history = record.points.filter((p) => p.iteration <= iteration);
  return {
    settings: { ...record.settings, backend },
    history,
    historyLength: history.length,
    marks: record.marks.filter((m) => m.iteration <= iteration),
    snapshot: snapshotOfWeights(record.weights, 0, record.exampleSide),
    run: {
      ...IDLE_RUN,
      status: 'paused',
      latest: history[history.length - 1] ?? null,
      reason: restoreNote(record, filesStored),
    },
  };
}
