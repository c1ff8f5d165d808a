import { useInspector } from '../../state/store';
import { formatValue } from '../format';
import { Bars } from './Bars';

/** Dead and dense units, mean L0, NMSE, explained variance and the feature-density histogram. */
export function HealthPanel() {
  const latest = useInspector((s) => s.latest);
  const threshold = useInspector((s) => s.threshold);
  const setThreshold = useInspector((s) => s.setThreshold);
  const health = latest?.health;
  const density = latest?.density;
  const rows: [string, string, string][] = health
    ? [
        ['dead units', 'dead-units', String(health.deadUnits)],
        ['dense units (rate > 0.5)', 'dense-units', String(health.denseUnits)],
        ['mean L0 (units per example)', 'mean-l0', formatValue(health.meanL0, 4)],
        ['NMSE', 'nmse', formatValue(health.nmse, 4)],
        ['explained variance', 'explained-variance', formatValue(health.explainedVariance, 4)],
      ]
    : [];
  return (
    <section
      className="panel health"
      aria-label="Sparsity health"
      data-cost-ms={latest?.costMs.toFixed(1)}
      title={latest ? `computed in ${latest.costMs.toFixed(0)} ms` : undefined}
    >
      <h2>
        Sparsity health{' '}
        {latest && (
          <span className="muted small">
            · iteration {latest.iteration}, {health?.examples} examples
          </span>
        )}
      </h2>
      <label className="small">
        τ (fires when a2 &gt; τ){' '}
        <input
          type="number"
          aria-label="Threshold τ"
          min={0.05}
          max={0.95}
          step={0.05}
          value={threshold}
          onChange={(e) => setThreshold(Number(e.target.value))}
        />
      </label>
      {!health && <p className="muted small">The figures appear once a run has weights.</p>}
      {health && (
        <dl className="terms health-figures">
          {rows.map(([label, id, value]) => (
            <div key={id}>
              <dt>{label}</dt>
              <dd data-testid={id}>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {density && (
        <>
          <div className="small">
            Feature density: units by log10 firing rate
            {density.dead > 0 ? ` (${density.dead} dead, not shown)` : ''}
          </div>
          <Bars
            counts={density.counts}
            label="Units by log10 firing rate"
            left={`1e${density.edges[0]}`}
            right="1"
            color="#059669"
          />
        </>
      )}
    </section>
  );
}
