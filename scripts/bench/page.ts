/** The benchmark page: runs one job in a fresh worker per call of window.runBenchJob. */
import type { BenchJob, BenchOutcome } from './configs';

declare global {
  interface Window {
    runBenchJob(job: BenchJob): Promise<BenchOutcome>;
  }
}

window.runBenchJob = (job) =>
  new Promise((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<BenchOutcome>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve({ job, error: event.message } as BenchOutcome);
    };
    worker.postMessage(job);
  });

document.body.dataset.ready = String(self.crossOriginIsolated);
import './ceiling-page';
