/**
 * Photographs → grayscale image stacks: luma, a centred square crop, and an area (box-filter)
 * resample to a common side of at most 512 pixels, as the built-in natural images are made.
 */
import { DataError, checkLimit, filePrefix, type ImageStack } from './types';

/** Decoded pixels as a canvas gives them: width·height·4 bytes, RGBA, row-major. */
export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray | Uint8Array;
}

/** The side photographs are resampled to (at most). */
export const PHOTO_SIDE = 512;

/**
 * Width and height from a PNG, GIF, BMP or JPEG header (null when the header does not say), so a
 * picture too large to decode is refused before the browser decodes it.
 */
export function photoSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (length: number) => bytes.length >= length;
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && has(24))
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && has(10))
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (bytes[0] === 0x42 && bytes[1] === 0x4d && has(26))
    return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // JPEG: walk the segments to the first start-of-frame (SOF0…SOF15 but DHT, JPG, DAC).
    let at = 2;
    while (at + 9 <= bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1];
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
        return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      at += 2 + view.getUint16(at + 2);
    }
  }
  return null;
}

/** Refuses a picture whose header claims a side over LIMITS.imageSide. */
export function checkPhotoSize(bytes: Uint8Array, fileName: string): void {
  const size = photoSize(bytes);
  if (size)
    checkLimit(
      'imageSide',
      Math.max(size.width, size.height),
      fileName,
      `the picture is ${size.width}×${size.height}`,
    );
}

/** Luma in [0, 1]: Y = (0.299·R + 0.587·G + 0.114·B) / 255 (ITU-R BT.601, MATLAB's rgb2gray). */
export function rgbaToGray(image: DecodedImage): Float32Array {
  const { width, height, rgba } = image;
  const gray = new Float32Array(width * height);
  for (let i = 0; i < gray.length; i++)
    gray[i] = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
  return gray;
}

/** The centred side×side square of a width×height image, side = min(width, height). */
export function centerCropSquare(
  pixels: Float32Array,
  width: number,
  height: number,
): { side: number; pixels: Float32Array } {
  const side = Math.min(width, height);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const out = new Float32Array(side * side);
  for (let r = 0; r < side; r++)
    out.set(pixels.subarray((top + r) * width + left, (top + r) * width + left + side), r * side);
  return { side, pixels: out };
}

/** For each output index, the input indices it covers and their weights (overlap / scale). */
function areaWeights(source: number, target: number): { index: number[]; weight: number[] }[] {
  const scale = source / target;
  const result: { index: number[]; weight: number[] }[] = [];
  for (let j = 0; j < target; j++) {
    const from = j * scale;
    const to = (j + 1) * scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let i = Math.floor(from); i < Math.min(source, Math.ceil(to)); i++) {
      const overlap = Math.min(to, i + 1) - Math.max(from, i);
      if (overlap > 1e-12) {
        index.push(i);
        weight.push(overlap / scale);
      }
    }
    result.push({ index, weight });
  }
  return result;
}

/**
 * Area resample: each output pixel is the mean of the input area it covers (partial pixels
 * weighted by their overlap), done along rows and then columns.
 */
export function areaResample(
  pixels: Float32Array,
  width: number,
  height: number,
  targetWidth: number,
  targetHeight: number,
): Float32Array {
  const across = areaWeights(width, targetWidth);
  const down = areaWeights(height, targetHeight);
  const rows = new Float64Array(height * targetWidth);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < targetWidth; c++) {
      const { index, weight } = across[c];
      let sum = 0;
      for (let t = 0; t < index.length; t++) sum += weight[t] * pixels[r * width + index[t]];
      rows[r * targetWidth + c] = sum;
    }
  const out = new Float32Array(targetWidth * targetHeight);
  for (let r = 0; r < targetHeight; r++) {
    const { index, weight } = down[r];
    for (let c = 0; c < targetWidth; c++) {
      let sum = 0;
      for (let t = 0; t < index.length; t++) sum += weight[t] * rows[index[t] * targetWidth + c];
      out[r * targetWidth + c] = sum;
    }
  }
  return out;
}

/** One photograph → a grayscale side×side square in [0, 1] (luma, centre crop, area resample). */
export function photographToSquare(image: DecodedImage, side: number): Float32Array {
  const square = centerCropSquare(rgbaToGray(image), image.width, image.height);
  return square.side === side
    ? square.pixels
    : areaResample(square.pixels, square.side, square.side, side, side);
}

/**
 * Several photographs → one stack of grayscale squares, side = min(512, smallest side of any
 * photograph). Throws DataError for images with no pixels.
 */
export function photographsToStack(images: { name: string; image: DecodedImage }[]): ImageStack {
  for (const { name, image } of images)
    if (
      !(image.width > 0 && image.height > 0) ||
      image.rgba.length < image.width * image.height * 4
    )
      throw new DataError(`${filePrefix(name)}the image decoded to no pixels.`, name);
    else
      checkLimit(
        'imageSide',
        Math.max(image.width, image.height),
        name,
        `the picture is ${image.width}×${image.height}`,
      );
  const side = Math.min(
    PHOTO_SIDE,
    ...images.map(({ image }) => Math.min(image.width, image.height)),
  );
  const area = side * side;
  checkLimit(
    'values',
    area * images.length,
    images[0].name,
    `${images.length} photographs of ${side}×${side}`,
  );
  const pixels = new Float32Array(area * images.length);
  images.forEach(({ image }, k) => pixels.set(photographToSquare(image, side), k * area));
  return { width: side, height: side, count: images.length, pixels };
}
