import { useEffect } from 'react';
import { describeStopReason, isStopReason } from '../engine/stop-reason';
import { runProgress } from '../state/progress';
import { useStore, type State } from '../state/store';
import { formatClock, formatCount, formatDuration } from './format';
import { statusChanged } from '../state/run-view';
import { useThrottled } from './useThrottled';

const selectRun = (s: State) => s.run;
const PAGE_TITLE = 'Sparse Autoencoder Lab';

/** Why the run is where it is, in words; null while it trains or before it started. */
function stopSentence(run: State['run'], iteration: number): string | null {
  const reason = run.reason
    ? isStopReason(run.reason)
      ? describeStopReason(run.reason)
      : run.reason
    : null;
  switch (run.status) {
    case 'done':
      return `Done at iteration ${formatCount(iteration)}: ${reason ?? 'finished'}. Continue goes on from these weights.`;
    case 'stopped':
      return `Stopped at iteration ${formatCount(iteration)}${reason ? `: ${reason}` : ''}.`;
    case 'faulted':
      return `Stopped on a fault at iteration ${formatCount(iteration)}. Continue goes on from the last good weights.`;
    case 'paused':
      return reason ? `Paused: ${reason}.` : 'Paused.';
    default:
      return null;
  }
}

/**
 * "Iteration 121 of 400", a bar, the training time so far and the time left at the measured rate
 * (also in the tab's title), and in plain words why a run stopped.
 */
export function RunProgress() {
  const run = useThrottled(selectRun, 250, statusChanged);
  const { history, historyLength } = useStore.getState();
  const progress = runProgress(history, historyLength, run.limit);
  const { iteration, limit, remainingMs } = progress;
  const running = run.status === 'running';
  const counted = limit !== null && run.status !== 'idle';
  const left =
    remainingMs === null || !(running || run.status === 'paused')
      ? null
      : `about ${formatClock(remainingMs)} left`;
  const sentence = stopSentence(run, iteration);

  useEffect(() => {
    const count = counted ? `${iteration}/${limit}` : null;
    const parts =
      run.status === 'running'
        ? [count, left]
        : run.status === 'idle'
          ? []
          : [
              run.status === 'paused' ? 'Paused' : run.status === 'done' ? 'Done' : 'Stopped',
              count,
            ];
    const prefix = parts.filter(Boolean).join(' · ');
    document.title = prefix ? `${prefix} — ${PAGE_TITLE}` : PAGE_TITLE;
  }, [run.status, counted, iteration, limit, left]);
  useEffect(() => () => void (document.title = PAGE_TITLE), []);

  return (
    <section className="panel run-progress" aria-label="Progress">
      <div className="progress-head">
        <strong className="progress-count" data-testid="progress-count">
          {counted
            ? `Iteration ${formatCount(iteration)} of ${formatCount(limit)}`
            : run.status === 'idle'
              ? 'Not started'
              : `Iteration ${formatCount(iteration)}`}
        </strong>
        <span className="progress-times muted">
          {run.status !== 'idle' && `${formatDuration(progress.elapsedMs)} elapsed`}
          {left && <span data-testid="time-left"> · {left}</span>}
        </span>
      </div>
      <progress
        className="progress-bar"
        aria-label="Iterations done of the limit"
        max={counted ? limit : 1}
        value={counted ? Math.min(iteration, limit) : 0}
      />
      {sentence && (
        <p className="progress-reason" data-testid="stop-reason">
          {sentence}
        </p>
      )}
    </section>
  );
}
