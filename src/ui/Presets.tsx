import { PRESET_LABELS, type PresetName } from '../engine/settings';
import { useStore } from '../state/store';

const PRESET_NAMES = Object.keys(PRESET_LABELS) as PresetName[];

/** The configurations of UFLDL's exercise (the settings table's presets), one click each. */
export function Presets() {
  const applyPreset = useStore((s) => s.applyPreset);
  return (
    <section className="panel presets" aria-labelledby="presets-title">
      <h2 id="presets-title">Presets</h2>
      {PRESET_NAMES.map((name) => (
        <button key={name} type="button" onClick={() => applyPreset(name)}>
          {PRESET_LABELS[name]}
        </button>
      ))}
    </section>
  );
}
