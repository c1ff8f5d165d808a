/**
 * The trainer's side of the inspector: what the page asked for ('inspect'), when to compute it
 * (after an iteration when due, at once on a pause, a stop or the end of a run), and the probe.
 */
import type { CostModel } from '../core/cost-model';
import type { Dataset } from '../data/dataset';
import type { TrainingSession } from '../engine/session';
import { createInspector, type InspectorSource } from './inspector';
import type { TrainerCommand, WorkerMessage } from './protocol';

export interface InspectorContext {
  emit(message: WorkerMessage): void;
  /** The run now: its id, session, data and cost model (null before a run). */
  current(): {
    runId: number;
    session: TrainingSession | null;
    dataset: Dataset | null;
    model: CostModel | null;
  };
}

type InspectCommand = Extract<TrainerCommand, { type: 'inspect' | 'probe' }>;

export function createInspectorCommands(context: InspectorContext) {
  const inspector = createInspector();
  let wanted: {
    runId: number;
    unit: number | null;
    threshold: number;
    watching: boolean;
  } | null = null;

  const source = (): InspectorSource | null => {
    const { session, dataset, model } = context.current();
    if (!session || !dataset) return null;
    return {
      data: dataset.matrix,
      exampleSide: dataset.exampleSide,
      shape: session.shape,
      theta: session.theta,
      iteration: session.iteration,
      model,
    };
  };

  /** Computes and posts the inspection of the current run if the page wants one (and it is due). */
  const inspect = (force: boolean) => {
    const { runId } = context.current();
    if (!wanted || wanted.runId !== runId) return;
    if (!force && !(wanted.watching && inspector.due())) return;
    const from = source();
    if (!from) return;
    const { unit, threshold } = wanted;
    void inspector
      .once(() => inspector.compute(from, unit, threshold))
      .then((result) => {
        if (result && context.current().runId === runId)
          context.emit({ type: 'inspection', runId, ...result });
      })
      .catch((error: unknown) =>
        context.emit({ type: 'error', message: `The inspector failed: ${String(error)}` }),
      );
  };

  return {
    afterIteration: () => inspect(false),
    /** A paused, stopped or finished run: the figures of its final weights. */
    afterState: (state: string) => {
      if (state !== 'running') inspect(true);
    },
    handle(command: InspectCommand) {
      if (command.type === 'inspect') {
        const { runId, unit, threshold, watching } = command;
        wanted = { runId, unit, threshold, watching };
        return inspect(true);
      }
      const from = source();
      if (!from)
        return context.emit({
          type: 'rejected',
          requestId: command.requestId,
          message: 'Start a run first: the probe uses its weights.',
        });
      try {
        const view = inspector.probe(from, command.input, command.clamps);
        context.emit({ type: 'probed', requestId: command.requestId, ...view });
      } catch (error) {
        context.emit({
          type: 'rejected',
          requestId: command.requestId,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    },
    dispose: () => inspector.dispose(),
  };
}
