import { useStore, type State } from '../state/store';
import { formatCost, formatDuration, formatValue } from './format';
import { useThrottled } from './useThrottled';

const selectRun = (s: State) => s.run;

const STATUS_WORDS: Record<State['run']['status'], string> = {
  idle: 'Ready',
  running: 'Training',
  paused: 'Paused',
  done: 'Done',
  stopped: 'Stopped',
  faulted: 'Stopped on a fault',
};

/** One line: what the run is doing, at the stream's few updates a second. */
export function StatusLine() {
  const run = useThrottled(selectRun, 200);
  const loading = useStore((s) => s.data.loading);
  const latest = run.latest;
  const backendNote =
    run.backendNote && run.backendNote.toLowerCase() !== run.backend ? run.backendNote : null;
  // Why a run stopped is said by the progress panel.
  const note = backendNote;
  const parts = [
    `Iteration ${latest?.iteration ?? 0}`,
    `Cost ${latest ? formatCost(latest.cost) : '—'}`,
    `${formatValue(run.evaluationsPerSecond, 3)} evals/s`,
    run.backend ?? 'backend pending',
    formatDuration(latest?.elapsedMs ?? 0),
  ];
  return (
    <div className="status-line">
      <span className={`status-badge status-${run.status}`}>
        {loading ? 'Loading data…' : STATUS_WORDS[run.status]}
      </span>
      <p role="status" className="status-text">
        {parts.join(' · ')}
      </p>
      {note && <p className="muted small status-note">{note}</p>}
    </div>
  );
}
