/**
 * The page's URL holds the dataset, the hyperparameters and the random seed (through the settings
 * table's own encoding), plus classroom mode, so a link reproduces an experiment.
 */
import {
  CHOICES,
  NUMERIC_SETTINGS,
  PRESETS,
  currentChoiceName,
  validateChoice,
  validateNumeric,
  type ChoiceKey,
  type PresetName,
  type Settings,
} from '../engine/settings';

/**
 * Reads settings from URL search parameters over a base (by default the preset of the URL's
 * dataset). Unknown or invalid values are reported and left at the base's value.
 */
export function settingsFromSearch(search: string): { settings: Settings; errors: string[] } {
  const params = new URLSearchParams(search);
  const errors: string[] = [];
  const datasetParam = params.get('dataset');
  const preset: PresetName = datasetParam === 'mnist' ? 'mnist' : 'natural';
  const settings: Settings = { ...PRESETS[preset] };
  for (const key of Object.keys(CHOICES) as ChoiceKey[]) {
    const given = params.get(key);
    if (given === null) continue;
    const raw = currentChoiceName(key, given);
    const error = validateChoice(key, raw);
    if (error) errors.push(error);
    else (settings as unknown as Record<string, string>)[key] = raw;
  }
  for (const s of NUMERIC_SETTINGS) {
    const raw = params.get(s.flag);
    if (raw === null) continue;
    const value = Number(raw);
    const error = raw.trim() === '' ? `${s.label} is empty` : validateNumeric(s.key, value);
    if (error) errors.push(error);
    else settings[s.key] = value;
  }
  return { settings, errors };
}

/** URL search parameters that reproduce these settings (only what differs from the preset). */
export function settingsToSearch(settings: Settings): string {
  const params = new URLSearchParams();
  const preset = PRESETS[settings.dataset];
  params.set('dataset', settings.dataset);
  for (const key of ['optimizer', 'backend'] as const) {
    if (settings[key] !== preset[key]) params.set(key, settings[key]);
  }
  for (const s of NUMERIC_SETTINGS) {
    if (settings[s.key] !== preset[s.key]) params.set(s.flag, String(settings[s.key]));
  }
  return params.toString();
}

export interface UrlState {
  settings: Settings;
  classroom: boolean;
  errors: string[];
}

const CLASSROOM_PARAM = 'classroom';
/** Links made before classroom mode had its name ("?present=1") open it too. */
const OLD_CLASSROOM_PARAM = 'present';

/** Settings and classroom mode from a location's search string ("?dataset=mnist&rho=0.05"). */
export function readUrlState(search: string): UrlState {
  const { settings, errors } = settingsFromSearch(search);
  const params = new URLSearchParams(search);
  const given = params.get(CLASSROOM_PARAM) ?? params.get(OLD_CLASSROOM_PARAM);
  return { settings, classroom: given === '1' || given === 'true', errors };
}

/** The search string ("?…") for these settings and classroom mode. */
export function urlSearchFor(settings: Settings, classroom: boolean): string {
  const params = new URLSearchParams(settingsToSearch(settings));
  if (classroom) params.set(CLASSROOM_PARAM, '1');
  return `?${params.toString()}`;
}

/** Replaces the current history entry's URL when it differs (no new history entries). */
export function writeUrlState(settings: Settings, classroom: boolean): void {
  const search = urlSearchFor(settings, classroom);
  if (window.location.search === search) return;
  const url = `${window.location.pathname}${search}${window.location.hash}`;
  window.history.replaceState(window.history.state, '', url);
}
