/**
 * The page's keyboard shortcuts: one table, read by the key handler and by the help dialog.
 * A shortcut acts unless the key goes to a text field, a drop-down or a dialog; Space is left to
 * a focused button, link, check box or disclosure (it presses them).
 */
import { useEffect } from 'react';
import type { State } from '../state/store';
import { toggleTheme } from './theme';

export interface Shortcut {
  /** `KeyboardEvent.key` values, lower case for letters. */
  keys: readonly string[];
  /** The keys as the help dialog shows them. */
  label: string;
  what: string;
}

export type ShortcutAction = 'train' | 'step' | 'reset' | 'classroom' | 'theme' | 'help';

export const SHORTCUTS: Readonly<Record<ShortcutAction, Shortcut>> = {
  train: { keys: [' ', 'k'], label: 'Space or K', what: 'Train, pause, resume or continue' },
  step: { keys: ['s', '.'], label: 'S or .', what: 'One iteration (while paused)' },
  reset: { keys: ['r'], label: 'R', what: 'Back to the initial weights' },
  classroom: { keys: ['c'], label: 'C', what: 'Classroom mode on or off' },
  theme: { keys: ['d'], label: 'D', what: 'Dark theme on or off' },
  help: { keys: ['?', 'h'], label: '? or H', what: 'This list of shortcuts' },
};

/** Train when nothing ran yet; otherwise pause a running run and go on with any other. */
export function trainOrPause(state: State): void {
  const { status } = state.run;
  if (status === 'running') state.pause();
  else if (status === 'paused') state.resume();
  else if (status === 'idle' || state.startWeights) void state.train();
  else state.continue();
}

const TYPING = 'input:not([type=range]):not([type=checkbox]):not([type=radio]), textarea, select';
const PRESSABLE = 'button, a[href], summary, input, [role=button]';

/** The action a key press asks for, or null (a key for the focused control, a modifier held). */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return null;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest(`${TYPING}, [contenteditable=true], dialog`)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === ' ' && target?.closest(PRESSABLE)) return null;
  for (const [action, shortcut] of Object.entries(SHORTCUTS)) {
    if (shortcut.keys.includes(key)) return action as ShortcutAction;
  }
  return null;
}

/** Listens for the shortcuts on the window while mounted. */
export function useShortcuts(getState: () => State, openHelp: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      const state = getState();
      if (action === 'train') trainOrPause(state);
      else if (action === 'step') state.step();
      else if (action === 'reset') void state.reset();
      else if (action === 'classroom') state.setClassroom(!state.classroom);
      else if (action === 'theme') toggleTheme();
      else openHelp();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [getState, openHelp]);
}
