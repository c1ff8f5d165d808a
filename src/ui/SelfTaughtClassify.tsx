import { useSelfTaught } from '../state/selftaught-store';
import { sourceFor } from '../state/run-view';
import { useStore } from '../state/store';

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

/**
 * "Classify with these features": the current run's weights on its own labeled data (the built-in
 * MNIST digits, or uploaded IDX images with their labels), against the raw pixels.
 */
export function SelfTaughtClassify() {
  const hasRun = useStore((s) => s.run.status !== 'idle' || s.startWeights !== null);
  const choice = useStore((s) => s.data.choice);
  const status = useSelfTaught((s) => s.status);
  const job = useSelfTaught((s) => s.job);
  const classified = useSelfTaught((s) => s.classified);
  const busy = status === 'loading' || status === 'running';
  const labeled = choice === 'mnist' || choice === 'files';

  const run = async () => {
    const weights = await useStore.getState().exportWeights();
    if (!weights) return;
    const { data } = useStore.getState();
    const source = sourceFor(data.choice, data.files, data.fileOptions.variable);
    useSelfTaught.getState().classify(weights, source);
  };

  return (
    <div className="selftaught-classify">
      <button type="button" disabled={busy || !hasRun || !labeled} onClick={() => void run()}>
        Classify with these features
      </button>{' '}
      <span className="small muted">
        {labeled
          ? 'Softmax on the current run’s hidden features and on the raw pixels of its digits: the first half to train, the second half to test.'
          : 'Needs labeled data: the built-in MNIST digits, or IDX images uploaded with their labels file.'}
      </span>
      {classified && job === 'classify' && !busy && (
        <div className="accuracy-pair" role="group" aria-label="Accuracies of this run's features">
          <div className="accuracy">
            <span className="accuracy-value" data-testid="run-feature-accuracy">
              {percent(classified.features.accuracy)}
            </span>
            <span className="small">
              on this run’s {classified.hiddenSize} features (
              {classified.test.toLocaleString('en-US')} test digits)
            </span>
          </div>
          <div className="accuracy">
            <span className="accuracy-value" data-testid="run-raw-accuracy">
              {percent(classified.raw.accuracy)}
            </span>
            <span className="small">on the raw pixels</span>
          </div>
        </div>
      )}
    </div>
  );
}
