/**
 * The client's watch over its worker: a ping every `heartbeatMs`, a worker that says nothing for
 * `livenessTimeoutMs` is called silent, and losses are counted over a minute so that a worker that
 * cannot start is not restarted forever.
 */

export interface WatchOptions {
  now?: () => number;
  setInterval?: (task: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  heartbeatMs?: number;
  livenessTimeoutMs?: number;
}

/** At most this many restarts within the window (a worker that cannot start is not retried forever). */
export const MAX_RECOVERIES = 3;
export const RECOVERY_WINDOW_MS = 60_000;
export const HEARTBEAT_MS = 5_000;
/** Generous: one L-BFGS iteration on the CPU backend may hold the worker for seconds. */
export const LIVENESS_TIMEOUT_MS = 30_000;

export interface WorkerWatch {
  /** Watches a new worker: `ping` it every heartbeat, `onSilent` once it said nothing for too long. */
  start(ping: () => void, onSilent: (what: string) => void): void;
  /** The worker said something. */
  heard(): void;
  /** No more pings (the worker ended). */
  stop(): void;
  /** Counts a loss now; returns the losses within the last RECOVERY_WINDOW_MS, this one included. */
  countLoss(): number;
}

export function createWorkerWatch(options: WatchOptions = {}): WorkerWatch {
  const now = options.now ?? (() => Date.now());
  const startTimer = options.setInterval ?? ((task, ms) => setInterval(task, ms));
  const stopTimer =
    options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const livenessTimeoutMs = options.livenessTimeoutMs ?? LIVENESS_TIMEOUT_MS;
  let heartbeat: unknown = null;
  let lastHeard = 0;
  let losses: number[] = [];

  const stop = () => {
    if (heartbeat !== null) stopTimer(heartbeat);
    heartbeat = null;
  };

  return {
    start(ping, onSilent) {
      stop();
      lastHeard = now();
      heartbeat = startTimer(() => {
        const silentMs = now() - lastHeard;
        if (silentMs >= livenessTimeoutMs)
          onSilent(`it stopped answering (nothing for ${Math.round(silentMs / 1000)} s)`);
        else ping();
      }, heartbeatMs);
    },
    heard() {
      lastHeard = now();
    },
    stop,
    countLoss() {
      const t = now();
      losses = [...losses.filter((at) => t - at < RECOVERY_WINDOW_MS), t];
      return losses.length;
    },
  };
}
