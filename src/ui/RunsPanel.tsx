import { memo, useEffect } from 'react';
import { describeSettings, type PastRun } from '../state/runs';
import { useStore, type CostPart, type State } from '../state/store';
import { formatCost, formatValue } from './format';
import { SelectRow } from './SelectRow';
import { renderFilterMosaic } from './tiles';
import { useCrispCanvas } from './useCrispCanvas';
import { useStoreTransition } from './useStoreTransition';

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 36;

/** The curves a kept run can overlay on the chart, as the chart's legend names them. */
export const COST_PART_NAMES: Record<CostPart, string> = {
  cost: 'J (total)',
  reconstruction: 'reconstruction',
  decay: 'weight decay',
  sparsity: 'sparsity',
};

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
      <polyline points={path} fill="none" stroke="currentColor" strokeWidth="1" />
    </svg>
  );
}

function RunMosaic({ run }: { run: PastRun }) {
  const { canvasRef, draw } = useCrispCanvas(168);
  useEffect(() => {
    const f = run.filters;
    draw(f ? renderFilterMosaic(f.W1, f.hiddenSize, f.visibleSize, f.exampleSide) : null);
  }, [run, draw]);
  return (
    <div className="pixel-frame run-mosaic">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Final filters of run ${run.number}`}
        className="pixelated"
      />
    </div>
  );
}

/** J and its three parts at the run's last iteration. */
function CostParts({ run }: { run: PastRun }) {
  const p = run.finalPoint;
  return (
    <p className="run-costs small">
      <span>J {formatCost(p.cost)}</span> ={' '}
      <span>reconstruction {formatValue(p.reconstruction, 4)}</span> +{' '}
      <span>decay {formatValue(p.decay, 4)}</span> +{' '}
      <span>sparsity {formatValue(p.sparsity, 4)}</span>
      <span className="muted"> · {p.iteration} iterations</span>
    </p>
  );
}

/** One kept run; drawn again only when it or its marks change (not when another run is kept). */
const RunCard = memo(function RunCard({ run, shown }: { run: PastRun; shown: boolean }) {
  const overlaid = useStore((s) => s.overlaid.includes(run.number));
  const toggleOverlay = useStore((s) => s.toggleOverlay);
  const reopenRun = useStore((s) => s.reopenRun);
  const deleteRun = useStore((s) => s.deleteRun);
  return (
    <li className={shown ? 'run-card shown' : 'run-card'}>
      <div className="run-title">
        <strong>Run {run.number}</strong>
        {shown && <span className="run-shown small"> · shown above</span>}
        <div className="muted small run-data" title={run.datasetLabel}>
          {run.datasetLabel}
        </div>
      </div>
      <RunMosaic run={run} />
      <p className="small run-settings-line">{describeSettings(run.settings)}</p>
      <CostParts run={run} />
      <Sparkline run={run} />
      <div className="run-card-actions">
        <label className="check small">
          <input
            type="checkbox"
            checked={overlaid && !shown}
            disabled={shown}
            aria-label={`Overlay run ${run.number}`}
            onChange={() => toggleOverlay(run.number)}
          />{' '}
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
});

const selectRuns = (s: State) => s.runs;
const selectShownRun = (s: State) => s.shownRun;

/**
 * The kept runs side by side (small multiples): filters, ρ, β, λ, final cost parts and curve;
 * overlay any cost part of them on the chart, reopen or delete them. The run the page shows (kept
 * when it ended) is listed once, marked as the one shown above.
 */
export function RunsPanel() {
  // A run kept as it ends is listed in the frames after: not in the worker message that ended it.
  const runs = useStoreTransition(selectRuns);
  const shownRun = useStoreTransition(selectShownRun);
  const overlayPart = useStore((s) => s.overlayPart);
  const setOverlayPart = useStore((s) => s.setOverlayPart);
  const deleteAllRuns = useStore((s) => s.deleteAllRuns);
  return (
    <section className="panel runs" aria-labelledby="runs-title">
      <div className="runs-heading">
        <h2 id="runs-title">Runs</h2>
        {runs.length > 0 && (
          <div className="runs-tools">
            <SelectRow
              id="overlay-part"
              label="Overlaid curve"
              value={overlayPart}
              onChange={(part) => setOverlayPart(part as CostPart)}
            >
              {(Object.keys(COST_PART_NAMES) as CostPart[]).map((part) => (
                <option key={part} value={part}>
                  {COST_PART_NAMES[part]}
                </option>
              ))}
            </SelectRow>
            <button type="button" onClick={deleteAllRuns}>
              Delete all runs
            </button>
          </div>
        )}
      </div>
      {runs.length === 0 ? (
        <p className="muted small">
          Finished runs are kept here, with their curves and filters, to compare and reopen. They
          stay in this browser across reloads until you delete them.
        </p>
      ) : (
        <ol className="run-grid">
          {[...runs].reverse().map((run) => (
            <RunCard key={run.number} run={run} shown={run.number === shownRun} />
          ))}
        </ol>
      )}
    </section>
  );
}
