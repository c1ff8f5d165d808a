/**
 * A link's bad values: each one reported, naming the parameter and the text given, however many
 * there are; a link made on uploaded data says that the data is not in it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { createAppStore } from '../../src/state/app-store';
import { readUrlState, urlSearchFor } from '../../src/state/url';
import { fakeClient, timerClock as clock } from './fake-client';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('bad link values', () => {
  it('names the parameter and the text given, not what it parsed to', () => {
    const { errors } = readUrlState('?beta=abc&rho=2&hidden=&optimizer=sgd&lambda=1e9');
    expect(errors).toHaveLength(5);
    expect(errors[0]).toContain('optimizer=sgd');
    const beta = errors.find((e) => e.startsWith('beta='));
    expect(beta).toBe('beta=abc: β (sparsity weight) must be a number');
    expect(errors.join('\n')).not.toContain('NaN');
    expect(errors.find((e) => e.startsWith('rho='))).toContain('rho=2:');
    expect(errors.find((e) => e.startsWith('hidden='))).toBe('hidden=: Hidden units is empty');
  });

  it('reports every one of them on the page, not only the last three', async () => {
    const store = createAppStore(fakeClient().client, clock);
    const { settings, classroom, errors } = readUrlState(
      '?beta=abc&rho=2&hidden=&optimizer=sgd&lambda=x',
    );
    store.getState().connect({ settings, classroom, errors });
    await vi.runAllTimersAsync();
    const shown = store
      .getState()
      .errors.map((e) => e.message)
      .join('\n');
    for (const given of ['beta=abc', 'rho=2', 'hidden=', 'optimizer=sgd', 'lambda=x'])
      expect(shown).toContain(given);
  });

  it('a link made on uploaded data says that the data is not in it', () => {
    const search = urlSearchFor(PRESETS.natural, false, { uploaded: true });
    expect(search).toContain('data=uploaded');
    const { errors } = readUrlState(search);
    expect(errors).toEqual([]);
    expect(readUrlState(search).notes.join(' ')).toMatch(/uploaded data.*not in the link/i);
  });
});
