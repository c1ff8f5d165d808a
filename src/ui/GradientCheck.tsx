import { useStore } from '../state/store';
import { formatValue } from './format';

/** Compares backpropagation's gradient with central differences on a small subset. */
export function GradientCheck() {
  const check = useStore((s) => s.gradientCheck);
  const runGradientCheck = useStore((s) => s.runGradientCheck);
  const noRun = useStore((s) => s.run.status === 'idle');
  const result = check.result;
  // The engine may also report the check on the backend that trains (float32).
  const backendCheck = result as
    (typeof result & { backendRelativeDifference?: number; backend?: string }) | null;
  return (
    <section className="panel gradient-check" aria-labelledby="gradient-title">
      <h2 id="gradient-title">Gradient check</h2>
      <button
        type="button"
        onClick={() => void runGradientCheck()}
        disabled={check.status === 'running' || noRun}
        title="Compares the gradient with central differences on a few examples"
      >
        Check the gradient
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
            <span className="muted">(‖numeric − analytic‖ / ‖numeric + analytic‖, float64)</span>
            {backendCheck?.backendRelativeDifference !== undefined && (
              <>
                <br />
                On the training backend{backendCheck.backend ? ` (${backendCheck.backend})` : ''},
                in float32: <strong>{formatValue(backendCheck.backendRelativeDifference)}</strong>
              </>
            )}
          </>
        )}
      </p>
    </section>
  );
}
