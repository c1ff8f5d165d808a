import { LIVE_SETTINGS, type LiveSetting } from '../engine/settings';
import { useStore } from '../state/store';
import { formatValue } from './format';
import { NumberField } from './NumberField';
import { SLIDER_STEPS, stepForValue, valueAtStep } from './logScale';

/** One live setting: the table's range, scale and floor place it on the slider. */
function LiveSlider({ setting }: { setting: LiveSetting }) {
  const value = useStore((s) => s.settings[setting.key]);
  const setLiveSetting = useStore((s) => s.setLiveSetting);
  const id = `slider-${setting.key}`;
  const hintId = `hint-${setting.key}`;
  return (
    <div className="slider-row">
      <div className="slider-head">
        <label htmlFor={id}>{setting.label}</label>
        <NumberField
          label={`${setting.label} value`}
          value={value}
          onCommit={(v) => setLiveSetting(setting.key, v)}
        />
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={SLIDER_STEPS}
        step={1}
        value={stepForValue(setting, value)}
        aria-valuetext={formatValue(value)}
        aria-describedby={hintId}
        onChange={(e) => setLiveSetting(setting.key, valueAtStep(setting, Number(e.target.value)))}
      />
      <div className="slider-scale muted small" aria-hidden="true">
        <span>{formatValue(setting.min)}</span>
        <span>{setting.scale} scale</span>
        <span>{formatValue(setting.max)}</span>
      </div>
      <p id={hintId} className="slider-hint muted small">
        {setting.help}
      </p>
    </div>
  );
}

/** The live settings (ρ, β and λ): sliders with typed-in values; they act on a run while it trains. */
export function HyperparameterSliders() {
  return (
    <section className="panel sliders" aria-labelledby="sliders-title">
      <h2 id="sliders-title">
        Hyperparameters <span className="muted small">· live while training</span>
      </h2>
      {LIVE_SETTINGS.map((setting) => (
        <LiveSlider key={setting.key} setting={setting} />
      ))}
    </section>
  );
}
