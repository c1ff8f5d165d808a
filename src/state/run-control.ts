/**
 * Pause, Resume, Step and Continue of the current run. Whatever ρ, β, λ the page shows reach the
 * worker before the run goes on (`live.flush()`), and a run restored after a reload goes on through
 * its own path (a new worker run from its stored checkpoint).
 */
import type { TrainerClient } from '../worker/client';
import type { LiveSender } from './live';
import type { Reloader } from './reload';
import type { RunKeeper } from './run-keeper';
import type { RunStatus, State } from './types';

export type RunControl = Pick<State, 'pause' | 'resume' | 'step' | 'continue'>;

export interface RunControlContext {
  get: () => State;
  set: (update: (s: State) => Partial<State>) => void;
  client: TrainerClient;
  live: LiveSender;
  keeper: RunKeeper;
  reload: Pick<Reloader, 'restored' | 'continueRestored'>;
}

/** The statuses Continue goes on from. */
const ENDED: readonly RunStatus[] = ['done', 'stopped', 'faulted'];

export function createRunControl(ctx: RunControlContext): RunControl {
  const { get, set, client, live, keeper, reload } = ctx;

  const continueRun = (): void => {
    if (reload.restored()) return void reload.continueRestored();
    const { run, startWeights } = get();
    if (run.status === 'paused') return resume();
    // Stopped with weights of its own (its worker was lost): the worker has no run to go on with,
    // and Train starts from those weights.
    if (startWeights || !ENDED.includes(run.status)) return;
    live.flush();
    keeper.continued();
    client.continue();
    set((s) => ({ run: { ...s.run, status: 'running', reason: null } }));
  };

  const resume = (): void => {
    if (reload.restored()) return void reload.continueRestored();
    // After a fault, Resume goes on from the last finite weights.
    if (get().run.status === 'faulted') return continueRun();
    if (get().run.status !== 'paused') return;
    live.flush();
    client.resume();
  };

  return {
    pause() {
      if (get().run.status === 'running') client.pause();
    },
    resume,
    step() {
      if (get().run.status !== 'paused') return;
      live.flush();
      client.step();
    },
    continue: continueRun,
  };
}
