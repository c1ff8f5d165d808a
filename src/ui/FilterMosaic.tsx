import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore, type MosaicScale, type State } from '../state/store';
import { Explain } from './Explain';
import {
  cropTile,
  filterMosaicLayout,
  largestWeight,
  mosaicGrid,
  tileLayout,
  tileShape,
  type RgbaImage,
  type TileLayout,
  type TileShape,
} from './tiles';
import { useCrispCanvas } from './useCrispCanvas';
import { useTileFocus, type TileLayout as FocusLayout } from './useTileFocus';

/** The most a task spends laying out the mosaic before it lets the page go on (ms). */
const LAYOUT_SLICE_MS = 8;

/** The largest |w| a run's filters reached: the "one scale for all", which never shrinks. */
export interface Peak {
  runId: number;
  value: number;
}

interface Picture {
  image: RgbaImage;
  shape: TileShape;
  count: number;
}

/** A mosaic being laid out (see TileLayout), with the shape and count of its tiles. */
interface PictureLayout {
  layout: TileLayout;
  shape: TileShape;
  count: number;
}

/**
 * The mosaic for the state: the latest snapshot's filters (each to its own max, or all on the
 * run's peak |w|, which `peak` carries from snapshot to snapshot), or an empty grid of the run's
 * size; laid out by the caller, a few tiles at a time if it wants.
 */
function mosaicLayout(state: State, scale: MosaicScale, peak: Peak): PictureLayout | null {
  const snapshot = state.snapshot;
  if (snapshot) {
    const { W1, hiddenSize, visibleSize, exampleSide } = snapshot;
    const largest = largestWeight(W1, hiddenSize, visibleSize);
    if (peak.runId !== snapshot.runId) Object.assign(peak, { runId: snapshot.runId, value: 0 });
    peak.value = Math.max(peak.value, largest);
    const options = scale === 'shared' ? { sharedScale: peak.value } : {};
    return {
      layout: filterMosaicLayout(W1, hiddenSize, visibleSize, exampleSide, options),
      shape: tileShape(visibleSize, exampleSide),
      count: hiddenSize,
    };
  }
  const summary = state.data.summary;
  if (!summary) return null;
  const count = state.settings.hiddenSize;
  const shape = tileShape(summary.visibleSize, summary.exampleSide);
  return {
    layout: tileLayout(count, shape, mosaicGrid(count), (_, levels) => levels.fill(0.5)),
    shape,
    count,
  };
}

/** The mosaic for the state, laid out at once (see mosaicLayout). */
export function mosaicPicture(state: State, scale: MosaicScale, peak: Peak): Picture | null {
  const made = mosaicLayout(state, scale, peak);
  if (!made) return null;
  made.layout.step(() => false);
  return { image: made.layout.image, shape: made.shape, count: made.count };
}

/** The mosaic as UFLDL's display_network draws it (each filter to its own max), for export. */
export function mosaicImage(state: State): RgbaImage | null {
  return mosaicPicture(state, 'each', { runId: -1, value: 0 })?.image ?? null;
}

const SCALE_WORDS: Record<MosaicScale, string> = {
  each: 'each filter to its own max',
  shared: 'one scale for all',
};

function ScaleSwitch() {
  const scale = useStore((s) => s.mosaicScale);
  const setScale = useStore((s) => s.setMosaicScale);
  return (
    <fieldset className="scale-switch small">
      <legend>Gray scale</legend>
      {(['each', 'shared'] as const).map((option) => (
        <label key={option} className="check">
          <input
            type="radio"
            name="mosaic-scale"
            value={option}
            checked={scale === option}
            onChange={() => setScale(option)}
          />{' '}
          {SCALE_WORDS[option]}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The hidden units' filters (rows of W1) as UFLDL's display_network draws them. Pointing at a tile,
 * or focusing the mosaic and using the arrow keys, shows it enlarged with its unit's number; a
 * click or Enter calls `onSelectUnit` (units are numbered from 0, as in the unit inspector and `cli inspect`).
 */
export function FilterMosaic({
  maxHeight = 520,
  fill = false,
  onSelectUnit,
}: {
  maxHeight?: number;
  /** As large as the frame's height allows too (the frame's height is set by the page's layout). */
  fill?: boolean;
  onSelectUnit?: (unit: number) => void;
}) {
  const { canvasRef, draw } = useCrispCanvas(maxHeight, fill);
  const { canvasRef: zoomRef, draw: drawZoom } = useCrispCanvas(128);
  const hasSnapshot = useStore((s) => s.snapshot !== null);
  const hiddenSize = useStore((s) => s.snapshot?.hiddenSize ?? s.settings.hiddenSize);
  const scale = useStore((s) => s.mosaicScale);
  const picture = useRef<Picture | null>(null);
  const peak = useRef<Peak>({ runId: -1, value: 0 });
  const layout = useCallback((): FocusLayout | null => {
    const p = picture.current;
    if (!p) return null;
    const { image, shape, count } = p;
    return {
      imageWidth: image.width,
      imageHeight: image.height,
      tileWidth: shape.width,
      tileHeight: shape.height,
      count,
    };
  }, []);
  const tiles = useTileFocus(layout, onSelectUnit);
  const unit = tiles.unit;
  const unitRef = useRef(unit);
  const [zoomAt, setZoomAt] = useState<{
    left: number;
    top: number;
    side: string;
  } | null>(null);

  const paintZoom = useCallback(() => {
    const p = picture.current;
    const u = unitRef.current;
    drawZoom(p && u !== null && u < p.count ? cropTile(p.image, p.shape, u, p.count) : null);
  }, [drawZoom]);

  useEffect(() => {
    // A new snapshot's picture is laid out in tasks of its own after the publication's, at most
    // LAYOUT_SLICE_MS each (196 MNIST filters are 150,000 pixels: tens of ms in one go on a busy
    // machine), and drawn once complete; a newer snapshot starts over.
    let pending: ReturnType<typeof setTimeout> | null = null;
    let making: PictureLayout | null = null;
    const show = (shown: Picture | null) => {
      picture.current = shown;
      draw(shown?.image ?? null);
      paintZoom();
    };
    const work = () => {
      pending = null;
      making ??= mosaicLayout(useStore.getState(), scale, peak.current);
      const until = performance.now() + LAYOUT_SLICE_MS;
      if (making && !making.layout.step(() => performance.now() > until)) {
        pending = setTimeout(work, 0);
        return;
      }
      const made = making;
      making = null;
      show(made && { image: made.layout.image, shape: made.shape, count: made.count });
    };
    show(mosaicPicture(useStore.getState(), scale, peak.current));
    const unsubscribe = useStore.subscribe((state, previous) => {
      if (
        state.snapshot !== previous.snapshot ||
        state.data.summary !== previous.data.summary ||
        (!state.snapshot && state.settings.hiddenSize !== previous.settings.hiddenSize)
      ) {
        making = null; // the newest state is laid out
        if (pending === null) pending = setTimeout(work, 0);
      }
    });
    return () => {
      unsubscribe();
      if (pending !== null) clearTimeout(pending);
    };
  }, [draw, scale, paintZoom]);

  // The enlarged tile sits beside its tile, on the side with more room.
  useEffect(() => {
    unitRef.current = unit;
    paintZoom();
    const canvas = canvasRef.current;
    const p = picture.current;
    if (unit === null || !canvas || !p || canvas.clientWidth === 0) return setZoomAt(null);
    const { columns } = mosaicGrid(p.count);
    const factor = canvas.clientWidth / p.image.width;
    const column = unit % columns;
    const row = Math.floor(unit / columns);
    const right = column < columns / 2;
    const down = row < mosaicGrid(p.count).rows / 2;
    const tileLeft = canvas.offsetLeft + (1 + column * (p.shape.width + 1)) * factor;
    const tileRight = tileLeft + p.shape.width * factor;
    setZoomAt({
      side: `${right ? 'right' : 'left'} ${down ? 'down' : 'up'}`,
      left: right ? tileRight + 8 : tileLeft - 8,
      top:
        canvas.offsetTop + (1 + row * (p.shape.height + 1) + (down ? 0 : p.shape.height)) * factor,
    });
  }, [unit, paintZoom, canvasRef]);

  return (
    <figure className="view mosaic-view">
      <figcaption>
        Filters{' '}
        <span className="muted">
          · {hiddenSize} hidden units, {SCALE_WORDS[scale]}
        </span>
      </figcaption>
      <Explain topic="mosaic" />
      <ScaleSwitch />
      <div
        className={fill ? 'pixel-frame mosaic-frame fill' : 'pixel-frame mosaic-frame'}
        role="group"
        aria-label="Filter tiles: point at a tile, or use the arrow keys, to enlarge it"
        {...tiles.frameProps}
      >
        <canvas
          ref={canvasRef}
          role="img"
          aria-label="Filter mosaic"
          className="pixelated"
          {...tiles.canvasProps}
        />
        <div
          className={`tile-zoom ${zoomAt?.side ?? 'right down'}`}
          hidden={unit === null}
          style={zoomAt ? { left: zoomAt.left, top: zoomAt.top } : undefined}
        >
          <canvas ref={zoomRef} className="pixelated" aria-hidden="true" />
          <p className="small" aria-live="polite">
            {unit !== null && `Unit ${unit} (of 0–${hiddenSize - 1})`}
          </p>
        </div>
      </div>
      {!hasSnapshot && <p className="muted small">The filters appear here once training starts.</p>}
    </figure>
  );
}
