import type { BackendName } from '../engine/backends';
import { BACKEND_LABEL } from '../engine/backends';
import { useStore, type State } from '../state/store';
import { formatCost, formatDuration, formatValue } from './format';
import { statusChanged } from '../state/run-view';
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

/** "on this computer’s processor, 2 threads": where J and its gradient are computed, in plain words. */
export function describeWhere(backend: BackendName, threads: number | null): string {
  if (backend === 'tfjs-webgl') return 'on this computer’s graphics card';
  const threadWords = threads && threads > 1 ? `, ${threads} threads` : '';
  return `on this computer’s processor${threadWords}`;
}

/**
 * One line: what the run is doing, in plain words, at the stream's few updates a second; how the
 * speed was measured and which engine computes sits behind a disclosure.
 */
export function StatusLine() {
  const run = useThrottled(selectRun, 200, statusChanged);
  const loading = useStore((s) => s.data.loading);
  const latest = run.latest;
  // Why a run stopped is said by the progress panel.
  const rate = run.evaluationsPerSecond;
  const verb =
    run.status === 'running' ? 'Training' : run.status === 'idle' ? 'Will train' : 'Trained';
  const where = run.backend
    ? `${verb} ${describeWhere(run.backend, run.threads)}`
    : 'Choosing where to compute…';
  const parts = [
    `Iteration ${latest?.iteration ?? 0}`,
    `Cost ${latest ? formatCost(latest.cost) : '—'}`,
    where,
    ...(rate > 0 ? [`${formatValue(1000 / rate, 2)} ms per pass`] : []),
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
      {run.backend && (
        <details className="status-details small">
          <summary>How this is measured</summary>
          <p>
            A pass is one evaluation of J and its gradient over the examples (L-BFGS makes one or
            more per iteration).{' '}
            {rate > 0 &&
              `${formatValue(rate, 3)} evaluations of J and its gradient per second so far. `}
            Engine: {BACKEND_LABEL[run.backend]}
            {run.threads ? `, ${run.threads} thread${run.threads > 1 ? 's' : ''}` : ''}.
          </p>
          {run.backendNote && <p className="muted">{run.backendNote}</p>}
        </details>
      )}
    </div>
  );
}
