import { describe, expect, it } from 'vitest';
import {
  NUMERIC_SETTINGS,
  PRESETS,
  type NumericSetting,
  validateChoice,
  validateNumeric,
} from '../../src/engine/settings';
import { settingsFromSearch, settingsToSearch } from '../../src/state/url';

describe('the settings table', () => {
  it('holds the original program’s two configurations as presets', () => {
    expect(PRESETS.natural).toMatchObject({ rho: 0.01, beta: 3, lambda: 1e-4, hiddenSize: 25 });
    expect(PRESETS.natural).toMatchObject({ patchSize: 8, examples: 10000, iterations: 400 });
    expect(PRESETS.mnist).toMatchObject({ rho: 0.1, beta: 3, lambda: 3e-3, hiddenSize: 196 });
    expect(PRESETS.mnist).toMatchObject({ patchSize: 28, examples: 10000, iterations: 400 });
  });

  it('marks live only ρ, β and λ (a change to any other restarts the run), and floors log ranges from 0', () => {
    expect(NUMERIC_SETTINGS.filter((s) => s.live).map((s) => s.key)).toEqual([
      'rho',
      'beta',
      'lambda',
    ]);
    for (const s of NUMERIC_SETTINGS.filter((s) => s.scale === 'log' && s.min <= 0)) {
      const floor = (s as NumericSetting).floor;
      expect(floor, s.key).toBeGreaterThan(0);
      expect(floor, s.key).toBeLessThan(s.max);
    }
  });

  it('accepts every preset value', () => {
    for (const preset of Object.values(PRESETS)) {
      for (const s of NUMERIC_SETTINGS) expect(validateNumeric(s.key, preset[s.key])).toBeNull();
    }
  });

  it('refuses out-of-range values with the reason', () => {
    expect(validateNumeric('rho', 0)).toMatch(/strictly between 0 and 1/);
    expect(validateNumeric('rho', 1)).toMatch(/strictly between 0 and 1/);
    expect(validateNumeric('rho', 0.7)).toBeNull();
    expect(validateNumeric('beta', -1)).toMatch(/at least 0/);
    expect(validateNumeric('lambda', -1e-9)).toMatch(/at least 0/);
    expect(validateNumeric('hiddenSize', 0)).toMatch(/Hidden units must be at least 1/);
    expect(validateNumeric('hiddenSize', 2.5)).toMatch(/whole number/);
    expect(validateNumeric('beta', Number.NaN)).toMatch(/must be a number/);
    expect(validateChoice('optimizer', 'sgd')).toMatch(/one of lbfgs, adam/);
  });

  it('round-trips through the URL, keeping only what differs from the preset', () => {
    const settings = { ...PRESETS.mnist, rho: 0.05, seed: 7, backend: 'kernel' as const };
    const search = settingsToSearch(settings);
    expect(search).toBe('dataset=mnist&backend=kernel&rho=0.05&seed=7');
    expect(settingsFromSearch(search)).toEqual({ settings, errors: [] });
  });

  it('reads the backend names of earlier links as today’s', () => {
    for (const [former, current] of [
      ['wasm', 'kernel'],
      ['webgl', 'tfjs-webgl'],
      ['cpu', 'tfjs-cpu'],
    ])
      expect(settingsFromSearch(`?backend=${former}`)).toMatchObject({
        settings: { backend: current },
        errors: [],
      });
  });

  it('reports bad URL values and keeps the preset’s value for them', () => {
    const { settings, errors } = settingsFromSearch('?rho=2&hidden=&optimizer=sgd&beta=5');
    expect(settings.rho).toBe(PRESETS.natural.rho);
    expect(settings.hiddenSize).toBe(PRESETS.natural.hiddenSize);
    expect(settings.optimizer).toBe('lbfgs');
    expect(settings.beta).toBe(5);
    expect(errors).toHaveLength(3);
  });
});
