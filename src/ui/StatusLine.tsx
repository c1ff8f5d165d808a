import type { StopReason as OptimizerStop } from '../core/optimizer';
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

/**
 * Every reason a run stops or pauses for, as the engine emits it today (src/engine/session.ts:
 * the optimizer's stop reasons, a single step, a reset, imported weights and the two fault kinds).
 * Declared here until the engine exports its union from src/engine/types.ts: point this alias at
 * that type then, and the compiler asks for any reason the table below lacks.
 */
type StopReason =
  OptimizerStop | 'step' | 'reset' | 'weights imported' | 'non-finite cost' | 'backend failed';

const REASONS: Record<StopReason, string> = {
  'max-iterations': 'reached the iteration limit',
  'gradient-tolerance': 'the gradient is below tolerance',
  'relative-reduction': 'the cost stopped falling',
  'line-search-failed': 'the line search found no lower cost',
  'max-evaluations': 'reached the evaluation limit',
  step: 'one step taken',
  reset: 'back at the initial weights',
  'weights imported': 'at the imported weights',
  'non-finite cost': 'the cost was not a finite number',
  'backend failed': 'the backend failed',
};

/** The words for a known reason; any other text (a fault's own message) is shown as it is. */
function describeReason(reason: string): string {
  return Object.hasOwn(REASONS, reason) ? REASONS[reason as StopReason] : reason;
}

/** One line: what the run is doing, at the stream's few updates a second. */
export function StatusLine() {
  const run = useThrottled(selectRun, 200);
  const loading = useStore((s) => s.data.loading);
  const latest = run.latest;
  const backendNote =
    run.backendNote && run.backendNote.toLowerCase() !== run.backend ? run.backendNote : null;
  const reason = run.reason ? describeReason(run.reason) : null;
  const note = [reason, backendNote].filter(Boolean).join(' · ');
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
