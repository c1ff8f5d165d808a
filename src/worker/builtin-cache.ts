/**
 * This browser's copy of the large built-in data files (IndexedDB, through `idb`): a set fetched
 * once is read from here afterwards, offline too.
 */
import { openDB } from 'idb';

const DATABASE = 'sparse-autoencoder-lab-data';
const STORE = 'builtin';

const database = () =>
  openDB(DATABASE, 1, {
    upgrade(db) {
      db.createObjectStore(STORE);
    },
  });

/** The file from this browser's copy, else fetched (and then kept); `fetchFile` does the fetch. */
export async function readCachedBuiltin(
  fileName: string,
  fetchFile: (fileName: string) => Promise<ArrayBuffer>,
): Promise<ArrayBuffer> {
  let db;
  try {
    db = await database();
    const kept = (await db.get(STORE, fileName)) as ArrayBuffer | undefined;
    if (kept) return kept;
  } catch {
    db = undefined; // no IndexedDB here (a private window): fetch every time
  }
  const bytes = await fetchFile(fileName);
  await db?.put(STORE, bytes.slice(0), fileName).catch(() => undefined);
  return bytes;
}
