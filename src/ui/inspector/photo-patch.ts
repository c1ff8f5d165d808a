/**
 * A photograph as one patch of the natural-image data: its central square in gray, shrunk to
 * side × side, then normalised as the original program normalises patches (subtract the mean,
 * clip to ±3σ, divide by 3σ, map to [0.1, 0.9]). The data's whitening is not applied.
 */
export async function photoPatch(file: Blob, side: number): Promise<Float32Array> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error('this file is not an image the browser can read; try a JPEG or PNG');
  }
  const crop = Math.min(bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(side, side);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('the browser gave no 2D canvas to read the photograph');
  context.drawImage(
    bitmap,
    (bitmap.width - crop) / 2,
    (bitmap.height - crop) / 2,
    crop,
    crop,
    0,
    0,
    side,
    side,
  );
  bitmap.close();
  const rgba = context.getImageData(0, 0, side, side).data;
  const gray = new Float32Array(side * side);
  for (let i = 0; i < gray.length; i++)
    gray[i] = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
  const mean = gray.reduce((a, b) => a + b, 0) / gray.length;
  const sigma = Math.sqrt(gray.reduce((a, b) => a + (b - mean) ** 2, 0) / gray.length);
  const limit = 3 * sigma || 1;
  return gray.map((v) => (Math.max(-limit, Math.min(limit, v - mean)) / limit + 1) * 0.4 + 0.1);
}
