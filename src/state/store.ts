/**
 * The app's one store over its one worker client (the worker starts with the first command).
 * Components read it through `useStore(selector)`; tests build their own with `createAppStore`.
 * The kernel's thread count follows the page's frame rate (thread-watch.ts).
 */
import { createTrainerClient } from '../worker/client';
import { createAppStore } from './app-store';
import { createInspectorStore } from './inspector';
import { watchKernelThreads } from './thread-watch';

export type * from './types';

const client = createTrainerClient();
export const useStore = createAppStore(client);
/** The unit inspector, the health panel and the probe (their own store, following the run). */
export const useInspector = createInspectorStore(client, useStore);
watchKernelThreads(useStore, client);
