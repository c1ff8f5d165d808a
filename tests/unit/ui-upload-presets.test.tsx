// @vitest-environment happy-dom
/**
 * Presets and uploaded data: a preset applies its hyperparameters to uploaded data of its shape
 * (and says why when the shape does not fit); uploaded 28×28 digits are offered the MNIST settings.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/engine/settings';
import { DataChoices } from '../../src/ui/DataChoices';
import { summary } from './fake-client';
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

async function uploaded(visibleSize: number, kind: 'images' | 'matrix' | 'patches') {
  state().connect({ settings: PRESETS.natural, classroom: false, errors: [] });
  await settle();
  ui.fake.answerLoads(summary(visibleSize, 10000, kind));
  const file = new File([new Uint8Array(16)], 'train-images-idx3-ubyte');
  await act(() => state().uploadFiles([file]));
  await settle();
  expect(state().data.choice).toBe('files');
}

describe('presets on uploaded data', () => {
  it('“UFLDL MNIST” after an upload of 28×28 digits applies its values to them', async () => {
    await uploaded(784, 'images');
    const loads = ui.fake.of('loadData').length;
    act(() => state().applyPreset('mnist'));
    await settle();
    expect(state().data.choice).toBe('files');
    expect(state().settings).toMatchObject({ rho: 0.1, beta: 3, lambda: 3e-3, hiddenSize: 196 });
    expect(
      ui.fake
        .of('loadData')
        .slice(loads)
        .map((c) => c.source.kind),
    ).not.toContain('builtin');
  });

  it('a preset whose shape does not fit the upload switches to its built-in data and says why', async () => {
    await uploaded(100, 'matrix');
    act(() => state().applyPreset('mnist'));
    await settle();
    expect(state().data.choice).toBe('mnist');
    expect(state().errors.at(-1)?.message).toMatch(/28×28.*100 values/);
  });

  it('offers the MNIST settings for uploaded digits, once, and applies them', async () => {
    await uploaded(784, 'images');
    render(<DataChoices />);
    const offer = screen.getByRole('button', { name: /Use UFLDL’s MNIST settings/ });
    fireEvent.click(offer);
    await settle();
    expect(state().settings).toMatchObject({ rho: 0.1, hiddenSize: 196 });
    expect(state().data.choice).toBe('files');
    expect(screen.queryByRole('button', { name: /Use UFLDL’s MNIST settings/ })).toBeNull();
  });
});
