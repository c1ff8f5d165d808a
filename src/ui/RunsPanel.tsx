import { useEffect } from 'react';
import { describeSettings, type PastRun } from '../state/runs';
import { useStore } from '../state/store';
import { formatCost } from './format';
import { renderFilterMosaic } from './tiles';
import { useCrispCanvas } from './useCrispCanvas';

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 36;

/** The cost curve as a tiny log-scale polyline. */
function Sparkline({ run }: { run: PastRun }) {
  const costs = run.points.map((p) => Math.log10(Math.max(p.cost, 1e-12)));
  const low = Math.min(...costs);
  const high = Math.max(...costs);
  const last = run.points[run.points.length - 1]?.iteration || 1;
  const path = run.points
    .map((p, i) => {
      const x = (p.iteration / last) * SPARK_WIDTH;
      const y =
        high > low ? ((high - costs[i]) / (high - low)) * (SPARK_HEIGHT - 2) + 1 : SPARK_HEIGHT / 2;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  return (
    <svg
      width={SPARK_WIDTH}
      height={SPARK_HEIGHT}
      className="sparkline"
      role="img"
      aria-label={`Cost curve of run ${run.number}`}
    >
      <polyline points={path} fill="none" stroke="#1f2937" strokeWidth="1" />
    </svg>
  );
}

function RunMosaic({ run }: { run: PastRun }) {
  const { canvasRef, draw } = useCrispCanvas(72);
  useEffect(() => {
    const f = run.filters;
    draw(f ? renderFilterMosaic(f.W1, f.hiddenSize, f.visibleSize, f.exampleSide) : null);
  }, [run, draw]);
  return (
    <div className="pixel-frame thumb">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Final filters of run ${run.number}`}
        className="pixelated"
      />
    </div>
  );
}

function RunRow({ run }: { run: PastRun }) {
  const overlaid = useStore((s) => s.overlaid.includes(run.number));
  const toggleOverlay = useStore((s) => s.toggleOverlay);
  const reopenRun = useStore((s) => s.reopenRun);
  const deleteRun = useStore((s) => s.deleteRun);
  return (
    <li className="run">
      <RunMosaic run={run} />
      <div className="run-text">
        <strong>Run {run.number}</strong> <span className="muted">· {run.datasetLabel}</span>
        <br />
        <span className="small">{describeSettings(run.settings)}</span>
        <br />
        <span className="small">
          Cost {formatCost(run.finalPoint.cost)} after {run.finalPoint.iteration} iterations
        </span>
      </div>
      <Sparkline run={run} />
      <div className="run-actions">
        <label className="check small">
          <input type="checkbox" checked={overlaid} onChange={() => toggleOverlay(run.number)} />{' '}
          Overlay
        </label>
        <button
          type="button"
          onClick={() => void reopenRun(run.number)}
          disabled={!run.weights}
          aria-label={`Reopen run ${run.number}`}
        >
          Reopen
        </button>
        <button
          type="button"
          onClick={() => deleteRun(run.number)}
          aria-label={`Delete run ${run.number}`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** The kept runs: settings, final cost, curve and filters; overlay, reopen or delete them. */
export function RunsPanel() {
  const runs = useStore((s) => s.runs);
  const deleteAllRuns = useStore((s) => s.deleteAllRuns);
  return (
    <section className="panel runs" aria-labelledby="runs-title">
      <div className="runs-heading">
        <h2 id="runs-title">Runs</h2>
        {runs.length > 0 && (
          <button type="button" onClick={deleteAllRuns}>
            Delete all runs
          </button>
        )}
      </div>
      {runs.length === 0 ? (
        <p className="muted small">
          Finished runs are kept here, with their curves and filters, to compare and reopen. They
          stay in this browser across reloads until you delete them.
        </p>
      ) : (
        <ol className="run-list">
          {[...runs].reverse().map((run) => (
            <RunRow key={run.number} run={run} />
          ))}
        </ol>
      )}
    </section>
  );
}
