/**
 * gzip and zlib inflation through the platform's DecompressionStream (global in Node 20 and in
 * browsers and workers), streamed: it stops as soon as the output passes the cap, and the first
 * bytes (the header of what is inside) can be checked before the rest is inflated.
 */
import { LIMITS, formatLimit } from './limits';
import { DataError, filePrefix } from './types';

/** Compressed bytes handed to the decompressor at a time. */
const INPUT_SLICE = 64 * 1024;

/** How many inflated bytes `checkHead` sees (or all of them when the data is shorter). */
export const HEAD_BYTES = 4096;

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates gzip ('gzip') or zlib ('deflate') data. Throws a DataError naming the file when the
 * stream is truncated or corrupt, or when it inflates to more than maxBytes (without inflating
 * further). `checkHead` gets the first HEAD_BYTES inflated bytes once, and may throw to stop.
 */
export async function inflate(
  bytes: Uint8Array,
  format: 'gzip' | 'deflate',
  fileName?: string,
  maxBytes: number = LIMITS.inflatedBytes,
  checkHead?: (head: Uint8Array) => void,
): Promise<Uint8Array> {
  const what = format === 'gzip' ? 'gzip data' : 'compressed (zlib) data';
  // Fed in slices, pulled as the output is read: a small file that inflates hugely is never
  // inflated past the point where it is refused.
  let fed = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (fed >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(fed, fed + INPUT_SLICE));
      fed += INPUT_SLICE;
    },
  });
  const reader = source
    .pipeThrough(
      new DecompressionStream(format) as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let headChecked = !checkHead;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (!headChecked && (done || total + value.length >= HEAD_BYTES)) {
        headChecked = true;
        const head = concat(
          done ? chunks : [...chunks, value],
          done ? total : total + value.length,
        );
        try {
          checkHead!(head.subarray(0, HEAD_BYTES));
        } catch (error) {
          if (!done) await reader.cancel();
          throw error;
        }
      }
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        throw new DataError(
          `${filePrefix(fileName)}the ${what} inflates to more than ${formatLimit('inflatedBytes', maxBytes)}, over the limit of ${formatLimit('inflatedBytes', maxBytes)} once inflated; use fewer images or examples.`,
          fileName,
          { limit: { name: 'inflatedBytes', limit: maxBytes, claimed: total } },
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(
      `${filePrefix(fileName)}the ${what} is truncated or corrupt (${reason}); download the file again.`,
      fileName,
    );
  }
  return concat(chunks, total);
}
