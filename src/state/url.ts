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
import { LESSON_STEPS, lessonStep, stepSettings, type LessonStep } from './lesson-steps';

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
    if (error) errors.push(`${key}=${given}: ${error}`);
    else (settings as unknown as Record<string, string>)[key] = raw;
  }
  for (const s of NUMERIC_SETTINGS) {
    const raw = params.get(s.flag);
    if (raw === null) continue;
    const value = Number(raw);
    const error =
      raw.trim() === ''
        ? `${s.label} is empty`
        : Number.isNaN(value)
          ? `${s.label} must be a number`
          : validateNumeric(s.key, value);
    if (error) errors.push(`${s.flag}=${raw}: ${error}`);
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
  /** Each bad value: "beta=abc: β (sparsity weight) must be a number". */
  errors: string[];
  /** What the link could not carry (uploaded data), for the page to say. */
  notes: string[];
  /** The lesson step the link opens, if any. */
  lesson: string | null;
}

/** What else the page's link says besides the settings. */
export interface UrlExtras {
  /** The page trains on uploaded files, which a link cannot carry. */
  uploaded?: boolean;
  /** The lesson step shown. */
  lesson?: string | null;
}

const CLASSROOM_PARAM = 'classroom';
/** Links made before classroom mode had its name ("?present=1") open it too. */
const OLD_CLASSROOM_PARAM = 'present';
const DATA_PARAM = 'data';
const LESSON_PARAM = 'lesson';

/** Settings and classroom mode from a location's search string ("?dataset=mnist&rho=0.05"). */
export function readUrlState(search: string): UrlState {
  const { settings, errors } = settingsFromSearch(search);
  const params = new URLSearchParams(search);
  const given = params.get(CLASSROOM_PARAM) ?? params.get(OLD_CLASSROOM_PARAM);
  const notes =
    params.get(DATA_PARAM) === 'uploaded'
      ? [
          'This link was made on uploaded data, which is not in the link: the page shows the ' +
            'built-in data with the link’s settings. Upload the same files to train on them.',
        ]
      : [];
  const lessonParam = params.get(LESSON_PARAM);
  const lesson = lessonStep(lessonParam) ? lessonParam : null;
  if (lessonParam !== null && !lesson) {
    const names = LESSON_STEPS.map((step) => step.id).join(', ');
    errors.push(
      `${LESSON_PARAM}=${lessonParam}: there is no such lesson step (the steps: ${names})`,
    );
  }
  return { settings, classroom: given === '1' || given === 'true', errors, notes, lesson };
}

/** The search string ("?…") for these settings, classroom mode and what else the page shows. */
export function urlSearchFor(
  settings: Settings,
  classroom: boolean,
  extras: UrlExtras = {},
): string {
  const params = new URLSearchParams(settingsToSearch(settings));
  if (extras.uploaded) params.set(DATA_PARAM, 'uploaded');
  if (extras.lesson) params.set(LESSON_PARAM, extras.lesson);
  if (classroom) params.set(CLASSROOM_PARAM, '1');
  return `?${params.toString()}`;
}

/** Replaces the current history entry's URL when it differs (no new history entries). */
export function writeUrlState(
  settings: Settings,
  classroom: boolean,
  extras: UrlExtras = {},
): void {
  const search = urlSearchFor(settings, classroom, extras);
  if (window.location.search === search) return;
  const url = `${window.location.pathname}${search}${window.location.hash}`;
  window.history.replaceState(window.history.state, '', url);
}

/** A lesson step's link: its settings, the step, and classroom mode. */
export function lessonSearch(step: LessonStep, classroom: boolean): string {
  return urlSearchFor(stepSettings(step, 'auto'), classroom, { lesson: step.id });
}

/** Every bad value of a link in one message (so that none is pushed out by the others), or null. */
export function linkErrorsMessage(errors: readonly string[]): string | null {
  if (errors.length === 0) return null;
  const count = errors.length === 1 ? 'a value' : `${errors.length} values`;
  return `The link has ${count} this page cannot use (left at the preset’s): ${errors.join('; ')}.`;
}
