/**
 * gzip and zlib inflation through the platform's DecompressionStream (global in Node 20 and in
 * browsers and workers), with a cap on the inflated size.
 */
import { DataError, MAX_FILE_BYTES, filePrefix } from './types';

const formatBytes = (bytes: number) =>
  bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MB` : `${bytes} bytes`;

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates gzip ('gzip') or zlib ('deflate') data. Throws a DataError naming the file when the
 * stream is truncated or corrupt, or when it inflates to more than maxBytes.
 */
export async function inflate(
  bytes: Uint8Array,
  format: 'gzip' | 'deflate',
  fileName?: string,
  maxBytes = MAX_FILE_BYTES,
): Promise<Uint8Array> {
  const what = format === 'gzip' ? 'gzip data' : 'compressed (zlib) data';
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const reader = source
    .pipeThrough(
      new DecompressionStream(format) as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        throw new DataError(
          `${filePrefix(fileName)}the ${what} inflates to more than ${formatBytes(maxBytes)}; use a smaller file.`,
          fileName,
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
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
