// @vitest-environment happy-dom
/**
 * Runs compared as small multiples: each kept run's filters with its ρ, β, λ and final cost parts;
 * any cost part overlaid; the run the page shows listed once, as the one shown.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { RunsPanel } from '../../src/ui/RunsPanel';
import { weights } from './fake-client';
import * as ui from './ui-store';

vi.mock('../../src/state/store', () => import('./ui-store'));

const state = () => ui.useStore.getState();
const settle = () => act(() => vi.runAllTimersAsync());

beforeEach(() => {
  vi.useFakeTimers();
  ui.freshStore();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Trains a run to its end with these values: one point, then 'done'. */
async function finishedRun(runId: number, beta: number) {
  await act(() => state().train());
  const point = {
    iteration: 400,
    rho: 0.01,
    beta,
    lambda: 1e-4,
    cost: 0.38,
    reconstruction: 0.3,
    decay: 0.073,
    sparsity: beta === 0 ? 0 : 0.0045,
    evaluations: 409,
    elapsedMs: 1000,
    gradientNorm: 0.01,
  };
  ui.fake.setExported(weights(25, 64, 0.01, beta));
  act(() => {
    ui.fake.emit({ type: 'progress', runId, points: [point] });
    ui.fake.emit({ type: 'state', runId, state: 'done' });
  });
  await settle();
}

describe('the runs panel', () => {
  it('shows each run’s filters, values and cost parts; the shown run once, marked', async () => {
    state().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
    await settle();
    await finishedRun(1, 3);
    act(() => state().setLiveSetting('beta', 0));
    await finishedRun(2, 0);
    render(<RunsPanel />);
    const cards = screen.getAllByRole('listitem');
    expect(cards).toHaveLength(2);
    const shown = cards.filter((card) => /shown above/i.test(card.textContent ?? ''));
    expect(shown).toHaveLength(1);
    expect(within(shown[0]).getByText(/Run 2/)).toBeTruthy();
    expect(within(shown[0]).getByRole('checkbox', { name: /Overlay run 2/ })).toHaveProperty(
      'disabled',
      true,
    );
    const first = cards.find((card) => /Run 1/.test(card.textContent ?? ''))!;
    expect(first.textContent).toMatch(/β 3/);
    expect(first.textContent).toMatch(/reconstruction 0\.3\b/);
    expect(first.textContent).toMatch(/decay 0\.073/);
    expect(first.textContent).toMatch(/sparsity 0\.0045/);
    const mosaic = within(first).getByRole('img', { name: 'Final filters of run 1' });
    expect(mosaic).toBeTruthy();
  });

  it('overlays the chosen cost part of the overlaid runs', async () => {
    state().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
    await settle();
    await finishedRun(1, 3);
    render(<RunsPanel />);
    const part = screen.getByRole('combobox', { name: 'Overlaid curve' });
    fireEvent.change(part, { target: { value: 'sparsity' } });
    expect(state().overlayPart).toBe('sparsity');
  });
});
