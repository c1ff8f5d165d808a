import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/data/npy';
import { fixtureDir } from './core-fixtures';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Expected {
  shape: number[];
  dtype: string;
  fortranOrder: boolean;
  values: number[];
}
const expected = JSON.parse(readFileSync(fixtureDir + 'npy/expected.json', 'utf8')) as Record<
  string,
  Expected
>;

describe('readNpy on files written by numpy.save', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`reads ${name}.npy (${want.dtype}, ${want.fortranOrder ? 'Fortran' : 'C'} order)`, () => {
      const array = readNpy(readFileSync(fixtureDir + `npy/${name}.npy`));
      expect(array.shape).toEqual(want.shape);
      expect(array.dtype).toBe(want.dtype);
      expect(array.fortranOrder).toBe(want.fortranOrder);
      expect(Array.from(array.data)).toEqual(want.values);
    });
  }

  it('returns the typed array of the dtype', () => {
    const kind = (name: string) => readNpy(readFileSync(fixtureDir + `npy/${name}.npy`)).data;
    expect(kind('float64-c')).toBeInstanceOf(Float64Array);
    expect(kind('float32-f')).toBeInstanceOf(Float32Array);
    expect(kind('uint8-c')).toBeInstanceOf(Uint8Array);
    expect(kind('int32-f')).toBeInstanceOf(Int32Array);
  });

  it('says what is wrong with a file that is not .npy or is cut short', () => {
    expect(() => readNpy(new TextEncoder().encode('hello world, not numpy'))).toThrow(/\.npy/);
    const whole = readFileSync(fixtureDir + 'npy/float64-c.npy');
    expect(() => readNpy(whole.subarray(0, whole.length - 8))).toThrow(/truncated/);
  });
});

describe('writeNpy', () => {
  it('writes files numpy.load reads back exactly (float64 and float32, C order)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    const f64 = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i) * 1e3 + 1 / 3);
    const f32 = Float32Array.from({ length: 5 }, (_, i) => i / 7);
    writeFileSync(join(dir, 'a.npy'), writeNpy(f64, [3, 4]));
    writeFileSync(join(dir, 'b.npy'), writeNpy(f32, [5]));
    const script = [
      'import numpy as np, json, sys',
      'a = np.load(sys.argv[1]); b = np.load(sys.argv[2])',
      'print(json.dumps({"a": [a.dtype.str, list(a.shape), a.flatten().tolist(), a.flags.c_contiguous],',
      '                  "b": [b.dtype.str, list(b.shape), b.astype(np.float64).tolist()]}))',
    ].join('\n');
    const out = JSON.parse(
      execFileSync('python3', ['-c', script, join(dir, 'a.npy'), join(dir, 'b.npy')], {
        encoding: 'utf8',
      }),
    );
    expect(out.a).toEqual(['<f8', [3, 4], Array.from(f64), true]);
    expect(out.b).toEqual(['<f4', [5], Array.from(f32)]);
  });

  it('round-trips through readNpy with a 64-byte aligned header', () => {
    const values = Float64Array.from({ length: 6 }, (_, i) => i - 2.5);
    const bytes = writeNpy(values, [2, 3]);
    expect((bytes.length - values.byteLength) % 64).toBe(0);
    const back = readNpy(bytes);
    expect(back.shape).toEqual([2, 3]);
    expect(back.data).toEqual(values);
    expect(() => writeNpy(values, [4, 2])).toThrow(/holds 8/);
  });
});
