/**
 * The store the components under test read: the app's own store code over a fake client.
 * Component tests replace `src/state/store` with this module (`vi.mock`).
 */
import { createAppStore } from '../../src/state/app-store';
import type { Clock } from '../../src/state/stream';
import { fakeClient } from './fake-client';

const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (task, ms) => setTimeout(task, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  onFrame: (task) => setTimeout(task, 0),
};

export let fake = fakeClient();
export let useStore = createAppStore(fake.client, clock);

/** A fresh client and store for the next test (components read `useStore` at render time). */
export function freshStore() {
  fake = fakeClient();
  useStore = createAppStore(fake.client, clock);
}
