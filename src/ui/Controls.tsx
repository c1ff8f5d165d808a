import { useStore } from '../state/store';

/** Train, Pause/Resume/Continue, Step, Reset, and where the next run starts from. */
export function Controls() {
  const status = useStore((s) => s.run.status);
  const loading = useStore((s) => s.data.loading);
  const hasData = useStore((s) => s.data.summary !== null);
  const startWeights = useStore((s) => s.startWeights);
  const train = useStore((s) => s.train);
  const pause = useStore((s) => s.pause);
  const resume = useStore((s) => s.resume);
  const step = useStore((s) => s.step);
  const continueRun = useStore((s) => s.continue);
  const reset = useStore((s) => s.reset);
  const clearStartWeights = useStore((s) => s.clearStartWeights);
  const running = status === 'running';
  const paused = status === 'paused';
  // A run that ended goes on from its weights (a lost worker's weights go with the next Train).
  const ended =
    (status === 'done' || status === 'stopped' || status === 'faulted') && !startWeights;
  return (
    <section className="controls" aria-label="Training controls">
      <div className="button-row">
        <button
          type="button"
          className="primary"
          onClick={() => void train()}
          disabled={loading && !hasData}
          title="Start a new run with the current settings"
        >
          Train
        </button>
        {paused ? (
          <button type="button" onClick={resume}>
            Resume
          </button>
        ) : ended ? (
          <button
            type="button"
            onClick={continueRun}
            title={
              status === 'faulted'
                ? 'Go on from the last finite weights with the settings shown'
                : 'Another iteration limit from these weights, with the settings shown'
            }
          >
            Continue
          </button>
        ) : (
          <button type="button" onClick={pause} disabled={!running}>
            Pause
          </button>
        )}
        <button type="button" onClick={step} disabled={!paused} title="Exactly one iteration">
          Step
        </button>
        <button
          type="button"
          onClick={() => void reset()}
          disabled={status === 'idle'}
          title="Back to this run's initial weights, at iteration 0"
        >
          Reset
        </button>
      </div>
      {startWeights && (
        <p className="small start-weights">
          Next Train continues from <strong>{startWeights.origin}</strong>.{' '}
          <button type="button" className="link" onClick={clearStartWeights}>
            Start from random weights instead
          </button>
        </p>
      )}
    </section>
  );
}
