// @vitest-environment happy-dom
/**
 * The controls that have bitten, rendered with the app's store over a fake client: number fields,
 * run settings, presets, reopen, and "Start from random weights instead".
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { Controls } from '../../src/ui/Controls';
import { FormulaPanel } from '../../src/ui/FormulaPanel';
import { NumberField } from '../../src/ui/NumberField';
import { Presets } from '../../src/ui/Presets';
import { RunSettings } from '../../src/ui/RunSettings';
import { RunsPanel } from '../../src/ui/RunsPanel';
import { weights } from './fake-client';
import * as ui from './ui-store';

vi.mock('../../src/state/store', () => import('./ui-store'));

const state = () => ui.useStore.getState();
const settle = () => act(() => vi.runAllTimersAsync());

async function connected() {
  state().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
  await settle();
}

beforeEach(() => {
  vi.useFakeTimers();
  ui.freshStore();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('NumberField', () => {
  it('commits on Enter and on leaving, not while typing; Escape restores; text is refused', () => {
    const commits: number[] = [];
    render(<NumberField label="Hidden units" value={25} onCommit={(v) => commits.push(v)} />);
    const field = screen.getByLabelText('Hidden units') as HTMLInputElement;
    fireEvent.change(field, { target: { value: '3' } });
    fireEvent.change(field, { target: { value: '36' } });
    expect(commits).toEqual([]);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(commits).toEqual([36]);
    fireEvent.change(field, { target: { value: '49' } });
    fireEvent.blur(field);
    expect(commits).toEqual([36, 49]);
    fireEvent.change(field, { target: { value: '64' } });
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(field.value).toBe('25');
    fireEvent.change(field, { target: { value: 'ten' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(commits).toEqual([36, 49]);
    expect(state().errors.at(-1)?.message).toBe('Hidden units must be a number, got “ten”.');
    expect(field.value).toBe('25');
  });
});

describe('RunSettings', () => {
  it('a changed run setting restarts a run that is going; a value out of range changes nothing', async () => {
    await connected();
    await act(() => state().train());
    render(<RunSettings />);
    const hidden = screen.getByLabelText('Hidden units');
    fireEvent.change(hidden, { target: { value: '36' } });
    fireEvent.keyDown(hidden, { key: 'Enter' });
    await settle();
    expect(state().settings.hiddenSize).toBe(36);
    expect(ui.fake.of('start').map((c) => c.config.hiddenSize)).toEqual([25, 36]);

    fireEvent.change(hidden, { target: { value: '0' } });
    fireEvent.keyDown(hidden, { key: 'Enter' });
    await settle();
    expect(state().settings.hiddenSize).toBe(36);
    expect(state().errors.at(-1)?.message).toMatch(/Hidden units/);
    expect(ui.fake.of('start')).toHaveLength(2);
  });

  it('shows Adam’s settings only for Adam', () => {
    render(<RunSettings />);
    expect(screen.queryByLabelText('Learning rate (Adam)')).toBeNull();
    fireEvent.change(screen.getByLabelText('Optimizer'), { target: { value: 'adam' } });
    expect(state().settings.optimizer).toBe('adam');
    expect(screen.getByLabelText('Learning rate (Adam)')).toBeTruthy();
  });
});

describe('Presets', () => {
  it('MNIST: the preset’s settings and data, the chosen backend kept', async () => {
    await connected();
    act(() => state().setRunSetting('backend', 'tfjs-cpu'));
    render(<Presets />);
    fireEvent.click(screen.getByRole('button', { name: 'UFLDL MNIST' }));
    await settle();
    expect(state().settings).toEqual({ ...PRESETS.mnist, backend: 'tfjs-cpu' });
    expect(state().data.choice).toBe('mnist');
    expect(ui.fake.of('loadData').at(-1)?.source).toEqual({ kind: 'builtin', name: 'mnist' });
  });
});

describe('Reopen and Resume', () => {
  it('the reopened run’s ρ, β, λ reach the worker before it resumes', async () => {
    await connected();
    await act(() => state().train());
    const progress = { cost: 1, reconstruction: 1, decay: 0, sparsity: 1, evaluations: 1 };
    const hyper = { rho: 0.01, beta: 3, lambda: 1e-4 };
    const point = { ...progress, ...hyper, iteration: 1, elapsedMs: 1, gradientNorm: 1 };
    ui.fake.setExported(weights(25, 64, 0.01, 3));
    act(() => {
      ui.fake.emit({ type: 'progress', runId: 1, points: [point] });
      ui.fake.emit({ type: 'state', runId: 1, state: 'done' });
    });
    await settle();
    act(() => state().setLiveSetting('beta', 0));
    await act(() => state().train());
    act(() => {
      ui.fake.emit({ type: 'progress', runId: 2, points: [{ ...point, sparsity: 0 }] });
      ui.fake.emit({ type: 'state', runId: 2, state: 'done' });
    });
    await settle();
    render(
      <>
        <Controls />
        <RunsPanel />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Reopen run 1' }));
    await act(async () => undefined);
    act(() =>
      ui.fake.emit({ type: 'state', runId: 2, state: 'paused', reason: 'weights-imported' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    const resumeAt = ui.fake.calls.findIndex((c) => c.type === 'resume');
    expect(resumeAt).toBeGreaterThan(0);
    const sent = ui.fake.calls.slice(0, resumeAt).filter((c) => c.type === 'setHyperparameters');
    expect(sent.at(-1)).toMatchObject({ runId: 2, beta: 3 });
  });
});

describe('Start from random weights instead', () => {
  it('drops the imported start weights: Train sends none', async () => {
    await connected();
    render(<Controls />);
    await act(() => state().importWeights(weights(), 'w.json'));
    expect(screen.getByText(/Next Train continues from/).textContent).toMatch(/w\.json/);
    fireEvent.click(screen.getByRole('button', { name: 'Start from random weights instead' }));
    expect(screen.queryByText(/Next Train continues from/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    await settle();
    expect(ui.fake.of('start')).toHaveLength(1);
    expect(ui.fake.of('start')[0].config.initialWeights).toBeUndefined();
  });
});

describe('The cost panel', () => {
  it('shows the ρ, β, λ the last iteration used, and a value set since as pending', async () => {
    await connected();
    await act(() => state().train());
    render(<FormulaPanel />);
    const progress = { cost: 1, reconstruction: 1, decay: 0, sparsity: 1, evaluations: 1 };
    const used = { rho: 0.01, beta: 3, lambda: 1e-4 };
    act(() => {
      ui.fake.emit({
        type: 'progress',
        runId: 1,
        points: [{ ...progress, ...used, iteration: 1, elapsedMs: 1, gradientNorm: 1 }],
      });
    });
    act(() => state().setLiveSetting('beta', 0));
    await settle();
    const beta = screen.getByText(/^β = /).closest('li')!;
    expect(beta.textContent).toMatch(/^β = 3 \(set to 0: from the next iteration\)/);
    act(() => {
      ui.fake.emit({
        type: 'progress',
        runId: 1,
        points: [{ ...progress, ...used, beta: 0, iteration: 2, elapsedMs: 2, gradientNorm: 1 }],
      });
    });
    await settle();
    expect(beta.textContent).toMatch(/^β = 0:/);
  });
});
