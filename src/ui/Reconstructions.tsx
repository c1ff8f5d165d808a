import { useEffect } from 'react';
import { useStore } from '../state/store';
import { renderReconstructions } from './tiles';
import { useCrispCanvas } from './useCrispCanvas';

/** A fixed handful of inputs (top row) over the autoencoder's reconstructions of them. */
export function Reconstructions() {
  const { canvasRef, draw } = useCrispCanvas(160);
  const hasSnapshot = useStore((s) => (s.snapshot?.count ?? 0) > 0);

  useEffect(() => {
    const paint = () => {
      const snapshot = useStore.getState().snapshot;
      draw(
        snapshot && snapshot.count > 0
          ? renderReconstructions(
              snapshot.inputs,
              snapshot.reconstructions,
              snapshot.count,
              snapshot.visibleSize,
              snapshot.exampleSide,
            )
          : null,
      );
    };
    paint();
    return useStore.subscribe((state, previous) => {
      if (state.snapshot !== previous.snapshot) paint();
    });
  }, [draw]);

  return (
    <figure className="view">
      <figcaption>
        Reconstructions <span className="muted">· inputs above, outputs below</span>
      </figcaption>
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
