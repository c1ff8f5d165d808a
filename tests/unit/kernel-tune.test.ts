/**
 * The kernel's start-up choices: the tile autotune (fastest candidate wins, remembered, cached per
 * machine, a cache that fails costs only a re-tune) and the thread count changed between
 * evaluations of one model (the same cost and gradient up to float32 summation order).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  TILE_CANDIDATES,
  chooseTile,
  forgetTunedTiles,
  tileKey,
  timingColumns,
  type TileCache,
} from '../../src/engine/kernel/kernel-tune';
import { createWasmCostModel, type WasmCostModel } from '../../src/engine/kernel/wasm-cost';
import { relativeDifference } from '../../src/core/gradient-check';
import { initialParameters } from '../../src/core/params';
import { referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';
import type { DataMatrix } from '../../src/core/types';

const hyper = { rho: 0.01, beta: 3, lambda: 1e-4 };
const models: WasmCostModel[] = [];
afterAll(() => models.forEach((model) => model.dispose()));
beforeEach(() => forgetTunedTiles());

/** A cache in a Map, counting its calls. */
function mapCache(failing = false) {
  const map = new Map<string, number>();
  const calls = { get: 0, set: 0 };
  const cache: TileCache = {
    get: async (key) => {
      calls.get++;
      if (failing) throw new Error('IndexedDB is closed');
      return map.get(key);
    },
    set: async (key, tile) => {
      calls.set++;
      if (failing) throw new Error('IndexedDB is closed');
      map.set(key, tile);
    },
  };
  return { map, calls, cache };
}

/** A timing where `fastest` takes 1 ms and the others 2 ms (no real clock). */
const timingFavouring =
  (fastest: number, log: number[] = []) =>
  (tile: number) => {
    log.push(tile);
    return tile === fastest ? 1 : 2;
  };

describe('the tile autotune', () => {
  it('picks the fastest candidate, timing each in interleaved rounds after one warm-up', async () => {
    const log: number[] = [];
    const choice = await chooseTile('k', timingFavouring(128, log));
    expect(choice).toMatchObject({ tile: 128, source: 'measured' });
    expect(choice.timings.map((t) => t.tile)).toEqual([...TILE_CANDIDATES]);
    expect(log).toEqual([
      TILE_CANDIDATES[0],
      ...TILE_CANDIDATES,
      ...TILE_CANDIDATES,
      ...TILE_CANDIDATES,
    ]);
  });

  it('remembers the choice for the session and stores it in the cache', async () => {
    const { map, calls, cache } = mapCache();
    await chooseTile('k', timingFavouring(64), cache);
    expect(map.get('k')).toBe(64);
    const log: number[] = [];
    const again = await chooseTile('k', timingFavouring(256, log), cache);
    expect(again).toMatchObject({ tile: 64, source: 'cached' });
    expect(log).toEqual([]);
    expect(calls.set).toBe(1);
  });

  it('takes a cached choice from an earlier page without timing', async () => {
    const { map, cache } = mapCache();
    map.set('k', 32);
    const log: number[] = [];
    expect(await chooseTile('k', timingFavouring(256, log), cache)).toMatchObject({
      tile: 32,
      source: 'cached',
    });
    expect(log).toEqual([]);
  });

  it('re-tunes when the cache fails or holds a tile that is no candidate', async () => {
    expect(await chooseTile('k', timingFavouring(256), mapCache(true).cache)).toMatchObject({
      tile: 256,
      source: 'measured',
    });
    forgetTunedTiles();
    const { map, cache } = mapCache();
    map.set('k', 40);
    expect((await chooseTile('k', timingFavouring(32), cache)).tile).toBe(32);
  });

  it('keys on the kernel build, threads, FMA and the shape', () => {
    const key = tileKey(784, 196, 2, true);
    expect(key).toMatch(/^kernel [0-9a-f]+\|cores \d+\|engine [0-9a-f]+\|2 threads\|fma\|784x196$/);
    expect(tileKey(64, 28, 2, true)).not.toBe(key);
    expect(tileKey(784, 196, 1, true)).not.toBe(key);
    expect(tileKey(784, 196, 2, false)).not.toBe(key);
  });

  it('times a slice of several widest tiles per thread, never more than the data', () => {
    // Four tiles of 256 per thread: a thread interrupted during the timing is balanced by the
    // other at every width, so noise does not favour narrow tiles (which have more of them).
    expect(timingColumns(784, 196, 2, 10_000)).toBe(2048);
    expect(timingColumns(64, 28, 1, 10_000)).toBe(10_000);
    expect(timingColumns(784, 196, 1, 100)).toBe(100);
  });
});

function randomData(visibleSize: number, exampleCount: number, seed: number): DataMatrix {
  const rng = createRng(seed);
  const values = new Float32Array(visibleSize * exampleCount);
  for (let i = 0; i < values.length; i++) values[i] = 0.1 + 0.8 * rng.uniform();
  return { visibleSize, exampleCount, values };
}

describe('the kernel on a tuned tile and a changing thread count', () => {
  const shape = { visibleSize: 37, hiddenSize: 11 };
  const data = randomData(37, 901, 3);
  const theta = initialParameters(shape, createRng(5));
  const expected = referenceCostAndGradient(theta, data, shape, hyper);

  it('tunes its tile on the data, shows it in its variant, and agrees with the reference', async () => {
    const model = await createWasmCostModel(data, shape, { threads: 1 });
    models.push(model);
    expect(model.tile.source).toBe('measured');
    expect(TILE_CANDIDATES).toContain(model.tile.tile);
    expect(model.variant).toContain(`tile ${model.tile.tile} measured`);
    const result = await model.evaluate(theta, hyper);
    expect(relativeDifference(result.gradient, expected.gradient)).toBeLessThan(1e-4);
  });

  it('moves between 1 and 2 threads between evaluations without restarting', async () => {
    const model = await createWasmCostModel(data, shape, { threads: 1, maxThreads: 2, tile: 32 });
    models.push(model);
    expect([model.threads, model.maxThreads]).toEqual([1, 2]);
    const one = await model.evaluate(theta, hyper);
    model.setThreads(2);
    expect(model.threads).toBe(2);
    expect(model.variant).toContain('2 threads');
    const two = await model.evaluate(theta, hyper);
    model.setThreads(9);
    expect(model.threads).toBe(2);
    model.setThreads(1);
    const oneAgain = await model.evaluate(theta, hyper);
    expect(oneAgain.cost).toBe(one.cost);
    expect(Math.abs(two.cost - one.cost)).toBeLessThan(1e-6 * one.cost);
    expect(relativeDifference(two.gradient, one.gradient)).toBeLessThan(1e-5);
    expect(relativeDifference(two.gradient, expected.gradient)).toBeLessThan(1e-4);
  });
});
