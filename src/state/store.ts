/**
 * The app's one store over its one worker client (the worker starts with the first command).
 * Components read it through `useStore(selector)`; tests build their own with `createAppStore`.
 */
import { createTrainerClient } from '../worker/client';
import { createAppStore } from './app-store';

export type * from './types';

export const useStore = createAppStore(createTrainerClient());
