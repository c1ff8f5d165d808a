import { BACKEND_LABEL } from '../engine/backends';
import { CHOICES, numericSetting, type NumericKey, type Settings } from '../engine/settings';
import { useStore } from '../state/store';
import { NumberField } from './NumberField';

const RUN_KEYS: readonly NumericKey[] = [
  'hiddenSize',
  'patchSize',
  'examples',
  'iterations',
  'seed',
];
const ADAM_KEYS: readonly NumericKey[] = ['learningRate', 'batchSize'];

const OPTIMIZER_LABELS: Record<Settings['optimizer'], string> = {
  lbfgs: 'L-BFGS (full batch)',
  adam: 'Adam (minibatches)',
};
const BACKEND_LABELS: Record<Settings['backend'], string> = {
  auto: 'Automatic (the fastest, measured on the data)',
  ...BACKEND_LABEL,
};

function NumericRow({ settingKey }: { settingKey: NumericKey }) {
  const setting = numericSetting(settingKey);
  const value = useStore((s) => s.settings[settingKey]);
  const setRunSetting = useStore((s) => s.setRunSetting);
  return (
    <div className="field-row" title={setting.help}>
      <span className="field-label">{setting.label}</span>
      <NumberField
        label={setting.label}
        value={value}
        onCommit={(v) => setRunSetting(settingKey, v)}
      />
    </div>
  );
}

/** Settings that shape a run; changing one restarts a run that is going. */
export function RunSettings() {
  const optimizer = useStore((s) => s.settings.optimizer);
  const backend = useStore((s) => s.settings.backend);
  const isMnist = useStore((s) => s.data.choice === 'mnist');
  const setRunSetting = useStore((s) => s.setRunSetting);
  const keys = isMnist ? RUN_KEYS.filter((k) => k !== 'patchSize') : RUN_KEYS;
  return (
    <details className="panel run-settings" open>
      <summary>
        <h2>Run settings</h2> <span className="muted small">· changing one restarts the run</span>
      </summary>
      {keys.map((key) => (
        <NumericRow key={key} settingKey={key} />
      ))}
      <div className="field-row">
        <label className="field-label" htmlFor="optimizer">
          Optimizer
        </label>
        <select
          id="optimizer"
          value={optimizer}
          onChange={(e) => setRunSetting('optimizer', e.target.value as Settings['optimizer'])}
        >
          {CHOICES.optimizer.map((name) => (
            <option key={name} value={name}>
              {OPTIMIZER_LABELS[name]}
            </option>
          ))}
        </select>
      </div>
      {optimizer === 'adam' && ADAM_KEYS.map((key) => <NumericRow key={key} settingKey={key} />)}
      <div className="field-row">
        <label className="field-label" htmlFor="backend">
          Backend
        </label>
        <select
          id="backend"
          value={backend}
          onChange={(e) => setRunSetting('backend', e.target.value as Settings['backend'])}
        >
          {CHOICES.backend.map((name) => (
            <option key={name} value={name}>
              {BACKEND_LABELS[name]}
            </option>
          ))}
        </select>
      </div>
    </details>
  );
}
