import { useEffect } from 'react';
import type { SelfTaughtOutcome } from '../worker/selftaught-protocol';
import { fillStretched, layoutTiles, renderFilterMosaic, tileShape } from './tiles';
import { useCrispCanvas } from './useCrispCanvas';

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

/** counts[true·k + predicted] as a table; the diagonal (right answers) stands out. */
function ConfusionMatrix({ outcome }: { outcome: SelfTaughtOutcome }) {
  const k = outcome.numClasses;
  const counts = outcome.features.confusion;
  const classes = Array.from({ length: k }, (_, c) => c);
  return (
    <table className="confusion" aria-label="Confusion matrix of the classifier on the features">
      <caption className="small muted">Rows: the true digit · columns: the prediction</caption>
      <thead>
        <tr>
          <th scope="col" />
          {classes.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {classes.map((row) => (
          <tr key={row}>
            <th scope="row">{row}</th>
            {classes.map((column) => (
              <td
                key={column}
                className={row === column ? 'hit' : counts[row * k + column] > 0 ? 'miss' : ''}
              >
                {counts[row * k + column]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Misclassified({ outcome }: { outcome: SelfTaughtOutcome }) {
  const { canvasRef, draw } = useCrispCanvas(260);
  const { pixels, labels, predicted, total } = outcome.misclassified;
  const size = outcome.visibleSize;
  useEffect(() => {
    const count = labels.length;
    const columns = Math.min(20, count);
    draw(
      layoutTiles(
        count,
        tileShape(size, outcome.side),
        { rows: Math.ceil(count / columns), columns },
        (tile, levels) => fillStretched(levels, pixels, tile * size, size, 0, 255),
      ),
    );
  }, [draw, pixels, labels, size, outcome.side]);
  const pairs = Array.from(labels.slice(0, 20), (label, i) => `${label}→${predicted[i]}`).join(' ');
  return (
    <figure className="view">
      <figcaption>
        Misclassified test digits{' '}
        <span className="muted">
          · {total.toLocaleString('en-US')} of {outcome.test.toLocaleString('en-US')}
          {labels.length < total ? `, the first ${labels.length}` : ''}
        </span>
      </figcaption>
      <div className="pixel-frame">
        <canvas
          ref={canvasRef}
          role="img"
          aria-label="Misclassified test digits"
          className="pixelated"
        />
      </div>
      <p className="small muted">True → predicted, in order: {pairs}</p>
    </figure>
  );
}

function Filters({ outcome }: { outcome: SelfTaughtOutcome }) {
  const { canvasRef, draw } = useCrispCanvas(320);
  useEffect(() => {
    draw(renderFilterMosaic(outcome.W1, outcome.hiddenSize, outcome.visibleSize, outcome.side));
  }, [draw, outcome]);
  return (
    <figure className="view">
      <figcaption>
        Filters{' '}
        <span className="muted">· the {outcome.hiddenSize} features, learnt from 5–9 only</span>
      </figcaption>
      <div className="pixel-frame">
        <canvas ref={canvasRef} role="img" aria-label="Self-taught filters" className="pixelated" />
      </div>
    </figure>
  );
}

/** Both test accuracies side by side, the confusion matrix, the misclassified digits, the filters. */
export function SelfTaughtResult({ outcome }: { outcome: SelfTaughtOutcome }) {
  const better = outcome.features.accuracy > outcome.raw.accuracy;
  return (
    <div className="selftaught-result">
      <div className="accuracy-pair" role="group" aria-label="Test accuracies">
        <div className={better ? 'accuracy winner' : 'accuracy'}>
          <span className="accuracy-value" data-testid="feature-accuracy">
            {percent(outcome.features.accuracy)}
          </span>
          <span className="small">softmax on the {outcome.hiddenSize} learnt features</span>
        </div>
        <div className={better ? 'accuracy' : 'accuracy winner'}>
          <span className="accuracy-value" data-testid="raw-accuracy">
            {percent(outcome.raw.accuracy)}
          </span>
          <span className="small">softmax on the {outcome.visibleSize} raw pixels</span>
        </div>
      </div>
      <p className="small muted">
        {outcome.unlabeled.toLocaleString('en-US')} unlabeled digits 5–9 ·{' '}
        {outcome.train.toLocaleString('en-US')} digits 0–4 to train ·{' '}
        {outcome.test.toLocaleString('en-US')} to test · {outcome.seconds.toFixed(0)} s on{' '}
        {outcome.backend}
      </p>
      <div className="selftaught-views">
        <ConfusionMatrix outcome={outcome} />
        <Filters outcome={outcome} />
      </div>
      <Misclassified outcome={outcome} />
    </div>
  );
}
