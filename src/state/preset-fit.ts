/**
 * Whether a preset's values apply to the uploaded data as it is: data cut into patches takes any
 * preset (the patches are cut again at its patch size); whole images or a matrix take the preset
 * whose examples have their size (28×28 digits take "UFLDL MNIST").
 */
import {
  CHOICE_LABELS,
  PRESET_LABELS,
  PRESETS,
  type PresetName,
  type Settings,
} from '../engine/settings';
import type { DataState } from './types';
import type { DatasetSummary } from '../worker/protocol';

/** Why the preset does not fit the data ("“UFLDL MNIST” is for 28×28 examples; …"), or null. */
export function presetMisfit(name: PresetName, summary: DatasetSummary): string | null {
  if (summary.kind === 'patches') return null;
  const side = PRESETS[name].patchSize;
  if (summary.visibleSize === side * side) return null;
  const shape =
    summary.exampleSide > 0 && summary.exampleSide ** 2 === summary.visibleSize
      ? ` (${summary.exampleSide}×${summary.exampleSide})`
      : '';
  return `“${PRESET_LABELS[name]}” is for ${side}×${side} examples; the uploaded data has ${summary.visibleSize} values per example${shape}`;
}

/** Whether uploaded data looks like MNIST digits (28×28 whole images) and is not trained with the MNIST values. */
export function offersMnistSettings(
  summary: DatasetSummary | null,
  settings: Pick<typeof PRESETS.mnist, 'rho' | 'beta' | 'lambda' | 'hiddenSize'>,
): boolean {
  if (!summary || summary.kind === 'patches' || presetMisfit('mnist', summary)) return false;
  const mnist = PRESETS.mnist;
  return (['rho', 'beta', 'lambda', 'hiddenSize'] as const).some((k) => settings[k] !== mnist[k]);
}

/**
 * A preset chosen while uploaded data is shown: the settings that train the upload with the
 * preset's values (the upload's example count kept), or why the preset does not fit it (then the
 * page switches to the preset's built-in data). Null misfit: no upload shown, nothing to say.
 */
export function presetOnUpload(
  name: PresetName,
  data: Pick<DataState, 'choice' | 'summary'>,
  current: Settings,
): { settings: Settings } | { misfit: string | null } {
  if (data.choice !== 'files' || !data.summary) return { misfit: null };
  const misfit = presetMisfit(name, data.summary);
  const preset = PRESETS[name];
  if (!misfit)
    return { settings: { ...preset, backend: current.backend, examples: current.examples } };
  return {
    misfit: `${misfit}: switched to the built-in ${CHOICE_LABELS.dataset[preset.dataset]}.`,
  };
}
