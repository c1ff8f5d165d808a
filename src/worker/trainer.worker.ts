/**
 * The training worker: owns TensorFlow.js, the data and the run. Thin: it turns commands into
 * calls on the engine's session and the session's callbacks into events.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { configureWasmFiles } from '../engine/backend';
import { createTrainer } from './trainer';
import type { TrainerCommand, WorkerMessage } from './protocol';
import { transferablesOf } from './protocol';

configureWasmFiles({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

const scope = self as unknown as {
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<TrainerCommand>) => void): void;
};

let dataUrl = new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;
let pageBusy: Int32Array | undefined;

const trainer = createTrainer({
  post: (message) => scope.postMessage(message, transferablesOf(message)),
  readBuiltin: async (fileName) => {
    const url = new URL(fileName, dataUrl).href;
    const response = await fetch(url);
    if (!response.ok)
      throw new Error(`Could not fetch the built-in data file ${url}: HTTP ${response.status}.`);
    return response.arrayBuffer();
  },
  pageBusy: () => pageBusy,
  decodeImage: async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([bytes]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in this worker to decode photographs');
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: canvas.width, height: canvas.height, rgba: data };
  },
});

scope.addEventListener('message', (e) => {
  const command = e.data;
  // The heartbeat is answered here, not behind the queue of commands.
  if (command.type === 'ping') scope.postMessage({ type: 'alive' }, []);
  else if (command.type === 'configure') {
    dataUrl = command.dataUrl;
    pageBusy = command.pageBusy;
  } else if (command.type === 'testHook' && command.hook === 'exit') self.close();
  else trainer.handle(command);
});
