/**
 * The page's URL holds the dataset, the hyperparameters and the seed (through the settings
 * table's own encoding), plus presenter mode, so a link reproduces an experiment.
 */
import { settingsFromSearch, settingsToSearch, type Settings } from './hyperparameters';

export interface UrlState {
  settings: Settings;
  presenter: boolean;
  errors: string[];
}

const PRESENT_PARAM = 'present';

/** Settings and presenter mode from a location's search string ("?dataset=mnist&rho=0.05"). */
export function readUrlState(search: string): UrlState {
  const { settings, errors } = settingsFromSearch(search);
  const present = new URLSearchParams(search).get(PRESENT_PARAM);
  return { settings, presenter: present === '1' || present === 'true', errors };
}

/** The search string ("?…") for these settings and presenter mode. */
export function urlSearchFor(settings: Settings, presenter: boolean): string {
  const params = new URLSearchParams(settingsToSearch(settings));
  if (presenter) params.set(PRESENT_PARAM, '1');
  return `?${params.toString()}`;
}

/** Replaces the current history entry's URL when it differs (no new history entries). */
export function writeUrlState(settings: Settings, presenter: boolean): void {
  const search = urlSearchFor(settings, presenter);
  if (window.location.search === search) return;
  const url = `${window.location.pathname}${search}${window.location.hash}`;
  window.history.replaceState(window.history.state, '', url);
}
