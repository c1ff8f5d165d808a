/** Saving files from the page: a Blob handed to the browser's download, no server involved. */
import type { IterationPoint } from '../engine/types';

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An RGBA image scaled by a whole number `factor` (crisp), as a PNG. */
export function pngOfImage(
  image: { width: number; height: number; rgba: Uint8ClampedArray },
  factor: number,
): Promise<Blob> {
  const source = document.createElement('canvas');
  source.width = image.width;
  source.height = image.height;
  source
    .getContext('2d')!
    .putImageData(
      new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height),
      0,
      0,
    );
  const target = document.createElement('canvas');
  target.width = image.width * factor;
  target.height = image.height * factor;
  const context = target.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  context.drawImage(source, 0, 0, target.width, target.height);
  return new Promise((resolve, reject) =>
    target.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    ),
  );
}

/** The cost history as CSV, one row per iteration. */
export function costCsv(points: readonly Omit<IterationPoint, 'gradientNorm'>[]): string {
  const lines = ['iteration,cost,reconstruction,decay,sparsity,evaluations,elapsed_ms'];
  for (const p of points) {
    lines.push(
      [p.iteration, p.cost, p.reconstruction, p.decay, p.sparsity, p.evaluations, p.elapsedMs].join(
        ',',
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
