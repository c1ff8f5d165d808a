import { useEffect } from 'react';
import { useStore } from '../state/store';
import { exampleRanges, reconstructionRange, renderReconstructions } from './tiles';
import { useCrispCanvas } from './useCrispCanvas';
import { Explain } from './Explain';

/** A fixed handful of inputs (top row) over the autoencoder's reconstructions of them. */
export function Reconstructions() {
  const { canvasRef, draw } = useCrispCanvas(160);
  const hasSnapshot = useStore((s) => (s.snapshot?.count ?? 0) > 0);

  useEffect(() => {
    const paint = () => {
      const { snapshot, data } = useStore.getState();
      // One scale for the data set (its value range, and the outputs' (0, 1)); before the data's
      // summary is back (a restored run), the shown inputs' own range stands in.
      const inputsRange = (): [number, number] => {
        if (!snapshot) return [0, 1];
        const r = exampleRanges(snapshot.inputs, 1, snapshot.inputs.length);
        return [r[0], r[1]];
      };
      const range = reconstructionRange(data.summary?.valueRange ?? inputsRange());
      draw(
        snapshot && snapshot.count > 0
          ? renderReconstructions(
              snapshot.inputs,
              snapshot.reconstructions,
              snapshot.count,
              snapshot.visibleSize,
              snapshot.exampleSide,
              range,
            )
          : null,
      );
    };
    paint();
    return useStore.subscribe((state, previous) => {
      if (state.snapshot !== previous.snapshot || state.data.summary !== previous.data.summary)
        paint();
    });
  }, [draw]);

  return (
    <figure className="view">
      <figcaption>
        Reconstructions <span className="muted">· inputs above, outputs below</span>
      </figcaption>
      <Explain topic="reconstructions" />
      <div className="pixel-frame">
        <canvas
          ref={canvasRef}
          role="img"
          aria-label="Inputs and their reconstructions"
          className="pixelated"
        />
      </div>
      {!hasSnapshot && <p className="muted small">Appear with the first snapshot.</p>}
    </figure>
  );
}
