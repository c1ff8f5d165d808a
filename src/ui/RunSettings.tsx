import {
  CHOICE_LABELS,
  CHOICES,
  RUN_SETTINGS,
  type NumericSetting,
  type Settings,
} from '../engine/settings';
import { useStore } from '../state/store';
import { NumberField } from './NumberField';
import { SelectRow } from './SelectRow';

function NumericRow({ setting }: { setting: NumericSetting }) {
  const value = useStore((s) => s.settings[setting.key]);
  const setRunSetting = useStore((s) => s.setRunSetting);
  return (
    <div className="field-row" title={setting.help}>
      <span className="field-label">{setting.label}</span>
      <NumberField
        label={setting.label}
        value={value}
        onCommit={(v) => setRunSetting(setting.key, v)}
      />
    </div>
  );
}

function ChoiceRow({ choice }: { choice: 'optimizer' | 'backend' }) {
  const value = useStore((s) => s.settings[choice]);
  const setRunSetting = useStore((s) => s.setRunSetting);
  const labels: Record<string, string> = CHOICE_LABELS[choice];
  return (
    <SelectRow
      id={choice}
      label={choice === 'optimizer' ? 'Optimizer' : 'Backend'}
      value={value}
      onChange={(name) => setRunSetting(choice, name as Settings[typeof choice])}
    >
      {CHOICES[choice].map((name) => (
        <option key={name} value={name}>
          {labels[name]}
        </option>
      ))}
    </SelectRow>
  );
}

/** The settings that shape a run (every one the table does not mark live); a change restarts it. */
export function RunSettings() {
  const optimizer = useStore((s) => s.settings.optimizer);
  const patches = useStore((s) => s.data.choice !== 'mnist');
  const shown = (setting: NumericSetting) =>
    setting.appliesTo === undefined || (setting.appliesTo === 'patches' && patches);
  const rows = (settings: readonly NumericSetting[]) =>
    settings.map((setting) => <NumericRow key={setting.key} setting={setting} />);
  return (
    <details className="panel run-settings" open>
      <summary>
        <h2>Run settings</h2> <span className="muted small">· changing one restarts the run</span>
      </summary>
      {rows(RUN_SETTINGS.filter(shown))}
      <ChoiceRow choice="optimizer" />
      {optimizer === 'adam' && rows(RUN_SETTINGS.filter((s) => s.appliesTo === 'adam'))}
      <ChoiceRow choice="backend" />
    </details>
  );
}
