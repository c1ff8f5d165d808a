import { useMemo, useState } from 'react';
import { useInspector, useStore } from '../../state/store';
import { formatValue } from '../format';
import { renderReconstructions, reconstructionRange } from '../tiles';
import { DrawPad } from './DrawPad';
import { PixelImage } from './PixelImage';
import { photoPatch } from './photo-patch';

const NEXT_CLAMP: Record<string, number | null> = { free: 0, '0': 1, '1': null };

/** The hidden code as a bar per unit; a click cycles the unit free → clamped to 0 → to 1 → free. */
function CodeBars({ hidden, clamps }: { hidden: Float32Array; clamps: Record<number, number> }) {
  const clamp = useInspector((s) => s.clamp);
  return (
    <div className="code-bars" role="group" aria-label="Hidden code (click a bar to clamp)">
      {Array.from(hidden, (a, j) => {
        const state = j in clamps ? String(clamps[j]) : 'free';
        const shown = j in clamps ? clamps[j] : a;
        return (
          <button
            key={j}
            type="button"
            className={`code-bar clamp-${state}`}
            aria-label={`unit ${j}: a2 ${formatValue(a, 3)}${state === 'free' ? '' : `, clamped to ${state}`}`}
            title={`unit ${j}: a2 ${formatValue(a, 3)}${state === 'free' ? '' : ` → ${state}`}`}
            onClick={() => clamp(j, NEXT_CLAMP[state])}
          >
            <span style={{ height: `${Math.max(1, shown * 100)}%` }} />
          </button>
        );
      })}
    </div>
  );
}

/** Choose an example, see its code and reconstruction, clamp units and watch it change. */
export function ProbePanel() {
  const probe = useInspector((s) => s.probe);
  const probeInput = useInspector((s) => s.probeInput);
  const summary = useStore((s) => s.data.summary);
  const hasRun = useStore((s) => s.run.runId > 0);
  const [example, setExample] = useState(0);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const view = probe.view;
  const visibleSize = summary?.visibleSize ?? 0;
  const side = summary?.exampleSide ?? 0;
  const image = useMemo(
    () =>
      view
        ? renderReconstructions(
            view.input,
            view.reconstruction,
            1,
            view.input.length,
            side,
            reconstructionRange(summary?.valueRange ?? [0, 1]),
          )
        : null,
    [view, side, summary],
  );
  const checksum = view ? view.reconstruction.reduce((a, b) => a + b, 0) : 0;
  const clamped = Object.keys(probe.clamps).length;
  return (
    <section className="panel probe" aria-label="Probe">
      <h2>Probe</h2>
      <div className="probe-inputs small">
        <label>
          example{' '}
          <input
            type="number"
            aria-label="Example to probe"
            min={0}
            max={(summary?.examples ?? 1) - 1}
            value={example}
            onChange={(e) => setExample(Number(e.target.value))}
          />
        </label>
        <button type="button" disabled={!hasRun} onClick={() => probeInput({ example })}>
          Probe example
        </button>
        {side > 0 && visibleSize === side * side && side !== 28 && (
          <label className="file-button">
            a photograph…
            <input
              type="file"
              accept="image/*"
              aria-label="Photograph to probe"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                try {
                  setPhotoError(null);
                  probeInput({ values: await photoPatch(file, side) });
                } catch (error) {
                  setPhotoError(`${file.name}: ${(error as Error).message}`);
                }
              }}
            />
          </label>
        )}
      </div>
      {photoError && <p className="small error-text">{photoError}</p>}
      {side === 28 && visibleSize === 784 && (
        <DrawPad side={28} onDrawn={(values) => hasRun && probeInput({ values })} />
      )}
      {probe.error && <p className="small error-text">{probe.error}</p>}
      {view && (
        <>
          <figure className="view" data-testid="probe-output" data-checksum={checksum.toFixed(6)}>
            <figcaption className="small">
              Input and reconstruction
              {clamped > 0 ? ` · ${clamped} unit${clamped > 1 ? 's' : ''} clamped` : ''}
            </figcaption>
            <PixelImage image={image} label="Probed input and its reconstruction" maxHeight={160} />
          </figure>
          <div className="small">
            Hidden code (a bar per unit; click to clamp to 0, again for 1)
          </div>
          <CodeBars hidden={view.hidden} clamps={probe.clamps} />
        </>
      )}
      {!view && (
        <p className="muted small">Probe an example, or click one of a unit’s top examples.</p>
      )}
    </section>
  );
}
