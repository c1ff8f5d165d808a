/** What the store does with each event of the worker client. */
import type { ClientEvent, WorkerLost } from '../worker/client';
import type { StopReason } from '../worker/protocol';
import type { LiveSender } from './live';
import { createMarkRecorder } from './marks';
import type { RunKeeper } from './run-keeper';
import { isActive } from './run-view';
import type { StreamPublisher } from './stream';
import type { RunView, State } from './types';

/** After these the run is back at iteration 0: the points before are history. */
const BACK_AT_START: readonly StopReason[] = ['reset', 'weights-imported'];

export interface EventContext {
  get: () => State;
  set: (patch: Partial<State> | ((s: State) => Partial<State>)) => void;
  reportError: (message: string) => void;
  stream: StreamPublisher;
  live: LiveSender;
  keeper: RunKeeper;
  /** Milliseconds, to tell one slider gesture's changes from the next change. */
  now: () => number;
}

export function createEventHandler(ctx: EventContext): (event: ClientEvent) => void {
  const { get, set, reportError, stream, live, keeper } = ctx;
  const setRun = (patch: Partial<RunView>) => set((s) => ({ run: { ...s.run, ...patch } }));
  const marks = createMarkRecorder(ctx.now);

  /** A restarted run goes on; otherwise the run stops, its last weights the next start. */
  const onWorkerLost = (event: WorkerLost) => {
    const what = `The training worker stopped: ${event.message}`;
    const at = event.weights ? ` (iteration ${event.weights.iteration ?? 0})` : '';
    if (event.restartedRunId !== null) {
      reportError(`${what}. A new one goes on from the last saved weights${at}.`);
      // The restarted run has what the page sent last; anything newer follows.
      live.started(event.restartedRunId, { rho: NaN, beta: NaN, lambda: NaN });
      setRun({ runId: event.restartedRunId, status: 'running', reason: null });
      return;
    }
    const times = event.losses > 1 ? `, ${event.losses} times within a minute` : '';
    // The next command starts a new worker, which holds no data yet.
    set((s) => ({ data: { ...s.data, loadedKey: null } }));
    if (!isActive(get().run.status)) return reportError(`${what}${times}.`);
    const { weights } = event;
    reportError(
      weights
        ? `${what}${times}. Its last saved weights${at} are kept: Train goes on from them (or export them).`
        : `${what}${times}. Press Train to start again.`,
    );
    void keeper.keep(weights);
    setRun({ status: 'stopped', reason: what });
    if (weights) set({ startWeights: { weights, origin: `the last saved weights${at}` } });
  };

  return (event) => {
    if ('runId' in event && keeper.isEnded(event.runId)) return;
    // Other events take effect after the stream that came before them.
    if (event.type !== 'progress' && event.type !== 'snapshot') stream.flush();
    switch (event.type) {
      case 'progress':
        return stream.progress(event.points);
      case 'snapshot':
        return stream.snapshot(event);
      case 'state':
        if (event.reason !== undefined && BACK_AT_START.includes(event.reason)) {
          keeper.clearHistory();
          keeper.forgetKept(); // what follows is a new trajectory, kept in its turn
        }
        // The run took the imported weights itself: Resume goes on from them.
        if (event.reason === 'weights-imported') set({ startWeights: null });
        setRun({
          status: event.state,
          reason: event.reason ?? null,
          ...(event.limit !== undefined && { limit: event.limit }),
        });
        if (event.state === 'done' || event.state === 'stopped') void keeper.keep();
        return;
      case 'backend':
        return setRun({
          backend: event.backend,
          backendNote: event.note ?? null,
          threads: event.threads ?? null,
        });
      case 'prepared':
        // Shown until a run says where it computes.
        if (get().run.status === 'idle')
          setRun({ backend: event.backend, backendNote: event.note });
        return;
      case 'hyperparameters':
        return set((s) => ({ marks: marks.record(s.marks, event) }));
      case 'fault':
        setRun({ status: 'faulted', reason: event.message });
        return reportError(event.message);
      case 'refused':
      case 'error':
        return reportError(event.message);
      case 'workerLost':
        return onWorkerLost(event);
    }
  };
}
