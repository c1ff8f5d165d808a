import { useStore } from '../state/store';

/** The two configurations of UFLDL's exercise, one click each. */
export function Presets() {
  const applyPreset = useStore((s) => s.applyPreset);
  return (
    <section className="panel presets" aria-labelledby="presets-title">
      <h2 id="presets-title">Presets</h2>
      <button type="button" onClick={() => applyPreset('natural')}>
        UFLDL natural images
      </button>
      <button type="button" onClick={() => applyPreset('mnist')}>
        UFLDL MNIST
      </button>
    </section>
  );
}
