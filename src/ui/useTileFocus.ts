/**
 * The mosaic's tiles as things to point at: the one place where pointer and keyboard events on
 * tiles are handled. Hovering a tile, or focusing the mosaic and moving with the arrow keys (Home,
 * End; Escape lets go), makes its unit the current one (shown enlarged); a click, Enter or Space
 * selects it (`onSelect`, for a view that opens a unit).
 */
import { useCallback, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { mosaicGrid } from './tiles';

/** Where the tiles are: the mosaic's image size and a tile's, and how many there are. */
export interface TileLayout {
  imageWidth: number;
  imageHeight: number;
  tileWidth: number;
  tileHeight: number;
  count: number;
}

export function useTileFocus(layout: () => TileLayout | null, onSelect?: (unit: number) => void) {
  const [unit, setUnit] = useState<number | null>(null);

  /** The unit under a pointer event on the mosaic's canvas, or null. */
  const unitAtPointer = useCallback(
    (event: MouseEvent<HTMLElement>) => {
      const tiles = layout();
      if (!tiles) return null;
      const rect = event.currentTarget.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) return null;
      const x = ((event.clientX - rect.left) / rect.width) * tiles.imageWidth;
      const y = ((event.clientY - rect.top) / rect.height) * tiles.imageHeight;
      const grid = mosaicGrid(tiles.count);
      const column = Math.floor((x - 1) / (tiles.tileWidth + 1));
      const row = Math.floor((y - 1) / (tiles.tileHeight + 1));
      if (column < 0 || row < 0 || column >= grid.columns || row >= grid.rows) return null;
      const found = row * grid.columns + column;
      return found < tiles.count ? found : null;
    },
    [layout],
  );

  const canvasProps = {
    onPointerMove: (event: MouseEvent<HTMLElement>) => setUnit(unitAtPointer(event)),
    onPointerLeave: () => setUnit(null),
    onClick: (event: MouseEvent<HTMLElement>) => {
      const found = unitAtPointer(event);
      if (found !== null) onSelect?.(found);
    },
  };

  const frameProps = {
    tabIndex: 0,
    onFocus: () => setUnit((current) => current ?? 0),
    onBlur: () => setUnit(null),
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      const tiles = layout();
      if (!tiles || tiles.count === 0) return;
      const { columns } = mosaicGrid(tiles.count);
      const current = unit ?? 0;
      const moves: Record<string, number> = {
        ArrowLeft: current - 1,
        ArrowRight: current + 1,
        ArrowUp: current - columns,
        ArrowDown: current + columns,
        Home: 0,
        End: tiles.count - 1,
      };
      if (event.key in moves) {
        event.preventDefault();
        setUnit(Math.min(Math.max(moves[event.key], 0), tiles.count - 1));
      } else if (event.key === 'Escape') {
        setUnit(null);
      } else if ((event.key === 'Enter' || event.key === ' ') && unit !== null && onSelect) {
        event.preventDefault();
        onSelect(unit);
      }
    },
  };

  return { unit, canvasProps, frameProps };
}
