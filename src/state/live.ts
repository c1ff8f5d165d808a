/**
 * ρ, β, λ on their way to the worker. The page's settings are the one truth: whatever changed them
 * (slider, field, preset, reopen, import, link), the store calls `changed()` after every update, and
 * the values reach the current run, at most every LIVE_SEND_INTERVAL_MS while it trains (each change
 * resets L-BFGS's history) and before any Resume or Step (`flush()`).
 */
import type { Hyperparameters } from '../core/types';
import type { TrainerClient } from '../worker/client';
import type { Clock } from './stream';
import type { State } from './types';

/** Live slider changes reach the worker at most this often. */
export const LIVE_SEND_INTERVAL_MS = 120;

export interface LiveSender {
  /** A run started (or was restarted) with these values. */
  started(runId: number, h: Hyperparameters): void;
  /** The store changed: send ρ, β, λ if the current run does not have them yet. */
  changed(): void;
  /** Sends a change still waiting for its turn, now. */
  flush(): void;
}

const pick = ({ rho, beta, lambda }: Hyperparameters): Hyperparameters => ({ rho, beta, lambda });

export function createLiveSender(
  client: TrainerClient,
  get: () => State,
  clock: Omit<Clock, 'onFrame'>,
): LiveSender {
  /** What the worker's current run has, as far as the page told it. */
  let sent: { runId: number } & Hyperparameters = { runId: 0, rho: NaN, beta: NaN, lambda: NaN };
  let timer: unknown = null;
  let lastSend = -Infinity;

  const wanted = (): Hyperparameters | null => {
    const { settings, run } = get();
    // Idle: no run to tell; the next start carries the settings.
    if (run.status === 'idle' || run.runId !== sent.runId) return null;
    const h = pick(settings);
    return h.rho === sent.rho && h.beta === sent.beta && h.lambda === sent.lambda ? null : h;
  };

  const send = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const h = wanted();
    if (!h) return;
    lastSend = clock.now();
    sent = { runId: sent.runId, ...h };
    client.setHyperparameters(h);
  };

  return {
    started(runId, h) {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      sent = { runId, ...pick(h) };
    },
    changed() {
      if (timer !== null || !wanted()) return;
      const wait = LIVE_SEND_INTERVAL_MS - (clock.now() - lastSend);
      if (wait <= 0) send();
      else timer = clock.setTimeout(send, wait);
    },
    flush: send,
  };
}
