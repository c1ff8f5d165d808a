/** How the views draw what the store holds: the mosaic's gray scale, the overlaid runs' curve. */
import type { State } from './types';

export const VIEW_OPTIONS: Pick<State, 'mosaicScale' | 'overlayPart'> = {
  mosaicScale: 'each',
  overlayPart: 'cost',
};

export function createViewOptions(
  set: (patch: Partial<State>) => void,
): Pick<State, 'setMosaicScale' | 'setOverlayPart'> {
  return {
    setMosaicScale: (mosaicScale) => set({ mosaicScale }),
    setOverlayPart: (overlayPart) => set({ overlayPart }),
  };
}
