/**
 * The page's colour theme: light or dark. It follows the system's preference
 * (`prefers-color-scheme`) until the user picks one with the toggle; that choice is remembered
 * in localStorage. The theme is the `data-theme` attribute of <html>, which the styles read.
 */
import { useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'sparse-autoencoder-lab.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';
const listeners = new Set<() => void>();

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage blocked: follow the system
  }
}

function system(): Theme {
  return window.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light';
}

let current: Theme = 'light';

function apply(theme: Theme) {
  current = theme;
  document.documentElement.dataset.theme = theme;
  for (const listener of listeners) listener();
}

/** Sets the theme before the first render (no flash of the other one), and follows the system. */
export function startTheme(): void {
  apply(stored() ?? system());
  window.matchMedia?.(DARK_QUERY).addEventListener('change', () => {
    if (!stored()) apply(system());
  });
}

/** Picks a theme and remembers it. */
export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // storage blocked: the choice lasts until the page is closed
  }
  apply(theme);
}

export function toggleTheme(): void {
  setTheme(current === 'dark' ? 'light' : 'dark');
}

/** The current theme, re-rendering when it changes. */
export function useTheme(): Theme {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
