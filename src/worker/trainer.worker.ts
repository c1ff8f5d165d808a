/** The training worker (placeholder until the engine lands): answers every command with a refusal. */
import type { TrainerCommand, WorkerMessage } from './protocol';

const post = (message: WorkerMessage) => (self as unknown as Worker).postMessage(message);

self.addEventListener('message', (e: MessageEvent<TrainerCommand>) => {
  const command = e.data;
  if ('requestId' in command) {
    post({
      type: 'rejected',
      requestId: command.requestId,
      message: 'The engine is not ready yet.',
    });
  } else if ('runId' in command) {
    post({ type: 'refused', runId: command.runId, message: 'The engine is not ready yet.' });
  }
});
