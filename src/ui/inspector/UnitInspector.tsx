import { useMemo } from 'react';
import { useInspector, useStore } from '../../state/store';
import type { UnitView } from '../../worker/protocol';
import { formatValue } from '../format';
import { renderFilterMosaic } from '../tiles';
import { Bars } from './Bars';
import { PixelImage, renderExampleGrid, tileUnder } from './PixelImage';

/** Examples drawn 8 to a row. */
const COLUMNS = 8;

/** ρ̂ⱼ over the iterations (a polyline) against the target ρ (a dashed line). */
function RhoHatHistory({ unit, rho }: { unit: number; rho: number }) {
  const history = useInspector((s) => s.history);
  const width = 260;
  const height = 70;
  if (history.length === 0) return null;
  const values = history.map((h) => h.meanActivation[unit] ?? 0);
  const top = Math.max(rho * 1.5, ...values) * 1.05;
  const first = history[0].iteration;
  const span = Math.max(1, history[history.length - 1].iteration - first);
  const x = (iteration: number) => ((iteration - first) / span) * width;
  const y = (value: number) => height - 12 - (value / top) * (height - 16);
  const points = history.map((h, i) => `${x(h.iteration).toFixed(1)},${y(values[i]).toFixed(1)}`);
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`ρ̂ of unit ${unit} over the iterations`}
    >
      <line x1={0} x2={width} y1={y(rho)} y2={y(rho)} stroke="#c2410c" strokeDasharray="4 3" />
      <polyline points={points.join(' ')} fill="none" stroke="#2563eb" strokeWidth={1.5} />
      <text x={0} y={height - 1} className="axis-label">
        iteration {first}
      </text>
      <text x={width} y={height - 1} textAnchor="end" className="axis-label">
        {history[history.length - 1].iteration}
      </text>
    </svg>
  );
}

function Examples({
  view,
  which,
  exampleSide,
  visibleSize,
}: {
  view: UnitView;
  which: 'top' | 'middle';
  exampleSide: number;
  visibleSize: number;
}) {
  const probeInput = useInspector((s) => s.probeInput);
  const indices = which === 'top' ? view.top : view.middle;
  const values = which === 'top' ? view.topExamples : view.middleExamples;
  const image = useMemo(
    () => renderExampleGrid(values, indices.length, visibleSize, exampleSide, COLUMNS),
    [values, indices.length, visibleSize, exampleSide],
  );
  const label =
    which === 'top'
      ? `Top ${indices.length} examples of unit ${view.unit}`
      : `${indices.length} examples from the middle of unit ${view.unit}'s distribution`;
  return (
    <figure className="view" data-examples={indices.join(' ')}>
      <figcaption className="small">
        {which === 'top' ? 'Top examples' : 'From the middle'}{' '}
        <span className="muted">
          · a2{' '}
          {formatValue(
            Math.min(...(which === 'top' ? view.topActivations : view.middleActivations)),
            2,
          )}
          –
          {formatValue(
            Math.max(...(which === 'top' ? view.topActivations : view.middleActivations)),
            2,
          )}{' '}
          · click one to probe it
        </span>
      </figcaption>
      <PixelImage
        image={image}
        label={label}
        maxHeight={which === 'top' ? 150 : 75}
        onPick={(fx, fy) =>
          probeInput({ example: indices[tileUnder(fx, fy, indices.length, COLUMNS)] })
        }
      />
    </figure>
  );
}

/** One unit's view: its filters, ρ̂ⱼ and firing rate, examples, histogram and correlated units. */
export function UnitInspector() {
  const unit = useInspector((s) => s.unit);
  const view = useInspector((s) => s.latest?.unit ?? null);
  const exampleSide = useInspector((s) => s.latest?.exampleSide ?? 0);
  const threshold = useInspector((s) => s.threshold);
  const select = useInspector((s) => s.select);
  const rho = useStore((s) => s.settings.rho);
  const hiddenSize = useStore((s) => s.snapshot?.hiddenSize ?? s.settings.hiddenSize);
  const shown = view && view.unit === unit ? view : null;
  const visibleSize = shown?.encoder.length ?? 0;
  const encoder = useMemo(
    () => (shown ? renderFilterMosaic(shown.encoder, 1, visibleSize, exampleSide) : null),
    [shown, visibleSize, exampleSide],
  );
  const decoder = useMemo(
    () => (shown ? renderFilterMosaic(shown.decoder, 1, visibleSize, exampleSide) : null),
    [shown, visibleSize, exampleSide],
  );
  if (unit === null)
    return (
      <section className="panel inspector" aria-label="Unit inspector">
        <h2>Unit inspector</h2>
        <p className="muted small">
          Click a filter in the mosaic to see what its unit responds to.
        </p>
      </section>
    );
  const go = (next: number) => select((next + hiddenSize) % hiddenSize);
  return (
    <section className="panel inspector" aria-label="Unit inspector">
      <h2>
        Unit{' '}
        <input
          type="number"
          aria-label="Unit"
          min={0}
          max={hiddenSize - 1}
          value={unit}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 0 && n < hiddenSize) select(n);
          }}
        />
        <button type="button" aria-label="Previous unit" onClick={() => go(unit - 1)}>
          ‹
        </button>
        <button type="button" aria-label="Next unit" onClick={() => go(unit + 1)}>
          ›
        </button>
        <button type="button" className="link" onClick={() => select(null)}>
          close
        </button>
      </h2>
      {!shown && <p className="muted small">Computing on the current weights…</p>}
      {shown && (
        <>
          <div className="filters-pair">
            <figure className="view">
              <figcaption className="small">Encoder (W1 row)</figcaption>
              <PixelImage
                image={encoder}
                label={`Encoder filter of unit ${unit}`}
                maxHeight={140}
              />
            </figure>
            <figure className="view">
              <figcaption className="small">Decoder (W2 column)</figcaption>
              <PixelImage
                image={decoder}
                label={`Decoder filter of unit ${unit}`}
                maxHeight={140}
              />
            </figure>
            <dl className="unit-figures">
              <div>
                <dt>ρ̂ⱼ</dt>
                <dd data-testid="unit-mean-activation">{formatValue(shown.meanActivation, 4)}</dd>
              </div>
              <div>
                <dt>target ρ</dt>
                <dd>{formatValue(rho, 4)}</dd>
              </div>
              <div>
                <dt>firing rate (a2 &gt; {threshold})</dt>
                <dd data-testid="unit-firing-rate">{formatValue(shown.firingRate, 4)}</dd>
              </div>
            </dl>
          </div>
          <div className="small">ρ̂ⱼ over the iterations (dashed: ρ)</div>
          <RhoHatHistory unit={unit} rho={rho} />
          <Examples view={shown} which="top" exampleSide={exampleSide} visibleSize={visibleSize} />
          <Examples
            view={shown}
            which="middle"
            exampleSide={exampleSide}
            visibleSize={visibleSize}
          />
          <div className="small">Histogram of a2ⱼ over the examples (50 bins, 0 to 1)</div>
          <Bars counts={shown.histogram} label={`Histogram of unit ${unit}`} left="0" right="1" />
          <div className="small">
            Most correlated units:{' '}
            {shown.correlated.map(([other, r]) => (
              <button key={other} type="button" className="link" onClick={() => select(other)}>
                unit {other} (r {formatValue(r, 2)})
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
