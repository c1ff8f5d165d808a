// @vitest-environment happy-dom
/** Which key does what, and when a key is left to the control that has the focus. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { State } from '../../src/state/store';
import { shortcutFor, trainOrPause } from '../../src/ui/shortcuts';

afterEach(() => {
  document.body.innerHTML = '';
});

/** A key pressed on `target` (the page itself by default). */
function press(key: string, target: Element = document.body, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return shortcutFor(event);
}

function element(html: string): Element {
  document.body.innerHTML = html;
  return document.body.firstElementChild!;
}

describe('keyboard shortcuts', () => {
  it('maps keys to actions, letters in either case', () => {
    expect(press(' ')).toBe('train');
    expect(press('K')).toBe('train');
    expect(press('s')).toBe('step');
    expect(press('r')).toBe('reset');
    expect(press('c')).toBe('classroom');
    expect(press('d')).toBe('theme');
    expect(press('?')).toBe('help');
    expect(press('x')).toBeNull();
  });

  it('leaves keys to text fields, drop-downs, open dialogs and modified presses', () => {
    expect(press('c', element('<input type="text">'))).toBeNull();
    expect(press('c', element('<select><option>a</option></select>'))).toBeNull();
    expect(
      press('c', element('<dialog open><button>Close</button></dialog>').firstElementChild!),
    ).toBeNull();
    expect(press('k', document.body, { ctrlKey: true })).toBeNull();
    // A slider takes arrows, not letters.
    expect(press('c', element('<input type="range">'))).toBe('classroom');
  });

  it('leaves Space to a focused button, which it presses, but not letters', () => {
    const button = element('<button>Step</button>');
    expect(press(' ', button)).toBeNull();
    expect(press('k', button)).toBe('train');
  });

  it('trains, pauses, resumes or continues as the run stands', () => {
    const actions = { train: vi.fn(), pause: vi.fn(), resume: vi.fn(), continue: vi.fn() };
    const at = (status: State['run']['status'], startWeights: unknown = null) =>
      trainOrPause({ ...actions, run: { status }, startWeights } as unknown as State);
    at('idle');
    at('running');
    at('paused');
    at('done');
    at('faulted');
    at('stopped', { origin: 'the last saved weights' });
    expect(actions.train).toHaveBeenCalledTimes(2);
    expect(actions.pause).toHaveBeenCalledTimes(1);
    expect(actions.resume).toHaveBeenCalledTimes(1);
    expect(actions.continue).toHaveBeenCalledTimes(2);
  });
});
