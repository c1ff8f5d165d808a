import { offersMnistSettings } from '../state/preset-fit';
import { useStore } from '../state/store';
import { formatValue } from './format';
import { SelectRow } from './SelectRow';

/**
 * The choices a loaded (or refused) file leaves to the user: which image array of a MAT-file
 * holding several, and rescaling data the sigmoid output cannot reproduce.
 */
export function DataChoices() {
  const pending = useStore((s) => s.data.pending);
  const summary = useStore((s) => s.data.summary);
  const choice = useStore((s) => s.data.choice);
  const chooseVariable = useStore((s) => s.chooseVariable);
  const rescaleData = useStore((s) => s.rescaleData);
  const applyPreset = useStore((s) => s.applyPreset);
  const settings = useStore((s) => s.settings);
  const shown = choice === 'files' ? summary : null;
  const variables = pending?.candidates ?? shown?.variables;
  const outside = shown?.warnings.find((w) => w.kind === 'outside-unit-range');
  return (
    <>
      {variables && (
        <SelectRow
          id="mat-variable"
          label="Variable"
          value={pending ? '' : (shown?.variable ?? '')}
          onChange={(name) => void chooseVariable(name)}
        >
          {pending && <option value="">Choose an image array…</option>}
          {variables.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </SelectRow>
      )}
      {choice === 'files' && offersMnistSettings(summary, settings) && (
        <p className="small offer" data-testid="mnist-offer">
          These look like 28×28 digits. UFLDL trains digits with 196 hidden units, ρ = 0.1, β = 3
          and λ = 0.003.{' '}
          <button type="button" onClick={() => applyPreset('mnist')}>
            Use UFLDL’s MNIST settings
          </button>
        </p>
      )}
      {outside && (
        <p className="small warning" role="status" data-testid="range-warning">
          Values run from {formatValue(outside.range[0])} to {formatValue(outside.range[1])}: the
          sigmoid output layer only reaches (0, 1), so the autoencoder cannot reproduce this data.{' '}
          <button type="button" onClick={() => void rescaleData()}>
            Rescale to [0.1, 0.9]
          </button>{' '}
          <span className="muted">
            (the original program’s normalisation: minus the mean, clipped to ±3σ)
          </span>
        </p>
      )}
    </>
  );
}
