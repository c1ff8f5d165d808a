import { useEffect } from 'react';
import { useStore, type State } from '../state/store';
import { renderFilterMosaic, layoutTiles, mosaicGrid, tileShape, type RgbaImage } from './tiles';
import { useCrispCanvas } from './useCrispCanvas';

/** The mosaic for the state: the latest snapshot's filters, or an empty grid of the run's size. */
export function mosaicImage(state: State): RgbaImage | null {
  const snapshot = state.snapshot;
  if (snapshot) {
    return renderFilterMosaic(
      snapshot.W1,
      snapshot.hiddenSize,
      snapshot.visibleSize,
      snapshot.exampleSide,
    );
  }
  const summary = state.data.summary;
  if (!summary) return null;
  const hiddenSize = state.settings.hiddenSize;
  const shape = tileShape(summary.visibleSize, summary.exampleSide);
  return layoutTiles(hiddenSize, shape, mosaicGrid(hiddenSize), () => 0.5);
}

/** The unit under a point of the mosaic's canvas (fractions of its width and height), or null. */
export function unitAt(state: State, fx: number, fy: number): number | null {
  const snapshot = state.snapshot;
  if (!snapshot) return null;
  const shape = tileShape(snapshot.visibleSize, snapshot.exampleSide);
  const grid = mosaicGrid(snapshot.hiddenSize);
  const column = Math.floor((fx * (grid.columns * (shape.width + 1) + 1) - 1) / (shape.width + 1));
  const row = Math.floor((fy * (grid.rows * (shape.height + 1) + 1) - 1) / (shape.height + 1));
  const unit = row * grid.columns + column;
  const inside = column >= 0 && column < grid.columns && row >= 0 && unit < snapshot.hiddenSize;
  return inside ? unit : null;
}

/**
 * The hidden units' filters (rows of W1) as UFLDL's display_network draws them; `fill`: as large
 * as the frame's height allows too (the frame's height is set by the page's layout).
 */
export function FilterMosaic({
  maxHeight = 520,
  fill = false,
  onSelect,
}: {
  maxHeight?: number;
  fill?: boolean;
  /** A tile was chosen (clicked): its unit. */
  onSelect?: (unit: number) => void;
}) {
  const { canvasRef, draw } = useCrispCanvas(maxHeight, fill);
  const hasSnapshot = useStore((s) => s.snapshot !== null);
  const hiddenSize = useStore((s) => s.snapshot?.hiddenSize ?? s.settings.hiddenSize);

  useEffect(() => {
    draw(mosaicImage(useStore.getState()));
    return useStore.subscribe((state, previous) => {
      if (
        state.snapshot !== previous.snapshot ||
        state.data.summary !== previous.data.summary ||
        (!state.snapshot && state.settings.hiddenSize !== previous.settings.hiddenSize)
      ) {
        draw(mosaicImage(state));
      }
    });
  }, [draw]);

  return (
    <figure className="view mosaic-view">
      <figcaption>
        Filters{' '}
        <span className="muted">· {hiddenSize} hidden units, each scaled to its own max |w|</span>
      </figcaption>
      <div className={fill ? 'pixel-frame fill' : 'pixel-frame'}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label="Filter mosaic"
          className="pixelated"
          onClick={
            onSelect &&
            ((event) => {
              const box = event.currentTarget.getBoundingClientRect();
              const unit = unitAt(
                useStore.getState(),
                (event.clientX - box.left) / box.width,
                (event.clientY - box.top) / box.height,
              );
              if (unit !== null) onSelect(unit);
            })
          }
        />
      </div>
      {!hasSnapshot && <p className="muted small">The filters appear here once training starts.</p>}
    </figure>
  );
}
