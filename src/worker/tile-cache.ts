/**
 * Where the kernel's tuned tile widths outlive the page: a small IndexedDB store of the worker's
 * origin, one entry per machine, engine, kernel build and shape (the key is kernel-tune.ts's).
 * Without IndexedDB (Node, a private window that refuses it) there is no cache: the kernel
 * re-tunes once per worker, which costs a fraction of a second.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TileCache } from '../engine/kernel/kernel-tune';

interface TileSchema extends DBSchema {
  tiles: { key: string; value: number };
}

const DATABASE_NAME = 'sparse-autoencoder-lab-kernel';

export function indexedDbTileCache(): TileCache | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  let opened: Promise<IDBPDatabase<TileSchema>> | null = null;
  const database = () =>
    (opened ??= openDB<TileSchema>(DATABASE_NAME, 1, {
      upgrade: (db) => void db.createObjectStore('tiles'),
    }));
  return {
    get: async (key) => (await database()).get('tiles', key),
    set: async (key, tile) => void (await (await database()).put('tiles', tile, key)),
  };
}
