import { describe, expect, it } from 'vitest';
import { SLIDER_STEPS, stepForValue, valueAtStep } from '../../src/ui/logScale';
import { readUrlState, urlSearchFor } from '../../src/state/url';
import { PRESETS } from '../../src/engine/settings';
import { thinPoints } from '../../src/state/runs';

describe('log sliders', () => {
  const beta = { min: 0, max: 30, scale: 'log' as const, floor: 0.01 };
  const rho = { min: 0.001, max: 0.5, scale: 'log' as const };

  it('puts 0 at the left end when the range starts at 0, then the floor, then decades', () => {
    expect(valueAtStep(beta, 0)).toBe(0);
    expect(valueAtStep(beta, 1)).toBe(0.01);
    expect(valueAtStep(beta, SLIDER_STEPS)).toBe(30);
    expect(stepForValue(beta, 0)).toBe(0);
    expect(stepForValue(beta, 1e-9)).toBe(1);
  });

  it('is logarithmic: equal steps multiply the value by equal factors', () => {
    const a = valueAtStep(rho, 50);
    const b = valueAtStep(rho, 100);
    const c = valueAtStep(rho, 150);
    expect(b / a).toBeCloseTo(c / b, 1);
    expect(valueAtStep(rho, 0)).toBe(0.001);
    expect(valueAtStep(rho, SLIDER_STEPS)).toBe(0.5);
  });

  it('maps a value to the step whose value is nearest', () => {
    for (const value of [0.01, 0.05, 0.1, 0.3]) {
      const step = stepForValue(rho, value);
      expect(Math.abs(Math.log(valueAtStep(rho, step) / value))).toBeLessThan(0.03);
    }
    expect(stepForValue(beta, 3)).toBeGreaterThan(stepForValue(beta, 1));
  });
});

describe('URL state', () => {
  it('round-trips settings and classroom mode', () => {
    const settings = { ...PRESETS.mnist, rho: 0.05, seed: 7 };
    const search = urlSearchFor(settings, true);
    expect(search).toContain('classroom=1');
    const back = readUrlState(search);
    expect(back.settings).toEqual(settings);
    expect(back.classroom).toBe(true);
    expect(back.errors).toEqual([]);
    // A link from before classroom mode had its name opens it too.
    expect(readUrlState('?dataset=natural&present=1').classroom).toBe(true);
  });

  it('reports bad values from a link and keeps the preset', () => {
    const back = readUrlState('?dataset=natural&rho=2');
    expect(back.settings.rho).toBe(PRESETS.natural.rho);
    expect(back.errors.join()).toMatch(/ρ/);
  });
});

describe('thinPoints', () => {
  it('keeps the first and last and at most the limit', () => {
    const points = Array.from({ length: 1001 }, (_, i) => i);
    const kept = thinPoints(points, 100);
    expect(kept.length).toBe(100);
    expect(kept[0]).toBe(0);
    expect(kept[99]).toBe(1000);
    expect(thinPoints([1, 2, 3], 10)).toEqual([1, 2, 3]);
  });
});
