// @vitest-environment happy-dom
/**
 * Views that explain themselves: the status line in plain words (details behind a disclosure),
 * captions and info buttons on the panels, hints on the sliders.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { HyperparameterSliders } from '../../src/ui/HyperparameterSliders';
import { StatusLine } from '../../src/ui/StatusLine';
import * as ui from './ui-store';

vi.mock('../../src/state/store', () => import('./ui-store'));

const state = () => ui.useStore.getState();

beforeEach(() => {
  vi.useFakeTimers();
  ui.freshStore();
  state().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the status line', () => {
  it('says where training runs and how fast in plain words, the measurement behind a disclosure', async () => {
    await act(() => vi.runAllTimersAsync());
    act(() =>
      ui.useStore.setState((s) => ({
        run: {
          ...s.run,
          status: 'running',
          backend: 'kernel',
          threads: 2,
          backendNote:
            'WASM SIMD kernel (simd+fma) — measured 2.7 ms vs WebGL 2 (SwiftShader) > 68 ms',
          evaluationsPerSecond: 1000 / 2.7,
        },
      })),
    );
    render(<StatusLine />);
    const status = screen.getByRole('status');
    expect(status.textContent).toContain(
      'Training on this computer’s processor, 2 threads · 2.7 ms per pass',
    );
    expect(status.textContent).not.toMatch(/evals\/s|WASM|SIMD/);
    const details = screen.getByText('How this is measured').closest('details')!;
    expect(details.open).toBe(false);
    expect(within(details).getByText(/SwiftShader/)).toBeTruthy();
    expect(details.textContent).toMatch(/370 evaluations of J and its gradient per second/);
  });

  it('says a run has ended at once, while iterations follow a few times a second', async () => {
    await act(() => vi.runAllTimersAsync());
    const point = (iteration: number) => ({
      iteration,
      rho: 0.01,
      beta: 3,
      lambda: 1e-4,
      cost: 1 / iteration,
      reconstruction: 1 / iteration,
      decay: 0,
      sparsity: 0,
      evaluations: iteration,
      elapsedMs: 10 * iteration,
      gradientNorm: 1,
    });
    const set = (patch: Partial<ReturnType<typeof state>['run']>) =>
      act(() => ui.useStore.setState((s) => ({ run: { ...s.run, ...patch } })));
    set({ status: 'running', backend: 'kernel', threads: 2, latest: point(1) });
    render(<StatusLine />);
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Iteration 1 ·');
    set({ latest: point(2) });
    set({ latest: point(3) });
    // Within the status line's 200 ms: the new iterations wait.
    expect(status.textContent).toContain('Iteration 1 ·');
    set({ status: 'done', latest: point(400) });
    expect(status.textContent).toContain('Iteration 400 · Cost 0.0025 · Trained on');
    expect(screen.getByText('Done')).toBeTruthy();
  });

  it('names the graphics card when WebGL computes', async () => {
    await act(() => vi.runAllTimersAsync());
    act(() =>
      ui.useStore.setState((s) => ({
        run: { ...s.run, backend: 'tfjs-webgl', threads: null, evaluationsPerSecond: 50 },
      })),
    );
    render(<StatusLine />);
    expect(screen.getByRole('status').textContent).toContain(
      'on this computer’s graphics card · 20 ms per pass',
    );
  });
});

describe('the sliders', () => {
  it('each carries its hint from the settings table, tied to the slider', () => {
    render(<HyperparameterSliders />);
    for (const label of ['ρ (sparsity target)', 'β (sparsity weight)', 'λ (weight decay)']) {
      const slider = screen.getByRole('slider', { name: label });
      const hint = document.getElementById(slider.getAttribute('aria-describedby') ?? '');
      expect(hint?.textContent, label).toMatch(/\w{4,}/);
    }
    expect(screen.getByText(/Small ρ means each unit fires for few inputs/)).toBeTruthy();
  });
});

describe('info buttons', () => {
  it('open and close a short explanation, with aria-expanded', async () => {
    const { Explain } = await import('../../src/ui/Explain');
    render(<Explain topic="mosaic" />);
    const button = screen.getByRole('button', { name: 'About the filters' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const panel = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(panel.textContent).toMatch(/λ/);
    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });
});
