import { LIVE_SETTINGS, type LiveSetting } from '../engine/settings';
import type { IterationPoint } from '../engine/types';
import { useStore, type State } from '../state/store';
import { formatValue } from './format';
import { useThrottled } from './useThrottled';
import { Explain } from './Explain';

const selectLatest = (s: State) => s.run.latest;

/** J's three terms as the course writes them; each row's class colours it as its curve. */
const TERMS: readonly {
  key: keyof Pick<IterationPoint, 'reconstruction' | 'decay' | 'sparsity'>;
  name: string;
  formula: string;
}[] = [
  { key: 'reconstruction', name: 'reconstruction', formula: '(1/m) Σ ½‖a₃ − x‖²' },
  { key: 'decay', name: 'weight decay', formula: '(λ/2)(‖W₁‖² + ‖W₂‖²)' },
  { key: 'sparsity', name: 'sparsity', formula: 'β Σⱼ KL(ρ ‖ ρ̂ⱼ)' },
];

function Term({ value }: { value: number | undefined }) {
  return <span className="term-value">{value === undefined ? '—' : formatValue(value, 4)}</span>;
}

/**
 * A live setting's value and what it does (the settings table's help). The value shown is the one
 * the run's last iteration used, as the worker reported it; a value set since then is named beside
 * it until an iteration has used it, so the page never shows other values than the run trains with.
 */
function Note({ setting, used }: { setting: LiveSetting; used: number | undefined }) {
  const value = useStore((s) => s.settings[setting.key]);
  const pending = used !== undefined && used !== value;
  return (
    <li>
      <strong>
        {setting.symbol} = {formatValue(used ?? value)}
      </strong>
      {pending && (
        <span className="muted"> (set to {formatValue(value)}: from the next iteration)</span>
      )}
      : {setting.help}
    </li>
  );
}

/** The cost being minimised, each term with its live value, and what ρ, β and λ do. */
export function FormulaPanel() {
  const latest = useThrottled(selectLatest, 200);
  return (
    <section className="panel formula" aria-labelledby="formula-title">
      <h2 id="formula-title">The cost J</h2>
      <Explain topic="formula" />
      <dl className="terms">
        <div>
          <dt>
            J <span className="muted">=</span>
          </dt>
          <dd>
            <Term value={latest?.cost} />
          </dd>
        </div>
        {TERMS.map((term, i) => (
          <div key={term.key} className={`term-${term.key}`}>
            <dt>
              {i > 0 && '+ '}
              <span className="muted">{term.name}</span> {term.formula}
            </dt>
            <dd>
              <Term value={latest?.[term.key]} />
            </dd>
          </div>
        ))}
      </dl>
      <ul className="notes">
        {LIVE_SETTINGS.map((setting) => (
          <Note key={setting.key} setting={setting} used={latest?.[setting.key]} />
        ))}
      </ul>
    </section>
  );
}
