import { numericSetting } from '../engine/settings';
import { useStore } from '../state/store';
import { formatValue } from './format';
import { NumberField } from './NumberField';
import { SLIDER_STEPS, stepForValue, valueAtStep, type SliderScale } from './logScale';

type LiveKey = 'rho' | 'beta' | 'lambda';
const LIVE_KEYS: readonly LiveKey[] = ['rho', 'beta', 'lambda'];

/** Smallest non-zero value on the log sliders whose range starts at 0 (their left end is 0). */
const LOG_FLOORS: Partial<Record<LiveKey, number>> = { beta: 0.01, lambda: 1e-6 };

function scaleOf(key: LiveKey): SliderScale {
  const setting = numericSetting(key);
  return { min: setting.min, max: setting.max, scale: setting.scale, floor: LOG_FLOORS[key] };
}

function LiveSlider({ settingKey }: { settingKey: LiveKey }) {
  const setting = numericSetting(settingKey);
  const value = useStore((s) => s.settings[settingKey]);
  const setLiveSetting = useStore((s) => s.setLiveSetting);
  const scale = scaleOf(settingKey);
  const id = `slider-${settingKey}`;
  return (
    <div className="slider-row">
      <div className="slider-head">
        <label htmlFor={id}>{setting.label}</label>
        <NumberField
          label={`${setting.label} value`}
          value={value}
          onCommit={(v) => setLiveSetting(settingKey, v)}
        />
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={SLIDER_STEPS}
        step={1}
        value={stepForValue(scale, value)}
        aria-valuetext={formatValue(value)}
        onChange={(e) => setLiveSetting(settingKey, valueAtStep(scale, Number(e.target.value)))}
      />
      <div className="slider-scale muted small" aria-hidden="true">
        <span>{formatValue(scale.min)}</span>
        <span>log scale</span>
        <span>{formatValue(scale.max)}</span>
      </div>
    </div>
  );
}

/** ρ, β and λ: sliders (log scale) with typed-in values; they act on a run while it trains. */
export function HyperparameterSliders() {
  return (
    <section className="panel sliders" aria-labelledby="sliders-title">
      <h2 id="sliders-title">
        Hyperparameters <span className="muted small">· live while training</span>
      </h2>
      {LIVE_KEYS.map((key) => (
        <LiveSlider key={key} settingKey={key} />
      ))}
    </section>
  );
}
