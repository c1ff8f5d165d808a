import { useStore } from '../state/store';
import { formatValue } from './format';

/** Compares backpropagation's gradient with central differences on a small subset. */
export function GradientCheck() {
  const check = useStore((s) => s.gradientCheck);
  const runGradientCheck = useStore((s) => s.runGradientCheck);
  const noRun = useStore((s) => s.run.status === 'idle');
  const result = check.result;
  return (
    <section className="gradient-check">
      <button
        type="button"
        onClick={() => void runGradientCheck()}
        disabled={check.status === 'running' || noRun}
        title="Compares the gradient with central differences on a few examples"
      >
        Gradient check
      </button>
      <p className="small" aria-live="polite">
        {noRun && check.status === 'idle' && (
          <span className="muted">Checks the current run’s gradient; start a run first.</span>
        )}
        {check.status === 'running' && 'Checking…'}
        {result && (
          <>
            Relative difference <strong>{formatValue(result.relativeDifference)}</strong> over{' '}
            {result.parameters} parameters and {result.examples} examples{' '}
            <span className="muted">(‖numeric − analytic‖ / ‖numeric + analytic‖)</span>
          </>
        )}
      </p>
    </section>
  );
}
