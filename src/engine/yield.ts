/** A macrotask boundary, so messages (pause, new ρ) get handled between iterations. */

const waiting: (() => void)[] = [];
let channel: MessageChannel | null = null;

/** Resolves after pending events had their turn; MessageChannel avoids setTimeout's 4 ms clamp. */
export function nextMacrotask(): Promise<void> {
  const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => unknown };
  if (setImmediate) return new Promise((resolve) => setImmediate(() => resolve()));
  if (typeof MessageChannel === 'undefined')
    return new Promise((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}
